"""The community survey: who responded, activity levels, what people do
and would like to do, barriers, and health conditions."""

from __future__ import annotations

from pipeline import markdown
from pipeline.contract import AGE_BANDS, GENDERS, HEALTH, LANGUAGES
from pipeline.processed import Processed
from pipeline.report import analysis, blocks, charts, disclosure, words
from pipeline.report.blocks import Figure, Table, Text
from pipeline.report.disclosure import show_percent
from pipeline.report.sections.base import Section, needs


def levels(data: Processed, threshold: int):
    """Respondents by Active Lives band, and how many answered."""
    return analysis.activity_levels(data.frame("activity_levels"), threshold)


def barrier_shares(data: Processed, threshold: int):
    return analysis.barriers(data.frame("survey_answers"), threshold)[0]


def barriers_finding(data: Processed, threshold: int) -> str:
    published = [s for s in barrier_shares(data, threshold) if s.count]
    if not published:
        return "Too few answered to rank the barriers."
    text = (
        f"{published[0].category} was the most common barrier "
        f"({show_percent(published[0].percent)} of those who answered)"
    )
    if len(published) > 1:
        text += f", then {published[1].category} ({show_percent(published[1].percent)})"
    return text + "."


class Survey(Section):
    @needs("survey", absent_sentence=True)
    def text(self) -> Text | None:
        n = disclosure.show_count(len(self.data.frame("survey")), self.threshold)
        return Text(
            f"{n} residents answered the community survey. Percentages are of those who "
            "answered each question.\n\n### Who responded"
        )

    def _profile(self):
        survey = self.data.frame("survey")
        age, _ = analysis.single_choice(survey["age_band"], AGE_BANDS, self.threshold)
        gender, _ = analysis.single_choice(survey["gender"], GENDERS, self.threshold)
        language, _ = analysis.single_choice(survey["language"], LANGUAGES, self.threshold)
        return age, gender, language

    @needs("survey")
    def respondents_figure(self) -> Figure | None:
        age, _, language = self._profile()
        best = analysis.top(age)
        alt = (
            f"The largest age group among respondents was {best.category} "
            f"({show_percent(best.percent)})."
            if best
            else "No single age group led."
        )
        other = [s for s in language if s.category != "en" and s.count]
        if other:
            share = disclosure.percent(
                sum(s.count for s in other), sum(s.count or 0 for s in language), self.threshold
            )
            if share is not None:
                alt += f" {share}% answered in a language other than English."
        svg = charts.bars(
            [s.category for s in age], blocks.values(age), blocks.labels(age), "Respondents (%)"
        )
        return Figure(svg, alt)

    @needs("survey")
    def respondents_table(self) -> Table | None:
        age, gender, language = self._profile()
        rows = []
        for heading, shares, names in (
            ("Age", age, {}),
            ("Gender", gender, {}),
            ("Survey language", language, words.LANGUAGE_NAMES),
        ):
            rows += [
                (heading, names.get(s.category, s.category), s.shown, show_percent(s.percent))
                for s in shares
            ]
        return Table(
            ("Question", "Answer", "Respondents", "%"), tuple(rows), (False, False, True, True)
        )

    def _levels(self):
        return levels(self.data, self.threshold)

    @needs("survey")
    def levels_text(self) -> Text | None:
        inactive = analysis.inactive_percent(self.data.frame("activity_levels"), self.threshold)
        _, base = self._levels()
        shown = disclosure.show_count(base, self.threshold)
        return Text(
            "### Activity levels\n\nMinutes of activity in a usual week, in Sport England's "
            f"Active Lives bands. Of the {shown} who answered, "
            f"**{show_percent(inactive)}** were inactive (under 30 minutes a week)."
        )

    @needs("survey")
    def levels_figure(self) -> Figure | None:
        shares, _ = self._levels()
        inactive = analysis.inactive_percent(self.data.frame("activity_levels"), self.threshold)
        best = analysis.top(shares)
        alt = f"{show_percent(inactive)} of respondents who answered were inactive."
        if best:
            alt += f" The largest band was {best.category} minutes ({show_percent(best.percent)})."
        svg = charts.bars(
            [f"{s.category} min" for s in shares],
            blocks.values(shares),
            blocks.labels(shares),
            "Respondents who answered (%)",
        )
        return Figure(svg, alt)

    @needs("survey")
    def levels_table(self) -> Table | None:
        shares, _ = self._levels()
        return blocks.shares_table("Minutes a week", shares)

    @needs("survey")
    def activities_text(self) -> Text | None:
        return Text(
            "### What people do, and what they would like to do\n\n"
            + markdown.escape(self._activities_finding())
        )

    def _activities_finding(self) -> str:
        both = analysis.activities_and_interests(self.data.frame("survey_answers"), self.threshold)
        now, wanted = analysis.top(both["now"]), analysis.top(both["wanted"])
        parts = []
        if now:
            parts.append(
                f"{now.category} is the most common activity now "
                f"({show_percent(now.percent)} of those who answered)"
            )
        if wanted:
            parts.append(
                f"{wanted.category} is what most would like to do ({show_percent(wanted.percent)})"
            )
        return ("; ".join(parts) + ".") if parts else "No single activity leads."

    @needs("survey")
    def activities_figure(self) -> Figure | None:
        both = analysis.activities_and_interests(self.data.frame("survey_answers"), self.threshold)
        labels = [s.category for s in both["now"]]
        svg = charts.paired_bars(
            labels,
            {
                "Do now": (blocks.values(both["now"]), blocks.labels(both["now"])),
                "Would like to do": (blocks.values(both["wanted"]), blocks.labels(both["wanted"])),
            },
            "Respondents who answered (%)",
        )
        return Figure(svg, self._activities_finding())

    @needs("survey")
    def activities_table(self) -> Table | None:
        both = analysis.activities_and_interests(self.data.frame("survey_answers"), self.threshold)
        rows = tuple(
            (a.category, a.shown, show_percent(a.percent), b.shown, show_percent(b.percent))
            for a, b in zip(both["now"], both["wanted"], strict=True)
        )
        columns = ("Activity", "Do now", "Do now %", "Would like to", "Would like to %")
        return Table(columns, rows, (False, True, True, True, True))

    @needs("survey")
    def barriers_text(self) -> Text | None:
        return Text(
            "### Barriers\n\nWhat stops people being more active, most common first. "
            + markdown.escape(self._barriers_finding())
        )

    def _barriers_finding(self) -> str:
        return barriers_finding(self.data, self.threshold)

    @needs("survey")
    def barriers_figure(self) -> Figure | None:
        shares, _ = analysis.barriers(self.data.frame("survey_answers"), self.threshold)
        svg = charts.bars(
            [s.category for s in shares],
            blocks.values(shares),
            blocks.labels(shares),
            "Respondents who answered (%)",
        )
        return Figure(svg, self._barriers_finding())

    @needs("survey")
    def barriers_table(self) -> Table | None:
        shares, _ = analysis.barriers(self.data.frame("survey_answers"), self.threshold)
        return blocks.shares_table("Barrier", shares)

    def _health(self):
        return analysis.single_choice(
            self.data.frame("survey")["health_condition"], HEALTH, self.threshold
        )

    @needs("survey")
    def health_text(self) -> Text | None:
        return Text(
            "### Health conditions\n\nAsked whether a health condition prevents them "
            "being more active. " + markdown.escape(self._health_finding())
        )

    def _health_finding(self) -> str:
        shares, _ = self._health()
        yes = shares[0]
        return (
            f"{show_percent(yes.percent)} of those who answered said yes."
            if yes.percent is not None
            else "The share who said yes is withheld."
        )

    @needs("survey")
    def health_figure(self) -> Figure | None:
        shares, _ = self._health()
        svg = charts.bars(
            [s.category for s in shares],
            blocks.values(shares),
            blocks.labels(shares),
            "Respondents who answered (%)",
        )
        return Figure(
            svg, "A health condition prevents them being more active: " + self._health_finding()
        )

    @needs("survey")
    def health_table(self) -> Table | None:
        return blocks.shares_table("Answer", self._health()[0])

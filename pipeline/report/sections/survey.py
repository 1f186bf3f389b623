"""The community survey: who responded, activity levels, what people do
and would like to do, barriers, and health conditions. Every count and
percentage is read from the area-period's register (`report.figures`)."""

from __future__ import annotations

from pipeline import markdown
from pipeline.contract import (
    ACTIVITIES,
    ACTIVITY_LEVELS,
    AGE_BANDS,
    BARRIERS,
    GENDERS,
    HEALTH,
    LANGUAGES,
)
from pipeline.report import analysis, blocks, charts, figures, words
from pipeline.report.analysis import Share
from pipeline.report.blocks import Figure, Table, Text
from pipeline.report.disclosure import show_percent
from pipeline.report.register import Register
from pipeline.report.sections.base import Section, needs


def shares(register: Register, question: str, categories) -> tuple[list[Share], str]:
    """A question's categories as published, and its base as shown."""
    base = figures.key(question)
    found = []
    for members in register.groups([figures.key(question, c) for c in categories]):
        key, parts = register.read(members), tuple(m[-1] for m in members)
        found.append(
            Share(
                words.either(list(parts)),
                register.value(key),
                register.shown(key),
                register.percent(key, base),
                parts,
            )
        )
    return found, register.shown(base)


def levels(register: Register) -> list[Share]:
    """Respondents by Active Lives band."""
    return shares(register, "minutes", ACTIVITY_LEVELS)[0]


def inactive_percent(register: Register) -> int | None:
    return register.percent(figures.INACTIVE, figures.key("minutes"))


def barrier_shares(register: Register) -> list[Share]:
    """Barriers, most common first."""
    return analysis.ranked(shares(register, "barriers", BARRIERS)[0])


def barriers_finding(register: Register) -> str:
    ranked = barrier_shares(register)
    published = [s for s in ranked if s.count]
    if not published:
        return "Too few answered to rank the barriers."
    if analysis.any_withheld(ranked):
        return "Some barriers' numbers are withheld, so the barriers are not ranked."
    first = published[0]
    tied = [s for s in published if s.count == first.count]
    if len(tied) > 1:
        names = words.join([tied[0].category] + [words.mid(s.category) for s in tied[1:]])
        return (
            f"{names} were equally the most common barriers "
            f"({show_percent(first.percent)} of those who answered each): a tie."
        )
    text = (
        f"{first.category} was the most common barrier "
        f"({show_percent(first.percent)} of those who answered)"
    )
    if len(published) > 1:
        text += f", then {words.mid(published[1].category)} ({show_percent(published[1].percent)})"
    return text + "."


class Survey(Section):
    @needs("survey", absent_sentence=True)
    def text(self) -> Text | None:
        n = self.figures.shown(figures.RESPONDENTS)
        return Text(
            f"{n} residents answered the community survey. Percentages are of those who "
            "answered each question.\n\n### Who responded"
        )

    def _profile(self):
        return (
            shares(self.figures, "age_band", AGE_BANDS)[0],
            shares(self.figures, "gender", GENDERS)[0],
            shares(self.figures, "language", LANGUAGES)[0],
        )

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
        other = self.figures.percent(figures.NOT_ENGLISH, figures.key("language"))
        if other is not None:
            alt += f" {other}% answered in a language other than English."
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
                (heading, words.named(s, names), s.shown, show_percent(s.percent)) for s in shares
            ]
        return Table(
            ("Question", "Answer", "Respondents", "%"), tuple(rows), (False, False, True, True)
        )

    def _levels(self):
        return shares(self.figures, "minutes", ACTIVITY_LEVELS)

    @needs("survey")
    def levels_text(self) -> Text | None:
        inactive = inactive_percent(self.figures)
        _, shown = self._levels()
        return Text(
            "### Activity levels\n\nMinutes of activity in a usual week, in Sport England's "
            f"Active Lives bands. Of {words.the(shown)} who answered, "
            f"**{show_percent(inactive)}** were inactive (under 30 minutes a week)."
        )

    @needs("survey")
    def levels_figure(self) -> Figure | None:
        found, _ = self._levels()
        inactive = inactive_percent(self.figures)
        best = analysis.top(found)
        alt = f"{show_percent(inactive)} of respondents who answered were inactive."
        if best:
            band = words.named(best, words.LEVEL_WORDS)
            alt += f" The largest band was {band} a week ({show_percent(best.percent)})."
        svg = charts.bars(
            [words.named(s, words.LEVEL_LABELS) for s in found],
            blocks.values(found),
            blocks.labels(found),
            "Respondents who answered (%)",
        )
        return Figure(svg, alt)

    @needs("survey")
    def levels_table(self) -> Table | None:
        return blocks.shares_table("Minutes a week", self._levels()[0])

    @needs("survey")
    def activities_text(self) -> Text | None:
        return Text(
            "### What people do, and what they would like to do\n\n"
            + markdown.escape(self._activities_finding())
        )

    def _both(self) -> dict:
        return {
            "now": shares(self.figures, "activities", ACTIVITIES)[0],
            "wanted": shares(self.figures, "interests", ACTIVITIES)[0],
        }

    def _activities_finding(self) -> str:
        both = self._both()
        now, wanted = analysis.top(both["now"]), analysis.top(both["wanted"])
        parts = []
        if now:
            parts.append(
                f"{now.category} is the most common activity now "
                f"({show_percent(now.percent)} of those who answered)"
            )
        if wanted:
            parts.append(
                f"{words.mid(wanted.category) if now else wanted.category} is what most would "
                f"like to do ({show_percent(wanted.percent)})"
            )
        return ("; ".join(parts) + ".") if parts else "No single activity leads."

    @needs("survey")
    def activities_figure(self) -> Figure | None:
        both = self._both()
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
        both = self._both()
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
        return barriers_finding(self.figures)

    @needs("survey")
    def barriers_figure(self) -> Figure | None:
        found = barrier_shares(self.figures)
        svg = charts.bars(
            [s.category for s in found],
            blocks.values(found),
            blocks.labels(found),
            "Respondents who answered (%)",
        )
        return Figure(svg, self._barriers_finding())

    @needs("survey")
    def barriers_table(self) -> Table | None:
        return blocks.shares_table("Barrier", barrier_shares(self.figures))

    def _health(self):
        return shares(self.figures, "health_condition", HEALTH)

    @needs("survey")
    def health_text(self) -> Text | None:
        return Text(
            "### Health conditions\n\nAsked whether a health condition prevents them "
            "being more active. " + markdown.escape(self._health_finding())
        )

    def _health_finding(self) -> str:
        yes = self._health()[0][0]
        return (
            f"{show_percent(yes.percent)} of those who answered said yes."
            if yes.percent is not None
            else "The share who said yes is withheld."
        )

    @needs("survey")
    def health_figure(self) -> Figure | None:
        found, _ = self._health()
        svg = charts.bars(
            [s.category for s in found],
            blocks.values(found),
            blocks.labels(found),
            "Respondents who answered (%)",
        )
        return Figure(
            svg, "A health condition prevents them being more active: " + self._health_finding()
        )

    @needs("survey")
    def health_table(self) -> Table | None:
        return blocks.shares_table("Answer", self._health()[0])

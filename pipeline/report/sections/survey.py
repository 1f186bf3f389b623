"""The community survey: who responded, activity levels, what people do
and would like to do, barriers, and health conditions. Every count and
percentage is read from the area-period's register (`report.figures`)."""

from __future__ import annotations

from pipeline import markdown
from pipeline.contract import (
    ACTIVITIES,
    ACTIVITY_LEVELS,
    AGE_BANDS,
    GENDERS,
    HEALTH,
    LANGUAGES,
)
from pipeline.report import analysis, blocks, charts, figures, words
from pipeline.report.analysis import Share
from pipeline.report.blocks import Figure, Table, Text
from pipeline.report.disclosure import show_percent
from pipeline.report.register import Register
from pipeline.report.sections.answers import (
    BEFORE,
    NOW,
    barrier_shares,
    barriers_finding,
    compared,
    inactive_percent,
    levels,
    share,
    shares,
    unranked,
)
from pipeline.report.sections.base import Section, needs


class Survey(Section):
    """This period's survey; where the previous period had one too, its
    activity levels and barriers are drawn beside this period's, in the one
    figure and table (never a second chart of the same thing)."""

    dataset = "survey"

    def _before(self) -> Register | None:
        """The previous period's figures, when it had a survey to compare with."""
        if self.previous is None or not self.previous.has("survey"):
            return None
        return figures.of(self.previous, self.threshold)

    @needs("survey")
    def text(self) -> Text | None:
        n = self.figures.shown(figures.RESPONDENTS)
        return Text(
            f"{markdown.escape(words.counted(n, 'resident'))} answered the community survey. "
            "Percentages are of those who answered each question.\n\n### Who responded"
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
        if best:
            alt = f"The largest age group among respondents was {best.category}{share(best)}."
        elif analysis.any_withheld(age):
            alt = unranked("age group", "age groups'")
        else:
            alt = "No single age group was the largest."
        other = self.figures.percent(figures.NOT_ENGLISH, figures.key("language"))
        if other == 0:
            alt += " Everyone answered in English."
        elif other is not None:
            alt += f" {other}% answered in a language other than English."
        if not blocks.drawn(age):
            return None
        svg = charts.bars(
            [s.category for s in age], blocks.values(age), blocks.labels(age), "Respondents (%)"
        )
        return Figure(svg, alt)

    @needs("survey")
    def respondents_table(self) -> Table | None:
        age, gender, language = self._profile()
        rows = []
        for heading, shares_, names in (
            ("Age", age, {}),
            ("Gender", gender, {}),
            ("Survey language", language, words.LANGUAGE_NAMES),
        ):
            rows += [
                (heading, words.named(s, names), s.shown, show_percent(s.percent)) for s in shares_
            ]
        return Table(
            ("Question", "Answer", "Respondents", "%"), tuple(rows), (False, False, True, True)
        )

    def _levels(self):
        return shares(self.figures, "minutes", ACTIVITY_LEVELS)

    def _inactive_finding(self) -> str:
        """The share inactive, with the previous period's beside it."""
        inactive = inactive_percent(self.figures)
        _, answered = self._levels()
        who = f"{words.the(answered)} who answered"
        everyone = self.figures.shown(figures.RESPONDENTS)
        if answered == f"about {everyone}":
            # "120 answered the survey." then "Of about 120 who answered"
            # read as an error: the rounding hides only how few left it blank.
            who = f"those who answered (nearly all of the {everyone})"
        if inactive is None:
            text = (
                f"Of {who}, the share who were inactive (under 30 minutes a week) is not "
                f"published, {words.PROTECTED}."
            )
        else:
            share_ = "none" if inactive == 0 else f"{inactive}%"
            text = f"Of {who}, {share_} were inactive (under 30 minutes a week)"
            before = self._before()
            was = inactive_percent(before) if before is not None else None
            text += f", against {was}% in the previous period." if was is not None else "."
        return text[:1].upper() + text[1:]

    @needs("survey")
    def levels_text(self) -> Text | None:
        return Text(
            "### Activity levels\n\nMinutes of activity in a usual week, in Sport England's "
            f"Active Lives bands. {markdown.escape(self._inactive_finding())}"
        )

    @needs("survey")
    def levels_figure(self) -> Figure | None:
        found, _ = self._levels()
        axis = "Respondents who answered (%)"
        before = self._before()
        if not blocks.drawn(found):
            return None
        if before is not None and blocks.drawn(levels(before)):
            _, rows, bars = compared(levels(before), found)
            labels = [blocks.label(s, words.LEVEL_LABELS) for s in rows]
            svg = charts.paired_bars(labels, bars, axis)
        else:
            labels = [blocks.label(s, words.LEVEL_LABELS) for s in found]
            svg = charts.bars(labels, blocks.values(found), blocks.labels(found), axis)
        alt = self._inactive_finding()
        best = analysis.top(found)
        if best:
            band = words.named(best, words.LEVEL_WORDS)
            alt += f" The largest band was {band} a week{share(best)}."
        return Figure(svg, alt)

    @needs("survey")
    def levels_table(self) -> Table | None:
        before = self._before()
        if before is not None:
            return blocks.paired_table(
                "Minutes a week",
                levels(before),
                self._levels()[0],
                (BEFORE, NOW),
                labels=words.LEVEL_LABELS,
            )
        return blocks.shares_table("Minutes a week", self._levels()[0], names=words.LEVEL_LABELS)

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
        answered = " of those who answered"
        if now and wanted and now.category == wanted.category:
            return (
                f"{now.category} is what most people do now{share(now, answered)} and what "
                f"most would like to do{share(wanted)}."
            )
        parts = []
        if now:
            parts.append(f"{now.category} is what most people do now{share(now, answered)}")
        if wanted:
            name = words.mid(wanted.category) if now else wanted.category
            parts.append(f"{name} is what most would like to do{share(wanted)}")
        if parts:
            return "; ".join(parts) + "."
        if analysis.any_withheld(both["now"]) or analysis.any_withheld(both["wanted"]):
            return unranked("activity", "activities'")
        return "No single activity was the most common."

    @needs("survey")
    def activities_figure(self) -> Figure | None:
        both = self._both()
        if not blocks.drawn(both["now"], both["wanted"]):
            return None
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
        # In order of size only when every barrier's number is published.
        order = "" if analysis.any_withheld(barrier_shares(self.figures)) else ", most common first"
        return Text(
            f"### Barriers\n\nWhat stops people being more active{order}. "
            + markdown.escape(self._barriers_finding())
        )

    def _barriers_pair(self) -> tuple[list[Share] | None, list[Share]]:
        """This period's barriers, most common first, and the previous
        period's in the same order."""
        now = barrier_shares(self.figures)
        before = self._before()
        if before is None:
            return None, now
        return blocks.aligned(barrier_shares(before), now)

    def _barriers_finding(self) -> str:
        text = barriers_finding(self.figures)
        before = self._before()
        if before is not None:
            top = analysis.top(barrier_shares(before))
            now = analysis.top(barrier_shares(self.figures))
            if top is not None:
                also = "also " if now is not None and now.category == top.category else ""
                text += (
                    f" In the previous period it was {also}{words.mid(top.category)}{share(top)}."
                )
        return text

    @needs("survey")
    def barriers_figure(self) -> Figure | None:
        before, now = self._barriers_pair()
        if not blocks.drawn(now):
            return None
        labels, axis = [s.category for s in now], "Respondents who answered (%)"
        if before is not None and blocks.drawn(before):
            svg = charts.paired_bars(labels, compared(before, now)[2], axis)
        else:
            svg = charts.bars(labels, blocks.values(now), blocks.labels(now), axis)
        return Figure(svg, self._barriers_finding())

    @needs("survey")
    def barriers_table(self) -> Table | None:
        before, now = self._barriers_pair()
        if before is not None:
            return blocks.paired_table("Barrier", before, now, (BEFORE, NOW))
        return blocks.shares_table("Barrier", now)

    def _health(self):
        return shares(self.figures, "health_condition", HEALTH)

    @needs("survey")
    def health_text(self) -> Text | None:
        return Text(
            "### Health conditions\n\nAsked whether a health condition stops them being more "
            "active: " + markdown.escape(self._health_finding())
        )

    def _health_finding(self) -> str:
        yes = self._health()[0][0]
        if yes.percent is None:
            return f"the share who said yes is not published, {words.PROTECTED}."
        if yes.count == 0:
            return "none of those who answered said yes."
        return f"{yes.percent}% of those who answered said yes."

    @needs("survey")
    def health_figure(self) -> Figure | None:
        found, _ = self._health()
        if not blocks.drawn(found):
            return None
        svg = charts.bars(
            [s.category for s in found],
            blocks.values(found),
            blocks.labels(found),
            "Respondents who answered (%)",
        )
        finding = self._health_finding()
        return Figure(svg, "Whether a health condition stops them being more active: " + finding)

    @needs("survey")
    def health_table(self) -> Table | None:
        return blocks.shares_table("Answer", self._health()[0])

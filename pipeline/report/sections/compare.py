"""Compared with the previous period named in period.yml: headline figures,
activity levels, barriers and distance travelled side by side. Only two
published figures are ever compared."""

from __future__ import annotations

from pipeline import markdown
from pipeline.report import analysis, blocks, charts, figures, headline, words
from pipeline.report.blocks import Figure, Table, Text
from pipeline.report.disclosure import show_percent
from pipeline.report.sections import survey, workforce
from pipeline.report.sections.base import Section


class Comparison(Section):
    def _previous_headline(self) -> dict:
        if self.previous is None:
            return {}
        return {figure.name: figure for figure in headline.figures(self.previous, self.threshold)}

    def _both(self, dataset: str) -> bool:
        return self.previous is not None and self.data.has(dataset) and self.previous.has(dataset)

    def _series_names(self) -> tuple[str, str]:
        return (
            f"Previous period ({self.previous_period})",
            f"This period ({self.data.manifest['period']})",
        )

    def text(self) -> Text:
        if not self.previous_period:
            return Text("period.yml names no previous period, so this report makes no comparison.")
        if self.previous is None:
            return Text(
                markdown.escape(
                    f"period.yml names {self.previous_period} as the previous period, but it "
                    "has no processed data (it has not been run, or its data failed "
                    "validation), so this report makes no comparison."
                )
            )
        before = self.previous.period
        lines = [
            markdown.escape(
                f"This period compared with the previous one, {before['label']} "
                f"({words.date(before['start'])} to {words.date(before['end'])}). "
                "Each period's figures are for the people who took part in it, so a change "
                "reflects who took part as well as what they said."
            )
        ]
        for dataset in ("survey", "training"):
            if not self._both(dataset):
                which = (
                    "only one of the two periods"
                    if self.data.has(dataset) or self.previous.has(dataset)
                    else "neither period"
                )
                lines.append(f"Not compared: {which} has the {words.DATASET_NAMES[dataset]}.")
        return Text("\n\n".join(lines))

    def headline(self) -> Table | None:
        before = self._previous_headline()
        rows = tuple(
            (figure.name, before[figure.name].shown, figure.shown,
             headline.change(before[figure.name], figure))
            for figure in headline.figures(self.data, self.threshold)
            if figure.name in before
        )  # fmt: skip
        if not rows:
            return None
        columns = ("Figure", *self._series_names(), "Change")
        return Table(columns, rows, (False, True, True, True))

    def _compare_shares(self, shares_of) -> tuple[list, list]:
        """The two periods' shares row by row (`blocks.aligned`)."""
        return blocks.aligned(
            shares_of(figures.of(self.previous, self.threshold)), shares_of(self.figures)
        )

    def _levels_pair(self):
        return self._compare_shares(survey.levels)

    def levels_figure(self) -> Figure | None:
        if not self._both("survey"):
            return None
        before, now = self._levels_pair()
        svg = charts.paired_bars(
            [blocks.label(s, words.LEVEL_LABELS) for s in now],
            self._pairs(before, now),
            "Respondents who answered (%)",
        )
        was = survey.inactive_percent(figures.of(self.previous, self.threshold))
        is_now = survey.inactive_percent(self.figures)
        return Figure(
            svg,
            f"Inactive (under 30 minutes a week): {show_percent(was)} in the previous period, "
            f"{show_percent(is_now)} in this one.",
        )

    def _pairs(self, before, now) -> dict:
        """The two periods' values and labels, named, for `charts.paired_bars`."""
        old, new = self._series_names()
        return {
            old: (blocks.values(before), blocks.labels(before)),
            new: (blocks.values(now), blocks.labels(now)),
        }

    def levels_table(self) -> Table | None:
        if not self._both("survey"):
            return None
        return blocks.paired_table("Minutes a week", *self._levels_pair(), self._series_names())

    def _barriers_pair(self):
        return self._compare_shares(survey.barrier_shares)

    def barriers_figure(self) -> Figure | None:
        if not self._both("survey"):
            return None
        before, now = self._barriers_pair()
        svg = charts.paired_bars(
            [s.category for s in now],
            self._pairs(before, now),
            "Respondents who answered (%)",
        )
        return Figure(
            svg,
            survey.barriers_finding(self.figures) + " " + self._barrier_change(before, now),
        )

    def _barrier_change(self, before, now) -> str:
        top_before = analysis.top(before)
        if analysis.any_withheld(before):
            return "The previous period's barriers are not ranked: some are withheld."
        if top_before is None:
            return "The previous period had no single most common barrier."
        return (
            f"In the previous period the most common was {words.mid(top_before.category)} "
            f"({show_percent(top_before.percent)})."
        )

    def barriers_table(self) -> Table | None:
        if not self._both("survey"):
            return None
        return blocks.paired_table("Barrier", *self._barriers_pair(), self._series_names())

    def _distance_pair(self):
        return self._compare_shares(workforce.directions)

    def distance_figure(self) -> Figure | None:
        if not self._both("training"):
            return None
        before, now = self._distance_pair()
        svg = charts.paired_bars(
            [blocks.label(s, capitalise=True) for s in now],
            self._pairs(before, now),
            "Participants with both scores (%)",
        )
        was, is_now = (analysis.alone(shares, "improved") for shares in (before, now))
        return Figure(
            svg,
            f"Confidence improved for {show_percent(was and was.percent)} of participants "
            f"with both scores in the previous period and "
            f"{show_percent(is_now and is_now.percent)} in this one.",
        )

    def distance_table(self) -> Table | None:
        if not self._both("training"):
            return None
        return blocks.paired_table(
            "Confidence after the course",
            *self._distance_pair(),
            self._series_names(),
            capitalise=True,
        )

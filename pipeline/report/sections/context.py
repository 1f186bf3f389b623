"""Context: the published Active Lives indicators, the area against England."""

from __future__ import annotations

import pandas as pd

from pipeline import markdown
from pipeline.report import analysis, charts, words
from pipeline.report.blocks import Figure, Table, Text
from pipeline.report.sections.base import Section, needs


class Context(Section):
    def _indicators(self) -> pd.DataFrame:
        return analysis.indicator_series(
            self.data.frame("indicators"), self.data.area.get("la_code")
        )

    @needs("indicators", absent_sentence=True)
    def text(self) -> Text | None:
        return Text(
            "Sport England's Active Lives Adult Survey gives the share of adults in the local "
            "authority and in England who do less than 30 minutes of activity a week. "
            + markdown.escape(self._finding())
        )

    def _finding(self) -> str:
        series = self._indicators()
        inactive = series[series["indicator"] == "inactive_pct"].dropna(subset=["area"])
        if inactive.empty:
            return "The file has no inactive_pct indicator for this area."
        last = inactive.iloc[-1]
        england = "" if pd.isna(last["england"]) else f", against {last['england']:.1f}% in England"
        return (
            f"In the latest release ({last['release']}), "
            f"{last['area']:.1f}% of adults in {self.data.area['name']} "
            f"were inactive{england}."
        )

    @needs("indicators")
    def figure(self) -> Figure | None:
        inactive = self._indicators()
        inactive = inactive[inactive["indicator"] == "inactive_pct"]
        if inactive.empty:
            return None
        svg = charts.lines(
            list(inactive["release"]),
            {
                str(self.data.area["name"]): words.optional(inactive["area"]),
                "England": words.optional(inactive["england"]),
            },
            "Adults inactive (%)",
        )
        return Figure(svg, self._finding())

    @needs("indicators")
    def table(self) -> Table | None:
        rows = tuple(
            (
                words.INDICATOR_NAMES.get(str(r.indicator), str(r.indicator)),
                str(r.release),
                words.number(r.area),
                words.number(r.england),
            )
            for r in self._indicators().itertuples()
        )
        return Table(
            ("Indicator", "Release", str(self.data.area["name"]), "England"),
            rows,
            (False, False, True, True),
        )

"""Context: the published indicators (Active Lives and any other), the area
against England, and how each has moved since its earliest release."""

from __future__ import annotations

import pandas as pd

from pipeline import markdown
from pipeline.report import analysis, charts, words
from pipeline.report.blocks import Figure, Table, Text
from pipeline.report.sections.base import Section, needs

FIGURED = "inactive_pct"  # the indicator drawn when the file has it; else the first


class Context(Section):
    dataset = "indicators"

    def _indicators(self) -> pd.DataFrame:
        return analysis.indicator_series(
            self.data.frame("indicators"), self.data.area.get("la_code")
        )

    def _codes(self) -> list[str]:
        codes = list(dict.fromkeys(self._indicators()["indicator"]))
        return sorted(codes, key=lambda c: (c != FIGURED, codes.index(c)))

    @needs("indicators")
    def text(self) -> Text | None:
        findings = [self._finding(code) for code in self._codes()]
        lines = [
            "Published indicators set the scene: the area's figure in each release, against "
            "England's where the file gives both."
        ]
        lines += [""] + [f"- {markdown.escape(f)}" for f in findings]
        return Text("\n".join(lines))

    def _finding(self, code: str) -> str:
        series = self._indicators()
        series = series[series["indicator"] == code]
        name = words.indicator_name(code)
        here = series.dropna(subset=["area"])
        if here.empty:
            return f"{name}: the file gives no figure for {self.data.area['name']}."
        last, first = here.iloc[-1], here.iloc[0]
        sentence = f"{name}: {last['area']:.1f} in {self.data.area['name']} ({last['release']})"
        if not pd.isna(last["england"]):
            sentence += f", against {last['england']:.1f} in England"
        if len(here) > 1:
            moved = last["area"] - first["area"]
            sentence += (
                f"; {analysis.signed(round(moved, 1))} points since {first['release']}"
                if round(moved, 1)
                else f"; the same as in {first['release']}"
            )
        return sentence + "."

    @needs("indicators")
    def figure(self) -> Figure | None:
        codes = self._codes()
        if not codes:
            return None
        series = self._indicators()
        series = series[series["indicator"] == codes[0]]
        svg = charts.lines(
            list(series["release"]),
            {
                str(self.data.area["name"]): words.optional(series["area"]),
                "England": words.optional(series["england"]),
            },
            words.indicator_name(codes[0]),
        )
        return Figure(svg, self._finding(codes[0]))

    @needs("indicators")
    def table(self) -> Table | None:
        rows = tuple(
            (
                words.indicator_name(str(r.indicator)),
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

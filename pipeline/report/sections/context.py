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

    def _area_name(self, series: pd.DataFrame) -> str:
        """The area the figures are for, as the file names it (the district
        or county), else the pilot area's name."""
        named = series["area_name"].dropna()
        return str(named.iloc[0]) if not named.empty else str(self.data.area["name"])

    @needs("indicators")
    def text(self) -> Text | None:
        findings = [self._finding(code) for code in self._codes()]
        return Text("\n".join(f"- {markdown.escape(f)}" for f in findings))

    def _finding(self, code: str) -> str:
        series = self._indicators()
        series = series[series["indicator"] == code]
        unit = series["unit"].iloc[0]
        name = words.indicator_name(code).removesuffix(" (%)")
        here = series.dropna(subset=["area"])
        if here.empty:
            latest = series.iloc[-1]
            england = words.in_unit(latest["england"], unit)
            return f"{name}: {england} in England ({latest['release']})."
        last, first = here.iloc[-1], here.iloc[0]
        sentence = (
            f"{name}: {words.in_unit(last['area'], unit)} in {self._area_name(series)} "
            f"({last['release']})"
        )
        if not pd.isna(last["england"]):
            sentence += f", against {words.in_unit(last['england'], unit)} in England"
        if len(here) > 1:
            moved = round(float(last["area"] - first["area"]), 1)
            if moved:
                way = "up" if moved > 0 else "down"
                by = analysis.signed(abs(moved)).lstrip("+")
                if unit == "%":
                    by += " percentage point" if by == "1" else " percentage points"
                elif unit in ("per 100,000", "£"):  # "up 121.5" said nothing of what
                    by = words.in_unit(abs(moved), unit)
                sentence += f"; {way} {by} since {first['release']}"
            else:
                sentence += f"; the same as in {first['release']}"
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
                self._area_name(series): words.optional(series["area"]),
                "England": words.optional(series["england"]),
            },
            words.indicator_name(codes[0], series["unit"].iloc[0]),
        )
        return Figure(svg, self._finding(codes[0]))

    @needs("indicators")
    def table(self) -> Table | None:
        series = self._indicators()
        rows = tuple(
            (
                words.indicator_name(str(r.indicator), r.unit),
                str(r.release),
                words.number(r.area),
                words.number(r.england),
            )
            for r in series.itertuples()
        )
        return Table(
            ("Indicator", "Release", self._area_name(series), "England"),
            rows,
            (False, False, True, True),
        )

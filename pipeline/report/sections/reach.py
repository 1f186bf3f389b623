"""Reach: outputs counted in aggregate (coaches trained, packs given out),
each count through disclosure control (`report.figures`)."""

from __future__ import annotations

import pandas as pd

from pipeline import markdown
from pipeline.redaction import redact
from pipeline.report import charts, words
from pipeline.report.blocks import Figure, Table, Text
from pipeline.report.sections.base import Section, needs


class Reach(Section):
    dataset = "reach"

    def _rows(self) -> pd.DataFrame:
        return self.data.frame("reach").reset_index(drop=True)

    def _shown(self, measure: str) -> str:
        return self.figures.shown(f"reach.measure={measure}")

    @needs("reach")
    def text(self) -> Text | None:
        return Text(markdown.escape(self._finding()))

    def _finding(self) -> str:
        parts = [f"{self._shown(m)} {redact(m).lower()}" for m in self._rows()["measure"]]
        return f"This period: {words.join(parts)}."

    @needs("reach")
    def figure(self) -> Figure | None:
        rows = self._rows()
        measures = [str(m) for m in rows["measure"]]
        values = [self.figures.value(f"reach.measure={m}") for m in measures]
        order = sorted(range(len(measures)), key=lambda i: -(values[i] or 0))
        svg = charts.bars(
            [redact(measures[i]) for i in order],
            [values[i] for i in order],
            [self._shown(measures[i]) for i in order],
            "Count this period",
        )
        return Figure(svg, self._finding())

    @needs("reach")
    def table(self) -> Table | None:
        rows = tuple(
            (redact(str(r.measure)), self._shown(str(r.measure)),
             "" if pd.isna(r.note) else redact(str(r.note)))
            for r in self._rows().itertuples()
        )  # fmt: skip
        return Table(("Measure", "Count", "Note"), rows, (False, True, False))

"""Reach: outputs counted in aggregate (coaches trained, packs given out).
Counts of people go through disclosure control (`report.figures`); counts
of organisations, sessions, events and items are shown as they are, and a
count written 400+ as written."""

from __future__ import annotations

import pandas as pd

from pipeline import markdown
from pipeline.redaction import redact
from pipeline.report import charts, figures, words
from pipeline.report.blocks import Figure, Table, Text
from pipeline.report.sections.base import Section, needs


class Reach(Section):
    def _rows(self) -> pd.DataFrame:
        return self.data.frame("reach").reset_index(drop=True)

    def _shown(self, measure: str) -> str:
        return self.figures.shown(figures.reach(measure))

    @needs("reach", absent_sentence=True)
    def text(self) -> Text | None:
        return Text(markdown.escape(self._finding()))

    def _finding(self) -> str:
        parts = [f"{self._shown(m)} {redact(m).lower()}" for m in self._rows()["measure"]]
        return f"This period: {words.join(parts)}."

    @needs("reach")
    def figure(self) -> Figure | None:
        rows = self._rows()
        measures = [str(m) for m in rows["measure"]]
        values = [self.figures.height(figures.reach(m)) for m in measures]
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
            (redact(str(r.measure)), self._shown(str(r.measure)), self._note(r))
            for r in self._rows().itertuples()
        )
        return Table(("Measure", "Count", "Note"), rows, (False, True, False))

    @staticmethod
    def _note(row) -> str:
        """The evaluators' note, after what the measure is part of."""
        notes = []
        part_of = getattr(row, "part_of", None)
        if part_of is not None and not pd.isna(part_of):
            notes.append(f"Part of: {redact(str(part_of)).lower()}.")
        if not pd.isna(row.note):
            notes.append(redact(str(row.note)))
        return " ".join(notes)

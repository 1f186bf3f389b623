"""Milestones over the period, on a timeline and in a table."""

from __future__ import annotations

import pandas as pd

from pipeline import markdown
from pipeline.redaction import redact
from pipeline.report import charts, words
from pipeline.report.blocks import Figure, Table, Text
from pipeline.report.sections.base import Section, needs


class Milestones(Section):
    def _milestones(self) -> pd.DataFrame:
        return self.data.frame("milestones").sort_values("date", kind="stable")

    @needs("milestones", absent_sentence=True)
    def text(self) -> Text | None:
        return Text(markdown.escape(self._finding()))

    def _finding(self) -> str:
        ms = self._milestones()
        first, last = ms.iloc[0], ms.iloc[-1]
        return (
            f"{len(ms)} milestones, from {words.date(first['date'])} "
            f"({redact(first['milestone'])}) to {words.date(last['date'])} "
            f"({redact(last['milestone'])})."
        )

    @needs("milestones")
    def figure(self) -> Figure | None:
        ms = self._milestones()
        svg = charts.timeline(list(ms["date"]), [redact(str(m)) for m in ms["milestone"]])
        return Figure(svg, self._finding())

    @needs("milestones")
    def table(self) -> Table | None:
        rows = tuple(
            (words.date(r.date), redact(str(r.milestone))) for r in self._milestones().itertuples()
        )
        return Table(("Date", "Milestone"), rows, (False, False))

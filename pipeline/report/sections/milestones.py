"""Milestones over the period, by status (done, in progress, planned), on a
timeline that spans the period and in a table."""

from __future__ import annotations

import pandas as pd

from pipeline import markdown
from pipeline.contract import MILESTONE_STATUSES
from pipeline.redaction import redact
from pipeline.report import charts, words
from pipeline.report.blocks import Figure, Table, Text
from pipeline.report.sections.base import Section, needs


class Milestones(Section):
    dataset = "milestones"

    def _milestones(self) -> pd.DataFrame:
        ms = self.data.frame("milestones").sort_values("date", kind="stable")
        return ms.assign(status=ms["status"].astype(str))  # blank became done in `process`

    @needs("milestones")
    def text(self) -> Text | None:
        return Text(markdown.escape(self._finding()))

    def _finding(self) -> str:
        ms = self._milestones()
        first, last = ms.iloc[0], ms.iloc[-1]
        counts = ms["status"].value_counts()
        by_status = [f"{counts[s]} {s}" for s in MILESTONE_STATUSES if counts.get(s)]
        return (
            f"{len(ms)} {'milestone' if len(ms) == 1 else 'milestones'} "
            f"({words.join(by_status)}), from {words.date(first['date'])} "
            f"({redact(first['milestone'])}) to {words.date(last['date'])} "
            f"({redact(last['milestone'])})."
        )

    @needs("milestones")
    def figure(self) -> Figure | None:
        ms = self._milestones()
        svg = charts.timeline(
            list(ms["date"]),
            [redact(str(m)) for m in ms["milestone"]],
            list(ms["status"]),
            (pd.Timestamp(self.data.period["start"]), pd.Timestamp(self.data.period["end"])),
        )
        return Figure(svg, self._finding())

    @needs("milestones")
    def table(self) -> Table | None:
        rows = tuple(
            (words.date(r.date), redact(str(r.milestone)), r.status)
            for r in self._milestones().itertuples()
        )
        return Table(("Date", "Milestone", "Status"), rows, (False, False, False))

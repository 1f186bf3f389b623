"""Milestones over the period, by status (done, in progress, planned), on a
timeline that spans the period and in a table."""

from __future__ import annotations

import pandas as pd

from pipeline import markdown
from pipeline.contract import MILESTONE_STATUSES
from pipeline.redaction import redact
from pipeline.report import timeline, words
from pipeline.report.blocks import Figure, Table, Text
from pipeline.report.sections.base import Section, needs


class Milestones(Section):
    dataset = "milestones"

    def _milestones(self) -> pd.DataFrame:
        ms = self.data.frame("milestones").sort_values("date", kind="stable")
        if "date_precision" not in ms:  # processed before dates could be months
            ms = ms.assign(date_precision="day")
        return ms.assign(status=ms["status"].astype(str))  # blank became done in `process`

    def _when(self, row) -> str:
        return words.when(row["date"], row["date_precision"])

    @needs("milestones")
    def text(self) -> Text | None:
        return Text(markdown.escape(self._finding()))

    def _finding(self) -> str:
        """How many, over what time, and how many of each status: never the
        milestones' own words, which the table gives in full."""
        ms = self._milestones()
        ends = ms.iloc[[0, -1]]
        if (ends["date_precision"] == "month").any():
            # Both ends as months: "between September 2018 and 29 April 2019"
            # gave one end a precision the other does not have.
            first, last = (words.month(d) for d in ends["date"])
            on = "in"
        else:
            first, last = (words.date(d) for d in ends["date"])
            on = "on"
        span = f"{on} {first}" if first == last else f"between {first} and {last}"
        counts = ms["status"].value_counts()
        by_status = [f"{counts[s]} {s}" for s in MILESTONE_STATUSES if counts.get(s)]
        if len(ms) == 1:
            found = f"1 milestone, {span}: {ms.iloc[0]['status']}."
        elif len(by_status) == 1:
            state = "all done" if counts.get("done") else f"all {ms.iloc[0]['status']}"
            found = f"{len(ms)} milestones {span}, {state}."
        else:
            found = f"{len(ms)} milestones {span}: {words.join(by_status)}."
        return found + self._overdue(ms)

    def _overdue(self, ms: pd.DataFrame) -> str:
        """Milestones not done whose date is by the period's end: a reader
        of a table of dates and statuses sees the slip, so the report says
        it first (in the evaluators' words only where they give them)."""
        late = ms[(ms["status"] != "done") & (ms["date"] <= pd.Timestamp(self.data.period["end"]))]
        if late.empty:
            return ""
        if len(ms) == 1:
            return " It was not done by the end of the period."
        if len(late) == 1:
            row = late.iloc[0]
            on = "in" if row["date_precision"] == "month" else "on"
            return f" One, due {on} {self._when(row)}, was not done by the end of the period."
        return f" {len(late)} of them were due by the end of the period and not done by then."

    @needs("milestones")
    def figure(self) -> Figure | None:
        ms = self._milestones()
        svg = timeline.timeline(
            list(ms["date"]),
            [redact(str(m)) for m in ms["milestone"]],
            list(ms["status"]),
            (pd.Timestamp(self.data.period["start"]), pd.Timestamp(self.data.period["end"])),
            list(ms["date_precision"]),
        )
        return Figure(svg, self._finding())

    @needs("milestones")
    def table(self) -> Table | None:
        ms = self._milestones()
        rows = tuple(
            (self._when(r), redact(str(r["milestone"])), r["status"]) for _, r in ms.iterrows()
        )
        return Table(("Date", "Milestone", "Status"), rows, (False, False, False))

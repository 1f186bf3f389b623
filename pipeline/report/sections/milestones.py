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
        """How many were met, over what dates, and where the others stand,
        a late one first: never the milestones' own words, which the table
        gives in full. ("4 milestones ...: 3 done and 1 in progress. One,
        due on ..., was not done" counted one milestone twice, and opened
        with a figure.)"""
        ms = self._milestones()
        n, met = len(ms), int((ms["status"] == "done").sum())
        due = self._due(ms)
        if n == 1:
            return f"The one milestone, {due}, {self._stands(ms)}."
        if met == n:
            return f"{'Both' if n == 2 else 'All ' + words.spelled(n)} milestones, {due}, were met."
        if met == 0:
            none = "Neither milestone" if n == 2 else f"None of the {words.spelled(n)} milestones"
            return f"{none}, {due}, was met: {self._stand(ms)}."
        met_of = f"{words.spelled(met).capitalize()} of the {words.spelled(n)} milestones"
        found = f"{met_of}, {due}, {_was(met)} met."
        rest = ms[ms["status"] != "done"]
        if len(rest) == 1:
            return f"{found} The other, {self._due(rest)}, {self._stands(rest)}."
        return f"{found} Of the other {words.spelled(len(rest))}, {self._stand(rest)}."

    def _due(self, ms: pd.DataFrame) -> str:
        """ "due on 5 November 2021", "due between September 2018 and April
        2019": both ends as months where one is a month, never a false day."""
        ends = ms.iloc[[0, -1]]
        if (ends["date_precision"] == "month").any():
            first, last = (words.month(d) for d in ends["date"])
            on = "in"
        else:
            first, last = (words.date(d) for d in ends["date"])
            on = "on"
        return f"due {on} {first}" if first == last else f"due between {first} and {last}"

    def _late(self, ms: pd.DataFrame) -> pd.Series:
        """Not done, and due by the period's end: a reader of the table sees the slip."""
        return (ms["status"] != "done") & (ms["date"] <= pd.Timestamp(self.data.period["end"]))

    def _stands(self, one: pd.DataFrame) -> str:
        """Where one milestone stands: "was met", "is planned", "was still in
        progress at the end of the period"."""
        status = one.iloc[0]["status"]
        if status == "done":
            return "was met"
        if self._late(one).iloc[0]:
            return f"was still {status} at the end of the period"
        return f"is {status}"

    def _stand(self, ms: pd.DataFrame) -> str:
        """Where several not met stand: "two are in progress and one is
        planned; two of them were due by the end of the period"."""
        counts = ms["status"].value_counts()
        every = "both" if len(ms) == 2 else f"all {words.spelled(len(ms))}"
        statuses = [s for s in MILESTONE_STATUSES if s != "done" and counts.get(s)]
        if len(statuses) == 1:
            said = f"{every} are {statuses[0]}"
        else:
            said = words.join(
                [f"{words.spelled(int(counts[s]))} {_is(counts[s])} {s}" for s in statuses]
            )
        late = int(self._late(ms).sum())
        if late == len(ms):
            return f"{said}; {every} were due by the end of the period"
        if late:
            return (
                f"{said}; {words.spelled(late)} of them {_was(late)} due by the end of the period"
            )
        return said

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
        # What the chart shows, not the sentence above it again.
        counts = ms["status"].value_counts()
        by_status = [f"{counts[s]} {s}" for s in MILESTONE_STATUSES if counts.get(s)]
        return Figure(
            svg,
            f"{len(ms)} {words.noun(len(ms), 'milestone')} on a timeline, "
            f"{self._due(ms).removeprefix('due ')}: {words.join(by_status)}.",
        )

    @needs("milestones")
    def table(self) -> Table | None:
        ms = self._milestones()
        rows = tuple(
            (self._when(r), redact(str(r["milestone"])), r["status"]) for _, r in ms.iterrows()
        )
        return Table(("Date", "Milestone", "Status"), rows, (False, False, False))


def _is(n: int) -> str:
    return "is" if n == 1 else "are"


def _was(n: int) -> str:
    return "was" if n == 1 else "were"

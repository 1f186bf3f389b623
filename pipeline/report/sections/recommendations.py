"""Recommendations followed from one period to the next: each one's status
now and in the previous period, which are new and which were closed."""

from __future__ import annotations

import pandas as pd

from pipeline import markdown
from pipeline.contract import OPEN_RECOMMENDATIONS
from pipeline.redaction import redact
from pipeline.report import words
from pipeline.report.blocks import Table, Text
from pipeline.report.sections.base import Section, needs

NOT_LISTED = "not listed"


class Recommendations(Section):
    dataset = "recommendations"

    def _now(self) -> pd.DataFrame:
        return self.data.frame("recommendations")

    def _before(self) -> dict[str, str] | None:
        """The previous period's status of each recommendation, by id; None
        when there is no previous period with recommendations to compare."""
        if self.previous is None or not self.previous.has("recommendations"):
            return None
        before = self.previous.frame("recommendations")
        return {str(r.id): str(r.status) for r in before.itertuples()}

    @needs("recommendations")
    def text(self) -> Text | None:
        now = self._now()
        counts = now["status"].value_counts(sort=False)
        statuses = [f"{n} {s}" for s, n in counts.items() if n]
        if len(now) == 1:
            lines = [f"1 recommendation, {now['status'].iloc[0]}."]
        elif len(statuses) == 1:  # not "3 recommendations: 3 new"
            lines = [f"{len(now)} recommendations, all {counts[counts > 0].index[0]}."]
        else:
            lines = [f"{len(now)} recommendations: {words.join(statuses)}."]
        before = self._before()
        if before is not None:
            ids = set(now["id"].astype(str))
            new = [r for r in now.itertuples() if str(r.id) not in before]
            closed = [
                r
                for r in now.itertuples()
                if str(r.status) not in OPEN_RECOMMENDATIONS
                and before.get(str(r.id)) in OPEN_RECOMMENDATIONS
            ]
            gone = len(set(before) - ids)
            # "Added", not "new": the status of that name may differ ("4 new
            # and 2 done. Since the previous period: 4 new" read as one
            # figure twice). Only what happened is said.
            changes = [f"{len(new)} added"] if new else []
            changes += [f"{len(closed)} done"] if closed else []
            if gone:
                changes.append(f"{words.counted(gone, 'recommendation')} no longer listed")
            sentence = (
                f"Since the previous period: {words.join(changes)}"
                if changes
                else "None was added or done since the previous period"
            )
            if closed:
                # Quoted, as written: a recommendation is a sentence of its own.
                names = words.join([f"“{redact(str(r.recommendation))}”" for r in closed])
                sentence += f". Done since then: {names}"
            lines.append(sentence + ".")
        return Text(markdown.escape(" ".join(lines)))

    def _optional(self, column: str) -> bool:
        """Whether the file gives `column` (theme, timescale) for any recommendation."""
        now = self._now()
        return column in now and bool(now[column].notna().any())

    @needs("recommendations")
    def table(self) -> Table | None:
        before = self._before()
        extra = [c for c in ("theme", "timescale") if self._optional(c)]
        columns = ["Recommendation", *[c.capitalize() for c in extra], "Owner", "Status now"]
        if before is not None:
            columns.append("Status before")
        rows = []
        for r in self._now().itertuples():
            row = [redact(str(r.recommendation))]
            row += ["" if pd.isna(getattr(r, c)) else redact(str(getattr(r, c))) for c in extra]
            row += ["" if pd.isna(r.owner) else redact(str(r.owner)), str(r.status)]
            if before is not None:
                row.append(before.get(str(r.id), NOT_LISTED))
            rows.append(tuple(row))
        return Table(tuple(columns), tuple(rows), (False,) * len(columns))

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
        lines = [f"{len(now)} recommendations: {words.join(statuses)}."]
        before = self._before()
        if before is not None:
            ids = set(now["id"].astype(str))
            new = [r for r in now.itertuples() if str(r.id) not in before]
            closed = [
                r for r in now.itertuples()
                if str(r.status) not in OPEN_RECOMMENDATIONS
                and before.get(str(r.id)) in OPEN_RECOMMENDATIONS
            ]  # fmt: skip
            gone = sorted(set(before) - ids)
            lines.append(
                f"Since {self.previous_period}: {len(new)} new, {len(closed)} closed"
                + (f" ({words.join([redact(str(r.recommendation)) for r in closed])})"
                   if closed else "")
                + (f", and {len(gone)} no longer listed ({words.join(gone)})" if gone else "")
                + "."
            )  # fmt: skip
        elif self.previous_period:
            lines.append(f"The previous period ({self.previous_period}) has no recommendations "
                         "to compare with.")  # fmt: skip
        return Text(markdown.escape(" ".join(lines)))

    @needs("recommendations")
    def table(self) -> Table | None:
        before = self._before()
        columns = ["Recommendation", "Owner", "Status now"]
        if before is not None:
            columns.append(f"Status in {self.previous_period}")
        rows = []
        for r in self._now().itertuples():
            row = [redact(str(r.recommendation)), "" if pd.isna(r.owner) else redact(str(r.owner)),
                   str(r.status)]  # fmt: skip
            if before is not None:
                row.append(before.get(str(r.id), NOT_LISTED))
            rows.append(tuple(row))
        return Table(tuple(columns), tuple(rows), (False,) * len(columns))

"""Recommendations followed from one period to the next: each one's status
now and in the previous period, which are new and which were closed."""

from __future__ import annotations

import pandas as pd

from pipeline import markdown
from pipeline.contract import OPEN_RECOMMENDATIONS, RECOMMENDATION_STATUSES
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
        """Where the recommendations stand, in words a commissioner reads
        ("Of the four recommendations, one is new, two are in progress and
        one is done"), then what changed since the previous period, each
        thing said once ("4 new and 2 done. Since the previous period: 4
        new and 2 done. Done since then: ..." said "done" three times)."""
        now = self._now()
        found = now["status"].astype(str).value_counts()
        counts = {s: int(found[s]) for s in RECOMMENDATION_STATUSES if found.get(s)}
        n = len(now)
        if n == 1:
            lines = [f"The one recommendation {_stands(1, now['status'].iloc[0])}."]
        elif len(counts) == 1:
            every = "Both" if n == 2 else f"All {words.spelled(n)}"
            lines = [f"{every} recommendations {_stands(n, next(iter(counts)))}."]
        else:
            each = [f"{words.spelled(c)} {_stands(c, s)}" for s, c in counts.items()]
            lines = [f"Of the {words.spelled(n)} recommendations, {words.join(each)}."]
        before = self._before()
        if before is not None:
            lines.append(self._since(now, before))
        return Text(markdown.escape(" ".join(lines)))

    def _since(self, now: pd.DataFrame, before: dict[str, str]) -> str:
        ids = set(now["id"].astype(str))
        added = sum(1 for r in now.itertuples() if str(r.id) not in before)
        closed = [
            r
            for r in now.itertuples()
            if str(r.status) not in OPEN_RECOMMENDATIONS
            and before.get(str(r.id)) in OPEN_RECOMMENDATIONS
        ]
        gone = len(set(before) - ids)
        changes = [f"{words.spelled(added)} {_was(added)} added"] if added else []
        for status in sorted({str(r.status) for r in closed}):
            ended = [r for r in closed if str(r.status) == status]
            # Quoted, as written: a recommendation is a sentence of its own.
            names = words.join([f"“{redact(str(r.recommendation))}”" for r in ended])
            changes.append(f"{words.spelled(len(ended))} {_was(len(ended))} {status} ({names})")
        if gone:
            changes.append(f"{words.spelled(gone)} {_is(gone)} no longer listed")
        if not changes:
            return "None was added or done since the previous period."
        return f"Since the previous period, {words.join(changes)}."

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


def _stands(n: int, status: str) -> str:
    """ "is new", "are in progress", "was dropped"."""
    return f"{_was(n)} {status}" if status == "dropped" else f"{_is(n)} {status}"


def _is(n: int) -> str:
    return "is" if n == 1 else "are"


def _was(n: int) -> str:
    return "was" if n == 1 else "were"

"""Reach: outputs counted in aggregate (coaches trained, packs given out),
named as the evaluators wrote them. Counts of people go through disclosure
control (`report.figures`); counts of organisations, sessions, events and
items are shown as they are, and a count written 400+ as written. A list,
as the model reports give them: a chart of unlike things (packs beside
events) on one axis would say nothing more."""

from __future__ import annotations

import pandas as pd

from pipeline import markdown
from pipeline.redaction import redact
from pipeline.report import disclosure, figures
from pipeline.report.blocks import Text
from pipeline.report.sections.base import Section, needs


class Reach(Section):
    dataset = "reach"

    def _rows(self) -> pd.DataFrame:
        return self.data.frame("reach").reset_index(drop=True)

    def _shown(self, measure: str) -> str:
        return self.figures.shown(figures.reach(measure))

    @needs("reach")
    def text(self) -> Text | None:
        """Each measure, then its count: the measure leads its line, so it
        keeps its capital as written ("220 Activity packs" read as a
        capital in mid-sentence; "220 activity packs" lower-cased names
        such as "MHASPA workshops")."""
        lines = ["Outputs counted, as the team recorded them:", ""]
        for row in self._rows().itertuples():
            shown = self._shown(str(row.measure))
            measure = markdown.escape(redact(str(row.measure)))
            notes = _notes(row)
            note = f" ({markdown.escape(notes)})" if notes else ""
            if shown == disclosure.WITHHELD:
                lines.append(f"- {measure}: not published, to protect small numbers{note}")
            else:
                lines.append(f"- {measure}: **{markdown.escape(shown)}**{note}")
        return Text("\n".join(lines))


def _notes(row) -> str:
    """What the measure is part of, then the evaluators' note."""
    notes = []
    part_of = getattr(row, "part_of", None)
    if part_of is not None and not pd.isna(part_of):
        notes.append(f"part of {redact(str(part_of))}")
    if not pd.isna(row.note):
        notes.append(redact(str(row.note)))
    return "; ".join(notes)

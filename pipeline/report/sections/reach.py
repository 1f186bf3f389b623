"""Reach: outputs counted in aggregate (coaches trained, packs given out),
each count through disclosure control (`report.figures`), named as the
evaluators wrote them. A list, as the model reports give them: a chart of
unlike things (packs beside events) on one axis would say nothing more."""

from __future__ import annotations

import pandas as pd

from pipeline import markdown
from pipeline.redaction import redact
from pipeline.report import disclosure
from pipeline.report.blocks import Text
from pipeline.report.sections.base import Section, needs


class Reach(Section):
    dataset = "reach"

    def _rows(self) -> pd.DataFrame:
        return self.data.frame("reach").reset_index(drop=True)

    def _shown(self, measure: str) -> str:
        return self.figures.shown(f"reach.measure={measure}")

    @needs("reach")
    def text(self) -> Text | None:
        lines = []
        for row in self._rows().itertuples():
            shown = self._shown(str(row.measure))
            measure = markdown.escape(redact(str(row.measure)))
            note = "" if pd.isna(row.note) else f" ({markdown.escape(redact(str(row.note)))})"
            if shown == disclosure.WITHHELD:
                lines.append(f"- {measure}: not published, to protect small numbers{note}")
            else:
                lines.append(f"- **{markdown.escape(shown)}** {measure}{note}")
        return Text("\n".join(lines))

"""Participants' and partners' words, grouped by theme and attributed by role
only. Quotes given without consent never reach data/processed (`process`);
every quote is redacted and escaped. Quotes themed `Training` are the
trainees' words and appear in the workforce section instead."""

from __future__ import annotations

import pandas as pd

from pipeline import markdown
from pipeline.report.blocks import Text
from pipeline.report.sections.base import Section, needs

TRAINING_THEME = "training"
NO_THEME = "Other"


def blockquotes(quotes: pd.DataFrame) -> list[str]:
    lines = []
    for q in quotes.itertuples():
        lines += [
            f"> \u201c{markdown.escape(str(q.quote))}\u201d",
            ">",
            f"> \u2014 {markdown.escape(str(q.role))}",
            "",
        ]
    return lines


def themed(quotes: pd.DataFrame) -> pd.Series:
    return quotes["theme"].fillna(NO_THEME).astype(str).str.strip()


class Quotes(Section):
    dataset = "quotes"

    def has_data(self) -> bool:
        """Only quotes beyond the trainees' (shown with the training) make a section."""
        return self.data.has("quotes") and not self._quotes(training=False).empty

    def _quotes(self, training: bool) -> pd.DataFrame:
        quotes = self.data.frame("quotes")
        is_training = themed(quotes).str.lower() == TRAINING_THEME
        return quotes[is_training == training]

    @needs("quotes")
    def text(self) -> Text | None:
        quotes = self._quotes(training=False)
        if quotes.empty:
            return None
        themes = themed(quotes)
        lines = []
        for theme in sorted(themes.unique(), key=lambda t: (t == NO_THEME, t)):
            lines += [f"### {markdown.escape(theme)}", ""]
            lines += blockquotes(quotes[themes == theme])
        return Text("\n".join(lines).rstrip())

    def training(self) -> Text | None:
        """The trainees' words, for the workforce section."""
        if not self.data.has("quotes"):
            return None
        quotes = self._quotes(training=True)
        if quotes.empty:
            return None
        return Text("\n".join(["What trainees said:", "", *blockquotes(quotes)]).rstrip())

"""The evaluators' words: narrative.md's body, made safe (raw HTML shown as
text, unsafe links removed, contact details redacted)."""

from __future__ import annotations

from pipeline import markdown
from pipeline.redaction import redact
from pipeline.report.blocks import Text
from pipeline.report.sections.base import Section


class Narrative(Section):
    def text(self) -> Text:
        front, body = self.inputs.narrative
        if not body.strip():
            return Text("The evaluators did not provide a narrative for this period.")
        lines = []
        authors = front.get("authors")
        if authors:
            names = authors if isinstance(authors, list) else [authors]
            lines += [f"By {markdown.escape(redact(', '.join(str(a) for a in names)))}.", ""]
        lines.append(markdown.safe_markdown(body, shift_headings=1))
        return Text("\n".join(lines))

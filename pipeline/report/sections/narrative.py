"""The evaluators' words: narrative.md's sections other than the recognised
ones (`learning`), made safe (raw HTML shown as text, unsafe links removed,
contact details redacted, comments never published)."""

from __future__ import annotations

from pipeline import markdown
from pipeline.report.blocks import Text
from pipeline.report.sections.base import Section
from pipeline.report.sections.learning import recognised, sections


class Narrative(Section):
    def text(self) -> Text:
        front, _ = self.inputs.narrative
        preamble, found = sections(self.inputs.narrative)
        others = [(h, t) for h, t in found if not recognised(h)]
        if not preamble and not found:  # no narrative, or its template left unfilled
            return Text("The evaluators did not provide a narrative for this period.")
        lines = []
        authors = front.get("authors")
        if authors:
            names = authors if isinstance(authors, list) else [authors]
            lines += [f"By {markdown.escape(', '.join(str(a) for a in names))}.", ""]
        source = "\n\n".join([preamble] + [f"## {h}\n\n{t}" for h, t in others]).strip()
        if source:
            lines.append(markdown.safe_markdown(source, shift_headings=1))
        else:
            lines.append("The evaluators' other sections are placed where they belong above.")
        return Text("\n".join(lines))

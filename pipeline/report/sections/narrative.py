"""The evaluators' words, each where the narrative puts it (`report.outline`):
the text under a heading that names one of the report's sections opens that
section, above its figures; the text before the first heading opens the
report; every other heading is a section of its own. All of it made safe
(raw HTML shown as text, unsafe links removed, contact details redacted,
comments never published)."""

from __future__ import annotations

from pipeline import markdown
from pipeline.redaction import redact
from pipeline.report.blocks import Text
from pipeline.report.outline import CASE_STUDY, Slot, names_of, narrative_sections
from pipeline.report.sections.base import Section

LEVEL = 2  # the level of a section's heading: `##`, as in narrative.md


class Narrative(Section):
    def _safe(self, text: str, under: int) -> str:
        """Made safe, with the period's own images inside the page."""
        return markdown.safe_markdown(text, under=under, images=self.inputs.images)

    def _sections(self) -> list[tuple[str, str]]:
        return narrative_sections(self.inputs.narrative)[1]

    def preamble(self) -> str:
        """The words before the narrative's first heading, made safe."""
        text = narrative_sections(self.inputs.narrative)[0]
        return self._safe(text, LEVEL) if text else ""

    def words_for(self, slot: Slot) -> str:
        """The words the narrative puts at the top of this section, made
        safe: the text of every heading that names it, in the order written;
        for the case studies, each study under its own title."""
        names = names_of(slot)
        parts = [
            self._safe(text, LEVEL)
            for heading, text in self._sections()
            if " ".join(heading.split()).casefold() in names
        ]
        if slot.key == "case_studies":
            parts += [self._case_study(h, t) for h, t in self._sections() if _is_case_study(h)]
        return "\n\n".join(parts)

    def _case_study(self, heading: str, text: str) -> str:
        title = heading.strip()[len(CASE_STUDY) :].strip() or "Case study"
        title = redact(title[:1].upper() + title[1:])
        return f"### {markdown.escape(title)}\n\n{self._safe(text, LEVEL + 1)}"

    def section(self, number: int) -> Text | None:
        """The narrative's section `number` (counting those with text, from
        0), when its heading names none of the report's sections: a section
        of its own, as the evaluators wrote it, with the text of any other
        section under the same heading. Called by number, so the notebook's
        code never holds the evaluators' words."""
        found = self._sections()
        if not 0 <= number < len(found):
            return None
        heading = found[number][0]
        texts = [t for h, t in found if h == heading]
        body = "\n\n".join(self._safe(t, LEVEL) for t in texts)
        return Text(f"## {markdown.escape(redact(heading))}\n\n{body}")

    def authors(self) -> list[str]:
        front, _ = self.inputs.narrative
        authors = front.get("authors")
        names = authors if isinstance(authors, list) else [authors] if authors else []
        return [redact(str(a)) for a in names if str(a).strip()]


def _is_case_study(heading: str) -> bool:
    return heading.strip().casefold().startswith(CASE_STUDY.casefold())

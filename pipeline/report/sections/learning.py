"""The evaluators' learning: the narrative's recognised sections (`What
worked`, `Challenges`, `What we will test next`, `Legacy`, `Case study: ...`),
each placed where it belongs in the report; every other section stays under
"The evaluators' words" (`narrative`). Made safe like all their words."""

from __future__ import annotations

from pipeline import markdown
from pipeline.report.blocks import Text
from pipeline.report.sections.base import Section

RECOGNISED = ("What worked", "Challenges", "What we will test next", "Legacy")
CASE_STUDY = "Case study:"


def recognised(heading: str) -> bool:
    return heading.casefold() in {
        r.casefold() for r in RECOGNISED
    } or heading.casefold().startswith(CASE_STUDY.casefold())


def sections(narrative: tuple[dict, str]) -> tuple[str, list[tuple[str, str]]]:
    """The narrative's text before its first section, and its sections with
    something written under them (a template's empty ones are left out)."""
    _, body = narrative
    preamble, found = markdown.split_sections(markdown.strip_comments(body))
    return preamble, [(h, text) for h, text in found if text.strip()]


class Learning(Section):
    def _section(self, heading: str) -> str | None:
        _, found = sections(self.inputs.narrative)
        texts = [text for h, text in found if h.casefold() == heading.casefold()]
        return "\n\n".join(texts) if texts else None

    def _part(self, heading: str, missing: str) -> Text:
        text = self._section(heading)
        if text is None:
            return Text(missing)
        return Text(markdown.safe_markdown(text, shift_headings=2))

    def what_worked(self) -> Text:
        return self._part("What worked", "The narrative has no \u201cWhat worked\u201d section.")

    def challenges(self) -> Text:
        return self._part("Challenges", "The narrative has no \u201cChallenges\u201d section.")

    def next_steps(self) -> Text:
        return self._part(
            "What we will test next",
            "The narrative has no \u201cWhat we will test next\u201d section.",
        )

    def legacy(self) -> Text:
        return self._part("Legacy", "The narrative has no \u201cLegacy\u201d section.")

    def case_studies(self) -> Text:
        _, found = sections(self.inputs.narrative)
        studies = [(h, t) for h, t in found if h.casefold().startswith(CASE_STUDY.casefold())]
        if not studies:
            return Text("The narrative has no case study this period.")
        parts = []
        for heading, text in studies:
            title = heading[len(CASE_STUDY) :].strip() or "Case study"
            parts += [f"### {markdown.escape(title[:1].upper() + title[1:])}", "",
                      markdown.safe_markdown(text, shift_headings=2), ""]  # fmt: skip
        return Text("\n".join(parts).rstrip())

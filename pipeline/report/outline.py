"""The order of a report's sections, and which of the narrative's words go
in which (contract section 5, "The narrative shapes the report").

A report kind's notebook lists its sections in its default order, each
begun by a cell calling `report.section(key, title)`. The evaluators' `##`
headings shape that order:

- a heading that names one of the report's sections (as the report titles
  it, or by the name contract section 4 gave it, e.g. "What worked", in
  any case) puts its text at the top of that section; "Case study: ..."
  headings go to the case studies;
- any other heading becomes a section of its own, kept where it was written
  relative to those: right after the section of the heading before it, or,
  when it comes before all of them, near the top;
- `outline:` in period.yml (or area.yml) lists sections (by title, or by a
  heading of the narrative) in the order wanted; those it leaves out follow
  in their usual order. "About this report" always closes the report.

Nothing here reads a file: the notebook's sections, the narrative and the
outline are handed in, so the run (which arranges the notebook's cells
before executing it) and the report (which fills each section) agree."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline import markdown
from pipeline.errors import InputError

CASE_STUDY = "Case study:"
ABOUT = "about"
# Names a narrative may use for a section besides the title a kind gives it:
# the recognised headings of contract section 4 and each section's plain name.
NAMES = {
    "introduction": ("Introduction",),
    "aims": ("Aims",),
    "context": ("Context",),
    "survey": ("Community survey", "Survey"),
    "workforce": ("Workforce development", "Workforce", "Training"),
    "delivery": ("Delivery",),
    "reach": ("Reach",),
    "funding": ("Funding",),
    "partners": ("Partners",),
    "milestones": ("Milestones",),
    "quotes": ("In their words",),
    "what_worked": ("What worked",),
    "challenges": ("Challenges",),
    "case_studies": ("Case studies",),
    "next_steps": ("What we will test next",),
    "legacy": ("Legacy",),
    "recommendations": ("Recommendations",),
    ABOUT: ("About this report",),
}


@dataclass(frozen=True)
class Slot:
    """One section of the report: one of the kind's (`key`), or a heading of
    the narrative that names none of them (`key` empty)."""

    key: str
    title: str


def _folded(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def names_of(slot: Slot) -> set[str]:
    return {_folded(slot.title), *(_folded(n) for n in NAMES.get(slot.key, ()))}


def section_for(heading: str, slots: list[Slot]) -> Slot | None:
    """The report section a narrative heading names, if any."""
    folded = _folded(heading)
    if folded.startswith(_folded(CASE_STUDY)):
        return next((s for s in slots if s.key == "case_studies"), None)
    return next((s for s in slots if s.key and folded in names_of(s)), None)


def narrative_sections(narrative: tuple[dict, str]) -> tuple[str, list[tuple[str, str]]]:
    """The narrative's text before its first `##` heading, and each heading
    with the text under it, where something is written there (a template's
    empty sections are left out); comments are never published."""
    _, body = narrative
    preamble, found = split_sections(markdown.strip_comments(body))
    return preamble, [(h, text) for h, text in found if text.strip()]


def order(slots: list[Slot], headings: list[str], outline: list[str] | None = None) -> list[Slot]:
    """The report's sections in the order they are shown: the kind's
    `slots` (in its default order) and the narrative's own sections, placed
    as the module docstring says. `headings` are the narrative's `##`
    headings with text, in the order written."""
    own = [Slot("", h) for h in dict.fromkeys(headings) if section_for(h, slots) is None]
    about = [s for s in slots if s.key == ABOUT]
    body = [s for s in slots if s.key != ABOUT]
    listed = _listed(outline or [], body, own, about)
    placed = listed + [s for s in body if s not in listed]
    unplaced = [s for s in own if s not in listed]
    # Each of the narrative's own sections follows the section of the heading
    # written before it; those written before any go near the top.
    anchor: Slot | None = None
    after: dict[Slot | None, list[Slot]] = {}
    for heading in dict.fromkeys(headings):
        slot = section_for(heading, slots) or Slot("", heading)
        if slot in unplaced:
            after.setdefault(anchor, []).append(slot)
        elif slot.key != ABOUT:
            anchor = slot
    arranged: list[Slot] = []
    for slot in placed:
        arranged.append(slot)
        arranged += after.get(slot, [])
    leading = after.get(None, [])
    if leading:
        first_named = next(
            (section_for(h, slots) for h in headings if section_for(h, slots) is not None), None
        )
        # Before the opening section only when the narrative put them there.
        at = 0 if arranged and first_named == arranged[0] else min(1, len(arranged))
        arranged[at:at] = leading
    return arranged + about


def _listed(outline: list[str], body: list[Slot], own: list[Slot], about: list[Slot]) -> list[Slot]:
    """The sections `outline:` names, in its order; one line for a name that
    is neither a section of this report nor a heading of the narrative."""
    listed: list[Slot] = []
    for name in outline:
        folded = _folded(name)
        if any(folded in names_of(s) or folded == s.key for s in about):
            continue  # always last
        slot = next((s for s in body if folded in names_of(s) or folded == s.key), None)
        slot = slot or next((s for s in own if _folded(s.title) == folded), None)
        if slot is None:
            titles = "; ".join(s.title for s in body)
            raise InputError(
                f"outline: {name!r} is neither a section of this report nor a heading of "
                f"the narrative; the report's sections are: {titles}",
                column="outline",
            )
        if slot not in listed:
            listed.append(slot)
    return listed


def split_sections(text: str) -> tuple[str, list[tuple[str, str]]]:
    """Markdown split at its level-2 (`## `) headings, outside code fences:
    the text before the first, then each heading with the text under it.
    A footnote's text goes with each part that refers to it: written at the
    end of the narrative (as Word's footnotes are), it was published apart
    from its mark, which showed as a bare "[^1]"."""
    preamble: list[str] = []
    sections: list[tuple[str, list[str]]] = []
    notes: dict[str, list[str]] = {}
    note: list[str] | None = None  # the footnote being read
    fence = ""
    for line in text.splitlines():
        stripped = line.lstrip()
        if note is not None and (line[:1] in (" ", "\t") or not stripped):
            note.append(line)
            continue
        note = None
        if fence:
            if stripped.startswith(fence):
                fence = ""
        elif stripped[:3] in ("```", "~~~"):
            fence = stripped[:3]
        elif found := _NOTE_TEXT.match(line):
            note = notes.setdefault(found.group(1), [])
            note.append(line)
            continue
        elif line.startswith("## ") and not line.startswith("###"):
            sections.append((line[3:].strip().strip("#").strip(), []))
            continue
        (sections[-1][1] if sections else preamble).append(line)

    def with_notes(lines: list[str]) -> str:
        part = "\n".join(lines).strip()
        used = [label for label in notes if f"[^{label}]" in part]
        return "\n\n".join([part, *("\n".join(notes[label]).strip() for label in used)])

    return with_notes(preamble).strip(), [(h, with_notes(body)) for h, body in sections]


_NOTE_TEXT = re.compile(r"\[\^([^\]\s]+)\]:")

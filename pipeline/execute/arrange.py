"""The notebook made to fit one report before it runs: its sections in the
order the report asks for (`report.outline`: the narrative's headings and
`outline:` in period.yml or area.yml), and its title block from the
narrative's front matter and the area's metadata."""

from __future__ import annotations

import hashlib
from pathlib import Path

import nbformat

from pipeline import markdown, notebook
from pipeline.errors import InputError
from pipeline.processed import Processed
from pipeline.redaction import redact
from pipeline.report import outline, words


def front_for(data: Processed) -> dict:
    """The title block, escaped (Quarto reads front matter as Markdown): the
    narrative's title, else the area and the period's label; a subtitle
    naming the area (when the title does not), the programme, the lead
    organisation and the period's dates; the narrative's summary as the
    report's first line (`abstract`) and its authors."""
    area, period = data.area, data.period
    front, _ = data.narrative()
    title = redact(str(front.get("title") or "").strip()) or f"{area['name']}: {period['label']}"
    about = [area["name"]] if area["name"].casefold() not in title.casefold() else []
    about += [v for v in (area["programme"], area.get("lead_organisation")) if v]
    about.append(f"{words.date(period['start'])} to {words.date(period['end'])}")
    found = {
        "title": markdown.escape(title),
        "subtitle": markdown.escape(" \u00b7 ".join(str(v) for v in about)),
    }
    if str(front.get("summary") or "").strip():
        found["abstract"] = markdown.escape(redact(str(front["summary"])))
        found["abstract-title"] = "Summary"
    authors = front.get("authors")
    names = authors if isinstance(authors, list) else [authors] if authors else []
    names = [markdown.escape(redact(str(a))) for a in names if str(a).strip()]
    if names:
        found["author"] = names
    return found


def arrange(nb: nbformat.NotebookNode, data: Processed) -> None:
    """The notebook's sections in the order this report asks for
    (`report.outline`): `outline:` in period.yml or area.yml, and the
    narrative's headings, each of which names a section or becomes one. A
    notebook whose cells name no sections (a team's own) runs as written."""
    slots = [outline.Slot(key, title) for key, title in notebook.sections(nb)]
    if not slots:
        return
    _, found = outline.narrative_sections(data.narrative())
    wanted = data.period.get("outline")
    where = "period.yml" if wanted else "area.yml"
    wanted = wanted or data.area.get("outline")
    try:
        order = outline.order(slots, [heading for heading, _ in found], wanted)
    except InputError as error:
        folder = Path("data/raw", data.manifest["area"])
        if where == "period.yml":
            folder = folder / data.manifest["period"]
        raise InputError(
            error.message, file=(folder / where).as_posix(), column="outline"
        ) from None
    headings = [heading for heading, _ in found]
    own = {h: headings.index(h) for h in headings}
    notebook.arrange(
        nb, [(s.key, s.title) for s in order], lambda key, title: _own_section(title, own[title])
    )


def _own_section(heading: str, number: int) -> list:
    """The cell of a narrative heading that names none of the report's
    sections. It calls the section by number and its metadata holds the
    heading redacted: the published notebook carries no contact details."""
    source = f"#| echo: false\nreport.narrative.section({number})"
    title = redact(heading)
    cell = nbformat.v4.new_code_cell(
        source, metadata={notebook.SECTION: {"section": "", "title": title}}
    )
    cell.id = "narrative-" + hashlib.sha1(title.encode("utf-8")).hexdigest()[:8]
    return [cell]

"""Quarto's conventions inside a Jupyter notebook, read and written in one
place: the front matter in the first raw cell, and `#| key: value` options at
the top of code cells. Captions and alt text live only there, so Quarto and
the built-in renderer read the same words. Also learnrep's own: the cell that
begins each section of a report names it in its metadata (`learnrep.section`
and `learnrep.title`), so the sections can be put in the order a report asks
for before it runs."""

from __future__ import annotations

import functools
import json

import yaml

OPTION = "#| "


def cell_options(source: str) -> tuple[dict, str]:
    """A code cell's options and the code below them."""
    lines = source.splitlines()
    count = 0
    while count < len(lines) and lines[count].startswith(OPTION.rstrip()):
        count += 1
    options = _parsed("\n".join(line[3:] for line in lines[:count]))
    return dict(options) if isinstance(options, dict) else options, "\n".join(lines[count:])


@functools.lru_cache(maxsize=512)
def _parsed(block: str) -> dict:
    # Every report of a run reads the same cells' options, twice (finalising
    # and rendering): parsing the YAML each time was a seventh of a report
    # worker's own CPU. Callers get a copy of the cached options.
    return yaml.safe_load(block) or {}


def set_option(source: str, key: str, value: str) -> str:
    """Replace (or add) one option, writing the value as a quoted string."""
    options, code = cell_options(source)
    options[key] = value
    written = [
        f"{OPTION}{k}: {json.dumps(v, ensure_ascii=False) if isinstance(v, str) else _yaml(v)}"
        for k, v in options.items()
    ]
    return "\n".join([*written, code]) if code else "\n".join(written)


def _yaml(value) -> str:
    return yaml.safe_dump(value, default_flow_style=True).strip().removesuffix("\n...")


def front_matter(nb) -> dict:
    first = nb.cells[0] if nb.cells else None
    if first is None or first.cell_type != "raw" or not first.source.startswith("---"):
        return {}
    return yaml.safe_load(first.source.strip().strip("-")) or {}


def set_front_matter(nb, values: dict) -> None:
    merged = {**front_matter(nb), **values}
    text = yaml.safe_dump(merged, sort_keys=False, allow_unicode=True, width=1000)
    nb.cells[0].source = f"---\n{text}---"


SECTION = "learnrep"  # the metadata key of a section's first cell


def section_of(cell) -> tuple[str, str] | None:
    """(key, title) when the cell begins a section of the report."""
    named = cell.get("metadata", {}).get(SECTION, {})
    if "section" not in named or "title" not in named:
        return None
    return str(named["section"]), str(named["title"])


def sections(nb) -> list[tuple[str, str]]:
    """The notebook's sections, as (key, title), in the order of its cells."""
    return [found for cell in nb.cells if (found := section_of(cell)) is not None]


def arrange(nb, order: list[tuple[str, str]], new_section) -> None:
    """Put the notebook's sections in `order`: each section is its first cell
    and every cell up to the next section's; a section in `order` that the
    notebook does not have is `new_section(key, title)`, a list of cells.
    What comes before the first section (front matter, parameters, setup)
    stays first."""
    head: list = []
    groups: dict[tuple[str, str], list] = {}
    current: list = head
    for cell in nb.cells:
        found = section_of(cell)
        if found is not None:
            current = groups.setdefault(found, [])
        current.append(cell)
    cells = list(head)
    for slot in order:
        cells += groups.pop(slot) if slot in groups else new_section(*slot)
    for rest in groups.values():  # not in the order: kept, after it
        cells += rest
    nb.cells = cells

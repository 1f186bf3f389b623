"""Quarto's conventions inside a Jupyter notebook, read and written in one
place: the front matter in the first raw cell, and `#| key: value` options at
the top of code cells. Captions and alt text live only there, so Quarto and
the built-in renderer read the same words."""

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

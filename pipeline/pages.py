"""The Jinja environment every published page is written from: the index,
the programme overviews and the steward's validation pages (pipeline/templates/)."""

from __future__ import annotations

import jinja2

TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("pipeline", "templates"),
    autoescape=True,  # names, labels and messages come from data: text, never markup
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)

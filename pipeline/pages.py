"""The Jinja environment every published page is written from: the index,
the programme overviews and the steward's validation pages (pipeline/templates/)."""

from __future__ import annotations

import functools

from pipeline.redaction import redact


@functools.cache
def templates():
    """Made on the first page written, not on import: a run with nothing to
    do writes no page and so never imports Jinja."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("pipeline", "templates"),
        autoescape=True,  # names, labels and messages come from data: text, never markup
        finalize=_redacted,  # and every value shown has its contact details removed
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _redacted(value):
    return redact(value) if isinstance(value, str) else value

"""The working: the executed notebook as a readable page for analysts who
audit the method, next to the report (`notebook.html`). nbconvert's HTML
exporter does the job it exists for, with JupyterLab's look and the code
shown; learnrep's template (`templates/nbconvert/learnrep-working`, which
extends nbconvert's `lab`) only makes the page fetch nothing, so it is
self-contained and works offline, and gives each figure the alt text its
output carries. Streams and errors are not in a published notebook's
outputs (the report's cells write none), so the page shows what the report
was made from: parameters, calls and what each returned."""

from __future__ import annotations

import copy
from importlib import resources
from typing import TYPE_CHECKING

from pipeline.redaction import redact

if TYPE_CHECKING:
    import nbformat

TEMPLATE = "learnrep-working"


def page(nb: nbformat.NotebookNode, title: str) -> bytes:
    """The page, titled `title` (from data: its contact details removed here,
    as every text from data is on its way into a published file; nbconvert
    escapes it)."""
    # nbconvert (with Pygments and mistune) is imported here, not with the
    # module: the run's own process never makes this page; its report workers
    # have it imported already (`runners.worker_imports`).
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name=TEMPLATE,
        extra_template_basedirs=[str(resources.files("pipeline") / "templates" / "nbconvert")],
        embed_images=True,
    )
    about = {"metadata": {"name": redact(title)}}
    html, _ = exporter.from_notebook_node(_without_front_matter(nb), resources=about)
    return html.encode("utf-8")


def _without_front_matter(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook without its first raw cell of YAML front matter: the
    renderer's settings (Quarto reads them), which opened the page as a
    block of raw YAML; the page's title says what the report is."""
    cells = [
        cell
        for cell in nb.cells
        if not (cell.cell_type == "raw" and cell.source.lstrip().startswith("---"))
    ]
    shown = copy.copy(nb)
    shown.cells = cells
    return shown

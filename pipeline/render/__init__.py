"""Executed notebook -> learning-report.html, .pdf and (when asked) .docx.

Two renderers read the same executed notebook the same way Quarto does:
markdown cells as written, code hidden, `text/markdown` outputs as Markdown,
an image output as a figure whose caption and alt text are the cell's
`#| fig-cap` and `#| fig-alt`, a table output captioned by `#| tbl-cap`.

- quarto: `quarto render` through the `quarto` Python package, without
  re-executing; HTML with embedded resources, PDF through Quarto's typst
  format (no LaTeX).
- builtin: the notebook becomes one pandoc Markdown document; pandoc
  (from pypandoc_binary) writes a self-contained HTML page and a typst source,
  and typst compiles a tagged PDF/UA-1. Nothing needs installing beyond PyPI.

Each renderer returns bytes; the build stage decides where they go."""

from __future__ import annotations

import base64
import functools
import os
import re
import shutil
import tempfile
import unicodedata
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from pipeline import markdown, notebook, pandoc
from pipeline.errors import RenderError
from pipeline.render import word

if TYPE_CHECKING:
    import nbformat

FORMATS = ("html", "pdf", "docx")
DEFAULT_FORMATS = ("html", "pdf")  # docx only when asked for


def in_order(formats) -> tuple[str, ...]:
    """Formats as a tuple in FORMATS' order, each once."""
    wanted = set(formats)
    return tuple(f for f in FORMATS if f in wanted)


RENDERERS = ("auto", "quarto", "builtin")
# Our own document: as the narrative reader, but with figures and the
# attributes that carry their ids and alt text. Every piece of text from data or the
# evaluators reaches it already escaped, so no attribute can come from them.
DOCUMENT_READER = markdown.READER.replace("-link_attributes", "").replace("-implicit_figures", "")
IMAGE_TYPES = {"image/svg+xml": "svg", "image/png": "png"}
# What the front matter gives the title block (escaped already: see execute.front_for).
TITLE_BLOCK = ("title", "subtitle", "author", "abstract", "abstract-title", "lang")


def choose(renderer: str) -> str:
    """`auto` is Quarto when a `quarto` executable is on PATH."""
    if renderer == "auto":
        return "quarto" if shutil.which("quarto") else "builtin"
    if renderer == "quarto" and not shutil.which("quarto"):
        raise RenderError(
            "--renderer quarto needs the `quarto` executable on PATH "
            "(https://quarto.org/docs/get-started/); --renderer builtin needs nothing"
        )
    return renderer


def render(nb: nbformat.NotebookNode, renderer: str, formats) -> dict[str, bytes]:
    if renderer == "quarto":
        return render_quarto(nb, formats)
    return render_builtin(nb, formats)


# -- the built-in renderer ---------------------------------------------------------


def document(nb: nbformat.NotebookNode) -> tuple[str, dict[str, bytes]]:
    """The notebook as one pandoc Markdown document (front matter first), and
    its image files."""
    parts: list[str] = []
    images: dict[str, bytes] = {}
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            parts.append(cell.source)
        elif cell.cell_type == "code":
            options, _ = notebook.cell_options(cell.source)
            parts += _outputs(cell, options, images)
    front = notebook.front_matter(nb)
    head = {key: front[key] for key in TITLE_BLOCK if front.get(key)}
    head.setdefault("lang", "en-GB")
    parts.insert(0, "---\n" + yaml.safe_dump(head, allow_unicode=True, width=1000) + "---")
    return "\n\n".join(p.strip() for p in parts if p.strip()) + "\n", images


def _outputs(cell, options: dict, images: dict[str, bytes]) -> list[str]:
    """Only display outputs are published: streams and errors never are."""
    parts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") not in {"display_data", "execute_result"}:
            continue
        data = output.get("data", {})
        image = next((mime for mime in IMAGE_TYPES if mime in data), None)
        if image:
            label = options.get("label") or f"fig-{len(images) + 1}"
            name = f"{label}.{IMAGE_TYPES[image]}"
            content = data[image]
            images[name] = (
                content.encode("utf-8") if image == "image/svg+xml" else base64.b64decode(content)
            )
            caption = markdown.escape(options.get("fig-cap", ""))
            alt = _attribute(options.get("fig-alt") or options.get("fig-cap", ""))
            parts.append(f"![{caption}]({name}){{#{label} alt={alt}}}")
        elif "text/markdown" in data:
            text = _inline_images(data["text/markdown"], images)
            if options.get("tbl-cap"):
                # Before the table: a key may follow it (`blocks.Table.key`).
                label = f" {{#{options['label']}}}" if options.get("label") else ""
                text = f": {markdown.escape(options['tbl-cap'])}{label}\n\n{text}"
            parts.append(text)
    return parts


# The narrative's own images travel inside its Markdown as data URIs (see
# markdown.safe_markdown); only learnrep writes one unescaped.
_DATA_URI = re.compile(r"\]\(data:image/(png|jpeg|svg\+xml);base64,([A-Za-z0-9+/=]+)\)")
_EXTENSIONS = {"png": "png", "jpeg": "jpg", "svg+xml": "svg"}


def _inline_images(text: str, images: dict[str, bytes]) -> str:
    """Each image inside Markdown written out as a file of its own, which
    typst and Word need (HTML embeds it again)."""

    def written(found: re.Match) -> str:
        name = f"narrative-{len(images) + 1}.{_EXTENSIONS[found[1]]}"
        images[name] = base64.b64decode(found[2])
        return f"]({name})"

    return _DATA_URI.sub(written, text)


def _attribute(text: str) -> str:
    return '"' + " ".join(str(text).split()).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _template(name: str) -> str:
    return str(resources.files("pipeline") / "templates" / name)


def render_builtin(nb: nbformat.NotebookNode, formats) -> dict[str, bytes]:
    source, images = document(nb)
    out: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="learnrep-render-") as folder:
        work = Path(folder)
        for name, content in images.items():
            (work / name).write_bytes(content)
        common = ["--from", DOCUMENT_READER, "--standalone", "--toc", "--toc-depth=2"]
        if "html" in formats:
            html = pandoc.run(
                source,
                [
                    *common,
                    "--to",
                    "html5",
                    "--template",
                    _template("report.html"),
                    "--embed-resources",
                    "--section-divs",
                    "--css",
                    _template("report.css"),
                    "--lua-filter",
                    _template("scroll.lua"),
                ],
                cwd=work,
            )
            out["html"] = html.encode("utf-8")
        if "pdf" in formats:
            typst_source = pandoc.run(
                shown_by_fonts(source),
                [
                    *common,
                    "--to",
                    "typst",
                    "--template",
                    _template("report.typ"),
                    "--lua-filter",
                    _template("typst-alt.lua"),
                ],
                cwd=work,
            )
            (work / "report.typ").write_text(typst_source, encoding="utf-8")
            out["pdf"] = _typst(work / "report.typ")
        if "docx" in formats:
            out["docx"] = word.document(
                source, work, common, _template("reference.docx"), _timestamp()
            )
    return out


def _typst(source: Path) -> bytes:
    import typst

    fonts = source.parent / "fonts"
    fonts.mkdir()
    for name in FALLBACK_FONT_FILES:
        (fonts / name).symlink_to(_fallback_fonts() / name)
    try:
        return typst.compile(
            str(source),
            root=str(source.parent),
            pdf_standards=["ua-1"],
            # Only typst's own fonts and matplotlib's DejaVu Sans: the PDF is
            # the same on every machine.
            font_paths=[str(fonts)],
            ignore_system_fonts=True,
            timestamp=_timestamp(),
        )
    except typst.TypstError as error:  # every compile problem, as one exception type
        raise RenderError(f"typst could not make the PDF: {error}") from None


# The PDF's second font (report.typ), for what Libertinus Serif lacks: the
# charts' font, shipped with matplotlib, which has most scripts and symbols
# people type (Polish, Romanian, Greek, Cyrillic, arrows, ticks, emoji faces).
FALLBACK_FONT_FILES = (
    "DejaVuSans.ttf",
    "DejaVuSans-Bold.ttf",
    "DejaVuSans-Oblique.ttf",
    "DejaVuSans-BoldOblique.ttf",
)
_KEPT = {"\n", "\t"}


@functools.cache
def _fallback_fonts() -> Path:
    """matplotlib's font folder, found without importing matplotlib (0.2 s)."""
    from importlib.util import find_spec

    package = Path(find_spec("matplotlib").submodule_search_locations[0])
    return package / "mpl-data" / "fonts" / "ttf"


@functools.cache
def shown_characters() -> frozenset[str]:
    """Every character the PDF's fonts can show (DejaVu Sans's, which with
    Libertinus Serif's few others)."""
    from fontTools.ttLib import TTFont

    font = TTFont(_fallback_fonts() / FALLBACK_FONT_FILES[0], lazy=True)
    return frozenset(map(chr, font.getBestCmap())) | _KEPT


def shown_by_fonts(source: str) -> str:
    """The document as the PDF gets it: every character one of its fonts can
    show. A tagged PDF (PDF/UA) cannot be made with a character no font has,
    so one (a runner emoji, a CJK name) is written as its Unicode name in
    brackets, "(person running)", and a control character (from a
    spreadsheet cell) is dropped. This is done to the Markdown, so pandoc's
    typst writer escapes the words wherever they land (typst would read
    "(" straight after `#emph[...]` as more of the call)."""
    missing = set(source) - shown_characters()
    if not missing:
        return source
    words = {ch: "" if unicodedata.category(ch)[0] == "C" else f"({_name(ch)})" for ch in missing}
    return "".join(words.get(ch, ch) for ch in source)


def _name(character: str) -> str:
    return unicodedata.name(character, "unknown character").lower()


def _timestamp() -> int:
    """Typst's notion of "today", pinned: SOURCE_DATE_EPOCH when set."""
    return int(os.environ.get("SOURCE_DATE_EPOCH", "0"))


# -- Quarto ---------------------------------------------------------------------------


def quarto_calls(notebook_file: str, formats) -> list[dict]:
    """The `quarto.render` calls for these formats (unit-tested without Quarto)."""
    calls = []
    for fmt in formats:
        calls.append(
            {
                "input": notebook_file,
                "output_format": {"html": "html", "pdf": "typst"}.get(fmt, fmt),
                "output_file": f"learning-report.{fmt}",
                "execute": False,
                "quiet": True,
            }
        )
    return calls


def render_quarto(nb: nbformat.NotebookNode, formats) -> dict[str, bytes]:
    import nbformat
    import quarto

    out: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="learnrep-quarto-") as folder:
        work = Path(folder)
        source = work / "learning-report.ipynb"
        nbformat.write(nb, source)
        # Quarto writes its output beside the input.
        for call, fmt in zip(quarto_calls(str(source), formats), formats, strict=True):
            quarto.render(**call)
            produced = work / call["output_file"]
            if not produced.is_file():
                # The wrapper ignores quarto's exit status; a missing file is how
                # a failure shows.
                raise RenderError(f"quarto render did not produce {call['output_file']}")
            out[fmt] = produced.read_bytes()
    return out

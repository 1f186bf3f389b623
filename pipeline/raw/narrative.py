"""The evaluators' narrative: `narrative.md`, or `narrative.docx` written in
Word (one or the other). Both come out as front matter (title, authors,
summary) and a Markdown body as written; the report makes the body safe
(`markdown.safe_markdown`) before showing it, whichever file it came from.

From Word, pandoc reads the accepted text only: tracked insertions are kept,
deletions dropped, comments never read, hidden text taken out first
(`hidden_text`). Each image becomes its alt text, or
"[image without a description]"; headings move so the document's top level
is a section (`##`), as in narrative.md. Title and subject (the
summary) come from the document's properties (File > Info in Word); its
Author property is never read."""

from __future__ import annotations

import difflib
import json
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import yaml

from pipeline import markdown, pandoc
from pipeline.config import Project, load_yaml
from pipeline.discover import AreaPeriod
from pipeline.errors import InputError
from pipeline.quoting import in_words, sanitised
from pipeline.raw.hidden_text import without_hidden_text
from pipeline.raw.inventory import inventory
from pipeline.raw.tables import decode

NO_DESCRIPTION = "[image without a description]"
# Word's Author property is not read: Word fills it from whoever's machine
# made the file, and it would be published as the report's authors.
CORE = {
    "title": "{http://purl.org/dc/elements/1.1/}title",
    "summary": "{http://purl.org/dc/elements/1.1/}subject",
}
TRACKED = (b"<w:ins ", b"<w:del ", b"<w:moveFrom ", b"<w:moveTo ")


@dataclass
class Narrative:
    front: dict = field(default_factory=dict)
    body: str = ""
    notes: list[str] = field(default_factory=list)  # warnings for the steward


def find_narrative(project: Project, ap: AreaPeriod) -> Path | None:
    """The period's narrative file (`inventory`); both at once is an error naming both."""
    return inventory(project, ap).narrative(project)


def read_narrative(path: Path, shown: str = "") -> tuple[dict, str]:
    """Front matter and body; both empty when there is no narrative."""
    found = read(path, shown)
    return found.front, found.body


def read(path: Path, shown: str = "") -> Narrative:
    path = Path(path)
    if not path.is_file():
        return Narrative()
    if path.suffix.lower() == ".docx":
        return _from_word(path, shown or path.name)
    # Notepad and older Word save in the Windows code page, as Excel does CSV.
    text, _ = decode(path.read_bytes(), shown or path.name)
    return _from_markdown(text, shown or path.name)


def _from_markdown(text: str, shown: str) -> Narrative:
    if not text.startswith("---"):
        return Narrative(body=text)
    head, _, body = text[3:].partition("\n---")
    try:
        loaded = load_yaml(head)
    except yaml.YAMLError as exc:
        # The problem only: the error's own text quotes the line, which may be anything.
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "it is not valid YAML"
        raise InputError(
            f"its front matter is not valid YAML ({problem})",
            file=shown,
            row=mark.line + 2 if mark is not None else None,
        ) from None
    front = loaded if isinstance(loaded, dict) else {}
    return Narrative(front=front, body=body.lstrip("-\n"), notes=_unused(front, shown))


# The front matter the report uses; anything else in it stays in data/raw.
FRONT_FIELDS = ("title", "authors", "summary")


def _unused(front: dict, shown: str) -> list[str]:
    """A warning for each front-matter field the report does not use: a
    newcomer's `titel:` left the report under its stock title without a
    word. Not an error: a narrative written for Quarto may carry its own
    fields (`date`, `format`), which do no harm."""
    notes = []
    for key in front:
        if str(key) in FRONT_FIELDS:
            continue
        close = difflib.get_close_matches(str(key), FRONT_FIELDS, n=1, cutoff=0.6)
        hint = f" (did you mean `{close[0]}`?)" if close else ""
        name = in_words(sanitised(key, "enum", FRONT_FIELDS))
        notes.append(
            f"{shown}: its front matter's {name} is not used{hint}; the report uses "
            + ", ".join(f"`{f}`" for f in FRONT_FIELDS)
        )
    return notes


def _from_word(path: Path, shown: str) -> Narrative:
    unreadable = InputError(
        "is not a Word document that can be read (corrupt, or protected by a password); "
        "save it again from Word as a .docx without a password",
        file=shown,
    )
    try:
        with zipfile.ZipFile(path) as book:
            document = book.read("word/document.xml")
            core = book.read("docProps/core.xml") if "docProps/core.xml" in book.namelist() else b""
    except (zipfile.BadZipFile, KeyError, OSError):
        raise unreadable from None
    with tempfile.TemporaryDirectory(prefix="learnrep-word-") as folder:
        shown_text = Path(folder) / "shown.docx"
        try:
            hidden = without_hidden_text(path, shown_text)
        except (zipfile.BadZipFile, KeyError, OSError, ElementTree.ParseError):
            raise unreadable from None
        read = [pandoc.path(), "--from", "docx", "--to", "json", "--track-changes=accept"]
        done = subprocess.run(
            [*read, str(shown_text if hidden else path)], capture_output=True, check=False
        )
    if done.returncode != 0:
        raise unreadable
    tree = json.loads(done.stdout)
    missing = _images_to_text(tree["blocks"])
    _sections_at_level_two(tree["blocks"])
    tree["meta"] = {}
    body = pandoc.run(json.dumps(tree), ["--from", "json", "--to", "markdown", "--wrap=none"])
    notes = []
    if any(mark in document for mark in TRACKED):
        notes.append(
            f"{shown}: has tracked changes; the report uses the text as if every change "
            "were accepted (comments are never published)"
        )
    if hidden:
        notes.append(f"{shown}: has hidden text (Word's Font > Hidden), which is never published")
    if missing:
        notes.append(
            f"{shown}: {missing} image{'s' if missing != 1 else ''} without a description "
            f'(alt text) shown as "{NO_DESCRIPTION}"; add one in Word (right-click > '
            "View Alt Text)"
        )
    try:
        front = _properties(core)
    except ElementTree.ParseError:
        raise unreadable from None
    return Narrative(front=front, body=body, notes=notes)


def _properties(core: bytes) -> dict:
    if not core:
        return {}
    root = ElementTree.fromstring(core)
    front = {}
    for key, tag in CORE.items():
        element = root.find(tag)
        if element is not None and (element.text or "").strip():
            front[key] = element.text.strip()
    return front


def _images_to_text(node) -> int:
    """Replace every image by its alt text (or NO_DESCRIPTION): the picture
    itself is never published. A captioned picture (a Figure) becomes its
    alt text and its caption, as paragraphs: left a figure of words, it was
    written out as HTML, and published as "<figure>" in the text. Returns
    how many had no description."""
    missing = 0
    if isinstance(node, list):
        index = 0
        while index < len(node):
            item = node[index]
            if isinstance(item, dict) and item.get("t") == "Figure":
                _, (_, caption), content = item["c"]
                shown = [markdown.inline_text(b.get("c", [])) for b in content]
                said = [markdown.inline_text(b.get("c", [])) for b in caption]
                # A caption that says what the alt text says is said once.
                node[index : index + 1] = content + (caption if said != shown else [])
                continue
            if isinstance(item, dict) and item.get("t") == "Image":
                alt = item["c"][1]
                if not markdown.inline_text(alt).strip():
                    missing += 1
                    alt = [{"t": "Str", "c": NO_DESCRIPTION}]
                node[index : index + 1] = alt
                index += len(alt)
                continue
            missing += _images_to_text(item)
            index += 1
    elif isinstance(node, dict):
        missing += _images_to_text(node.get("c"))
    return missing


def _sections_at_level_two(blocks: list) -> None:
    """Word's top heading level (usually Heading 1) becomes `##`, a section."""
    levels = [b["c"][0] for b in blocks if isinstance(b, dict) and b.get("t") == "Header"]
    if not levels:
        return
    shift = 2 - min(levels)
    for block in blocks:
        if isinstance(block, dict) and block.get("t") == "Header":
            block["c"][0] = max(1, min(6, block["c"][0] + shift))

"""Word's hidden text (Font > Hidden, `w:vanish`) taken out of a narrative
before pandoc reads it: pandoc reads hidden text as if it were shown, and
what a writer hid (a note to a colleague, a name) is not theirs to publish.
A run is hidden by its own formatting, or by its character or paragraph
style (through the styles it is based on); `w:vanish w:val="0"` shows it
again, as in Word."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.etree import ElementTree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_OFF = {"0", "false", "off"}


def without_hidden_text(source: Path, target: Path) -> int:
    """Copy the document at `source` to `target` without its hidden runs;
    returns how many runs were hidden (0: nothing is written)."""
    with zipfile.ZipFile(source) as book:
        names = book.namelist()
        document = book.read("word/document.xml")
        styles = book.read("word/styles.xml") if "word/styles.xml" in names else b""
        if b"vanish" not in document + styles:
            return 0
        hidden_styles = _hidden_styles(styles)
        root = _parse(document)
        removed = _remove_hidden_runs(root, hidden_styles)
        if not removed:
            return 0
        cleaned = ElementTree.tostring(root, encoding="UTF-8", xml_declaration=True)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
            for info in book.infolist():
                data = cleaned if info.filename == "word/document.xml" else book.read(info)
                copy.writestr(info, data)
    return removed


def _parse(xml: bytes) -> ElementTree.Element:
    """Parsed with the document's own namespace prefixes, which are kept when
    it is written back (pandoc reads `w:` elements by that prefix)."""
    for _, (prefix, uri) in ElementTree.iterparse(io.BytesIO(xml), events=("start-ns",)):
        ElementTree.register_namespace(prefix, uri)
    return ElementTree.fromstring(xml)


def _vanish(properties: ElementTree.Element | None) -> bool | None:
    """True or False when these run properties set hidden text, else None."""
    found = None if properties is None else properties.find(f"{W}vanish")
    if found is None:
        return None
    return found.get(f"{W}val", "true").lower() not in _OFF


def _hidden_styles(styles: bytes) -> set[str]:
    if not styles:
        return set()
    own: dict[str, bool | None] = {}
    based_on: dict[str, str] = {}
    for style in ElementTree.fromstring(styles).iter(f"{W}style"):
        name = style.get(f"{W}styleId", "")
        own[name] = _vanish(style.find(f"{W}rPr"))
        parent = style.find(f"{W}basedOn")
        if parent is not None:
            based_on[name] = parent.get(f"{W}val", "")

    def hidden(name: str, seen: frozenset = frozenset()) -> bool:
        if own.get(name) is not None:
            return bool(own[name])
        parent = based_on.get(name)
        return bool(parent) and parent not in seen and hidden(parent, seen | {name})

    return {name for name in own if hidden(name)}


def _remove_hidden_runs(root: ElementTree.Element, hidden_styles: set[str]) -> int:
    parents = {child: parent for parent in root.iter() for child in parent}
    hidden = [run for run in root.iter(f"{W}r") if _hidden(run, parents, hidden_styles)]
    for run in hidden:
        parents[run].remove(run)
    return len(hidden)


def _hidden(run, parents: dict, hidden_styles: set[str]) -> bool:
    properties = run.find(f"{W}rPr")
    direct = _vanish(properties)
    if direct is not None:
        return direct
    character = None if properties is None else properties.find(f"{W}rStyle")
    if character is not None and character.get(f"{W}val") in hidden_styles:
        return True
    paragraph = parents.get(run)
    while paragraph is not None and paragraph.tag != f"{W}p":
        paragraph = parents.get(paragraph)
    style = None if paragraph is None else paragraph.find(f"{W}pPr/{W}pStyle")
    return style is not None and style.get(f"{W}val") in hidden_styles

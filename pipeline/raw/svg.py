"""An SVG picture the narrative shows, cleaned for publication (`images`):
parsed as XML and refused if it could run or fetch anything (scripts,
event handlers, links outside itself, embedded documents, external
style); its metadata (RDF, editors' attributes, comments) dropped, what
the page never draws dropped, and contact details in its words removed,
read as a reader reads them: a line drawn in pieces, a text box's lines,
and words placed side by side on one line."""

from __future__ import annotations

import re
from xml.etree import ElementTree

from pipeline.errors import ImageRefused
from pipeline.redaction import holds_contact_details, redact

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
# What an SVG must not hold: anything that runs, embeds another document or
# fetches something when the page is opened.
REFUSED_ELEMENTS = {"script", "foreignObject", "iframe", "object", "embed", "audio", "video"}
_EXTERNAL_CSS = re.compile(r"@import|url\(\s*['\"]?(?!#)", re.IGNORECASE)


def cleaned(data: bytes) -> bytes:
    """The SVG as it may be published, or ImageRefused saying why."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise ImageRefused(
            "an SVG with a document type or entities cannot be published; save it "
            "again as plain SVG (or as PNG)"
        )
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        raise ImageRefused(
            "is not an SVG file that can be read; export it again as SVG or PNG"
        ) from None
    if root.tag != f"{{{SVG}}}svg":
        raise ImageRefused(
            "is not an SVG drawing (its first element is not <svg>); export it again"
        )
    for element in list(root.iter()):
        name = element.tag.split("}")[-1]
        if name in REFUSED_ELEMENTS:
            raise ImageRefused(
                f"an SVG with a <{name}> element cannot be published; export it "
                "again without it, or as PNG"
            )
        for key, value in element.attrib.items():
            attribute = key.split("}")[-1]
            if attribute.lower().startswith("on"):
                raise ImageRefused(
                    f"an SVG with an {attribute} handler cannot be published; export "
                    "it again without scripts, or as PNG"
                )
            if attribute == "href" and not value.startswith("#"):
                raise ImageRefused(
                    "an SVG that links or loads anything outside itself cannot be "
                    "published; embed what it shows, or export it as PNG"
                )
            if attribute == "style" and _EXTERNAL_CSS.search(value):
                raise ImageRefused(
                    "an SVG whose style loads anything outside itself cannot be "
                    "published; export it again, or as PNG"
                )
        if name == "style" and _EXTERNAL_CSS.search(element.text or ""):
            raise ImageRefused(
                "an SVG whose style loads anything outside itself cannot be "
                "published; export it again, or as PNG"
            )
    _strip_metadata(root)
    _redacted(root)
    ElementTree.register_namespace("", SVG)
    ElementTree.register_namespace("xlink", XLINK)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=False)


# Attributes that hold words rather than geometry: what a screen reader or
# a tooltip says, and names. A drawing's coordinates are never read as a
# phone number.
_WORDED = re.compile(r"id|class|title|lang|href|aria-.*|data-.*")


def _redacted(root) -> None:
    """Contact details removed from an SVG's words: its text, drawn on the
    page (<text>), its <title> and <desc>, and attributes of words. An
    outsider's route map carried a phone number in each of them. A line of
    text drawn in pieces (`07911 <tspan>626</tspan><tspan>262</tspan>`, as
    design tools write it) is read whole, as a reader sees it: written
    again as one piece, redacted, where the whole holds what no piece does."""
    _drop_undrawn(root)
    _side_by_side(root)
    for element in root.iter():
        if element.tag.split("}")[-1] in _LINES and len(element):
            # Pieces run on, or lines of a text box (Inkscape writes one
            # <tspan> per line, nothing between): "Jo Bloggs" / "07911 656"
            # / "565" read run on gives "Bloggs07911 656565", digits run
            # into a word, which is no phone number (a seventeenth outsider).
            pieces = list(element.itertext())
            found = [w for w in ("".join(pieces), " ".join(pieces)) if holds_contact_details(w)]
            if found:
                for child in list(element):
                    element.remove(child)
                element.text = found[0]
        if element.text:
            element.text = redact(element.text)
        if element.tail:
            element.tail = redact(element.tail)
        for key, value in element.attrib.items():
            if _WORDED.fullmatch(key.split("}")[-1]):
                element.set(key, redact(value))


def _side_by_side(root) -> None:
    """Words drawn as separate <text> elements next to each other, read as
    a reader reads them: on one line (the same parent and `y`) left to
    right, in one column (the same `x`) top to bottom. "07911" and
    "616161" side by side, or "Mobile: 07911" over "464646", are a phone
    number no element holds (the seventeenth and eighteenth outsiders';
    PDF and slide exports place each word or line so). Where two to four
    neighbours hold contact details that none does alone, they are written
    again in the first, redacted, and the others emptied. An axis's numbers
    ("0", "10", "20", "30") rise by one step, which no phone number is
    drawn as: left alone."""
    for parent in root.iter():
        texts = [c for c in parent if c.tag.split("}")[-1] == "text"]
        for along, across in (("y", "x"), ("x", "y")):
            lines: dict[str, list] = {}
            for text in texts:
                if text.get(along) is not None:
                    lines.setdefault(text.get(along).strip(), []).append(text)
            for line in lines.values():
                line.sort(key=lambda text, at=across: _number(text.get(at)))
                _read_together(line)


def _read_together(line: list) -> None:
    pieces = ["".join(text.itertext()).strip() for text in line]
    if len(line) < 2 or _an_axis(pieces):
        return
    for size in (2, 3, 4):
        for start in range(len(line) - size + 1):
            near = pieces[start : start + size]
            if any(holds_contact_details(piece) for piece in near):
                continue
            found = [w for w in ("".join(near), " ".join(near)) if holds_contact_details(w)]
            if found:
                for text in line[start : start + size]:
                    for child in list(text):
                        text.remove(child)
                    text.text = ""
                line[start].text = found[0]
                pieces[start : start + size] = [found[0]] + [""] * (size - 1)


def _number(value: str | None) -> float:
    found = re.match(r"\s*(-?[\d.]+)", value or "")
    try:
        return float(found[1]) if found else 0.0
    except ValueError:
        return 0.0


def _an_axis(pieces: list[str]) -> bool:
    """Three or more numbers rising or falling by the same step."""
    if len(pieces) < 3 or not all(re.fullmatch(r"-?\d+", piece) for piece in pieces):
        return False
    values = [int(piece) for piece in pieces]
    steps = {b - a for a, b in zip(values, values[1:], strict=False)}
    return len(steps) == 1 and 0 not in steps


# Elements whose text a reader reads as one line or block.
_LINES = ("text", "title", "desc", "a", "textPath")

# What hides a piece of text from the page, as an attribute or in its style.
_UNDRAWN = re.compile(
    r"(display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0+(\.0*)?(px|pt|em)?)\s*(;|$)"
)


def _drop_undrawn(root) -> None:
    """Text pieces the page never draws are not published: a piece of
    font-size 0 inside a phone number (`07911<tspan font-size="0">ext</tspan>
    696969`, drawn "07911696969") made it read as a code."""
    for parent in root.iter():
        for child in list(parent):
            if child.tag.split("}")[-1] in ("tspan", "text", "a", "textPath"):
                style = ";".join(
                    f"{name}:{child.get(name)}"
                    for name in ("display", "visibility", "font-size")
                    if child.get(name) is not None
                )
                if _UNDRAWN.search(f"{style};{child.get('style', '')}"):
                    # Its tail is drawn: it goes to what came before it.
                    _keep_tail(parent, child)
                    parent.remove(child)


def _keep_tail(parent, child) -> None:
    tail = child.tail or ""
    before = None
    for sibling in parent:
        if sibling is child:
            break
        before = sibling
    if before is None:
        parent.text = (parent.text or "") + tail
    else:
        before.tail = (before.tail or "") + tail


def _strip_metadata(element) -> None:
    """Drop <metadata> and every element and attribute of another vocabulary
    than SVG's (an editor's: Inkscape's file paths, RDF authors)."""
    for child in list(element):
        namespace = child.tag[1:].split("}")[0] if child.tag.startswith("{") else SVG
        if child.tag.split("}")[-1] == "metadata" or namespace != SVG:
            element.remove(child)
        else:
            _strip_metadata(child)
    for key in list(element.attrib):
        if key.startswith("{") and key[1:].split("}")[0] not in (SVG, XLINK):
            del element.attrib[key]

"""Images the narrative shows (contract section 5): PNG, JPEG and SVG files in
the period's `images/` folder, used as `![alt text](images/name.png)`.

Each image the narrative uses is read, checked and cleaned here, once, when
the period is validated; what comes out is what processing stores beside the
processed data and all the report ever shows:

- alt text is required (a screen reader, a PDF/UA reader and Word all read it);
- a photo or picture (PNG, JPEG) is decoded and encoded again by Pillow,
  turned as its EXIF orientation says and no larger than MAX_SIDE pixels:
  nothing of the file but its pixels survives (EXIF, GPS, XMP, comments,
  colour profiles, thumbnails);
- an SVG is parsed as XML and refused if it could run or fetch anything
  (scripts, event handlers, links outside itself, embedded documents,
  external style); its metadata (RDF, editors' attributes, comments) is
  dropped.

A problem is one line naming the file and the fix; an image in the folder
the narrative does not use is a warning, and is not published."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from pipeline import markdown
from pipeline.config import Project
from pipeline.discover import AreaPeriod
from pipeline.errors import ImageRefused
from pipeline.raw.paths import display_path
from pipeline.redaction import holds_contact_details, redact

FOLDER = "images"
TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml"}
PILLOW_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG"}
MAX_SIDE = 2000  # pixels: enough for a printed page at 300 dpi
SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
# What an SVG must not hold: anything that runs, embeds another document or
# fetches something when the page is opened.
REFUSED_ELEMENTS = {"script", "foreignObject", "iframe", "object", "embed", "audio", "video"}
_EXTERNAL_CSS = re.compile(r"@import|url\(\s*['\"]?(?!#)", re.IGNORECASE)


@dataclass
class Image:
    name: str  # as used: images/<name>
    mime: str
    data: bytes  # cleaned: safe to publish


@dataclass
class Images:
    found: dict[str, Image] = field(default_factory=dict)  # by "images/<name>"
    problems: list[tuple[str, str]] = field(default_factory=list)  # (level, message)


def read_images(project: Project, ap: AreaPeriod, body: str, narrative: str, max_mb: float):
    """The images the narrative `body` uses, checked and cleaned, and the
    problems found (`narrative` is the narrative file as shown in messages)."""
    folder = project.raw_dir(ap.area, ap.period) / FOLDER
    shown_folder = display_path(project, folder)
    result = Images()
    used = set()
    for target, alt in markdown.images(body):
        if not target.startswith(f"{FOLDER}/"):
            result.problems.append(
                (
                    "warning",
                    f"{narrative}: shows {target!r}, which is not in the period's images/ folder; "
                    "only those are published (the report shows its alt text instead)",
                )
            )
            continue
        name = target[len(FOLDER) + 1 :]
        used.add(name)
        path = folder / name
        if "/" in name or not path.is_file():
            result.problems.append(
                (
                    "error",
                    f"{narrative}: shows {target}, which is not in {shown_folder}/; add the file "
                    "or correct its name",
                )
            )
            continue
        if not alt.strip():
            result.problems.append(
                (
                    "error",
                    f"{narrative}: the image {target} has no alt text; say what it shows between "
                    f"the brackets, e.g. ![a map of the pilot's partners]({target})",
                )
            )
            continue
        try:
            result.found[target] = clean(path, max_mb)
        except ImageRefused as refused:
            shown = display_path(project, path)
            result.problems.append(("error", f"{shown}: {refused.message}"))
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.is_file() and path.name not in used and not path.name.startswith("."):
                result.problems.append(
                    (
                        "warning",
                        f"{display_path(project, path)}: the narrative does not show it, so it is "
                        f"not published; to show it, write ![what it shows]({FOLDER}/{path.name})",
                    )
                )
    return result


def clean(path: Path, max_mb: float) -> Image:
    """The image as it may be published, or ImageRefused saying why."""
    mime = TYPES.get(path.suffix.lower())
    if mime is None:
        raise ImageRefused("only PNG, JPEG and SVG images can be shown; save it as one of those")
    if path.stat().st_size > max_mb * 1024 * 1024:
        raise ImageRefused(
            f"is over the {max_mb:g} MB limit for one file; save a smaller copy, or raise "
            "max_raw_file_mb in params.yaml"
        )
    data = path.read_bytes()
    cleaned = _svg(data) if mime == "image/svg+xml" else _picture(data, mime)
    return Image(path.name, mime, cleaned)


def _picture(data: bytes, mime: str) -> bytes:
    from PIL import Image as Pillow
    from PIL import ImageOps, UnidentifiedImageError

    kind = PILLOW_FORMATS[mime]
    try:
        with Pillow.open(io.BytesIO(data)) as opened:
            if opened.format != kind:
                raise ImageRefused(
                    f"is not a {kind} image inside (it is {opened.format or 'something else'}); "
                    "save it again with the right extension"
                )
            picture = ImageOps.exif_transpose(opened)
            picture.load()
    except (UnidentifiedImageError, OSError, Pillow.DecompressionBombError, SyntaxError):
        raise ImageRefused(
            f"is not a {kind} image that can be read; export it again as PNG, JPEG or SVG"
        ) from None
    picture.thumbnail((MAX_SIDE, MAX_SIDE))
    if kind == "JPEG" and picture.mode not in ("RGB", "L"):
        picture = picture.convert("RGB")
    # A new file from the pixels alone: Pillow writes what is left in `info`
    # (a JPEG's comment, a profile, DPI), so only a palette's transparency stays.
    picture.info = {k: v for k, v in picture.info.items() if k == "transparency"}
    out = io.BytesIO()
    picture.save(out, kind, **({"quality": 90} if kind == "JPEG" else {}))
    return out.getvalue()


def _svg(data: bytes) -> bytes:
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

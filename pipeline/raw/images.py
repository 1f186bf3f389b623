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
- an SVG is parsed as XML and refused if it could run or fetch anything;
  its metadata and contact details in its words are removed (`svg`).

A problem is one line naming the file and the fix; an image in the folder
the narrative does not use is a warning, and is not published."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import markdown
from pipeline.config import Project
from pipeline.discover import AreaPeriod
from pipeline.errors import ImageRefused
from pipeline.raw import svg
from pipeline.raw.paths import display_path

FOLDER = "images"
TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml"}
PILLOW_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG"}
MAX_SIDE = 2000  # pixels: enough for a printed page at 300 dpi


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
    cleaned = svg.cleaned(data) if mime == "image/svg+xml" else _picture(data, mime)
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

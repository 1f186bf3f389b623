"""The Word report: the same document as the HTML and PDF, made by pandoc
with the reference document's styles, then made into one a commissioner can
open, print and edit in Word or LibreOffice:

- every figure is a PNG at print resolution (300 ppi) beside its SVG, as Word
  2016 stores its own: the picture is the PNG, which every Word and
  LibreOffice shows, and the SVG rides along in Word's `svgBlip` extension
  for those that read it. The PNG is drawn by typst (the PDF's renderer, with
  its own fonts), never by whatever `rsvg-convert` a machine has, so two
  builds anywhere give the same bytes;
- A4, from the reference document (`tools/reference_docx.py`);
- the report's sections are Heading 1 (the title is Word's Title), so Word's
  navigation pane and its own table of contents see them;
- the contents are written in, as links to the sections, never left as an
  empty field for Word to fill;
- a table's rows are kept whole across pages, and its header row repeats; a
  table short enough to fit on a page is kept on one, with its caption.

Pandoc dates the file by SOURCE_DATE_EPOCH and the zip is rewritten with
the dates pandoc gave it, so the bytes depend only on the document."""

from __future__ import annotations

import io
import json
import os
import re
import struct
import zipfile
import zlib
from pathlib import Path

from pipeline import pandoc

PPI = 300
# A table of this many rows or fewer is kept on one page: about as many as
# fit on half an A4 page, so keeping one whole never leaves a page near empty.
KEPT_TOGETHER = 20
SVG_BLIP = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"  # Word 2016's extension for SVG
ASVG = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
IMAGE_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
TOC_STYLE, TOC_HEADING = "toc 1", "TOC Heading"


def document(source: str, work: Path, common: list[str], template: str, epoch: int) -> bytes:
    """The docx of `source` (the report's pandoc Markdown, its images in `work`)."""
    svgs = sorted(p.name for p in work.glob("*.svg"))
    pngs = print_pngs(work, svgs, epoch)
    for svg in svgs:
        png = svg.removesuffix(".svg") + ".png"
        (work / png).write_bytes(pngs[svg])
        source = source.replace(f"]({svg})", f"]({png})")
    tree = json.loads(pandoc.run(source, [*_reader(common), "--to", "json"], cwd=work))
    tree["blocks"] = _contents(_headings_one_up(_captions_above(tree["blocks"])))
    target = work / "report.docx"
    pandoc.run(
        json.dumps(tree),
        [
            "--from",
            "json",
            "--standalone",
            "--to",
            "docx",
            "--reference-doc",
            template,
            "-o",
            str(target),
        ],
        cwd=work,
        env={**os.environ, "SOURCE_DATE_EPOCH": str(epoch)},
    )
    by_png = {pngs[svg]: (work / svg).read_bytes() for svg in svgs}
    return _finish(target.read_bytes(), by_png)


def _reader(common: list[str]) -> list[str]:
    """The document's reader, as for HTML and PDF, without the contents (ours)."""
    return [a for a in common if not a.startswith("--toc")]


# -- figures ---------------------------------------------------------------------


def print_pngs(work: Path, svgs: list[str], epoch: int) -> dict[str, bytes]:
    """Each SVG drawn at PPI by typst: one document, a page per figure, each
    page the figure's own size."""
    if not svgs:
        return {}
    import typst

    # White behind each figure, as on the page: a PNG without transparency.
    pages = ["#set page(width: auto, height: auto, margin: 0pt, fill: white)"]
    for number, svg in enumerate(svgs):
        pages += ["#pagebreak()"] * bool(number) + [f'#image("{svg}")']
    (work / "figures.typ").write_text("\n".join(pages) + "\n", encoding="utf-8")
    drawn = typst.compile(
        str(work / "figures.typ"),
        root=str(work),
        format="png",
        ppi=PPI,
        ignore_system_fonts=True,
        timestamp=epoch,
    )
    drawn = drawn if isinstance(drawn, list) else [drawn]
    return {svg: _with_resolution(png, PPI) for svg, png in zip(svgs, drawn, strict=True)}


def _with_resolution(png: bytes, ppi: int) -> bytes:
    """The PNG with its resolution written in (a pHYs chunk after IHDR), so
    Word sizes it as drawn rather than at 96 pixels an inch."""
    per_metre = round(ppi / 0.0254)
    body = b"pHYs" + struct.pack(">IIB", per_metre, per_metre, 1)
    chunk = struct.pack(">I", 9) + body + struct.pack(">I", zlib.crc32(body))
    end_of_header = 8 + 4 + 4 + 13 + 4  # signature, IHDR's length, type, data, CRC
    return png[:end_of_header] + chunk + png[end_of_header:]


# -- headings and contents -------------------------------------------------------


def _captions_above(blocks: list) -> list:
    """Each figure as its caption, kept with the picture below it, as in the
    HTML and the PDF (Word's writer puts it below, and a chart's caption
    then ran into its table's)."""
    found = []
    for block in blocks:
        if block.get("t") == "Div":
            block["c"][1] = _captions_above(block["c"][1])
        if block.get("t") != "Figure":
            found.append(block)
            continue
        (name, _, _), (_, caption), content = block["c"]
        found += [
            _styled("Image Caption", caption, name),
            _styled("Captioned Figure", content),
        ]
    return found


def _styled(style: str, blocks: list, name: str = "") -> dict:
    return {"t": "Div", "c": [[name, [], [["custom-style", style]]], blocks]}


def _headings_one_up(blocks: list) -> list:
    """The report's sections (##) as Word's Heading 1, their parts below."""
    for block in blocks:
        if block.get("t") == "Header":
            block["c"][0] = max(1, block["c"][0] - 1)
    return blocks


def _contents(blocks: list) -> list:
    """A contents list of the sections, as links, before the first of them."""
    sections = [b for b in blocks if b.get("t") == "Header" and b["c"][0] == 1]
    if not sections:
        return blocks

    def styled(style: str, inlines: list) -> dict:
        return _styled(style, [{"t": "Para", "c": inlines}])

    entries = [styled(TOC_HEADING, [{"t": "Str", "c": "Contents"}])]
    for header in sections:
        _, (anchor, _, _), inlines = header["c"]
        entries.append(
            styled(TOC_STYLE, [{"t": "Link", "c": [["", [], []], inlines, [f"#{anchor}", ""]]}])
        )
    first = blocks.index(sections[0])
    return blocks[:first] + entries + blocks[first:]


# -- the package -----------------------------------------------------------------


def _finish(docx: bytes, svg_of_png: dict[bytes, bytes]) -> bytes:
    """Rows kept whole; each figure's SVG beside its PNG."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    entries = {info.filename: (info, source.read(info.filename)) for info in source.infolist()}
    document = entries["word/document.xml"][1].decode("utf-8")
    rels = entries["word/_rels/document.xml.rels"][1].decode("utf-8")
    document = _short_tables_kept_together(_rows_kept_whole(document))
    added: dict[str, bytes] = {}
    for rid, target in re.findall(r'Id="(rId\d+)" Target="(media/[^"]+\.png)"', rels) + [
        (r, t) for t, r in re.findall(r'Target="(media/[^"]+\.png)" Id="(rId\d+)"', rels)
    ]:
        svg = svg_of_png.get(entries.get(f"word/{target}", (None, b""))[1])
        if svg is None:
            continue
        svg_rid, svg_target = f"{rid}svg", target.removesuffix(".png") + ".svg"
        added[f"word/{svg_target}"] = svg
        rels = rels.replace(
            "</Relationships>",
            f'<Relationship Type="{IMAGE_RELATIONSHIP}" Id="{svg_rid}" Target="{svg_target}" />'
            "</Relationships>",
        )
        document = document.replace(
            f'<a:blip r:embed="{rid}" />',
            f'<a:blip r:embed="{rid}"><a:extLst><a:ext uri="{SVG_BLIP}"><asvg:svgBlip '
            f'xmlns:asvg="{ASVG}" r:embed="{svg_rid}" /></a:ext></a:extLst></a:blip>',
        )
    types = entries["[Content_Types].xml"][1].decode("utf-8")
    if added and 'Extension="svg"' not in types:
        types = types.replace(
            "<Default ", '<Default Extension="svg" ContentType="image/svg+xml" /><Default ', 1
        )
    changed = {
        "word/document.xml": document.encode("utf-8"),
        "word/_rels/document.xml.rels": rels.encode("utf-8"),
        "[Content_Types].xml": types.encode("utf-8"),
    }
    out = io.BytesIO()
    dated = entries["word/document.xml"][0].date_time
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, (info, data) in entries.items():
            target.writestr(_entry(name, info.date_time), changed.get(name, data))
        for name, data in sorted(added.items()):
            target.writestr(_entry(name, dated), data)
    return out.getvalue()


def _entry(name: str, date_time) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time)
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _rows_kept_whole(document: str) -> str:
    """Every table row marked `cantSplit`, beside a header row's `tblHeader`."""
    document = document.replace("<w:tr><w:trPr>", "<w:tr><w:trPr><w:cantSplit />")
    return re.sub(r"<w:tr>(?!<w:trPr>)", "<w:tr><w:trPr><w:cantSplit /></w:trPr>", document)


def _short_tables_kept_together(document: str) -> str:
    """Word's way to keep a table on one page: every paragraph of every row
    but the last kept with the next. Only a table of KEPT_TOGETHER rows or
    fewer; a longer one splits between whole rows, its header repeated."""

    def kept(table: re.Match) -> str:
        rows = re.split(r"(?=<w:tr>)", table.group(0))
        if len(rows) - 1 > KEPT_TOGETHER:
            return table.group(0)
        # rows[0] is the table's properties, rows[-1] the last row.
        return "".join([rows[0], *map(_kept_with_next, rows[1:-1]), rows[-1]])

    return re.sub(r"<w:tbl>.*?</w:tbl>", kept, document, flags=re.S)


def _kept_with_next(row: str) -> str:
    # keepNext follows the paragraph's style (pStyle) in its properties.
    row = re.sub(r"(<w:p><w:pPr>(?:<w:pStyle [^>]*/>)?)", r"\1<w:keepNext />", row)
    return row.replace("<w:p><w:r>", "<w:p><w:pPr><w:keepNext /></w:pPr><w:r>")

"""A report superseded by a failed rebuild says so itself.

When an area-period's data changes and its rebuild fails, its last good
report stays in place (the index says so), but anyone holding a direct link
or a copy of the PDF would not know. So the kept HTML gets a banner at the
top of the page, the kept PDF a notice as its first page and the kept Word
document a notice as its first paragraph, each written atomically. A good
build writes the report anew, banner and notice gone."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import tempfile
from pathlib import Path

from pipeline.config import Project
from pipeline.discover import AreaPeriod
from pipeline.files import write_bytes_atomic, write_text_atomic
from pipeline.status import Report

REPORT = "learning-report"
START, END = "<!-- learnrep:superseded -->", "<!-- /learnrep:superseded -->"
BANNER = re.compile(re.escape(START) + ".*?" + re.escape(END) + "\n?", re.S)


def notice(project: Project, ap: AreaPeriod, failure: Report) -> str:
    """One sentence: when the data changed, and why the report was not rebuilt."""
    folder = project.raw_dir(ap.area, ap.period)
    times = [p.stat().st_mtime for p in folder.iterdir() if p.is_file()]
    changed = dt.datetime.fromtimestamp(max(times), dt.UTC).strftime("%-d %B %Y") if times else ""
    when = f" on {changed}" if changed else ""
    if failure is Report.FAILED_VALIDATION:
        return (
            f"Superseded: this period's data changed{when} and failed validation, so this "
            "report was not rebuilt and may no longer match its data."
        )
    return (
        f"Superseded: this period's data or code changed{when} and the report could not be "
        f"rebuilt ({failure.value}), so this report may no longer match its data; see the index "
        "of reports."
    )


def mark(project: Project, ap: AreaPeriod, failure: Report) -> list[str]:
    """Mark the kept report files, if any; returns the names marked."""
    folder = project.report_dir(ap.area, ap.period)
    text = notice(project, ap, failure)
    marked = []
    for page in (folder / f"{REPORT}.html", folder / "notebook.html"):  # and the working
        if page.is_file():
            write_text_atomic(page, banner_added(page.read_text(encoding="utf-8"), text))
            marked.append(page.name)
    pdf = folder / f"{REPORT}.pdf"
    if pdf.is_file():
        write_bytes_atomic(pdf, notice_page_added(pdf.read_bytes(), text))
        marked.append(pdf.name)
    word = folder / f"{REPORT}.docx"
    if word.is_file():
        write_bytes_atomic(word, notice_paragraph_added(word.read_bytes(), text))
        marked.append(word.name)
    return marked


def banner_added(page: str, text: str) -> str:
    """The page with one banner right after <body> (a previous one replaced)."""
    page = BANNER.sub("", page)
    banner = (
        f'{START}<div role="alert" class="superseded" style="border:3px solid #d4351c;'
        'padding:0.75em 1em;margin:0 0 1em;background:#fff;color:#0b0c0c">'
        f"<strong>{html.escape(text)}</strong>"
        f' <a href="../../index.html">All learning reports</a></div>{END}\n'
    )
    return re.sub(r"(<body[^>]*>\n?)", lambda m: m.group(1) + banner, page, count=1)


def notice_page_added(pdf: bytes, text: str) -> bytes:
    """The PDF with a notice page first. A PDF already carrying one keeps only
    the newest notice."""
    import typst
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(io.BytesIO(pdf))
    pages = list(reader.pages)
    if pages and (pages[0].extract_text() or "").lstrip().startswith("Superseded"):
        pages = pages[1:]
    source = (
        '#set document(title: [Superseded report])\n#set text(lang: "en", region: "GB", '
        'font: "Libertinus Serif", size: 14pt)\n#set page(paper: "a4", margin: 2.5cm)\n'
        f"= Superseded\n\n{_typst_text(text)}\n"
    )
    with tempfile.TemporaryDirectory(prefix="learnrep-notice-") as scratch:
        path = Path(scratch) / "notice.typ"
        path.write_text(source, encoding="utf-8")
        first = typst.compile(str(path), ignore_system_fonts=True, timestamp=0)
    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(first)).pages:
        writer.add_page(page)
    for page in pages:
        writer.add_page(page)
    writer.add_metadata({"/Title": "Superseded learning report"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


WORD_START = '<w:p><w:pPr><w:pStyle w:val="Title" /></w:pPr><w:r><w:t xml:space="preserve">'
WORD_NOTICE = re.compile(re.escape(WORD_START) + "Superseded.*?</w:p>", re.S)


def notice_paragraph_added(document: bytes, text: str) -> bytes:
    """The Word report with the notice as its first paragraph, in the Title
    style (a notice already there replaced); every other part of the file
    copied as it was."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(document))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                body = WORD_NOTICE.sub("", data.decode("utf-8"))
                paragraph = f"{WORD_START}{html.escape(text, quote=False)}</w:t></w:r></w:p>"
                body = body.replace("<w:body>", "<w:body>" + paragraph, 1)
                data = body.encode("utf-8")
            target.writestr(info, data)
    return out.getvalue()


def _typst_text(text: str) -> str:
    """Plain text as typst markup: every markup character escaped."""
    return re.sub(r"([\\#*_`$<>@\[\]~/=+-])", r"\\\1", text)

"""Word in and out: narrative.docx read by pandoc with the same rules as
narrative.md, and the Word report (`--format docx`) read back with
python-docx."""

from __future__ import annotations

import copy
import os
import re
import shutil
import subprocess
import zipfile

import docx
import pytest
from conftest import FIXTURES, assert_no_traceback, learnrep
from docx.oxml.ns import qn
from docx.shared import Inches

from pipeline import pandoc
from pipeline.discover import AreaPeriod
from pipeline.errors import InputError
from pipeline.raw import find_narrative, narrative, read_narrative
from pipeline.render import word
from pipeline.report.outline import Slot
from pipeline.report.sections.base import Inputs
from pipeline.report.sections.narrative import Narrative

AP = AreaPeriod("testarea", "2022-q1")


def _picture(path):
    """A small PNG, drawn here."""
    import matplotlib

    matplotlib.use("agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(1, 1))
    axes.plot([0, 1], [0, 1])
    figure.savefig(path)
    plt.close(figure)
    return path


def _run(paragraph, text, tag=None):
    """A run of text, optionally wrapped as a tracked insertion or deletion."""
    run = copy.deepcopy(paragraph.add_run(text)._r)
    paragraph._p.remove(paragraph.runs[-1]._r)
    if tag == "del":
        for t in run.iter(qn("w:t")):
            t.tag = qn("w:delText")
    if tag:
        wrapper = paragraph._p.makeelement(
            qn(f"w:{tag}"),
            {qn("w:id"): "9", qn("w:author"): "Ed", qn("w:date"): "2022-01-01T00:00:00Z"},
        )
        wrapper.append(run)
        paragraph._p.append(wrapper)
    else:
        paragraph._p.append(run)


def _hyperlink(document, paragraph, text, url):
    rel = document.part.relate_to(
        url, docx.opc.constants.RELATIONSHIP_TYPE.HYPERLINK, is_external=True
    )
    link = paragraph._p.makeelement(qn("w:hyperlink"), {qn("r:id"): rel})
    run = paragraph.add_run(text)._r
    paragraph._p.remove(run)
    link.append(run)
    paragraph._p.append(link)


def hostile_word(path, tmp_path):
    document = docx.Document()
    document.core_properties.title = "Our final report"
    document.core_properties.author = "Evaluation team"
    document.core_properties.subject = "A year of walking together."
    document.add_heading("What worked", 1)
    para = document.add_paragraph("We walked. Write to jo.bloggs@example.org or ")
    _hyperlink(document, para, "click here", "javascript:alert(1)")
    _run(para, " and then ")
    _run(para, "inserted words", "ins")
    _run(para, "deleted words", "del")
    commented = document.add_paragraph("A sentence with a comment.")
    document.add_comment(commented.runs, text="secret comment text", author="Ed")
    document.add_picture(str(_picture(tmp_path / "p.png")), width=Inches(1))
    document.add_heading("Our partners", 1)
    document.add_paragraph("<b>bold?</b> Call 07700 900123.")
    document.save(path)
    return path


def test_a_word_narrative_is_read_as_accepted_text_redacted_and_made_safe(tmp_path):
    path = hostile_word(tmp_path / "narrative.docx", tmp_path)
    found = narrative.read(path, "data/raw/testarea/2022-q1/narrative.docx")
    # The Author property is never read: Word sets it from whoever made the file.
    assert found.front == {"title": "Our final report", "summary": "A year of walking together."}
    assert any("has tracked changes" in note for note in found.notes)
    assert any(
        "1 image without a description" in note and "narrative.docx" in note for note in found.notes
    )
    inputs = Inputs(data=None, threshold=5, narrative=(found.front, found.body))
    words = Narrative.__new__(Narrative)
    words.inputs = inputs
    text = words.words_for(Slot("what_worked", "What worked"))
    html = " ".join(pandoc.run(text, ["--from", "markdown", "--to", "html"]).split())
    assert "inserted words" in html and "deleted words" not in html
    assert "secret comment text" not in html and "A sentence with a comment." in html
    assert "jo.bloggs" not in html and "[e-mail removed]" in html
    assert "javascript" not in html and "click here" in html
    assert "[image without a description]" in html and "<img" not in html
    words = pandoc.run(words.section(1).markdown, ["--from", "markdown", "--to", "html"])
    assert "Our partners" in words and "&lt;b&gt;bold?&lt;/b&gt;" in words
    assert "07700" not in words


def test_hidden_text_in_word_is_never_read(tmp_path):
    document = docx.Document()
    document.add_heading("What worked", 1)
    shown = document.add_paragraph("Walking groups. ")
    shown.add_run("Ask Jo Bloggs at 4 Privet Drive.").font.hidden = True
    shown.add_run("Twice a week.")
    hidden_style = document.styles.add_style("Private note", 2)  # a character style
    hidden_style.font.hidden = True
    quiet = document.add_paragraph("Second visit. ")
    quiet.add_run("Margaret, 87, widowed", style="Private note")
    unhidden = quiet.add_run(" Shown again.", style="Private note")
    unhidden.font.hidden = False  # Word's own override: shown despite its style
    document.save(tmp_path / "narrative.docx")

    found = narrative.read(tmp_path / "narrative.docx", "narrative.docx")

    body = " ".join(found.body.split())
    assert "Privet" not in body and "Jo Bloggs" not in body and "Margaret" not in body
    assert "Walking groups. Twice a week." in body and "Second visit. Shown again." in body
    assert any("hidden text" in note for note in found.notes)


def test_the_same_words_in_word_and_in_markdown_make_the_same_report_text(tmp_path):
    document = docx.Document()
    document.add_heading("What worked", 1)
    document.add_paragraph("Walking groups, twice a week.")
    document.add_heading("Case study: the Tuesday walk", 1)
    document.add_paragraph("She now leads the walk.")
    document.add_heading("Working with schools", 1)
    document.add_paragraph("Two schools joined.")
    document.save(tmp_path / "narrative.docx")
    (tmp_path / "narrative.md").write_text(
        "## What worked\n\nWalking groups, twice a week.\n\n## Case study: the Tuesday walk\n\n"
        "She now leads the walk.\n\n## Working with schools\n\nTwo schools joined.\n"
    )

    def shown(name):
        inputs = Inputs(data=None, threshold=5, narrative=read_narrative(tmp_path / name))
        words = Narrative.__new__(Narrative)
        words.inputs = inputs
        return (
            words.words_for(Slot("what_worked", "What worked")),
            words.words_for(Slot("case_studies", "Case studies")),
            words.section(2),
        )

    assert shown("narrative.docx") == shown("narrative.md")


def test_a_word_narrative_s_footnotes_and_captioned_pictures_read_as_written(tmp_path):
    """A fifteenth outsider's Word narrative: its footnote showed as a bare
    "[^1]", the note's text nowhere (pandoc writes notes at the end, in the
    last section), and a captioned picture's alt text was published inside
    "<figure>" and "<figcaption>" tags, as text."""
    _picture(tmp_path / "walk.png")
    source = (
        "## What worked\n\nWalking groups, twice a week.[^1]\n\n"
        "![The Tuesday walk setting off](walk.png)\n\n"
        "## Working with schools\n\nTwo schools joined.\n\n"
        "[^1]: Counted by the walk leaders.\n"
    )
    pandoc.run(source, ["--from", "markdown", "-o", str(tmp_path / "narrative.docx")], tmp_path)
    found = read_narrative(tmp_path / "narrative.docx")
    words = Narrative.__new__(Narrative)
    words.inputs = Inputs(data=None, threshold=5, narrative=found)
    worked = words.words_for(Slot("what_worked", "What worked"))
    assert "[^1]" in worked and "Counted by the walk leaders" in worked
    assert worked.count("The Tuesday walk setting off") == 1
    assert "figure" not in found[1] and "Counted" not in words.section(1).markdown


def test_both_narratives_or_an_unreadable_word_file_is_one_line(project_with, tmp_path):
    project = project_with("valid_survey")
    folder = project.raw_dir("testarea", "2022-q1")
    (folder / "narrative.md").write_text("## What worked\n\nWalks.\n")
    docx.Document().save(folder / "narrative.docx")
    with pytest.raises(InputError, match="both narrative.md and narrative.docx are present"):
        find_narrative(project, AP)
    (folder / "narrative.md").unlink()
    (folder / "narrative.docx").write_bytes(
        b"\xd0\xcf\x11\xe0" + b"\x00" * 600
    )  # an encrypted file
    result = learnrep(project.root, "validate")
    assert result.returncode == 1
    assert_no_traceback(result)
    assert (
        "narrative.docx: is not a Word document that can be read (corrupt, or protected by a "
        "password)" in result.stdout
    )


@pytest.mark.slow
def test_the_word_report_has_real_tables_alt_text_no_ids_and_the_same_bytes(project_with):
    import pandas as pd
    from bs4 import BeautifulSoup

    project = project_with("valid_survey")
    built = learnrep(project.root, "run", "--format", "docx", "--format", "html")
    assert built.returncode == 0, built.stdout + built.stderr
    folder = project.report_dir("testarea", "2022-q1")
    path = folder / "learning-report.docx"
    first = path.read_bytes()
    document = docx.Document(str(path))
    html = BeautifulSoup((folder / "learning-report.html").read_text(), "html.parser")
    assert len(document.tables) == len(html.find_all("table")) > 0
    for table in document.tables:
        header = table.rows[0]._tr
        assert (
            header.find(qn("w:trPr")) is not None
            and header.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
        )
    xml = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
    pictures = re.findall(r"<wp:docPr [^>]*>", xml)
    assert pictures and all(re.search(r'descr="[^"]{20,}"', p) for p in pictures)
    ids = pd.read_csv(FIXTURES / "valid_survey" / "survey.csv")["respondent_id"].astype(str)
    assert not [i for i in ids if i in xml]
    assert "About this report" in xml and "SHA-256" in xml
    index = (project.reports / "index.html").read_text()
    assert 'href="testarea/2022-q1/learning-report.docx"' in index

    again = learnrep(project.root, "run", "--force", "--format", "docx", "--format", "html")
    assert again.returncode == 0, again.stdout + again.stderr
    assert path.read_bytes() == first

    # Print-ready: A4, sections as Heading 1, contents written in (no empty
    # field for Word to fill), every table row kept whole.
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "Introduction" and headings[-1] == "About this report"
    contents = [p.text for p in document.paragraphs if p.style.name == "toc 1"]
    assert contents == headings
    assert "TOC \\o" not in xml and "w:fldChar" not in xml
    assert xml.count("<w:tr>") == xml.count("<w:cantSplit />") > 0
    # A short table on one page with its caption: each row kept with the next.
    short = [t for t in document.tables if len(t.rows) <= word.KEPT_TOGETHER]
    assert short
    for table in short:
        kept = [
            all(p.paragraph_format.keep_with_next for cell in row.cells for p in cell.paragraphs)
            for row in table.rows
        ]
        assert kept == [True] * (len(kept) - 1) + [False]
    # Each figure a print-resolution PNG, its SVG beside it for Word 2016+.
    media = [n for n in zipfile.ZipFile(path).namelist() if n.startswith("word/media/")]
    pngs = sorted(n for n in media if n.endswith(".png"))
    assert len(pngs) == len(pictures) and sorted(n for n in media if n.endswith(".svg")) == [
        n.removesuffix(".png") + ".svg" for n in pngs
    ]
    assert xml.count("asvg:svgBlip") == len(pictures)

    # A plain run keeps the Word report asked for: untouched when nothing
    # changed, and rebuilt with the HTML when something did (it was deleted).
    plain = learnrep(project.root, "run")
    assert "Nothing to rebuild" in plain.stdout and path.read_bytes() == first
    narrative = project.raw_dir("testarea", "2022-q1") / "narrative.md"
    narrative.write_text("## What worked\n\nKept in Word too.\n", encoding="utf-8")
    rebuilt = learnrep(project.root, "run")
    assert rebuilt.returncode == 0, rebuilt.stdout + rebuilt.stderr
    assert "Kept in Word too" in zipfile.ZipFile(path).read("word/document.xml").decode()
    assert "Kept in Word too" in (folder / "learning-report.html").read_text()
    assert not (folder / "learning-report.pdf").exists()  # never asked for here
    # A preview builds HTML alone (removing the Word file) and changes nothing
    # a later plain run builds: it makes the Word report again.
    from pipeline.run import orchestrate, state

    orchestrate.run(project, [AP], formats=("html",), renderer="builtin", remember_formats=False)
    assert not path.exists() and state.formats(project, AP) == ("html", "docx")
    assert learnrep(project.root, "run").returncode == 0 and path.is_file()
    # A --format list is what is wanted from then on: the Word report goes.
    assert learnrep(project.root, "run", "--format", "html").returncode == 0
    assert not path.exists() and (folder / "learning-report.html").is_file()


def test_a_short_table_is_kept_on_one_page_and_a_long_one_splits_between_rows():
    def table(rows: int) -> str:
        row = (
            '<w:tr><w:tc><w:p><w:pPr><w:pStyle w:val="Compact" /><w:jc w:val="right" /></w:pPr>'
            "<w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr>"
        )
        return "<w:tbl><w:tblPr />" + row * rows + "</w:tbl>"

    short = word._short_tables_kept_together(table(3))
    rows = short.split("<w:tr>")[1:]
    assert [r.count("<w:keepNext />") for r in rows] == [2, 2, 0]
    # keepNext follows the paragraph's style, as the schema orders them.
    assert '<w:pStyle w:val="Compact" /><w:keepNext /><w:jc' in rows[0]
    assert "<w:p><w:pPr><w:keepNext /></w:pPr><w:r>" in rows[0]
    long = table(word.KEPT_TOGETHER + 1)
    assert word._short_tables_kept_together(long) == long


@pytest.mark.slow
def test_every_figure_of_the_word_report_is_seen_by_libreoffice(project_with, tmp_path):
    """LibreOffice (Debian's libreoffice-writer-nogui) converts the Word report
    to PDF; poppler reads back each figure's image, which must hold a drawing,
    not a blank box."""
    from PIL import Image as Pillow

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None or shutil.which("pdfimages") is None:
        message = (
            "no soffice or pdfimages on PATH (Debian: libreoffice-writer-nogui, poppler-utils)"
        )
        if os.environ.get("LEARNREP_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    project = project_with("valid_survey")
    built = learnrep(project.root, "run", "--format", "docx")
    assert built.returncode == 0, built.stdout + built.stderr
    path = project.report_dir("testarea", "2022-q1") / "learning-report.docx"
    figures = len(
        re.findall(r"<wp:docPr ", zipfile.ZipFile(path).read("word/document.xml").decode())
    )
    assert figures > 0
    converted = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    pdf = tmp_path / "learning-report.pdf"
    assert pdf.is_file(), converted.stdout + converted.stderr
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "(A4)" in info
    listed = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True)
    kinds = [line.split()[2] for line in listed.stdout.splitlines()[2:]]  # image, or smask
    subprocess.run(["pdfimages", "-png", str(pdf), str(tmp_path / "figure")], check=True)
    images = [Pillow.open(p) for p in sorted(tmp_path.glob("figure-*.png"))]
    assert len(images) == len(kinds)
    # Print resolution (300 ppi: about 2000 pixels across), and only the
    # images themselves, not their transparency masks.
    pictures = [i for i, k in zip(images, kinds, strict=True) if k == "image" and i.width > 1000]
    assert len(pictures) == figures, (kinds, figures)
    for picture in pictures:
        low, high = picture.convert("L").getextrema()
        assert high - low > 100, "a blank or flat figure"  # ink on paper, not an empty box


def test_new_period_in_xlsx_writes_a_word_narrative_template(project_with):
    from pipeline.scaffold import new_period

    project = project_with("valid_survey")
    new_period(project, "testarea", "2022-q2", fmt="xlsx")
    folder = project.raw_dir("testarea", "2022-q2")
    assert (folder / "narrative.docx").is_file() and not (folder / "narrative.md").exists()
    _, body = read_narrative(folder / "narrative.docx")
    headings = [line[3:] for line in body.splitlines() if line.startswith("## ")]
    assert headings == [
        "Introduction",
        "What worked",
        "Challenges",
        "What we will test next",
        "Legacy",
        "Case study: a title",
    ]
    # The guidance is in Word comments, which a report never reads.
    assert "What went well" not in body
    comments = zipfile.ZipFile(folder / "narrative.docx").read("word/comments.xml").decode()
    assert "What went well this period" in comments

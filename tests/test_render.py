"""Rendering an executed notebook: the built-in renderer (pandoc + typst),
the Quarto command line, and the choice between them."""

import io
import os
import shutil
import stat
import sys

import nbformat
import pypdf
import pytest
from bs4 import BeautifulSoup

from pipeline import render

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="80" height="40">'
    '<rect width="80" height="40"/></svg>'
)


def executed_notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_raw_cell("---\ntitle: 'Test Town\\: Spring'\nlang: en-GB\n---"),
        nbformat.v4.new_markdown_cell("## Community survey"),
        nbformat.v4.new_code_cell(
            '#| label: fig-levels\n#| fig-cap: "Activity levels"\n'
            '#| fig-alt: "42% of respondents were inactive."\n#| echo: false\nreport.x()',
            outputs=[
                nbformat.v4.new_output("display_data", data={"image/svg+xml": SVG}),
                nbformat.v4.new_output("stream", name="stdout", text="R001 debug print"),
            ],
        ),
        nbformat.v4.new_code_cell(
            '#| label: tbl-levels\n#| tbl-cap: "Respondents by band"\nreport.y()',
            outputs=[
                nbformat.v4.new_output(
                    "display_data",
                    data={
                        "text/markdown": "| Band | n |\n|:---|---:|\n| None | 12 |\n"
                        "| Under 30 | \\<5 |"
                    },
                )
            ],
        ),
        nbformat.v4.new_code_cell(
            "secret = 'R002'",
            outputs=[
                nbformat.v4.new_output("error", ename="KeyError", evalue="'R002'", traceback=[])
            ],
        ),
    ]
    return nb


def test_the_document_follows_quarto_cell_options_and_drops_streams_and_errors():
    source, images = render.document(executed_notebook())
    assert source.startswith("---\n")
    assert (
        '![Activity levels](fig-levels.svg){#fig-levels alt="42% of respondents were inactive."}'
        in source
    )
    assert ": Respondents by band {#tbl-levels}" in source
    assert "R001" not in source and "R002" not in source and "report.x" not in source
    assert images == {"fig-levels.svg": SVG.encode()}


def test_builtin_html_and_pdf_carry_the_same_figure_caption_alt_and_table():
    out = render.render_builtin(executed_notebook(), ("html", "pdf"))
    page = BeautifulSoup(out["html"], "html.parser")
    assert page.find("h1").text == "Test Town: Spring"
    figure = page.find("figure", id="fig-levels")
    assert figure.find("figcaption").text == "Activity levels"
    image = figure.find("img")
    assert (image.get("alt") or image.get("aria-label")) == "42% of respondents were inactive."
    assert page.find("table").find("caption").text == "Respondents by band"
    assert [td.text for td in page.find_all("td")] == ["None", "12", "Under 30", "<5"]

    reader = pypdf.PdfReader(io.BytesIO(out["pdf"]))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Figure 1: Activity levels" in text
    assert "Table 1: Respondents by band" in text and "Under 30 <5" in text
    assert reader.metadata.title == "Test Town: Spring"
    assert "42% of respondents were inactive." in alt_texts(
        reader.trailer["/Root"]["/StructTreeRoot"]
    )
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b"<pdfuaid:part>1</pdfuaid:part>" in xmp


def test_a_table_showing_both_small_and_withheld_counts_says_what_each_means():
    """Reviewers read `<5` and "withheld", side by side in one table with
    nothing near to tell them apart, as the same thing. The key follows the
    table, and its caption, now written before it, stays the table's."""
    from pipeline.report.blocks import Table

    table = Table(
        ("Band", "n", "%"),
        (("None", "12", "80%"), ("Under 30", "<5", "withheld")),
        (False, True, True),
    )
    nb = executed_notebook()
    nb.cells[3].outputs[0]["data"]["text/markdown"] = table._repr_mimebundle_()["text/markdown"]
    page = BeautifulSoup(render.render_builtin(nb, ("html",))["html"], "html.parser")
    found = page.find("table")
    assert found.find("caption").text == "Respondents by band"
    key = found.find_next("p").text
    assert key.startswith("<5: from 1 to 4") and "Withheld: not published" in key
    alone = Table(("Band", "n"), (("None", "12"), ("Under 30", "<5")), (False, True))
    assert alone.key() == ""


def alt_texts(node) -> set[str]:
    """Every /Alt in a PDF structure tree."""
    node = node.get_object() if hasattr(node, "get_object") else node
    found = set()
    if isinstance(node, dict):
        if "/Alt" in node:
            found.add(str(node["/Alt"]))
        for key, value in node.items():
            if key not in ("/P", "/Parent", "/Pg", "/ParentTree"):
                found |= alt_texts(value)
    elif isinstance(node, list):
        for value in node:
            found |= alt_texts(value)
    return found


def test_quarto_makes_word_with_its_own_docx_format():
    (call,) = render.quarto_calls("/w/learning-report.ipynb", ("docx",))
    assert call["output_format"] == "docx" and call["output_file"] == "learning-report.docx"


def test_quarto_renders_the_executed_notebook_without_re_executing():
    calls = render.quarto_calls("/w/learning-report.ipynb", ("html", "pdf"))
    assert calls == [
        {
            "input": "/w/learning-report.ipynb",
            "output_format": "html",
            "output_file": "learning-report.html",
            "execute": False,
            "quiet": True,
        },
        {
            "input": "/w/learning-report.ipynb",
            "output_format": "typst",
            "output_file": "learning-report.pdf",
            "execute": False,
            "quiet": True,
        },
    ]


FAKE_QUARTO = """#!{python}
import json, pathlib, sys
args = sys.argv[1:]
pathlib.Path({log!r}).write_text(json.dumps(args))
source = pathlib.Path(args[1])
output = args[args.index("--output") + 1]
(source.parent / output).write_text("rendered " + args[args.index("--to") + 1])
"""


def test_the_quarto_wrapper_is_called_with_the_command_line_we_expect(tmp_path, monkeypatch):
    """A stand-in `quarto` on PATH records its arguments: this is the exact
    command the real Quarto receives (see the skipped test below)."""
    log = tmp_path / "argv.json"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "quarto"
    fake.write_text(FAKE_QUARTO.format(python=sys.executable, log=str(log)))
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    assert render.choose("auto") == "quarto"
    out = render.render(executed_notebook(), "quarto", ("pdf",))
    assert out == {"pdf": b"rendered typst"}
    args = __import__("json").loads(log.read_text())
    assert args[0] == "render" and args[1].endswith("learning-report.ipynb")
    assert args[2:] == [
        "--to",
        "typst",
        "--output",
        "learning-report.pdf",
        "--no-execute",
        "--quiet",
    ]


def test_without_quarto_auto_is_builtin_and_asking_for_quarto_says_why(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert render.choose("auto") == "builtin"
    with pytest.raises(render.RenderError, match="needs the `quarto` executable on PATH"):
        render.choose("quarto")


@pytest.mark.skipif(
    shutil.which("quarto") is None,
    reason="Quarto is not installed here (no quarto executable on PATH); the command it "
    "would run is checked by the stand-in test above",
)
def test_real_quarto_renders_html_and_pdf_with_the_same_figure_and_table():
    out = render.render_quarto(executed_notebook(), ("html", "pdf"))
    page = BeautifulSoup(out["html"], "html.parser")
    assert "Activity levels" in page.get_text() and "Respondents by band" in page.get_text()
    assert page.find("img", alt="42% of respondents were inactive.") is not None
    assert out["pdf"].startswith(b"%PDF")


TYPST_HOSTILE = [
    "@bob said so",  # a reference in typst
    "**Great**\U0001f3c3 walk",  # no font has the runner, straight after #strong[...]
    "Name: \u65e5\u672c",  # CJK, in no font of the PDF
    "Bell\u0007 in a cell",  # a control character from a spreadsheet
    "$5 <label> #set text(red) // not a comment = not a heading",
    "\U0001f600 and \u2714 and \u2192",  # in DejaVu Sans, the second font
]


def test_a_short_table_at_the_foot_of_a_page_is_kept_whole_in_the_pdf():
    """A reviewer's PDF split a table of a dozen rows two and ten: it read
    as two tables. Here the text before it leaves room for four rows."""
    nb = nbformat.v4.new_notebook()
    filler = "\n\n".join(f"Paragraph {i} " + "words " * 40 for i in range(11))
    rows = "".join(f"| Row{i:02} | {i} |\n" for i in range(10))
    nb.cells = [
        nbformat.v4.new_raw_cell("---\ntitle: 'Test Town'\nlang: en-GB\n---"),
        nbformat.v4.new_markdown_cell("## Delivery\n\n" + filler),
        nbformat.v4.new_code_cell(
            '#| label: tbl-rows\n#| tbl-cap: "Rows"\nreport.y()',
            outputs=[
                nbformat.v4.new_output(
                    "display_data", data={"text/markdown": "| Name | n |\n|:---|---:|\n" + rows}
                )
            ],
        ),
    ]
    pdf = render.render_builtin(nb, ("pdf",))["pdf"]
    pages = [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]
    holding = [page for page in pages if "Row0" in page]
    assert len(holding) == 1 and all(f"Row{i:02}" in holding[0] for i in range(10))


def test_the_pdf_is_made_whatever_text_it_is_given():
    from pipeline import markdown

    nb = executed_notebook()
    words = "\n\n".join(
        f"{markdown.safe_markdown(text)}\n\n{markdown.escape(text)}" for text in TYPST_HOSTILE
    )
    nb.cells.append(nbformat.v4.new_markdown_cell(words))
    pdf = render.render_builtin(nb, ("pdf",))["pdf"]
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "@bob said so" in text
    assert "Great(runner) walk" in text
    assert "(cjk unified ideograph-65e5)" in text and "Bell in a cell" in text
    assert "#set text(red) // not a comment" in text


def test_the_narrative_s_sub_headings_make_a_pdf_and_a_title_block_in_every_format():
    """`###` and deeper in the narrative used to stop typst ("skipped from
    heading level 2 to 5"): the narrative's headings now nest under their
    section and never skip a level."""
    from pipeline import markdown

    words = markdown.safe_markdown("Intro.\n\n### Part one\n\n##### Deeper\n\nText.", under=2)
    nb = executed_notebook()
    nb.cells[0].source = (
        "---\ntitle: 'Walking together'\nsubtitle: 'Test Town'\nauthor: [A Team]\n"
        "abstract: 'A year of walks.'\nlang: en-GB\n---"
    )
    nb.cells.insert(2, nbformat.v4.new_markdown_cell(words))
    out = render.render_builtin(nb, ("html", "pdf"))
    page = BeautifulSoup(out["html"], "html.parser")
    assert [h.name for h in page.find("main").find_all(["h2", "h3", "h4", "h5"])] == [
        "h2",
        "h3",
        "h4",
    ]
    assert page.find(class_="summary").text == "A year of walks."
    assert page.find(class_="authors").text == "By A Team"
    text = " ".join(
        " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(out["pdf"])).pages).split()
    )
    assert "Part one" in text and "Deeper" in text
    assert "By A Team A year of walks." in text

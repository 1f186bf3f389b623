"""The whole pipeline on the committed sample, as a user runs it: real Great
Expectations, real Papermill and kernel, real pandoc and typst. The figures
in the HTML and PDF are checked against numbers computed here, independently,
from the raw CSV files."""

import hashlib
import hmac
import json
import os
import platform
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pypdf
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import PINNED, REPO, SAMPLE_AREA_PERIODS, every_file, learnrep

from pipeline.run import provenance_key
from pipeline.run.provenance import code_hash

# A full sample build, a real browser, DVC or the reliability suite: not in make test-fast.
pytestmark = pytest.mark.slow

RAW = REPO / "data" / "raw"
ALL = SAMPLE_AREA_PERIODS


@pytest.fixture
def built(sample_built):
    return sample_built


def html(project, area="bolsover", period="2022-q1", name="learning-report.html"):
    return BeautifulSoup((project.report_dir(area, period) / name).read_text(), "html.parser")


def pdf_text(project, area="bolsover", period="2022-q1") -> str:
    reader = pypdf.PdfReader(project.report_dir(area, period) / "learning-report.pdf")
    return "\n".join(page.extract_text() for page in reader.pages)


def survey() -> pd.DataFrame:
    return pd.read_csv(RAW / "bolsover" / "2022-q1" / "survey.csv", dtype=str)


def test_the_run_builds_every_sample_report_and_the_index(built):
    project, result = built
    assert result.returncode == 0, result.stderr
    assert "Built 6 area-periods: 6 built, 0 failed." in result.stdout
    assert "Index:     reports/index.html" in result.stdout
    for area, period in ALL:
        folder = project.report_dir(area, period)
        for name in (
            "learning-report.html",
            "learning-report.pdf",
            "learning-report.ipynb",
            "notebook.html",
            "provenance.json",
        ):
            assert (folder / name).is_file(), f"{area}/{period}/{name}"
        # The steward's pages stay with the team, in validation/, never in reports/.
        for name in ("validation.html", "validation.json", "failures.csv"):
            assert (project.steward_dir(area, period) / name).is_file(), f"{area}/{period}/{name}"
            assert not (folder / name).exists()
    assert (project.data_docs / "index.html").is_file()
    assert project.data_docs.is_relative_to(project.validation)
    assert not (project.reports / "data-docs").exists()
    assert (project.validation / "index.html").is_file()
    listing = learnrep(project.root, "list")
    assert re.search(r"bolsover\s+2022-q1\s+passed\s+up to date \(html, pdf\)", listing.stdout)


def test_the_report_figures_match_the_raw_data(built):
    project, _ = built
    raw = survey()
    minutes = pd.to_numeric(raw["minutes_per_week"]).dropna()
    inactive = round(100 * (minutes < 30).sum() / len(minutes) + 1e-9)
    barriers = raw["barriers"].dropna().str.split(";").explode().value_counts()
    answered = raw["barriers"].notna().sum()
    time_share = int(100 * barriers["Time"] / answered + 0.5)

    page = html(project)
    headline = " ".join(page.find(id="key-figures").find_next("ul").get_text(" ").split())
    assert f"Respondents: {len(raw)}" in headline
    assert f"Inactive (under 30 minutes a week): {inactive}%" in headline
    assert "warn" not in built[1].stderr.lower()
    assert f"Top barrier: Time ({time_share}%)" in headline

    barrier_table = next(
        t for t in page.find_all("table") if t.caption.text.startswith("Respondents by barrier (")
    )
    cells = {
        row.find_all("td")[0].text: [td.text for td in row.find_all("td")[1:]]
        for row in barrier_table.find("tbody").find_all("tr")
    }
    for name, count in barriers.items():  # this period's: the last two columns
        assert cells[name][-2:] == [str(count), f"{int(100 * count / answered + 0.5)}%"]

    text = " ".join(pdf_text(project).split())
    assert f"Respondents: {len(raw)}" in text
    assert f"Of the {len(minutes)} who answered, {inactive}% were inactive" in text
    assert "Zdrowe rozmowy" in text and "Bine ați venit" in text  # cp1250 and UTF-8 text survive


def test_every_figure_has_a_caption_alt_text_stating_a_finding_and_a_table(built):
    project, _ = built
    page = html(project)
    # The charts (id fig-...); the narrative's own images are figures too,
    # with their alt text, but no table of numbers.
    figures = [f for f in page.find_all("figure") if f.get("id", "").startswith("fig-")]
    assert len(page.find_all("figure")) == len(figures) + 1  # the sample's infographic
    # 11: each drawn once, the previous period beside this one where both have data
    assert len(figures) == 11
    for figure in figures:
        image = figure.find("img")
        alt = image.get("alt") or image.get("aria-label")
        assert alt and re.search(r"\d", alt), alt  # states a figure, not "a bar chart"
        assert figure.find("figcaption").text.strip()
        assert figure.find_next("table").find("caption").text.strip()  # in its scroll region
    notebook = json.loads(
        (project.report_dir("bolsover", "2022-q1") / "learning-report.ipynb").read_text()
    )
    drawn = [
        c
        for c in notebook["cells"]
        if any("image/svg+xml" in o.get("data", {}) for o in c.get("outputs", []))
    ]
    alts = [image.get("alt") or image.get("aria-label") for f in figures for image in f("img")]
    for cell, alt in zip(drawn, alts, strict=True):
        assert f"#| fig-alt: {json.dumps(alt, ensure_ascii=False)}" in "".join(cell["source"])


def test_the_notebook_ran_in_this_interpreter_with_relative_paths(built):
    project, _ = built
    folder = project.report_dir("bolsover", "2022-q1")
    notebook = json.loads((folder / "learning-report.ipynb").read_text())
    assert notebook["metadata"]["language_info"]["version"] == platform.python_version()
    assert notebook["metadata"]["papermill"]["parameters"]["processed_dir"] == (
        "data/processed/bolsover/2022-q1"
    )
    assert str(project.root) not in (folder / "learning-report.ipynb").read_text()
    injected = [
        c for c in notebook["cells"] if "injected-parameters" in c["metadata"].get("tags", [])
    ]
    assert [c["id"] for c in injected] == ["injected-parameters"]


def test_the_html_is_one_self_contained_accessible_page_without_code(built):
    project, _ = built
    page = html(project)
    assert page.html["lang"] == "en-GB"
    assert page.find_all("script") == []
    for tag, attribute in (("img", "src"), ("link", "href"), ("script", "src"), ("source", "src")):
        for element in page.find_all(tag):
            assert not element.get(attribute, "").startswith(("http:", "https:", "//"))
    assert all(i["src"].startswith("data:image/") for i in page.find_all("img"))
    assert page.find_all("link") == []  # styles are inline
    assert len(page.find_all("h1")) == 1
    assert page.find("nav").find_all("a")[0]["href"] == "#introduction"
    assert page.find("a", class_="skip-link")["href"] == "#main"
    assert "@media print" in page.find("style").text
    assert page.find_all("pre") == [] and "import " not in page.get_text()


def test_the_pdf_is_a4_tagged_and_titled(built):
    project, _ = built
    reader = pypdf.PdfReader(project.report_dir("bolsover", "2022-q1") / "learning-report.pdf")
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    narrative = (RAW / "bolsover" / "2022-q1" / "narrative.md").read_text(encoding="utf-8")
    title = yaml.safe_load(narrative.split("---")[1])["title"]
    assert reader.metadata.title == title  # the narrative's title is the report's
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b"<pdfuaid:part>1</pdfuaid:part>" in xmp  # declares PDF/UA-1
    figures = html(project).find_all("figure")
    alts = {img.get("alt") for figure in figures for img in figure.find_all("img")}
    pdf_bytes = (project.report_dir("bolsover", "2022-q1") / "learning-report.pdf").read_bytes()
    assert pdf_bytes.count(b"/Alt") == len(figures) == len(alts)
    assert "Page 1 of" in reader.pages[0].extract_text()
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"


def need_poppler(tool: str) -> None:
    """Skip, saying why, without poppler's `tool`; CI installs it, so there
    a missing one is a failure."""
    if shutil.which(tool) is None:
        message = f"no {tool} on PATH (Debian: apt-get install poppler-utils)"
        if os.environ.get("LEARNREP_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)


MARGIN_X, MARGIN_Y = 2 * 72 / 2.54, 2.2 * 72 / 2.54  # report.typ's page margins, in points


def pdf_blocks(path) -> list[tuple[float, float, list[tuple[float, float, float, float, str]]]]:
    """Each page's size and its blocks of text (paragraphs, captions, table
    cells) with their boxes, read back by poppler."""
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for page in BeautifulSoup(out, "html.parser").find_all("page"):
        blocks = []
        for block in page.find_all("block"):
            words = block.find_all("word")
            box = [float(block[k]) for k in ("xmin", "ymin", "xmax", "ymax")]
            blocks.append((*box, " ".join(w.text for w in words)))
        pages.append((float(page["width"]), float(page["height"]), blocks))
    return pages


@pytest.mark.parametrize(("area", "period"), ALL)
def test_the_pdf_keeps_every_word_on_the_page_and_captions_with_what_they_describe(
    built, area, period
):
    """Long checksums once ran past the page's edge; a table's caption once
    ended a page with its table on the next. Every caption is above what it
    names, so none ends a page."""
    need_poppler("pdftotext")
    project, _ = built
    pages = pdf_blocks(project.report_dir(area, period) / "learning-report.pdf")
    for number, (width, height, blocks) in enumerate(pages, start=1):
        for x0, _, x1, _, text in blocks:
            assert x0 >= MARGIN_X - 1 and x1 <= width - MARGIN_X + 1, (number, text)
        # Top to bottom, leaving out the footer.
        body = sorted((b for b in blocks if b[3] < height - MARGIN_Y), key=lambda b: b[1])
        last = body[-1]
        assert not re.match(r"Table \d+:", last[4]), (number, last[4])
        # A chart draws no text the PDF can give back: below its caption, room for it.
        figure = re.match(r"Figure \d+:", last[4])
        assert not (figure and last[3] > height - MARGIN_Y - 60), (number, last[4])


def test_no_output_contains_row_level_data(built):
    project, _ = built
    ids = set(survey()["respondent_id"])
    training = pd.read_csv(
        RAW / "bolsover" / "2022-q1" / "training.csv", dtype=str, encoding="cp1250"
    )
    ids |= set(training["participant_id"])
    folder = project.report_dir("bolsover", "2022-q1")
    texts = {
        "html": (folder / "learning-report.html").read_text(),
        "notebook": (folder / "learning-report.ipynb").read_text(),
        "pdf": pdf_text(project),
        "index": (project.reports / "index.html").read_text(),
    }
    for name, text in texts.items():
        leaked = [i for i in ids if i in text]
        assert not leaked, f"{name} contains ids {leaked[:3]}"


def test_nothing_published_names_the_building_machine_or_a_traceback(built):
    """Every file under reports/, the PDFs by their text too, and the run's
    console: no folder of the machine that built them, no traceback, and no
    plain digest of a raw file (docs/security.md)."""
    project, result = built
    shown = {"the console": result.stdout + result.stderr}
    for path in sorted(project.reports.rglob("*")):
        if path.is_file():
            text = path.read_bytes().decode("utf-8", errors="replace")
            if path.suffix == ".pdf":
                text += "\n".join(p.extract_text() for p in pypdf.PdfReader(path).pages)
            shown[path.relative_to(project.root).as_posix()] = text
    digests = {hashlib.sha256(p.read_bytes()).hexdigest() for p in project.raw.rglob("*.*")}
    for name, text in shown.items():
        for leak in (str(project.root), "/tmp/", str(Path.home()), "Traceback"):
            assert leak not in text, (name, leak)
        assert not [d for d in digests if d in text], name


def test_small_counts_are_suppressed_in_the_published_tables(built):
    project, _ = built
    gender = survey()["gender"].value_counts()
    small = [g for g, n in gender.items() if 0 < n < 5]
    assert small, "the sample should have a small gender group to test"
    table = next(t for t in html(project).find_all("table") if "Who responded" in t.caption.text)
    rows = {
        tr.find_all("td")[1].text: tr
        for tr in table.find("tbody").find_all("tr")
        if tr.find_all("td")[0].text == "Gender"
    }
    for name in small:
        if name in rows:  # shown on its own: suppressed
            assert [td.text for td in rows[name].find_all("td")][2:] == ["<5", "withheld"]
            continue
        # or shown together with a neighbouring answer ("Another term or prefer
        # not to say"), in a row whose count is not the small one
        (together,) = [shown for shown in rows if name.casefold() in shown.casefold()]
        count = rows[together].find_all("td")[2].text
        assert count in ("<5", "withheld") or int(count) >= 5, (together, count)


def test_absent_datasets_are_named_once_at_the_end_and_have_no_section(built):
    project, _ = built
    page = html(project, "sheffield", "2022-h1")
    headings = [h.get_text(" ", strip=True) for h in page.find_all("h2")]
    assert "Community survey" not in headings and "Workforce development" not in headings
    assert headings[-1] == "About this report"
    closing = page.find("h2", string="About this report").find_parent("section").get_text(" ")
    closing = " ".join(closing.split())
    assert "This period had no community survey, training records" in closing
    assert "was provided" not in page.get_text(" ")
    # Delivery, funding, partners and milestones (reach is a list): no survey or training figures.
    assert len(html(project, "sheffield", "2022-h1").find_all("figure")) == 4


def test_provenance_records_inputs_code_and_software(built):
    project, _ = built
    record = json.loads((project.report_dir("bolsover", "2022-q1") / "provenance.json").read_text())
    survey_file = RAW / "bolsover" / "2022-q1" / "survey.csv"
    plain = subprocess.run(["sha256sum", survey_file], capture_output=True, text=True)
    plain = plain.stdout.split()[0]
    # Published keyed with the project's secret, never plain (docs/security.md).
    key = provenance_key.load(project)
    keyed = hmac.new(key, plain.encode(), hashlib.sha256).hexdigest()
    assert record["inputs"]["data/raw/bolsover/2022-q1/survey.csv"] == keyed
    assert {"python", "pandas", "papermill", "great_expectations"} <= set(record["software"])
    text = html(project).get_text(" ")
    assert plain not in text and keyed not in text  # the record holds it (verify reads it)
    assert f"pandas {record['software']['pandas']}" in text
    assert record["code_sha256"] == code_hash() and record["code_sha256"] in text
    version = learnrep(project.root, "--version").stdout
    assert record["code_sha256"][:12] in version
    checked = learnrep(project.root, "verify", "reports/bolsover/2022-q1")
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_working_is_a_self_contained_page_of_the_notebook_with_code_and_alt_text(built):
    """notebook.html: nbconvert's page of the executed notebook, for analysts."""
    project, _ = built
    folder = project.report_dir("bolsover", "2022-q1")
    text = (folder / "notebook.html").read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", text)  # fetches nothing
    working = BeautifulSoup(text, "html.parser")
    code = working.get_text()
    assert "report.survey.levels_figure()" in code and "suppression_threshold = 5" in code
    report_alts = sorted(i["alt"] for i in html(project).select("figure img"))
    assert sorted(i["alt"] for i in working.find_all("img")) == report_alts
    assert "No description has been provided" not in text
    assert "toc-depth" not in code  # the renderer's front matter is not the working


def test_the_index_links_every_report_with_status_and_headlines(built):
    project, _ = built
    page = BeautifulSoup((project.reports / "index.html").read_text(), "html.parser")
    assert [h.text for h in page.find_all("h2")] == [
        "Programme overviews",
        "Bolsover (Shirebrook)",
        "Buckinghamshire and Milton Keynes",
        "Sheffield",
    ]
    assert [s.text for s in page.find_all(class_="status")] == ["up to date"] * 6
    hrefs = {a["href"] for a in page.find_all("a")}
    for area, period in ALL:
        for name in (
            "learning-report.html",
            "learning-report.pdf",
            "learning-report.ipynb",
            "notebook.html",
        ):
            assert f"{area}/{period}/{name}" in hrefs
    # Nothing published links to the steward's tree.
    assert not [h for h in hrefs if "validation" in h or "data-docs" in h]
    assert "Respondents" in page.get_text() and "£" in page.get_text()
    validation = BeautifulSoup(
        (project.steward_dir("bolsover", "2022-q1") / "validation.html").read_text(), "html.parser"
    )
    link = validation.find("a", string="Every area-period's validation")
    assert link["href"] == "../../index.html"
    steward_index = BeautifulSoup((project.validation / "index.html").read_text(), "html.parser")
    assert {a["href"] for a in steward_index.find_all("a")} >= {
        "data-docs/index.html",
        "bolsover/2022-q1/validation.html",
        "sheffield/2022-h1/failures.csv",
    }


def test_a_forced_rebuild_elsewhere_gives_identical_bytes(built, tmp_path):
    """Every published file, Data Docs included, is the same after a forced
    rebuild of a copy in another folder: no clock, no random ids, no paths."""
    project, _ = built
    first = every_file(project.reports) | every_file(project.validation)
    copy = tmp_path / "elsewhere"
    shutil.copytree(project.root, copy)
    # Every figure drawn again, not read back: this is the test that drawing
    # puts no clock, id or path in a figure.
    shutil.rmtree(copy / ".learnrep" / "figures")
    again = learnrep(copy, "run", "--force", "--renderer", "builtin", env=PINNED)
    assert "Built 6 area-periods: 6 built, 0 failed." in again.stdout
    second = every_file(copy / "reports") | every_file(copy / "validation")
    assert sorted(second) == sorted(first)
    differ = [name for name in first if first[name] != second[name]]
    assert differ == []
    assert any(name.endswith(".pdf") for name in first)
    assert any(name.startswith("data-docs/validations/") for name in first)


def test_the_programme_overview_compares_areas_on_their_latest_period(built):
    project, _ = built
    index = BeautifulSoup((project.reports / "index.html").read_text(), "html.parser")
    links = {a.text: a["href"] for a in index.find_all("a")}
    assert links["We Are Undefeatable: programme overview"] == "programme/we-are-undefeatable.html"
    assert links["Active Partnerships: programme overview"] == (
        "programme/active-partnerships.html"
    )
    page = BeautifulSoup(
        (project.reports / "programme" / "we-are-undefeatable.html").read_text(), "html.parser"
    )
    assert page.find("h1").text == "We Are Undefeatable: programme overview"
    table = page.find("table")
    headers = [th.text for th in table.find("thead").find_all("th")]
    row = table.find("tbody").find("tr")
    cells = dict(zip(headers[1:], [td.text for td in row.find_all("td")], strict=True))
    assert row.find("a")["href"] == "../bolsover/2022-q1/learning-report.html"
    assert cells["Latest period"] == "Final learning report (Nov 2021 - Mar 2022)"
    headline = dict(
        json.loads((project.state / "builds/bolsover/2022-q1.json").read_text())["headline"]
    )
    assert cells["Respondents"] == headline["Respondents"] == str(len(survey()))
    assert (
        cells["Inactive (under 30 minutes a week)"]
        == headline["Inactive (under 30 minutes a week)"]
    )
    assert cells["Top barriers"].startswith(headline["Top barrier"])
    assert "Sessions delivered" not in cells  # no area of the programme has delivery
    leap = (project.reports / "programme" / "active-partnerships.html").read_text()
    assert "year two (Aug 2018" in leap and "year one" not in leap


@pytest.mark.parametrize(("area", "period"), ALL)
def test_no_pdf_page_but_the_last_is_less_than_half_full(built, area, period, tmp_path):
    """Pages were left half empty. Measured on the rendered page: the lowest
    row with ink above the footer, as a share of the page's height."""
    need_poppler("pdftoppm")
    project, _ = built
    pdf = project.report_dir(area, period) / "learning-report.pdf"
    subprocess.run(["pdftoppm", "-r", "20", "-gray", str(pdf), str(tmp_path / "p")], check=True)
    pages = sorted(tmp_path.glob("p-*.pgm"))
    assert len(pages) >= 2
    for number, page in enumerate(pages[:-1], start=1):
        _, size, _, pixels = page.read_bytes().split(b"\n", 3)
        width, height = map(int, size.split())
        above_footer = int(height * (1 - 2.2 / 29.7))
        inked = [r for r in range(above_footer) if min(pixels[r * width : (r + 1) * width]) < 200]
        assert max(inked) / height >= 0.5, f"page {number} is less than half full"

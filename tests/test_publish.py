"""What is published beside the reports (pipeline/publish/): the index and
the programme overviews, from statuses and hashes the run hands them."""

from __future__ import annotations

import shutil

import pytest
from bs4 import BeautifulSoup

from pipeline.discover import AreaPeriod, discover_all
from pipeline.pages import templates
from pipeline.publish import index, programme
from pipeline.run.plan import Fingerprints
from pipeline.status import Report

Q1 = AreaPeriod("bolsover", "2022-q1")


def test_the_index_shows_each_status_it_is_given_and_its_reasons(sample_processed):
    project = sample_processed
    statuses = {ap: (Report.NEVER_BUILT, []) for ap in discover_all(project)}
    statuses[Q1] = (Report.OUT_OF_DATE, ["raw data changed: survey.csv"])
    h2 = AreaPeriod("bolsover", "2021-h2")
    statuses[h2] = (Report.FAILED_VALIDATION, [])
    problems = [
        'survey.csv row 3, column gender: expected one of: Male, ..., got "Jo Bloggs"',
        "training.csv row 9, column course: the value is required",
    ]
    records = {
        Q1: {"report_error": None, "errors": [], "headline": [["Respondents", "200"]]},
        h2: {"report_error": None, "errors": problems, "headline": []},
    }
    index.write(project, statuses, records, programme.programmes(project))
    page = BeautifulSoup((project.reports / "index.html").read_text(), "html.parser")
    q1 = page.find("section", attrs={"aria-labelledby": "h-bolsover-2022-q1"})
    assert q1.find(class_="status").get_text() == "out of date"
    assert "raw data changed: survey.csv" in q1.get_text()
    assert "200" not in q1.get_text()  # headline figures only for an up-to-date report
    assert len(page.find_all(class_="status")) == len(statuses)
    # A failed one says how many problems stop it, never what they are.
    failed = " ".join(
        page.find("section", attrs={"aria-labelledby": "h-bolsover-2021-h2"}).text.split()
    )
    assert "2 problems in the data stop this report" in failed
    assert "Jo Bloggs" not in page.text and "row 3" not in page.text
    # Nothing published links to the steward's tree.
    assert not [
        a for a in page.find_all("a") if "validation" in a["href"] or "data-docs" in a["href"]
    ]


def test_the_index_is_rendered_again_only_when_what_it_shows_changed(sample_processed, monkeypatch):
    project = sample_processed
    page = project.reports / "index.html"
    statuses = {ap: (Report.NEVER_BUILT, []) for ap in discover_all(project)}
    found = programme.programmes(project)
    rendered = []
    monkeypatch.setattr(index, "templates", lambda: rendered.append(1) or templates())

    def renders(code: str = "code-1") -> bool:
        before = len(rendered)
        index.write(project, statuses, {}, found, code)
        return len(rendered) > before

    assert renders()
    assert not renders()  # nothing it shows changed: left alone
    statuses[Q1] = (Report.OUT_OF_DATE, ["raw data changed: survey.csv"])
    assert renders()
    assert "raw data changed: survey.csv" in page.read_text()
    assert not renders()
    assert renders("code-2")  # the code or its templates changed
    page.write_text("edited by hand")
    assert renders("code-2")  # not the page it last wrote
    assert "raw data changed: survey.csv" in page.read_text()
    notebook = project.reports / Q1.area / Q1.period / "learning-report.ipynb"
    notebook.parent.mkdir(parents=True, exist_ok=True)
    notebook.write_text("{}")
    assert renders("code-2")  # a file it links to appeared
    notebook.unlink()
    assert renders("code-2")  # a link it shows is gone


def test_programmes_group_areas_by_their_area_yml(sample_processed):
    found = programme.programmes(sample_processed)
    assert found["we-are-undefeatable"]["areas"] == [("bolsover", "Bolsover (Shirebrook)")]
    assert {key for key in found} == {
        "we-are-undefeatable",
        "active-partnerships",
        "move-more-empowered-communities",
    }


def test_a_programme_pages_name_holds_no_contact_details():
    """An eighteenth outsider's: the page of a programme named with a phone
    number was reports/programme/prog-progname-07911-121212.html."""
    assert programme.slug("ProgName 07911 121212") == "progname-phone-number-removed"
    assert programme.slug("We Are Undefeatable") == "we-are-undefeatable"


def test_an_overview_shows_the_latest_period_whose_data_is_current(sample_processed):
    project = sample_processed
    prints = Fingerprints(project, {})
    periods = [ap for ap in discover_all(project) if ap.area == "bolsover"]
    (ap, data), *_ = programme.current(project, periods, prints.inputs)
    assert ap == Q1 and data.period["end"] == "2022-03-31"

    def changed_since(candidate: AreaPeriod) -> dict:
        """As if 2022-q1's raw files changed after it was processed."""
        return {} if candidate == Q1 else prints.inputs(candidate)

    assert [ap for ap, _ in programme.current(project, periods, changed_since)] == [
        AreaPeriod("bolsover", "2021-h2")
    ]


def published_copy(project, tmp_path, *recorded: AreaPeriod, provisional=False):
    """A copy of `project` whose ledger holds what `recorded` publish."""
    from pipeline import ledger
    from pipeline.config import Project
    from pipeline.processed import Processed
    from pipeline.report import figures

    copy = Project(tmp_path / "project")
    shutil.copytree(project.root, copy.root)
    for ap in recorded:
        data = Processed.of(copy, ap)
        _, _, entry = figures.publication(data, 5)
        ledger.record(copy, ap, entry, data.folder, provisional=provisional)
    return copy


def test_an_overview_row_is_kept_until_its_data_threshold_or_code_change(
    sample_processed, monkeypatch, tmp_path
):
    from pipeline.processed import Processed

    project = published_copy(sample_processed, tmp_path, Q1)
    data = Processed.of(project, Q1)
    worked_out = []
    figures = programme.figures
    monkeypatch.setattr(programme, "figures", lambda d, t: worked_out.append(t) or figures(d, t))
    first = programme.row(project, Q1, data, 5, "code-a")
    assert programme.row(project, Q1, data, 5, "code-a") == first
    assert worked_out == [5]
    programme.row(project, Q1, data, 5, "code-b")
    # Under another threshold it publishes other figures, which no report has.
    assert programme.row(project, Q1, data, 3, "code-b") is None
    assert worked_out == [5, 5]
    assert first == figures(data, 5)


@pytest.mark.parametrize("ledger_holds", ["nothing", "a provisional record"])
def test_an_overview_shows_only_figures_the_ledger_holds_as_published(
    sample_processed, tmp_path, ledger_holds
):
    """A fourteenth outsider's attack: a report that failed had its
    participants (96) on the programme overview, in no ledger; a late
    correction withdrew one organisation's row, the next report showed 93,
    and 96 - 93 gave the organisation's 3. The overview now shows an area
    on its latest period whose figures are recorded as published."""
    from pipeline.processed import Processed

    h2 = AreaPeriod("bolsover", "2021-h2")
    project = published_copy(sample_processed, tmp_path, h2)
    if ledger_holds == "a provisional record":
        project = published_copy(project, tmp_path / "again", Q1, provisional=True)
    assert programme.row(project, Q1, Processed.of(project, Q1), 5, "code") is None
    prints = Fingerprints(project, {})
    page = programme.page(
        project,
        programme.programmes(project)["we-are-undefeatable"],
        5,
        prints.inputs,
        {"bolsover": [h2, Q1]},
        "code",
    )
    label = Processed.of(project, h2).period["label"]
    assert label in page and Processed.of(project, Q1).period["label"] not in page


def test_an_overview_row_is_the_published_headline(sample_processed):
    from pipeline.processed import Processed
    from pipeline.report import headline

    data = Processed.of(sample_processed, Q1)
    row = dict(
        zip([name for name, _ in programme.COLUMNS], programme.figures(data, 5), strict=True)
    )
    shown = headline.shown(data, 5)
    assert row["Respondents"] == shown["Respondents"]
    assert row["Sessions delivered"] == programme.NOT_COLLECTED  # 2022-q1 has no delivery data


def test_a_superseded_report_says_so_once_however_often_it_is_marked(tmp_path):
    import io

    import typst
    from pypdf import PdfReader

    from pipeline.publish import superseded

    page = "<html><body>\n<main>report</main></body></html>"
    once = superseded.banner_added(page, "Superseded: <b>x</b> & y")
    twice = superseded.banner_added(once, "Superseded: again")
    assert "&lt;b&gt;x&lt;/b&gt; &amp; y" in once  # text, never markup
    assert twice.count('class="superseded"') == 1 and "again" in twice
    assert superseded.BANNER.sub("", twice) == page

    source = tmp_path / "r.typ"
    source.write_text("= Learning report\n\nFindings.\n")
    pdf = typst.compile(str(source), ignore_system_fonts=True)
    marked = superseded.notice_page_added(pdf, "Superseded: data changed (a #b *c*)")
    marked = superseded.notice_page_added(marked, "Superseded: changed again")
    pages = PdfReader(io.BytesIO(marked)).pages
    assert len(pages) == 2
    assert "changed again" in pages[0].extract_text()
    assert "Findings." in pages[1].extract_text()


def test_a_superseded_word_report_opens_with_the_notice_once(tmp_path):
    import docx

    from pipeline.publish import superseded

    document = docx.Document()
    document.add_paragraph("The report's first words.")
    path = tmp_path / "r.docx"
    document.save(path)
    once = superseded.notice_paragraph_added(path.read_bytes(), "Superseded: data <changed> & more")
    twice = superseded.notice_paragraph_added(once, "Superseded: changed again")
    (tmp_path / "t.docx").write_bytes(twice)
    paragraphs = [p.text for p in docx.Document(str(tmp_path / "t.docx")).paragraphs]
    assert paragraphs == ["Superseded: changed again", "The report's first words."]
    (tmp_path / "o.docx").write_bytes(once)
    assert docx.Document(str(tmp_path / "o.docx")).paragraphs[0].text == (
        "Superseded: data <changed> & more"
    )

"""Every kind of bad input a hand-made export brings, answered as the contract
says: one line naming the file, row and column; exit 1; the other
area-periods still built; nothing under data/raw touched; the last good
report left in place. And the messy-but-readable kinds (template, European
Excel, code pages, workbooks, stray columns) are read, not refused.

One project holds one area per bad case, each built good first. Then every
case is spoilt at once, the readable cases join, and a single real
`learnrep run` answers them all."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from bs4 import BeautifulSoup
from conftest import PINNED, REPO, assert_no_traceback, copy_notebook, every_file, learnrep
from pypdf import PdfReader

from pipeline.config import Project
from pipeline.publish import superseded
from pipeline.raw import decode

# A full sample build, a real browser, DVC or the reliability suite: not in make test-fast.
pytestmark = pytest.mark.slow

PERIOD = "2022-q1"
SAMPLE = REPO / "data" / "raw"
AREA_YML = "name: Case {slug}\nprogramme: We Are Undefeatable\nsynthetic: true\n"
PERIOD_YML = "label: Final learning report\nstart: 2021-11-01\nend: 2022-03-31\n"
REPORT_FILES = ("learning-report.html", "learning-report.pdf", "learning-report.ipynb")


def good_period(folder: Path) -> None:
    """A complete area-period: the sample's Bolsover 2022-q1 plus a delivery file,
    without the learning datasets (contract section 4), which these cases do
    not spoil and which would only make 26 reports slower."""
    shutil.copytree(SAMPLE / "bolsover" / PERIOD, folder)
    for name in ("reach", "funding", "recommendations", "quotes", "partners"):
        (folder / f"{name}.csv").unlink()
    (folder / "period.yml").write_text(PERIOD_YML)
    shutil.copy(SAMPLE / "bucks-mk" / "2017-18" / "delivery.csv", folder)


def rows_of(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(decode(path.read_bytes())[0])))


def write_rows(path: Path, rows: list[list[str]], encoding="utf-8", delimiter=",") -> None:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))


def set_cell(path: Path, row: int, column: str, value: str) -> None:
    """Set the cell a person sees at spreadsheet `row` (header = 1) in `column`."""
    rows = rows_of(path)
    rows[row - 1][rows[0].index(column)] = value
    write_rows(path, rows)


def drop_column(path: Path, column: str) -> None:
    rows = rows_of(path)
    at = rows[0].index(column)
    write_rows(path, [r[:at] + r[at + 1 :] for r in rows])


def delivery_workbook(path: Path, *, merged_header: bool) -> None:
    """delivery.xlsx as people make them: two blank rows above the header, a
    notes sheet, and (if asked) a header cell merged across two columns."""
    rows = rows_of(path.with_suffix(".csv"))
    path.with_suffix(".csv").unlink()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "delivery"
    sheet.append([])
    sheet.append([])
    for row in rows:
        sheet.append([int(c) if c.isdigit() else c for c in row])
    if merged_header:  # the header is spreadsheet row 3; start_date spans F3:G3
        sheet["G3"] = None
        sheet.merge_cells("F3:G3")
    book.create_sheet("notes").append(["Exported by hand from the grants system"])
    book.save(path)


def huge(path: Path) -> None:
    """A 200 MB survey: the real rows, repeated."""
    header, *body = path.read_text().splitlines(keepends=True)
    block = "".join(body).encode()
    with path.open("wb") as out:
        out.write(header.encode())
        for _ in range(200_000_000 // len(block) + 1):
            out.write(block)


# Each bad case: area slug -> (spoil the area-period folder, the line expected).
# The line is checked whole, from where it names the file.
BAD = {
    "empty-file": (
        lambda f: (f / "survey.csv").write_bytes(b""),
        "survey.csv: the file is empty",
    ),
    "missing-column": (
        lambda f: drop_column(f / "survey.csv", "gender"),
        "survey.csv, column gender: the required column is missing",
    ),
    "duplicated-column": (
        lambda f: set_cell(f / "training.csv", 1, "follow_up", "course"),
        "training.csv row 1, column course: the column appears twice (spreadsheet columns B and G)",
    ),
    "merged-header": (
        lambda f: delivery_workbook(f / "delivery.xlsx", merged_header=True),
        "delivery.xlsx row 3, column G: the header cell is blank (a merged or empty header cell)",
    ),
    "text-in-number": (
        lambda f: set_cell(f / "survey.csv", 5, "minutes_per_week", "about an hour"),
        "survey.csv row 5, column minutes_per_week: expected a whole number from 0 to "
        "2000, got [text of 13 characters]",
    ),
    "out-of-range": (
        lambda f: set_cell(f / "training.csv", 3, "confidence_before", "9"),
        "training.csv row 3, column confidence_before: expected a whole number from 1 to 5, "
        'got "9"',
    ),
    "impossible-date": (
        lambda f: set_cell(f / "training.csv", 4, "session_date", "31/02/2022"),
        "training.csv row 4, column session_date: expected a real date, written YYYY-MM-DD or "
        'DD/MM/YYYY, got "31/02/2022"',
    ),
    "ambiguous-date": (
        lambda f: (
            set_cell(f / "training.csv", 2, "session_date", "12/25/2021"),
            set_cell(f / "training.csv", 3, "session_date", "03/02/2022"),
        ),
        'training.csv row 3, column session_date: "03/02/2022" could be day-first or '
        'month-first, and this column also has month-first dates such as "12/25/2021" (row 2)',
    ),
    "end-before-start": (
        lambda f: set_cell(f / "delivery.csv", 2, "end_date", "2017-07-01"),
        "delivery.csv row 2, column end_date: expected a date on or after start_date",
    ),
    "period-ends-early": (
        lambda f: (f / "period.yml").write_text("label: x\nstart: 2022-03-31\nend: 2021-11-01\n"),
        "period.yml, column end: the period ends (2021-11-01) before it starts (2022-03-31)",
    ),
    "duplicated-id": (
        lambda f: set_cell(f / "survey.csv", 7, "respondent_id", "BOLQ1-00002"),
        "survey.csv rows 3, 7, column respondent_id: expected each respondent_id to appear once",
    ),
    "unknown-option": (
        lambda f: set_cell(f / "survey.csv", 4, "barriers", "Time;Weather"),
        "survey.csv row 4, column barriers: expected answers from:",
    ),
    "huge-file": (
        lambda f: huge(f / "survey.csv"),
        "survey.csv: is 200 MB, over the 150 MB limit for one file",
    ),
    "binary-file": (
        lambda f: shutil.copy(SAMPLE / "sheffield" / "2021-h2" / "delivery.xlsx", f / "survey.csv"),
        "survey.csv: is not a CSV text file (it holds binary data)",
    ),
    "bad-period-yml": (
        lambda f: (f / "period.yml").write_text("label: [Final report\nstart: 2021-11-01\n"),
        "period.yml row 2: is not valid YAML",
    ),
    "bad-area-yml": (
        lambda f: (f.parent / "area.yml").write_text("name: Case\n  programme: x: y\n"),
        "area.yml row 2: is not valid YAML",
    ),
    "previous-missing": (
        lambda f: (f / "period.yml").write_text(PERIOD_YML + "previous: 2021-q4\n"),
        "period.yml, column previous: names the period '2021-q4', but "
        "data/raw/previous-missing/2021-q4/period.yml does not exist",
    ),
    "previous-self": (
        lambda f: (f / "period.yml").write_text(PERIOD_YML + f"previous: {PERIOD}\n"),
        "period.yml, column previous: a period cannot be its own previous period",
    ),
}


def european_excel(folder: Path) -> None:
    """delivery.csv as Excel saves it where ',' is the decimal mark."""
    rows = rows_of(folder / "delivery.csv")
    rows[1][rows[0].index("funding_gbp")] = "1.500,50"
    write_rows(folder / "delivery.csv", rows, delimiter=";")


def code_page(folder: Path, encoding: str, dataset: str, column: str, text: str) -> None:
    rows = rows_of(folder / f"{dataset}.csv")
    for row in rows[1:]:
        row[rows[0].index(column)] = text
    write_rows(folder / f"{dataset}.csv", rows, encoding=encoding)


def day_first(folder: Path) -> None:
    rows = rows_of(folder / "training.csv")
    at = rows[0].index("session_date")
    for row in rows[1:]:
        year, month, day = row[at].split("-")
        row[at] = f"{day}/{month}/{year}"
    write_rows(folder / "training.csv", rows)


# Each readable case: area slug -> (change, a warning expected or None, text the report shows).
READABLE = {
    "header-only": (
        lambda f: write_rows(f / "survey.csv", rows_of(f / "survey.csv")[:1]),
        "survey.csv: has a header row and no data; treated as absent (an unfilled template)",
        "This period had no community survey",
    ),
    # 1.500,50 read as 1500.5, shown to the pound (the sample's one delivery row)
    "european-excel": (european_excel, None, "£1,500"),
    "utf8-bom": (
        lambda f: (f / "survey.csv").write_bytes(b"\xef\xbb\xbf" + (f / "survey.csv").read_bytes()),
        None,
        None,
    ),
    "windows-1250": (
        lambda f: code_page(f, "cp1250", "training", "course", "Zażółć gęślą jaźń"),
        None,
        "Zażółć gęślą jaźń",
    ),
    "windows-1252": (
        lambda f: code_page(f, "cp1252", "delivery", "organisation", "Café Olé"),
        None,
        "Café Olé",
    ),
    "workbook": (
        lambda f: delivery_workbook(f / "delivery.xlsx", merged_header=False),
        "only the first sheet 'delivery' was read; ignored sheet(s) 'notes'",
        "Leap (Active Partnership)",
    ),
    "email-column": (
        lambda f: write_rows(
            f / "survey.csv",
            [
                r + [("contact_email" if i == 0 else f"person{i}@example.org")]
                for i, r in enumerate(rows_of(f / "survey.csv"))
            ],
        ),
        "survey.csv: column contact_email is not in the contract: its values were dropped",
        None,
    ),
    "day-first-dates": (
        day_first,
        "could be day-first or month-first and were read day-first",
        "Healthy Chats",
    ),
}


# The bad cases that first publish a good report, so that their failure is
# seen to keep it (one of each kind: a file, a cell, the area, a link to
# another period); the rest fail on their first run and publish nothing.
BUILT_FIRST = ("empty-file", "text-in-number", "bad-area-yml", "previous-missing")


@pytest.fixture(scope="module")
def answered(tmp_path_factory):
    """Build some bad cases good (`BUILT_FIRST`), spoil them, add the other
    bad cases spoiled and the readable cases, run once more. (A readable
    case needs no good report before: what is tested is that its input is
    read.)"""
    root = tmp_path_factory.mktemp("bad-input")
    copy_notebook(root)
    shutil.copy(REPO / "params.yaml", root)
    project = Project(root)

    def add_area(slug: str) -> Path:
        project.raw_dir(slug).mkdir(parents=True)
        project.raw_dir(slug).joinpath("area.yml").write_text(AREA_YML.format(slug=slug))
        good_period(project.raw_dir(slug, PERIOD))
        return project.raw_dir(slug, PERIOD)

    for slug in BUILT_FIRST:
        add_area(slug)
    first = learnrep(root, "run", "--jobs", "2", env=PINNED)
    assert first.returncode == 0, first.stdout + first.stderr
    reports_before = {slug: report_files(project, slug) for slug in BUILT_FIRST}
    for slug, (spoil, _) in BAD.items():
        spoil(project.raw_dir(slug, PERIOD) if slug in BUILT_FIRST else add_area(slug))
    for slug, (change, _, _) in READABLE.items():
        change(add_area(slug))
    raw_before = every_file(project.raw)
    second = learnrep(root, "run", "--jobs", "2", env=PINNED)
    listing = learnrep(root, "list").stdout.splitlines()
    return project, second, reports_before, raw_before, listing


def report_files(project: Project, slug: str) -> dict[str, bytes]:
    folder = project.report_dir(slug, PERIOD)
    return {name: (folder / name).read_bytes() for name in REPORT_FILES}


def test_the_run_exits_1_without_a_traceback_and_leaves_data_raw_untouched(answered):
    project, result, _, raw_before, _ = answered
    assert result.returncode == 1
    assert_no_traceback(result)
    assert every_file(project.raw) == raw_before


@pytest.mark.parametrize("slug", sorted(BAD))
def test_bad_input_is_one_line_naming_file_row_and_column(answered, slug):
    project, result, reports_before, _, listing = answered
    lines = result.stdout.splitlines()
    assert f"  FAILED  {slug}/{PERIOD}: 1 error" in lines
    expected = BAD[slug][1]
    named = [line.strip() for line in lines if expected in line]
    assert len(named) == 1, result.stdout
    folder = "" if slug == "bad-area-yml" else f"{PERIOD}/"
    assert named[0].startswith(f"data/raw/{slug}/{folder}")
    assert any(line.split()[:3] == [slug, PERIOD, "failed"] for line in listing)
    if slug not in BUILT_FIRST:  # nothing was ever published, and nothing is now
        assert not project.report_dir(slug, PERIOD).exists()
        return
    # The last good report stays, superseded by the failure in the index, and
    # says so itself: a banner atop the page, a notice as the PDF's first page.
    now, before = report_files(project, slug), reports_before[slug]
    assert now["learning-report.ipynb"] == before["learning-report.ipynb"]
    page = now["learning-report.html"].decode()
    assert superseded.BANNER.sub("", page).encode() == before["learning-report.html"]
    assert "failed validation, so this report was not rebuilt" in page
    pdf = PdfReader(io.BytesIO(now["learning-report.pdf"]))
    old = PdfReader(io.BytesIO(before["learning-report.pdf"]))
    assert pdf.pages[0].extract_text().lstrip().startswith("Superseded")
    assert len(pdf.pages) == len(old.pages) + 1
    assert pdf.pages[1].extract_text() == old.pages[0].extract_text()


@pytest.mark.parametrize("slug", sorted(READABLE))
def test_messy_but_readable_input_is_read_and_its_report_built(answered, slug):
    project, result, _, _, _ = answered
    _, warning, shown = READABLE[slug]
    assert any(line.startswith(f"  ok      {slug}/{PERIOD}") for line in result.stdout.splitlines())
    validation = BeautifulSoup(
        (project.steward_dir(slug, PERIOD) / "validation.html").read_text(), "html.parser"
    )
    if warning:
        assert warning in " ".join(validation.get_text().split())
    html = (project.report_dir(slug, PERIOD) / "learning-report.html").read_text()
    if shown:
        assert shown in html
    tables = project.processed_dir(slug, PERIOD)
    if slug != "header-only":
        assert len(pd.read_parquet(tables / "survey.parquet")) == 200
        assert len(pd.read_parquet(tables / "training.parquet")) == 43
    assert "example.org" not in html


def test_decimal_commas_from_european_excel_are_read_as_numbers(answered):
    project = answered[0]
    delivery = pd.read_parquet(project.processed_dir("european-excel", PERIOD) / "delivery.parquet")
    assert delivery["funding_gbp"].iloc[0] == 1500.5


def test_the_index_marks_each_failure_and_keeps_the_last_good_report_linked(answered):
    project = answered[0]
    index = (project.reports / "index.html").read_text()
    superseded = "The report below is the last good one and is superseded"
    assert index.count(superseded) == len(BUILT_FIRST)

"""Property-based: random damaged versions of every dataset, as a hurried
evaluator or a strange export makes them, each answered by one clear failure
or a correct report, never a traceback and never a wrong report that passes.

Each example starts from a valid file of one dataset (cut from the committed
sample), applies one to three kinds of damage to its cells, rows, header or
bytes, and writes it as CSV (in several encodings and delimiters) or a
workbook. Real Great Expectations validates it, in this process (one
Validator for the module, as a run shares one). Then:

- validation failed: every error is one line naming the file;
- validation passed: the data is processed, and what was processed is what
  the file says (every row with data kept, no filled cell turned blank, no
  blank cell filled in, plain numbers and choices as written), no required
  value is missing, and every part of the report is made from it.

A few examples also go through the real `learnrep run` (kernel, renderer,
index), which must exit 0 or 1 without a traceback and, on 1, leave the
index and `learnrep list` saying the area-period failed.

Examples are derandomized and no database is kept, so every run of the suite
tries the same examples."""

from __future__ import annotations

import csv
import inspect
import io
import re
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from conftest import REPO, assert_no_traceback, copy_notebook, learnrep
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from pipeline.config import Project
from pipeline.contract import DATASETS, MULTI_SELECT_SEPARATOR, Dataset
from pipeline.discover import AreaPeriod
from pipeline.processed import Processed
from pipeline.raw import decode

pytestmark = pytest.mark.slow  # a few minutes of real GX, and a few full runs

SAMPLE = REPO / "data" / "raw"
AP = AreaPeriod("damaged", "2022-q1")
FOLDER = Path("data/raw/damaged/2022-q1")
# Wide enough that every sample row is inside it: dates outside are warnings only.
PERIOD_YML = "label: Damaged data\nstart: 2017-01-01\nend: 2022-12-31\n"
AREA_YML = "name: Damaged Town\nprogramme: We Are Undefeatable\nsynthetic: true\n"
BASE_ROWS = 8  # data rows kept of each sample file: enough for every kind of value

# Where each dataset's valid starting point comes from in the sample.
SOURCES = {
    "survey": "bolsover/2022-q1",
    "training": "bolsover/2022-q1",
    "delivery": "bucks-mk/2017-18",
    "indicators": "bolsover/2022-q1",
    "milestones": "bolsover/2022-q1",
    "reach": "bolsover/2022-q1",
    "funding": "bolsover/2022-q1",
    "recommendations": "bolsover/2022-q1",
    "quotes": "bolsover/2022-q1",
    "partners": "bolsover/2022-q1",
}


def base_rows(name: str) -> list[list[str]]:
    path = SAMPLE / SOURCES[name] / f"{name}.csv"
    rows = list(csv.reader(io.StringIO(decode(path.read_bytes())[0])))
    return rows[: BASE_ROWS + 1]


def test_every_dataset_has_a_valid_starting_point():
    assert set(SOURCES) == set(DATASETS)


# -- the file as the test knows it ---------------------------------------------


class Table:
    """The file being damaged, as header and rows of text: what the file says."""

    def __init__(self, dataset: Dataset, header: list[str], rows: list[list[str]]):
        self.dataset, self.header, self.rows = dataset, header, rows
        self.damage: list[str] = []  # what was done, for the failure message
        self.misspelt: dict[str, str] = {}  # a header as misspelt -> the column it was

    def __repr__(self) -> str:
        return f"{self.dataset.name}: {'; '.join(self.damage)}; header {self.header}"

    def contract_name(self, cell: str) -> str | None:
        """The contract column a header cell names (ignoring case, spaces and BOM)."""
        key = cell.strip().lstrip("\ufeff").lower().replace(" ", "_")
        return next((n for n in self.dataset.column_names if n == key), None)

    def columns(self) -> dict[str, int]:
        """Contract columns in the header, by position (first wins)."""
        found: dict[str, int] = {}
        for position, cell in enumerate(self.header):
            name = self.contract_name(cell)
            if name is not None:
                found.setdefault(name, position)
        return found

    def cell(self, row: list[str], position: int, name: str) -> str:
        """A cell's text as the contract reads it: trimmed; a multi-select
        answer of separators alone is no answer."""
        text = row[position].strip() if position < len(row) else ""
        if self.dataset.column(name).kind == "multi":
            answers = [a.strip() for a in text.split(MULTI_SELECT_SEPARATOR)]
            text = text if any(answers) else ""
        return text

    def filled_rows(self) -> list[dict[str, str]]:
        """The rows with a contract cell filled in, as contract column -> text."""
        columns = self.columns()
        found = []
        for row in self.rows:
            cells = {name: self.cell(row, at, name) for name, at in columns.items()}
            if any(cells.values()):
                found.append(cells)
        return found


# Values people and exports put in cells.
TRICKY = [
    "",
    " ",
    "nan",
    "NaN",
    "NA",
    "N/A",
    "#N/A",
    "None",
    "null",
    "-",
    "0",
    "-1",
    "+5",
    "01",
    "1.0",
    "1e3",
    "1,5",
    "1.500,50",
    "£1,200",
    "2000",
    "2001",
    "100.5",
    "101",
    "٣",
    "５",
    "2022-02-30",
    "2022-13-01",
    "31/12/2021",
    "12/25/2021",
    "03/02/2022",
    "2022-01-01 10:00:00",
    "yes",
    "YES",
    "No",
    "EN",
    "Male",
    "done",
    "in progress",
    "secured",
    "Walking;;Cost",
    ";",
    "Walking; Gardening",
    "=1+1",
    "<b>x</b>",
    "a,b",
    'say "hi"',
    "line\nbreak",
    "jo@example.org",
    "07700 900123",
    "x" * 300,
    "\u00a0",
    "\ufeff",
    "True",
]
values = st.one_of(st.sampled_from(TRICKY), st.text(max_size=12))


def _row_index(draw, table: Table) -> int | None:
    return draw(st.integers(0, len(table.rows) - 1)) if table.rows else None


def blank_cell(draw, table: Table) -> None:
    row, at = _row_index(draw, table), draw(st.integers(0, len(table.header) - 1))
    if row is not None and at < len(table.rows[row]):
        table.rows[row][at] = ""
        table.damage.append(f"blanked row {row + 2} cell {at}")


def set_cell(draw, table: Table) -> None:
    row, at = _row_index(draw, table), draw(st.integers(0, len(table.header) - 1))
    if row is not None and at < len(table.rows[row]):
        table.rows[row][at] = value = draw(values)
        table.damage.append(f"set row {row + 2} cell {at} to {value!r}")


def set_column(draw, table: Table) -> None:
    """One value down a whole column: a fill-down gone wrong."""
    at, value = draw(st.integers(0, len(table.header) - 1)), draw(values)
    for row in table.rows:
        if at < len(row):
            row[at] = value
    table.damage.append(f"set column {at} to {value!r} throughout")


def drop_row(draw, table: Table) -> None:
    row = _row_index(draw, table)
    if row is not None:
        del table.rows[row]
        table.damage.append(f"deleted row {row + 2}")


def duplicate_row(draw, table: Table) -> None:
    row = _row_index(draw, table)
    if row is not None:
        table.rows.insert(row, list(table.rows[row]))
        table.damage.append(f"duplicated row {row + 2}")


def insert_blank_rows(draw, table: Table) -> None:
    where, blank = draw(st.integers(0, len(table.rows))), [""] * len(table.header)
    table.rows[where:where] = [list(blank) for _ in range(draw(st.integers(1, 3)))]
    table.damage.append(f"blank rows before row {where + 2}")


def ragged_row(draw, table: Table) -> None:
    """A row cut short, or one with cells past the header's."""
    row = _row_index(draw, table)
    if row is not None:
        cut = draw(st.integers(0, len(table.header) + 2))
        table.rows[row] = (table.rows[row] + ["extra", "x"])[:cut]
        table.damage.append(f"row {row + 2} has {cut} cells")


def drop_column(draw, table: Table) -> None:
    at = draw(st.integers(0, len(table.header) - 1))
    table.damage.append(f"deleted column {table.header[at]!r}")
    del table.header[at]
    for row in table.rows:
        if at < len(row):
            del row[at]


def _typo(draw, name: str) -> str:
    """What a person does to a header: a letter lost, doubled or swapped,
    a word dropped, a plural, case and spaces."""
    kind = draw(st.sampled_from(["lose", "double", "plural", "upper", "spaces", "word", "swap"]))
    at = draw(st.integers(0, max(len(name) - 1, 0)))
    if kind == "lose" and len(name) > 3:
        return name[:at] + name[at + 1 :]
    if kind == "double":
        return name[: at + 1] + name[at:]
    if kind == "plural":
        return name + "s"
    if kind == "upper":
        return name.upper()
    if kind == "spaces":
        return " " + name.replace("_", " ") + " "
    if kind == "word" and "_" in name:
        return name.split("_")[0]
    if kind == "swap" and len(name) > 3 and at < len(name) - 1:
        return name[:at] + name[at + 1] + name[at] + name[at + 2 :]
    return name + "x"


def rename_column(draw, table: Table) -> None:
    at = draw(st.integers(0, len(table.header) - 1))
    before = table.header[at]
    table.header[at] = draw(st.one_of(st.just(_typo(draw, before)), values))
    table.damage.append(f"renamed column {before!r} to {table.header[at]!r}")


def add_later_column(draw, table: Table) -> None:
    """A column the contract added in a later round (which a file may leave
    out), filled in, under its name or misspelt."""
    later = [c for c in table.dataset.columns if c.may_be_absent and c.name not in table.columns()]
    if not later:
        return
    column = draw(st.sampled_from(later))
    name = draw(st.one_of(st.just(column.name), st.just(_typo(draw, column.name))))
    if table.contract_name(name) is None:
        table.misspelt[name] = column.name
    table.header.append(name)
    for row in table.rows:
        row.append(draw(st.sampled_from([*(column.allowed or ("Some text", "More")), ""])))
    table.damage.append(f"added column {name!r} for {column.name}")


def add_column(draw, table: Table) -> None:
    name = draw(st.one_of(st.sampled_from(["notes", "email", "Comments", ""]), values))
    filled = draw(st.booleans())
    table.header.append(name)
    for number, row in enumerate(table.rows):
        row.append(f"note {number}" if filled else "")
    table.damage.append(f"added column {name!r}{' with values' if filled else ''}")


def swap_columns(draw, table: Table) -> None:
    one, other = (draw(st.integers(0, len(table.header) - 1)) for _ in range(2))
    for row in [table.header, *table.rows]:
        if max(one, other) < len(row):
            row[one], row[other] = row[other], row[one]
    table.damage.append(f"swapped columns {one} and {other} (header and all)")


def duplicate_header(draw, table: Table) -> None:
    one, other = (draw(st.integers(0, len(table.header) - 1)) for _ in range(2))
    table.header[other] = table.header[one]
    table.damage.append(f"header cell {other} renamed to {table.header[one]!r}")


DAMAGE = [
    blank_cell,
    set_cell,
    set_cell,
    set_column,
    drop_row,
    duplicate_row,
    insert_blank_rows,
    ragged_row,
    drop_column,
    rename_column,
    rename_column,
    add_column,
    swap_columns,
    duplicate_header,
    add_later_column,
    add_later_column,
]

WRITTEN_AS = ["utf-8", "utf-8-sig", "cp1252", "cp1250", "semicolons", "crlf", "xlsx"]


@st.composite
def damaged_tables(draw):
    name = draw(st.sampled_from(sorted(DATASETS)))
    header, *rows = base_rows(name)
    table = Table(DATASETS[name], header, rows)
    for damage in draw(st.lists(st.sampled_from(DAMAGE), min_size=1, max_size=3)):
        damage(draw, table)
    return table, draw(st.sampled_from(WRITTEN_AS)), draw(corruption)


# Now and then the file's bytes are damaged too: cut short, or a byte changed
# (a failed copy, a disk error): as a fraction of the way through the file.
corruption = st.one_of(
    st.none(),
    st.none(),
    st.none(),
    st.tuples(st.sampled_from(["cut", "byte"]), st.floats(0, 1), st.integers(0, 255)),
)


def corrupt(path: Path, how) -> None:
    kind, where, byte = how
    data = path.read_bytes()
    at = min(int(where * len(data)), len(data) - 1)
    path.write_bytes(data[:at] if kind == "cut" else data[:at] + bytes([byte]) + data[at + 1 :])


_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def write(table: Table, folder: Path, written_as: str) -> Path:
    """The damaged table as a file in the period's folder, the only dataset there."""
    for path in folder.iterdir():
        if path.name != "period.yml":
            path.unlink()
    rows = [table.header, *table.rows]
    if written_as == "xlsx":
        path = folder / f"{table.dataset.name}.xlsx"
        book = openpyxl.Workbook()
        for row in rows:  # openpyxl refuses control characters Excel cannot hold
            book.active.append([_XLSX_ILLEGAL.sub("", c) or None for c in row])
        book.save(path)
        for row in rows:  # the file says what the workbook holds
            row[:] = [_XLSX_ILLEGAL.sub("", c) for c in row]
        return path
    path = folder / f"{table.dataset.name}.csv"
    buffer = io.StringIO()
    delimiter = ";" if written_as == "semicolons" else ","
    ending = "\r\n" if written_as == "crlf" else "\n"
    csv.writer(buffer, delimiter=delimiter, lineterminator=ending).writerows(rows)
    encoding = written_as if written_as not in ("semicolons", "crlf") else "utf-8"
    try:
        path.write_bytes(buffer.getvalue().encode(encoding))
    except UnicodeEncodeError:  # text the code page cannot hold: as UTF-8
        path.write_bytes(buffer.getvalue().encode("utf-8"))
    return path


# Every run of the suite tries the same examples, and none is stored between
# runs; no example is explained again after a failure (a second, slow pass).
REPRODUCIBLE = settings(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
)


# -- what must hold ------------------------------------------------------------


def assert_one_clear_failure(outcome, table: Table, path: Path) -> None:
    typed = {cell.strip().lower() for row in table.rows for cell in row}
    for problem in outcome.problems:
        assert "\n" not in problem.message, problem.message
        assert "Traceback" not in problem.message and "NAType" not in problem.message
    for problem in outcome.errors:
        assert problem.message.startswith(f"{FOLDER}/{path.name}"), problem.message
        if 'got "nan"' in problem.message:  # a blank is "a blank", never "nan"
            assert "nan" in typed, problem.message


def assert_every_column_there(table: Table) -> None:
    """Passed: every column is in the file, but those a file may leave out,
    and none of those is there misspelt."""
    there = table.columns()
    for column in table.dataset.columns:
        assert column.name in there or column.may_be_absent, f"{column.name} missing, passed"
    for header, name in table.misspelt.items():
        misspelt = header in table.header and name not in there
        assert not misspelt, f"{name} misspelt {header!r}, passed"


def assert_read_as_written(table: Table, processed: Processed, written_as: str) -> None:
    """What was processed is what the file says."""
    dataset = table.dataset
    rows = table.filled_rows()
    if dataset.name == "quotes":  # words without consent never leave data/raw
        rows = [r for r in rows if r.get("consent", "").lower() == "yes"]
    if not rows:
        assert not processed.has(dataset.name), "a file without data rows counts as absent"
        return
    assert processed.has(dataset.name), "a file with data rows was treated as absent"
    frame = processed.frame(dataset.name)
    assert len(frame) == len(rows), "rows with data were lost or invented"
    for name in dataset.column_names:
        column = dataset.column(name)
        for number, (row, value) in enumerate(zip(rows, frame[name], strict=True)):
            text = row.get(name, "")
            if dataset.name == "milestones" and name == "status":
                text = text or "done"  # the contract: a blank status means done
            where = f"row {number} column {name}: file says {text!r}, processed {value!r}"
            assert pd.isna(value) == (text == ""), where
            if column.required:
                assert not pd.isna(value), where
            if text and column.kind in ("int", "decimal") and re.fullmatch(r"-?[0-9]+", text):
                assert float(value) == float(text), where
            if text and column.kind == "enum":
                assert str(value).lower() == text.lower(), where
            if text and column.kind == "date" and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
                assert str(value)[:10] == text, where


def every_part_of_the_report(project: Project) -> None:
    """Every part of every section, made in this process from the processed data."""
    from pipeline.report import Report, figures
    from pipeline.report.sections.base import Section

    folder = project.processed_dir(AP.area, AP.period)
    figures.of(Processed(folder), 5)
    report = Report(folder, 5, {}, "", "")
    for section in vars(report).values():
        if isinstance(section, Section):
            for part, method in inspect.getmembers(section, inspect.ismethod):
                needed = [
                    p for p in inspect.signature(method).parameters.values() if p.default is p.empty
                ]
                if not part.startswith("_") and not needed:
                    method()
    for number in range(len(report.narrative._sections()) + 1):  # as arranged cells call it
        report.narrative.section(number)


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """A project with one area-period, and its Validator (real GX)."""
    from pipeline.validate import Validator

    project = one_area_period(tmp_path_factory.mktemp("damaged"))
    return project, Validator(project)


def one_area_period(root: Path) -> Project:
    shutil.copy(REPO / "params.yaml", root)
    copy_notebook(root)
    project = Project(root)
    project.raw_dir(AP.area, AP.period).mkdir(parents=True)
    fresh_metadata(project)
    return project


def fresh_metadata(project: Project) -> None:
    project.raw_dir(AP.area).joinpath("area.yml").write_text(AREA_YML)
    project.raw_dir(AP.area, AP.period).joinpath("period.yml").write_text(PERIOD_YML)


@settings(REPRODUCIBLE, max_examples=160)
@given(damaged=damaged_tables())
def test_damaged_data_fails_clearly_or_is_read_as_written(checked, damaged):
    from pipeline.process import process

    project, validator = checked
    table, written_as, corrupted = damaged
    path = write(table, project.raw_dir(AP.area, AP.period), written_as)
    if corrupted:
        corrupt(path, corrupted)
    note = f"{table.dataset.name} as {written_as}: {'; '.join(table.damage)}"
    outcome = validator.validate(AP)
    if outcome.status.failed:
        assert_one_clear_failure(outcome, table, path)
        return
    process(project, outcome)
    if not corrupted:  # what the file says is known only while its bytes are whole
        assert_every_column_there(table)
        for name in table.columns():
            required = table.dataset.column(name).required
            blank = any(row.get(name) == "" for row in table.filled_rows())
            assert not (required and blank), f"{note}: a required {name} left blank passed"
        assert_read_as_written(table, Processed.of(project, AP), written_as)
    every_part_of_the_report(project)


def blank_first(name: str, column: str) -> tuple[Table, str, None]:
    """The dataset's valid starting point with `column` blank in its first data row."""
    header, *rows = base_rows(name)
    rows[0][header.index(column)] = ""
    table = Table(DATASETS[name], header, rows)
    table.damage.append(f"{column} blank in row 2")
    return table, "utf-8", None


@pytest.fixture(scope="module")
def runnable(tmp_path_factory):
    """A project for damaged metadata, and for whole runs with the real CLI."""
    return one_area_period(tmp_path_factory.mktemp("damaged-runs"))


# -- area.yml, period.yml and the narrative ---------------------------------------

YAML_VALUES = [
    "2017-01-01",
    "2022-12-31",
    "2022-02-30",
    "2022-13-01",
    "20220101",
    "2022-01-01 10:00:00",
    "",
    "''",
    "~",
    "[1, 2]",
    "{a: 1}",
    "!!binary aGk=",
    "!!python/name:os.system",
    "yes",
    "no",
    "1e3",
    "75000",
    "-5",
    "1.5",
    "&a x",
    "*b",
    "'unterminated",
    "[",
    "x: y",
    "E07000033",
    "e07000033",
    "learning-report",
    "system-impact",
    "no-such-kind",
    "../x",
    "2021-h2",
    "2022-q1",
    "\n  - an aim\n  - another",
    "\n  - [nested]\n  - {a: 1}",
    ">\n  folded",
    '"quoted"',
    "true",
    "Zażółć",
    "<script>x</script>",
    "jo@example.org",
]
yaml_values = st.one_of(st.sampled_from(YAML_VALUES), st.text(max_size=12))
PERIOD_KEYS = {
    "label": "Damaged data",
    "start": "2017-01-01",
    "end": "2022-12-31",
    "previous": None,
    "report": None,
}
AREA_KEYS = {
    "name": "Damaged Town",
    "programme": "We Are Undefeatable",
    "synthetic": "true",
    "lead_organisation": None,
    "la_code": None,
    "region": None,
    "report": None,
    "grant_gbp": None,
    "aims": None,
}
NARRATIVE_PIECES = [
    "## What worked\n\nThe walks.",
    "## Case study: Ann\n\nShe walks.",
    "# Top\n",
    "### Deep\n",
    "<script>alert(1)</script>",
    "<!-- a comment",
    "![](images/x.png)",
    "[link](javascript:x)",
    "```\ncode\n```",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "Call 07700 900123.",
    "---",
    "\ufeff",
    "{{< include x >}}",
    "$$x$$",
    "\\",
    "*",
    "> quote",
]


def yaml_file(draw, keys: dict) -> str:
    lines = []
    for key, valid in keys.items():
        choice = draw(st.sampled_from(["valid"] * 6 + ["absent", "damaged"]))
        if choice == "damaged":
            lines.append(f"{key}: {draw(yaml_values)}")
        elif choice == "valid" and valid is not None:
            lines.append(f"{key}: {valid}")
    if draw(st.booleans()):
        lines.insert(draw(st.integers(0, len(lines))), draw(st.text(max_size=20)))
    return "\n".join(lines) + "\n"


@st.composite
def damaged_metadata(draw):
    """period.yml, area.yml and narrative.md, each valid, damaged or (the narrative) absent."""
    front = "".join(
        f"{key}: {draw(yaml_values)}\n"
        for key in draw(
            st.lists(st.sampled_from(["title", "authors", "summary", "other"]), max_size=3)
        )
    )
    body = "\n\n".join(
        draw(st.lists(st.one_of(st.sampled_from(NARRATIVE_PIECES), st.text()), max_size=4))
    )
    narrative = draw(st.sampled_from([None, f"---\n{front}---\n{body}", body, f"---\n{front}"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
    return yaml_file(draw, PERIOD_KEYS), yaml_file(draw, AREA_KEYS), narrative, encoding


@settings(REPRODUCIBLE, max_examples=120)
@given(damaged=damaged_metadata())
def test_damaged_metadata_and_narrative_fail_clearly_or_make_a_report(runnable, damaged):
    from pipeline.execute import front_for
    from pipeline.process import process
    from pipeline.validate import reading

    project = runnable
    period_yml, area_yml, narrative, encoding = damaged
    folder = project.raw_dir(AP.area, AP.period)
    for path in folder.iterdir():
        path.unlink()
    (folder / "period.yml").write_text(period_yml, encoding="utf-8")
    (folder.parent / "area.yml").write_text(area_yml, encoding="utf-8")
    if narrative is not None:
        try:
            (folder / "narrative.md").write_bytes(narrative.encode(encoding))
        except UnicodeEncodeError:
            (folder / "narrative.md").write_bytes(narrative.encode("utf-8"))
    outcome = reading.read(project, AP, 150)
    for problem in outcome.problems:
        assert "\n" not in problem.message, problem.message
    if outcome.status.failed:
        for problem in outcome.errors:
            assert problem.message.startswith("data/raw/damaged/"), problem.message
        return
    process(project, outcome)
    front_for(Processed.of(project, AP))
    every_part_of_the_report(project)


@settings(REPRODUCIBLE, max_examples=3)
@given(damaged=damaged_tables())
# A blank count once crashed the run (TypeError: int() ... NAType) and left
# the index saying "up to date": the report made while validating was
# waited on although validation had failed.
@example(damaged=blank_first("delivery", "participants"))
@example(damaged=blank_first("reach", "count"))
def test_a_whole_run_of_damaged_data_exits_0_or_1_and_the_index_stays_true(runnable, damaged):
    project = runnable
    table, written_as, corrupted = damaged
    fresh_metadata(project)
    path = write(table, project.raw_dir(AP.area, AP.period), written_as)
    if corrupted:
        corrupt(path, corrupted)
    result = learnrep(project.root, "run", "--format", "html", "--renderer", "builtin")
    assert_no_traceback(result)
    assert result.returncode in (0, 1), result.stderr
    listing = learnrep(project.root, "list").stdout.splitlines()
    (line,) = [row.split() for row in listing if row.startswith(AP.area)]
    index = (project.reports / "index.html").read_text(encoding="utf-8")
    if result.returncode == 1:
        assert f"FAILED  {AP}" in result.stdout
        assert line[2] == "failed", listing
        assert "up to date" not in " ".join(line)
    else:
        assert line[2] in ("passed", "warnings") and "up to date" in " ".join(line), listing
        assert (project.report_dir(AP.area, AP.period) / "learning-report.html").is_file()
    assert AP.area in index

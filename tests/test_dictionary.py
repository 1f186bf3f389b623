"""The data dictionary (pipeline/contract/dictionary.py): docs/data-dictionary.md
and the workbook templates' guide sheet say what the code enforces, and every
example it gives passes validation."""

from __future__ import annotations

import csv
import io

from conftest import REPO
from openpyxl import load_workbook

from pipeline.contract import DATASETS, dictionary
from pipeline.discover import AreaPeriod
from pipeline.scaffold import new_period

DOC = REPO / "docs" / "data-dictionary.md"


def test_the_committed_dictionary_is_what_the_code_says():
    """Run `python -m tools.dictionary` after changing pipeline/contract/."""
    assert DOC.read_text(encoding="utf-8") == dictionary.markdown() + "\n"


def test_every_column_is_described_with_an_example():
    for dataset in DATASETS.values():
        assert dataset.description, dataset.name
        for column in dataset.columns:
            assert column.description, f"{dataset.name}.{column.name}"
            assert column.example or not column.required, f"{dataset.name}.{column.name}"


def test_the_readmes_point_at_the_dictionary():
    assert "docs/data-dictionary.md" in (REPO / "README.md").read_text(encoding="utf-8")
    assert "docs/data-dictionary.md" in (REPO / "data" / "raw" / "README.md").read_text(
        encoding="utf-8"
    )


def test_every_example_passes_validation(project_with):
    """A row of every dataset made of the dictionary's examples is valid, so
    the dictionary cannot show a value validation refuses."""
    from pipeline.validate import Validator

    project = project_with("valid_survey")
    folder = project.raw_dir("testarea", "2022-q1")
    (folder / "period.yml").write_text("label: Q1\nstart: 2017-01-01\nend: 2022-12-31\n")
    for name, dataset in DATASETS.items():
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(dataset.column_names)
        writer.writerow(column.example for column in dataset.columns)
        (folder / f"{name}.csv").write_text(buffer.getvalue(), encoding="utf-8")
    outcome = Validator(project).validate(AreaPeriod("testarea", "2022-q1"))
    assert outcome.problems == []
    assert all(result.state == "present" for result in outcome.datasets.values())


def test_each_workbook_template_carries_its_datasets_guide_and_reads_without_a_word(
    project_with,
):
    from pipeline.validate import reading

    project = project_with("valid_survey")
    new_period(project, "testarea", "2022-q2", fmt="xlsx")
    folder = project.raw_dir("testarea", "2022-q2")
    for name, dataset in DATASETS.items():
        book = load_workbook(folder / f"{name}.xlsx")
        assert book.sheetnames == [name, dictionary.GUIDE_SHEET]
        sheet = book[dictionary.GUIDE_SHEET]
        guide = [[c or "" for c in row] for row in sheet.iter_rows(min_row=4, values_only=True)]
        assert guide == [list(dictionary.HEADINGS), *(list(r) for r in dictionary.rows(dataset))]
    # The guide sheet is never mentioned: the only warning is the unfilled templates'.
    outcome = reading.read(project, AreaPeriod("testarea", "2022-q2"), 150)
    (only,) = outcome.problems
    assert f"{len(DATASETS)} unfilled templates" in only.message

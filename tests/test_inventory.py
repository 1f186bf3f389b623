"""What a period's folder holds (pipeline/raw/inventory.py): nothing an
evaluator put there is passed over in silence. Read as validation reads it,
without Great Expectations."""

from __future__ import annotations

import shutil

import pytest

from pipeline.discover import AreaPeriod
from pipeline.validate import reading

AP = AreaPeriod("testarea", "2022-q1")
FOLDER = "data/raw/testarea/2022-q1"


def read(project):
    outcome = reading.read(project, AP, 150)
    return outcome, [(p.level, p.message) for p in outcome.problems]


@pytest.mark.parametrize("name", ["Survey.CSV", "SURVEY.csv", "survey.CSV"])
def test_a_dataset_named_in_another_case_is_read(project_with, name):
    project = project_with("valid_survey")
    folder = project.raw_dir(AP.area, AP.period)
    (folder / "survey.csv").rename(folder / name)
    outcome, problems = read(project)
    assert problems == []
    assert outcome.datasets["survey"].state == "present"
    assert outcome.datasets["survey"].file == name
    assert outcome.tables["survey"].rows == 5


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "survey.xls",
            "survey.xls: is an Excel 97-2003 workbook, which learnrep does not read; open it "
            "in your spreadsheet program and save it as survey.xlsx (Excel Workbook) or "
            "survey.csv (CSV UTF-8)",
        ),
        (
            "survey (1).csv",
            "survey (1).csv: looks like a second download or a copy of survey.csv (a browser "
            'adds " (1)" to a file downloaded twice); learnrep reads only survey.csv or '
            "survey.xlsx: give the one you mean that name and delete the other",
        ),
        ("Copy of survey.csv", "Copy of survey.csv: looks like a second download or a copy"),
        (
            "surveys.csv",
            "surveys.csv: is not a file learnrep reads; if it holds the survey data, rename it "
            "survey.csv",
        ),
        ("bolsover-survey.xlsx", "bolsover-survey.xlsx: is not a file learnrep reads; if it"),
        ("survey.csv.txt", "survey.csv.txt: is a .txt file, which learnrep does not read"),
    ],
)
def test_a_dataset_under_a_near_name_fails_saying_what_to_do(project_with, name, message):
    """The evaluator meant the survey: reported as not provided, it would vanish."""
    project = project_with("valid_survey")
    folder = project.raw_dir(AP.area, AP.period)
    (folder / "survey.csv").rename(folder / name)
    outcome, problems = read(project)
    assert problems == [("error", f"{FOLDER}/{message}")] or (
        len(problems) == 1 and problems[0][1].startswith(f"{FOLDER}/{message}")
    ), problems
    assert outcome.status.failed
    assert (outcome.datasets["survey"].state, outcome.datasets["survey"].file) == (
        "unreadable",
        name,
    )


def test_a_copy_beside_the_dataset_is_refused_too(project_with):
    """Which of two copies is the one meant is the evaluator's call."""
    project = project_with("valid_survey")
    folder = project.raw_dir(AP.area, AP.period)
    shutil.copy(folder / "survey.csv", folder / "survey (1).csv")
    outcome, problems = read(project)
    assert [level for level, _ in problems] == ["error"]
    assert outcome.datasets["survey"].state == "present"  # its own file is still read


def test_both_cases_of_one_name_are_one_error(project_with):
    project = project_with("valid_survey")
    folder = project.raw_dir(AP.area, AP.period)
    shutil.copy(folder / "survey.csv", folder / "Survey.CSV")
    _, problems = read(project)
    assert problems == [
        ("error", f"{FOLDER}: both Survey.CSV and survey.csv are present; keep one")
    ]


def test_a_near_name_beside_the_dataset_and_any_other_file_are_warnings(project_with):
    project = project_with("valid_survey")
    folder = project.raw_dir(AP.area, AP.period)
    for name in ("surveys.csv", "notes.docx", "period.yaml", "survey-questions.pdf"):
        (folder / name).write_text("x")
    (folder / "photos").mkdir()
    for name in (".DS_Store", "Thumbs.db", "~$survey.xlsx"):  # the computer's own
        (folder / name).write_text("x")
    (folder / "images").mkdir()
    outcome, problems = read(project)
    assert problems == [
        ("warning", f"{FOLDER}/notes.docx: is not a file learnrep reads, so it was not used"),
        (
            "warning",
            f"{FOLDER}/period.yaml: is not a file learnrep reads, so it was not used "
            "(did you mean period.yml?)",
        ),
        ("warning", f"{FOLDER}/photos: is not a folder learnrep reads, so it was not used"),
        (
            "warning",
            f"{FOLDER}/survey-questions.pdf: is not a file learnrep reads, so it was not used",
        ),
        (
            "warning",
            f"{FOLDER}/surveys.csv: is not a file learnrep reads, so it was not used "
            "(survey.csv is the survey data)",
        ),
    ]
    assert not outcome.status.failed


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("narrative.txt", "narrative.txt: is a .txt file; rename it narrative.md"),
        ("narrative.doc", "narrative.doc: is a Word 97-2003 document, which learnrep does not"),
        ("Narrative (1).md", "Narrative (1).md: looks like a second download or a copy"),
    ],
)
def test_a_narrative_under_another_name_or_format_fails(project_with, name, message):
    project = project_with("valid_survey")
    (project.raw_dir(AP.area, AP.period) / name).write_text("## What worked\n\nWalks.\n")
    _, problems = read(project)
    assert len(problems) == 1 and problems[0][0] == "error"
    assert problems[0][1].startswith(f"{FOLDER}/{message}"), problems


def test_a_narrative_named_in_another_case_is_read(project_with):
    from pipeline.raw import find_narrative

    project = project_with("valid_survey")
    (project.raw_dir(AP.area, AP.period) / "Narrative.MD").write_text("## What worked\n")
    assert read(project)[1] == []
    assert find_narrative(project, AP).name == "Narrative.MD"


def test_a_narrative_in_a_windows_code_page_is_read(project_with):
    from pipeline.raw import find_narrative, read_narrative

    project = project_with("valid_survey")
    text = "---\ntitle: Zażółć gęślą jaźń\n---\n## What worked\n\nCafé\n"
    (project.raw_dir(AP.area, AP.period) / "narrative.md").write_bytes(text.encode("cp1250"))
    assert read(project)[1] == []
    front, body = read_narrative(find_narrative(project, AP))
    assert front == {"title": "Zażółć gęślą jaźń"} and "Café" in body

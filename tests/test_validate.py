"""Real Great Expectations on the fixtures. One Validator per test module:
GX's import is the slow part, and a run shares one the same way."""

import csv
import io
import json

import pandas as pd
from conftest import all_output_text, learnrep

from pipeline.discover import AreaPeriod
from pipeline.validate import Validator, steward

AP = AreaPeriod("testarea", "2022-q1")


def validated(project):
    validator = Validator(project)
    outcome = validator.validate(AP)
    steward.write(project, outcome, validator.gx_version)
    validator.build_data_docs()
    return outcome


def messages(outcome, level="error"):
    return [p.message for p in outcome.problems if p.level == level]


def test_valid_survey_passes_every_check(project_with):
    outcome = validated(project_with("valid_survey"))
    assert outcome.status == "passed", outcome.problems
    checks = outcome.datasets["survey"].checks
    assert len(checks) > 20 and all(c.success for c in checks)
    assert outcome.datasets["training"].state == "absent"


def test_duplicate_respondent_ids_fail_with_rows_and_no_ids(project_with):
    outcome = validated(project_with("duplicate_ids"))
    assert outcome.status == "failed"
    (message,) = messages(outcome)
    assert message == (
        "data/raw/testarea/2022-q1/survey.csv rows 3, 7, column respondent_id: "
        "expected each respondent_id to appear once, found 2 rows sharing a value"
    )
    check = next(c for c in outcome.datasets["survey"].checks if not c.success)
    assert check.rows == [3, 7] and check.offending_values is None


def test_out_of_range_confidence_quotes_the_value(project_with):
    outcome = validated(project_with("out_of_range_confidence"))
    assert messages(outcome) == [
        "data/raw/testarea/2022-q1/training.csv row 3, column confidence_after: expected a "
        'whole number from 1 to 5, got "7"'
    ]


def test_missing_required_column_is_one_error_not_a_cascade(project_with):
    outcome = validated(project_with("missing_column"))
    assert messages(outcome) == [
        "data/raw/testarea/2022-q1/survey.csv, column gender: the required column is missing"
    ]


def test_end_before_start_fails(project_with):
    outcome = validated(project_with("end_before_start"))
    (message,) = messages(outcome)
    assert "delivery.csv row 2, column end_date: expected a date on or after start_date" in message


def test_dates_outside_the_period_warn_and_do_not_fail(project_with):
    outcome = validated(project_with("outside_period"))
    assert outcome.status == "warnings"
    assert messages(outcome, "warning") == [
        "data/raw/testarea/2022-q1/milestones.csv row 2, column date: expected a date inside "
        'the reporting period, got "2021-12-01"'
    ]


def test_header_only_template_is_absent_with_a_warning(project_with):
    outcome = validated(project_with("header_only"))
    assert outcome.status == "warnings"
    assert outcome.datasets["survey"].state == "template"
    assert outcome.datasets["training"].state == "present"


def test_empty_file_is_an_error_naming_the_file(project_with):
    outcome = validated(project_with("empty_file"))
    assert outcome.status == "failed"
    assert messages(outcome)[0].startswith(
        "data/raw/testarea/2022-q1/survey.csv: the file is empty"
    )


def test_unknown_email_column_is_warned_and_its_values_reach_no_output(project_with):
    project = project_with("unknown_email_column")
    outcome = validated(project)
    assert outcome.status == "warnings"
    assert messages(outcome, "warning") == [
        "data/raw/testarea/2022-q1/survey.csv: column contact_email is not in the contract: "
        "its values were dropped and never stored"
    ]
    written = all_output_text(project)
    assert "contact_email" in written  # the name is reported...
    assert "example.org" not in written  # ...the values never are
    assert (project.data_docs / "index.html").is_file()


def test_a_header_typed_over_with_a_name_and_address_is_never_quoted(project_with):
    """A newcomer steward's: an unknown column's name was quoted as typed on
    the console, the steward's pages and the Data Docs, and a header row is
    where a person's name and address end up when a sheet is typed over."""
    project = project_with("valid_survey")
    survey = project.raw_dir("testarea", "2022-q1") / "survey.csv"
    lines = survey.read_text().splitlines()
    lines = [lines[0] + ",Jo Bloggs 12 High Street"] + [line + ",x" for line in lines[1:]]
    survey.write_text("\n".join(lines) + "\n")
    outcome = validated(project)
    assert messages(outcome, "warning") == [
        "data/raw/testarea/2022-q1/survey.csv: column [a column name of 24 characters] is not in "
        "the contract: its values were dropped and never stored"
    ]
    written = all_output_text(project)
    assert "Bloggs" not in written and "High Street" not in written


def test_personal_values_are_not_quoted_even_in_closed_columns(project_with):
    project = project_with("valid_survey")
    survey = project.raw_dir("testarea", "2022-q1") / "survey.csv"
    survey.write_text(
        survey.read_text().replace(
            "R002,2022-01-11,pl,41-60,Male", "R002,2022-01-11,pl,41-60,jo@home.example"
        )
    )
    outcome = validated(project)
    assert messages(outcome) == [
        "data/raw/testarea/2022-q1/survey.csv row 3, column gender: expected one of: Male, "
        "Female, Another term, Prefer not to say, got [e-mail removed]"
    ]
    written = all_output_text(project)
    assert "jo@home.example" not in written
    assert "R002" not in written


# Personal data typed into closed columns, as people do (issue 34, attack 4).
TYPED_IN_THE_WRONG_COLUMN = {  # column: (what was typed, what would give it away)
    "gender": ("Margaret Thatcher", "Thatcher"),
    "age_band": ("4 Privet Drive", "Privet"),
    "language": ("S80 1AB", "1AB"),
    "completed_on": ("+48 601 234 567", "234 567"),
    "minutes_per_week": ("0721 234 568", "234 568"),
    "activities": ("Walking;Jo Bloggs", "Bloggs"),
    "health_condition": ("jo at example dot com", "example dot"),
}


def test_personal_data_in_a_closed_column_is_described_never_quoted(project_with):
    project = project_with("valid_survey")
    survey = project.raw_dir("testarea", "2022-q1") / "survey.csv"
    frame = pd.read_csv(survey, dtype=str, keep_default_na=False)
    frame = pd.concat([frame] * 2, ignore_index=True)
    frame["respondent_id"] = [f"R{number:03}" for number in range(len(frame))]
    for row, (column, (value, _)) in enumerate(TYPED_IN_THE_WRONG_COLUMN.items()):
        frame.loc[row, column] = value
    frame.loc[8, "gender"] = "Femle"  # an answer mistyped: quoted, to help the steward
    frame.to_csv(survey, index=False)

    result = learnrep(project.root, "validate")

    assert result.returncode == 1
    console = result.stdout + result.stderr
    failures = project.steward_dir("testarea", "2022-q1") / "failures.csv"
    rows = list(csv.DictReader(io.StringIO(failures.read_text(encoding="utf-8-sig"))))
    found = {(r["row"], r["column"]): r["value"] for r in rows}
    assert found["10", "gender"] == "Femle"
    assert found["2", "gender"] == "[text of 17 characters]"
    assert found["3", "age_band"] == "[text of 14 characters]"
    assert found["5", "completed_on"] == "[phone number removed]"
    assert found["7", "activities"] == "[text of 17 characters]"
    assert found["8", "health_condition"] == "[e-mail removed]"
    assert (
        "row 2, column gender: expected one of: Male, Female, Another term, Prefer not to "
        "say, got [text of 17 characters] (and 1 more row)" in console
    )
    written = all_output_text(project) + console
    assert "data-docs" in str(list(project.validation.rglob("*.html")))
    for value, giveaway in TYPED_IN_THE_WRONG_COLUMN.values():
        assert giveaway not in written, value


def test_steward_page_escapes_what_it_shows(project_with):
    project = project_with("valid_survey")
    survey = project.raw_dir("testarea", "2022-q1") / "survey.csv"
    survey.write_text(survey.read_text().replace(",Male,", ',"<script>alert(1)</script>",', 1))
    survey.write_text(survey.read_text().replace("minutes_per_week", "<b>minutes</b>", 1))
    validated(project)
    page = (project.steward_dir("testarea", "2022-q1") / "validation.html").read_text()
    assert "<script>" not in page and "<b>" not in page
    assert "[text of 25 characters]" in page  # markup is never code-like: described
    assert "&lt;b&gt;minutes&lt;/b&gt;" in page  # a column name is shown, as text


def test_validation_json_lists_each_expectation_with_rows(project_with):
    project = project_with("out_of_range_confidence")
    validated(project)
    page = project.steward_dir("testarea", "2022-q1") / "validation.json"
    result = json.loads(page.read_text())
    assert result["status"] == "failed" and result["errors"] == 1
    failing = [c for c in result["datasets"]["training"]["checks"] if not c["success"]]
    assert len(failing) == 1 and failing[0]["rows"] == [3]
    assert failing[0]["offending_values"] == ["7"]
    assert failing[0]["expectation"] == "expect_column_values_to_be_numbers_between"


def test_revalidating_one_area_keeps_the_others_in_data_docs(project_with):
    project = project_with("valid_survey", "out_of_range_confidence")
    validator = Validator(project)
    for period in ("2022-q1", "2022-q2"):
        validator.validate(AreaPeriod("testarea", period))
    validator.validate(AreaPeriod("testarea", "2022-q1"))  # again: replaces, not adds
    validator.build_data_docs()
    index = (project.data_docs / "index.html").read_text()
    assert index.count("testarea.2022-q1") >= 1 and index.count("testarea.2022-q2") >= 1
    again = Validator(project)  # a later run validating only one period
    again.validate(AreaPeriod("testarea", "2022-q1"))
    again.build_data_docs()
    assert "testarea.2022-q2" in (project.data_docs / "index.html").read_text()


def test_data_docs_built_again_render_only_new_results_and_match_a_full_build(
    project_with, monkeypatch
):
    """Only the pages of results stored since the last build are rendered;
    the site is byte for byte what rendering every page would give, and the
    replaced result's page is gone."""
    from conftest import every_file

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1656633600")
    project = project_with("valid_survey", "out_of_range_confidence")
    validator = Validator(project)
    for period in ("2022-q1", "2022-q2"):
        validator.validate(AreaPeriod("testarea", period))
    validator.build_data_docs()
    first = every_file(project.data_docs)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1656720000")  # a later validation
    validator.validate(AP)
    rendered = []
    monkeypatch.setattr(
        "great_expectations.render.renderer.ValidationResultsPageRenderer.render",
        _counting(rendered),
    )
    validator.build_data_docs()
    incremental = every_file(project.data_docs)
    assert len(rendered) == 1  # the one new result's page, not both periods'
    gone = [p for p in first if "testarea.2022-q1" in p and p.startswith("validations/")]
    assert gone and not set(gone) & set(incremental)
    assert any("testarea.2022-q2" in p for p in incremental)

    (project.state / "data-docs.json").unlink()  # so the next build renders every page
    rendered.clear()
    Validator(project).build_data_docs()
    assert len(rendered) == 2
    assert every_file(project.data_docs) == incremental


def _counting(rendered: list):
    from great_expectations.render.renderer import ValidationResultsPageRenderer

    original = ValidationResultsPageRenderer.render

    def render(self, *args, **kwargs):
        rendered.append(1)
        return original(self, *args, **kwargs)

    return render


def test_the_learning_datasets_are_validated_by_their_own_suites(project_with):
    """Contract section 4: each new dataset's rules, checked by real GX."""
    project = project_with("valid_survey")
    folder = project.raw_dir("testarea", "2022-q1")
    (folder / "partners.csv").write_text(
        "organisation,sector,engagement,joined\n"
        "Town Council,Local authority,4,2022-01-10\n"
        "Town Council,Charity,6,\n",
        encoding="utf-8",
    )
    (folder / "recommendations.csv").write_text(
        "id,recommendation,status,owner\nRec 1,Keep going,started,\n", encoding="utf-8"
    )
    (folder / "quotes.csv").write_text(
        "quote,role,theme,consent\nIt helped,Coach,,maybe\n", encoding="utf-8"
    )
    (folder / "reach.csv").write_text(
        "measure,count,note\nPacks,-3,\nPacks,2.5,\n", encoding="utf-8"
    )
    (folder / "funding.csv").write_text(
        "source,amount_gbp,status,date\nCouncil,500,pledged,\n", encoding="utf-8"
    )
    (folder / "milestones.csv").write_text(
        "date,milestone,status\n2022-02-01,Launch,finished\n", encoding="utf-8"
    )
    found = "\n".join(messages(validated(project)))
    for expected in (
        "partners.csv row 3, column sector: expected one of: NHS, Voluntary and community",
        "partners.csv row 3, column engagement: expected a whole number from 1 to 5",
        "partners.csv rows 2, 3, column organisation: expected each organisation to appear once",
        "recommendations.csv row 2, column id: expected a short name of lower-case letters",
        "recommendations.csv row 2, column status: expected one of: new, in progress, done",
        "quotes.csv row 2, column consent: expected one of: yes, no",
        "reach.csv row 2, column count: expected a whole number of at least 0",
        "reach.csv rows 2, 3, column measure: expected each measure to appear once",
        "funding.csv row 2, column status: expected one of: secured, applied, unsuccessful",
        "milestones.csv row 2, column status: expected one of: done, in progress, planned",
    ):
        assert expected in found, f"{expected}\n--- not in ---\n{found}"


def test_the_stewards_pages_are_written_to_validation_and_old_published_copies_removed(
    project_with,
):
    """Contract section 5: the steward's detail lives in validation/, never in
    the published reports/; what an earlier learnrep wrote there is removed."""
    project = project_with("out_of_range_confidence")
    old = project.report_dir("testarea", "2022-q1")
    old.mkdir(parents=True)
    for name in ("validation.html", "validation.json", "validation.csv"):
        (old / name).write_text("row 3: a value")
    (project.reports / "data-docs").mkdir()
    (project.reports / "data-docs" / "index.html").write_text("old site")

    result = learnrep(project.root, "validate")

    assert result.returncode == 1
    assert "see validation/testarea/2022-q1/validation.html" in result.stdout
    assert list(old.iterdir()) == [] and not (project.reports / "data-docs").exists()
    steward_dir = project.steward_dir("testarea", "2022-q1")
    assert {p.name for p in steward_dir.iterdir()} == {
        "validation.html",
        "validation.json",
        "failures.csv",
    }
    assert (project.validation / "data-docs" / "index.html").is_file()
    index = (project.validation / "index.html").read_text()
    assert "testarea/2022-q1/validation.html" in index and "confidence_after" in index


def test_a_line_break_typed_in_a_cell_is_quoted_on_the_messages_one_line(project_with):
    project = project_with("out_of_range_confidence")
    training = project.raw_dir("testarea", "2022-q1") / "training.csv"
    training.write_text(training.read_text().replace(",7,", ',"7\nor 8",', 1))
    assert messages(validated(project)) == [
        "data/raw/testarea/2022-q1/training.csv row 3, column confidence_after: expected a "
        'whole number from 1 to 5, got "7\\nor 8"'
    ]


def _header(project, dataset: str, old: str, new: str) -> None:
    path = project.raw_dir("testarea", "2022-q1") / f"{dataset}.csv"
    lines = path.read_text().splitlines()
    lines[0] = ",".join(new if cell == old else cell for cell in lines[0].split(","))
    path.write_text("\n".join(lines) + "\n")


def test_a_misnamed_column_fails_naming_the_header_meant(project_with):
    """minutes_per_week headed `minutes` was read as no answers, and published
    "Of the 0 who answered, withheld were inactive" with exit 0."""
    project = project_with("valid_survey")
    _header(project, "survey", "minutes_per_week", "minutes")
    outcome = validated(project)
    assert messages(outcome) == [
        "data/raw/testarea/2022-q1/survey.csv, column minutes_per_week: the column is missing; "
        '"minutes" is probably it, misnamed: rename that header minutes_per_week'
    ]
    assert messages(outcome, "warning") == []  # not also "not in the contract"


def test_a_column_whose_cells_may_be_blank_must_still_be_there(project_with):
    project = project_with("valid_survey")
    survey = project.raw_dir("testarea", "2022-q1") / "survey.csv"
    rows = [line.split(",") for line in survey.read_text().splitlines()]
    survey.write_text("\n".join(",".join(r[:6] + r[7:]) for r in rows) + "\n")  # health_condition
    assert messages(validated(project)) == [
        "data/raw/testarea/2022-q1/survey.csv, column health_condition: the column is missing "
        "(its cells may be blank, but it must be in the file)"
    ]


def test_a_later_column_may_be_left_out_but_not_misspelt(project_with):
    project = project_with("valid_survey")
    folder = project.raw_dir("testarea", "2022-q1")
    (folder / "reach.csv").write_text("measure,count,note\nPacks,220,\n", encoding="utf-8")
    assert validated(project).status == "passed"
    (folder / "reach.csv").write_text("measure,count,note,units\nPacks,220,,items\n")
    assert messages(validated(project)) == [
        'data/raw/testarea/2022-q1/reach.csv, column unit: "units" is probably it, misnamed: '
        "rename that header unit (the column may be left out, but not misspelt)"
    ]


def test_checks_are_described_in_plain_words(project_with):
    """Once "funding has a amount_gbp column"."""
    from pipeline.contract import DATASETS
    from pipeline.validate.suites import build_suite

    descriptions = []

    class Suites:
        def add(self, suite):
            descriptions.extend(e.description for e in suite.expectations)

    import great_expectations as gx

    context = type("Context", (), {"suites": Suites()})()
    build_suite(gx, context, DATASETS["funding"])
    assert "column amount_gbp is in the file" in descriptions
    assert not [d for d in descriptions if " a a" in d or d.startswith("funding has")]


def test_the_stewards_page_says_blank_warning_and_the_header_in_plain_words(project_with):
    """Once "Values found: nan" for a blank cell, and a warning about an
    unknown column marked FAIL with 0 rows failing."""
    from bs4 import BeautifulSoup

    project = project_with("valid_survey")
    survey = project.raw_dir("testarea", "2022-q1") / "survey.csv"
    lines = survey.read_text().splitlines()
    lines[0] += ",notes"
    lines[2] = lines[2].replace(",Male,", ",,", 1) + ",x"  # gender blank on row 3
    survey.write_text("\n".join(lines) + "\n")
    validated(project)
    page = BeautifulSoup(
        (project.steward_dir("testarea", "2022-q1") / "validation.html").read_text(), "html.parser"
    )
    rows = {
        tr.find("td").get_text(" ", strip=True): [td.get_text(" ", strip=True) for td in tr("td")]
        for tr in page.select("tbody tr")
        if tr.find("td")
    }
    blank = next(v for k, v in rows.items() if k.startswith("gender is filled in"))
    assert blank[2:] == ["FAIL", "1", "3", "(blank)"]
    header = next(v for k, v in rows.items() if k.startswith("the file has only"))
    assert header[2:4] == ["warning", "the header"]
    assert "nan" not in page.get_text().split()


def test_reach_part_of_names_another_measure_and_a_count_may_be_written_at_least(
    project_with,
):
    """part_of must name another measure of the file (not itself, not a
    measure that is not there); a count may be written 400+; a unit is one
    of the contract's."""
    project = project_with("valid_survey")
    folder = project.raw_dir("testarea", "2022-q1")
    (folder / "reach.csv").write_text(
        "measure,count,note,unit,part_of\n"
        "Disabled residents reached,400+,,people,\n"
        "Wheelchair users reached,12,,,Disabled residents reached\n"
        "Walk leaders trained,1,,people,Walk leaders\n"
        "Tea urns,3,,pots,\n"
        "Activation pots,2,,items,Activation pots\n",
        encoding="utf-8",
    )
    found = messages(validated(project))
    assert found == [
        "data/raw/testarea/2022-q1/reach.csv row 4, column part_of: expected the measure of "
        "another row of the file, got a value not shown here (the column may hold personal "
        "data) (and 1 more row)",
        "data/raw/testarea/2022-q1/reach.csv row 5, column unit: expected one of: people, "
        "organisations, sessions, events, items, got [text of 4 characters]",
    ], found
    (folder / "reach.csv").write_text(
        "measure,count,note,unit,part_of\n"
        'Disabled residents reached,"1,200+",,people,\n'
        "Wheelchair users reached,12,,,Disabled residents reached\n",
        encoding="utf-8",
    )
    assert validated(project).status == "passed"

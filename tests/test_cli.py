"""The real `learnrep` command in a subprocess, as a user runs it."""

import os
import subprocess
import sys

import pandas as pd
import pytest
from conftest import REPO, all_output_text, assert_no_traceback, learnrep

from pipeline.arguments import EXAMPLES
from pipeline.contract import DATASETS


@pytest.mark.slow  # a full build through the CLI
def test_one_bad_area_period_fails_the_run_but_the_others_are_built(project_with):
    project = project_with("valid_survey", "duplicate_ids")
    result = learnrep(project.root, "run")
    assert result.returncode == 1
    assert_no_traceback(result)
    assert "FAILED  testarea/2022-q2: 1 error" in result.stdout
    assert "data/raw/testarea/2022-q2/survey.csv rows 3, 7, column respondent_id" in result.stdout
    assert (project.processed_dir("testarea", "2022-q1") / "survey.parquet").is_file()
    assert not project.processed_dir("testarea", "2022-q2").exists()
    assert (project.report_dir("testarea", "2022-q1") / "learning-report.html").is_file()
    assert not (project.report_dir("testarea", "2022-q2") / "learning-report.html").exists()


@pytest.mark.slow  # two builds through the CLI
def test_a_report_whose_raw_folder_was_deleted_is_said_to_be_still_published(project_with):
    """A newcomer deleted a period's folder to take its report back: the
    report stayed in reports/, unlinked, and nothing said so."""
    import shutil

    project = project_with("valid_survey", "cp1252_delivery")
    assert learnrep(project.root, "run", "--format", "html").returncode == 0
    shutil.rmtree(project.raw_dir("testarea", "2022-q2"))
    result = learnrep(project.root, "run", "--format", "html")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (
        "  note    reports/testarea/2022-q2/ is still published, but data/raw/testarea/2022-q2/ "
        "is gone: delete that folder if it should not be published"
    ) in result.stdout
    assert "reports/testarea/2022-q1/ is still" not in result.stdout
    assert (project.report_dir("testarea", "2022-q2") / "learning-report.html").is_file()
    # The project's last period taken back too: there is nothing to build,
    # and both are still said (a fourteenth outsider's run said nothing).
    shutil.rmtree(project.raw_dir("testarea", "2022-q1"))
    result = learnrep(project.root, "run", "--format", "html")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count(" is still published, but ") == 2, result.stdout


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("missing_column", "survey.csv, column gender: the required column is missing"),
        (
            "out_of_range_confidence",
            "training.csv row 3, column confidence_after: expected a whole "
            'number from 1 to 5, got "7"',
        ),
        ("empty_file", "survey.csv: the file is empty"),
        ("binary_as_csv", "survey.csv: is not a CSV text file"),
        ("malformed_period", "period.yml row 2: is not valid YAML (expected ',' or ']'"),
    ],
)
def test_bad_input_exits_1_with_a_one_line_message(project_with, fixture, expected):
    project = project_with(fixture)
    raw_before = {p: p.read_bytes() for p in project.raw.rglob("*") if p.is_file()}
    result = learnrep(project.root, "validate")
    assert result.returncode == 1
    assert_no_traceback(result)
    assert expected in result.stdout
    assert {p: p.read_bytes() for p in project.raw.rglob("*") if p.is_file()} == raw_before


@pytest.mark.slow  # a full build through the CLI
def test_unknown_email_column_warns_passes_and_leaks_nowhere(project_with):
    project = project_with("unknown_email_column")
    result = learnrep(project.root, "run")
    assert result.returncode == 0
    assert "(1 warning)" in result.stdout
    # Named on the console, under its area-period, not only on the steward's page.
    assert (
        "          warning: data/raw/testarea/2022-q1/survey.csv: column contact_email is not in "
        "the contract: its values were dropped and never stored"
    ) in result.stdout
    assert "example.org" not in all_output_text(project)
    for parquet in project.processed.rglob("*.parquet"):
        assert "example.org" not in pd.read_parquet(parquet).to_csv()


@pytest.mark.parametrize(
    "args",
    [
        ("validate", "--area", "../x"),
        ("validate", "--period", "/etc"),
        ("run", "--period", "../../etc"),
        ("run", "--area", "/tmp"),
        ("run", "--area", "testarea/../../x"),
        ("run", "--period", "."),
        ("new-period", "--area", "../x", "--period", "2022-q1"),
        ("new-period", "--area", "testarea", "--period", "../../x"),
        ("new-period", "--area", "testarea", "--period", "2022-q2", "--from", "../../x"),
        ("new-period", "--area", "testarea", "--period", "/tmp/x"),
        ("run", "--format", "odt"),
        ("run", "--jobs", "0"),
        ("run", "--renderer", "latex"),
    ],
)
def test_a_path_given_as_a_name_is_a_usage_error_and_creates_nothing(project_with, args):
    project = project_with("valid_survey")
    before = sorted(project.root.rglob("*"))
    result = learnrep(project.root, *args)
    assert result.returncode == 2
    assert_no_traceback(result)
    assert sorted(project.root.rglob("*")) == before
    assert not (project.root.parent / "x").exists()


def test_new_period_then_validate_counts_templates_as_absent(project_with):
    project = project_with("valid_survey")
    made = learnrep(
        project.root, "new-period", "--area", "testarea", "--period", "2022-q2", "--from", "2022-q1"
    )
    assert made.returncode == 0, made.stderr
    again = learnrep(project.root, "new-period", "--area", "testarea", "--period", "2022-q2")
    assert again.returncode == 1 and "already exists" in again.stderr
    result = learnrep(project.root, "validate", "--period", "2022-q2")
    assert result.returncode == 0
    # One line for them all (ten pushed any real warning out of sight).
    assert "(1 warning)" in result.stdout
    templates = ", ".join(sorted(f"{name}.csv" for name in DATASETS))
    assert (
        f"warning: data/raw/testarea/2022-q2: {len(DATASETS)} unfilled templates (a header "
        f"row and no data), treated as absent: {templates}"
    ) in result.stdout


def test_outside_a_project_says_so(tmp_path):
    result = learnrep(tmp_path, "list")
    assert result.returncode == 2
    assert "is not a learnrep project (no data/raw folder)" in result.stderr


def test_a_deleted_current_folder_says_so(tmp_path):
    """The shell's folder deleted under it (a project re-cloned, say): one line, exit 2."""
    gone = tmp_path / "gone"
    gone.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "LEARNREP_ROOT"}
    script = 'cd "$1" && rmdir "$1" && exec "$2" -m pipeline list'
    result = subprocess.run(
        ["sh", "-c", script, "sh", gone, sys.executable],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2, result.stderr
    assert_no_traceback(result)
    assert "the current folder no longer exists" in result.stderr


@pytest.mark.parametrize("command", sorted(EXAMPLES))
def test_every_command_has_help_with_an_example_and_is_in_the_readme(command):
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", command, "--help"],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 0
    assert "example" in result.stdout and f"learnrep {command}" in result.stdout
    assert f"learnrep {command}" in (REPO / "README.md").read_text()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["run", "--aera", "x"],
            "learnrep run: error: unrecognized argument --aera; did you mean --area?",
        ),
        (["rn"], "unknown command 'rn'; did you mean run?"),
        (["list", "--bogus"], "learnrep list: error: unrecognized argument --bogus"),
        (["run", "--area", "testaera"], "(did you mean --area testarea?)"),
        (["validate", "--period", "2022q1"], "(did you mean --period 2022-q1?)"),
    ],
)
def test_a_mistyped_name_gets_its_commands_usage_and_a_suggestion(project_with, args, expected):
    project = project_with("valid_survey")
    result = learnrep(project.root, *args)
    assert result.returncode == 2
    assert expected in result.stderr
    assert_no_traceback(result)
    if args[0] != "rn":
        assert f"usage: learnrep {args[0]}" in result.stderr or "no area-period" in result.stderr


@pytest.mark.slow  # a full build through the CLI
def test_validating_again_leaves_the_report_up_to_date(project_with):
    """`learnrep list` after `learnrep validate` once called the validation
    pages that validate itself wrote "report files missing or changed"."""
    project = project_with("valid_survey")
    assert learnrep(project.root, "run", "--format", "html").returncode == 0
    survey = project.raw_dir("testarea", "2022-q1") / "survey.csv"
    lines = survey.read_text().splitlines()
    # A new column is a warning: validate writes new validation pages.
    survey.write_text("\n".join([lines[0] + ",notes", *(f"{line}," for line in lines[1:])]) + "\n")
    assert learnrep(project.root, "validate").returncode == 0
    listing = learnrep(project.root, "list").stdout
    assert "- raw data changed: survey.csv" in listing
    assert "missing or changed" not in listing, listing


@pytest.mark.slow  # a full build through the CLI
def test_an_overlapping_new_period_is_one_line_and_validate_warns_of_overlaps(project_with):
    project = project_with("valid_survey")
    refused = learnrep(project.root, "new-period", "--area", "testarea", "--period", "2022-h1")
    assert refused.returncode == 1
    assert refused.stderr.strip().splitlines() == [
        "learnrep: error: testarea/2022-h1 (2022-01-01 to 2022-06-30) would overlap "
        "testarea/2022-q1 (2022-01-01 to 2022-03-31); choose another period name, or add "
        "--allow-overlap"
    ]
    allowed = learnrep(
        project.root, "new-period", "--area", "testarea", "--period", "2022-h1", "--allow-overlap"
    )
    assert allowed.returncode == 0, allowed.stderr
    validated = learnrep(project.root, "validate", "--period", "2022-q1")
    assert "its dates (2022-01-01 to 2022-03-31) overlap testarea/2022-h1" in validated.stdout


def test_the_command_reference_is_what_the_parser_says():
    """docs/commands.md is generated from the parser: `python -m tools.commands`."""
    from pipeline.arguments import reference

    committed = (REPO / "docs" / "commands.md").read_text(encoding="utf-8")
    assert committed == reference() + "\n"
    for command in EXAMPLES:
        assert f"## learnrep {command}\n" in committed

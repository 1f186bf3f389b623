"""Speculative reports (pipeline/run/speculate.py): a report made while its
data is validated is published only when validation passed and processed
exactly the data it was made from; otherwise it is never seen."""

from __future__ import annotations

import json
import re
import time

import pytest
from conftest import PINNED, learnrep, make_project

from pipeline import ledger
from pipeline.discover import AreaPeriod
from pipeline.publish.superseded import BANNER
from pipeline.run import orchestrate, runners, speculate, state
from pipeline.status import Report, Validation

AP = AreaPeriod("testarea", "2022-q1")
REPORT_FILES = ("learning-report.html", "learning-report.ipynb", "provenance.json")


def _report(project) -> dict[str, bytes]:
    folder = project.report_dir(AP.area, AP.period)
    return {name: (folder / name).read_bytes() for name in REPORT_FILES}


def _record(project) -> dict:
    return state.read(project, AP)


def _edit_survey(project, old: str, new: str) -> None:
    survey = project.raw_dir(AP.area, AP.period) / "survey.csv"
    text = survey.read_text(encoding="utf-8")
    assert old in text
    survey.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.slow
def test_a_clean_report_is_made_while_validating_and_is_the_report_otherwise_built(project_with):
    project = project_with("valid_survey")
    # What a killed run staged is never published: every run starts clean.
    leftover = speculate.staging(project, AP) / "out"
    leftover.mkdir(parents=True)
    (leftover / "learning-report.html").write_text("left by a killed run", encoding="utf-8")

    built = learnrep(project.root, "run", "--format", "html", env=PINNED)
    assert built.returncode == 0, built.stderr
    assert _record(project)["speculative"] is True
    speculative = _report(project)
    assert b"left by a killed run" not in speculative["learning-report.html"]
    assert not (project.state / "speculative").exists() or not any(
        (project.state / "speculative").rglob("*.html")
    )

    plain = learnrep(
        project.root,
        "run",
        "--force",
        "--format",
        "html",
        env={**PINNED, "LEARNREP_SPECULATE": "0"},
    )
    assert plain.returncode == 0, plain.stderr
    assert _record(project)["speculative"] is False
    assert _report(project) == speculative  # byte for byte the same report


def test_a_speculative_report_whose_validation_fails_is_never_published(project_with, monkeypatch):
    project = project_with("valid_survey")
    assert learnrep(project.root, "run", "--format", "html").returncode == 0
    good = _report(project)
    # 5000 minutes a week: pandas types it, Great Expectations refuses it (0-2000).
    _edit_survey(
        project, "R001,2022-01-10,en,20-40,Female,45,", "R001,2022-01-10,en,20-40,Female,5000,"
    )
    # Three more areas, validated after it, whose data also fails: their
    # speculative reports, queued behind it on the one worker, are dropped.
    for area in ("zz-one", "zz-two", "zz-three"):
        make_project(project.root, "out_of_range_confidence", area=area)
    cancelled = []
    cancel = runners._Futures.cancel
    monkeypatch.setattr(
        runners._Futures,
        "cancel",
        lambda self, ap: cancelled.append(cancel(self, ap)) or cancelled[-1],
    )

    staged: dict[str, bytes] = {}
    discard = speculate.discard

    def keeping_what_was_staged(project_, ap):
        # The run no longer waits for a refused area-period's report; the
        # worker goes on making it, so wait here to see what it made.
        out = speculate.staging(project_, ap) / "out"
        for _ in range(600):
            if ap != AP or set(REPORT_FILES) <= {p.name for p in out.glob("*")}:
                break
            time.sleep(0.1)
        staged.update({p.name: p.read_bytes() for p in out.glob("*") if p.is_file()})
        discard(project_, ap)

    monkeypatch.setattr(speculate, "discard", keeping_what_was_staged)
    others = [AreaPeriod(area, "2022-q1") for area in ("zz-one", "zz-two", "zz-three")]
    result, *failed = orchestrate.run(
        project, [AP, *others], formats=("html",), renderer="builtin", jobs=1
    )
    assert [r.validation for r in failed] == [Validation.FAILED] * 3
    assert len(cancelled) == 4 and any(cancelled)  # never made, so never a risk

    assert result.validation is Validation.FAILED
    assert not result.speculative
    # A report of the refused data was made, so there was something to leak ...
    assert set(REPORT_FILES) <= set(staged)
    assert staged["provenance.json"] != good["provenance.json"]
    # ... and none of it was published: the last good report stays, marked superseded.
    now = _report(project)
    assert now["provenance.json"] == good["provenance.json"]
    assert now["learning-report.ipynb"] == good["learning-report.ipynb"]
    html = now["learning-report.html"].decode("utf-8")
    assert "Superseded" in html
    assert BANNER.sub("", html).encode("utf-8") == good["learning-report.html"]
    assert not speculate.staging(project, AP).exists()
    assert _record(project)["validation"] == Validation.FAILED
    # Recorded in the ledger when it was audited, taken back at the run's end:
    # kept, the next report would say an earlier version was published.
    assert [e.get("provisional") for e in ledger.entries(ledger.folder(project, AP))] == [None]


@pytest.mark.slow
def test_a_warning_only_validation_can_find_is_reported_by_building_again(project_with):
    project = project_with("valid_survey")
    # Answered before the period began: a warning from Great Expectations, which
    # reading the file alone cannot predict, so the speculative report is not used.
    _edit_survey(project, "R002,2022-01-11,", "R002,2021-12-11,")
    built = learnrep(project.root, "run", "--format", "html", env=PINNED)
    assert built.returncode == 0, built.stderr
    record = _record(project)
    assert record["speculative"] is False
    assert record["report"] == Report.BUILT
    assert record["warnings"] >= 1
    rebuilt = _report(project)
    # The report counts the warning; its words (row, column) stay on the steward's page.
    page = rebuilt["learning-report.html"].decode("utf-8")
    assert re.search(r"1\s+warning\s+went\s+to\s+the\s+data\s+steward", page)
    assert "completed_on" not in page
    steward_page = project.steward_dir(AP.area, AP.period) / "validation.html"
    assert "completed_on" in steward_page.read_text(encoding="utf-8")

    plain = learnrep(
        project.root,
        "run",
        "--force",
        "--format",
        "html",
        env={**PINNED, "LEARNREP_SPECULATE": "0"},
    )
    assert plain.returncode == 0, plain.stderr
    assert _report(project) == rebuilt


@pytest.mark.parametrize("value", ["forty", "2022-13-45"])
def test_a_value_pandas_cannot_type_is_left_to_validation(project_with, value):
    """The speculation gives up quietly; validation says what is wrong."""
    project = project_with("valid_survey")
    if value == "forty":
        _edit_survey(project, "Female,45,", f"Female,{value},")
    else:
        _edit_survey(project, "R001,2022-01-10,", f"R001,{value},")
    job = orchestrate._Run(project, [AP], ("html",), "builtin", False)
    speculation = speculate.Speculation(job._job(AP), job.sources[AP])
    staged = speculate.build(speculation)
    assert staged.status is speculate.NOT_SPECULATED
    assert "could not be typed" in staged.error
    done = learnrep(project.root, "run", "--format", "html")
    assert done.returncode == 1
    assert "survey.csv row" in done.stdout + done.stderr
    steward_page = project.steward_dir(AP.area, AP.period) / "validation.json"
    assert json.loads(steward_page.read_text(encoding="utf-8"))["status"] == Validation.FAILED

"""What a run plans to rebuild, and why (pipeline/run/plan.py): each input
hashed once per run, and a reason in words for every change."""

from __future__ import annotations

import shutil

from conftest import REPO

from pipeline.config import Project
from pipeline.discover import AreaPeriod
from pipeline.run import plan, provenance

Q1 = AreaPeriod("bolsover", "2022-q1")
H2 = AreaPeriod("bolsover", "2021-h2")


def sample(tmp_path) -> Project:
    shutil.copytree(REPO / "data" / "raw", tmp_path / "data" / "raw")
    shutil.copytree(REPO / "notebooks", tmp_path / "notebooks")
    return Project(tmp_path)


def test_each_input_is_hashed_once_per_run(tmp_path, monkeypatch):
    project = sample(tmp_path)
    hashed = []
    real = provenance.sha256
    monkeypatch.setattr(provenance, "sha256", lambda path: hashed.append(path) or real(path))
    prints = plan.Fingerprints(project, {"code": "x"})
    first = prints.of(Q1)  # hashes 2022-q1 and, as its previous period, 2021-h2
    assert prints.of(Q1) is first
    prints.of(H2)
    prints.inputs(Q1)
    assert len(hashed) == len(set(hashed))
    assert first["previous"]["period"] == "2021-h2"
    assert first["previous"]["inputs"] == prints.inputs(H2)


def test_a_changed_raw_file_is_named_as_the_reason(tmp_path):
    project = sample(tmp_path)
    shared = plan.settings(project, "builtin", ["html"], project.params())
    before = plan.Fingerprints(project, shared).of(Q1)
    record = {"report": "built", "fingerprint": before, "outputs": {}}
    assert plan.changes(record, before, tmp_path) == []
    survey = project.raw_dir("bolsover", "2022-q1") / "survey.csv"
    survey.write_bytes(survey.read_bytes() + b"\n")
    (project.raw_dir("bolsover", "2021-h2") / "narrative.md").write_text("new words\n")
    now = plan.Fingerprints(project, shared).of(Q1)
    assert plan.changes(record, now, tmp_path) == [
        "raw data changed: survey.csv",
        "previous period 2021-h2 changed: narrative.md",
    ]


def test_settings_changes_are_named_with_what_moved(tmp_path):
    project = sample(tmp_path)
    old = plan.Fingerprints(project, plan.settings(project, "builtin", ["html"], {"a": 1})).of(Q1)
    new = plan.Fingerprints(
        project, plan.settings(project, "quarto", ["html", "pdf"], {"a": 2})
    ).of(Q1)
    reasons = plan.changes({"report": "built", "fingerprint": old}, new, tmp_path)
    assert "parameters in params.yaml changed (a)" in reasons
    assert "a different renderer was asked for (was builtin, now quarto)" in reasons
    assert "different formats were asked for (was html, now html, pdf)" in reasons
    assert plan.changes(
        {"report": "built", "fingerprint": old}, new, tmp_path, ignore=plan.RUN_OPTIONS
    ) == ["parameters in params.yaml changed (a)"]


def test_a_report_file_edited_since_the_build_is_a_reason(tmp_path):
    project = sample(tmp_path)
    prints = plan.Fingerprints(project, {}).of(Q1)
    (tmp_path / "learning-report.html").write_text("as built")
    digest = provenance.sha256(tmp_path / "learning-report.html")
    record = {"report": "built", "fingerprint": prints, "outputs": {"learning-report.html": digest}}
    assert plan.changes(record, prints, tmp_path) == []
    (tmp_path / "learning-report.html").write_text("edited by hand")
    assert plan.changes(record, prints, tmp_path) == [
        "report files missing or changed since the build: learning-report.html"
    ]


def test_never_built_and_failed_reports_are_always_stale(tmp_path):
    project = sample(tmp_path)
    prints = plan.Fingerprints(project, {}).of(Q1)
    assert plan.changes(None, prints, tmp_path) == ["never built"]
    failed = {"report": "failed execution", "fingerprint": prints}
    assert plan.changes(failed, prints, tmp_path) == ["never built"]

"""The provenance key and `learnrep verify` (pipeline/run/provenance_key.py,
pipeline/run/verify.py): published digests are keyed with a secret the
project keeps and never commits, and the team checks a report against the
inputs and code it names with that secret."""

from __future__ import annotations

import hashlib
import hmac
import json
import shutil
import subprocess

import pytest
from conftest import assert_no_traceback, learnrep, make_project

from pipeline.discover import AreaPeriod
from pipeline.errors import InputError
from pipeline.run import plan, provenance, provenance_key, verify
from pipeline.run.state import to_json

AP = AreaPeriod("testarea", "2022-q1")


def _report_folder(project, folder=None):
    """A report folder as a build leaves it, as far as verify reads it: its
    provenance.json (made by the real provenance code), no other file."""
    folder = folder or project.report_dir(AP.area, AP.period)
    folder.mkdir(parents=True, exist_ok=True)
    record = provenance.provenance(project, AP, project.params(), "builtin")
    (folder / "provenance.json").write_text(to_json(record))
    return folder


@pytest.fixture
def project(project_with):
    return project_with("valid_survey")


def test_the_key_is_made_once_private_and_ignored_by_git(project):
    key = provenance_key.ensure(project)
    assert provenance_key.ensure(project) == key and len(key) == 32
    assert project.provenance_key.stat().st_mode & 0o777 == 0o600
    subprocess.run(["git", "init", "-q", str(project.root)], check=True)
    subprocess.run(["git", "-C", str(project.root), "add", "-A"], check=True)
    staged = subprocess.run(
        ["git", "-C", str(project.root), "diff", "--cached", "--name-only"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert "data/raw/testarea/2022-q1/survey.csv" in staged
    assert not [name for name in staged if name.startswith("secret/")]


def test_published_digests_are_keyed_never_plain(project):
    record = json.loads((_report_folder(project) / "provenance.json").read_text())
    survey = project.raw_dir(AP.area, AP.period) / "survey.csv"
    plain = hashlib.sha256(survey.read_bytes()).hexdigest()
    published = record["inputs"]["data/raw/testarea/2022-q1/survey.csv"]
    assert plain not in json.dumps(record)
    key = provenance_key.load(project)
    assert published == hmac.new(key, plain.encode(), hashlib.sha256).hexdigest()
    assert record["inputs_key"] == provenance_key.key_id(key) and key.hex() not in json.dumps(
        record
    )


def test_an_image_s_file_name_is_never_published(project):
    """A fifteenth outsider saved a photo as
    jo.bloggs@example.org_07911123456.png, and provenance.json published
    its name. The files the contract names keep theirs; any other is named
    by its folder and its place there, and verify reads them the same way."""
    images = project.raw_dir(AP.area, AP.period) / "images"
    images.mkdir()
    (images / "jo.bloggs@example.org_07911123456.png").write_bytes(b"a")
    (images / "Walk with Jo Bloggs.JPG").write_bytes(b"b")
    folder = _report_folder(project)
    record = (folder / "provenance.json").read_text()
    assert "bloggs" not in record.lower() and "07911" not in record
    names = json.loads(record)["inputs"]
    assert "data/raw/testarea/2022-q1/survey.csv" in names
    assert "data/raw/testarea/2022-q1/images/image 1.jpg" in names
    assert "data/raw/testarea/2022-q1/images/image 2.png" in names
    assert verify.verify(project, folder).differences == []
    (images / "Walk with Jo Bloggs.JPG").write_bytes(b"c")
    assert verify.verify(project, folder).differences == ["raw data changed: image 1.jpg"]


def test_a_report_matches_until_an_input_code_or_parameter_changes(project, monkeypatch):
    folder = _report_folder(project)
    assert verify.verify(project, folder).differences == []
    survey = project.raw_dir(AP.area, AP.period) / "survey.csv"
    survey.write_text(survey.read_text() + "\n")
    (survey.parent / "reach.csv").write_text("measure,count,note\nWalks,12,\n")
    (project.root / "params.yaml").write_text("suppression_threshold: 10\n")
    built_with = provenance.code_hash()
    monkeypatch.setattr(provenance, "code_hash", lambda: "0" * 64)
    assert verify.verify(project, folder).differences == [
        "raw data changed: survey.csv",
        "raw data added: reach.csv",
        f"the pipeline's code differs (the report's {built_with[:12]}, this one's 000000000000)",
        "parameters in params.yaml differ: suppression_threshold",
    ]


def test_a_report_built_with_a_lost_key_does_not_match_and_is_rebuilt(project):
    folder = _report_folder(project)
    before = plan.settings(project, "builtin", ["html"], project.params())
    project.provenance_key.unlink()
    provenance_key.ensure(project)  # the next run makes a new key
    differences = verify.verify(project, folder).differences
    assert len(differences) == 1 and "keyed with another provenance key" in differences[0]
    now = plan.settings(project, "builtin", ["html"], project.params())
    state = {"report": "built", "fingerprint": {**before, "inputs": {}, "previous": None}}
    assert "the provenance key changed" in plan.changes(state, {**now, "inputs": {}}, folder)


def test_a_spoilt_key_is_one_line_naming_the_file(project):
    provenance_key.ensure(project)
    project.provenance_key.write_text("not a key\n")
    with pytest.raises(InputError) as caught:
        provenance_key.load(project)
    assert str(caught.value).startswith("secret/provenance.key: is not a provenance key")


def test_verify_on_the_command_line(project, tmp_path):
    folder = _report_folder(project)
    matched = learnrep(project.root, "verify", str(folder))
    assert matched.returncode == 0, matched.stdout + matched.stderr
    assert matched.stdout.startswith("reports/testarea/2022-q1 matches what it names")

    published = shutil.copytree(folder, tmp_path / "downloaded")
    (project.raw_dir(AP.area, AP.period) / "period.yml").write_text(
        "label: Spring\nstart: 2022-01-01\nend: 2022-03-31\n"
    )
    differs = learnrep(project.root, "verify", str(published))
    assert differs.returncode == 1
    assert "  - raw data changed: period.yml" in differs.stdout
    assert "learnrep run --area testarea --period 2022-q1" in differs.stdout

    for args, says in (
        (["verify", str(tmp_path / "nowhere")], "is not a folder"),
        (["verify", str(project.reports)], "is not a report folder (it has no provenance.json)"),
    ):
        wrong = learnrep(project.root, *args)
        assert wrong.returncode == 2 and says in wrong.stderr, wrong.stderr
        assert_no_traceback(wrong)

    project.provenance_key.unlink()
    keyless = learnrep(project.root, "verify", str(folder))
    assert keyless.returncode == 1 and "there is no provenance key" in keyless.stderr
    assert_no_traceback(keyless)


@pytest.mark.slow  # a real build
def test_a_new_key_is_announced_by_the_run_that_makes_it(tmp_path):
    project = make_project(tmp_path, "valid_survey")
    result = learnrep(project.root, "validate")
    assert not project.provenance_key.exists()  # validation publishes no provenance
    result = learnrep(project.root, "run", "--format", "html")
    assert result.returncode == 0, result.stderr
    assert "made the project's provenance key, secret/provenance.key" in result.stderr
    again = learnrep(project.root, "run", "--format", "html", "--force")
    assert "provenance key" not in again.stderr
    assert learnrep(project.root, "verify", "reports/testarea/2022-q1").returncode == 0

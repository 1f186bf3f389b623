"""Where reports run: kernels forked from a warm template, and a real Dask
cluster. Both must give the very bytes a fresh kernel in a local process
gives, and report failures the same way."""

from __future__ import annotations

import shutil

import nbformat
import pytest
from conftest import PINNED, assert_no_traceback, every_file, learnrep, processes_in

from pipeline import ledger
from pipeline.discover import AreaPeriod
from pipeline.run import job as report_job
from pipeline.run import provenance
from pipeline.status import Report

# A full sample build, a real browser, DVC or the reliability suite: not in make test-fast.
pytestmark = pytest.mark.slow


def _fail_for(project, period: str) -> None:
    path = project.root / "notebooks" / "learning-report.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(
        3,
        nbformat.v4.new_code_cell(
            f'if period == "{period}":\n    raise ValueError("no survey weights for this period")'
        ),
    )
    nbformat.write(nb, path)


def test_a_forked_kernel_gives_the_bytes_a_fresh_kernel_gives(sample_built, tmp_path):
    project, _ = sample_built
    forked = every_file(project.reports)
    copy = tmp_path / "fresh"
    shutil.copytree(project.root, copy)
    env = {**PINNED, "LEARNREP_FORK_KERNELS": "0"}
    again = learnrep(copy, "run", "--force", "--area", "bolsover", "--renderer", "builtin", env=env)
    assert again.returncode == 0, again.stderr
    fresh = every_file(copy / "reports")
    built = [name for name in forked if name.startswith("bolsover/2022-q1/")]
    assert "bolsover/2022-q1/learning-report.ipynb" in built
    assert [n for n in built if fresh[n] != forked[n]] == []


def test_a_kernel_that_dies_fails_its_report_only_and_leaves_no_process(project_with):
    from conftest import FIXTURES

    project = project_with("valid_survey")
    shutil.copytree(FIXTURES / "valid_survey", project.raw_dir("testarea", "2022-q2"))
    path = project.root / "notebooks" / "learning-report.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(
        3, nbformat.v4.new_code_cell('import os\nif period == "2022-q1":\n    os._exit(9)')
    )
    nbformat.write(nb, path)

    result = learnrep(project.root, "run", "--format", "html", "--jobs", "2")

    assert result.returncode == 1
    assert_no_traceback(result)
    line = next(x for x in result.stdout.splitlines() if "FAILED  testarea/2022-q1" in x)
    assert "the notebook's kernel failed (DeadKernelError)" in line
    assert "ok      testarea/2022-q2" in result.stdout
    # Recorded in the ledger when it was audited, taken back when it failed:
    # the ledger holds what was published, and only that.
    assert ledger.entries(ledger.folder(project, AreaPeriod("testarea", "2022-q1"))) == []
    assert len(ledger.entries(ledger.folder(project, AreaPeriod("testarea", "2022-q2")))) == 1
    # Neither a kernel nor a kernel template (both run in the project folder)
    # outlives the run.
    assert processes_in(project.root) == []


def test_an_error_of_learnrep_itself_fails_its_report_only_in_one_line(project_with):
    """A bug that raises in the run's worker, before the notebook, is the
    area-period's one-line failure, its traceback kept in validation/: it
    stopped the whole run with a traceback. Made here by a ledger whose
    published figures no longer add up (tampered with by hand)."""
    import json

    project = project_with("valid_survey", "cp1252_delivery")
    assert learnrep(project.root, "run", "--format", "html", "--jobs", "2").returncode == 0
    place = project.ledger / "testarea" / "2022-q1" / "ledger.json"
    recorded = json.loads(place.read_text())
    entry = recorded["publications"][0]
    entry["fingerprint"] = "0" * 64  # as if older code wrote it: decided again
    for cell in entry["register"]["cells"]:
        if cell[0] == ["survey", "respondents"]:
            cell[1] += 1000
    place.write_text(json.dumps(recorded))

    result = learnrep(project.root, "run", "--format", "html", "--jobs", "2", "--force")

    assert result.returncode == 1
    assert_no_traceback(result)
    line = next(x for x in result.stdout.splitlines() if "FAILED  testarea/2022-q1" in x)
    kept = project.steward_dir("testarea", "2022-q1") / report_job.ERROR
    assert "learnrep stopped on an error of its own (RuntimeError), a bug to report" in line
    assert line.endswith(f"its traceback is in {kept.relative_to(project.root).as_posix()}")
    assert "Traceback (most recent call last)" in kept.read_text()
    assert "ok      testarea/2022-q2" in result.stdout
    assert not list(project.reports.rglob(report_job.ERROR))


def test_a_report_interrupted_once_its_files_are_published_stays_recorded(
    project_with, monkeypatch
):
    """An outsider pressed Ctrl-C just after a report's page landed in
    reports/: its ledger record, still provisional, was taken back, and the
    next build was audited without what that page showed."""
    from pipeline.run import orchestrate

    project = project_with("valid_survey")
    ap = AreaPeriod("testarea", "2022-q1")
    monkeypatch.setenv("LEARNREP_SPECULATE", "0")  # one job, in this process

    def interrupted(folder, formats):
        raise KeyboardInterrupt

    monkeypatch.setattr(report_job, "drop_other_formats", interrupted)
    with pytest.raises(BaseException) as stopped:
        orchestrate.run(project, [ap], formats=("html",), renderer="builtin", jobs=1)
    assert not isinstance(stopped.value, AssertionError)
    assert (project.report_dir(ap.area, ap.period) / "learning-report.html").is_file()
    recorded = ledger.entries(ledger.folder(project, ap))
    assert len(recorded) == 1 and "provisional" not in recorded[0]


def test_a_report_interrupted_between_its_files_keeps_its_record(project_with, monkeypatch):
    """A fourteenth outsider's Ctrl-C landed just after the page's rename,
    before the other files': the record was taken back (12 tries of 12),
    and the next build was audited without what the page showed. Now the
    record is confirmed before the first rename, and the files renamed
    are put back."""
    import os

    from pipeline.run import orchestrate

    project = project_with("valid_survey")
    ap = AreaPeriod("testarea", "2022-q1")
    monkeypatch.setenv("LEARNREP_SPECULATE", "0")  # one job, in this process
    real_replace = os.replace

    def interrupted_after_the_page(source, target):
        real_replace(source, target)
        if str(target).endswith(f"{ap.period}/learning-report.html"):
            raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted_after_the_page)
    with pytest.raises(BaseException) as stopped:
        orchestrate.run(project, [ap], formats=("html",), renderer="builtin", jobs=1)
    monkeypatch.undo()
    assert isinstance(stopped.value, KeyboardInterrupt)
    assert not (project.report_dir(ap.area, ap.period) / "learning-report.html").exists()
    recorded = ledger.entries(ledger.folder(project, ap))
    assert len(recorded) == 1 and "provisional" not in recorded[0]


def test_what_a_killed_run_left_provisional_is_taken_back_when_the_next_starts(project_with):
    """A run killed before writing a report left its provisional record,
    and the next build of that period withheld more and said an earlier
    version was published, which never was. A record is confirmed before
    a report's first file is put in place, so one still provisional when
    the next run holds the project was never written: it is taken back.
    One recorded by older code, which confirmed only after writing, stays."""
    import json

    from pipeline.processed import Processed
    from pipeline.report import figures
    from pipeline.run import orchestrate

    project = project_with("valid_survey")
    ap = AreaPeriod("testarea", "2022-q1")
    assert learnrep(project.root, "run", "--format", "html").returncode == 0
    (published,) = [e["version"] for e in ledger.entries(ledger.folder(project, ap))]
    data = project.processed_dir(ap.area, ap.period)
    _, _, entry = figures.publication(Processed(data), 5)
    for version in ("1" * 64, "0" * 64):
        ledger.record(project, ap, {**entry, "version": version}, data, provisional=True)
    place = ledger.folder(project, ap) / ledger.LEDGER
    kept = json.loads(place.read_text())
    kept["publications"][2]["provisional"] = True  # as older code wrote it
    place.write_text(json.dumps(kept))
    with orchestrate.writing(project):
        pass
    found = [e["version"] for e in ledger.entries(ledger.folder(project, ap))]
    assert found == [published, "0" * 64]


def test_a_report_whose_record_cannot_be_confirmed_is_not_published(project_with, monkeypatch):
    """Nothing lands in reports/ that the ledger does not hold as published."""
    from pipeline.run import orchestrate

    project = project_with("valid_survey")
    ap = AreaPeriod("testarea", "2022-q1")
    monkeypatch.setenv("LEARNREP_SPECULATE", "0")  # one job, in this process
    monkeypatch.setattr(ledger, "record_all", lambda project, published: ["refused"])
    (result,) = orchestrate.run(project, [ap], formats=("html",), renderer="builtin", jobs=1)
    assert result.report is Report.FAILED_WRITING
    assert "could not be recorded in data/ledger" in result.report_error
    assert not (project.report_dir(ap.area, ap.period) / "learning-report.html").exists()
    assert ledger.entries(ledger.folder(project, ap)) == []


def test_a_worker_running_other_code_refuses_the_job(sample_built):
    project, _ = sample_built
    ap = AreaPeriod("bolsover", "2022-q1")
    job = report_job.ReportJob(
        project.root, ap, ("html",), "builtin", project.params(), None, False, code="0" * 64
    )
    assert provenance.code_hash() != "0" * 64
    assert report_job.report(job) == report_job.JobResult(
        Report.FAILED_EXECUTION, report_job.WORKER_CODE_DIFFERS
    )


@pytest.fixture(scope="module")
def cluster():
    """A real Dask cluster on loopback: a scheduler and two worker processes."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as running:
        yield running


def test_reports_built_on_a_dask_cluster_are_byte_identical_to_a_local_run(
    sample_built, cluster, tmp_path
):
    from distributed import Client

    project, _ = sample_built
    local = every_file(project.reports)
    copy = tmp_path / "on-dask"
    shutil.copytree(project.root, copy)
    address = cluster.scheduler_address
    assert address.startswith("tcp://127.0.0.1:")

    result = learnrep(
        copy, "run", "--force", "--renderer", "builtin", "--scheduler", address, env=PINNED
    )

    assert result.returncode == 0, result.stderr
    assert "Built 6 area-periods: 6 built, 0 failed." in result.stdout
    assert "Reporting 6/6" in result.stderr  # progress as a local run shows it
    dask = every_file(copy / "reports")
    assert sorted(dask) == sorted(local)
    assert [name for name in local if dask[name] != local[name]] == []
    # The reports ran in the workers: each has a kernel template for the copy.
    with Client(address) as client:
        # A lambda is pickled by value: the workers cannot import this test file.
        templates = client.run(
            lambda: sorted(
                map(str, __import__("pipeline.execute.kernels").execute.kernels._templates)
            )  # noqa: E501
        )
    assert sum(str(copy) in roots for roots in templates.values()) >= 1


def test_a_failure_on_the_cluster_is_reported_as_a_local_one_is(project_with, cluster):
    from conftest import FIXTURES

    project = project_with("valid_survey")
    shutil.copytree(FIXTURES / "valid_survey", project.raw_dir("testarea", "2022-q2"))
    _fail_for(project, "2022-q1")

    result = learnrep(
        project.root, "run", "--format", "html", "--scheduler", cluster.scheduler_address
    )

    assert result.returncode == 1
    assert_no_traceback(result)
    line = next(x for x in result.stdout.splitlines() if "FAILED  testarea/2022-q1" in x)
    assert "failed execution" in line and "raised ValueError; what ran" in line
    assert "ok      testarea/2022-q2" in result.stdout


def test_an_unreachable_scheduler_is_one_clear_line(project_with):
    project = project_with("valid_survey")
    result = learnrep(project.root, "run", "--scheduler", "tcp://127.0.0.1:9")
    assert result.returncode == 1
    assert_no_traceback(result)
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.stderr


def test_a_malformed_scheduler_address_is_a_usage_error(project_with):
    project = project_with("valid_survey")
    result = learnrep(project.root, "run", "--scheduler", "10.0.0.5")
    assert result.returncode == 2
    assert "expected tcp://HOST:PORT" in result.stderr

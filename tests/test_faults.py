"""Faults a run must survive, made for real: a `learnrep run` killed with
SIGKILL while it renders, a read-only reports folder, and writes the
operating system refuses. Each time nothing good is overwritten, no
half-written file is published, and the next run completes.

(An exception in the notebook and a dying kernel are in test_build and
test_runners; two runs at once in test_workflow.)"""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
import time

import pytest
from conftest import (
    PINNED,
    REPO,
    assert_no_traceback,
    copy_notebook,
    every_file,
    learnrep,
    processes_in,
)

from pipeline.config import Project
from pipeline.files import TEMPORARY

# A full sample build, a real browser, DVC or the reliability suite: not in make test-fast.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built_sample(tmp_path_factory):
    root = tmp_path_factory.mktemp("faults")
    shutil.copytree(REPO / "data" / "raw", root / "data" / "raw")
    shutil.copy(REPO / "params.yaml", root / "params.yaml")
    copy_notebook(root)
    result = learnrep(root, "run", "--jobs", "2", env=PINNED)
    assert result.returncode == 0, result.stdout + result.stderr
    return root


@pytest.fixture
def project(built_sample, tmp_path) -> Project:
    shutil.copytree(built_sample, tmp_path / "p", symlinks=True)
    return Project(tmp_path / "p")


def command(project: Project, *args: str) -> tuple[list[str], dict]:
    env = {**os.environ, **PINNED, "LEARNREP_ROOT": str(project.root)}
    return [sys.executable, "-m", "pipeline", *args], env


def leftovers(project: Project) -> list[str]:
    return [str(p) for p in project.root.rglob(f"*{TEMPORARY}*")]


def test_a_run_killed_while_rendering_publishes_no_half_file_and_the_rerun_completes(project):
    before = every_file(project.reports)
    argv, env = command(project, "run", "--jobs", "2", "--force")
    run = subprocess.Popen(
        argv,
        env=env,
        cwd=project.root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    for line in run.stderr:  # the first report is done; the others are being made
        if line.startswith("Reporting 1/"):
            break
    run.kill()
    run.wait()

    # Its worker processes, kernel templates and kernels notice and exit.
    deadline = time.monotonic() + 30
    while processes_in(project.root) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert processes_in(project.root) == []
    # Every published file is whole: the old one, or the same bytes rebuilt.
    published = {k: v for k, v in every_file(project.reports).items() if TEMPORARY not in k}
    assert published == before

    rerun = learnrep(project.root, "run", "--jobs", "2", env=PINNED)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert every_file(project.reports) == before
    assert leftovers(project) == []


def _read_only(folder) -> list[str]:
    """A command prefix under which `folder` cannot be written. Root ignores
    file permissions, so for root the folder is bound read-only in a private
    mount namespace; anyone else gets the permissions taken away."""
    if os.geteuid() != 0:
        for path in [folder, *folder.rglob("*")]:
            path.chmod(0o555 if path.is_dir() else 0o444)
        return []
    probe = subprocess.run(["unshare", "--mount", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("running as root without mount namespaces: no way to make a read-only folder")
    mount = 'mount --bind -o ro "$0" "$0" && exec "$@"'
    return ["unshare", "--mount", "--propagation", "private", "sh", "-c", mount, str(folder)]


def test_a_read_only_reports_folder_is_one_line_and_nothing_changes(project):
    before = every_file(project.root)
    argv, env = command(project, "run", "--force")
    result = subprocess.run(
        _read_only(project.reports) + argv,
        env=env,
        cwd=project.root,
        capture_output=True,
        text=True,
    )
    for path in [project.reports, *project.reports.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)

    assert result.returncode == 1
    assert_no_traceback(result)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("learnrep: error: reports: learnrep cannot write in this folder (")
    assert lines[0].endswith("); nothing was changed")
    assert every_file(project.root) == before


def test_refused_writes_fail_only_what_they_touch_and_overwrite_nothing(project):
    """The operating system refuses every file over 650 kB (RLIMIT_FSIZE: the
    write fails with EFBIG, as it would with ENOSPC on a full disk). The big
    notebooks and the Data Docs' images cannot be written; small reports can."""
    before = every_file(project.reports)
    steward_before = every_file(project.validation)
    params = project.root / "params.yaml"
    threshold = params.read_text().replace("suppression_threshold: 5", "suppression_threshold: 6")
    params.write_text(threshold)
    argv, env = command(project, "run", "--jobs", "2")
    limit = 650_000

    def small_files_only():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = subprocess.run(
        argv,
        env=env,
        cwd=project.root,
        capture_output=True,
        text=True,
        preexec_fn=small_files_only,
        timeout=600,
    )

    assert result.returncode == 1
    assert_no_traceback(result)
    failed = [x for x in result.stdout.splitlines() if x.startswith("  FAILED")]
    built = [x.split()[1] for x in result.stdout.splitlines() if x.startswith("  ok")]
    assert failed and built, result.stdout
    after = every_file(project.reports)
    for line in failed:
        ap = line.split()[1].rstrip(":")
        # The report's files, or the executed notebook papermill saves first
        # (beside where a failed one is kept for the team, in validation/).
        assert re.search(rf"{ap}: failed writing: (reports|validation)/{ap}", line), line
        assert "(File too large); the previous version, if any, is unchanged" in line
        old = {k: v for k, v in before.items() if k.startswith(f"{ap}/learning-report.")}
        assert old and all(after[k] == v for k, v in old.items())
    for ap in built:
        assert after[f"{ap}/provenance.json"] != before[f"{ap}/provenance.json"]
    assert result.stderr.strip().splitlines()[-1] == (
        "learnrep: error: validation/data-docs: could not build the Data Docs site "
        "(File too large); the previous site is unchanged"
    )
    steward_after = every_file(project.validation)
    docs = {k: v for k, v in steward_after.items() if k.startswith("data-docs/")}
    assert docs == {k: v for k, v in steward_before.items() if k.startswith("data-docs/")}
    assert leftovers(project) == []

    rerun = learnrep(project.root, "run", "--jobs", "2", env=PINNED)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr

"""dvc.yaml with real DVC and git, in the order docs/operators.md gives for a real
deployment: raw data tracked by `dvc add` and pushed to a DVC remote, the
pipeline run by `dvc repro`, a report rebuilt later from a git tag."""

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

# A full sample build, a real browser, DVC or the reliability suite: not in make test-fast.
pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent
GIT = shutil.which("git")


def run(cwd: Path, *command: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        # `learnrep` and `dvc` from this environment, as `make setup`'s venv gives.
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "GIT_AUTHOR_NAME": "Evaluator",
        "GIT_AUTHOR_EMAIL": "evaluator@example.org",
        "GIT_COMMITTER_NAME": "Evaluator",
        "GIT_COMMITTER_EMAIL": "evaluator@example.org",
        "DVC_NO_ANALYTICS": "1",
    }
    env.pop("LEARNREP_ROOT", None)  # the project is the working directory
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{' '.join(command)}\n{done.stdout}\n{done.stderr}"
    return done


def digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("learning-report.*"))
    }


@pytest.mark.skipif(GIT is None, reason="git is not installed (DVC needs a git repository)")
def test_dvc_repro_builds_skips_picks_up_a_new_period_and_rebuilds_from_a_tag(tmp_path):
    repo = tmp_path / "programme"
    remote = tmp_path / "dvc-remote"
    repo.mkdir()
    # What a clone of this repository holds: .dvc/ is shipped, so no `dvc init`.
    for name in (
        "dvc.yaml",
        ".dvcignore",
        "params.yaml",
        ".gitignore",
        ".dvc/config",
        ".dvc/.gitignore",
    ):
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / name, repo / name)
    for folder in ("notebooks", "pipeline"):
        shutil.copytree(REPO / folder, repo / folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "data" / "raw" / "bolsover", repo / "data" / "raw" / "bolsover")

    run(repo, "git", "init", "-q", "-b", "main")
    run(repo, "dvc", "remote", "add", "-d", "storage", str(remote))
    run(repo, "dvc", "add", "-q", "data/raw")
    run(repo, "git", "add", ".")
    run(repo, "git", "commit", "-q", "-m", "Bolsover data, tracked by DVC")

    first = run(repo, "dvc", "repro")
    assert "Running stage 'build'" in first.stdout
    assert "Built 2 area-periods: 2 built, 0 failed." in first.stdout
    built = digests(repo / "reports")
    assert "bolsover/2022-q1/learning-report.html" in built
    # The provenance key the first run made travels with the data, never in git.
    run(repo, "dvc", "add", "-q", "secret")
    run(repo, "git", "add", "dvc.lock", ".gitignore", "data/.gitignore", "secret.dvc")
    run(repo, "git", "commit", "-q", "-m", "Reports for 2022-q1")
    run(repo, "git", "tag", "report-2022-q1")
    run(repo, "dvc", "push", "-q")

    again = run(repo, "dvc", "repro")
    assert "Data and pipelines are up to date." in again.stdout
    assert "Running stage" not in again.stdout  # learnrep was not even started
    assert digests(repo / "reports") == built

    # A new period: scaffolded, re-added to DVC, and picked up with no edit of dvc.yaml.
    stage = (repo / "dvc.yaml").read_bytes()
    run(
        repo,
        "learnrep",
        "new-period",
        "--area",
        "bolsover",
        "--period",
        "2022-q2",
        "--from",
        "2022-q1",
    )
    run(repo, "dvc", "add", "-q", "data/raw")
    third = run(repo, "dvc", "repro")
    assert "1 built, 0 failed, 2 up to date (skipped)." in third.stdout
    assert (repo / "reports" / "bolsover" / "2022-q2" / "learning-report.html").is_file()
    assert (repo / "dvc.yaml").read_bytes() == stage
    run(repo, "git", "add", "-A")
    run(repo, "git", "commit", "-q", "-m", "2022-q2")

    # Later, on a machine with only git and the DVC remote: rebuild the tagged report.
    clone = tmp_path / "later"
    run(tmp_path, "git", "clone", "-q", str(repo), str(clone))
    run(clone, "git", "checkout", "-q", "report-2022-q1")
    run(clone, "dvc", "pull", "-q")
    assert digests(clone / "reports") == built  # the published reports, from the remote
    assert not (clone / "data" / "raw" / "bolsover" / "2022-q2").exists()
    shutil.rmtree(clone / "reports")
    rebuilt = run(clone, "dvc", "repro", "--force")
    assert "Built 2 area-periods: 2 built, 0 failed." in rebuilt.stdout
    assert digests(clone / "reports") == built  # the same bytes, rebuilt from the tag
    run(clone, "learnrep", "verify", "reports/bolsover/2022-q1")

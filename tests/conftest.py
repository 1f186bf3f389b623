"""Shared fixtures. Every test works on a copy in tmp_path: the committed
fixtures and the sample data are never written to."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.config import Project

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "raw"
AREA_YML = "name: Test Town\nprogramme: We Are Undefeatable\nla_code: E07000033\nsynthetic: true\n"


def copy_notebook(root: Path) -> None:
    shutil.copytree(REPO / "notebooks", root / "notebooks", dirs_exist_ok=True)


def make_project(root: Path, *fixtures: str, area: str = "testarea") -> Project:
    """A project whose data/raw holds the named fixture folders as periods of one
    area (the first as 2022-q1, the next as 2022-q2, ...), with the report notebook."""
    copy_notebook(root)
    raw = root / "data" / "raw"
    (raw / area).mkdir(parents=True)
    (raw / area / "area.yml").write_text(AREA_YML, encoding="utf-8")
    for number, name in enumerate(fixtures, start=1):
        shutil.copytree(FIXTURES / name, raw / area / f"2022-q{number}")
    return Project(root)


@pytest.fixture
def project_with(tmp_path):
    def build(*fixtures: str, area: str = "testarea") -> Project:
        return make_project(tmp_path, *fixtures, area=area)

    return build


@pytest.fixture
def sample_project(tmp_path) -> Project:
    """A copy of the committed sample data."""
    shutil.copytree(REPO / "data" / "raw", tmp_path / "data" / "raw")
    shutil.copy(REPO / "params.yaml", tmp_path / "params.yaml")
    copy_notebook(tmp_path)
    return Project(tmp_path)


# The committed sample's area-periods, as (area, period).
SAMPLE_AREA_PERIODS = [
    ("bolsover", "2021-h2"),
    ("bolsover", "2022-q1"),
    ("bucks-mk", "2017-18"),
    ("bucks-mk", "2018-19"),
    ("sheffield", "2021-h2"),
    ("sheffield", "2022-h1"),
]

# Validation run times (Data Docs) follow SOURCE_DATE_EPOCH when it is set.
PINNED = {"SOURCE_DATE_EPOCH": "1656633600"}


@pytest.fixture(scope="session")
def sample_built(tmp_path_factory):
    """The committed sample, built once per test session as a user would:
    the real CLI, two reports at a time, the built-in renderer."""
    root = tmp_path_factory.mktemp("sample")
    shutil.copytree(REPO / "data" / "raw", root / "data" / "raw")
    shutil.copy(REPO / "params.yaml", root / "params.yaml")
    copy_notebook(root)
    result = learnrep(root, "run", "--jobs", "2", "--renderer", "builtin", env=PINNED)
    return Project(root), result


def every_file(root: Path) -> dict[str, str]:
    """SHA-256 of every file under root, by relative path."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def all_output_text(project: Project) -> str:
    """Every file the pipeline wrote (reports, the steward's validation tree,
    processed manifests, state), as text. Not the Data Docs' vendored
    scripts: copies of files in the repository (pipeline/validate/vendor),
    whose minified text holds any short string by chance."""
    chunks = []
    for folder in (project.reports, project.validation, project.processed, project.state):
        if folder.exists():
            for path in sorted(folder.rglob("*")):
                if path.is_file() and "vendor" not in path.relative_to(folder).parts:
                    chunks.append(path.read_bytes().decode("utf-8", errors="replace"))
    return "\n".join(chunks)


def processes_in(folder: Path) -> list[int]:
    """Processes whose working folder is `folder` (kernels, templates and
    workers all run in the project folder)."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and (proc / "cwd").resolve() == folder.resolve():
                found.append(int(proc.name))
        except OSError:  # gone, or not ours to read
            continue
    return found


def learnrep(
    project_root: Path, *args: str, env: dict | None = None
) -> subprocess.CompletedProcess:
    """The real CLI, as a user runs it, in a process of its own."""
    env = {**os.environ, "LEARNREP_ROOT": str(project_root), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        env=env,
        cwd=project_root,
        capture_output=True,
        text=True,
        timeout=300,
    )


def assert_no_traceback(result):
    assert "Traceback" not in result.stderr + result.stdout


@pytest.fixture(scope="session")
def sample_processed(tmp_path_factory):
    """The committed sample validated (real Great Expectations), processed and
    given its steward's pages in this process, once per test session: the
    data every report-content test reads. Nothing is executed or rendered."""
    from pipeline.discover import discover_all
    from pipeline.process import process
    from pipeline.run.plan import Fingerprints, settings, source
    from pipeline.validate import Validator, steward

    root = tmp_path_factory.mktemp("sample-processed")
    shutil.copytree(REPO / "data" / "raw", root / "data" / "raw")
    shutil.copy(REPO / "params.yaml", root / "params.yaml")
    copy_notebook(root)
    project = Project(root)
    prints = Fingerprints(project, settings(project, "builtin", ["html"], project.params()))
    validator = Validator(project)
    for ap in discover_all(project):
        outcome = validator.validate(ap)
        steward.write(project, outcome, validator.gx_version)
        process(project, outcome, source(prints.of(ap)))
    return project


def processed_in_memory(tmp_path: Path, **tables):
    """Processed data made in memory from raw-looking frames (text, as the
    contract's columns), through the real typing and derived tables of
    `pipeline.process`, without validating: for tests that need many
    datasets quickly."""
    from pipeline import process
    from pipeline.contract import DATASETS
    from pipeline.processed import Processed

    typed = process.tidy(
        {
            name: process.typed(frame.astype("string"), DATASETS[name])
            for name, frame in tables.items()
        }
    )
    manifest = {
        "area": "testarea",
        "period": "2022-q1",
        "area_meta": {"name": "Test Town", "programme": "We Are Undefeatable"},
        "period_meta": {"label": "Q1", "start": "2022-01-01", "end": "2022-03-31"},
        "datasets": {name: {"state": "present"} for name in tables},
        "validation_status": "passed",
        "problems": [],
    }
    data = Processed(tmp_path, manifest)
    data._frames.update(typed)
    return data


def training_rows(directions: dict[str, int], unmatched: int = 0, group: str = "Tutors"):
    """training.csv rows with so many participants whose confidence improved,
    stayed the same or got worse, and so many with no score after."""
    import pandas as pd

    change = {"improved": (2, 3), "same": (3, 3), "worse": (3, 2)}
    rows = []
    for direction, n in {**directions, "unmatched": unmatched}.items():
        for _ in range(n):
            before, after = change.get(direction, (2, None))
            rows.append(
                {
                    "participant_id": f"P{len(rows):04}",
                    "course": "Healthy Chats",
                    "workforce_group": group,
                    "session_date": "2022-02-01",
                    "confidence_before": str(before),
                    "confidence_after": "" if after is None else str(after),
                    "follow_up": "",
                }
            )
    frame = pd.DataFrame(rows)
    return frame.replace("", pd.NA)


# Without the networking flags Chromium tries to reach Google at start-up,
# which a closed network refuses; none of it is needed to render a file.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    candidates = [os.environ.get("LEARNREP_CHROMIUM"), "chromium", "chromium-browser"]
    return next((shutil.which(c) for c in candidates if c and shutil.which(c)), None)


@pytest.fixture(scope="module")
def browser():
    """The system's Chromium (Debian's `chromium`), driven by Playwright,
    which never downloads a browser of its own."""
    path = chromium_path()
    if path is None:
        message = "no Chromium on PATH (Debian: apt-get install chromium; or set LEARNREP_CHROMIUM)"
        if os.environ.get("LEARNREP_REQUIRE_BROWSER"):
            pytest.fail(message)  # CI installs it: a missing browser is a failure there
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()

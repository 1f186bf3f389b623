"""What produced a report: the inputs' SHA-256, the code's version, the
parameters and the software. Written into the report and beside it as
provenance.json, so anyone can tell whether a report still matches its inputs
and rebuild it from the same commit. Nothing here reads the clock."""

from __future__ import annotations

import hashlib
import platform
import subprocess
from importlib import metadata
from pathlib import Path

from pipeline.config import Project
from pipeline.discover import AreaPeriod

SOFTWARE = (
    "pandas",
    "papermill",
    "great_expectations",
    "matplotlib",
    "seaborn",
    "scipy",
    "typst",
    "pypandoc_binary",
    "learnrep",
)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def inputs(project: Project, ap: AreaPeriod) -> dict[str, str]:
    """Every file the report is built from, by path relative to the project."""
    files = [project.raw_dir(ap.area) / "area.yml"]
    files += sorted(p for p in project.raw_dir(ap.area, ap.period).iterdir() if p.is_file())
    return {
        p.relative_to(project.root).as_posix(): sha256(p)
        for p in files
        if p.is_file() and not p.name.startswith(".")
    }


def code_version(project: Project) -> str:
    """The git commit (with `-dirty` when the working tree differs), else the
    package version."""
    try:
        done = subprocess.run(
            ["git", "describe", "--always", "--dirty", "--abbrev=12"],
            cwd=project.root,
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.TimeoutExpired):
        done = None
    if done is not None and done.returncode == 0 and done.stdout.strip():
        return done.stdout.strip()
    return f"learnrep {metadata.version('learnrep')} (not a git checkout)"


def software() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in SOFTWARE:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return found


def provenance(project: Project, ap: AreaPeriod, params: dict, code: str, renderer: str) -> dict:
    return {
        "area": ap.area,
        "period": ap.period,
        "inputs": inputs(project, ap),
        "notebook": sha256(project.notebook),
        "code_version": code,
        "parameters": params,
        "renderer": renderer,
        "software": software(),
    }

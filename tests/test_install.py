"""How learnrep is installed (pyproject.toml, requirements/, environment.yml,
the Makefile and .ci/run): every supported Python has a lock file that pins
each dependency inside pyproject's range, this environment is the lock,
environment.yml is what `make lock` writes, the benchmark's tools are not
part of the package, and a command needing an extra that is not installed
says so in one line."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from importlib import metadata

import pytest
from conftest import REPO, assert_no_traceback, learnrep
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tools import lock

PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def _locked(version: str) -> list[Requirement]:
    """The lock file's lines, each a pin with its marker, if any."""
    lines = lock.lock_file(version).read_text(encoding="utf-8").splitlines()
    return [Requirement(line) for line in lines if line and line[0] not in "# "]


def _pins_here() -> dict[str, str]:
    """What this Python's lock pins for this machine."""
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    pins = {}
    for requirement in _locked(version):
        if requirement.marker is None or requirement.marker.evaluate():
            (pinned,) = requirement.specifier
            pins[canonicalize_name(requirement.name)] = pinned.version
    return pins


def _declared() -> list[Requirement]:
    """Every requirement pyproject.toml declares: runtime, extras, groups."""
    declared = list(PROJECT["project"]["dependencies"])
    for extra in lock.EXTRAS:
        declared += PROJECT["project"]["optional-dependencies"][extra]
    for group in lock.GROUPS:
        declared += PROJECT["dependency-groups"][group]
    return [Requirement(text) for text in declared]


def test_each_supported_python_is_named_alike_everywhere():
    supported = lock.supported()
    assert supported == ["3.11", "3.12", "3.13"]
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^SUPPORTED := (.*)$", makefile, re.M)[1].split() == supported[::-1]
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^SUPPORTED=\(([^)]*)\)", ci, re.M)[1].split() == supported
    assert sorted(p.name for p in lock.REQUIREMENTS.glob("*.txt")) == [
        f"py{v}.txt" for v in supported
    ]


@pytest.mark.parametrize("version", lock.supported())
def test_each_lock_pins_every_declared_dependency_inside_its_range(version):
    locked: dict[str, list[str]] = {}
    for requirement in _locked(version):
        (pinned,) = requirement.specifier
        assert pinned.operator == "==", requirement
        locked.setdefault(canonicalize_name(requirement.name), []).append(pinned.version)
    assert len(locked) > 150, "the lock should pin transitive dependencies too"
    outside = {
        str(requirement): locked.get(canonicalize_name(requirement.name))
        for requirement in _declared()
        if not locked.get(canonicalize_name(requirement.name))
        or any(v not in requirement.specifier for v in locked[canonicalize_name(requirement.name)])
    }
    assert outside == {}, f"requirements/py{version}.txt is stale: run make lock"
    assert "learnrep" not in locked


def test_this_environment_is_the_lock_of_its_python():
    """What `make setup` installed is what the lock file pins, no more, no less."""
    pins = _pins_here()
    installed = {
        canonicalize_name(d.metadata["Name"]): d.version
        for d in metadata.distributions()
        if d.metadata["Name"]
    }
    differing = {
        name: (pinned, installed.get(name))
        for name, pinned in pins.items()
        if installed.get(name) != pinned
    }
    assert differing == {}, "run make setup: the venv is not the lock"
    extra = set(installed) - set(pins) - {"learnrep", "pip"}
    assert extra == set(), "installed but not in the lock"


def test_environment_yml_is_what_make_lock_writes():
    committed = (REPO / "environment.yml").read_text(encoding="utf-8")
    assert committed == lock.environment_yml(), "environment.yml is stale: run make lock"
    newest = lock.supported()[-1]
    assert f"  - python={newest}\n" in committed
    assert f"      - -r requirements/py{newest}.txt\n" in committed


def test_the_package_carries_neither_the_benchmarks_nor_the_developers_tools():
    requires = [Requirement(r) for r in metadata.requires("learnrep")]
    plain = {canonicalize_name(r.name) for r in requires if r.marker is None}
    by_extra = {canonicalize_name(r.name): str(r.marker) for r in requires if r.marker is not None}
    assert {"snakemake", "pytest", "ruff", "dvc", "uv"} & (plain | set(by_extra)) == set()
    assert by_extra == {"jupyterlab": 'extra == "lab"', "distributed": 'extra == "dask"'}
    assert "nbconvert" in plain  # the executed notebook's page, at run time


@pytest.fixture
def without(tmp_path):
    """An environment in which the named top-level modules cannot be imported,
    as if their extra had not been installed."""

    def hide(*modules: str) -> dict:
        hidden = tmp_path / "hidden"
        for module in modules:
            (hidden / module).mkdir(parents=True)
            (hidden / module / "__init__.py").write_text(
                f'raise ImportError("No module named {module!r}")\n'
            )
        return {"PYTHONPATH": str(hidden)}

    return hide


def test_open_without_the_lab_extra_is_one_line(sample_project, without):
    result = learnrep(
        sample_project.root,
        "open",
        "--area",
        "bolsover",
        "--period",
        "2022-q1",
        "--no-browser",
        env=without("jupyterlab"),
    )
    assert result.returncode == 1
    assert_no_traceback(result)
    assert "learnrep open needs JupyterLab, which is not installed" in result.stderr
    assert "pip install 'learnrep[lab]'" in result.stderr


def test_a_scheduler_without_the_dask_extra_is_one_line(sample_project, without):
    result = learnrep(
        sample_project.root, "run", "--scheduler", "tcp://127.0.0.1:9", env=without("distributed")
    )
    assert result.returncode == 1
    assert_no_traceback(result)
    assert "needs Dask's distributed, which is not installed" in result.stderr
    assert "pip install 'learnrep[dask]'" in result.stderr


def test_find_python_takes_the_newest_supported_that_runs(tmp_path):
    """A pyenv shim for a version not selected is on PATH and fails when run:
    it is passed over for the next version down. (The stand-ins answer the
    version check by their exit status, as a real one of that version does.)"""
    for name, body in [
        ("python3.13", "echo 'pyenv: python3.13: command not found' >&2; exit 127"),
        ("python3.12", "exit 0"),
        ("python3.11", "exit 0"),
    ]:
        (tmp_path / name).write_text(f"#!/bin/sh\n{body}\n")
        (tmp_path / name).chmod(0o755)

    def find(*versions: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["sh", str(REPO / "tools" / "find-python"), *versions],
            env={"PATH": f"{tmp_path}:/usr/bin:/bin", "HOME": str(tmp_path)},
            capture_output=True,
            text=True,
        )

    assert find("3.13", "3.12", "3.11").stdout == f"{tmp_path / 'python3.12'}\n"
    missing = find("3.13")
    assert (missing.returncode, missing.stdout) == (1, "")

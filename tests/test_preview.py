"""`learnrep preview` (pipeline/run/preview.py), as a user runs it: the real
command in its own process, a real build, edits saved to the raw files, the
page read back over HTTP, and Ctrl-C."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import assert_no_traceback

from pipeline import ledger
from pipeline.discover import AreaPeriod

pytestmark = pytest.mark.slow

AREA, PERIOD = "testarea", "2022-q1"


def preview_command(port: int) -> list[str]:
    options = f"--area {AREA} --period {PERIOD} --no-browser --port {port}"
    return [sys.executable, "-m", "pipeline", "preview", *options.split()]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _descendants(pid: int) -> set[int]:
    """Every process below `pid`: the preview's workers, templates and kernels."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] != "Z"


class Page:
    def __init__(self, port: int):
        self.base = f"http://127.0.0.1:{port}"

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(self.base + path, timeout=60) as answer:
                return answer.status, answer.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def shell(self) -> str:
        return self.get("/")[1].decode("utf-8")

    def version(self) -> int:
        return int(re.search(r'data-version="(\d+)"', self.shell()).group(1))

    def settled_after(self, version: int, deadline: float = 180) -> str:
        """The page once a rebuild after `version` has finished, as a browser's
        long poll sees it."""
        stop = time.monotonic() + deadline
        while time.monotonic() < stop:
            status, body = self.get(f"/__learnrep/wait?since={version}")
            assert status == 200
            version = json.loads(body)["version"]
            shell = self.shell()
            if "rebuilding" not in shell and "starting" not in shell:
                return shell
        raise AssertionError("no rebuild finished in time")


@pytest.fixture
def preview(project_with):
    project = project_with("valid_survey")
    port = _free_port()
    process = subprocess.Popen(
        preview_command(port),
        cwd=project.root,
        env={**os.environ, "LEARNREP_ROOT": str(project.root)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    page = Page(port)
    deadline = time.monotonic() + 60
    while True:
        try:
            page.get("/")
            break
        except urllib.error.URLError:
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the preview never listened"
            time.sleep(0.2)
    yield project, process, page
    if process.poll() is None:
        process.kill()
        process.communicate()


def test_preview_rebuilds_on_each_change_and_shows_the_stewards_messages(preview):
    project, process, page = preview
    first = page.settled_after(0)
    assert "built" in first
    assert 'src="learning-report.html?v=' in first
    status, report = page.get("/learning-report.html")
    assert status == 200 and b"Test Town" in report
    assert (project.report_dir(AREA, PERIOD) / "learning-report.html").read_bytes() == report

    # The evaluators write their narrative: the page shows it after the rebuild.
    version = page.version()
    narrative = project.raw_dir(AREA, PERIOD) / "narrative.md"
    narrative.write_text(
        "## What worked\n\nThe Tuesday walk <b>grew</b> every week.\n", encoding="utf-8"
    )
    shell = page.settled_after(version)
    assert "narrative.md changed" not in shell and "built" in shell
    report = page.get("/learning-report.html")[1].decode("utf-8")
    assert "The Tuesday walk" in report
    assert "<b>grew</b>" not in report  # escaped, as in any report

    # A change that fails validation: the steward's messages, and nothing published.
    published = (project.report_dir(AREA, PERIOD) / "provenance.json").read_bytes()
    version = page.version()
    survey = project.raw_dir(AREA, PERIOD) / "survey.csv"
    survey.write_text(
        survey.read_text(encoding="utf-8").replace("Female,45,", "Female,5000,", 1),
        encoding="utf-8",
    )
    shell = page.settled_after(version)
    assert "validation failed" in shell, shell[:2000]
    assert re.search(r"<li>[^<]*survey\.csv row 2, column minutes_per_week", shell), re.findall(
        "<li>.*</li>", shell
    )
    assert 'src="validation.html?v=' in shell
    assert page.get("/validation.html")[0] == 200
    assert (project.report_dir(AREA, PERIOD) / "provenance.json").read_bytes() == published
    # A preview publishes as a run does, so the ledger records what it put in
    # reports/: one version, since the narrative is not a figure and the
    # failed rebuild published nothing.
    assert len(ledger.entries(ledger.folder(project, AreaPeriod(AREA, PERIOD)))) == 1

    # Only the report folder's own files are served.
    for path in ("/../params.yaml", "/%2e%2e/params.yaml", "/data/raw/testarea/area.yml"):
        assert page.get(path)[0] == 404

    # Ctrl-C: it stops, and leaves nothing running.
    below = _descendants(process.pid)
    assert below, "the preview keeps a worker and its kernel template"
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0
    assert "Preview stopped." in out
    assert_no_traceback(subprocess.CompletedProcess([], 0, out, err))
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in below) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in below if _alive(pid)]


def test_preview_on_a_port_in_use_says_so_in_one_line(project_with):
    project = project_with("valid_survey")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            preview_command(port),
            cwd=project.root,
            env={**os.environ, "LEARNREP_ROOT": str(project.root)},
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr
    assert "Traceback" not in done.stderr

"""`learnrep open` (pipeline/run/lab.py): the report notebook, parameterised
and not run, in the registered `learnrep` kernel and in JupyterLab."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import nbformat
import pytest

from pipeline.discover import AreaPeriod
from pipeline.run import lab

pytestmark = pytest.mark.slow  # a full sample build, and JupyterLab

Q1 = AreaPeriod("bolsover", "2022-q1")


def figures_of(nb) -> list[str]:
    return [
        output["data"]["image/svg+xml"]
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if "image/svg+xml" in output.get("data", {})
    ]


def test_the_prepared_notebook_runs_in_the_learnrep_kernel_and_draws_the_published_figures(
    sample_built,
):
    from jupyter_client.kernelspec import KernelSpecManager
    from nbclient import NotebookClient

    project, _ = sample_built
    path = lab.prepare(project, Q1)
    assert path.parent == project.state / "open"
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata.kernelspec.name == "learnrep"
    assert "learnrep" in KernelSpecManager().find_kernel_specs()
    assert not any(c.get("outputs") for c in nb.cells if c.cell_type == "code")  # nothing run
    # JupyterLab runs the kernel in the notebook's folder, as here.
    NotebookClient(
        nb, kernel_name="learnrep", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    published = nbformat.read(
        project.report_dir("bolsover", "2022-q1") / "learning-report.ipynb", 4
    )
    assert figures_of(nb) and figures_of(nb) == figures_of(published)


def test_open_serves_the_notebook_on_loopback_and_stops_cleanly(sample_built):
    project, _ = sample_built
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pipeline",
            "open",
            "--area",
            "bolsover",
            "--period",
            "2022-q1",
            "--no-browser",
            "--port",
            str(port),
        ],
        cwd=project.root,
        env={**os.environ, "LEARNREP_ROOT": str(project.root)},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        url = server.stdout.readline().split("JupyterLab: ", 1)[1].strip()
        token = url.split("token=")[1]
        api = f"http://127.0.0.1:{port}/api/contents/bolsover-2022-q1.ipynb?token={token}"
        deadline, answer = time.monotonic() + 60, None
        while answer is None and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(api, timeout=5) as response:
                    answer = json.load(response)
            except OSError:
                time.sleep(0.5)
        assert answer is not None, "JupyterLab did not answer"
        assert answer["type"] == "notebook"
        parameters = next(
            c for c in answer["content"]["cells"] if "injected-parameters" in c["metadata"]["tags"]
        )
        assert f'"{project.root}/data/processed/bolsover/2022-q1"' in "".join(parameters["source"])
    finally:
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=60) == 0
    time.sleep(1)
    assert serving(port) == [], "JupyterLab is still running"


def serving(port: int) -> list[int]:
    """Processes started with this port: JupyterLab, if it outlived `open`."""
    found = []
    for proc in os.listdir("/proc"):
        try:
            with open(f"/proc/{proc}/cmdline", "rb") as handle:
                if f"--port={port}".encode() in handle.read().split(b"\0"):
                    found.append(int(proc))
        except (OSError, ValueError):
            continue
    return found

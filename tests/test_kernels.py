"""Report kernels forked from a warm template (pipeline/execute/kernels.py):
the template starts warm, forks real kernels that answer and stop, and
leaves no process behind when it is closed."""

from __future__ import annotations

import os
import time

import pytest
from jupyter_client import BlockingKernelClient
from jupyter_client.connect import write_connection_file

from pipeline.execute import kernels


@pytest.fixture
def template(tmp_path):
    started = kernels.Template(tmp_path)
    yield started
    started.close()


def test_a_forked_kernel_answers_and_stops(template, tmp_path):
    connection, _ = write_connection_file(str(tmp_path / "kernel.json"), ip="127.0.0.1")
    pid = template.fork(connection, str(tmp_path), dict(os.environ))
    kernel = kernels.ForkedKernel(pid)
    client = BlockingKernelClient(connection_file=connection)
    client.load_connection_file()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        reply = client.execute_interactive("import pandas; x = 6 * 7", timeout=60)
        assert reply["content"]["status"] == "ok"
        assert kernel.poll() is None  # running
    finally:
        client.stop_channels()
    kernel.terminate()
    assert kernel.wait(timeout=30) == 0  # reaped by the template, so seen as gone


def test_closing_the_template_ends_it(tmp_path):
    started = kernels.Template(tmp_path)
    assert started.alive()
    started.close()
    deadline = time.monotonic() + 10
    while started.alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not started.alive()


def test_forking_can_be_turned_off(monkeypatch):
    monkeypatch.setenv("LEARNREP_FORK_KERNELS", "0")
    assert not kernels.forking()
    monkeypatch.setenv("LEARNREP_FORK_KERNELS", "1")
    assert kernels.forking() == hasattr(os, "fork")

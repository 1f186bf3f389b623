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


FORKED = """
import os, sys, time
from pathlib import Path
from jupyter_client import BlockingKernelClient
from jupyter_client.connect import write_connection_file
from pipeline.execute import kernels

folder = Path(sys.argv[1])
started = kernels.fork_template(folder)
assert kernels.template(folder) is started  # what a report's kernel will ask
connection, _ = write_connection_file(str(folder / "kernel.json"), ip="127.0.0.1")
pid = started.fork(connection, str(folder), dict(os.environ))
client = BlockingKernelClient(connection_file=connection)
client.load_connection_file()
client.start_channels()
client.wait_for_ready(timeout=60)
# Warm: the template imported what reports draw with before forking it.
reply = client.execute_interactive("import sys; assert 'seaborn' in sys.modules", timeout=60)
client.stop_channels()
assert reply["content"]["status"] == "ok", reply
kernel = kernels.ForkedKernel(pid)
kernel.terminate()
assert kernel.wait(timeout=30) == 0
print(started.process.pid, os.getpid())
started.close()
assert not started.alive()
print("closed")
"""


def test_a_template_forked_by_a_worker_forks_kernels_and_ends(tmp_path):
    # In a new process: it must run no thread but its main one when it forks,
    # which a pytest worker does not promise.
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", FORKED, str(tmp_path)], capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stderr
    template_pid, parent = map(int, done.stdout.split()[:2])
    assert template_pid != parent
    assert done.stdout.split()[-1] == "closed"


# Run in a report worker: did it start with the plotting libraries (which
# only the server it was forked from imports), and is its template a fork of
# it (the same command line) rather than a new interpreter?
PROBE = (
    "(lambda sys, kernels: ('seaborn' in sys.modules, ["
    "open(f'/proc/{t.process.pid}/cmdline', 'rb').read() == open('/proc/self/cmdline', 'rb').read()"
    " for t in kernels._templates.values()]))"
    "(__import__('sys'), __import__('pipeline.execute.kernels', fromlist=['kernels']))"
)


@pytest.mark.skipif(not kernels.forking(), reason="kernels are forked only where fork exists")
def test_workers_and_their_templates_start_with_the_servers_imports(tmp_path):
    from pipeline.run import runners

    workers = runners.LocalProcesses(1, tmp_path)
    try:
        preloaded, forked = workers.pool.submit(eval, PROBE).result(timeout=180)
    finally:
        workers.close()
    assert preloaded
    assert forked == [True]


def test_a_kernel_starting_in_a_warm_process_imports_nothing_more(tmp_path):
    """What a kernel imports as it initialises (ipykernel's debugger, so
    debugpy; IPython's inspector; tornado; psutil), `warm` has imported,
    so no forked kernel pays for it. Initialised in a process of its own:
    a kernel app is once a process."""
    import subprocess
    import sys

    connection, _ = write_connection_file(str(tmp_path / "kernel.json"), ip="127.0.0.1")
    found = tmp_path / "imported.txt"
    script = (
        "import os, sys\n"
        "from pipeline.execute import kernels\n"
        "kernels.warm()\n"
        "before = set(sys.modules)\n"
        "from ipykernel.kernelapp import IPKernelApp\n"
        f"IPKernelApp.instance().initialize(['-f', {connection!r}, *kernels.KERNEL_OPTIONS])\n"
        f"open({str(found)!r}, 'w').write(' '.join(sorted(set(sys.modules) - before)))\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, timeout=300)
    imported = found.read_text().split()
    assert imported == [], f"a kernel imports as it starts, not warmed: {imported}"

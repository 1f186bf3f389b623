"""Report kernels forked from a warm template (pipeline/execute/kernels.py,
provisioner.py): the template starts warm, forks real kernels that answer
and stop, watched through pidfds, and leaves no process behind when it is
closed; the provisioner is jupyter_client's, chosen by the kernel spec; and
where forking is off, workers are spawned and kernels started fresh."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from jupyter_client import BlockingKernelClient
from jupyter_client.connect import write_connection_file

from pipeline.execute import kernels

NOT_KEPT = {"audit_answers": "", "figures": ""}


@pytest.fixture
def template(tmp_path):
    started = kernels.Template(tmp_path)
    yield started
    started.close()


def test_a_forked_kernel_answers_and_stops(template, tmp_path):
    connection, _ = write_connection_file(str(tmp_path / "kernel.json"), ip="127.0.0.1")
    kept = {"audit_answers": str(tmp_path / "audit"), "figures": str(tmp_path / "figures")}
    kernel = template.fork(connection, str(tmp_path), dict(os.environ), kept)
    client = BlockingKernelClient(connection_file=connection)
    client.load_connection_file()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        reply = client.execute_interactive("import pandas; x = 6 * 7", timeout=60)
        assert reply["content"]["status"] == "ok"
        # Told where to keep the auditor's answers and its figures, as a run's are.
        check = (
            "from pipeline.report import audit, drawn\n"
            f"assert str(audit.answers_folder()) == {kept['audit_answers']!r}\n"
            f"assert str(drawn.kept_in()) == {kept['figures']!r}"
        )
        reply = client.execute_interactive(check, timeout=60)
        assert reply["content"]["status"] == "ok", reply["content"]
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
    assert kernels.forking() == (sys.platform == "linux")  # never on macOS or Windows


def test_a_kernel_is_held_by_its_pidfd_not_its_pid():
    """Once the process has exited and been reaped, its pid may be another's:
    the ForkedKernel still knows it ended, and signals nothing."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    kernel = kernels.ForkedKernel(child.pid)
    assert kernel.poll() is None
    assert kernel.pidfd is not None
    kernel.terminate()
    child.wait(timeout=30)  # reaped: the pid is free for reuse from here on
    assert kernel.wait(timeout=10) == 0
    assert kernel.pidfd is None  # closed
    kernel.kill()  # nothing to signal, and no error
    with pytest.raises(subprocess.TimeoutExpired):
        kernels.ForkedKernel(os.getpid()).wait(timeout=0.05)


def test_the_provisioner_is_registered_and_chosen_by_the_kernel_spec(tmp_path, monkeypatch):
    from jupyter_client.provisioning import KernelProvisionerFactory

    from pipeline.execute import ProjectKernelManager, provisioner

    monkeypatch.setenv("LEARNREP_FORK_KERNELS", "1")
    manager = type("M", (ProjectKernelManager,), {"sockets": str(tmp_path), "root": tmp_path})()
    spec = manager.kernel_spec
    assert spec.metadata == {
        "kernel_provisioner": {
            "provisioner_name": "learnrep-forked",
            "config": {"root": str(tmp_path)},
        }
    }
    made = KernelProvisionerFactory.instance().create_provisioner_instance("k", spec, manager)
    assert type(made) is provisioner.ForkedProvisioner and made.root == str(tmp_path)
    monkeypatch.setenv("LEARNREP_FORK_KERNELS", "0")
    assert manager.kernel_spec.metadata == {}  # jupyter_client's own provisioner


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
kept = {'audit_answers': '', 'figures': ''}
kernel = started.fork(connection, str(folder), dict(os.environ), kept)
client = BlockingKernelClient(connection_file=connection)
client.load_connection_file()
client.start_channels()
client.wait_for_ready(timeout=60)
# Warm: the template imported what reports draw with before forking it.
reply = client.execute_interactive("import sys; assert 'seaborn' in sys.modules", timeout=60)
client.stop_channels()
assert reply["content"]["status"] == "ok", reply
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


def test_where_forking_is_off_workers_are_spawned_and_start_no_template(tmp_path, monkeypatch):
    """The path macOS and Windows take, forced here on Linux."""
    from pipeline.run import runners

    monkeypatch.setenv("LEARNREP_FORK_KERNELS", "0")
    workers = runners.LocalProcesses(1, tmp_path)
    try:
        method, templates = workers.pool.submit(eval, SPAWNED).result(timeout=180)
    finally:
        workers.close()
    assert (method, templates) == ("spawn", [])


SPAWNED = (
    "(__import__('multiprocessing').get_start_method(),"
    " list(__import__('pipeline.execute.kernels', fromlist=['kernels'])._templates))"
)

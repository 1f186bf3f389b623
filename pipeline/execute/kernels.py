"""Report kernels forked from a warm template process.

A fresh kernel costs each report about 1.2 s of CPU before its first
figure: starting Python and ipykernel, then importing pandas, matplotlib and
the report code. Instead, each process that runs reports keeps one template
process that has done all of that once, and each report's kernel is a fork
of it. The kernel is still its own process, used for one notebook and then
shut down, so nothing passes from one report to the next, exactly as with a
fresh kernel; only the imports are shared, read-only.

The template runs no Python thread: a process that already runs zmq and
asyncio threads (a worker running reports) cannot be forked safely. A
report worker forks it as it starts, before it runs any thread, from what
the worker itself was forked with (`pipeline.run.preload`), so it costs no
imports at all; any other process starts a new interpreter for it
(`python -m pipeline.execute`). It talks JSON lines over its stdin and
stdout and exits when its parent closes them.

A kernel is forked through jupyter_client's public extension point, the
provisioner `learnrep-forked` (`execute.provisioner`), and watched through
its pidfd, never its bare pid (`ForkedKernel`).

Kernels are forked on Linux only. macOS does not support forking a process
whose system libraries have started threads (the template's BLAS and
allocator have), Windows has no fork, and pidfds are Linux's: elsewhere, or
with LEARNREP_FORK_KERNELS=0 (an operator's switch, for tests of that path
on Linux), every kernel is started fresh by jupyter_client's own
provisioner and report workers are spawned (`runners.LocalProcesses`)."""

from __future__ import annotations

import atexit
import gc
import json
import os
import select
import signal
import subprocess
import sys
import threading
import time
import traceback
from contextlib import suppress
from pathlib import Path

from pipeline.errors import KernelStartFailed
from pipeline.execute.warm import warm


def forking() -> bool:
    """Whether report kernels are forked from a template (see the module)."""
    return sys.platform == "linux" and os.environ.get("LEARNREP_FORK_KERNELS", "1") != "0"


class Template:
    """The warm template process for one project root."""

    def __init__(self, root: Path, process: subprocess.Popen | _Child | None = None):
        # Started in the project root, as a kernel would be: the same
        # `pipeline` package is found first on sys.path.
        self.process = process or subprocess.Popen(
            [sys.executable, "-m", "pipeline.execute"],
            cwd=root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.lock = threading.Lock()
        self.ready = False

    def wait_ready(self) -> None:
        """Wait until it has imported everything: it starts as soon as it is
        made, so its imports overlap whatever its worker does meanwhile."""
        if self.ready:
            return
        if self.process.stdout.readline().strip() != "ready":
            self.process.kill()  # so that `template` starts another
            self.process.wait()
            raise KernelStartFailed("the kernel template process failed to start")
        self.ready = True

    def fork(self, connection_file: str, cwd: str, env: dict, kept: dict) -> ForkedKernel:
        """A kernel on `connection_file`, keeping the auditor's answers and
        its figures in the folders `kept` names ("": not kept)."""
        request = {"connection_file": connection_file, "cwd": cwd, "env": env, "kept": kept}
        with self.lock:  # a Dask worker runs reports in several threads
            self.wait_ready()
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
            reply = self.process.stdout.readline()
            if not reply:
                raise KernelStartFailed("the kernel template process stopped")
            # Opened before the next request, which is when the template
            # reaps its kernels that have exited: until then the pid is
            # still the kernel's, even if it has already exited.
            return ForkedKernel(json.loads(reply)["pid"])

    def alive(self) -> bool:
        return self.process.poll() is None

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait()
        self.process.stdout.close()


# No input history: the kernel would otherwise write ~/.ipython's SQLite file.
KERNEL_OPTIONS = ("--HistoryManager.enabled=False",)

_templates: dict[Path, Template] = {}


_starting = threading.Lock()


def template(root: Path) -> Template:
    with _starting:
        current = _templates.get(root)
        if current is None or not current.alive():
            current = _templates[root] = Template(root)
        return current


def fork_template(root: Path) -> Template:
    """The template for `root`, forked from this process, which must run no
    thread but its main one. It imports what it still lacks, so it is warm
    whatever this process imported first; a worker forked from
    `pipeline.run.preload` has imported it all."""
    requests, requests_w = os.pipe()
    replies_r, replies = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            os.close(requests_w)
            os.close(replies_r)
            # On stdin and stdout, as a started template's: each kernel
            # replaces both, so no kernel holds the protocol's pipes.
            os.dup2(requests, 0)
            os.dup2(replies, 1)
            os.close(requests)
            os.close(replies)
            warm()
            with open(0, encoding="utf-8") as asked, open(1, "w", encoding="utf-8") as answer:
                serve(asked, answer)
            code = 0
        except KeyboardInterrupt:
            pass  # Ctrl-C in the terminal: the run says what stopped
        except BaseException:
            traceback.print_exc()
        finally:
            os._exit(code)
    os.close(requests)
    os.close(replies)
    # Open as long as the template: closed by `Template.close`.
    child = _Child(
        pid, os.fdopen(requests_w, "w", encoding="utf-8"), os.fdopen(replies_r, encoding="utf-8")
    )
    with _starting:
        current = _templates[root] = Template(root, child)
    return current


class _Child:
    """The part of `subprocess.Popen` that `Template` uses, for a child this
    process forked."""

    def __init__(self, pid: int, stdin, stdout):
        self.pid, self.stdin, self.stdout = pid, stdin, stdout
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            self._reap(os.WNOHANG)
        return self.returncode

    def wait(self) -> int:
        while self.returncode is None:
            self._reap(0)
        return self.returncode

    def kill(self) -> None:
        if self.poll() is None:
            os.kill(self.pid, signal.SIGKILL)

    def _reap(self, options: int) -> None:
        try:
            pid, status = os.waitpid(self.pid, options)
        except ChildProcessError:  # reaped already
            self.returncode = 0
            return
        if pid:
            self.returncode = os.waitstatus_to_exitcode(status)


def close_all() -> None:
    while _templates:
        _templates.popitem()[1].close()


# A process that never calls close_all (a script or a test running reports
# in-process) still ends its templates, and closes their pipes, as it exits.
atexit.register(close_all)


class ForkedKernel:
    """The part of `subprocess.Popen` that jupyter_client uses, for a kernel
    that is the template's child rather than ours, held by a pidfd: it
    becomes readable when the kernel exits, and a signal sent through it
    can never reach another process that later has the same pid. Its exit
    status is the template's to collect, so it is not known here."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None
        try:
            self.pidfd: int | None = os.pidfd_open(pid)
        except ProcessLookupError:  # already exited and reaped
            self.pidfd = None
            self.returncode = 0

    def poll(self) -> int | None:
        if self.returncode is None:
            self._ended(0)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.returncode is None:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            if not self._ended(left) and left == 0.0:
                raise subprocess.TimeoutExpired("kernel", timeout)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            with suppress(ProcessLookupError):  # exited since the poll
                signal.pidfd_send_signal(self.pidfd, signum)

    def _ended(self, timeout: float | None) -> bool:
        readable, _, _ = select.select([self.pidfd], [], [], timeout)
        if readable:
            os.close(self.pidfd)
            self.pidfd, self.returncode = None, 0
        return bool(readable)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


# -- the template process ------------------------------------------------------


def _kernel(request: dict) -> None:
    """In the forked child: become a kernel on the given connection file."""
    os.setsid()
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(2, 1)  # the protocol pipe is not the kernel's to write on
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    from ipykernel.kernelapp import IPKernelApp

    from pipeline.report import audit, drawn

    kept = request["kept"]
    audit.keep_answers_in(Path(kept["audit_answers"]) if kept["audit_answers"] else None)
    drawn.keep_in(Path(kept["figures"]) if kept["figures"] else None)

    # Exit if the template goes, which goes when its worker does: nothing
    # is left running after a killed run. (The default would read the parent
    # pid from the environment of the template's own start.)
    app = IPKernelApp.instance(parent_handle=os.getppid())
    app.initialize(["-f", request["connection_file"], *KERNEL_OPTIONS])
    app.start()


def main() -> None:
    warm()
    serve(sys.stdin, sys.stdout)


def serve(requests, replies) -> None:
    """Say "ready", then fork a kernel for each request until `requests` ends.
    Kernels that have exited are reaped as the next request comes: by then
    the process that asked for them holds their pidfds (`Template.fork`)."""
    # The imports' objects are never freed: keep them out of the collector's
    # reach, or each kernel's first full collection walks them all and so
    # copies most of the template's memory (about 0.3 s of CPU per report).
    gc.freeze()
    print("ready", file=replies, flush=True)
    for line in iter(requests.readline, ""):
        _reap_exited()
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            try:
                _kernel(request)
            except KeyboardInterrupt:
                os._exit(1)  # Ctrl-C in the terminal: the run says what stopped
            except BaseException as error:
                # One line on the run's terminal, never a traceback: the run
                # reports the report's failure itself ("kernel died"). A
                # report cancelled while its kernel starts (its data failed
                # validation) ends here too, and then nothing has failed.
                print(
                    f"learnrep: a report's kernel stopped ({type(error).__name__})", file=sys.stderr
                )
                os._exit(1)
            os._exit(0)
        print(json.dumps({"pid": pid}), file=replies, flush=True)


def _reap_exited() -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:  # no child left
            return
        if pid == 0:  # none has exited
            return

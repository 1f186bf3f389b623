"""Where reports run: one after another in this process, in local worker
processes (`--jobs N`, and one worker for `--jobs 1` when speculative reports
run while this process validates), or on an existing Dask cluster
(`--scheduler`).

Each runner takes report jobs as they become ready (validation is still
going on in this process) and gives back (area-period, outcome) in the order
they were submitted, so progress and failures read the same whichever runs
them. A worker that dies takes only its own reports down: they are reported
as failed and the run goes on."""

from __future__ import annotations

import multiprocessing
import os
import select
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, suppress
from multiprocessing import forkserver
from pathlib import Path

from pipeline.config import AUDIT_ANSWERS, FIGURES_KEPT, LEDGER, Project
from pipeline.errors import DaskUnavailable, KernelStartFailed
from pipeline.execute import kernels
from pipeline.run.job import JobResult, ReportJob, report
from pipeline.status import Report


class InProcess:
    """Reports run here, one at a time, once validation is over."""

    def __init__(self):
        self.jobs: list[ReportJob] = []

    def submit(self, job: ReportJob) -> None:
        self.jobs.append(job)

    def results(self, progress) -> Iterator[tuple]:
        """Each job submitted since the last call, in order."""
        by_ap = {job.ap: job for job in self.jobs}
        self.jobs = []
        for ap in progress(list(by_ap), "Reporting"):
            yield ap, report(by_ap[ap])

    def close(self) -> None:
        kernels.close_all()


class _Futures:
    """Reports already running elsewhere: collected in submission order."""

    lost = (BrokenProcessPool,)  # a worker process died

    def __init__(self):
        self.futures: dict = {}

    def results(self, progress) -> Iterator[tuple]:
        """Each job's outcome, in order; collected jobs are forgotten, so a
        runner kept between runs (`learnrep preview`) starts each one empty."""
        for ap in progress(list(self.futures), "Reporting"):
            yield ap, self._outcome(self.futures.pop(ap))

    def outcome(self, ap) -> JobResult:
        """Wait for one area-period's job (a speculative report's)."""
        return self._outcome(self.futures[ap])

    def settle(self, ap, outcome: JobResult) -> None:
        """Its outcome is known here: `results` gives it in its place."""
        done: Future = Future()
        done.set_result(outcome)
        self.futures[ap] = done

    def forget(self, ap) -> None:
        del self.futures[ap]

    def cancel(self, ap) -> bool:
        """Drop a job no worker has started; False (and kept) once one has."""
        if self.futures[ap].cancel():
            del self.futures[ap]
            return True
        return False

    def _outcome(self, future: Future) -> JobResult:
        try:
            return future.result()
        except self.lost as error:
            return JobResult(
                Report.FAILED_EXECUTION, f"the worker running this report stopped ({error})"
            )


class LocalProcesses(_Futures):
    def __init__(self, jobs: int, root: Path):
        super().__init__()
        # forkserver: workers start clean rather than inheriting GX's threads,
        # and start with what they and their kernel templates import, which
        # the server imports once (`preload`), now, while this process
        # imports GX. A server this process started before keeps its imports.
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["pipeline.run.preload"])
        forkserver.ensure_running()
        # Workers start at the first reports: that first submit waits for the
        # server's imports (see `orchestrate`, which imports GX before it).
        self.pool = ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=context,
            initializer=_start_worker,
            initargs=(os.getpid(), root),
        )

    def submit(self, job, work=report) -> None:
        """Run `work(job)` (a report, or a speculative one) on a worker."""
        self.futures[job.ap] = self.pool.submit(work, job)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class DaskCluster(_Futures):
    """Jobs go to the cluster's workers, which must see the project folder at
    the same path and run the same learnrep (`report` checks the code hash)."""

    def __init__(self, address: str):
        super().__init__()
        from distributed import Client
        from distributed.scheduler import KilledWorker

        self.lost = (KilledWorker, BrokenProcessPool)
        try:
            self.client = Client(address, timeout="20s", set_as_default=False)
        except (OSError, TimeoutError) as error:
            raise DaskUnavailable(
                f"cannot reach the Dask scheduler at {address}: {error}; "
                "start one with `dask scheduler` (see the README)"
            ) from None
        try:
            self.client.wait_for_workers(1, timeout=60)
        except TimeoutError:
            self.client.close()
            raise DaskUnavailable(
                f"the Dask scheduler at {address} has no workers after 60 s; "
                "start some with `dask worker` (see the README)"
            ) from None

    def submit(self, job: ReportJob) -> None:
        key = f"learnrep-report-{job.ap.area}-{job.ap.period}-{uuid.uuid4().hex[:8]}"
        self.futures[job.ap] = self.client.submit(report, job, key=key, pure=False)

    def close(self) -> None:
        self.client.close()


class Warm:
    """What `learnrep preview` keeps from one run to the next: a worker
    process with its kernel template, and Great Expectations imported with
    its context and suites (made on first use, while the worker starts)."""

    def __init__(self, project):
        self.project = project
        self.reports = LocalProcesses(1, project.root)
        self._validator = None

    def validator(self):
        if self._validator is None:
            from pipeline.validate import Validator

            self._validator = Validator(self.project)
        return self._validator

    def close(self) -> None:
        self.reports.close()


def _start_worker(run: int, root: Path) -> None:
    # The template first, while this is the worker's only thread: forked, it
    # has what this worker was forked with (see `preload`). If that fails,
    # the first report starts one and reports why.
    started = None
    if kernels.forking():
        with suppress(OSError):
            started = kernels.fork_template(root)
    _exit_with(run)
    # The disclosure auditor's answers, kept for the next process to settle
    # the same register (its kernels inherit the variable).
    os.environ[AUDIT_ANSWERS] = str(Project(root).state / "audit")
    # And the figures they drew, for a report drawing the same again.
    os.environ[FIGURES_KEPT] = str(Project(root).figures_kept)
    os.environ[LEDGER] = str(Project(root).ledger)
    worker_imports()
    if started is not None:
        with suppress(KernelStartFailed, OSError):
            started.wait_ready()


def worker_imports() -> None:
    """What every report worker imports; `preload` imports it once for all."""
    from pipeline import execute, render  # noqa: F401  (what every report needs)
    from pipeline.process import process  # noqa: F401  (and every speculative one)
    from pipeline.report import figures  # noqa: F401


def _exit_with(run: int) -> None:
    """In each worker: exit when the run that started it is gone, even by
    SIGKILL, taking its kernel template and kernels with it. Without this a
    killed run's workers would wait for work forever."""

    def watch() -> None:
        try:
            process = os.pidfd_open(run)  # Linux: readable once the run exits
            select.select([process], [], [])
        except (AttributeError, OSError):  # elsewhere, or already gone: poll
            while _alive(run):
                time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, name="learnrep-watch-run", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # alive, and another user's
    return True


@contextmanager
def runner(root: Path, jobs: int, scheduler: str | None = None, processes: bool = False):
    """`processes`: use worker processes even for one job at a time, so that
    reports run while this process validates."""
    if scheduler:
        chosen = DaskCluster(scheduler)
    elif jobs > 1 or processes:
        chosen = LocalProcesses(jobs, root)
    else:
        chosen = InProcess()
    try:
        yield chosen
    finally:
        chosen.close()

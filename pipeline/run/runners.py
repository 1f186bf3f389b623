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

import contextlib
import multiprocessing
import multiprocessing.connection
import os
import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, suppress
from multiprocessing import forkserver
from pathlib import Path

from pipeline.config import Project
from pipeline.errors import DaskUnavailable, KernelStartFailed, extra_missing
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
                Report.FAILED_EXECUTION,
                f"the worker running this report stopped ({type(error).__name__})",
            )


class LocalProcesses(_Futures):
    def __init__(self, jobs: int, root: Path):
        super().__init__()
        # forkserver: workers start clean rather than inheriting GX's threads,
        # and start with what they and their kernel templates import, which
        # the server imports once (`preload`), now, while this process
        # imports GX. A server this process started before keeps its imports.
        # Where kernels are not forked (see `kernels`), workers are spawned:
        # each imports what it needs itself.
        if kernels.forking():
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["pipeline.run.preload"])
            forkserver.ensure_running()
        else:
            context = multiprocessing.get_context("spawn")
        # Workers start at the first reports: that first submit waits for the
        # server's imports (see `orchestrate`, which imports GX before it).
        self.pool = ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=context,
            initializer=_start_worker,
            initargs=(root,),
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
        try:
            from distributed import Client
            from distributed.scheduler import KilledWorker
        except ImportError:
            raise extra_missing("learnrep run --scheduler", "dask", "Dask's distributed") from None

        self.lost = (KilledWorker, BrokenProcessPool)
        try:
            self.client = Client(address, timeout="20s", set_as_default=False)
        except (OSError, TimeoutError) as error:
            raise DaskUnavailable(
                f"cannot reach the Dask scheduler at {address}: {error}; "
                "start one with `dask scheduler` (see docs/operators.md)"
            ) from None
        try:
            self.client.wait_for_workers(1, timeout=60)
        except TimeoutError:
            self.client.close()
            raise DaskUnavailable(
                f"the Dask scheduler at {address} has no workers after 60 s; "
                "start some with `dask worker` (see docs/operators.md)"
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


def _start_worker(root: Path) -> None:
    # The template first, while this is the worker's only thread: forked, it
    # has what this worker was forked with (see `preload`). If that fails,
    # the first report starts one and reports why.
    started = None
    if kernels.forking():
        with suppress(OSError):
            started = kernels.fork_template(root)
    _exit_with_run()
    worker_imports()
    from pipeline.report import audit, drawn

    # The disclosure auditor's answers, kept for the next process to settle
    # the same register, and the figures drawn, for a report drawing the
    # same again: for this worker and the kernels it starts (`provisioner`).
    audit.keep_answers_in(Project(root).audit_answers)
    drawn.keep_in(Project(root).figures_kept)
    if started is not None:
        with suppress(KernelStartFailed, OSError):
            started.wait_ready()


def worker_imports() -> None:
    """What every report worker imports; `preload` imports it once for all."""
    from pipeline import execute, render  # noqa: F401  (what every report needs)
    from pipeline.process import process  # noqa: F401  (and every speculative one)
    from pipeline.report import figures  # noqa: F401

    render.shown_characters()  # the PDF's fonts' characters, read once for every worker
    with contextlib.suppress(ImportError):  # the working's page: nbconvert, Pygments
        import nbconvert.exporters.html  # noqa: F401


def _exit_with_run() -> None:
    """In each worker: exit when the run that started it is gone, even by
    SIGKILL, taking its kernel template and kernels with it. Without this a
    killed run's workers would wait for work forever. The run is watched
    through multiprocessing's handle on it (a pipe the run holds open, or
    its process handle on Windows), never through its pid, which another
    process may have by then."""
    run = multiprocessing.parent_process()

    def watch() -> None:
        multiprocessing.connection.wait([run.sentinel])
        os._exit(1)

    if run is not None:
        threading.Thread(target=watch, name="learnrep-watch-run", daemon=True).start()


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

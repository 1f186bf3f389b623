"""One report: execute the notebook for an area-period, render it, and write
every file of it by rename once all of them exist, so a failure leaves the
last good report in place. Runs in the run's process, in a worker process or
on a Dask worker; a failure the user can act on comes back as a status and
one line, never as an exception."""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import ledger, render
from pipeline.config import Project
from pipeline.discover import AreaPeriod
from pipeline.errors import (
    ExecutionError,
    InputError,
    LedgerDamaged,
    NotebookUnfit,
    OutputError,
    ProjectFileMissing,
    RenderError,
)
from pipeline.files import shown, without_machine_paths, write_files_atomic
from pipeline.processed import Processed
from pipeline.render import working
from pipeline.run import provenance
from pipeline.run.state import REPORT, to_json
from pipeline.status import Report

ERROR = f"{REPORT}.error.txt"  # a bug's traceback, kept in the team's tree
WORKING = "notebook.html"  # the executed notebook as a page, code shown (`render.working`)
WORKER_CODE_DIFFERS = (
    "this worker runs a different version of the pipeline code from the run's; "
    "restart the Dask workers from the same checkout"
)


@dataclass(frozen=True)
class ReportJob:
    """Everything one report needs, picklable for a worker process."""

    root: Path
    ap: AreaPeriod
    formats: tuple[str, ...]
    renderer: str
    params: dict
    previous: AreaPeriod | None  # named in period.yml
    previous_ready: bool  # its processed data matches its raw files now
    code: str = ""  # the run's code hash: a worker running other code refuses
    inputs: dict = field(default_factory=dict)  # the raw files' SHA-256, hashed by the run


@dataclass(frozen=True)
class JobResult:
    status: Report
    error: str | None = None  # one line, when the report failed (`failed`)
    outputs: tuple[str, ...] = ()  # the files written
    # The index's headline figures, as (name, shown) pairs: worked out here,
    # from the register the disclosure check has just settled, so that the
    # run's process does not settle it a second time for the build record.
    headline: tuple[tuple[str, str], ...] | None = None
    # What the report published, for the ledger: (area, period, entry) for
    # its own figures and its previous period's (in its comparison).
    published: tuple = ()
    held_back: tuple[str, ...] = ()  # figures withheld because of what was published before
    exposed: tuple[str, ...] = ()  # small counts reports published before already give away


def failed(status: Report, error: object, root: Path) -> JobResult:
    """A failed report's result. Its one line goes to the console, the build
    record and `learnrep list`, so it names no folder of the building machine."""
    return JobResult(status, without_machine_paths(str(error), root))


def report(job: ReportJob, workdir: Path | None = None, folder: Path | None = None) -> JobResult:
    """Execute and render one area-period's report and write its files (to
    `folder`, else the report's own). The kernel runs in `workdir`, else the
    project root: the parameters are paths relative to it, so a speculative
    report reads its data from a folder laid out like the project's and its
    notebook still names the project's own paths. A notebook that fails is
    kept, with its traceback, in the team's `validation/` tree (in `folder`
    for a speculative one), never beside the published report; so is the
    traceback of a bug in learnrep, which fails this report alone."""
    project = Project(job.root)
    traceback_copy = (folder or project.steward_dir(job.ap.area, job.ap.period)) / ERROR
    traceback_copy.unlink(missing_ok=True)
    try:
        return _report(job, project, workdir, folder)
    except Exception as error:  # a bug: the run's other reports still build
        return _bug(error, traceback_copy, project)


def _bug(error: Exception, traceback_copy: Path, project: Project) -> JobResult:
    """A bug's one line names its kind and where its traceback is kept,
    never its words: they may quote a value of the data."""
    import traceback

    where = "could not be kept"
    with contextlib.suppress(OSError):
        traceback_copy.parent.mkdir(parents=True, exist_ok=True)
        traceback_copy.write_text("".join(traceback.format_exception(error)), encoding="utf-8")
        where = f"is in {shown(traceback_copy, project.root)}"
    return JobResult(
        Report.FAILED_EXECUTION,
        f"learnrep stopped on an error of its own ({type(error).__name__}), a bug to report; "
        f"its traceback {where}",
    )


def _report(
    job: ReportJob, project: Project, workdir: Path | None, folder: Path | None
) -> JobResult:
    # The run's process imports this module for the job's description alone.
    from pipeline.report import figures

    ap = job.ap
    if job.code and job.code != provenance.code_hash():
        return JobResult(Report.FAILED_EXECUTION, WORKER_CODE_DIFFERS)
    workdir = workdir or project.root
    failed_copy = (folder or project.steward_dir(ap.area, ap.period)) / f"{REPORT}.failed.ipynb"
    folder = folder or project.report_dir(ap.area, ap.period)
    data = Processed(workdir / project.processed_dir(ap.area, ap.period).relative_to(project.root))
    threshold = job.params["suppression_threshold"]
    # The auditor proves, before anything is made, that no small count can be
    # worked out from what this report would publish, and records it in the
    # ledger at once, one report at a time (`ledger.auditing`); the kernel
    # settles the same register from the same data and finds it recorded,
    # so the report publishes exactly this.
    try:
        with ledger.auditing(project):
            undisclosed = figures.of(data, threshold).undisclosed
            if undisclosed:
                # What could be worked out, never its value: the line is shown and kept.
                return JobResult(
                    Report.FAILED_DISCLOSURE,
                    f"{undisclosed[0]}, and withholding more could not prevent it, so nothing "
                    "of this report was published: a bug to report with this line",
                )
            publications = _publications(job, project, data, workdir)
            added = [p for p in publications if _record(project, *p, provisional=True)]
    except LedgerDamaged as error:
        return failed(Report.FAILED_DISCLOSURE, error, project.root)
    except OSError as error:
        return failed(Report.FAILED_WRITING, _unrecorded(error), project.root)
    outcome = JobResult(Report.FAILED_EXECUTION, "the report was not made")
    written: list[bool] = []  # set once its files are in place
    try:
        outcome = _make(job, project, data, folder, failed_copy, workdir, publications, written)
    finally:
        if outcome.status is not Report.BUILT and not written:
            ledger.forget_all(project, [(area, period, entry) for area, period, entry, _ in added])
    return outcome


def _publications(job: ReportJob, project: Project, data: Processed, workdir: Path) -> list:
    """What the report publishes, for the ledger: (area, period, entry,
    processed tables) for its own figures and its previous period's (in
    its comparison)."""
    from pipeline.report import figures

    threshold = job.params["suppression_threshold"]
    found = [(*figures.publication(data, threshold), data.folder)]
    if job.previous is not None and job.previous_ready:
        before = Processed.find(
            workdir
            / project.processed_dir(job.previous.area, job.previous.period).relative_to(
                project.root
            )
        )
        if before is not None:  # its figures are in this report's comparison
            found.append((*figures.publication(before, threshold), before.folder))
    return found


def _record(project: Project, area: str, period: str, entry: dict, tables: Path, **how) -> bool:
    return ledger.record(project, AreaPeriod(area, period), entry, tables, **how)


def _unrecorded(error: OSError) -> str:
    return (
        f"what this report would publish could not be recorded in data/ledger "
        f"({type(error).__name__}), so it was not made: free the disk or fix the folder's "
        "permissions and run again"
    )


def _make(
    job: ReportJob,
    project: Project,
    data: Processed,
    folder: Path,
    failed_copy: Path,
    workdir: Path,
    publications: list,
    written: list,
) -> JobResult:
    """Execute, render and write the report, once it is audited. A report
    written where it is published is recorded as published (not
    provisionally) before its first file is put in place: an outsider
    pressed Ctrl-C just after a report's page landed, its record was taken
    back, and the next build was audited without what that page showed. A
    report whose files could not all be put in place keeps its record: a
    reader may have fetched the page meanwhile, and a record too many only
    audits the next build more strictly."""
    from pipeline import execute
    from pipeline.contract import report_kind
    from pipeline.report import drawn, figures, headline

    ap, threshold = job.ap, job.params["suppression_threshold"]
    record_of = provenance.provenance(project, ap, job.params, job.renderer, job.inputs)
    params = execute.parameters(project, ap, threshold, record_of, job.previous, job.previous_ready)
    kind = report_kind(data.area, data.period)
    started = time.time()
    try:
        nb = execute.execute(
            project,
            ap,
            params,
            execute.front_for(data),
            failed_copy,
            kind,
            workdir,
            data,
        )
    except OutputError as error:
        return failed(Report.FAILED_WRITING, error, project.root)
    except (ExecutionError, ProjectFileMissing, NotebookUnfit, InputError) as error:
        return failed(Report.FAILED_EXECUTION, error, project.root)
    finally:
        drawn.prune(project.figures_kept / ap.area / ap.period, started)
    try:
        rendered = render.render(nb, job.renderer, job.formats)
    except RenderError as error:
        return failed(Report.FAILED_RENDERING, error, project.root)
    import nbformat

    files = {f"{REPORT}.{fmt}": content for fmt, content in rendered.items()}
    files[f"{REPORT}.ipynb"] = nbformat.writes(nb).encode("utf-8") + b"\n"
    files[WORKING] = working.page(nb, f"{data.area['name']}: {data.period['label']}, the working")
    files["provenance.json"] = to_json(record_of).encode("utf-8")

    def published() -> None:
        # Nothing lands in reports/ that the ledger does not hold as published:
        # a provisional record left at a run's end is taken back.
        if ledger.record_all(project, [p[:3] for p in publications]):
            raise OutputError(_unrecorded(OSError()))
        written.append(True)

    own = folder == project.report_dir(ap.area, ap.period)  # not a speculative report's staging
    try:
        write_files_atomic(folder, files, before_replacing=published if own else None)
    except OutputError as error:
        return failed(Report.FAILED_WRITING, error, project.root)
    written.append(True)
    drop_other_formats(folder, job.formats)
    shown = tuple(headline.shown(data, threshold).items())
    register = figures.of(data, threshold)
    return JobResult(
        Report.BUILT,
        None,
        tuple(sorted(files)),
        shown,
        tuple((area, period, entry) for area, period, entry, _ in publications),
        tuple(register.held_back),
        tuple(register.exposed),
    )


def drop_other_formats(folder: Path, formats: tuple[str, ...]) -> None:
    """A format not asked for this time would no longer match the others."""
    for fmt in render.FORMATS:
        if fmt not in formats:
            (folder / f"{REPORT}.{fmt}").unlink(missing_ok=True)

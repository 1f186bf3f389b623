"""A run over the selected area-periods: every stage in order, one
area-period's failure never stopping the others. The CLI calls these and
turns the returned results into a summary and an exit code.

Only area-periods whose fingerprint changed are rebuilt (see `fingerprint`):
validate (in this process: GX is imported once, and only when something
needs validating) -> process -> report (execute the notebook, render, write)
per area-period, in parallel with --jobs -> index and programme overviews.
A report's files are written only once all of them exist, each by rename, so
a failure leaves the last good report in place; its status and fingerprint
go to .learnrep/builds/, which the next run, the index and `learnrep list`
read. One run at a time holds the project's lock."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.config import Project
from pipeline.discover import AreaPeriod
from pipeline.errors import LearnrepError, OutputError
from pipeline.files import (
    check_writable,
    project_lock,
    sweep_leftovers,
    write_files_atomic,
    write_text_atomic,
)

if TYPE_CHECKING:
    from pipeline.validate import Outcome

REPORT = "learning-report"
WORKER_CODE_DIFFERS = (
    "this worker runs a different version of the pipeline code from the run's; "
    "restart the Dask workers from the same checkout"
)


@dataclass
class Result:
    ap: AreaPeriod
    validation: str  # passed | warnings | failed
    processed: bool = False
    errors: list[str] = field(default_factory=list)
    warnings: int = 0
    # built | up to date (skipped) | failed execution | failed rendering |
    # failed writing | not built
    report: str = "not built"
    report_error: str | None = None
    outputs: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.validation == "failed" or self.report.startswith("failed")


Progress = Callable[[Iterable, str], Iterable]


def plain_progress(items: Iterable, what: str) -> Iterable:
    """A bar on a terminal; one line per area-period in logs and CI."""
    items = list(items)
    if sys.stderr.isatty():
        from tqdm import tqdm

        yield from tqdm(items, desc=what, unit="area-period", file=sys.stderr)
        return
    for number, item in enumerate(items, start=1):
        print(f"{what} {number}/{len(items)}: {item}", file=sys.stderr, flush=True)
        yield item


def _validations(
    project: Project,
    selected: list[AreaPeriod],
    progress: Progress,
    then: Callable[[Outcome], None] | None = None,
    refused: list[OutputError] | None = None,
) -> Iterator[Result]:
    """Validate each area-period in this process (GX is imported once), writing
    the steward's pages, calling `then` with each outcome that did not fail,
    and yielding each result as soon as it is known; Data Docs come last.
    A write the machine refuses fails that area-period, or (for Data Docs)
    goes to `refused`, and the run goes on."""
    from pipeline import steward
    from pipeline.validate import Validator

    validator = Validator(project)
    for ap in progress(selected, "Validating"):
        outcome = validator.validate(ap)
        result = Result(
            ap,
            outcome.status,
            errors=[p.message for p in outcome.errors],
            warnings=sum(p.level == "warning" for p in outcome.problems),
        )
        try:
            steward.write(project, outcome, validator.gx_version)
            if then is not None and outcome.status != "failed":
                then(outcome)
                result.processed = True
        except OutputError as error:
            result.report, result.report_error = "failed writing", str(error)
        yield result
    try:
        validator.build_data_docs()
    except OutputError as error:
        if refused is None:
            raise
        refused.append(error)


def validate(
    project: Project, selected: list[AreaPeriod], progress: Progress = plain_progress
) -> list[Result]:
    """`learnrep validate`: validation pages and Data Docs only."""
    with writing(project):
        refused: list[OutputError] = []
        results = list(_validations(project, selected, progress, refused=refused))
    _raise_incomplete(refused, results)
    return results


class RunIncomplete(LearnrepError):
    """Every area-period was dealt with, but a run-wide output could not be
    written. Carries the results, so their summary is still shown."""

    def __init__(self, error: LearnrepError, results: list[Result]):
        super().__init__(str(error))
        self.results = results


def _raise_incomplete(refused: list[OutputError], results: list[Result]) -> None:
    if refused:
        raise RunIncomplete(refused[0], results)


@contextmanager
def writing(project: Project):
    """Hold the project's lock; first clear what a killed run left, and check
    every output folder takes a file, so a read-only or missing folder is one
    line before any work rather than a failure half way through."""
    with project_lock(project.state, _say):
        folders = (project.reports, project.processed, project.state)
        sweep_leftovers(folders)
        check_writable(folders)
        yield


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


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


def run(
    project: Project,
    selected: list[AreaPeriod],
    formats: Iterable[str] = ("html", "pdf"),
    renderer: str = "auto",
    jobs: int = 1,
    force: bool = False,
    progress: Progress = plain_progress,
    scheduler: str | None = None,
) -> list[Result]:
    """Build the reports of the selected area-periods that are out of date (all
    of them with `force`), then rebuild the index and programme overviews.
    Reports run in this process, in `jobs` local processes, or on the Dask
    cluster whose scheduler is at `scheduler`."""
    refused: list[OutputError] = []
    with writing(project):
        results = _run(
            project, selected, formats, renderer, jobs, force, progress, scheduler, refused
        )
    _raise_incomplete(refused, results)
    return results


def _run(
    project, selected, formats, renderer, jobs, force, progress, scheduler, refused
) -> list[Result]:
    from pipeline import fingerprint, index, programme, provenance, render

    renderer = render.choose(renderer)
    formats = tuple(f for f in render.FORMATS if f in set(formats))
    params = project.params()
    shared = fingerprint.settings(project, renderer, formats, params)
    prints = {ap: fingerprint.of(project, ap, shared) for ap in selected}
    stale = [
        ap
        for ap in selected
        if force
        or fingerprint.changes(
            read_state(project, ap), prints[ap], project.report_dir(ap.area, ap.period)
        )
    ]
    results = {ap: _up_to_date(project, ap) for ap in selected if ap not in stale}

    # Validate and process what is not current: the stale area-periods and the
    # previous periods they compare with (whose own reports are left alone).
    sources = {ap: fingerprint.source(prints[ap]) for ap in stale}
    previous_of = {}
    for ap in stale:
        previous = prints[ap]["previous"]
        if previous:
            previous_of[ap] = AreaPeriod(ap.area, previous["period"])
            sources.setdefault(previous_of[ap], fingerprint.source({**prints[ap], **previous}))
    to_process = [
        ap
        for ap in sorted(sources)
        if (force and ap in prints)
        or not fingerprint.processed_is_current(project, ap, sources[ap])
    ]
    settled = set(sources) - set(to_process)  # processed data already current
    results.update({ap: _from_manifest(project, ap) for ap in stale if ap in settled})
    waiting = list(stale)
    code = provenance.code_hash()
    if stale:
        from pipeline import process as process_stage
        from pipeline import runners

    def submit_ready(runner) -> None:
        """Hand each stale report to the runner as soon as its own data and
        its previous period's are settled, so reports run while validation
        goes on."""
        for ap in list(waiting):
            before = previous_of.get(ap)
            if ap not in settled or (before is not None and before not in settled):
                continue
            waiting.remove(ap)
            if results[ap].failed:
                record(project, results[ap], prints[ap])
                continue
            # Data left from an earlier run of a previous period that now fails
            # validation is stale: the report says there is nothing to compare.
            ready = before is not None and fingerprint.processed_is_current(
                project, before, sources[before]
            )
            runner.submit(
                ReportJob(project.root, ap, formats, renderer, params, before, ready, code)
            )

    if stale:
        with runners.runner(project.root, jobs, scheduler) as reports:
            submit_ready(reports)
            if to_process:
                processing = _validations(
                    project,
                    to_process,
                    progress,
                    then=lambda outcome: process_stage.process(
                        project, outcome, sources[outcome.ap]
                    ),
                    refused=refused,
                )
                for result in processing:
                    if result.ap in stale:
                        results[result.ap] = result
                    settled.add(result.ap)
                    submit_ready(reports)
            elif not project.data_docs.joinpath("index.html").is_file():
                from pipeline.validate import Validator

                try:
                    Validator(project).build_data_docs()
                except OutputError as error:
                    refused.append(error)
            for ap, (status, error, outputs) in reports.results(progress):
                result = results[ap]
                result.report, result.report_error, result.outputs = status, error, outputs
                record(project, result, prints[ap])
    index.write(project)
    if to_process or stale or not programme.all_written(project):
        programme.write_all(project, params["suppression_threshold"])
    return [results[ap] for ap in selected]


def _up_to_date(project: Project, ap: AreaPeriod) -> Result:
    state = read_state(project, ap) or {}
    return Result(ap, state.get("validation", "passed"), warnings=state.get("warnings", 0),
                  report="up to date")  # fmt: skip


def _from_manifest(project: Project, ap: AreaPeriod) -> Result:
    manifest = json.loads(
        (project.processed_dir(ap.area, ap.period) / "manifest.json").read_text(encoding="utf-8")
    )
    return Result(
        ap,
        manifest["validation_status"],
        processed=True,
        warnings=sum(p["level"] == "warning" for p in manifest["problems"]),
    )


def report(job: ReportJob) -> tuple[str, str | None, list[str]]:
    """Execute and render one area-period's report. Returns (status, one-line
    error, files written); a user-facing failure never raises."""
    from pipeline import execute, provenance, render

    project = Project(job.root)
    ap = job.ap
    if job.code and job.code != provenance.code_hash():
        return "failed execution", WORKER_CODE_DIFFERS, []
    folder = project.report_dir(ap.area, ap.period)
    manifest = json.loads(
        (project.processed_dir(ap.area, ap.period) / "manifest.json").read_text(encoding="utf-8")
    )
    threshold = job.params["suppression_threshold"]
    record_of = provenance.provenance(project, ap, job.params, job.renderer)
    params = execute.parameters(project, ap, threshold, record_of, job.previous, job.previous_ready)
    try:
        nb = execute.execute(
            project, ap, params, execute.front_for(manifest), folder / f"{REPORT}.failed.ipynb"
        )
    except OutputError as error:
        return "failed writing", str(error), []
    except LearnrepError as error:
        return "failed execution", str(error), []
    try:
        rendered = render.render(nb, job.renderer, job.formats)
    except LearnrepError as error:
        return "failed rendering", str(error), []
    import nbformat

    files = {f"{REPORT}.{fmt}": content for fmt, content in rendered.items()}
    files[f"{REPORT}.ipynb"] = nbformat.writes(nb).encode("utf-8") + b"\n"
    files["provenance.json"] = _json(record_of).encode("utf-8")
    try:
        write_files_atomic(folder, files)
    except OutputError as error:
        return "failed writing", str(error), []
    for fmt in render.FORMATS:
        if fmt not in job.formats:
            # A format not asked for this time would no longer match the others.
            (folder / f"{REPORT}.{fmt}").unlink(missing_ok=True)
    return "built", None, sorted(files)


def _json(data: dict) -> str:
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def state_path(project: Project, ap: AreaPeriod) -> Path:
    return project.state / "builds" / ap.area / f"{ap.period}.json"


def record(project: Project, result: Result, fingerprint: dict) -> None:
    """The last run's outcome for this area-period, which the next run, the
    index and `learnrep list` read: what it was built from, and the SHA-256 of
    each file it wrote, so a deleted or edited report is rebuilt. Messages are
    already one sanitised line each."""
    from pipeline import provenance

    state = asdict(result)
    state["ap"] = str(result.ap)
    state["fingerprint"] = fingerprint
    folder = project.report_dir(result.ap.area, result.ap.period)
    written = [*result.outputs, "validation.csv", "validation.html", "validation.json"]
    state["outputs"] = {
        name: provenance.sha256(folder / name)
        for name in sorted(written)
        if result.report == "built" and (folder / name).is_file()
    }
    # Pairs, not a mapping: the figures keep the report's order in sorted JSON.
    state["headline"] = list(_headline(project, result).items()) if result.report == "built" else []
    write_text_atomic(state_path(project, result.ap), _json(state))


def _headline(project: Project, result: Result) -> dict:
    from pipeline import analysis
    from pipeline.report import Report

    ap = result.ap
    data = Report(
        project.processed_dir(ap.area, ap.period),
        project.raw_dir(ap.area, ap.period) / "narrative.md",
        project.params()["suppression_threshold"],
        {},
    )
    return analysis.headline(data)


def read_state(project: Project, ap: AreaPeriod) -> dict | None:
    path = state_path(project, ap)
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def shared_settings(project: Project) -> dict:
    """The run-wide fingerprint parts that `status` compares; the renderer and
    formats are left out, as only a run knows what it will be asked for."""
    from pipeline import fingerprint

    return fingerprint.settings(project, "", [], project.params())


def status(project: Project, ap: AreaPeriod, shared: dict) -> tuple[str, list[str]]:
    """up to date | out of date | failed validation | failed execution |
    failed rendering | never built, with the reasons (or errors) behind it."""
    from pipeline import fingerprint

    state = read_state(project, ap)
    if state is None or "fingerprint" not in state:
        return "never built", []
    if state["validation"] == "failed":
        return "failed validation", state.get("errors", [])
    if state["report"] != "built":
        return state["report"], [state.get("report_error") or ""]
    reasons = fingerprint.changes(
        state,
        fingerprint.of(project, ap, shared),
        project.report_dir(ap.area, ap.period),
        ignore=fingerprint.RUN_OPTIONS,
    )
    return ("out of date", reasons) if reasons else ("up to date", [])

"""A run over the selected area-periods: every stage in order, one
area-period's failure never stopping the others. The CLI calls these and
turns the returned results into a summary and an exit code.

validate (all, in this process: GX is imported once) -> process -> report
(execute the notebook, render, write) per area-period, in parallel with
--jobs -> index. A report's files are written only once all of them exist,
each by rename, so a failure leaves the last good report in place; its
status goes to .learnrep/builds/, which the index reads."""

from __future__ import annotations

import json
import multiprocessing
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pipeline import process as process_stage
from pipeline import steward
from pipeline.config import Project
from pipeline.discover import AreaPeriod
from pipeline.errors import LearnrepError
from pipeline.files import write_bytes_atomic, write_text_atomic
from pipeline.validate import Outcome, Validator

REPORT = "learning-report"


@dataclass
class Result:
    ap: AreaPeriod
    validation: str  # passed | warnings | failed
    processed: bool = False
    errors: list[str] = field(default_factory=list)
    warnings: int = 0
    report: str = "not built"  # built | failed execution | failed rendering | not built
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


def validate(
    project: Project,
    selected: list[AreaPeriod],
    progress: Progress = plain_progress,
    then: Callable[[Outcome], None] | None = None,
) -> tuple[list[Result], Validator]:
    validator = Validator(project)
    results = []
    for ap in progress(selected, "Validating"):
        outcome = validator.validate(ap)
        steward.write(project, outcome, validator.gx_version)
        result = Result(
            ap,
            outcome.status,
            errors=[p.message for p in outcome.errors],
            warnings=sum(p.level == "warning" for p in outcome.problems),
        )
        if then is not None and outcome.status != "failed":
            then(outcome)
            result.processed = True
        results.append(result)
    validator.build_data_docs()
    return results, validator


@dataclass(frozen=True)
class ReportJob:
    """Everything one report needs, picklable for a worker process."""

    root: Path
    ap: AreaPeriod
    formats: tuple[str, ...]
    renderer: str
    code: str
    params: dict


def run(
    project: Project,
    selected: list[AreaPeriod],
    formats: Iterable[str] = ("html", "pdf"),
    renderer: str = "auto",
    jobs: int = 1,
    progress: Progress = plain_progress,
) -> list[Result]:
    """Validate, process and report each area-period, then rebuild the index."""
    from pipeline import index, provenance, render

    renderer = render.choose(renderer)
    formats = tuple(f for f in render.FORMATS if f in set(formats))
    params = project.params()
    results, _ = validate(
        project, selected, progress, then=lambda outcome: process_stage.process(project, outcome)
    )
    code = provenance.code_version(project)
    for result in results:
        if result.validation == "failed":
            record(project, result)
    todo = {
        r.ap: ReportJob(project.root, r.ap, formats, renderer, code, params)
        for r in results
        if r.processed
    }
    by_ap = {r.ap: r for r in results}
    for ap, (status, error, outputs) in _report_all(list(todo.values()), jobs, progress):
        result = by_ap[ap]
        result.report, result.report_error, result.outputs = status, error, outputs
        record(project, result)
    index.write(project)
    return results


def _report_all(jobs_list: list[ReportJob], jobs: int, progress: Progress):
    if jobs <= 1 or len(jobs_list) <= 1:
        by_ap = {job.ap: job for job in jobs_list}
        for ap in progress(list(by_ap), "Reporting"):
            yield ap, report(by_ap[ap])
        return
    # forkserver: workers start clean rather than inheriting GX's threads.
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = {job.ap: pool.submit(report, job) for job in jobs_list}
        for ap in progress(list(futures), "Reporting"):
            yield ap, futures[ap].result()


def report(job: ReportJob) -> tuple[str, str | None, list[str]]:
    """Execute and render one area-period's report. Returns (status, one-line
    error, files written); a user-facing failure never raises."""
    from pipeline import execute, provenance, render

    project = Project(job.root)
    ap = job.ap
    folder = project.report_dir(ap.area, ap.period)
    manifest = json.loads(
        (project.processed_dir(ap.area, ap.period) / "manifest.json").read_text(encoding="utf-8")
    )
    threshold = job.params["suppression_threshold"]
    record_of = provenance.provenance(project, ap, job.params, job.code, job.renderer)
    params = execute.parameters(project, ap, threshold, record_of)
    try:
        nb = execute.execute(
            project, ap, params, execute.front_for(manifest), folder / f"{REPORT}.failed.ipynb"
        )
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
    for name, content in sorted(files.items()):
        write_bytes_atomic(folder / name, content)
    for fmt in render.FORMATS:
        if fmt not in job.formats:
            # A format not asked for this time would no longer match the others.
            (folder / f"{REPORT}.{fmt}").unlink(missing_ok=True)
    return "built", None, sorted(files)


def _json(data: dict) -> str:
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def state_path(project: Project, ap: AreaPeriod) -> Path:
    return project.state / "builds" / ap.area / f"{ap.period}.json"


def record(project: Project, result: Result) -> None:
    """The last run's outcome for this area-period, which the index and
    `learnrep list` read. Messages are already one sanitised line each."""
    from pipeline import provenance

    state = asdict(result)
    state["ap"] = str(result.ap)
    state["inputs"] = provenance.inputs(project, result.ap)
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

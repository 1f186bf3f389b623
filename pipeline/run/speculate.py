"""Speculative reports: a report made while its data is still being validated.

Great Expectations takes seconds to import and about half a second a dataset
to check; reading and typing the same files with pandas takes a fraction of
that. So while the run's process imports GX and validates, a worker reads the
area-period's files without GX (`validate.reading`), processes them into a
staging folder laid out like the project
(`.learnrep/speculative/<area>/<period>/root/`), and executes and renders the
report there, its kernel working in that folder so that the notebook names
the project's own paths. Nothing is published before validation has finished:

- validation failed: the staged report is deleted, the area-period fails as
  it always has, and the last good report stays;
- validation passed, and the processed data it wrote is byte for byte the
  data the speculative report was made from (the same manifest, so the same
  warnings and steward's counts, and the same tables): the staged files are
  published. They are the files the report would have been built into;
- anything else (GX found something reading alone cannot, pandas could not
  type a value, the speculative report failed): the staged files are deleted
  and the report is built from the validated data, as without speculation.

`LEARNREP_SPECULATE=0` turns it off."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from pipeline import ledger
from pipeline.config import Project
from pipeline.discover import AreaPeriod
from pipeline.errors import OutputError
from pipeline.files import write_files_atomic
from pipeline.run.job import JobResult, ReportJob, drop_other_formats, report
from pipeline.run.state import REPORT
from pipeline.status import Report

NOT_SPECULATED = Report.FAILED_VALIDATION  # a speculative result that is never published


def enabled() -> bool:
    return os.environ.get("LEARNREP_SPECULATE", "1") != "0"


@dataclass(frozen=True)
class Speculation:
    """A report job, and what its processed data is made from; picklable."""

    job: ReportJob
    source: dict  # plan.source: what the manifest records

    @property
    def ap(self) -> AreaPeriod:
        return self.job.ap


def staging(project: Project, ap: AreaPeriod) -> Path:
    return project.state / "speculative" / ap.area / ap.period


def clear(project: Project) -> None:
    """What a killed run staged is never published: start every run clean."""
    shutil.rmtree(project.state / "speculative", ignore_errors=True)


def build(speculation: Speculation) -> JobResult:
    """In a worker: read, process, execute and render into the staging folder."""
    from pipeline.process import process
    from pipeline.validate import reading

    job = speculation.job
    project = Project(job.root)
    place = staging(project, job.ap)
    shutil.rmtree(place, ignore_errors=True)
    workdir = place / "root"
    outcome = reading.read(project, job.ap, float(job.params["max_raw_file_mb"]))
    if outcome.status.failed:
        return JobResult(NOT_SPECULATED, "a file could not be read")
    try:
        process(project, outcome, speculation.source, _inside(project, workdir, job.ap))
        _link(project.raw, workdir / project.raw.relative_to(project.root))
        # Audited with what was published before, as the report built from
        # the validated data would be (`ledger.of_processed`).
        _link(project.ledger, workdir / project.ledger.relative_to(project.root))
        if job.previous is not None and job.previous_ready:
            _link(
                project.processed_dir(job.previous.area, job.previous.period),
                _inside(project, workdir, job.previous),
            )
    except (ValueError, TypeError) as error:  # a value GX will refuse or warn about
        return JobResult(NOT_SPECULATED, f"a value could not be typed ({error})")
    except (OutputError, OSError) as error:
        return JobResult(NOT_SPECULATED, f"the staging folder could not be written ({error})")
    return report(job, workdir, place / "out")


def publish(project: Project, speculation: Speculation, staged: JobResult) -> JobResult | None:
    """Publish the staged report if it was made from exactly the data that
    validation has since processed; None when it was not (or it failed)."""
    ap = speculation.ap
    place = staging(project, ap)
    if staged.status is not Report.BUILT or not _same_files(
        _inside(project, place / "root", ap), project.processed_dir(ap.area, ap.period)
    ):
        return None
    folder = project.report_dir(ap.area, ap.period)
    try:
        files = {name: (place / "out" / name).read_bytes() for name in staged.outputs}
    except OSError:
        return None

    def confirm() -> None:
        # Recorded as published before its first file lands (`job._make`).
        if ledger.record_all(project, staged.published):
            raise OutputError(
                "what this report would publish could not be recorded in data/ledger, so it "
                "was not published: free the disk or fix the folder's permissions and run again"
            )

    try:
        write_files_atomic(folder, files, before_replacing=confirm)
    except OutputError as error:
        return JobResult(Report.FAILED_WRITING, str(error))
    drop_other_formats(folder, speculation.job.formats)
    (folder / f"{REPORT}.failed.ipynb").unlink(missing_ok=True)
    return staged


def discard(project: Project, ap: AreaPeriod) -> None:
    shutil.rmtree(staging(project, ap), ignore_errors=True)


def _inside(project: Project, workdir: Path, ap: AreaPeriod) -> Path:
    """Where an area-period's processed data is, in the staging folder."""
    return workdir / project.processed_dir(ap.area, ap.period).relative_to(project.root)


def _link(target: Path, link: Path) -> None:
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(target, target_is_directory=True)


def _same_files(one: Path, other: Path) -> bool:
    """The two folders hold the same files with the same bytes."""
    try:
        names = sorted(p.name for p in one.iterdir())
        if names != sorted(p.name for p in other.iterdir()):
            return False
        return all((one / n).read_bytes() == (other / n).read_bytes() for n in names)
    except OSError:
        return False

"""What validating an area-period finds before Great Expectations looks at
any value: area.yml and period.yml, overlapping periods, each dataset's file
read as text (encoding, unknown and missing columns, unfilled templates),
and the narrative. No GX here, so this also serves a report started before
GX has finished importing (`run.speculate`); `validator` adds GX's checks
through the `check` hook."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from pipeline.config import Project
from pipeline.contract import DATASETS, Dataset
from pipeline.discover import AreaPeriod
from pipeline.errors import InputError
from pipeline.quoting import column_name
from pipeline.raw import (
    Inventory,
    RawTable,
    display_path,
    inventory,
    narrative,
    overlapping,
    read_area,
    read_period,
)
from pipeline.raw import read_table as read_raw_table
from pipeline.raw.images import read_images
from pipeline.redaction import redact
from pipeline.validate.outcome import DatasetResult, Problem, ValidationOutcome

# GX's checks of one present table: (outcome, dataset, table, result) -> None.
Check = Callable[[ValidationOutcome, Dataset, RawTable, DatasetResult], None]


def read(
    project: Project, ap: AreaPeriod, max_file_mb: float, check: Check | None = None
) -> ValidationOutcome:
    """Everything but GX's checks, which `check` adds for each present table,
    in the order the steward's page lists problems."""
    outcome = ValidationOutcome(ap)
    try:
        outcome.area = read_area(project, ap.area)
        outcome.period = read_period(project, ap)
    except InputError as exc:
        outcome.problems.append(Problem("error", str(exc)))
        return outcome
    start, end = (dt.date.fromisoformat(outcome.period[k]) for k in ("start", "end"))
    for other, first, last in overlapping(project, ap.area, start, end, skip=ap.period):
        outcome.problems.append(
            Problem(
                "warning",
                f"{display_path(project, project.raw_dir(ap.area, ap.period))}"
                f"/period.yml: its dates ({start} to {end}) overlap {ap.area}/{other} "
                f"({first} to {last}); people counted in both would be reported twice, "
                "so check the dates",
            )
        )
    found = inventory(project, ap)
    stand_ins = {}  # a dataset with no file of its own -> the file refused in its place
    for dataset, path, error in found.errors(project):
        outcome.problems.append(Problem("error", str(error)))
        stand_ins.setdefault(dataset, path)
    outcome.problems += [Problem("warning", line) for line in found.unknown]
    for dataset in DATASETS.values():
        result, table = _read_dataset(project, outcome, dataset, found, max_file_mb)
        if dataset.name in stand_ins:
            result.file, result.state = stand_ins[dataset.name].name, "unreadable"
        if table is not None:
            if check is not None:
                check(outcome, dataset, table, result)
            outcome.tables[dataset.name] = table
        outcome.datasets[dataset.name] = result
    _check_narrative(project, outcome, found, max_file_mb)
    _unfilled(project, outcome)
    return outcome


def _unfilled(project: Project, outcome: ValidationOutcome) -> None:
    """Unfilled templates, in one warning after every other problem: a new
    period has one of each dataset it lacks, and the real warnings lead."""
    files = [r.file for r in outcome.datasets.values() if r.state == "template"]
    folder = display_path(project, project.raw_dir(outcome.ap.area, outcome.ap.period))
    if len(files) == 1:
        outcome.problems.append(
            Problem(
                "warning",
                f"{folder}/{files[0]}: has a header row and no data; treated as absent "
                "(an unfilled template)",
            )
        )
    elif files:
        outcome.problems.append(
            Problem(
                "warning",
                f"{folder}: {len(files)} unfilled templates (a header row and no data), treated "
                f"as absent: {', '.join(sorted(files))}",
            )
        )


def _read_dataset(
    project: Project,
    outcome: ValidationOutcome,
    dataset: Dataset,
    found: Inventory,
    max_file_mb: float,
) -> tuple[DatasetResult, RawTable | None]:
    """The dataset's result so far, and its table when it has data rows."""
    result = DatasetResult(dataset.name)
    try:
        path = found.table(project, dataset.name)
        if path is None:
            return result, None
        result.file = path.name
        table = read_raw_table(project, path, dataset, max_file_mb)
    except InputError as exc:
        result.state = "unreadable"
        outcome.problems.append(Problem("error", str(exc)))
        return result, None
    result.rows, result.encoding = table.rows, table.encoding
    result.dropped_columns = [column_name(name, dataset.column_names) for name in table.unknown]
    outcome.problems += [Problem("warning", note) for note in table.notes]
    for name, header in table.misnamed.items():
        if dataset.column(name).may_be_absent:  # else GX's check of the column says it
            outcome.problems.append(
                Problem(
                    "error",
                    f'{display_path(project, path)}, column {name}: "{redact(header)}" is '
                    f"probably it, misnamed: rename that header {name} (the column may be "
                    "left out, but not misspelt)",
                )
            )
    if table.is_template:  # said once for them all, after the rest (`_unfilled`)
        result.state = "template"
        return result, None
    result.state = "present"
    return result, table


def _check_narrative(
    project: Project, outcome: ValidationOutcome, found: Inventory, max_file_mb: float
) -> None:
    """Both narrative files, or a Word file that cannot be read, fail the
    area-period in one line; what Word's file hid (tracked changes, images
    without alt text) is a warning. The images the narrative shows are
    checked and cleaned (`raw.images`): one without alt text, missing, or
    that could run or fetch anything fails it."""
    try:
        path = found.narrative(project)
        if path is not None:
            read = narrative.read(path, display_path(project, path))
            outcome.problems += [Problem("warning", note) for note in read.notes]
            outcome.narrative = read
    except InputError as exc:
        outcome.problems.append(Problem("error", str(exc)))
        return
    shown = display_path(project, path) if path is not None else "narrative.md"
    images = read_images(project, outcome.ap, outcome.narrative.body, shown, max_file_mb)
    outcome.problems += [Problem(level, message) for level, message in images.problems]
    outcome.images = images.found

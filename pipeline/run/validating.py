"""Validation of many area-periods in the run's process: Great Expectations
is imported once, each result is yielded as soon as it is known (so
reports start while validation goes on), and the steward's pages and Data
Docs are written as it goes (`orchestrate` drives it)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from pipeline.config import Project
from pipeline.discover import AreaPeriod
from pipeline.errors import OutputError
from pipeline.run.progress import Progress
from pipeline.run.state import Result
from pipeline.status import Report

if TYPE_CHECKING:
    from pipeline.run import runners
    from pipeline.validate import ValidationOutcome, Validator


def validations(
    project: Project,
    selected: list[AreaPeriod],
    progress: Progress,
    then: Callable[[ValidationOutcome], None] | None = None,
    refused: list[OutputError] | None = None,
    validator: Validator | None = None,
) -> Iterator[Result]:
    """Validate each area-period in this process (GX is imported once), writing
    the steward's pages, calling `then` with each outcome that did not fail,
    and yielding each result as soon as it is known; Data Docs come last.
    A write the machine refuses fails that area-period, or (for Data Docs)
    goes to `refused`, and the run goes on."""
    from pipeline.validate import steward

    validator = validator or make_validator(project, None)
    for ap in progress(selected, "Validating"):
        outcome = validator.validate(ap)
        result = Result.validated(outcome)
        try:
            steward.write(project, outcome, validator.gx_version)
            if then is not None and not outcome.status.failed:
                then(outcome)
                result.processed = True
        except OutputError as error:
            result.report, result.report_error = Report.FAILED_WRITING, str(error)
        yield result
    try:
        steward.finish(project, validator.build_data_docs)
    except OutputError as error:
        if refused is None:
            raise
        refused.append(error)


def make_validator(project: Project, warm: runners.Warm | None):
    from pipeline.validate import Validator

    return warm.validator() if warm else Validator(project)

"""A run over the selected area-periods: every stage in order, one
area-period's failure never stopping the others. The CLI calls these and
turns the returned results into a summary and an exit code."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from pipeline import process as process_stage
from pipeline import steward
from pipeline.config import Project
from pipeline.discover import AreaPeriod
from pipeline.validate import Outcome, Validator


@dataclass
class Result:
    ap: AreaPeriod
    validation: str  # passed | warnings | failed
    processed: bool = False
    errors: list[str] = field(default_factory=list)
    warnings: int = 0


Progress = Callable[[Iterable[AreaPeriod], str], Iterable[AreaPeriod]]


def plain_progress(items: Iterable[AreaPeriod], what: str) -> Iterable[AreaPeriod]:
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


def run(
    project: Project, selected: list[AreaPeriod], progress: Progress = plain_progress
) -> list[Result]:
    """Validate and process each area-period; later stages slot in after processing."""
    results, _ = validate(
        project, selected, progress, then=lambda outcome: process_stage.process(project, outcome)
    )
    return results

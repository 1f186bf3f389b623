"""What a run publishes beside the reports: reports/index.html (`index`) and
one overview per programme (`programme`). Both are rebuilt from what the run
already knows (each area-period's status and its raw files' hashes), so
nothing is hashed or listed again here."""

from __future__ import annotations

from pipeline.config import Project
from pipeline.discover import AreaPeriod
from pipeline.publish import index, programme
from pipeline.publish.programme import CurrentInputs
from pipeline.status import Report


def write(
    project: Project,
    statuses: dict[AreaPeriod, tuple[Report, list[str]]],
    records: dict[AreaPeriod, dict | None],
    current: CurrentInputs,
    threshold: int,
    overviews: bool,
    code: str,
) -> None:
    """The index, and the programme overviews when `overviews` (something was
    processed or built) or when one is missing."""
    found = programme.programmes(project)
    index.write(project, statuses, records, found, code)
    if overviews or not programme.all_written(project, found):
        programme.write_all(project, found, threshold, current, code)

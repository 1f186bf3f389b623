"""The only reader and writer of data/ledger: every publication of an
area-period, kept with the project so that a later build can be audited
together with everything already published (contract section 5,
"Publishing again").

data/ledger/<area>/<period>/ledger.json lists the publications, oldest
first, each with its version (a digest of what it published), when it was
recorded, the period's dates (so overlapping periods can be found) and the
register as it was published: every figure's true value, how it was shown,
and the relations and statistics between them. Beside it,
data/ledger/<area>/<period>/<version>/ holds the processed tables the
figures were counted from (hard links where the file system allows), so
that who each figure counted can be worked out again.

This is the team's private data, like data/raw: true counts and row-level
tables. It is never published, never linked from reports/, and `make clean`
leaves it, because forgetting a publication would let the next one be
audited without it. Deleting a period's folder forgets its publications:
do that only for versions that were never put out."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
from pathlib import Path

from pipeline.config import Project
from pipeline.discover import AreaPeriod
from pipeline.files import write_text_atomic

LEDGER = "ledger.json"


def folder(project: Project, ap: AreaPeriod) -> Path:
    return project.ledger / ap.area / ap.period


def of_processed(processed: Path, area: str, period: str) -> Path | None:
    """The ledger of the project whose processed data of `area` and `period`
    is in `processed`, or None when `processed` is not in a project's
    layout. Every process that settles a register from a project's data
    (the run, its report workers, their kernels however started, a report
    opened in JupyterLab, a speculative report's staging copy of the
    project) finds the ledger this way, with nothing passed to it: a
    process that missed it would publish without auditing against what
    was published before."""
    root = Path(processed).parents[3] if len(Path(processed).parents) > 3 else None
    if root is None or Project(root).processed_dir(area, period) != Path(processed):
        return None
    return Project(root).ledger


def entries(place: Path) -> list[dict]:
    """The publications recorded in the folder `place`, oldest first."""
    try:
        found = json.loads((place / LEDGER).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    return list(found["publications"])


def area_entries(root: Path, area: str) -> dict[str, list[dict]]:
    """Every period of `area` that has publications, with them."""
    found = {}
    with contextlib.suppress(OSError):
        for place in sorted((root / area).iterdir()):
            if (place / LEDGER).is_file():
                found[place.name] = entries(place)
    return found


def tables(place: Path, version: str) -> Path:
    """Where a publication's processed tables are kept."""
    return place / version


def record(project: Project, ap: AreaPeriod, entry: dict, processed: Path) -> bool:
    """Add a publication, unless one with the same version is recorded
    already (a rebuild that published the same figures). The processed
    tables in `processed` are kept beside it first, so a recorded
    publication always has them. Returns whether it was added."""
    place = folder(project, ap)
    found = entries(place)
    if any(e["version"] == entry["version"] for e in found):
        return False
    counted = sorted(processed.glob("*.parquet"))
    if not counted:  # a publication is only ever recorded with what it counted
        raise RuntimeError(f"no processed tables to keep for {ap} in the ledger")
    kept = tables(place, entry["version"])
    building = kept.with_name(kept.name + ".building")
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    for table in counted:
        try:
            os.link(table, building / table.name)
        except OSError:  # another file system, or links refused: a copy
            shutil.copy2(table, building / table.name)
    shutil.rmtree(kept, ignore_errors=True)
    building.rename(kept)
    recorded = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    publications = [*found, {**entry, "recorded": recorded}]
    write_text_atomic(
        place / LEDGER,
        json.dumps({"publications": publications}, ensure_ascii=False, sort_keys=True) + "\n",
    )
    return True


def record_all(project: Project, published) -> list[str]:
    """Record what a report has just published: (area, period, entry) each.
    Returns a warning for each that could not be recorded: the report is
    written, but a later build would be audited without it, so the team is
    told (a forced build of the same figures records it)."""
    from pipeline.errors import OutputError

    unrecorded = []
    for area, period, entry in published:
        try:
            record(project, AreaPeriod(area, period), entry, project.processed_dir(area, period))
        except (OutputError, OSError) as error:
            unrecorded.append(
                f"what this report publishes of {area}/{period} could not be recorded in "
                f"data/ledger ({type(error).__name__}): run `learnrep run --force` before "
                "publishing it, so that later versions are audited with it"
            )
    return unrecorded

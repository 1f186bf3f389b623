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

A report is recorded when it is audited, one report of the project at a
time, before it is made (`auditing`), marked provisional until it is
published; one that is not published takes it back (`forget`).

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


@contextlib.contextmanager
def auditing(project: Project):
    """One report at a time audits against the ledger and records what it
    will publish (`record`, provisional), so a report of the same run is
    audited with every other one audited before it. Reports of two areas
    sharing a delivery row were once built side by side, neither in the
    ledger when the other was audited, and the first area's activity
    total less the strand's row gave a small count (an outsider's attack).
    The operating system releases the lock if its holder dies."""
    import fcntl  # POSIX, as the run's own lock (`files.project_lock`)

    project.ledger.mkdir(parents=True, exist_ok=True)
    with (project.ledger / AUDIT_LOCK).open("a", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


AUDIT_LOCK = ".audit.lock"


def record(
    project: Project, ap: AreaPeriod, entry: dict, processed: Path, provisional: bool = False
) -> bool:
    """Add a publication, unless one with the same version is recorded
    already (a rebuild that published the same figures). The processed
    tables in `processed` are kept beside it first, so a recorded
    publication always has them. `provisional`: recorded when its report
    is audited, before it is made; a report that is then not published
    takes it back (`forget`), and a published one confirms it (recorded
    again, not provisionally). Returns whether it was added."""
    place = folder(project, ap)
    found = entries(place)
    same = [e for e in found if e["version"] == entry["version"]]
    if same:
        if not provisional and same[0].get("provisional"):
            _rewrite(
                place,
                [
                    {k: v for k, v in e.items() if k != "provisional"} if e is same[0] else e
                    for e in found
                ],
            )
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
    # To the microsecond: the reports of one run are recorded in turn, often
    # within a second, and a later audit takes them in the order they were.
    recorded = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
    added = {**entry, "recorded": recorded, **({"provisional": UNWRITTEN} if provisional else {})}
    _rewrite(place, [*found, added])
    return True


def forget(project: Project, ap: AreaPeriod, version: str) -> None:
    """Take back a provisional publication whose report was not published
    (it failed, or a speculative report was made again from other data).
    One already confirmed is never taken back. Until it is, later audits
    count it as published: they can only withhold more. Called holding
    `auditing`, as `record` is: two processes writing one ledger.json at
    once would lose an entry."""
    place = folder(project, ap)
    found = entries(place)
    kept = [e for e in found if not (e["version"] == version and e.get("provisional"))]
    if len(kept) == len(found):
        return
    _rewrite(place, kept)
    shutil.rmtree(tables(place, version), ignore_errors=True)


# A provisional record's mark: its report is confirmed before its first
# file is put where it is published (`files.write_files_atomic`), so one
# still so marked when no run holds the project had nothing of it written.
# Records of older code say `true`: their report may have been written.
UNWRITTEN = "nothing written yet"


def forget_unwritten(project: Project) -> None:
    """At a run's start, holding the project's lock: take back what a run
    killed before writing its reports left provisional. Kept, it made the
    next build of that period withhold more, and say an earlier version
    was published, which never was."""
    marker = json.dumps(UNWRITTEN).encode("utf-8")
    for place in sorted(project.ledger.glob(f"*/*/{LEDGER}")):
        with contextlib.suppress(OSError):
            if marker not in place.read_bytes():
                continue  # most: a run with nothing to do parses none of them
        ap = AreaPeriod(place.parent.parent.name, place.parent.name)
        left = [e["version"] for e in entries(place.parent) if e.get("provisional") == UNWRITTEN]
        for version in left:
            with contextlib.suppress(OSError), auditing(project):
                forget(project, ap, version)


def forget_all(project: Project, published) -> None:
    """`forget` each (area, period, entry) a report that is not published recorded."""
    for area, period, entry in published:
        with contextlib.suppress(OSError), auditing(project):  # kept, only stricter later
            forget(project, AreaPeriod(area, period), entry["version"])


def forget_unpublished(project: Project, aps, since: dt.datetime) -> None:
    """At a run's end: take back what the run recorded provisionally for
    `aps` and did not publish. A speculative report whose data then failed
    validation records itself, and nobody waits for it: kept, the next
    report of that period would say an earlier version was published.
    Only records made since `since` (the run's start): what a killed run
    left is taken back when the next run starts (`forget_unwritten`)."""
    for ap in aps:
        place = folder(project, ap)
        with contextlib.suppress(OSError), auditing(project):
            for entry in entries(place):
                made = dt.datetime.fromisoformat(entry["recorded"])
                if entry.get("provisional") and made >= since:
                    forget(project, ap, entry["version"])


def _rewrite(place: Path, publications: list[dict]) -> None:
    write_text_atomic(
        place / LEDGER,
        json.dumps({"publications": publications}, ensure_ascii=False, sort_keys=True) + "\n",
    )


def record_all(project: Project, published) -> list[str]:
    """Record what a report has just published: (area, period, entry) each.
    Returns a warning for each that could not be recorded: the report is
    written, but a later build would be audited without it, so the team is
    told (a forced build of the same figures records it)."""
    from pipeline.errors import OutputError

    unrecorded = []
    for area, period, entry in published:
        try:
            with auditing(project):  # a report's worker may be recording it too
                record(
                    project, AreaPeriod(area, period), entry, project.processed_dir(area, period)
                )
        except (OutputError, OSError) as error:
            unrecorded.append(
                f"what this report publishes of {area}/{period} could not be recorded in "
                f"data/ledger ({type(error).__name__}): run `learnrep run --force` before "
                "publishing it, so that later versions are audited with it"
            )
    return unrecorded

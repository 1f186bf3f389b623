"""The publications an area-period's figures are audited with
(`history`): every version of it and of the periods of its area linked to
it by overlapping dates, from the project's ledger, with the processed
tables each counted."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.errors import LedgerDamaged
from pipeline.processed import Processed
from pipeline.report import published
from pipeline.report.register import Register


@dataclass
class Version:
    """One publication of this area-period, or of one overlapping it."""

    name: str  # a short label: its ledger version
    when: str  # the day it was recorded, in words
    fingerprint: str
    register: Register
    tables: Path  # its processed tables, kept in the ledger
    entry: dict


def versions(data: Processed) -> list[Version]:
    """Every publication of `data`'s area-period and of the periods of the
    same area linked to it by overlapping dates, directly or through
    others (November to December, with November to March, is linked to
    February to March), and every publication of any area, whatever its
    dates, that counts some of the same people by id (a strand report of
    one area's trainees published as an area of its own; a panel's
    second wave, the same respondents a quarter later), from the ledger of
    the project the data is in (`ledger.of_processed`), in the order they
    were recorded."""
    from pipeline import ledger

    area, period = data.manifest["area"], data.manifest["period"]
    root = ledger.of_processed(data.folder, area, period)
    if root is None:
        return []
    root = Path(root)
    every = [
        (other, entry)
        for other, entries in ledger.area_entries(root, area).items()
        for entry in entries
    ]
    own = (str(data.period["start"]), str(data.period["end"]))
    spans = [own]
    linked: list[tuple[str, str, dict]] = []
    while grown := [
        (area, other, entry)
        for other, entry in every
        if (area, other, entry) not in linked
        and (other == period or any(overlap(entry, span) for span in spans))
    ]:
        linked += grown
        spans += [(entry["start"], entry["end"]) for _, _, entry in grown]
    for where, other, version in sorted(_sharing(root, data)):
        for entry in ledger.area_entries(root, where).get(other, []):
            if entry["version"] == version and (where, other, entry) not in linked:
                linked.append((where, other, entry))
    return [
        Version(
            entry["version"],
            _day(entry["recorded"]),
            entry["fingerprint"],
            published.from_entry(entry["register"]),
            ledger.tables(root / where / other, entry["version"]),
            entry,
        )
        for where, other, entry in sorted(linked, key=lambda found: found[2]["recorded"])
    ]


PEOPLE = {"survey": "respondent_id", "training": "participant_id"}


def _sharing(root: Path, data: Processed) -> set[tuple[str, str, str]]:
    """Every publication recorded under `root` (area, period, version) whose
    processed tables count a respondent or participant of `data` under the
    same id. Only ids link areas, and periods whose dates do not overlap:
    answers alike there are two people, most often. Each table's ids are
    read once a process (a worker builds many reports), and no ledger is
    parsed unless it shares someone: with 160 areas, every build reading
    every other area's ledger cost most of a second."""
    mine = {t: frozenset(data.frame(t)[c].astype(str)) for t, c in PEOPLE.items() if data.has(t)}
    found = set()
    for tables in root.glob("*/*/*"):  # <area>/<period>/<version>/
        for table, ids in mine.items():
            path = tables / f"{table}.parquet"
            try:
                stamp = path.stat().st_mtime_ns
            except OSError:
                continue
            if not ids.isdisjoint(_ids(str(path), PEOPLE[table], stamp)):
                found.add((tables.parent.parent.name, tables.parent.name, tables.name))
                break
    return found


@functools.lru_cache(maxsize=4096)
def _ids(path: str, column: str, stamp: int) -> frozenset[str]:
    """A table's ids (`stamp`: its modification time, so a rewritten table is read again)."""
    return frozenset(pd.read_parquet(path, columns=[column])[column].astype(str))


def overlap(entry: dict, span: tuple[str, str]) -> bool:
    return entry["start"] <= span[1] and span[0] <= entry["end"]


def processed(version: Version, data: Processed) -> Processed:
    """A published version's processed tables, to count its units again."""
    present = {p.stem for p in version.tables.glob("*.parquet")}
    if not present:
        raise LedgerDamaged(
            "the processed tables of a publication recorded here are missing, so it cannot be "
            "audited with this build; restore data/ledger from a backup (or, if its versions "
            "were never published, delete this folder)",
            file=version.tables,
        )
    manifest = {
        **data.manifest,
        "area": version.entry["area"],
        "period": version.entry["period"],
        "datasets": {name: {"state": "present"} for name in present},
    }
    return Processed(version.tables, manifest)


def _day(recorded: str) -> str:
    return dt.datetime.fromisoformat(recorded).strftime("%-d %B %Y")

"""The publications an area-period's figures are audited with
(`history`): every version of it and of the periods of its area linked to
it by overlapping dates, from the project's ledger, with the processed
tables each counted."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.errors import LedgerDamaged
from pipeline.processed import Processed
from pipeline.report import published, reach_links
from pipeline.report.names import matching_name, words_of
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


def versions(data: Processed, threshold: int) -> list[Version]:
    """Every publication linked to `data`'s area-period, from the ledger of
    the project the data is in (`ledger.of_processed`), in the order they
    were recorded. Linked, directly or through other linked ones: every
    version of the area-period; the periods of an area whose dates overlap
    a linked period of it (November to December, with November to March,
    is linked to February to March); and every publication of any area,
    whatever its dates, that counts some of the same units (`_sharing`: a
    strand report of one area's trainees published as an area of its own;
    a panel's second wave, the same respondents a quarter later). Through
    others matters: a strand sharing ids with a half-year is linked to the
    quarter inside that half-year too, or the half-year less the quarter
    is the strand's first quarter, and the strand less that is its own
    people (an outsider's attack). And publications of other areas whose
    reach adds up with this one's (`reach_links`: a county and its strand
    areas)."""
    from pipeline import ledger

    area, period = data.manifest["area"], data.manifest["period"]
    root = ledger.of_processed(data.folder, area, period)
    if root is None:
        return []
    root = Path(root)
    own = (str(data.period["start"]), str(data.period["end"]))
    spans = {area: [own]}
    units = {t: set(ids) for t, ids in _units_of(data).items()}
    linked: dict[tuple[str, str, str], dict] = {}
    every: dict[str, list[tuple[str, dict]]] = {}  # each area's publications, read once
    reach = data.frame("reach") if data.has("reach") else None
    adding = reach_links.adding_up(root, area, own, reach, threshold)
    while True:
        grown = []
        for where, other, version in adding:
            if (where, other, version) not in linked:
                entries = ledger.area_entries(root, where).get(other, [])
                grown += [(where, other, e) for e in entries if e["version"] == version]
        for where in list(spans):
            if where not in every:
                every[where] = [
                    (other, entry)
                    for other, entries in ledger.area_entries(root, where).items()
                    for entry in entries
                ]
            grown += [
                (where, other, entry)
                for other, entry in every[where]
                if (where, other, entry["version"]) not in linked
                and (
                    (where, other) == (area, period)
                    or any(overlap(entry, span) for span in spans[where])
                )
            ]
        for where, other, version in _sharing(root, units):
            if (where, other, version) not in linked:
                entries = ledger.area_entries(root, where).get(other, [])
                grown += [(where, other, e) for e in entries if e["version"] == version]
        grown = list({(w, o, e["version"]): (w, o, e) for w, o, e in grown}.values())
        if not grown:
            break
        for where, other, entry in grown:
            linked[where, other, entry["version"]] = entry
            spans.setdefault(where, []).append((entry["start"], entry["end"]))
            for table, ids in _units_in(ledger.tables(root / where / other, entry["version"])):
                units.setdefault(table, set()).update(ids)
    return [
        Version(
            entry["version"],
            _day(entry["recorded"]),
            entry["fingerprint"],
            published.from_entry(entry["register"]),
            ledger.tables(root / where / other, entry["version"]),
            entry,
        )
        for (where, other, _), entry in sorted(linked.items(), key=lambda f: when(f[1]))
    ]


# What names a unit that two publications can share, whatever their areas
# and dates: a respondent's or participant's id, and a delivery row's
# organisation, activity and dates (a strand area republishing one
# organisation's row of another area gives away the rest of that area's
# organisation by subtraction, as an outsider showed). A delivery row is
# named once for each month it runs in (`_names`).
UNIT_COLUMNS = {
    "survey": ("respondent_id",),
    "training": ("participant_id",),
    "delivery": ("organisation", "activity", "start_date", "end_date", "participants"),
}


def _units_of(data: Processed) -> dict[str, frozenset[str]]:
    return {
        table: _names(data.frame(table), columns)
        for table, columns in UNIT_COLUMNS.items()
        if data.has(table)
    }


def _units_in(tables: Path) -> list[tuple[str, frozenset[str]]]:
    found = []
    for table, columns in UNIT_COLUMNS.items():
        path = tables / f"{table}.parquet"
        with contextlib.suppress(OSError):
            found.append((table, _ids(str(path), columns, path.stat().st_mtime_ns)))
    return found


def _names(frame: pd.DataFrame, columns: tuple[str, ...]) -> frozenset[str]:
    """Each row's unit names: its columns' values joined, a delivery row's
    organisation and activity with each month its dates cover. Reports show
    no row's dates, so a reader takes a strand's row starting four days
    later for the same row (an outsider's attack); rows in the same month
    that do not overlap are linked too, which only audits more together."""
    if any(c not in frame for c in columns):
        return frozenset()
    if "start_date" not in columns:
        parts = [frame[c].astype(str) for c in columns]
        return frozenset(parts[0].str.cat(parts[1:], sep="\x1f") if parts[1:] else parts[0])
    names = set()
    rows = frame[list(columns)]
    named = [matching_name(str(o)) + "\x1f" + matching_name(str(a)) for o, a, *_ in rows.values]
    # Each organisation's activity as its table shows it: its rows summed.
    people = [int(p) if pd.notna(p) else 0 for p in rows[columns[-1]]]
    in_table = pd.Series(people, dtype="int64").groupby(named).sum()
    for (_, activity, start, end, count), name in zip(
        rows.itertuples(index=False), named, strict=True
    ):
        months = (
            pd.period_range(start, end, freq="M").astype(str)
            if pd.notna(start) and pd.notna(end) and start <= end
            else [""]
        )
        names.update(f"{name}\x1f{month}" for month in months)
        # And by what it counts, whatever its organisation is called, for
        # each word that says what the activity is: a reader lines up a row
        # of 40 under "Manor Castel Trust" doing "Walks" with "Manor Castle
        # Trust"'s walking group of 40, or with two rows of 20 published as
        # one (`membership._counted_alike`, `_table_row`).
        counted = {int(count) if pd.notna(count) else 0, int(in_table[name])}
        names.update(
            f"\x1e{word}\x1f{n}\x1f{month}"
            for n in counted
            for word in words_of(str(activity)) or {matching_name(str(activity))}
            for month in months
        )
    return frozenset(names)


def _sharing(root: Path, units: dict[str, set[str]]) -> set[tuple[str, str, str]]:
    """Every publication recorded under `root` (area, period, version) whose
    processed tables count one of `units` (by dataset). Only such names link
    areas, and periods whose dates do not overlap: answers alike there are
    two people, most often. Each table's names are read once a process (a
    worker builds many reports), and no ledger is parsed unless it shares
    something: with 160 areas, every build reading every other area's
    ledger cost most of a second."""
    found = set()
    for tables in root.glob("*/*/*"):  # <area>/<period>/<version>/
        for table, names in units.items():
            path = tables / f"{table}.parquet"
            try:
                stamp = path.stat().st_mtime_ns
            except OSError:
                continue
            if not names.isdisjoint(_ids(str(path), UNIT_COLUMNS[table], stamp)):
                found.add((tables.parent.parent.name, tables.parent.name, tables.name))
                break
    return found


@functools.lru_cache(maxsize=4096)
def _ids(path: str, columns: tuple[str, ...], stamp: int) -> frozenset[str]:
    """A table's unit names (`stamp`: its modification time, so a rewritten table is read again)."""
    try:
        return _names(pd.read_parquet(path, columns=list(columns)), columns)
    except ValueError:  # a table kept before one of its columns was (pyarrow's ArrowInvalid)
        return frozenset()


def when(entry: dict) -> dt.datetime:
    """When a publication was recorded (to the second in older ledgers)."""
    return dt.datetime.fromisoformat(entry["recorded"])


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

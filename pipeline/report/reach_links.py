"""Publications of other areas linked to a new one because their reach
tables add up with its own (`versions`): a county area and its two strand
areas, the same quarter, reach only. The walkers summed exactly (41 + 38 =
79), which told an outsider the county is the sum of its strands, and the
county's 10 coaches less one strand's 7 gave the other's <5, 3. Reach
names no person, so no id linked them.

Linked: each set of publications of other areas, inside the dates of a
whole, whose every measure adds up to the whole's, where the new one is
the whole or one of the parts. Only tables of the same measures are tried
(a strand reports as its county does), and at least two of them, so that
the sum is something a reader could see; `linked` then ties each measure
to its parts as it does periods inside a period."""

from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd

from pipeline.report import sums

Measures = tuple[tuple[str, int], ...]  # a reach table's (measure, count), by measure


def adding_up(root: Path, area: str, span: tuple[str, str], reach: pd.DataFrame | None) -> set:
    """(area, period, version) of each publication of another area recorded
    under `root` whose reach adds up with `reach`, the new publication's."""
    from pipeline import ledger

    mine = _measures(reach) if reach is not None else ()
    if len(mine) < 2:
        return set()
    names = tuple(m for m, _ in mine)
    found: dict[tuple[str, str, str], tuple[tuple, Measures]] = {}  # (area, dates), counts
    for table in root.glob("*/*/*/reach.parquet"):  # <area>/<period>/<version>/
        other = table.parent.parent.parent.name
        if other == area:
            continue  # its own periods are linked by their dates
        measures = _read(str(table), table.stat().st_mtime_ns)
        if tuple(m for m, _ in measures) != names:
            continue
        period, version = table.parent.parent.name, table.parent.name
        for entry in ledger.area_entries(root, other).get(period, []):
            if entry["version"] == version:
                found[other, period, version] = ((other, (entry["start"], entry["end"])), measures)
    me = (area, span)
    counts = {k: tuple(c for _, c in measures) for k, (_, measures) in found.items()}
    own = tuple(c for _, c in mine)

    def sets(parts: list, whole: tuple[int, ...], least: int) -> list[list]:
        places = [found[k][0] for k in parts]
        chosen = sums.summing(
            [counts[k] for k in parts],
            whole,
            lambda a, b: sums.apart(places[a], places[b]),
            least,
        )
        return [[parts[at] for at in each] for each in chosen]

    linked = set()
    # The new publication as the whole: sets of others inside its dates.
    for each in sets([k for k in found if sums.part_of(found[k][0], me)], own, 2):
        linked.update(each)
    # As a part of another's whole: sets of others that make up the rest,
    # searched for the rest alone, so each whole costs a few steps.
    for whole, (place, _) in found.items():
        rest = tuple(w - m for w, m in zip(counts[whole], own, strict=True))
        if not sums.part_of(me, place) or min(rest) < 0:
            continue
        parts = [
            k
            for k in found
            if k != whole and sums.part_of(found[k][0], place) and sums.apart(found[k][0], me)
        ]
        for each in sets(parts, rest, 1):
            linked.update([whole, *each])
    return linked


def _measures(reach: pd.DataFrame) -> Measures:
    """Each measure's count, where a reader knows it exactly (not "400+")."""
    if not {"measure", "count"} <= set(reach.columns):
        return ()
    rows = reach
    if "count_at_least" in reach:
        rows = reach[~reach["count_at_least"].fillna(False).astype(bool)]
    return tuple(
        sorted((str(m), int(c)) for m, c in zip(rows["measure"], rows["count"], strict=True))
    )


@functools.lru_cache(maxsize=4096)
def _read(path: str, stamp: int) -> Measures:
    """A kept reach table's measures (`stamp`: its modification time)."""
    try:
        return _measures(pd.read_parquet(path))
    except (OSError, ValueError):
        return ()

"""Every unit of an area's publications by the publications that count it
alike (`linked`): the units of all of them matched at once, and grouped
by the set of publications each is in. A group's figures are unknowns to
the auditor; each publication's figure is the sum of those of the groups
it is a member of. Pairs of publications compared one at a time missed
what three or more give together: with November to March and November
to December published, February to March less both is January, whose
counts January's own report withheld (a fourth outsider's attack).

A unit (a respondent, a participant, a delivery row, the reach table) is
matched as a reader lining up the tables would: to a unit with its id
counting the same figures, else to one counting them alike whatever its
id (ids renumbered in a re-export hide nothing), and only to a unit all
of whose publications' periods overlap this one's: a respondent is in
both of two periods only if the periods share the day they answered."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from pipeline.report.statistics import Key
from pipeline.report.units import Units, aligned


@dataclass
class Publication:
    """What the matching needs of one publication: its units by dataset and its dates."""

    weights: dict[str, Units]
    start: str
    end: str

    def overlaps(self, other: Publication) -> bool:
        return self.start <= other.end and other.start <= self.end


@dataclass
class Group:
    """Units counted alike in exactly the publications `members` (their
    positions in the list given to `groups`), and what they count."""

    members: frozenset[int]
    ids: list[str] = field(default_factory=list)
    figures: dict[Key, int] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.ids)


def groups(publications: list[Publication]) -> dict[str, list[Group]]:
    """Each dataset's units of every publication matched, in their order
    (those already published first, by when: a unit takes the first match
    it has), and grouped by the publications they are in."""
    found = {}
    datasets = sorted({d for publication in publications for d in publication.weights})
    for dataset in datasets:
        keys = list(
            dict.fromkeys(
                key for p in publications if dataset in p.weights for key in p.weights[dataset].keys
            )
        )
        pool = _Pool(publications)
        for at, publication in enumerate(publications):
            if dataset in publication.weights:
                units = publication.weights[dataset]
                pool.add(at, units.ids, aligned(units, keys))
        found[dataset] = pool.grouped(keys)
    return found


class _Pool:
    """Units found so far, each with the publications it is in."""

    def __init__(self, publications: list[Publication]):
        self.publications = publications
        self.members: list[set[int]] = []
        self.ids: list[str] = []
        self.rows: list[np.ndarray] = []
        self.by_id: dict[tuple[str, bytes], list[int]] = {}
        self.by_content: dict[bytes, list[int]] = {}

    def add(self, at: int, ids: list[str], rows: np.ndarray) -> None:
        """One publication's units: by id and content first, then by content."""
        left = []
        for unit, row in zip(ids, rows, strict=True):
            if not self._take(at, self.by_id.get((unit, row.tobytes()), [])):
                left.append((unit, row))
        for unit, row in left:
            if not self._take(at, self.by_content.get(row.tobytes(), [])):
                self._new(at, unit, row)

    def _take(self, at: int, found: list[int]) -> bool:
        here = self.publications[at]
        for unit in found:
            members = self.members[unit]
            if at not in members and all(here.overlaps(self.publications[m]) for m in members):
                members.add(at)
                return True
        return False

    def _new(self, at: int, unit: str, row: np.ndarray) -> None:
        number = len(self.ids)
        self.members.append({at})
        self.ids.append(unit)
        self.rows.append(row)
        self.by_id.setdefault((unit, row.tobytes()), []).append(number)
        self.by_content.setdefault(row.tobytes(), []).append(number)

    def grouped(self, keys: list[Key]) -> list[Group]:
        found: dict[frozenset[int], Group] = {}
        sums: dict[frozenset[int], np.ndarray] = {}
        for unit, members in enumerate(self.members):
            group = found.setdefault(frozenset(members), Group(frozenset(members)))
            group.ids.append(self.ids[unit])
            sums[group.members] = sums.get(group.members, 0) + self.rows[unit]
        for members, group in found.items():
            group.figures = {key: int(v) for key, v in zip(keys, sums[members], strict=True) if v}
        return sorted(found.values(), key=lambda g: sorted(g.members))

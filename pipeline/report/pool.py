"""Units found so far, each with the publications that count it
(`membership`): one publication's units are matched to those of the
publications added before it, by id and content first, then by content."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from pipeline.report.statistics import Key
from pipeline.report.units import Units


@dataclass
class Publication:
    """What the matching needs of one publication: its units by dataset,
    its dates and its area."""

    weights: dict[str, Units]
    start: str
    end: str
    area: str

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


class Pool:
    """Units found so far, each with the publications it is in."""

    def __init__(self, publications: list[Publication], keys: list[Key]):
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
            if not self._take(at, unit, self.by_id.get((unit, row.tobytes()), [])):
                left.append((unit, row))
        for unit, row in left:
            if not self._take(at, unit, self.by_content.get(row.tobytes(), [])):
                self._unmatched(at, unit, row)

    def _unmatched(self, at: int, unit: str, row: np.ndarray) -> None:
        self._new(at, unit, row)

    def _take(self, at: int, name: str, found: list[int]) -> bool:
        for unit in found:
            if self._may_join(at, unit, name):
                self.members[unit].add(at)
                return True
        return False

    def _may_join(self, at: int, unit: int, name: str) -> bool:
        """Whether publication `at` may count `unit` (as `name`) too: not
        already; under the same id, whatever its area and dates (a panel's
        waves, a strand report); under another, only in the same area
        and if its period overlaps those of all the unit's publications."""
        here, members = self.publications[at], self.members[unit]
        if at in members:
            return False
        if self.ids[unit] == name:
            return True
        same_area = {self.publications[m].area for m in members} == {here.area}
        return same_area and all(here.overlaps(self.publications[m]) for m in members)

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

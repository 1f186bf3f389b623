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

import numpy as np

from pipeline.report.delivery_rows import DeliveryRows
from pipeline.report.keys import DIRECTIONS
from pipeline.report.pool import Group, Pool, Publication
from pipeline.report.statistics import Key
from pipeline.report.units import aligned


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
        pool = {"delivery": DeliveryRows, "training": _Returns}.get(dataset, Pool)(
            publications, keys
        )
        for at, publication in enumerate(publications):
            if dataset in publication.weights:
                units = publication.weights[dataset]
                pool.add(at, units.ids, aligned(units, keys))
        found[dataset] = pool.grouped(keys)
    return found


class _Returns(Pool):
    """Training participants: a workforce group renamed in a re-export
    ("Social prescribers" to "Social prescribing link workers") is the
    same people to a reader, who reads one person added to the renamed
    group's figures off two versions (an outsider did, with new ids and
    one late return). So a participant not matched whole is matched to
    one who counts alike but for the group's name, where the name is a
    rename: the group of each is not in the other's publications.

    And a participant who counts alike but for the scores' workings
    (`training._scores`: a group's changes are counted with the other small
    groups' until it has enough pairs, then under its own name) is the same
    person, under the same id or, within the area and overlapping periods,
    another: two late returns that took two small groups to 5 pairs once
    made the unchanged people of both look removed and added again, 8 and
    10, and nothing was held back (an outsider's attack, then again with
    the ids renumbered)."""

    def __init__(self, publications: list[Publication], keys: list[Key]):
        super().__init__(publications, keys)
        self.named = [_group_of(key) for key in keys]
        # Each figure with its group's name left out: "a group's returns".
        shapes = [key if key[:2] != ("training", "group") else ("group", *key[3:]) for key in keys]
        at = {shape: number for number, shape in enumerate(dict.fromkeys(shapes))}
        self.shape_of, self.shapes = np.array([at[shape] for shape in shapes]), len(at)
        self.by_shape: dict[bytes, list[int]] = {}
        # The shape again with the scores' workings in one bin, left out.
        workings = np.array([_working(key) for key in keys], dtype=bool)
        self.coarse_of = np.where(workings, self.shapes, self.shape_of)
        self.by_id_coarse: dict[tuple[str, bytes], list[int]] = {}
        self.by_coarse: dict[bytes, list[int]] = {}
        self.counted = {
            number: np.isin(np.arange(len(keys)), aligned_positions(p, keys))
            for number, p in enumerate(publications)
        }

    def _shape(self, row: np.ndarray) -> bytes:
        """What a unit counts, whatever its group is called."""
        return (
            np.bincount(self.shape_of, weights=row, minlength=self.shapes)
            .astype(np.int64)
            .tobytes()
        )

    def _names(self, row: np.ndarray) -> set[str]:
        return {
            name for name, value in zip(self.named, row, strict=True) if name is not None and value
        }

    def _groups(self, at: int) -> set[str]:
        units = self.publications[at].weights["training"]
        return {name for key in units.keys if (name := _group_of(key)) is not None}

    def _coarse(self, row: np.ndarray) -> bytes:
        """What a unit counts, whatever its group is called and however its
        scores are worked out."""
        counts = np.bincount(self.coarse_of, weights=row, minlength=self.shapes + 1)
        return counts[: self.shapes].astype(np.int64).tobytes()

    def _consistent(self, at: int, found: int, row: np.ndarray) -> bool:
        """Whether `row` (as publication `at` counts a unit) and the unit
        `found` can be one: each figure either of them counts it in is one
        the other's publications do not have."""
        old = self.rows[found]
        if ((old != row) & (old != 0) & (row != 0)).any():
            return False
        theirs = np.logical_or.reduce([self.counted[m] for m in self.members[found]])
        return (
            not ((row != 0) & (old == 0) & theirs).any()
            and not ((old != 0) & (row == 0) & self.counted[at]).any()
        )

    def _unmatched(self, at: int, unit: str, row: np.ndarray) -> None:
        coarse = self._coarse(row)
        # The same id first; then, ids renumbered in the re-export too (an
        # outsider's next attack), anyone counting alike, where `_may_join`
        # lets another id join (the same area, overlapping periods).
        for found in self.by_id_coarse.get((unit, coarse), []) + self.by_coarse.get(coarse, []):
            if self._may_join(at, found, unit) and self._consistent(at, found, row):
                self.members[found].add(at)
                self.rows[found] = np.maximum(self.rows[found], row)  # both workings' figures
                return
        mine, here = self._names(row), self._groups(at)
        for found in self.by_shape.get(self._shape(row), []):
            theirs = self._names(self.rows[found])
            elsewhere = set().union(*(self._groups(m) for m in self.members[found]))
            if self._may_join(at, found, unit) and not theirs & here and not mine & elsewhere:
                self.members[found].add(at)
                self.rows[found] = np.maximum(self.rows[found], row)  # both names' figures
                return
        self._new(at, unit, row)

    def _new(self, at: int, unit: str, row: np.ndarray) -> None:
        self.by_shape.setdefault(self._shape(row), []).append(len(self.ids))
        coarse = self._coarse(row)
        self.by_id_coarse.setdefault((unit, coarse), []).append(len(self.ids))
        self.by_coarse.setdefault(coarse, []).append(len(self.ids))
        super()._new(at, unit, row)


def _working(key: Key) -> bool:
    """Whether a training figure is one of the scores' workings (a group's
    changes by each amount, its sum of scores before, how many of it
    improved, stayed the same or got worse), kept only for a group with
    enough pairs, never published."""
    return key[0] == "training" and (
        "changed by" in key
        or "sum before" in key
        or (key[:2] == ("training", "group") and len(key) == 4 and key[3] in DIRECTIONS)
    )


def aligned_positions(publication: Publication, keys: list[Key]) -> list[int]:
    """The positions in `keys` of the training figures `publication` has."""
    units = publication.weights.get("training")
    mine = set(units.keys) if units is not None else set()
    return [number for number, key in enumerate(keys) if key in mine]


def _group_of(key: Key) -> str | None:
    """The workforce group a training figure is of, if any."""
    return key[2] if key[:2] == ("training", "group") else None

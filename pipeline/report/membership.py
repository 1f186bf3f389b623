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

from pipeline.report.keys import DIRECTIONS
from pipeline.report.names import matching_name, words_of
from pipeline.report.pool import Group, Pool, Publication
from pipeline.report.statistics import Key
from pipeline.report.units import ROW_SEPARATOR, aligned


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
        pool = {"delivery": _Rows, "training": _Returns}.get(dataset, Pool)(publications, keys)
        for at, publication in enumerate(publications):
            if dataset in publication.weights:
                units = publication.weights[dataset]
                pool.add(at, units.ids, aligned(units, keys))
        found[dataset] = pool.grouped(keys)
    return found


class _Rows(Pool):
    """Delivery rows: a row is the participants of one organisation's
    activity between two dates, and a reader lines rows up by what they
    say, not by their dates alone. An outsider retyped one half-year's
    start date in a twelve-month file, and another summed each
    organisation's two half-year rows into one: the twelve-month table,
    less one half's, gave the other half's small count. So a row not
    matched whole is matched, in turn, to a row of the same organisation,
    activity and participants whatever its dates; to rows whose dates
    overlap its own whose participants add up to its own; or to part of a
    row whose dates overlap its own (that row then split in two). Names
    are matched as a reader would (`keys.matching_name`). Each only where
    the data says so, which a reader's assumption would be: what the model
    holds is then true."""

    def __init__(self, publications: list[Publication], keys: list[Key]):
        super().__init__(publications, keys)
        self.column = {key: at for at, key in enumerate(keys)}
        # Which figures each publication has: a unit must count the same
        # figures in every publication it is in that has them.
        self.has = [
            np.isin(np.arange(len(keys)), [self.column[k] for k in p.weights["delivery"].keys])
            if "delivery" in p.weights
            else np.zeros(len(keys), dtype=bool)
            for p in publications
        ]
        # The units a publication's table row, split in its rows, was
        # lined up with so far: its next rows are parts of the same.
        self.parts: dict[tuple[int, tuple[str, str]], set[str]] = {}

    def _unmatched(self, at: int, unit: str, row: np.ndarray) -> None:
        mine = _row(unit)
        people = int(row[self.column[("delivery", "row", *mine)]])
        # Those in fewest publications first: of a row split between strand
        # areas, the rest not yet matched, never a strand's own part (an
        # outsider's third strand was taken for part of the first's).
        alike = sorted(
            (u for u in range(len(self.ids)) if self._alike(at, u, unit, mine)),
            key=lambda u: (len(self.members[u]), u),
        )
        same = [u for u in alike if self._people(u) == people]
        # Dates that overlap, not only those within: a strand's export of a
        # row may run a few days wider than the first area's.
        within = [u for u in alike if _meet(_row(self.ids[u]), mine) and self._people(u)]
        holding = [
            u for u in alike if _meet(mine, _row(self.ids[u])) and self._people(u) > people > 0
        ]
        if not same and not alike:
            # Another organisation's name: counted alike, or split in this
            # publication's rows and whole in its table (one organisation's
            # activity is one row of the published table). Its own figures
            # (organisation, activity) join the unit's, where that keeps
            # every publication's figures as they are.
            named = (matching_name(mine[0]), matching_name(mine[1]))
            earlier = self.parts.setdefault((at, named), set())
            total = self._table_row(at, mine)
            for counted in (people, total) if total > people else (people,):
                found = [u for u in self._counted_alike(at, unit, mine, counted)]
                # The rest of a row whose other part an earlier row took
                # (a nineteenth outsider's row of 40 in three, 14, 13, 13).
                found += [
                    u
                    for u in range(len(self.ids))
                    if self.ids[u] in earlier
                    and self._may_join(at, u, unit)
                    and self._people(u) > people
                ]
                found = [u for u in found if self._consistent(at, u, row)]
                if found:
                    whole = self._people(found[0]) == people
                    part = found[0] if whole else self._split(found[0], people)
                    self._join(at, part, mine, row)
                    earlier.add(self.ids[part])
                    return
            self._new(at, unit, row)
            return
        if same:
            self._join(at, same[0], mine)
        elif within and sum(self._people(u) for u in within) == people > 0:
            for u in within:
                self._join(at, u, mine)
        elif holding:
            self._join(at, self._split(holding[0], people), mine)
        else:
            self._new(at, unit, row)

    def _alike(self, at: int, unit: int, name: str, mine: tuple) -> bool:
        """A unit of another publication for the same organisation's activity."""
        theirs = _row(self.ids[unit])
        return self._may_join(at, unit, name) and all(
            matching_name(a) == matching_name(b) for a, b in zip(theirs[:2], mine[:2], strict=True)
        )

    def _counted_alike(self, at: int, unit: str, mine: tuple, people: int) -> list[int]:
        """Rows of another organisation's name for an activity a reader takes
        for the same one, with dates that meet this row's and `people`
        participants: a reader lines them up whatever the names say (an
        eighteenth outsider's "Manor Castel Trust", "Castle Manor Trust",
        "MCT"; a nineteenth's "Walks" and "Walking club" for "Walking
        group": each 43 - 40 = 3)."""
        if people <= 0:
            return []
        return sorted(
            (
                u
                for u in range(len(self.ids))
                if self._may_join(at, u, unit)
                and same_activity(_row(self.ids[u])[1], mine[1])
                and _meet(_row(self.ids[u]), mine)
                and self._people(u) == people
            ),
            key=lambda u: (len(self.members[u]), u),
        )

    def _table_row(self, at: int, mine: tuple) -> int:
        """The participants of `mine`'s organisation and activity in
        publication `at`'s table, all its rows of them summed (a nineteenth
        outsider split the row of 40 in two, 20 and 20, published as 40)."""
        units = self.publications[at].weights["delivery"]
        names = (matching_name(mine[0]), matching_name(mine[1]))
        return sum(
            int(units.weights[row].max())
            for row, unit in enumerate(units.ids)
            if (matching_name(_row(unit)[0]), matching_name(_row(unit)[1])) == names
        )

    def _may_join(self, at: int, unit: int, name: str) -> bool:
        """A row names its organisation, the same place whichever area
        publishes it: under other dates, any area's whose period overlaps
        those of all the row's publications (a strand's row starting four
        days later is the same row to a reader, who sees no row's dates)."""
        if at in self.members[unit]:
            return False
        here = self.publications[at]
        return self.ids[unit] == name or all(
            here.overlaps(self.publications[m]) for m in self.members[unit]
        )

    def _people(self, unit: int) -> int:
        return int(self.rows[unit].max())  # each figure of a row is its participants

    def _join(self, at: int, unit: int, mine: tuple, row: np.ndarray | None = None) -> None:
        """`unit` counted by publication `at` too, under that row's key, and
        with `row`, in every figure `row` counts."""
        self.members[unit].add(at)
        self.rows[unit] = self.rows[unit].copy()
        if row is not None:
            self.rows[unit][row > 0] = self._people(unit)
        self.rows[unit][self.column[("delivery", "row", *mine)]] = self._people(unit)

    def _consistent(self, at: int, unit: int, row: np.ndarray) -> bool:
        """Whether `unit`, counted in `row`'s figures too, still counts in
        each of its publications exactly what it counted there, and in
        publication `at` what `row` counts: a row of 40 matched, for its
        size, to another organisation's walking football would add 40 to
        the walking groups of a report that counted it as football (a
        twentieth outsider's run stopped on the contradiction)."""
        mine, theirs = row > 0, self.rows[unit] > 0
        others = np.logical_or.reduce([self.has[m] for m in self.members[unit]])
        return not ((mine & ~theirs & others).any() or (theirs & ~mine & self.has[at]).any())

    def _split(self, unit: int, people: int) -> int:
        """`unit` split into `people` of its participants and the rest (a
        new unit in the same publications); returns the first part."""
        shape = (self.rows[unit] > 0).astype(self.rows[unit].dtype)
        rest = self._people(unit) - people
        self.rows[unit] = shape * people
        self.members.append(set(self.members[unit]))
        self.ids.append(self.ids[unit])
        self.rows.append(shape * rest)
        return unit


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


def _row(unit: str) -> tuple[str, ...]:
    """A delivery unit's organisation, activity, dates and number (its id
    is its key's names joined, `units.ROW_SEPARATOR`)."""
    return tuple(unit.split(ROW_SEPARATOR)[2:])


def same_activity(one: str, other: str) -> bool:
    """Whether a reader takes two activities for one: the same name as names
    are lined up, or a word that says what it is in common ("Walks",
    "Walking group", "Health walks")."""
    return matching_name(one) == matching_name(other) or bool(words_of(one) & words_of(other))


def _meet(one: tuple, other: tuple) -> bool:
    """Whether two rows' dates overlap (both stated)."""
    (start, end), (from_, to) = one[2:4], other[2:4]
    return bool(start and end and from_ and to) and from_ <= end and start <= to

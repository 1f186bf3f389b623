"""Delivery rows matched across publications as a reader lines them up
(`membership`): by organisation and activity as names are lined up, by
what they count whatever the names say, and by the row a published table
shows, its rows summed."""

from __future__ import annotations

import numpy as np

from pipeline.report.names import matching_name, words_of
from pipeline.report.pool import Pool, Publication
from pipeline.report.statistics import Key
from pipeline.report.units import ROW_SEPARATOR


class DeliveryRows(Pool):
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

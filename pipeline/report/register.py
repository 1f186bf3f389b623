"""The register of one area-period's published figures.

Every count a report, the index or a programme overview publishes is
registered here first, with the linear relations it takes part in (a total
and its parts, a part no larger than its total), and every statistic
built on counts: a percentage with its count and base, a mean or median of
whole-number scores with the counts of each score, the statistical test
with what it reveals. `protect.settle` then decides how each is published,
over all of them at once, with the auditor (`audit`).

Keys are tuples of names (`("training", "group", "Tutors", "returns")`),
never strings joined by a separator, so no label in the data can make two
figures share a key. Content code reads every figure back through
`shown`, `value`, `percent` and `statistic`; a key that was not registered
is a bug (KeyError), so nothing reaches a page around the register."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.report import disclosure
from pipeline.report.statistics import (
    Keep,
    Key,
    Mean,
    Median,
    Percent,
    Reveals,
    Shown,
    Statistic,
)

ABOUT = "about "  # how a rounded total reads: "about 355"


@dataclass
class Cell:
    key: Key
    value: int
    about: str  # what the count is, in words, for messages and the method section
    keep: Keep = Keep.PART
    shown: Shown = Shown.EXACT
    small_shown: bool = True  # False: published exactly or not at all, never as <t
    fixed: bool = False  # its publication is decided elsewhere: never withheld
    # False for an unknown that only links figures (how many scored 3 before
    # the course): never published, and not itself audited.
    protected: bool = True
    known: bool = True  # False: the true value is not known (worked out from a 400+)
    # What a reader already knows of it from a version published under a
    # lower threshold (`history`): narrowed no further, it discloses nothing new.
    already: tuple[int, int] | None = None
    # The threshold it was published under, when not the register's (a
    # version published before under another): what `<t` and withheld meant.
    threshold: int | None = None


@dataclass(frozen=True)
class Relation:
    """sum(coefficient * cell) == 0, or <= 0 when `at_most`. The first term
    is the total; the rest are its parts."""

    terms: tuple[tuple[Key, int], ...]
    at_most: bool = False

    @property
    def keys(self) -> list[Key]:
        return [key for key, _ in self.terms]


@dataclass(frozen=True)
class Breakdown:
    """Categories that add up to `base`, in order, and which neighbours may
    be shown together as one category (ages 61-80 and 80+; same and worse):
    `joins` holds i for each i, i+1 that may be joined."""

    base: Key
    parts: tuple[Key, ...]
    joins: frozenset[int]


@dataclass
class Register:
    threshold: int
    rounding: int = 5
    cells: dict[Key, Cell] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    percents: dict[tuple[Key, Key], Percent] = field(default_factory=dict)
    statistics: dict[Key, Mean | Median | Reveals] = field(default_factory=dict)
    breakdowns: dict[Key, Breakdown] = field(default_factory=dict)  # by each of its parts
    shown_with: dict[Key, Key] = field(default_factory=dict)  # a part -> its combined category
    settled: bool = False
    # Settling with published versions (`history`): a question whose figure
    # it withholds is then held back whole, so its figures are taken as any number.
    holding_back: bool = False
    fingerprint: str = ""  # what it would publish, before settling (`published.fingerprint`)
    actions: list[str] = field(default_factory=list)  # secondary protection, in words
    # Each action's count protected, the figures it published less and what
    # it did to them in words (`protect`), to say it again otherwise (`questions`).
    deciding: dict = field(default_factory=dict, repr=False, compare=False)
    held_back: list[str] = field(default_factory=list)  # of them, those for earlier versions
    undisclosed: list = field(default_factory=list)  # what settling could not protect
    # Small counts that reports published before give away by themselves,
    # which nothing this one withholds can hide (`history`), in words.
    exposed: list[str] = field(default_factory=list)
    # The auditor's working state while settling: the rows it made once and
    # the whole-number solutions it found (`audit`).
    solving: dict = field(default_factory=dict, repr=False, compare=False)

    # -- registering ---------------------------------------------------------
    def count(
        self,
        key: Key,
        value: int,
        about: str,
        keep: Keep = Keep.PART,
        derived: bool = False,
        small_shown: bool = True,
        fixed: bool = False,
        protected: bool = True,
    ) -> Key:
        """Register a count. `derived`: never shown as a number itself;
        `small_shown=False`: shown exactly or not at all (no `<t`); `fixed`:
        shown exactly whatever its size, so nothing withholds it;
        `protected=False`: not a count the auditor protects (an unknown that
        links figures, with `derived`; or, with `fixed`, a count of things
        that are not people)."""
        value = int(value)
        if key in self.cells:
            if self.cells[key].value != value:
                # A bug in registering: the message names the figure, never its counts.
                raise RuntimeError(f"{self.cells[key].about} is registered twice, differently")
            return key
        shown = Shown.DERIVED if derived else Shown.EXACT
        self.cells[key] = Cell(key, value, about, keep, shown, small_shown, fixed, protected)
        return key

    def total(self, total: Key, parts: list[Key]) -> None:
        """`total` is the sum of `parts`: a breakdown that adds up."""
        self.relations.append(Relation(((total, -1), *((p, 1) for p in parts))))

    def at_most(self, part: Key, total: Key) -> None:
        """`part` is no larger than `total` (an option of a multi-select question)."""
        self.relations.append(Relation(((total, -1), (part, 1)), at_most=True))

    def at_least_one(self, base: Key, options: list[Key]) -> None:
        """Everyone counted in `base` is counted in at least one of `options`
        (each respondent who answered a multi-select question chose one)."""
        self.relations.append(Relation(((base, 1), *((o, -1) for o in options)), at_most=True))

    def breakdown(self, base: Key, parts: list[Key], joins) -> None:
        """`parts` add up to `base` (registered with `total` too); the
        neighbours i, i+1 for each i in `joins` may be shown as one."""
        found = Breakdown(base, tuple(parts), frozenset(joins))
        for part in parts:
            self.breakdowns[part] = found

    def combined(self, members: tuple[Key, ...]) -> Key:
        """The key of the category that shows `members` together."""
        return (*members[0][:-1], "combined", *(m[-1] for m in members))

    def percent_of(self, count: Key, base: Key, keep: Keep = Keep.PART) -> None:
        self.percents.setdefault((count, base), Percent(keep, count, base))

    def mean(self, key: Key, total: dict, over: dict, what: str, keep: Keep = Keep.PART) -> None:
        self.statistics.setdefault(key, Mean(keep, key, total, over, what))

    def median(self, key: Key, counts: dict[Key, int], what: str, keep: Keep = Keep.PART) -> None:
        self.statistics.setdefault(key, Median(keep, key, counts, what))

    def reveals(self, key: Key, sums, what: str, enough=(), keep: Keep = Keep.DETAIL) -> None:
        self.statistics.setdefault(
            key, Reveals(keep, key, tuple(map(tuple, sums)), what, tuple(enough))
        )

    def publishes(self, statistic: Statistic) -> bool:
        return statistic.publishes(self)

    def every_statistic(self) -> list[Statistic]:
        return [*self.percents.values(), *self.statistics.values()]

    # -- publishing ----------------------------------------------------------
    def _cell(self, key: Key) -> Cell:
        if not self.settled:
            raise RuntimeError("the register must be settled before anything is published")
        return self.cells[key]

    def value(self, key: Key) -> int | None:
        """The count, when it is published exactly."""
        cell = self._cell(key)
        return cell.value if cell.shown is Shown.EXACT else None

    def height(self, key: Key) -> int | None:
        """What a chart may draw for the count: itself when published
        exactly, its lower bound when shown as 400+."""
        cell = self._cell(key)
        return cell.value if cell.shown in (Shown.EXACT, Shown.AT_LEAST) else None

    def shown(self, key: Key) -> str:
        cell = self._cell(key)
        if cell.shown is Shown.EXACT:
            return f"{cell.value:,}"
        if cell.shown is Shown.SUPPRESSED:
            return f"<{self.threshold}"
        if cell.shown is Shown.ROUNDED:
            return f"{ABOUT}{rounded(cell.value, self.rounding):,}"
        if cell.shown is Shown.AT_LEAST:
            return f"{cell.value:,}+"
        return disclosure.WITHHELD

    def groups(self, parts: list[Key]) -> list[tuple[Key, ...]]:
        """`parts` as published, in order: each alone, or with the parts it
        is combined with (they are neighbours, so each group is a run)."""
        found: list[tuple[Key, ...]] = []
        for part in parts:
            within = self.shown_with.get(part)
            if found and within is not None and self.shown_with.get(found[-1][0]) == within:
                found[-1] = (*found[-1], part)
            else:
                found.append((part,))
        return found

    def read(self, members: tuple[Key, ...]) -> Key:
        """The figure to read for a group from `groups`."""
        return members[0] if len(members) == 1 else self.shown_with[members[0]]

    def percent(self, count: Key, base: Key) -> int | None:
        """The whole-number percentage of `count` over `base`, when published."""
        self._cell(count)
        pct = self.percents[(count, base)]
        return pct.value(self) if pct.publishes(self) else None

    def statistic(self, key: Key) -> str:
        """A mean or median as published, or "withheld"."""
        if not self.settled:
            raise RuntimeError("the register must be settled before anything is published")
        found = self.statistics[key]
        return found.shown(self) if found.publishes(self) else disclosure.WITHHELD


def rounded(value: int, to: int) -> int:
    """To the nearest multiple of `to`, halves up (357 -> 355, 358 -> 360)."""
    return (2 * value + to) // (2 * to) * to

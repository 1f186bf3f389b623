"""The register of one area-period's published figures.

Every count a report, the index or a programme overview publishes is
registered here first, with the linear relations it takes part in (a total
and its parts, a part no larger than its total), and every percentage with
its count and base. `protect.settle` then decides how each is published,
over all of them at once, with the auditor (`audit`).

Content code then reads every figure back through `shown`, `value` and
`percent`; a key that was not registered is a bug (KeyError), so nothing
reaches a page around the register."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum, StrEnum

from pipeline.report import disclosure

ABOUT = "about "  # how a rounded total reads: "about 355"


class Shown(StrEnum):
    EXACT = "exact"
    SUPPRESSED = "suppressed"  # small: shown as <t
    WITHHELD = "withheld"  # not shown, to protect a small count elsewhere
    ROUNDED = "rounded"  # shown to the nearest `rounding`
    DERIVED = "derived"  # never shown as a number (the inactive, behind a percentage)


class Keep(IntEnum):
    """How much a figure matters to readers: secondary protection withholds
    the least important first."""

    DETAIL = 0  # e.g. the statistical test's n and "of which changed"
    PART = 1  # a category of a breakdown
    BASE = 2  # how many answered a question
    HEADLINE = 3  # respondents, people trained, participants


@dataclass
class Cell:
    key: str
    value: int
    about: str  # what the count is, in words, for messages and the method section
    keep: Keep = Keep.PART
    shown: Shown = Shown.EXACT
    small_shown: bool = True  # False: published exactly or not at all, never as <t
    fixed: bool = False  # published exactly elsewhere (the steward's page): never withheld


@dataclass(frozen=True)
class Relation:
    """sum(coefficient * cell) == 0, or <= 0 when `at_most`. The first term
    is the total; the rest are its parts."""

    terms: tuple[tuple[str, int], ...]
    at_most: bool = False

    @property
    def keys(self) -> list[str]:
        return [key for key, _ in self.terms]


@dataclass
class Percent:
    """A whole-number percentage of `count` over `base`, half-up."""

    count: str
    base: str
    keep: Keep = Keep.PART
    withheld: bool = False


@dataclass
class Register:
    threshold: int
    rounding: int = 5
    cells: dict[str, Cell] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    percents: dict[tuple[str, str], Percent] = field(default_factory=dict)
    settled: bool = False
    actions: list[str] = field(default_factory=list)  # secondary protection, in words
    undisclosed: list = field(default_factory=list)  # what settling could not protect

    # -- registering ---------------------------------------------------------
    def count(
        self,
        key: str,
        value: int,
        about: str,
        keep: Keep = Keep.PART,
        derived: bool = False,
        small_shown: bool = True,
        fixed: bool = False,
    ) -> str:
        """Register a count. `derived`: never shown as a number itself;
        `small_shown=False`: shown exactly or not at all (no `<t`); `fixed`:
        shown exactly on a page the register does not decide (the steward's
        rows read), so the auditor counts it as published and nothing
        withholds it."""
        value = int(value)
        if key in self.cells:
            if self.cells[key].value != value:
                raise ValueError(f"{key} registered twice, as {self.cells[key].value} and {value}")
            return key
        shown = Shown.DERIVED if derived else Shown.EXACT
        self.cells[key] = Cell(key, value, about, keep, shown, small_shown, fixed)
        return key

    def total(self, total: str, parts: list[str]) -> None:
        """`total` is the sum of `parts`: a breakdown that adds up."""
        self.relations.append(Relation(((total, -1), *((p, 1) for p in parts))))

    def at_most(self, part: str, total: str) -> None:
        """`part` is no larger than `total` (an option of a multi-select question)."""
        self.relations.append(Relation(((total, -1), (part, 1)), at_most=True))

    def percent_of(self, count: str, base: str, keep: Keep = Keep.PART) -> None:
        self.percents.setdefault((count, base), Percent(count, base, keep))

    def publishes(self, pct: Percent) -> bool:
        """Whether a percentage is given: never of a small or hidden count,
        nor over a small base."""
        count, base = self.cells[pct.count], self.cells[pct.base]
        return (
            not pct.withheld
            and count.shown in (Shown.EXACT, Shown.DERIVED)
            and not disclosure.is_small(count.value, self.threshold)
            and base.value >= self.threshold
        )

    # -- publishing ----------------------------------------------------------
    def _cell(self, key: str) -> Cell:
        if not self.settled:
            raise RuntimeError("the register must be settled before anything is published")
        return self.cells[key]

    def value(self, key: str) -> int | None:
        """The count, when it is published exactly."""
        cell = self._cell(key)
        return cell.value if cell.shown is Shown.EXACT else None

    def shown(self, key: str) -> str:
        cell = self._cell(key)
        if cell.shown is Shown.EXACT:
            return f"{cell.value:,}"
        if cell.shown is Shown.SUPPRESSED:
            return f"<{self.threshold}"
        if cell.shown is Shown.ROUNDED:
            return f"{ABOUT}{rounded(cell.value, self.rounding):,}"
        return disclosure.WITHHELD

    def percent(self, count: str, base: str) -> int | None:
        """The whole-number percentage of `count` over `base`, when published."""
        self._cell(count)
        pct = self.percents[(count, base)]
        if not self.publishes(pct):
            return None
        return disclosure.round_half_up(self.cells[count].value, self.cells[base].value)


def rounded(value: int, to: int) -> int:
    """To the nearest multiple of `to`, halves up (357 -> 355, 358 -> 360)."""
    return (2 * value + to) // (2 * to) * to

"""Figures built on counts, each published or withheld as a whole, and
what a reader learns from each one published, as linear constraints on
the counts (rows for the auditor): a percentage with its count and base;
a mean of whole-number scores; a median of whole numbers; the statistical
test, taken to reveal every count it is computed from. Each knows the
primary rule it is published under (a percentage is never of a small
count, nor over a base below t; a mean or median needs t contributors).
Here too: how a count is shown, and how much a figure matters to readers."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from typing import Protocol

from pipeline.report import disclosure

Key = tuple[str, ...]  # a figure's name in its register: ("training", "group", "Tutors")
# One linear constraint a reader knows: low <= sum(coefficient * cell) <= high.
Row = tuple[dict[Key, int], float, float]
INFINITY = float("inf")


class Shown(StrEnum):
    EXACT = "exact"
    SUPPRESSED = "suppressed"  # small: shown as <t
    WITHHELD = "withheld"  # not shown, to protect a small count elsewhere
    # Not shown, with every figure of its question, whatever their values
    # (held back by rule): unlike a count withheld, it may be small to a reader.
    HELD_BACK = "held back"
    ROUNDED = "rounded"  # shown to the nearest `rounding`
    DERIVED = "derived"  # never shown as a number (the inactive, behind a percentage)
    AT_LEAST = "at least"  # shown as its lower bound and a plus: 400+
    COMBINED = "combined"  # not shown alone: within a combined category (same or worse)


class Keep(IntEnum):
    """How much a figure matters to readers: secondary protection withholds
    the least important first."""

    DETAIL = 0  # e.g. the statistical test
    PART = 1  # a category of a breakdown
    BASE = 2  # how many answered a question
    HEADLINE = 3  # respondents, people trained, participants


class Figures(Protocol):
    """What a statistic reads of its register: the threshold and the counts."""

    threshold: int
    cells: dict


@dataclass
class Statistic:
    """A figure built on counts, published or withheld as a whole. `rows`
    are what a reader learns from it when it is published."""

    keep: Keep
    withheld: bool = field(default=False, kw_only=True)

    def uses(self) -> set[Key]:
        """The counts it is worked out from."""
        raise NotImplementedError

    def allowed(self, register: Figures) -> bool:
        """Whether the primary rules let it be published at all."""
        return True

    def publishes(self, register: Figures) -> bool:
        return not self.withheld and self.allowed(register)

    def rows(self, register: Figures) -> list[Row]:
        raise NotImplementedError

    def about(self, register: Figures) -> str:
        raise NotImplementedError


@dataclass
class Percent(Statistic):
    """A whole-number percentage of `count` over `base`, half-up."""

    count: Key
    base: Key

    def uses(self) -> set[Key]:
        return {self.count, self.base}

    def allowed(self, register: Figures) -> bool:
        """Never of a small count (nor of one shown only within a category
        shown together with others), nor over a small base. A count withheld
        to protect another may keep its percentage: the auditor decides, and
        a chart keeps its bars."""
        count, base = register.cells[self.count], register.cells[self.base]
        return (
            count.shown not in (Shown.SUPPRESSED, Shown.COMBINED)
            and count.known
            and base.known
            and not disclosure.is_small(count.value, register.threshold)
            and base.value >= register.threshold
        )

    def value(self, register: Figures) -> int:
        return disclosure.round_half_up(
            register.cells[self.count].value, register.cells[self.base].value
        )

    def rows(self, register: Figures) -> list[Row]:
        """p of c over b, rounded half-up: (2p-1)b <= 200c <= (2p+1)b - 1.
        And the rules say it is given only over a base of at least t, and
        never of a small count: c >= t when p > 0."""
        p, t = self.value(register), register.threshold
        c, b = self.count, self.base
        found = [
            ({c: 200, b: -(2 * p - 1)}, 0, INFINITY),
            ({c: 200, b: -(2 * p + 1)}, -INFINITY, -1),
            ({b: 1}, t, INFINITY),
        ]
        if p > 0:
            found.append(({c: 1}, t, INFINITY))
        return found

    def about(self, register: Figures) -> str:
        return f"the share of {register.cells[self.count].about}"


@dataclass
class Mean(Statistic):
    """A mean of whole-number scores, rounded half-up to one decimal: the
    sum of the scores over the number of people, each a linear sum of
    counts (`total`, `over`: cell -> coefficient)."""

    key: Key
    total: dict[Key, int]
    over: dict[Key, int]
    what: str  # "mean confidence before the course of Tutors"

    def uses(self) -> set[Key]:
        return set(self.total) | set(self.over)

    def _sum(self, register: Figures, terms: dict[Key, int]) -> int:
        return sum(c * register.cells[k].value for k, c in terms.items())

    def allowed(self, register: Figures) -> bool:
        return disclosure.enough(self._sum(register, self.over), register.threshold)

    def tenths(self, register: Figures) -> int:
        total, n = self._sum(register, self.total), self._sum(register, self.over)
        return (20 * total + n) // (2 * n)

    def shown(self, register: Figures) -> str:
        return f"{self.tenths(register) / 10:.1f}"

    def rows(self, register: Figures) -> list[Row]:
        """A mean shown as D tenths of a sum S over n people: (2D-1)n <= 20S
        <= (2D+1)n - 1, linear in the counts; and n >= t."""
        d = self.tenths(register)

        def row(width: int) -> dict[Key, int]:
            terms = {k: 20 * c for k, c in self.total.items()}
            for k, c in self.over.items():
                terms[k] = terms.get(k, 0) - width * c
            return terms

        return [
            (row(2 * d - 1), 0, INFINITY),
            (row(2 * d + 1), -INFINITY, -1),
            (dict(self.over), register.threshold, INFINITY),
        ]

    def about(self, register: Figures) -> str:
        return f"the {self.what}"


@dataclass
class Median(Statistic):
    """The median of whole numbers: `counts` maps each count (of people with
    one value) to that value. Shown to one decimal, which is exact: the
    median of whole numbers is a whole or a half."""

    key: Key
    counts: dict[Key, int]
    what: str

    def uses(self) -> set[Key]:
        return set(self.counts)

    def _n(self, register: Figures) -> int:
        return sum(register.cells[k].value for k in self.counts)

    def allowed(self, register: Figures) -> bool:
        return disclosure.enough(self._n(register), register.threshold)

    def _middle(self, register: Figures) -> tuple[int, int]:
        """The two middle values (the same one for an odd n)."""
        tally: dict[int, int] = {}
        for k, v in self.counts.items():
            tally[v] = tally.get(v, 0) + register.cells[k].value
        n, seen, found = sum(tally.values()), 0, []
        for value in sorted(tally):
            seen += tally[value]
            found += [value] * sum(seen > i >= seen - tally[value] for i in {(n - 1) // 2, n // 2})
        return found[0], found[-1]

    def halves(self, register: Figures) -> int:
        """Twice the median: a whole number."""
        return sum(self._middle(register))

    def shown(self, register: Figures) -> str:
        from pipeline.report.analysis import signed

        return signed(self.halves(register) / 2)

    def rows(self, register: Figures) -> list[Row]:
        """With L the people below the median m, G above and n in all: for an
        odd n, 2L <= n-1 and 2G <= n-1 (exact). For an even n the two middle
        values a <= b give m = (a+b)/2, a choice among several (a, b) a
        linear program cannot make; the auditor takes the one that holds,
        which is more than a reader knows and so never too little: when
        a == b == m, 2L <= n-2 and 2G <= n-2; when a < m < b, L = G = n/2,
        someone has a and someone has b, and nobody a value between."""
        m2, t = self.halves(register), register.threshold
        n = self._n(register)
        below = {k: (2 if 2 * v < m2 else 0) - 1 for k, v in self.counts.items()}  # 2L - n
        above = {k: (2 if 2 * v > m2 else 0) - 1 for k, v in self.counts.items()}  # 2G - n
        everyone = ({k: 1 for k in self.counts}, t, INFINITY)
        if n % 2:
            return [(below, -INFINITY, -1), (above, -INFINITY, -1), everyone]
        a, b = self._middle(register)
        if a == b:
            return [(below, -INFINITY, -2), (above, -INFINITY, -2), everyone]
        found = [(below, 0, 0), (above, 0, 0), everyone]
        for value, low in ((a, 1), (b, 1)):
            found.append(({k: 1 for k, v in self.counts.items() if v == value}, low, INFINITY))
        between = {k: 1 for k, v in self.counts.items() if a < v < b}
        if between:
            found.append((between, 0, 0))
        return found

    def about(self, register: Figures) -> str:
        return f"the {self.what}"


@dataclass
class Reveals(Statistic):
    """A published figure that is not linear in the counts (the signed-rank
    test's W and p): the auditor takes it to reveal exactly every sum of
    counts in `sums` (e.g. how many changed by each amount), more than it
    does, so never too little."""

    key: Key
    sums: tuple[tuple[Key, ...], ...]
    what: str
    enough: tuple[Key, ...] = ()  # run only when these add up to at least t

    def uses(self) -> set[Key]:
        return {k for keys in self.sums for k in keys}

    def allowed(self, register: Figures) -> bool:
        return disclosure.enough(
            sum(register.cells[k].value for k in self.enough), register.threshold
        )

    def rows(self, register: Figures) -> list[Row]:
        found = []
        for keys in self.sums:
            value = sum(register.cells[k].value for k in keys)
            found.append(({k: 1 for k in keys}, value, value))
        return found

    def about(self, register: Figures) -> str:
        return f"the {self.what}"

"""Sets of parts whose counts add up to a whole's, as a reader finds them
(`linked` ties a measure to them; `adding_up` links publications by them):
a half-year less one quarter, a year less five months and a half-year, a
county less one of its strand areas.

A search, not every subset: a branch is dropped once the parts after it
can no longer make up the rest of the whole's counts, which keeps a year
of weeks, months, quarters and halves, or a programme's areas, to a few
thousand steps."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence

# How many sets are kept for one whole, and how many choices the search
# makes, at most; past them it stops (`docs/security.md` says what is then
# not guaranteed).
MOST_SUMS = 64
MOST_STEPS = 200_000


def summing(
    values: Sequence[Sequence[int]],
    whole: Sequence[int],
    apart: Callable[[int, int], bool],
    least: int = 2,
) -> list[list[int]]:
    """Every set of `least` or more positions of `values` (each part's
    counts, in the order of `whole`'s), any two of them `apart`, whose
    counts add up to `whole`'s in every place."""
    found: list[list[int]] = []
    steps = 0
    reachable = _reachable(values, whole)

    def search(start: int, chosen: list[int], totals: tuple[int, ...]) -> None:
        nonlocal steps
        if len(chosen) >= least and totals == tuple(whole):
            found.append(list(chosen))
        for at in range(start, len(values)):
            steps += 1
            if len(found) >= MOST_SUMS or steps > MOST_STEPS:
                return
            added = tuple(t + v for t, v in zip(totals, values[at], strict=True))
            # Only where the parts after it can still make up the rest (overlaps
            # aside): eight weekly reports before January once spent every
            # step on sets that could never reach a year's total.
            if not all(
                r >> (w - a) & 1 if w >= a else False
                for r, w, a in zip(reachable[at + 1], whole, added, strict=True)
            ):
                continue
            if all(apart(at, other) for other in chosen):
                search(at + 1, [*chosen, at], added)

    search(0, [], tuple(0 for _ in whole))
    return found


def _reachable(values: Sequence[Sequence[int]], whole: Sequence[int]) -> list[list[int]]:
    """For each position, each place's sums that parts from it on can make,
    as bits of an integer (bit n: a sum of n), up to the whole's."""
    ends = [(1 << (w + 1)) - 1 for w in whole]
    found = [[1] * len(whole)]
    for value in reversed(values):
        after = found[0]
        found.insert(0, [(r | r << v) & end for r, v, end in zip(after, value, ends, strict=True)])
    return found


def within(inner: tuple[str, str], outer: tuple[str, str]) -> bool:
    """Whether the dates `inner` (first and last days) lie within `outer`."""
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def apart(one: tuple[str, tuple[str, str]], other: tuple[str, tuple[str, str]]) -> bool:
    """Whether two publications, (area, dates), count none of the same
    people to a reader: other areas (a county's strands), or periods of one
    area that do not overlap."""
    (area, span), (other_area, other_span) = one, other
    return area != other_area or not (span[0] <= other_span[1] and other_span[0] <= span[1])


# How many days a part of another area may run outside its whole's dates:
# a strand's export of a quarter ran five days into the previous month,
# and the county less it still gave the other strand's <5.
SLACK_DAYS = 31


def part_of(part: tuple[str, tuple[str, str]], whole: tuple[str, tuple[str, str]]) -> bool:
    """Whether a publication may be a part of another: within its dates
    (a part of another area: overlapping them, and at most SLACK_DAYS
    outside), and not a version of the same area-period."""
    if part == whole:
        return False
    if part[0] == whole[0]:
        return within(part[1], whole[1])
    (first, last), (start, end) = (tuple(_day(day) for day in span) for span in (part[1], whole[1]))
    outside = max((start - first).days, 0) + max((last - end).days, 0)
    return first <= end and start <= last and outside <= SLACK_DAYS


@functools.lru_cache(maxsize=4096)
def _day(day: str) -> dt.date:
    return dt.date.fromisoformat(day[:10])

"""What may be published: small-number suppression. Every published figure
goes through these, so the rules live in one place (docs/methodology.md explains them to reviewers).

The rule: a count from 1 to threshold-1 is shown as `<threshold` and any
percentage built on it is withheld; a median or mean needs at least
`threshold` contributors. Where the categories of one question add up to a
published total, a single suppressed category could be recovered by
subtraction, so the next smallest is suppressed with it."""

from __future__ import annotations

from collections.abc import Mapping

WITHHELD = "withheld"


def is_small(count: int, threshold: int) -> bool:
    return 0 < count < threshold


def round_half_up(numerator: int, denominator: int) -> int:
    """100 * numerator / denominator rounded half-up, exactly (no float
    rounding surprises: 1 of 8 is 12.5% -> 13%)."""
    return (200 * numerator + denominator) // (2 * denominator)


def show_count(count: int, threshold: int) -> str:
    return f"<{threshold}" if is_small(count, threshold) else f"{count:,}"


def percent(count: int, base: int, threshold: int) -> int | None:
    """Whole-number percentage, or None when it would disclose a small count."""
    if base == 0 or is_small(count, threshold) or base < threshold:
        return None
    return round_half_up(count, base)


def percent_of_published(count: int, base: int, threshold: int) -> int | None:
    """As `percent`, for a share of a total that is itself published (the
    respondents): also withheld when the rest, base - count, is small, since
    subtracting the share from the total would reveal it."""
    if is_small(base - count, threshold):
        return None
    return percent(count, base, threshold)


def show_percent(value: int | None) -> str:
    return WITHHELD if value is None else f"{value}%"


def suppressed_categories(counts: Mapping[str, int], threshold: int) -> set[str]:
    """Categories of one single-choice question whose counts must not be
    published, given that their total is published."""
    hidden = {name for name, n in counts.items() if is_small(n, threshold)}
    if len(hidden) == 1:
        others = sorted((n, name) for name, n in counts.items() if n > 0 and name not in hidden)
        if others:
            hidden.add(others[0][1])
    return hidden


def enough(contributors: int, threshold: int) -> bool:
    """Whether a median or mean over this many people may be published."""
    return contributors >= threshold

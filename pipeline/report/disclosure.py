"""The primary rules of disclosure control (docs/methodology.md explains
them to reviewers): a count from 1 to threshold-1 is shown as `<threshold`
and any percentage built on it is withheld; a median or mean needs at least
`threshold` contributors. What a reader could work out by combining
published figures is handled by the register and its auditor
(`register`, `audit`), which build on these."""

from __future__ import annotations

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


def show_percent(value: int | None) -> str:
    return WITHHELD if value is None else f"{value}%"


def enough(contributors: int, threshold: int) -> bool:
    """Whether a median or mean over this many people may be published."""
    return contributors >= threshold

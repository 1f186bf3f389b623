"""The report's statistics beyond counts: rankings, means and medians (only
over enough people), the signed-rank test, money and the indicators' series.
Counts themselves are registered and published through `figures` and
`register`, so that the auditor sees every one. Nothing here returns a row
of the input."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline.report import disclosure

ENGLAND_CODE = "E92000001"


@dataclass(frozen=True)
class Share:
    """One category of a breakdown, ready to publish."""

    category: str
    count: int | None  # None when suppressed: only `shown` may be published
    shown: str
    percent: int | None  # None when withheld


def ranked(shares: list[Share]) -> list[Share]:
    """Largest first; suppressed categories last, in their original order."""
    return sorted(shares, key=lambda s: -1 if s.count is None else -s.count)


def top(shares: list[Share]) -> Share | None:
    """The most common published category, if one clearly leads."""
    published = [s for s in shares if s.count]
    if not published:
        return None
    best = max(published, key=lambda s: s.count)
    if sum(s.count == best.count for s in published) > 1:
        return None  # a tie has no single top answer
    return best


@dataclass(frozen=True)
class GroupConfidence:
    group: str
    participants: str
    returned: str
    mean_before: str
    mean_after: str
    median_change: str


def mean(values: pd.Series, threshold: int) -> str:
    values = values.dropna()
    if not disclosure.enough(len(values), threshold):
        return disclosure.WITHHELD
    return f"{float(values.mean()):.1f}"


def median(values: pd.Series, threshold: int) -> str:
    values = values.dropna()
    if not disclosure.enough(len(values), threshold):
        return disclosure.WITHHELD
    return signed(float(values.median()))


def signed(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in {"0", "-0"} else (f"+{text}" if value > 0 else text)


@dataclass(frozen=True)
class DistanceTravelled:
    pairs: int
    pairs_shown: str
    unmatched: str
    median_change: str
    directions: list[Share]
    wilcoxon: str  # a sentence: the test, n, statistic and p, or why it was not run


def wilcoxon_sentence(pairs: pd.DataFrame, threshold: int, publishable: bool = True) -> str:
    """Paired Wilcoxon signed-rank test of after against before, two-sided,
    zero differences dropped (Wilcoxon's method), as SciPy computes it.
    Its n, "of which changed", W and p all depend on how many improved and
    got worse, so none of them is given unless every one of those counts is
    published (`publishable`)."""
    before = pairs["confidence_before"].to_numpy(dtype=float)
    after = pairs["confidence_after"].to_numpy(dtype=float)
    non_zero = int(np.count_nonzero(after - before))
    method = (
        "Paired Wilcoxon signed-rank test (two-sided; pairs with no change are dropped, "
        "Wilcoxon's method)"
    )
    if not disclosure.enough(non_zero, threshold):
        return f"{method}: not run, because fewer than {threshold} participants' scores changed."
    if not publishable:
        return (
            f"{method}: not shown, because its numbers would let a reader work out a count "
            "of participants too small to publish."
        )
    statistic, p = signed_rank_test(after - before)
    p_text = "p < 0.001" if p < 0.001 else f"p = {p:.3f}"
    return (
        f"{method}: n = {len(pairs):,} pairs, of which {non_zero:,} changed; "
        f"W = {statistic:g}, {p_text}."
    )


def signed_rank_test(differences: np.ndarray) -> tuple[float, float]:
    """Two-sided Wilcoxon signed-rank test with zeros dropped: the statistic
    and p-value `scipy.stats.wilcoxon(d, zero_method="wilcox")` gives, by the
    same choice of method (tests/test_analysis.py compares the two). Written
    out because importing scipy.stats costs every report kernel 0.6 s."""
    d = np.asarray(differences, dtype=float)
    changed = d[d != 0]
    ranks, tie_sizes = _average_ranks(np.abs(changed))
    r_plus = float(ranks[changed > 0].sum())
    statistic = min(r_plus, float(ranks[changed < 0].sum()))
    count = len(changed)
    ties, zeros = bool((tie_sizes > 1).any()), count < len(d)
    if len(d) <= 50 and not ties and not zeros:
        # Exact null distribution of W+: the number of subsets of 1..n per sum.
        ways = np.zeros(count * (count + 1) // 2 + 1)
        ways[0] = 1
        for rank in range(1, count + 1):
            ways[rank:] = ways[rank:] + ways[:-rank].copy()
        pmf = ways / ways.sum()
        below = pmf[: int(np.ceil(r_plus)) + 1].sum()
        above = pmf[int(np.floor(r_plus)) :].sum()
        return statistic, float(min(1.0, 2 * min(below, above)))
    if len(d) <= 13:
        # Every assignment of signs to the ranks (2**13 at most), as scipy's
        # exact permutation test enumerates them.
        signs = (np.arange(2**count)[:, None] >> np.arange(count)) & 1
        null = signs @ ranks
        gamma = abs(np.finfo(float).eps * 100 * r_plus)
        below = np.mean(null <= r_plus + gamma)
        above = np.mean(null >= r_plus - gamma)
        return statistic, float(min(1.0, 2 * min(below, above)))
    mean = count * (count + 1) / 4
    spread = count * (count + 1) * (2 * count + 1) - float((tie_sizes**3 - tie_sizes).sum()) / 2
    z = (r_plus - mean) / np.sqrt(spread / 24)
    return statistic, float(math.erfc(abs(z) / math.sqrt(2)))


def _average_ranks(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Ranks from 1, ties sharing their average rank; and the size of each tie group."""
    order = np.argsort(values, kind="mergesort")
    ordered = values[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    sizes = np.diff(np.r_[starts, len(values)])
    average = starts + (sizes + 1) / 2
    ranks = np.empty(len(values))
    ranks[order] = np.repeat(average, sizes)
    return ranks, sizes


@dataclass(frozen=True)
class DeliveryLine:
    label: str
    sessions: int
    participants: str
    participants_value: int | None
    funding: str


def money(values: pd.Series) -> str:
    values = values.dropna()
    if values.empty:
        return "not given"
    return f"£{float(values.sum()):,.0f}"


def indicator_series(indicators: pd.DataFrame, la_code: str | None) -> pd.DataFrame:
    """One row per indicator and release: the area's value and England's, in
    the order the releases appear in the file (they are labels, not dates)."""
    frame = indicators.copy()
    frame["where"] = np.where(frame["geography_code"] == ENGLAND_CODE, "england", "area")
    if la_code:
        keep = frame["geography_code"].isin([la_code, ENGLAND_CODE])
        frame = frame[keep]
    order = {r: i for i, r in enumerate(dict.fromkeys(frame["release"]))}
    wide = frame.pivot_table(
        index=["indicator", "release"], columns="where", values="value", aggfunc="first"
    ).reset_index()
    for column in ("area", "england"):
        if column not in wide:
            wide[column] = math.nan
    wide["order"] = wide["release"].map(order)
    return wide.sort_values(["indicator", "order"])[["indicator", "release", "area", "england"]]

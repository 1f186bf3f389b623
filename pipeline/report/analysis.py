"""The report's numbers, from processed data to published tables.

Every function returns only aggregates that have been through
`disclosure`: counts below the threshold are shown as `<5` (or "withheld"
when suppressed to protect another cell), percentages on them withheld,
medians and means only over enough people. Nothing here returns a row of the
input. The notebook and the index both read these, so a figure in the report
and its headline in the index can never disagree."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline.contract import ACTIVITIES, ACTIVITY_LEVELS, BARRIERS, INACTIVE_LEVELS
from pipeline.report import disclosure

ENGLAND_CODE = "E92000001"


@dataclass(frozen=True)
class Share:
    """One category of a breakdown, ready to publish."""

    category: str
    count: int | None  # None when suppressed: only `shown` may be published
    shown: str
    percent: int | None  # None when withheld


def _published(counts: dict[str, int], base: int, threshold: int, sums_to_base: bool) -> list:
    hidden = (
        disclosure.suppressed_categories(counts, threshold)
        if sums_to_base
        else {c for c, n in counts.items() if disclosure.is_small(n, threshold)}
    )
    shares = []
    for category, n in counts.items():
        if category in hidden:
            small = disclosure.is_small(n, threshold)
            shown = disclosure.show_count(n, threshold) if small else disclosure.WITHHELD
            shares.append(Share(category, None, shown, None))
        else:
            shares.append(Share(category, n, f"{n:,}", disclosure.percent(n, base, threshold)))
    return shares


def single_choice(values: pd.Series, categories, threshold: int) -> tuple[list[Share], int]:
    """Shares of those who answered a one-answer question, and how many answered."""
    answered = values.dropna()
    counts = {c: int((answered == c).sum()) for c in categories}
    return _published(counts, len(answered), threshold, sums_to_base=True), len(answered)


def multi_choice(
    answers: pd.DataFrame, question: str, categories, threshold: int
) -> tuple[list[Share], int]:
    """Shares of respondents who answered a multi-select question; they can
    add up to more than 100%."""
    asked = answers[answers["question"] == question]
    base = int(asked["respondent_id"].nunique())
    counts = {c: int((asked["answer"] == c).sum()) for c in categories}
    return _published(counts, base, threshold, sums_to_base=False), base


def ranked(shares: list[Share]) -> list[Share]:
    """Largest first; suppressed categories last, in their original order."""
    return sorted(shares, key=lambda s: -1 if s.count is None else -s.count)


def activity_levels(levels: pd.DataFrame, threshold: int) -> tuple[list[Share], int]:
    counts = dict(zip(levels["activity_level"].astype(str), levels["respondents"], strict=True))
    counts = {band: int(counts.get(band, 0)) for band in ACTIVITY_LEVELS}
    base = sum(counts.values())
    return _published(counts, base, threshold, sums_to_base=True), base


def inactive_percent(levels: pd.DataFrame, threshold: int) -> int | None:
    counts = dict(zip(levels["activity_level"].astype(str), levels["respondents"], strict=True))
    inactive = sum(int(counts.get(b, 0)) for b in INACTIVE_LEVELS)
    # The respondents are published beside it, so the active must not be few either.
    return disclosure.percent_of_published(
        inactive, sum(int(v) for v in counts.values()), threshold
    )


def activities_and_interests(answers: pd.DataFrame, threshold: int) -> dict:
    now, now_base = multi_choice(answers, "activities", ACTIVITIES, threshold)
    wanted, wanted_base = multi_choice(answers, "interests", ACTIVITIES, threshold)
    return {"now": now, "now_base": now_base, "wanted": wanted, "wanted_base": wanted_base}


def barriers(answers: pd.DataFrame, threshold: int) -> tuple[list[Share], int]:
    shares, base = multi_choice(answers, "barriers", BARRIERS, threshold)
    return ranked(shares), base


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


def _mean(values: pd.Series, threshold: int) -> str:
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


def confidence_by_group(training: pd.DataFrame, pairs: pd.DataFrame, threshold: int) -> list:
    """Before and after means over participants with both scores, per
    workforce group, with how many took part and how many returned."""
    rows = []
    for group in sorted(training["workforce_group"].dropna().unique()):
        everyone = training[training["workforce_group"] == group]
        paired = pairs[pairs["workforce_group"] == group]
        rows.append(
            GroupConfidence(
                str(group),
                disclosure.show_count(everyone["participant_id"].nunique(), threshold),
                disclosure.show_count(len(paired), threshold),
                _mean(paired["confidence_before"].astype("Float64"), threshold),
                _mean(paired["confidence_after"].astype("Float64"), threshold),
                median(paired["change"].astype("Float64"), threshold),
            )
        )
    return rows


@dataclass(frozen=True)
class DistanceTravelled:
    pairs: int
    pairs_shown: str
    unmatched: str
    median_change: str
    directions: list[Share]
    wilcoxon: str  # a sentence: the test, n, statistic and p, or why it was not run


def distance_travelled(training: pd.DataFrame, pairs: pd.DataFrame, threshold: int):
    changes = pairs["change"].astype("Float64")
    directions, _ = single_choice(pairs["direction"], ("improved", "same", "worse"), threshold)
    unmatched = int(training["confidence_after"].isna().sum())
    return DistanceTravelled(
        pairs=len(pairs),
        pairs_shown=disclosure.show_count(len(pairs), threshold),
        unmatched=disclosure.show_count(unmatched, threshold),
        median_change=median(changes, threshold),
        directions=directions,
        wilcoxon=wilcoxon_sentence(pairs, threshold),
    )


def wilcoxon_sentence(pairs: pd.DataFrame, threshold: int) -> str:
    """Paired Wilcoxon signed-rank test of after against before, two-sided,
    zero differences dropped (Wilcoxon's method), as SciPy computes it."""
    before = pairs["confidence_before"].to_numpy(dtype=float)
    after = pairs["confidence_after"].to_numpy(dtype=float)
    non_zero = int(np.count_nonzero(after - before))
    method = (
        "Paired Wilcoxon signed-rank test (two-sided; pairs with no change are dropped, "
        "Wilcoxon's method)"
    )
    if not disclosure.enough(non_zero, threshold):
        return f"{method}: not run, because fewer than {threshold} participants' scores changed."
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


def delivery_by(delivery: pd.DataFrame, key: str, threshold: int) -> list[DeliveryLine]:
    """Sessions, participants and funding per organisation or activity.
    Participants add up to the published total, so a lone small group is
    protected by withholding the next smallest too."""
    grouped = {str(label): part for label, part in delivery.groupby(key, sort=True, observed=True)}
    people = {label: int(part["participants"].sum()) for label, part in grouped.items()}
    shares = {s.category: s for s in _published(people, sum(people.values()), threshold, True)}
    return [
        DeliveryLine(
            label,
            int(part["sessions"].sum()),
            shares[label].shown,
            shares[label].count,
            money(part["funding_gbp"]),
        )
        for label, part in grouped.items()
    ]


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

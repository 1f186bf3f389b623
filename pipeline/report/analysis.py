"""The report's statistics beyond counts: rankings, the signed-rank test,
money and the indicators' series. Counts, means and medians are registered
and published through `figures` and `register`, so that the auditor sees
every one. Nothing here returns a row of the input."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline.report import disclosure

ENGLAND_CODE = "E92000001"


@dataclass(frozen=True)
class Share:
    """One category of a breakdown, ready to publish."""

    category: str  # its name, or its categories' names joined: "Same or worse"
    count: int | None  # None when suppressed: only `shown` may be published
    shown: str
    percent: int | None  # None when withheld
    parts: tuple[str, ...] = ()  # the categories shown together as this one


def alone(shares: list[Share], category: str) -> Share | None:
    """The share that is `category` on its own, when it is not shown
    together with another (improved, not "improved or same")."""
    return next((s for s in shares if s.parts == (category,)), None)


def ranked(shares: list[Share]) -> list[Share]:
    """Largest first; suppressed categories last, in their original order."""
    return sorted(shares, key=lambda s: -1 if s.count is None else -s.count)


def top(shares: list[Share]) -> Share | None:
    """The most common published category, if one clearly leads. None when
    a category is withheld: it could be the largest, and naming another as
    the most common would tell a reader it is not."""
    published = [s for s in shares if s.count]
    if not published or any_withheld(shares):
        return None
    best = max(published, key=lambda s: s.count)
    if sum(s.count == best.count for s in published) > 1:
        return None  # a tie has no single top answer
    return best


def any_withheld(shares: list[Share]) -> bool:
    """Whether a category's number is withheld: it could be any size, so no
    ranking of the others may say which is the most common."""
    return any(s.shown == disclosure.WITHHELD for s in shares)


@dataclass(frozen=True)
class GroupConfidence:
    group: str
    participants: str
    returned: str
    mean_before: str
    mean_after: str
    median_change: str


def signed(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in {"0", "-0"} else (f"+{text}" if value > 0 else text)


@dataclass(frozen=True)
class SignedRank:
    """The signed-rank test's result, when it may be published."""

    pairs: int
    changed: int
    statistic: float
    p: float


@dataclass(frozen=True)
class DistanceTravelled:
    pairs: int
    pairs_shown: str
    unmatched: str
    median_change: str
    directions: list[Share]
    wilcoxon: str  # a sentence: the test, n, statistic and p, or why it was not run
    test: SignedRank | None = None  # its numbers, when they are given


def wilcoxon_test(pairs: pd.DataFrame, threshold: int, publishable: bool = True):
    """Paired Wilcoxon signed-rank test of after against before, two-sided,
    zero differences dropped (Wilcoxon's method), as SciPy computes it; None
    when fewer than `threshold` scores changed or its numbers may not be
    published (see `wilcoxon_sentence`)."""
    before = pairs["confidence_before"].to_numpy(dtype=float)
    after = pairs["confidence_after"].to_numpy(dtype=float)
    non_zero = int(np.count_nonzero(after - before))
    if not disclosure.enough(non_zero, threshold) or not publishable:
        return None
    statistic, p = signed_rank_test(after - before)
    return SignedRank(len(pairs), non_zero, statistic, p)


def wilcoxon_sentence(pairs: pd.DataFrame, threshold: int, publishable: bool = True) -> str:
    """The test as one sentence for analysts. Its n, "of which changed", W
    and p depend on how many changed by each amount, so it is given only
    when the register publishes it (`publishable`: at least `threshold`
    changed, and the auditor found nothing it would give away). Not given,
    it says why in words that are the same for both reasons: saying which
    would tell a reader whether fewer than `threshold` changed."""
    before = pairs["confidence_before"].to_numpy(dtype=float)
    after = pairs["confidence_after"].to_numpy(dtype=float)
    non_zero = int(np.count_nonzero(after - before))
    method = (
        "Paired Wilcoxon signed-rank test (two-sided; pairs with no change are dropped, "
        "Wilcoxon's method)"
    )
    if not publishable or not disclosure.enough(non_zero, threshold):
        return (
            f"{method}: not shown, because too few participants' scores changed to run it, "
            "or its numbers would let a reader work out a count too small to publish."
        )
    test = wilcoxon_test(pairs, threshold, publishable)
    return (
        f"{method}: n = {test.pairs:,} pairs, of which {test.changed:,} changed; "
        f"W = {test.statistic:g}, {p_value(test.p)}."
    )


def p_value(p: float) -> str:
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def signed_rank_test(differences: np.ndarray) -> tuple[float, float]:
    """Two-sided Wilcoxon signed-rank test with zero differences dropped:
    SciPy's, by its own choice of exact or normal method. scipy.stats is
    imported here, not at the top: the kernel template imports it once
    (`execute.kernels`), so a report kernel does not pay for it."""
    from scipy.stats import wilcoxon

    result = wilcoxon(np.asarray(differences, dtype=float), zero_method="wilcox")
    return float(result.statistic), float(result.pvalue)


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
        return "not stated"
    return f"£{float(values.sum()):,.0f}"


_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_RELEASE = re.compile(r"(?:([A-Za-z]{3})[a-z]*\.?\s+)?(\d{4})(?:[-/](\d{2,4}))?")


def release_key(release: str) -> tuple[int, int, int]:
    """Where a release's name puts it in time: `Nov 2017-18` (the twelve
    months from November 2017) before `May 2019-20` before `Nov 2020-21`; a
    name that says no year sorts last, in the file's order."""
    found = _RELEASE.search(str(release))
    if not found:
        return (1, 0, 0)
    month = _MONTHS.get((found[1] or "").lower(), 0)
    return (0, int(found[2]), month)


def indicator_series(indicators: pd.DataFrame, la_code: str | None) -> pd.DataFrame:
    """One row per indicator and release: the area's value and England's,
    releases in the order of the periods they name (`release_key`), never the
    order of the file's rows; with the area's name as the file gives it (a
    district's, not the pilot's) and the indicator's unit (% when blank)."""
    frame = indicators.copy()
    frame["where"] = np.where(frame["geography_code"] == ENGLAND_CODE, "england", "area")
    if la_code:
        keep = frame["geography_code"].isin([la_code, ENGLAND_CODE])
        frame = frame[keep]
    named = list(dict.fromkeys(frame["release"]))
    order = {r: i for i, r in enumerate(sorted(named, key=release_key))}  # stable for ties
    wide = frame.pivot_table(
        index=["indicator", "release"], columns="where", values="value", aggfunc="first"
    ).reset_index()
    for column in ("area", "england"):
        if column not in wide:
            wide[column] = math.nan
    wide["order"] = wide["release"].map(order)
    areas = frame[frame["where"] == "area"]
    names = areas.groupby("indicator", sort=False)["geography_name"].first()
    wide["area_name"] = wide["indicator"].map(names).astype(object)
    units = frame["unit"] if "unit" in frame else pd.Series(pd.NA, index=frame.index)
    unit_of = units.fillna("%").groupby(frame["indicator"], sort=False).first()
    wide["unit"] = wide["indicator"].map(unit_of).fillna("%").astype(str)
    columns = ["indicator", "release", "area", "england", "area_name", "unit"]
    return wide.sort_values(["indicator", "order"])[columns]

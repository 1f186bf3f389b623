"""The report's own signed-rank test against SciPy's, on the shapes real
confidence scores take: small and large samples, ties, zero differences."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import wilcoxon

from pipeline.report.analysis import signed_rank_test


def _cases():
    rng = np.random.default_rng(7)
    cases = [np.array([1.0, 2, 3, 4, 5, -6]), np.array([0.5, -1.5, 2.5, 3.5, 4.5, 5.5, 6.5])]
    for size in (5, 8, 12, 13, 14, 30, 50, 51, 200):
        # Scores 1-5 before and after: many ties and some zeros.
        before = rng.integers(1, 6, size)
        after = np.clip(before + rng.integers(-1, 3, size), 1, 5)
        cases.append((after - before).astype(float))
        # Distinct non-zero differences: the exact distribution.
        cases.append(rng.permutation(np.arange(1, size + 1)) * rng.choice([-1.0, 1.0], size))
    return [c for c in cases if np.count_nonzero(c)]


@pytest.mark.parametrize("differences", _cases(), ids=lambda d: f"n{len(d)}")
def test_signed_rank_test_matches_scipy(differences):
    expected = wilcoxon(differences, zero_method="wilcox", alternative="two-sided")
    statistic, p = signed_rank_test(differences)
    assert statistic == pytest.approx(float(expected.statistic), rel=1e-12)
    assert p == pytest.approx(float(expected.pvalue), rel=1e-9, abs=1e-15)

"""The statistical test's sentence, on cases whose answer is known without
SciPy: the exact null distribution of the signed-rank statistic for small n
counted by hand, and the report's rules for when the test is not given."""

from __future__ import annotations

import pandas as pd

from pipeline.report.analysis import signed_rank_test, wilcoxon_sentence


def pairs(differences: list[int]) -> pd.DataFrame:
    before = [3] * len(differences)
    return pd.DataFrame(
        {"confidence_before": before, "confidence_after": [3 + d for d in differences]}
    )


def test_an_exact_case_counted_by_hand():
    # Ranks 1..6, the last negative: W+ = 15, W- = 6, W = 6. Of the 64 sign
    # assignments, 14 give W+ <= 6 (sums 0 to 6 of subsets of 1..6: 1, 1, 1,
    # 2, 2, 3, 4), so the two-sided p is 2 * 14 / 64 = 0.4375.
    statistic, p = signed_rank_test([1.0, 2, 3, 4, 5, -6])
    assert statistic == 6 and abs(p - 0.4375) < 1e-12


def test_the_sentence_gives_n_changed_w_and_p():
    said = wilcoxon_sentence(pairs([1, 1, 2, 2, 1, 0, 0, -1, 1, 2]), threshold=5)
    assert said.startswith("Paired Wilcoxon signed-rank test (two-sided; pairs with no change")
    assert "n = 10 pairs, of which 8 changed; W = " in said


def test_too_few_changes_or_an_unpublishable_count_give_no_numbers():
    few = wilcoxon_sentence(pairs([1, 1, 0, 0, 0, 0, -1, 0]), threshold=5)
    hidden = wilcoxon_sentence(pairs([1] * 9 + [-1]), threshold=5, publishable=False)
    # One sentence for both reasons: saying which would say whether fewer than 5 changed.
    assert few == hidden
    assert few.endswith(
        "not shown, because too few participants' scores changed to run it, or its numbers "
        "would let a reader work out a count too small to publish."
    )
    assert "n = " not in hidden and "W = " not in hidden

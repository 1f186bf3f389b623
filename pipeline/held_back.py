"""What publishing again holds back (`report.history`): the words its
reasons are told apart by, and what an evaluator can do about each. Kept
apart from the report package so that the console can say it without
importing the auditor."""

from __future__ import annotations

# In a reason, when figures are held back because of people who changed
# since a version was published ("...the people added since the version
# published on 3 May 2026...").
CHANGED_WORDS = "since the version published"
# In a reason, when nobody changed but the threshold rose since.
LOWER_THRESHOLD_WORDS = "under a lower threshold"
# In a reason, when nobody changed and the threshold is the same: reports
# of other areas or periods counting some of the same people or rows.
LINKED_WORDS = "read together with the reports published before"

ADVICE = {
    CHANGED_WORDS: (
        "what to do: these figures were held back because comparing this report with the "
        "version published before would give away the answers of the few people who changed "
        "since; they are published again when, against every version published before, the "
        "people added or corrected and those removed or corrected each number none or at "
        "least the threshold (build again then: one return withdrawn for good keeps them held "
        "back), or stay held back if you publish now"
    ),
    LOWER_THRESHOLD_WORDS: (
        "what to do: these figures were held back because the version published before showed "
        "small counts under a lower threshold, which this version's figures would narrow down; "
        "raising the threshold cannot take back what was published, so they stay held back in "
        "every version built under this threshold from these data"
    ),
    LINKED_WORDS: (
        "what to do: these figures were held back because other reports already published "
        "count some of the same people, delivery rows or reach (a county and its strand areas, "
        "overlapping periods), and read together with them these figures would give a small "
        "count away; what is published cannot be taken back, so they stay held back while those "
        "reports stand"
    ),
}


def is_held_back(action: str) -> bool:
    """Whether a protection action was forced by a version published before."""
    return any(words in action for words in ADVICE)


def advice(actions: list[str]) -> list[str]:
    """What the evaluator can do, once for each cause among `actions`."""
    return [text for words, text in ADVICE.items() if any(words in a for a in actions)]

"""Small-number suppression and rounding: the rules every published figure
goes through."""

import pytest

from pipeline import disclosure


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [(1, 8, 13), (5, 8, 63), (1, 3, 33), (2, 3, 67), (1, 200, 1), (0, 10, 0), (7, 7, 100)],
)
def test_percentages_round_half_up_exactly(part, whole, expected):
    assert disclosure.round_half_up(part, whole) == expected


@pytest.mark.parametrize(
    ("count", "shown"), [(0, "0"), (1, "<5"), (3, "<5"), (4, "<5"), (5, "5"), (1234, "1,234")]
)
def test_counts_from_1_to_4_are_shown_as_less_than_5(count, shown):
    assert disclosure.show_count(count, 5) == shown


def test_percentages_on_small_counts_or_small_bases_are_withheld():
    assert disclosure.percent(3, 100, 5) is None
    assert disclosure.percent(4, 4, 5) is None  # the base itself is small
    assert disclosure.percent(5, 100, 5) == 5
    assert disclosure.percent(0, 100, 5) == 0
    assert disclosure.show_percent(None) == "withheld"


def test_the_threshold_is_a_parameter():
    assert disclosure.show_count(7, 10) == "<10"
    assert disclosure.percent(7, 100, 10) is None


def test_a_lone_small_category_takes_the_next_smallest_with_it():
    # 3 could be recovered as 100 - 60 - 37 if only it were hidden.
    assert disclosure.suppressed_categories({"a": 60, "b": 37, "c": 3}, 5) == {"c", "b"}
    # two small ones protect each other; zeros are not disclosive
    assert disclosure.suppressed_categories({"a": 90, "b": 3, "c": 2, "d": 0}, 5) == {"b", "c"}
    assert disclosure.suppressed_categories({"a": 90, "b": 10}, 5) == set()


def test_medians_need_enough_contributors():
    assert not disclosure.enough(4, 5) and disclosure.enough(5, 5)


def test_contact_details_are_redacted():
    text = "Call 07700 900123 or +44 (0)114 496 0000, or write to jo.bloggs@example.org."
    assert disclosure.redact(text) == (
        "Call [phone number removed] or [phone number removed], or write to [e-mail removed]."
    )

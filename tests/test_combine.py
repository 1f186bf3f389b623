"""Categories shown together before any is withheld (pipeline/report/
combine.py; issue 34, item 7): each case made from data that triggers it,
read back as the report shows it, and checked against an outsider's
enumeration. Each was checked to fail on the register before categories
could be combined."""

from __future__ import annotations

from conftest import processed_in_memory, training_rows
from test_figures import narrowed, one_answer_survey, possible

from pipeline.report import audit, blocks, figures
from pipeline.report.analysis import Share
from pipeline.report.sections import survey, travelled
from pipeline.report.sections.workforce import Workforce


def test_same_or_worse_is_shown_as_one_category_rather_than_withheld(tmp_path):
    """26 improved, 7 the same, 1 worse: before, "Same withheld, Worse <5"
    (the 1 could be worked out from the others); now one bar, "Same or
    worse", and improved keeps its number and share."""
    data = processed_in_memory(
        tmp_path, training=training_rows({"improved": 26, "same": 7, "worse": 1})
    )
    register = figures.of(data, 5)
    assert register.undisclosed == [] and audit.disclosures(register) == []
    shares = travelled.directions(register)
    assert [(s.category, s.shown, s.percent) for s in shares] == [
        ("improved", "26", 76),
        ("same or worse", "8", 24),
    ]
    table = Workforce(distance_inputs(data)).distance_table()
    assert [row[:2] for row in table.rows] == [("Improved", "26"), ("Same or worse", "8")]
    # The 1 who got worse: anything from 0 to 8, to a reader.
    assert audit.interval(register, figures.direction("worse")) == (0, 8)


def test_a_chart_keeps_its_shares_where_counts_must_go(tmp_path):
    """50 trained, 3 returned no score, 40 improved, 7 the same, none worse
    (about 45 trainees, as reviewers saw): before, "0% worse; improved and
    same withheld". Now the counts go and the shares stay."""
    data = processed_in_memory(
        tmp_path,
        training=training_rows({"improved": 40, "same": 7, "worse": 0}, unmatched=3),
    )
    register = figures.of(data, 5)
    assert register.undisclosed == [] and audit.disclosures(register) == []
    shares = travelled.directions(register)
    assert [s.percent for s in shares] == [85, 15, 0], shares
    unmatched = set()
    for pairs in possible(register.shown(figures.PAIRS), range(1, 51)):
        # 50 people trained, one course each: the pairs and the unmatched add up to 50.
        fits = all(s.percent is None or shares_fit(s.percent, pairs) for s in shares)
        if fits and 50 - pairs in possible(register.shown(figures.UNMATCHED), [50 - pairs]):
            unmatched.add(50 - pairs)
    assert not narrowed(unmatched), sorted(unmatched)


def shares_fit(percent: int, base: int) -> bool:
    """Whether some count out of `base` rounds half-up to `percent`."""
    return any((200 * count + base) // (2 * base) == percent for count in range(base + 1))


def test_neighbouring_age_bands_are_shown_together(tmp_path):
    """30 aged 41-60, 4 aged 61-80 and 3 over 80: "<5" and "<5" beside 30 of
    37 who answered say the two small bands are 3 and 4 in some order.
    Shown as "61-80 or 80+", 7, nothing is narrowed."""
    frame = one_answer_survey(37, ["Time"] * 37)
    frame["age_band"] = ["41-60"] * 30 + ["61-80"] * 4 + ["80+"] * 3
    register = figures.of(processed_in_memory(tmp_path, survey=frame), 5)
    assert register.undisclosed == [] and audit.disclosures(register) == []
    from pipeline.contract import AGE_BANDS

    found, _ = survey.shares(register, "age_band", AGE_BANDS)
    assert ("61-80 or 80+", "7") in [(s.category, s.shown) for s in found]
    assert "withheld" not in [s.shown for s in found]


def test_two_periods_grouped_differently_are_side_by_side_row_by_row():
    before = [
        Share("improved", 20, "20", 80, ("improved",)),
        Share("same", 4, "<5", None, ("same",)),
        Share("worse", 1, "<5", None, ("worse",)),
    ]
    now = [
        Share("improved", 26, "26", 76, ("improved",)),
        Share("same or worse", 8, "8", 24, ("same", "worse")),
    ]
    table = blocks.paired_table("Confidence", before, now, ("Before", "Now"), capitalise=True)
    assert table.rows == (
        ("Improved", "20", "80%", "26", "76%"),
        ("Same or worse", "grouped differently", "", "8", "24%"),
        ("Same", "<5", "withheld", "grouped differently", ""),
        ("Worse", "<5", "withheld", "grouped differently", ""),
    )


def test_what_the_distance_sentence_says_with_a_combined_share_withheld_zero_one_and_many():
    said = travelled.directions_sentence
    improved = Share("improved", 9, "9", 90, ("improved",))
    together = ("same", "worse")
    assert said([improved, Share("same or worse", None, "withheld", None, together)]) == (
        "Of those with both scores, 90% improved. How many stayed the same or got worse is not "
        "published, to protect small numbers."
    )
    # Its count where its share is withheld; nothing where nothing is published.
    small = Share("same or worse", None, "<5", None, together)
    assert said([improved, small]) == (
        "Of those with both scores, 90% improved and fewer than 5 stayed the same or got worse."
    )
    hidden = Share("improved", None, "withheld", None, ("improved",))
    assert said([hidden, Share("same or worse", None, "withheld", None, together)]) == ""
    for count, percent, shown in ((0, 0, "none"), (1, 10, "10%"), (12, 55, "55%")):
        share = Share("same or worse", count, str(count), percent, together)
        assert said([improved, share]) == (
            f"Of those with both scores, 90% improved and {shown} stayed the same or got worse."
        )
    # A 0% whose count is withheld is not "none": it may be 1 of 250.
    share = Share("same or worse", None, "withheld", 0, together)
    assert said([improved, share]).endswith("and less than 1% stayed the same or got worse.")


def distance_inputs(data):
    from pipeline.report.sections.base import Inputs

    return Inputs(data=data, threshold=5)


def test_the_auditor_cannot_recover_a_count_inside_a_combined_category(tmp_path):
    """Combined or not, every count of people stays protected: a random
    training and survey, settled, leave nothing narrowed."""
    training = training_rows({"improved": 9, "same": 3, "worse": 2}, unmatched=1)
    register = figures.of(processed_in_memory(tmp_path, training=training), 5)
    assert register.undisclosed == []
    for key, cell in register.cells.items():
        if cell.protected and 0 < cell.value < 5:
            lowest, highest = audit.interval(register, key)
            assert not narrowed(set(range(lowest, highest + 1))), key

"""Small-number suppression and rounding: the rules every published figure
goes through."""

import pytest

from pipeline import redaction
from pipeline.report import disclosure


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
    assert redaction.redact(text) == (
        "Call [phone number removed] or [phone number removed], or write to [e-mail removed]."
    )


def test_a_share_of_a_published_total_is_withheld_when_the_rest_is_small():
    # 37 of 40 inactive is 93%: with the 40 respondents published, 3 active follow.
    assert disclosure.percent(37, 40, 5) == 93
    assert disclosure.percent_of_published(37, 40, 5) is None
    assert disclosure.percent_of_published(35, 40, 5) == 88
    assert disclosure.percent_of_published(40, 40, 5) == 100  # no one is the rest


def test_the_programme_overview_reveals_no_small_count_by_subtraction(project_with):
    """Respondents and the share inactive sit side by side in the overview
    and in the report: 40 respondents and 93% inactive would give away the 3
    who are active."""
    from bs4 import BeautifulSoup
    from test_cli import learnrep

    project = project_with("valid_survey")
    survey = project.raw_dir("testarea", "2022-q1") / "survey.csv"
    header = survey.read_text().splitlines()[0]
    rows = [
        f"R{i:03},2022-01-10,en,41-60,Female,{0 if i < 37 else 200},No,Walking,Time,Walking"
        for i in range(40)
    ]
    survey.write_text("\n".join([header, *rows]) + "\n")
    result = learnrep(project.root, "run", "--format", "html")
    assert result.returncode == 0, result.stdout + result.stderr

    page = BeautifulSoup(
        (project.reports / "programme" / "we-are-undefeatable.html").read_text(), "html.parser"
    )
    table = page.find("table")
    names = [th.text for th in table.find("thead").find_all("th")]
    row = next(tr for tr in table.find("tbody").find_all("tr") if "Test Town" in tr.th.text)
    shown = dict(zip(names, [row.th.text, *(td.text for td in row.find_all("td"))], strict=True))
    assert shown["Respondents"] == "40"
    assert shown["Inactive (under 30 minutes a week)"] == "withheld"
    report = (project.report_dir("testarea", "2022-q1") / "learning-report.html").read_text()
    assert "93%" not in report

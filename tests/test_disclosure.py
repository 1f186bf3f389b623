"""Small-number suppression and rounding: the primary rules every published
figure goes through (secondary protection: tests/test_register.py)."""

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


def test_medians_need_enough_contributors():
    assert not disclosure.enough(4, 5) and disclosure.enough(5, 5)


def test_contact_details_are_redacted():
    text = "Call 07700 900123 or +44 (0)114 496 0000, or write to jo.bloggs@example.org."
    assert redaction.redact(text) == (
        "Call [phone number removed] or [phone number removed], or write to [e-mail removed]."
    )


@pytest.mark.slow  # a full build through the CLI
def test_the_programme_overview_reveals_no_small_count_by_subtraction(project_with):
    """Respondents and the share inactive sit side by side in the overview
    and in the report: 40 respondents and 93% inactive would give away the 3
    who are active."""
    from bs4 import BeautifulSoup
    from conftest import learnrep

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


@pytest.mark.slow  # a full build through the CLI
def test_the_leaks_reviewers_found_are_closed_in_the_published_pages(project_with):
    """Each leak found on the sample data, rebuilt from data made to trigger
    it and read back from the rendered report, as a reviewer would."""
    import re
    import shutil

    from bs4 import BeautifulSoup
    from conftest import FIXTURES, learnrep, training_rows

    project = project_with("valid_survey")
    raw = project.raw_dir("testarea", "2022-q1")
    (raw / "survey.csv").unlink()
    # Improved 26, same 7, worse 1, with the Wilcoxon line's n and "of which changed".
    training_rows({"improved": 26, "same": 7, "worse": 1}, unmatched=9).to_csv(
        raw / "training.csv", index=False
    )
    # 25 trained, 21 with both scores: "<5 returned no score" was 4.
    second = project.raw_dir("testarea", "2022-q2")
    shutil.copytree(FIXTURES / "valid_survey", second)
    (second / "survey.csv").unlink()
    training_rows({"improved": 15, "same": 4, "worse": 2}, unmatched=4).to_csv(
        second / "training.csv", index=False
    )
    # Two small organisations beside the total and the by-activity table.
    (second / "delivery.csv").write_text(
        "organisation,activity,sessions,participants,funding_gbp,start_date,end_date\n"
        "Burngreave Voices,Allotment gardening,6,3,1000,2022-01-10,2022-03-01\n"
        "Darnall Well Being,Walking group,23,58,1500,2022-01-10,2022-03-01\n"
        "Heeley City Farm,Green gym,6,4,1500,2022-01-10,2022-03-01\n"
        "Heeley City Farm,Allotment gardening,4,22,500,2022-01-10,2022-03-01\n"
        "Zest,Chair yoga,30,242,2000,2022-01-10,2022-03-01\n"
    )
    result = learnrep(project.root, "run", "--format", "html")
    assert result.returncode == 0, result.stdout + result.stderr

    def text(period: str) -> str:
        page = project.report_dir("testarea", period) / "learning-report.html"
        return " ".join(BeautifulSoup(page.read_text(), "html.parser").get_text(" ").split())

    first = text("2022-q1")
    assert "of which" not in first and "n = 34" not in first
    # Same (7) and worse (1) are shown as one category, not "<5" beside a withheld one.
    assert "Same or worse 8 24%" in first and "Worse <5" not in first
    assert "not shown, because too few participants' scores changed to run it, or its " in first

    q2 = text("2022-q2")
    trained = re.search(r"(\S+) people took part", q2)[1]
    # How many gave both scores, and how many none, are said only as far as
    # they are published: here neither is, and nothing is said of them.
    said = re.search(r"(About \S+|\S+) participants.{0,60} gave a score", q2)
    pairs = said[1] if said else "withheld"
    assert not (trained == "25" and pairs == "21"), (trained, pairs)
    unmatched = re.search(r"; (\S+) others? gave none afterwards", q2)
    assert unmatched is None or unmatched[1] == "<5"

    # With the total exact, small cells that are the only hidden ones in a
    # breakdown would add up to total - the rest: one of them must be withheld
    # outright (it could then be anything), or the total rounded.
    total = re.search(r"sessions for (about \S+|\S+) participants", q2)[1]
    for table in (
        "Delivery by organisation (.*?) Delivery by activity",
        "Delivery by activity (.*)",
    ):
        shown = re.search(table, q2)[1]
        assert "<5" not in shown or "withheld" in shown or not total.isdigit(), (shown, total)
    assert "So that no small count can be worked out from the other figures, these are" in q2

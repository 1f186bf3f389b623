import datetime as dt

import pytest
from openpyxl import load_workbook

from pipeline.contract import DATASETS
from pipeline.errors import AreaPeriodExists, PeriodsOverlap, UsageError
from pipeline.scaffold import following_dates, new_period, period_dates


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2022-01-01", "2022-03-31", ("2022-04-01", "2022-06-30")),  # a quarter follows a quarter
        ("2021-07-01", "2021-10-31", ("2021-11-01", "2022-02-28")),  # four months
        ("2021-11-01", "2022-03-31", ("2022-04-01", "2022-08-31")),
        ("2022-01-10", "2022-01-19", ("2022-01-20", "2022-01-29")),  # not whole months: days
    ],
)
def test_dates_follow_on_with_the_same_length(start, end, expected):
    got = following_dates(dt.date.fromisoformat(start), dt.date.fromisoformat(end))
    assert tuple(d.isoformat() for d in got) == expected


def dates_of(period, given=(None, None), previous=None):
    return period_dates(period, given, previous)[:2]


def test_slugs_that_name_dates():
    assert dates_of("2022-q1") == (dt.date(2022, 1, 1), dt.date(2022, 3, 31))
    assert dates_of("2021-h2") == (dt.date(2021, 7, 1), dt.date(2021, 12, 31))
    assert dates_of("2022-05") == (dt.date(2022, 5, 1), dt.date(2022, 5, 31))
    assert dates_of("2021-22") == (dt.date(2021, 4, 1), dt.date(2022, 3, 31))
    assert dates_of("2022") == (dt.date(2022, 1, 1), dt.date(2022, 12, 31))


def test_a_name_that_says_no_dates_needs_them_given_or_a_period_to_follow():
    """2017-19 was dated to the current quarter without a word."""
    for name in ("2017-19", "autumn"):
        with pytest.raises(UsageError, match=f"--period {name}: learnrep cannot tell its dates"):
            dates_of(name)
    given = (dt.date(2017, 8, 1), dt.date(2019, 7, 31))
    assert dates_of("2017-19", given) == given
    assert dates_of("2022-q1", given) == given  # given dates win over the name's
    previous = (dt.date(2022, 1, 1), dt.date(2022, 3, 31))
    assert dates_of("autumn", previous=previous) == (dt.date(2022, 4, 1), dt.date(2022, 6, 30))
    with pytest.raises(UsageError, match="--end is needed too"):
        dates_of("2017-19", (dt.date(2017, 8, 1), None))
    with pytest.raises(UsageError, match="--end 2017-01-01 is before --start 2017-08-01"):
        dates_of("2017-19", (dt.date(2017, 8, 1), dt.date(2017, 1, 1)))


def test_a_new_area_is_made_only_when_asked_for(project_with):
    """A mistyped area once became a new area in silence."""
    project = project_with("valid_survey")
    with pytest.raises(
        UsageError,
        match=r"--area testaera: there is no area testaera yet \(did "
        r"you mean --area testarea\? areas: testarea\); to start a new area, add "
        r"--new-area",
    ):
        new_period(project, "testaera", "2022-q2")
    assert not project.raw_dir("testaera").exists()
    new_period(project, "leeds", "2022-q2", new_area=True)
    assert (project.raw_dir("leeds") / "area.yml").is_file()
    assert (project.raw_dir("leeds", "2022-q2") / "period.yml").is_file()


def test_a_name_that_says_its_span_wins_over_from(project_with):
    """The sample's 2022-q1 is five months: --from once gave 2022-q2 Apr-Aug."""
    project = project_with("valid_survey")
    (project.raw_dir("testarea", "2022-q1") / "period.yml").write_text(
        "label: Q1\nstart: 2021-11-01\nend: 2022-03-31\n"
    )
    new_period(project, "testarea", "2022-q2", previous="2022-q1")
    lines = (project.raw_dir("testarea", "2022-q2") / "period.yml").read_text().splitlines()
    assert lines[2:] == ["start: 2022-04-01", "end: 2022-06-30", "previous: 2022-q1"]


def test_an_overlapping_period_is_refused_unless_allowed(project_with):
    project = project_with("valid_survey")  # 2022-q1: Jan to Mar 2022
    with pytest.raises(
        PeriodsOverlap,
        match=r"testarea/2022-h1 \(2022-01-01 to 2022-06-30\) "
        r"would overlap testarea/2022-q1",
    ):
        new_period(project, "testarea", "2022-h1")
    assert not project.raw_dir("testarea", "2022-h1").exists()
    new_period(project, "testarea", "2022-h1", allow_overlap=True)
    assert project.raw_dir("testarea", "2022-h1").is_dir()


def test_from_a_period_that_ends_after_the_new_one_starts_is_refused(project_with):
    project = project_with("valid_survey")
    with pytest.raises(PeriodsOverlap, match="--from 2022-q1 ends on 2022-03-31, not before"):
        new_period(project, "testarea", "2022-03", previous="2022-q1")


def test_csv_templates_are_header_only_and_period_follows_previous(project_with):
    project = project_with("valid_survey")
    created = new_period(project, "testarea", "2022-q2", previous="2022-q1")
    folder = project.raw_dir("testarea", "2022-q2")
    assert (folder / "period.yml").read_text().splitlines()[1:] == [
        "label: Learning report (Apr 2022 - Jun 2022)",
        "start: 2022-04-01",
        "end: 2022-06-30",
        "previous: 2022-q1",
    ]
    for name, dataset in DATASETS.items():
        assert (folder / f"{name}.csv").read_text() == ",".join(dataset.column_names) + "\n"
    assert len(created) == 2 + len(DATASETS)  # period.yml, the templates and narrative.md
    narrative = (folder / "narrative.md").read_text()
    for heading in ("What worked", "Challenges", "What we will test next", "Legacy", "Case study:"):
        assert f"\n## {heading}" in narrative


def test_from_carries_the_open_recommendations_over_with_their_status(project_with):
    project = project_with("valid_survey")
    (project.raw_dir("testarea", "2022-q1") / "recommendations.csv").write_text(
        "id,recommendation,status,owner\n"
        "keep-walks,Keep the walks,in progress,BCVS\n"
        "old-idea,An idea that was done,done,\n"
        'translate,"Translate leaflets, both languages",new,\n'
        "stopped,A dropped one,dropped,Council\n",
        encoding="utf-8",
    )
    new_period(project, "testarea", "2022-q2", previous="2022-q1")
    carried = (project.raw_dir("testarea", "2022-q2") / "recommendations.csv").read_text()
    assert carried == (
        "id,recommendation,status,owner,theme,timescale\n"
        "keep-walks,Keep the walks,in progress,BCVS,,\n"
        'translate,"Translate leaflets, both languages",new,,,\n'
    )
    new_period(project, "testarea", "2022-q3", previous="2022-q2", fmt="xlsx")
    sheet = load_workbook(project.raw_dir("testarea", "2022-q3") / "recommendations.xlsx").active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert rows == [
        ["keep-walks", "Keep the walks", "in progress", "BCVS", None, None],
        ["translate", "Translate leaflets, both languages", "new", None, None, None],
    ]


def test_xlsx_templates_carry_drop_down_lists(project_with):
    project = project_with("valid_survey")
    new_period(project, "testarea", "2022-q2", fmt="xlsx")
    sheet = load_workbook(project.raw_dir("testarea", "2022-q2") / "survey.xlsx").active
    assert [c.value for c in sheet[1]] == list(DATASETS["survey"].column_names)
    rules = {str(rule.sqref): rule for rule in sheet.data_validations.dataValidation}
    assert rules["C2:C10000"].formula1 == '"en,pl,ro,other"'
    assert rules["F2:F10000"].type == "whole"


def test_never_overwrites(project_with):
    project = project_with("valid_survey")
    before = (project.raw_dir("testarea", "2022-q1") / "survey.csv").read_bytes()
    with pytest.raises(AreaPeriodExists):
        new_period(project, "testarea", "2022-q1")
    assert (project.raw_dir("testarea", "2022-q1") / "survey.csv").read_bytes() == before


def test_bad_names_create_nothing(project_with):
    project = project_with("valid_survey")
    before = sorted(p.relative_to(project.root) for p in project.root.rglob("*"))
    for area, period, previous in [
        ("../x", "2022-q2", None),
        ("testarea", "../../x", None),
        ("testarea", "2022-q2", "2019-q9"),
    ]:
        with pytest.raises(UsageError):
            new_period(project, area, period, previous)
    assert sorted(p.relative_to(project.root) for p in project.root.rglob("*")) == before


def test_from_carries_partners_and_indicators_over(project_with):
    project = project_with("valid_survey")
    folder = project.raw_dir("testarea", "2022-q1")
    (folder / "partners.csv").write_text(
        "organisation,sector,engagement,joined,email\n"
        "Town Council,local authority,4,10/01/2022,clerk@example.org\n"
        "Walking Club,Sport and leisure,5,,\n",
        encoding="utf-8",
    )
    (folder / "indicators.csv").write_text(
        "geography_code,geography_name,indicator,release,value\n"
        "E07000033,Bolsover,inactive_pct,Nov 2020-21,31.5\n",
        encoding="utf-8",
    )
    created = new_period(project, "testarea", "2022-q2", previous="2022-q1")
    assert created.carried == {"partners": 2, "indicators": 1}
    new = project.raw_dir("testarea", "2022-q2")
    # As the contract spells them, and never a column it does not name.
    assert (new / "partners.csv").read_text() == (
        "organisation,sector,engagement,joined,group\n"
        "Town Council,Local authority,4,2022-01-10,\n"
        "Walking Club,Sport and leisure,5,,\n"
    )
    assert (new / "indicators.csv").read_text().splitlines()[1] == (
        "E07000033,Bolsover,inactive_pct,Nov 2020-21,31.5,"
    )
    new_period(project, "testarea", "2022-q3", previous="2022-q2", fmt="xlsx")
    sheet = load_workbook(project.raw_dir("testarea", "2022-q3") / "partners.xlsx").active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert rows[0] == ["Town Council", "Local authority", 4, "2022-01-10", None]

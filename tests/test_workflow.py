"""The evaluator's round: scaffold a new period from the last one, fill it,
run, and get a report that compares the two; then re-run, and only what
changed is rebuilt. Real CLI, real Great Expectations, real kernel."""

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import time

import numpy as np
import pandas as pd
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import AREA_YML, FIXTURES, assert_no_traceback, learnrep, make_project

from pipeline.config import Project
from pipeline.files import project_lock
from tools.synthetic import survey, training

# A full sample build, a real browser, DVC or the reliability suite: not in make test-fast.
pytestmark = pytest.mark.slow

AREA = "testarea"


def fill(project: Project, period: str, respondents: int, seed: int) -> None:
    """Synthetic survey and training returns dated inside the period."""
    folder = project.raw_dir(AREA, period)
    meta = yaml.safe_load((folder / "period.yml").read_text())
    start, end = (dt.date.fromisoformat(str(meta[k])) for k in ("start", "end"))
    rng = np.random.default_rng(seed)
    survey(rng, respondents, start, end, f"R{seed}").to_csv(folder / "survey.csv", index=False)
    groups = {"Social prescribers": 12, "Tutors": 10}
    training(rng, groups, "Healthy Chats", start, end, f"P{seed}").to_csv(
        folder / "training.csv", index=False
    )


@pytest.fixture(scope="module")
def two_periods(tmp_path_factory):
    """2022-q1 filled by hand; 2022-q2 scaffolded with `new-period --from`,
    filled, and both built."""
    project = make_project(tmp_path_factory.mktemp("workflow"))
    first = project.raw_dir(AREA, "2022-q1")
    first.mkdir()
    (first / "period.yml").write_text("label: First quarter\nstart: 2022-01-01\nend: 2022-03-31\n")
    fill(project, "2022-q1", 60, seed=1)
    scaffold = learnrep(
        project.root, "new-period", "--area", AREA, "--period", "2022-q2", "--from", "2022-q1"
    )
    assert scaffold.returncode == 0, scaffold.stderr
    fill(project, "2022-q2", 80, seed=2)
    listing = learnrep(project.root, "list").stdout
    assert re.search(r"2022-q1\s+never validated\s+never built", listing), listing
    result = learnrep(project.root, "run")
    assert result.returncode == 0, result.stdout + result.stderr
    return project, result


@pytest.fixture
def built(two_periods, tmp_path):
    """A copy of the built project, to change without disturbing other tests."""
    shutil.copytree(two_periods[0].root, tmp_path / "p")
    return Project(tmp_path / "p")


def page(project: Project, period: str) -> BeautifulSoup:
    path = project.report_dir(AREA, period) / "learning-report.html"
    return BeautifulSoup(path.read_text(), "html.parser")


def table(soup: BeautifulSoup, caption: str) -> dict[str, list[str]]:
    found = next(t for t in soup.find_all("table") if t.caption.text.startswith(caption))
    return {
        row.find_all("td")[0].text: [td.text for td in row.find_all("td")[1:]]
        for row in found.find("tbody").find_all("tr")
    }


def key_figures(soup: BeautifulSoup) -> dict[str, tuple[str, ...]]:
    """The key figures as (this period, previous period) by name."""
    found = {}
    for item in soup.find(id="key-figures").find_next("ul").find_all("li"):
        name, _, rest = " ".join(item.get_text().split()).partition(": ")
        now, _, before = rest.partition("; previous period: ")
        found[name] = (now.strip(), before.strip()) if before else (now.strip(),)
    return found


def raw_survey(project: Project, period: str) -> pd.DataFrame:
    return pd.read_csv(project.raw_dir(AREA, period) / "survey.csv", dtype=str)


def inactive(frame: pd.DataFrame) -> int:
    minutes = pd.to_numeric(frame["minutes_per_week"]).dropna()
    return int(100 * (minutes < 30).sum() / len(minutes) + 0.5)


def published_inactive(project: Project, period: str, frame: pd.DataFrame) -> str:
    from pipeline.discover import AreaPeriod
    from pipeline.processed import Processed
    from pipeline.report import figures

    register = figures.of(Processed.of(project, AreaPeriod(AREA, period)), 5)
    published = register.percent(figures.INACTIVE, figures.key("minutes"))
    assert published in (None, inactive(frame))
    return "withheld" if published is None else f"{published}%"


def snapshot(project: Project) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(project.root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(project.reports.rglob("*"))
        if p.is_file()
    }


def rebuilt(before: dict, after: dict) -> set[str]:
    """The area-periods whose report files were rewritten."""
    return {
        "/".join(name.split("/")[1:3])
        for name in after
        if "learning-report" in name and before.get(name) != after[name]
    }


def test_a_new_period_compares_with_its_previous_period(two_periods):
    project, result = two_periods
    assert "Built 2 area-periods: 2 built, 0 failed." in result.stdout
    period = yaml.safe_load(project.raw_dir(AREA, "2022-q2").joinpath("period.yml").read_text())
    assert (str(period["start"]), str(period["end"]), period["previous"]) == (
        "2022-04-01",
        "2022-06-30",
        "2022-q1",
    )
    before, now = raw_survey(project, "2022-q1"), raw_survey(project, "2022-q2")
    soup = page(project, "2022-q2")
    headline = key_figures(soup)
    assert headline["Respondents"] == ("80", "60")
    # The share inactive as the raw data gives it, where the register publishes
    # it (with few enough not answering, it may be withheld to protect them).
    shares = [published_inactive(project, p, f) for p, f in (("2022-q1", before), ("2022-q2", now))]
    assert headline["Inactive (under 30 minutes a week)"] == (shares[1], shares[0])
    assert "People trained" in headline and "Median confidence change" in headline

    # The previous period is drawn beside this one in the survey's own figure
    # and table: no second chart of the same thing.
    barriers = table(soup, "Respondents by barrier (")
    for name, frame, column in (("2022-q1", before, 0), ("2022-q2", now, 2)):
        counts = frame["barriers"].dropna().str.split(";").explode().value_counts()
        for barrier, count in counts.items():
            shown = "<5" if 0 < count < 5 else str(count)  # disclosure control holds here too
            assert barriers[barrier][column] == shown, (name, barrier)
    figure = soup.find("figure", id="fig-activity-levels")
    alt = figure.find("img").get("alt") or figure.find("img").get("aria-label")
    if "withheld" not in shares:
        assert f"{shares[1]} were inactive" in alt and f"against {shares[0]}" in alt
    assert soup.find(id="fig-compare-levels") is None
    assert "previous period" not in page(project, "2022-q1").get_text()


def test_a_second_run_with_nothing_changed_rebuilds_nothing_and_says_so(built):
    before = snapshot(built)
    again = learnrep(built.root, "run")
    assert again.returncode == 0, again.stderr
    assert "Nothing to rebuild: 2 area-periods up to date" in again.stdout
    assert "Validating" not in again.stderr and "Reporting" not in again.stderr
    assert snapshot(built) == before  # not one file rewritten

    # A new timestamp on every raw file, same content: still nothing to do.
    later = time.time() + 3600
    for path in built.raw.rglob("*"):
        os.utime(path, (later, later))
    touched = learnrep(built.root, "run")
    assert "Nothing to rebuild" in touched.stdout
    assert snapshot(built) == before


def test_a_changed_previous_period_rebuilds_it_and_the_period_comparing_with_it(built):
    survey_file = built.raw_dir(AREA, "2022-q1") / "survey.csv"
    frame = pd.read_csv(survey_file, dtype=str)
    frame.iloc[:-10].to_csv(survey_file, index=False)  # ten fewer respondents

    listing = learnrep(built.root, "list").stdout
    assert re.search(r"2022-q1\s+passed\s+out of date\n\s+- raw data changed: survey.csv", listing)
    assert re.search(
        r"2022-q2\s+warnings\s+out of date\n\s+- previous period 2022-q1 changed: survey.csv",
        listing,
    )
    before = snapshot(built)
    result = learnrep(built.root, "run")
    assert "Built 2 area-periods: 2 built, 0 failed." in result.stdout
    assert rebuilt(before, snapshot(built)) == {f"{AREA}/2022-q1", f"{AREA}/2022-q2"}
    assert key_figures(page(built, "2022-q2"))["Respondents"] == ("80", "50")


def test_only_the_changed_area_period_is_rebuilt(built):
    narrative = built.raw_dir(AREA, "2022-q2") / "narrative.md"
    narrative.write_text("## What we learned\n\nWalking groups filled up by May.\n")
    before = snapshot(built)
    result = learnrep(built.root, "run")
    assert "Built 2 area-periods: 1 built, 0 failed, 1 up to date (skipped)." in result.stdout
    assert rebuilt(before, snapshot(built)) == {f"{AREA}/2022-q2"}
    assert "Walking groups filled up by May." in page(built, "2022-q2").get_text()


def test_a_notebook_change_re_executes_without_validating_again(built):
    notebook = built.notebook
    text = notebook.read_text()
    notebook.write_text(text.replace("About this report", "About this report and its checks"))
    assert "- the notebook changed" in learnrep(built.root, "list").stdout
    result = learnrep(built.root, "run")
    assert "2 built" in result.stdout
    assert "Validating" not in result.stderr
    assert page(built, "2022-q1").find("h2", string="About this report and its checks")


def test_a_deleted_report_file_or_new_parameter_makes_a_report_out_of_date(built):
    (built.report_dir(AREA, "2022-q1") / "learning-report.pdf").unlink()
    listing = learnrep(built.root, "list").stdout
    assert "report files missing or changed since the build: learning-report.pdf" in listing
    before = snapshot(built)
    learnrep(built.root, "run")
    assert (built.report_dir(AREA, "2022-q1") / "learning-report.pdf").is_file()
    assert rebuilt(before, snapshot(built)) == {f"{AREA}/2022-q1"}

    (built.root / "params.yaml").write_text("suppression_threshold: 10\n")
    listing = learnrep(built.root, "list").stdout
    assert "parameters in params.yaml changed (suppression_threshold)" in listing
    forced = learnrep(built.root, "run", "--force", "--period", "2022-q1")
    assert "Built 1 area-period: 1 built, 0 failed." in forced.stdout


def test_a_previous_period_that_now_fails_validation_is_named_not_compared(built):
    """Its processed data from the last good run is stale: neither the report
    comparing with it nor the programme overview may use it."""
    survey_file = built.raw_dir(AREA, "2022-q1") / "survey.csv"
    frame = pd.read_csv(survey_file, dtype=str)
    frame.loc[1, "respondent_id"] = frame.loc[0, "respondent_id"]  # a duplicated id
    frame.to_csv(survey_file, index=False)
    result = learnrep(built.root, "run", "--format", "html")
    assert result.returncode == 1
    assert_no_traceback(result)
    assert "FAILED  testarea/2022-q1" in result.stdout
    text = " ".join(page(built, "2022-q2").get_text().split())
    assert "The period before this one could not be compared with it" in text
    levels = next(
        t
        for t in page(built, "2022-q2").find_all("table")
        if t.caption.text.startswith("Respondents by activity level")
    )
    assert "Previous period" not in levels.get_text()
    overview = (built.reports / "programme" / "we-are-undefeatable.html").read_text()
    latest = yaml.safe_load((built.raw_dir(AREA, "2022-q2") / "period.yml").read_text())
    assert f"<td>{latest['label']}</td>" in overview


def test_a_second_run_waits_for_the_first(built):
    (built.raw_dir(AREA, "2022-q2") / "narrative.md").write_text("## Changed\n\nYes.\n")
    env = {**os.environ, "LEARNREP_ROOT": str(built.root)}
    errors = built.root / "second.err"
    with project_lock(built.state, lambda message: None), errors.open("w") as stderr:
        second = subprocess.Popen(
            [sys.executable, "-m", "pipeline", "run"],
            cwd=built.root,
            env=env,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )
        deadline = time.monotonic() + 60
        while "waiting" not in errors.read_text() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert "another learnrep run" in errors.read_text()
        assert "waiting for it to finish" in errors.read_text()
        time.sleep(1)
        assert second.poll() is None  # still waiting, nothing written
        assert "Changed" not in page(built, "2022-q2").get_text()
    out, _ = second.communicate(timeout=300)
    assert second.returncode == 0, out
    assert "1 built" in out
    assert "Changed" in page(built, "2022-q2").get_text()


def overview_rows(soup: BeautifulSoup) -> dict[str, dict[str, str]]:
    headers = [th.text for th in soup.find("thead").find_all("th")]
    return {
        tr.find("th").find("a").contents[0]: dict(
            zip(headers[1:], [td.text for td in tr.find_all("td")], strict=True)
        )
        for tr in soup.find("tbody").find_all("tr")
    }


def test_the_programme_overview_puts_areas_side_by_side_with_disclosure_control(built):
    """A second area of the same programme with five respondents: its row shows
    no count from 1 to 4, and nothing is totalled across areas."""
    second = built.raw / "smalltown"
    shutil.copytree(FIXTURES / "valid_survey", second / "2022-q1")
    (second / "area.yml").write_text(AREA_YML.replace("Test Town", "Small Town"))
    result = learnrep(built.root, "run", "--format", "html")
    assert result.returncode == 0, result.stdout
    overview = built.reports / "programme" / "we-are-undefeatable.html"
    soup = BeautifulSoup(overview.read_text(), "html.parser")
    rows = overview_rows(soup)
    assert list(rows) == ["Small Town", "Test Town"]  # by area folder name
    latest = yaml.safe_load((built.raw_dir(AREA, "2022-q2") / "period.yml").read_text())
    assert rows["Test Town"]["Latest period"] == latest["label"]  # its label, no slug
    assert rows["Test Town"]["Respondents"] == "80"
    small = rows["Small Town"]
    assert small["Respondents"] == "5"
    assert small["People trained"] == "not collected"
    for column, value in small.items():
        assert value not in {"1", "2", "3", "4"}, column
    assert "Total" not in soup.get_text()
    index = BeautifulSoup((built.reports / "index.html").read_text(), "html.parser")
    assert index.find("a", href="programme/we-are-undefeatable.html")

    # The latest period now fails validation: its stale data is not shown.
    broken = built.raw_dir(AREA, "2022-q2") / "survey.csv"
    broken.write_text(broken.read_text() + "not-a-row,31/02/2022\n")
    assert learnrep(built.root, "run", "--format", "html").returncode == 1
    rows = overview_rows(BeautifulSoup(overview.read_text(), "html.parser"))
    assert rows["Test Town"]["Latest period"] == "First quarter"

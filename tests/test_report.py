"""Report content (pipeline/report/): every section of every sample
area-period, read from real processed data, checked against the raw files."""

from __future__ import annotations

import inspect
import io

import pandas as pd
import pytest
from conftest import SAMPLE_AREA_PERIODS

from pipeline.processed import Processed
from pipeline.raw import decode
from pipeline.report import Report, headline
from pipeline.report.blocks import Figure, Table, Text
from pipeline.report.sections.base import Section


def report_for(project, area, period, previous=""):
    rel = project.processed_dir(area, period).relative_to(project.root)
    before = project.processed_dir(area, previous).relative_to(project.root) if previous else ""
    return Report(
        project.root / rel,
        5,
        {"inputs": {"data/raw/x/y/survey.csv": "ab" * 32}, "parameters": {"a": 1}},
        previous,
        str(project.root / before) if previous else "",
    )


def parts(report: Report):
    """Every public part of every section, as (section.part, callable), but
    the narrative's own sections, which are called with their heading."""
    for name, section in vars(report).items():
        if isinstance(section, Section):
            for part, method in inspect.getmembers(section, inspect.ismethod):
                if not part.startswith("_") and part not in HELPERS | {"section"}:
                    yield f"{name}.{part}", method


# Methods every section has, or the narrative's helpers: not parts a notebook shows.
HELPERS = {"has_data", "preamble", "words_for", "authors"}


@pytest.mark.parametrize("kind", ["learning-report", "system-impact", "progress-report"])
def test_every_part_the_notebook_calls_exists(sample_processed, kind):
    """Each kind's notebook calls every part the Report has, and no more."""
    import json

    from conftest import REPO

    cells = json.loads((REPO / "notebooks" / f"{kind}.ipynb").read_text())["cells"]
    called = {
        line.removeprefix("report.").removesuffix("()")
        for cell in cells
        if cell["cell_type"] == "code"
        for line in "".join(cell["source"]).splitlines()
        if line.startswith("report.") and not line.startswith("report.section(")
    }
    report = report_for(sample_processed, "bolsover", "2022-q1")
    # The narrative's own sections are called when a report has them (`execute.arrange`).
    assert called == {name for name, _ in parts(report)}


@pytest.mark.parametrize(("area", "period"), SAMPLE_AREA_PERIODS)
def test_every_part_returns_a_block_or_nothing(sample_processed, area, period):
    report = report_for(sample_processed, area, period)
    for name, part in parts(report):
        shown = part()
        assert shown is None or isinstance(shown, Text | Table | Figure), name
        if isinstance(shown, Figure):
            assert shown.svg.lstrip().startswith("<svg") or "<svg" in shown.svg[:300], name
            assert shown.alt.strip(), f"{name} has no alt text"
        if isinstance(shown, Table):
            assert all(len(row) == len(shown.columns) for row in shown.rows), name
            assert len(shown.numeric) == len(shown.columns), name


def test_a_section_without_data_or_words_is_left_out(sample_processed):
    report = report_for(sample_processed, "bucks-mk", "2017-18")  # no survey
    assert report.section("survey", "Community survey") is None
    assert report.survey.text() is None and report.survey.levels_figure() is None
    assert report.survey.barriers_table() is None
    assert report.section("delivery", "Delivery").markdown == "## Delivery"
    assert "1 organisation ran 8 sessions" in report.delivery.text().markdown
    assert report.section("legacy", "Legacy") is None  # no words for it
    # What the period lacked is said once, at the end.
    assert "community survey" in report.about.not_provided().markdown


def test_a_section_s_words_sit_above_its_figures(sample_processed):
    report = report_for(sample_processed, "bolsover", "2022-q1")
    worked = report.section("what_worked", "What worked").markdown
    assert worked.startswith("## What worked\n\nWorking through people residents already trust")


def test_headline_figures_match_the_raw_survey(sample_processed):
    folder = sample_processed.raw_dir("bolsover", "2022-q1")
    raw = pd.read_csv(io.StringIO(decode((folder / "survey.csv").read_bytes())[0]))
    answered = raw["minutes_per_week"].dropna()
    inactive = round(100 * (answered < 30).sum() / len(answered))
    trained = pd.read_csv(io.StringIO(decode((folder / "training.csv").read_bytes())[0]))
    shown = headline.shown(Processed.of(sample_processed, _ap("bolsover", "2022-q1")), 5)
    assert shown["Respondents"] == f"{len(raw):,}"
    assert shown["Inactive (under 30 minutes a week)"] == f"{inactive}%"
    assert shown["People trained"] == str(trained["participant_id"].nunique())


def test_the_key_figures_show_the_previous_period_s_beside_this_one_s(sample_processed):
    report = report_for(sample_processed, "bolsover", "2022-q1", previous="2021-h2")
    text = report.introduction.key_figures().markdown
    assert "- Respondents: **200**; previous period: 120" in text
    # One figure for one thing: the money secured, not delivery's funding too.
    assert "Funding secured to date" in text and "- Funding:" not in text


def test_the_previous_period_is_drawn_beside_this_one_never_in_a_second_chart(sample_processed):
    alone = report_for(sample_processed, "bolsover", "2022-q1")
    both = report_for(sample_processed, "bolsover", "2022-q1", previous="2021-h2")
    assert alone.survey.levels_table().columns == ("Minutes a week", "Respondents", "%")
    assert both.survey.levels_table().columns[1:3] == (
        "Previous period: number",
        "Previous period: %",
    )
    assert "Previous period" in both.survey.barriers_table().columns[1]
    assert "Previous period" in both.workforce.distance_table().columns[1]
    assert not any(name.startswith("compare.") for name, _ in parts(both))


def test_about_this_report_names_its_inputs_and_leaves_their_checksums_to_the_record(
    sample_processed,
):
    """A reader is told what the report was made from in a few lines; the
    keyed checksums and settings, which only `learnrep verify` can use, are
    in provenance.json beside it."""
    text = report_for(sample_processed, "bolsover", "2022-q1").about.provenance().markdown
    assert "Inputs: survey.csv (in data/raw/x/y/)." in text.replace("\\", "")
    assert "ab" * 32 not in text and "Parameters" not in text
    assert "provenance.json" in text


def _ap(area, period):
    from pipeline.discover import AreaPeriod

    return AreaPeriod(area, period)

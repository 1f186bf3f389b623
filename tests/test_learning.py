"""Learning content (contract section 4): the new datasets, the narrative's
recognised sections, every indicator, and the words the report uses. Read
from the real sample data, validated and processed by the real pipeline."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from conftest import REPO, SAMPLE_AREA_PERIODS, processed_in_memory

from pipeline import markdown, pandoc
from pipeline.processed import Processed
from pipeline.report import analysis, figures
from pipeline.report.outline import Slot, narrative_sections, split_sections
from pipeline.report.sections.base import Inputs
from pipeline.report.sections.context import Context
from pipeline.report.sections.narrative import Narrative
from pipeline.report.sections.quotes import Quotes
from pipeline.report.sections.reach import Reach
from pipeline.report.sections.recommendations import Recommendations
from pipeline.scaffold import NARRATIVE_TEMPLATE


def text_of(block) -> str:
    """A block's Markdown with its escapes taken out, to look for words in."""
    return (block.markdown if hasattr(block, "markdown") else str(block)).replace("\\", "")


def sample(project, area, period, previous=None) -> Inputs:
    data = Processed.of(project, _ap(area, period))
    return Inputs(
        data=data,
        threshold=5,
        previous=Processed.of(project, _ap(area, previous)) if previous else None,
        previous_period=previous or "",
        narrative=data.narrative(),
    )


def _ap(area, period):
    from pipeline.discover import AreaPeriod

    return AreaPeriod(area, period)


# -- quotes ---------------------------------------------------------------------


def test_quotes_without_consent_never_reach_processed_data_or_the_report(sample_processed):
    raw = pd.read_csv(sample_processed.raw_dir("bolsover", "2021-h2") / "quotes.csv")
    withheld = raw.loc[raw["consent"] == "no", "quote"].tolist()
    assert withheld, "the sample must hold a quote without consent to test this"
    data = Processed.of(sample_processed, _ap("bolsover", "2021-h2"))
    assert set(data.frame("quotes")["consent"]) == {"yes"}
    shown = text_of(Quotes(sample(sample_processed, "bolsover", "2021-h2")).text())
    for quote in withheld:
        assert markdown.escape(quote) not in shown


def test_quotes_are_grouped_by_theme_and_attributed_by_role(sample_processed):
    quotes = Quotes(sample(sample_processed, "bolsover", "2022-q1"))
    shown = text_of(quotes.text())
    assert "### Connection" in shown and "### Confidence" in shown
    assert "\u2014 Resident" in shown
    # Trainees' words go to the workforce section, not here.
    assert "Social prescriber" not in shown
    assert "Social prescriber" in text_of(quotes.training())


def test_a_quote_is_escaped_so_markup_in_it_is_shown_as_text(tmp_path):
    data = processed_in_memory(
        tmp_path,
        quotes=pd.DataFrame(
            {
                "quote": ["<script>alert(1)</script> [link](javascript:x)"],
                "role": ["Coach"],
                "theme": [None],
                "consent": ["yes"],
            }
        ),
    )
    shown = Quotes(Inputs(data, 5)).text().markdown
    html = pandoc.run(shown, ["--from", "markdown", "--to", "html"])
    assert "<script>" not in html and 'href="javascript' not in html
    assert "&lt;script&gt;" in html


def test_a_quote_is_redacted(tmp_path):
    quote = "Call me on 07700 900123 if you want to know more."
    row = {"quote": [quote], "role": ["Resident"], "theme": ["Connection"], "consent": ["yes"]}
    data = processed_in_memory(tmp_path, quotes=pd.DataFrame(row))
    shown = text_of(Quotes(Inputs(data, 5)).text())
    assert "07700" not in shown and "phone number removed" in shown


# -- reach ----------------------------------------------------------------------


def test_a_small_reach_count_is_suppressed(tmp_path):
    data = processed_in_memory(
        tmp_path,
        reach=pd.DataFrame(
            {
                "measure": ["Coaches trained", "Packs given out"],
                "count": ["3", "400"],
                "note": [None, None],
            }
        ),
    )
    reach = Reach(Inputs(data, 5))
    # Named as the evaluators wrote them: never lower-cased.
    assert text_of(reach.text()).splitlines()[-2:] == [
        "- Coaches trained: **<5**",
        "- Packs given out: **400**",
    ]
    assert figures.of(data, 5).undisclosed == []


# -- recommendations ------------------------------------------------------------


def test_recommendations_show_what_changed_since_the_previous_period(sample_processed):
    recs = Recommendations(sample(sample_processed, "bolsover", "2022-q1", previous="2021-h2"))
    said = recs.text().markdown
    assert "Since the previous period, one was added and one was done (“Build" in pandoc.run(
        said, ["--from", "markdown", "--to", "plain", "--wrap=none"]
    )
    table = recs.table()
    assert table.columns == (
        "Recommendation",
        "Theme",
        "Timescale",
        "Owner",
        "Status now",
        "Status before",
    )
    by_text = {row[0]: row for row in table.rows}
    assert by_text["Build walking into social prescribing"][1:] == (
        "Prevention",
        "Ongoing",
        "Primary care network",
        "done",
        "new",
    )
    assert (
        by_text["Recruit peer champions from the Polish and Romanian communities"][-1]
        == "not listed"
    )


# -- the narrative --------------------------------------------------------------


def test_a_heading_naming_a_section_puts_its_words_at_the_top_of_it(sample_processed):
    inputs = sample(sample_processed, "bolsover", "2022-q1")
    narrative = Narrative(inputs)
    assert "Zdrowe rozmowy" in text_of(narrative.words_for(Slot("what_worked", "What worked")))
    # Contract section 4's name works whatever the kind calls the section.
    changed = Slot("what_worked", "How the system changed")
    assert "Zdrowe rozmowy" in text_of(narrative.words_for(changed))
    assert "Romanian-speaking tutors" in text_of(
        narrative.words_for(Slot("challenges", "CHALLENGES"))
    )
    studies = text_of(narrative.words_for(Slot("case_studies", "Case studies")))
    assert studies.startswith("### The Tuesday walk")
    assert narrative.words_for(Slot("next_steps", "What we will test next")) == ""
    found = [h for h, _ in narrative_sections(inputs.narrative)[1]]
    own = text_of(
        narrative.section(found.index("Working with the Polish and Romanian communities"))
    )
    assert own.startswith("## Working with the Polish and Romanian communities")
    assert "Zdrowe rozmowy" not in own  # placed under "What worked", not repeated


def test_an_unfilled_narrative_template_publishes_none_of_its_guidance(tmp_path):
    from pipeline.raw import read_narrative

    path = tmp_path / "narrative.md"
    path.write_text(NARRATIVE_TEMPLATE, encoding="utf-8")
    data = processed_in_memory(tmp_path)
    inputs = Inputs(data, 5, narrative=read_narrative(path))
    worked = Slot("what_worked", "What worked")
    assert Narrative(inputs).words_for(worked) == ""
    assert Narrative(inputs).preamble() == ""
    # The template's comments never reach a page, filled in or not.
    filled = NARRATIVE_TEMPLATE.replace(
        "<!-- What went well this period, and why you think it did. -->", "Walks."
    )
    path.write_text(filled, encoding="utf-8")
    inputs = Inputs(data, 5, narrative=read_narrative(path))
    assert text_of(Narrative(inputs).words_for(worked)) == "Walks."


def test_split_sections_ignores_headings_inside_code_fences():
    preamble, found = split_sections("Intro\n\n## A\n\none\n```\n## not\n```\n## B\ntwo")
    assert preamble == "Intro"
    assert [h for h, _ in found] == ["A", "B"]
    assert "## not" in found[0][1]


# -- indicators -----------------------------------------------------------------


def test_releases_are_ordered_by_the_period_they_name_not_by_row():
    names = ["Nov 2020-21", "May 2020-21", "Nov 2017-18", "May 2019-20", "Nov 2018-19"]
    assert sorted(names, key=analysis.release_key) == [
        "Nov 2017-18",
        "Nov 2018-19",
        "May 2019-20",
        "May 2020-21",
        "Nov 2020-21",
    ]


def test_every_indicator_gets_a_finding_against_england_and_its_change(tmp_path):
    rows = [
        ("E07000033", "Bolsover", "inactive_pct", "Nov 2020-21", "40.0"),
        ("E07000033", "Bolsover", "inactive_pct", "May 2020-21", "39.0"),
        ("E92000001", "England", "inactive_pct", "Nov 2020-21", "27.0"),
        ("E92000001", "England", "inactive_pct", "May 2020-21", "27.5"),
        ("E07000033", "Bolsover", "anxiety_pct", "2018-19", "20.0"),
        ("E07000033", "Bolsover", "anxiety_pct", "2021-22", "22.6"),
    ]
    data = processed_in_memory(
        tmp_path,
        indicators=pd.DataFrame(
            rows, columns=["geography_code", "geography_name", "indicator", "release", "value"]
        ),
    )
    data.manifest["area_meta"]["la_code"] = "E07000033"
    data.manifest["area_meta"]["name"] = "Bolsover"
    said = Context(Inputs(data, 5)).text().markdown
    plain = pandoc.run(said, ["--from", "markdown", "--to", "plain", "--wrap=none"])
    # The latest release is the one the name puts last, though the file lists it first.
    assert (
        "Inactive adults: 40.0% in Bolsover (Nov 2020-21), against 27.0% in England; "
        "up 1 percentage point since May 2020-21." in plain
    )
    assert "Anxiety: 22.6% in Bolsover (2021-22); up 2.6 percentage points since 2018-19." in plain


# -- workforce follow-up --------------------------------------------------------


def test_the_workforce_section_reports_follow_up(sample_processed):
    from pipeline.report.sections.workforce import Workforce

    raw = pd.read_csv(
        sample_processed.raw_dir("bolsover", "2022-q1") / "training.csv", encoding="cp1250"
    )
    said = text_of(Workforce(sample(sample_processed, "bolsover", "2022-q1")).follow_up())
    answered = int(raw["follow_up"].notna().sum())
    yes = int((raw["follow_up"] == "yes").sum())
    assert f"Of the {answered} whose follow-up was recorded" in said
    assert f"{yes} ({round(100 * yes / answered)}%) had been followed up" in said


# -- plain words ----------------------------------------------------------------

AWKWARD = {
    "a band named as if it were minutes": re.compile(r"\bNone min"),
    "an option capitalised mid-sentence": re.compile(
        r"(?:then|and|or|of|for) (?:My health|Time|Walking|Cost|Transport|Confidence|"
        r"Voluntary and community|Local authority|Public health|Sport and leisure)\b"
    ),
    "warnings counted twice": re.compile(r"warnings with \d+ warning"),
    "a course name as if it were an event": re.compile(r"took part in [A-Z]"),
    "a dictionary printed as it is": re.compile(r"\{\s*\"|\"\s*:\s*\d"),
    "a withheld count as a sentence's subject": re.compile(
        r"\. withheld|, withheld (?:said|returned)"
    ),
    "doubled brackets": re.compile(r"\)\)"),
    "a Python value": re.compile(r"\b(?:None|nan|NaN|NaT)\b(?! \(0)"),
}


@pytest.mark.parametrize(("area", "period"), SAMPLE_AREA_PERIODS)
def test_no_sample_report_text_reads_awkwardly(sample_processed, area, period):
    from test_report import parts, report_for

    report = report_for(sample_processed, area, period)
    texts = []
    for name, part in parts(report):
        block = part()
        if block is None:
            continue
        if hasattr(block, "markdown"):
            texts.append((name, block.markdown))
        elif hasattr(block, "rows"):
            # Tables name options as the contract does ("None" is an activity).
            rows = " | ".join(" ; ".join(map(str, r)) for r in block.rows)
            texts.append((name, rows.replace("None ;", "No activity ;")))
        else:
            texts.append((name, block.alt))
    for name, text in texts:
        plain = text.replace("\\", "")
        plain = re.sub(r"Active Lives bands on minutes a week: None \(0\)", "", plain)
        for what, pattern in AWKWARD.items():
            found = pattern.search(plain)
            around = plain[max(0, found.start() - 40) : found.end() + 40] if found else ""
            assert not found, f"{area}/{period} {name}: {what}: ...{around}..."


def test_an_option_in_the_respondents_own_voice_is_quoted_mid_sentence():
    from pipeline.report import words

    assert words.mid("My health") == "“My health”"  # "then my health" read as the writer's
    assert words.mid("Time") == "time" and words.mid("NHS") == "NHS"


def test_the_awkward_patterns_do_catch_what_they_describe():
    for what, example in {
        "a band named as if it were minutes": "None min",
        "an option capitalised mid-sentence": "then My health (33%)",
        "warnings counted twice": "passed with warnings with 1 warning",
        "a course name as if it were an event": "took part in Mental wellbeing workshop",
        "a dictionary printed as it is": '{"a": 1}',
    }.items():
        assert AWKWARD[what].search(example), what


def test_the_committed_notebooks_are_the_ones_tools_notebooks_writes():
    from tools import notebooks

    for kind in notebooks.KINDS:
        committed = (REPO / "notebooks" / f"{kind}.ipynb").read_text(encoding="utf-8")
        assert committed == notebooks.text(kind), f"run python -m tools.notebooks ({kind})"


def test_every_kind_of_report_shows_every_part_once():
    from tools import notebooks

    for kind, (_, layout) in notebooks.KINDS.items():
        used = [part for _, part in layout]
        assert sorted(used) == sorted(notebooks.PARTS), kind
        titles = [title for title, _ in layout]
        assert len(set(titles)) == len(titles), kind
        assert layout[-1] == ("About this report", "about"), kind

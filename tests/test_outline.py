"""The narrative shapes the report (contract section 5): which section each
heading names, where a heading of its own goes, and `outline:`."""

from __future__ import annotations

import pytest

from pipeline.errors import InputError
from pipeline.report.outline import Slot, order, section_for

KIND = [
    Slot("introduction", "Introduction"),
    Slot("context", "Context"),
    Slot("survey", "Community survey"),
    Slot("what_worked", "How the system changed"),
    Slot("case_studies", "Case studies"),
    Slot("recommendations", "Recommendations"),
    Slot("about", "About this report"),
]


def titles(slots):
    return [s.title for s in slots]


def test_a_heading_names_a_section_by_its_title_or_its_contract_name_in_any_case():
    assert section_for("community SURVEY", KIND) == KIND[2]
    assert section_for("What worked", KIND) == KIND[3]  # contract section 4's name
    assert section_for("how the system  changed", KIND) == KIND[3]
    assert section_for("Case study: the Tuesday walk", KIND) == KIND[4]
    assert section_for("Working with families", KIND) is None


def test_without_a_narrative_the_kind_s_order_stands():
    assert order(KIND, []) == KIND


def test_a_heading_of_its_own_stays_after_the_section_written_before_it():
    headings = ["Introduction", "Working with families", "Community survey", "Reflections"]
    assert titles(order(KIND, headings)) == [
        "Introduction",
        "Working with families",
        "Context",
        "Community survey",
        "Reflections",
        "How the system changed",
        "Case studies",
        "Recommendations",
        "About this report",
    ]


def test_headings_written_before_any_section_go_near_the_top_not_deep_in_the_report():
    headings = ["Background", "Recommendations"]
    assert titles(order(KIND, headings))[:3] == ["Introduction", "Background", "Context"]
    # Before the opening section itself when the narrative puts them there.
    headings = ["Foreword", "Introduction"]
    assert titles(order(KIND, headings))[:2] == ["Foreword", "Introduction"]


def test_the_outline_orders_sections_and_headings_and_about_closes_the_report():
    headings = ["Introduction", "Key milestones"]
    outline = ["introduction", "recommendations", "key MILESTONES", "Community survey"]
    assert titles(order(KIND, headings, outline)) == [
        "Introduction",
        "Recommendations",
        "Key milestones",
        "Community survey",
        "Context",
        "How the system changed",
        "Case studies",
        "About this report",
    ]
    # About this report is always last, even when the outline lists it first.
    assert order(KIND, [], ["About this report"])[-1].key == "about"


def test_an_outline_naming_nothing_in_the_report_is_refused_in_one_line():
    with pytest.raises(InputError) as refused:
        order(KIND, ["Introduction"], ["Introduction", "Bugdet"])
    message = str(refused.value)
    assert "'Bugdet' is neither a section of this report nor a heading of the narrative" in message
    assert "Community survey" in message and "\n" not in message

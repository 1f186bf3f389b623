"""Figures (`pipeline.report.charts`): what a chart draws from data is text
the reader sees, so it is redacted and never read as markup."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from pipeline.redaction import REDACTED_EMAIL, REDACTED_PHONE
from pipeline.report import charts, timeline


def test_a_label_is_drawn_with_its_contact_details_removed():
    # Text is drawn as paths, so the figure is compared with one drawn from
    # the redacted words.
    leaked = charts.bars(["Ring 07700 900123", "jo@example.org"], [3, 2], ["3", "2"], "People")
    redacted = charts.bars([f"Ring {REDACTED_PHONE}", REDACTED_EMAIL], [3, 2], ["3", "2"], "People")
    assert leaked == redacted


def test_a_milestone_is_redacted_before_it_is_shortened():
    day = dt.date(2022, 1, 10)
    period = (dt.date(2022, 1, 1), dt.date(2022, 3, 31))
    long = "Launch event, bookings through Jo on 07700 900123 or at the front desk"
    drawn = timeline.timeline([day], [long], ["done"], period)
    assert drawn == timeline.timeline(
        [day], [long.replace("07700 900123", REDACTED_PHONE)], ["done"], period
    )


@pytest.mark.parametrize(
    ("start", "end"), [("2021-07-01", "2021-10-31"), ("2017-08-01", "2019-04-30")]
)
def test_a_timeline_names_each_month_once(start, end):
    plt, _ = charts.plotting()
    figure, axes = plt.subplots()
    first, last = pd.Timestamp(start), pd.Timestamp(end)
    axes.set_xlim(first, last)
    timeline.date_axis(axes, first, last)
    figure.canvas.draw()
    labels = [t.get_text() for t in axes.get_xticklabels()]
    plt.close(figure)
    assert 3 <= len(labels) <= 9 and len(set(labels)) == len(labels), labels


def test_a_short_timeline_names_days_as_the_text_does():
    """ "5 Nov 2021", as the sentence and table say it, not "05 Nov 2021"."""
    plt, _ = charts.plotting()
    figure, axes = plt.subplots()
    first, last = pd.Timestamp("2021-11-01"), pd.Timestamp("2021-12-10")
    axes.set_xlim(first, last)
    timeline.date_axis(axes, first, last)
    figure.canvas.draw()
    labels = [t.get_text() for t in axes.get_xticklabels()]
    plt.close(figure)
    assert labels and all(re.fullmatch(r"[1-9]\d? (Nov|Dec) 2021", label) for label in labels)
    drawn = timeline.timeline([first + pd.Timedelta(days=4)], ["Launch"], ["done"], (first, last))
    assert "<!-- 5 Nov 2021: Launch -->" in drawn


def test_money_on_an_axis_reads_as_money():
    """ "£10,000", not "10000" under an axis titled "Pounds"."""
    drawn = charts.bars(
        ["Grant", "Council"], [75000, 5000], ["£75,000", "£5,000"], "Amount", ticks="£{x:,.0f}"
    )
    assert "<!-- £10,000 -->" in drawn and "<!-- 10000 -->" not in drawn


def test_two_lines_ending_close_together_have_their_end_labels_apart():
    """ "424.1" was printed on "421.2" in a reviewer's self-harm chart."""
    drawn = charts.lines(
        ["2019", "2020", "2021"],
        {"Milton Keynes": [400, 410, 424.1], "England": [390, 405, 421.2]},
        "Rate per 100,000",
    )

    def label_y(text: str) -> float:
        found = re.search(
            re.escape(f"<!-- {text} -->") + r"\s*<g[^>]*translate\([\d.]+ ([\d.]+)\)", drawn
        )
        return float(found[1])

    assert label_y("421.2") - label_y("424.1") >= 12  # SVG points, y downwards


def test_dollar_signs_in_a_label_are_text_not_mathematics():
    # Each of these is mathtext that matplotlib cannot draw, had it read them so.
    for label in ("Save $$ now", "a $x^$ b", "$\\undefined$ fund"):
        assert "<svg" in charts.bars([label, "Free"], [3, 2], ["3", "2"], "People")


def test_a_bar_without_a_published_percentage_is_labelled_why_never_with_its_count():
    """On an axis of percentages, a count as a bar's label reads as a
    percentage ("28" beside bars of 41% and 31%)."""
    from pipeline.report import blocks
    from pipeline.report.analysis import Share

    shares = [
        Share("None", 12, "12", 10),
        Share("30-149", 43, "43", None),  # the count published, its share withheld
        Share("150+", 28, "28", None),
        Share("Under 20", None, "<5", None),
        Share("Same or worse", None, blocks.GROUPED_DIFFERENTLY, None),
    ]
    assert blocks.labels(shares) == [
        "10%",
        "withheld",
        "withheld",
        "withheld",
        "grouped differently",
    ]


def test_long_labels_are_wrapped_so_a_phone_still_shows_the_bars():
    """At 375 pixels a chart shows its first 351 pixels at 80% of its drawn
    size (report.css): the Bucks partners chart's labels ("Mind (Bucks and
    Milton Keynes) – Voluntary and community") took all of them."""
    labels = [
        "Mind (Bucks and Milton Keynes) – Voluntary and community",
        "Buckinghamshire County Council – Local authority",
        "Clinical commissioning group – NHS",
    ]
    svg = charts.bars(labels, [4, 5, 4], ["4", "5", "4"], "How closely (1-5)", maximum=5)
    width = float(re.search(r'width="([\d.]+)pt"', svg).group(1))
    starts = [
        float(x) for x in re.findall(r'<path d="M ([\d.]+) [\d.]+ \n[^"]*"[^>]*fill: #0072b2', svg)
    ]
    assert len(starts) == 3
    shown = 351 / (width * 4 / 3 * 0.8)  # the share of the chart a phone shows
    assert min(starts) / width < shown * 0.6, (min(starts), width)  # 40% of it bars

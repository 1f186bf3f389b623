"""A figure drawn before is read back, byte for byte what drawing it gives,
only when every argument, the chart code and the libraries are the same."""

from __future__ import annotations

import os
import time

import pandas as pd
import pytest

from pipeline.report import charts, drawn, timeline

ARGS = (["Time", "Cost", "Weather"], [51.0, None, 7.0], ["51%", "<5", "7%"], "Respondents (%)")


@pytest.fixture
def kept(tmp_path, monkeypatch):
    drawn.keep_in(tmp_path / "figures")
    drawn.keep_for("data/processed/bolsover/2022-q1")
    yield tmp_path / "figures" / "bolsover" / "2022-q1"
    drawn.keep_in(None)
    monkeypatch.setattr(drawn, "_folder", None)


def test_a_figure_drawn_again_is_read_back_as_drawn(kept, monkeypatch):
    first = charts.bars(*ARGS)
    assert len(list(kept.glob("*.svg"))) == 1

    def no_drawing():
        raise AssertionError("drawn again")

    monkeypatch.setattr(charts, "plotting", no_drawing)
    assert charts.bars(*ARGS) == first
    monkeypatch.undo()
    monkeypatch.setattr(drawn, "_folder", None)
    assert charts.bars(*ARGS) == first  # what drawing it now gives


@pytest.mark.parametrize(
    "other",
    [
        (["Time", "Cost", "Weather"], [51.0, None, 8.0], ["51%", "<5", "8%"], "Respondents (%)"),
        (["Time", "Cost", "Weather"], [51.0, None, 7.0], ["51%", "<5", "7%"], "Respondents (n)"),
        (["Time", "Cost", "Weather"], [51, None, 7], ["51%", "<5", "7%"], "Respondents (%)"),
    ],
)
def test_any_other_argument_draws_anew(kept, other):
    charts.bars(*ARGS)
    charts.bars(*other)
    assert len(list(kept.glob("*.svg"))) == 2


def test_an_argument_whose_value_is_not_all_it_says_is_never_kept(kept):
    """A Series carries an index a chart could use: drawn every time."""
    charts.bars(ARGS[0], pd.Series([51.0, 0.0, 7.0], index=[2, 0, 1]), *ARGS[2:])
    assert not kept.exists() or not list(kept.glob("*.svg"))
    period = (pd.Timestamp("2022-01-01"), pd.Timestamp("2022-03-31"))
    timeline.timeline([pd.Timestamp("2022-02-01")], ["Launch"], ["done"], period)
    assert len(list(kept.glob("*.svg"))) == 1  # dates and timestamps are keyed by value


def test_the_worker_removes_what_its_report_did_not_use(kept):
    charts.bars(*ARGS)
    charts.bars(ARGS[0], [1.0, 2.0, 3.0], ["1", "2", "3"], "People")
    old = time.time() - 60
    for path in kept.glob("*.svg"):
        os.utime(path, (old, old))
    since = time.time()
    charts.bars(*ARGS)  # this report uses one of them
    drawn.prune(kept, since)
    assert len(list(kept.glob("*.svg"))) == 1
    assert charts.bars(*ARGS)

"""Statuses as enums (pipeline/status.py) read and write the same words."""

from __future__ import annotations

import json

from pipeline.status import Report, Validation


def test_statuses_store_as_their_words_and_read_back():
    stored = json.dumps({"validation": Validation.WARNINGS, "report": Report.FAILED_RENDERING})
    assert stored == '{"validation": "warnings", "report": "failed rendering"}'
    loaded = json.loads(stored)
    assert Validation(loaded["validation"]) is Validation.WARNINGS
    assert Report(loaded["report"]) is Report.FAILED_RENDERING


def test_which_statuses_are_failures():
    assert {s for s in Report if s.failed} == {
        Report.FAILED_VALIDATION,
        Report.FAILED_EXECUTION,
        Report.FAILED_RENDERING,
        Report.FAILED_WRITING,
        Report.FAILED_DISCLOSURE,
    }
    assert [v for v in Validation if v.failed] == [Validation.FAILED]

"""The statuses an area-period can have, as enums, so that every module that
compares one compares the same thing. They are `StrEnum`s: the words are what
the console, the index, `learnrep list` and the build records show and store,
so records written before these enums existed read back unchanged."""

from __future__ import annotations

from enum import StrEnum


class Validation(StrEnum):
    """What Great Expectations made of an area-period's raw data."""

    PASSED = "passed"
    WARNINGS = "warnings"  # passed, with something a steward should read
    FAILED = "failed"  # an error: nothing is processed or published

    @property
    def failed(self) -> bool:
        return self is Validation.FAILED


class Report(StrEnum):
    """Where an area-period's report stands, after a run or on disk."""

    BUILT = "built"
    UP_TO_DATE = "up to date"
    OUT_OF_DATE = "out of date"
    NOT_BUILT = "not built"  # this run did not get to it
    NEVER_BUILT = "never built"
    FAILED_VALIDATION = "failed validation"
    FAILED_EXECUTION = "failed execution"
    FAILED_RENDERING = "failed rendering"
    FAILED_WRITING = "failed writing"
    FAILED_DISCLOSURE = "failed disclosure check"  # a small count could be worked out

    @property
    def failed(self) -> bool:
        return self.value.startswith("failed")

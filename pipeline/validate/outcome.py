"""What validating one area-period found, already sanitised: problems as one
line each, every check with the rows at fault, and (for processing only,
never published) the tables as read."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.discover import AreaPeriod
from pipeline.quoting import in_words
from pipeline.raw import RawTable
from pipeline.raw.images import Image
from pipeline.raw.narrative import Narrative
from pipeline.redaction import redact
from pipeline.status import Validation

# Every GX suite, and so every stored result, is named learnrep-<dataset>.
SUITE_PREFIX = "learnrep-"
# Before a warning's description, where Great Expectations' Data Docs show
# it: they mark every unmet expectation with a red cross whatever its
# severity, and a steward read a warning as a failure.
WARNING_WORDS = "Warning only (the report is still made): "


@dataclass
class Problem:
    level: str  # "error" blocks the report; "warning" is shown and does not
    message: str  # one line: file, row, column, what was expected, what was found

    def __post_init__(self):
        # What a cell or header held is quoted in messages, line breaks and all.
        self.message = one_line(self.message)


@dataclass
class Check:
    dataset: str
    expectation: str
    column: str | None
    description: str
    expected: str
    level: str
    success: bool
    unexpected_count: int = 0
    rows: list[int] = field(default_factory=list)
    # None: the column may hold personal data. Else each value as `quoting`
    # lets it be quoted, or described ("[text of 17 characters]").
    offending_values: list[str] | None = None
    note: str | None = None


@dataclass
class DatasetResult:
    name: str
    file: str | None = None
    state: str = "absent"  # present | absent | template | unreadable
    rows: int = 0
    encoding: str | None = None
    dropped_columns: list[str] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)


@dataclass
class ValidationOutcome:
    ap: AreaPeriod
    area: dict | None = None
    period: dict | None = None
    datasets: dict[str, DatasetResult] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    tables: dict[str, RawTable] = field(default_factory=dict)  # for processing, not published
    narrative: Narrative = field(default_factory=Narrative)  # as read, for processing
    images: dict[str, Image] = field(default_factory=dict)  # the narrative's, cleaned
    gx_results: dict = field(default_factory=dict)  # sanitised, for Data Docs

    @property
    def status(self) -> Validation:
        levels = {p.level for p in self.problems}
        if "error" in levels:
            return Validation.FAILED
        return Validation.WARNINGS if levels else Validation.PASSED

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]


def message(shown: str, check: Check, table: RawTable) -> str:
    """One line a person can act on: where, what was expected, what was found."""
    rows = check.rows
    where = f"{shown} row {rows[0]}" if rows else shown
    if check.column:
        where += f", column {check.column}"
    more = check.unexpected_count - 1
    tail = f" (and {more} more row{'s' if more != 1 else ''})" if more > 0 else ""
    if check.expectation == "expect_table_columns_to_match_set":
        names = check.offending_values or []
        if len(names) == 1:
            return (
                f"{shown}: column {names[0]} is not in the contract: its values were dropped "
                "and never stored"
            )
        return (
            f"{shown}: columns {', '.join(names)} are not in the contract: their values were "
            "dropped and never stored"
        )
    if check.expectation == "expect_column_to_exist":
        return f"{shown}, column {check.column}: " + missing_column(table, check.column)
    if check.expectation in (
        "expect_column_values_to_be_unique",
        "expect_compound_columns_to_be_unique",
    ):
        listed = ", ".join(str(r) for r in rows[:5])
        return (
            f"{shown} rows {listed}, column {check.column}: expected {check.expected}, "
            f"found {check.unexpected_count} rows sharing a value"
        )
    found = ""
    if check.offending_values:
        found = f", got {in_words(check.offending_values[0])}"
    elif (
        check.offending_values is None
        and check.expectation != "expect_column_values_to_not_be_null"
    ):
        found = ", got a value not shown here (the column may hold personal data)"
    if check.expectation == "expect_column_values_to_not_be_null":
        found = ", got a blank"
    return f"{where}: expected {check.expected}{found}{tail}"


_LINE_BREAKING = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")


def one_line(value: str) -> str:
    """A value quoted in a message stays on the message's one line: a line
    break or other control character typed in a cell is shown escaped (\\n)."""
    return _LINE_BREAKING.sub(lambda m: repr(m[0])[1:-1], str(value))


def missing_column(table: RawTable, name: str) -> str:
    """Why a missing column matters, and the header most likely meant for it."""
    if name in table.misnamed:
        return (
            f'the column is missing; "{redact(table.misnamed[name])}" is probably it, '
            f"misnamed: rename that header {name}"
        )
    if table.dataset.column(name).required:
        return "the required column is missing"
    return "the column is missing (its cells may be blank, but it must be in the file)"

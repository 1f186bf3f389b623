"""Great Expectations' built-in expectations, plus the two the contract needs
that GX lacks for text as written: numbers in a range, and real ISO dates
(optionally inside a range). Both are vectorised, and convert each distinct
value once, so a million-row survey validates in seconds.

Importing this module imports GX; only `pipeline.validate.validator` does
so, once per run."""

from __future__ import annotations

from typing import Literal

import pandas as pd
from great_expectations.core.suite_parameters import SuiteParameterDict
from great_expectations.execution_engine import PandasExecutionEngine
from great_expectations.expectations import (  # noqa: F401  (re-exported for the suites)
    ExpectColumnPairValuesAToBeGreaterThanB,
    ExpectColumnToExist,
    ExpectColumnValuesToBeInSet,
    ExpectColumnValuesToBeUnique,
    ExpectColumnValuesToMatchRegex,
    ExpectColumnValuesToNotBeNull,
    ExpectCompoundColumnsToBeUnique,
    ExpectTableColumnsToMatchSet,
)
from great_expectations.expectations.expectation import (
    ColumnMapExpectation,
    ColumnPairMapExpectation,
)
from great_expectations.expectations.metrics.map_metric_provider import (
    ColumnMapMetricProvider,
    ColumnPairMapMetricProvider,
    column_condition_partial,
    column_pair_condition_partial,
)
from great_expectations.expectations.row_conditions import Column as RowColumn  # noqa: F401

from pipeline.raw.values import by_distinct

_WHOLE = r"[+-]?\d+"
_DECIMAL = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)"


class ColumnValuesAreNumbersBetween(ColumnMapMetricProvider):
    condition_metric_name = "column_values.learnrep_numbers_between"
    condition_value_keys = ("minimum", "maximum", "whole", "plus")

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column, minimum, maximum, whole, plus=False, **kwargs):
        def between(text):
            text = text.str.strip()
            if plus:  # 400+ is at least 400: the number is checked
                text = text.str.removesuffix("+")
            shaped = text.str.fullmatch(_WHOLE if whole else _DECIMAL).fillna(False).astype(bool)
            numbers = pd.to_numeric(text.where(shaped), errors="coerce")
            inside = numbers.notna()
            if minimum is not None:
                inside &= numbers >= minimum
            if maximum is not None:
                inside &= numbers <= maximum
            return shaped & inside.fillna(False).astype(bool)

        # GX passes the column without its blanks.
        return by_distinct(column.astype(str), between).fillna(False).astype(bool)


class ExpectColumnValuesToBeNumbersBetween(ColumnMapExpectation):
    """Expect text values to be numbers (whole numbers if `whole`) from
    minimum to maximum; with `plus`, also written N+ (at least N)."""

    minimum: float | None = None
    maximum: float | None = None
    whole: bool = False
    plus: bool = False
    map_metric = "column_values.learnrep_numbers_between"
    success_keys = ("minimum", "maximum", "whole", "plus", "mostly")


class ColumnPairValuesNameAnotherRow(ColumnPairMapMetricProvider):
    condition_metric_name = "column_pair_values.learnrep_name_another_row"
    condition_domain_keys = (
        "batch_id",
        "table",
        "column_A",
        "column_B",
        "row_condition",
        "condition_parser",
        "ignore_row_if",
    )

    @column_pair_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column_A, column_B, **kwargs):  # noqa: N803 - GX's names
        named = column_A.astype("string").str.strip()
        names = set(column_B.dropna().astype(str).str.strip())
        return (named.isin(names) & named.ne(column_B.astype("string").str.strip())).fillna(
            False
        ).astype(bool) | column_A.isna()


class ExpectColumnPairValuesToNameAnotherRow(ColumnPairMapExpectation):
    """Expect each value of column_A, where given, to be column_B's value in
    another row of the file (a reach measure's part_of names another measure)."""

    # Every row is checked: a blank part_of names nothing, and passes.
    ignore_row_if: Literal["neither"] = "neither"
    map_metric = "column_pair_values.learnrep_name_another_row"
    success_keys = ("column_A", "column_B", "ignore_row_if", "mostly")


class ColumnValuesAreIsoDatesBetween(ColumnMapMetricProvider):
    condition_metric_name = "column_values.learnrep_iso_dates_between"
    condition_value_keys = ("first", "last", "months")

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column, first, last, months=False, **kwargs):
        def inside(text):
            dates = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
            until = dates
            if months:
                # A month is the days from its first to its last.
                month = pd.to_datetime(text, format="%Y-%m", errors="coerce")
                dates = dates.fillna(month)
                until = until.fillna(month + pd.offsets.MonthEnd(0))
            if first is None and last is None:
                return dates.notna()
            # A value that is not a real date is the format check's to report;
            # a month is inside when any of its days is.
            overlaps = (until >= pd.Timestamp(first)) & (dates <= pd.Timestamp(last))
            return overlaps | dates.isna()

        return by_distinct(column.astype(str), inside).fillna(False).astype(bool)


class ExpectColumnValuesToBeIsoDatesBetween(ColumnMapExpectation):
    """Expect real YYYY-MM-DD dates (or, with months, YYYY-MM months); with
    first/last, also inside that range."""

    first: str | SuiteParameterDict | None = None
    last: str | SuiteParameterDict | None = None
    months: bool = False
    map_metric = "column_values.learnrep_iso_dates_between"
    success_keys = ("first", "last", "months", "mostly")

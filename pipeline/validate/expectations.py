"""Great Expectations' built-in expectations, plus the two the contract needs
that GX lacks for text as written: numbers in a range, and real ISO dates
(optionally inside a range). Both are vectorised, and convert each distinct
value once, so a million-row survey validates in seconds.

Importing this module imports GX; only `pipeline.validate.validator` does
so, once per run."""

from __future__ import annotations

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
from great_expectations.expectations.expectation import ColumnMapExpectation
from great_expectations.expectations.metrics.map_metric_provider import (
    ColumnMapMetricProvider,
    column_condition_partial,
)
from great_expectations.expectations.row_conditions import Column as RowColumn  # noqa: F401

from pipeline.raw.values import by_distinct

_WHOLE = r"[+-]?\d+"
_DECIMAL = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)"


class ColumnValuesAreNumbersBetween(ColumnMapMetricProvider):
    condition_metric_name = "column_values.learnrep_numbers_between"
    condition_value_keys = ("minimum", "maximum", "whole")

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column, minimum, maximum, whole, **kwargs):
        def between(text):
            text = text.str.strip()
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
    """Expect text values to be numbers (whole numbers if `whole`) from minimum to maximum."""

    minimum: float | None = None
    maximum: float | None = None
    whole: bool = False
    map_metric = "column_values.learnrep_numbers_between"
    success_keys = ("minimum", "maximum", "whole", "mostly")


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

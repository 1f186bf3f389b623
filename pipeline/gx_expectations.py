"""Great Expectations' built-in expectations, plus the two the contract needs
that GX lacks for text as written: numbers in a range, and real ISO dates
(optionally inside a range). Both are vectorised so a million-row survey
validates in seconds. Also GX's file store, made to write by rename, and a
way to validate without GX rebuilding each expectation's configuration on
every use.

Importing this module imports GX; only `pipeline.validate` does so, once."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
from great_expectations.core.suite_parameters import SuiteParameterDict
from great_expectations.data_context.store.tuple_store_backend import TupleFilesystemStoreBackend
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
from great_expectations.expectations.expectation import ColumnMapExpectation, Expectation
from great_expectations.expectations.metrics.map_metric_provider import (
    ColumnMapMetricProvider,
    column_condition_partial,
)

from pipeline.files import write_bytes_atomic

_WHOLE = r"[+-]?\d+"
_DECIMAL = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)"


class ColumnValuesAreNumbersBetween(ColumnMapMetricProvider):
    condition_metric_name = "column_values.learnrep_numbers_between"
    condition_value_keys = ("minimum", "maximum", "whole")

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column, minimum, maximum, whole, **kwargs):
        text = column.astype(str).str.strip()
        shaped = text.str.fullmatch(_WHOLE if whole else _DECIMAL).fillna(False).astype(bool)
        numbers = pd.to_numeric(text.where(shaped), errors="coerce")
        inside = numbers.notna()
        if minimum is not None:
            inside &= numbers >= minimum
        if maximum is not None:
            inside &= numbers <= maximum
        return shaped & inside.fillna(False).astype(bool)


class ExpectColumnValuesToBeNumbersBetween(ColumnMapExpectation):
    """Expect text values to be numbers (whole numbers if `whole`) from minimum to maximum."""

    minimum: float | None = None
    maximum: float | None = None
    whole: bool = False
    map_metric = "column_values.learnrep_numbers_between"
    success_keys = ("minimum", "maximum", "whole", "mostly")


class ColumnValuesAreIsoDatesBetween(ColumnMapMetricProvider):
    condition_metric_name = "column_values.learnrep_iso_dates_between"
    condition_value_keys = ("first", "last")

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column, first, last, **kwargs):
        dates = pd.to_datetime(column.astype(str), format="%Y-%m-%d", errors="coerce")
        if first is None and last is None:
            return dates.notna()
        inside = dates.between(pd.Timestamp(first), pd.Timestamp(last))
        # A value that is not a real date is the format check's to report.
        return inside | dates.isna()


class ExpectColumnValuesToBeIsoDatesBetween(ColumnMapExpectation):
    """Expect real YYYY-MM-DD dates; with first/last, also inside that range."""

    first: str | SuiteParameterDict | None = None
    last: str | SuiteParameterDict | None = None
    map_metric = "column_values.learnrep_iso_dates_between"
    success_keys = ("first", "last", "mostly")


_configuration_of = Expectation.configuration.fget


@contextmanager
def configurations_kept() -> Iterator[None]:
    """While validating, each expectation object builds its configuration once.

    GX rebuilds it from the pydantic model on every access, about seventy
    times per expectation per batch: a quarter of the CPU of validating small
    files. GX makes fresh expectation objects for each batch and does not
    change them while validating, so within one batch the first one built is
    the one every later access would build. Each object is held until the
    batch is done, so its id cannot be reused by another in the meantime."""
    built: dict[int, tuple[Expectation, object]] = {}

    def configuration(self):
        kept = built.get(id(self))
        if kept is None:
            kept = built[id(self)] = (self, _configuration_of(self))
        return kept[1]

    Expectation.configuration = property(configuration)
    try:
        yield
    finally:
        Expectation.configuration = property(_configuration_of)
        built.clear()


class AtomicFilesystemStoreBackend(TupleFilesystemStoreBackend):
    """GX's file store, writing each stored result by rename. GX writes in
    place, so a run killed mid-write would leave a truncated result that
    every later Data Docs build trips over."""

    def _set(self, key, value, **kwargs):
        if not isinstance(key, tuple):
            key = key.to_tuple()
        path = Path(self.full_base_directory, self._convert_key_to_filepath(key))
        write_bytes_atomic(path, value.encode("utf-8") if isinstance(value, str) else value)
        return str(path)

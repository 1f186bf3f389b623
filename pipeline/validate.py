"""Great Expectations (GX Core 1.x) validation of raw area-periods.

One suite per dataset expresses every rule of the contract, built once from
`pipeline.contract`; period dates reach it as suite parameters. Validation
runs on the text as written, so every failure points at a spreadsheet row and
quotes what the evaluator typed. Results are sanitised here, before anything
stores or shows them: values are kept only for columns that cannot hold
personal data (`Column.shows_values`), and even those are redacted.

GX takes ~3 s to import, so a `Validator` is made once per run and validates
every selected area-period in the same process.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import os
import re
import shutil
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.config import Project
from pipeline.contract import DATASETS, MULTI_SELECT_SEPARATOR, Column, Dataset
from pipeline.disclosure import redact
from pipeline.discover import AreaPeriod
from pipeline.errors import InputError, OutputError
from pipeline.files import (
    refused_writes,
    replace_folder,
    shown,
    temporary_prefix,
    write_text_atomic,
)
from pipeline.raw import ONS_CODE, RawTable, display_path, find_table, read_area, read_period
from pipeline.raw import read_table as read_raw_table

SUITE_PREFIX = "learnrep-"
_VALUE_KEYS = ("partial_unexpected_list", "partial_unexpected_counts", "unexpected_list")


@dataclass
class Problem:
    level: str  # "error" blocks the report; "warning" is shown and does not
    message: str  # one line: file, row, column, what was expected, what was found


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
    offending_values: list[str] | None = None  # None: the column may hold personal data
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
class Outcome:
    ap: AreaPeriod
    area: dict | None = None
    period: dict | None = None
    datasets: dict[str, DatasetResult] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    tables: dict[str, RawTable] = field(default_factory=dict)  # for processing, not published
    gx_results: dict = field(default_factory=dict)  # sanitised, for Data Docs

    @property
    def status(self) -> str:
        levels = {p.level for p in self.problems}
        return "failed" if "error" in levels else "warnings" if levels else "passed"

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]


class Validator:
    """Holds one GX context and the suites for a whole run."""

    def __init__(self, project: Project):
        os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")  # no network is assumed
        import great_expectations as gx
        from great_expectations.data_context.types.base import (
            DataContextConfig,
            InMemoryStoreBackendDefaults,
            ProgressBarsConfig,
        )

        from pipeline import gx_expectations

        self.project = project
        self._docs_building = project.reports / f"{temporary_prefix(project.data_docs)}building"
        self._stored: dict[str, list] | None = None  # stored results' keys by area-period
        self._gx = gx
        self._gxe = gx_expectations
        config = DataContextConfig(
            store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
            analytics_enabled=False,
            progress_bars=ProgressBarsConfig(globally=False),
        )
        # Sanitised results persist between runs so that validating one area
        # keeps every other area's results in the Data Docs site.
        config.stores["validation_results_store"] = {
            "class_name": "ValidationResultsStore",
            "store_backend": {
                "module_name": "pipeline.gx_expectations",
                "class_name": "AtomicFilesystemStoreBackend",
                "base_directory": str(project.state / "gx-validation-results"),
            },
        }
        config.data_docs_sites = {
            "learnrep": {
                "class_name": "SiteBuilder",
                "store_backend": {
                    "class_name": "TupleFilesystemStoreBackend",
                    # Built aside, then swapped in whole (see build_data_docs).
                    "base_directory": str(self._docs_building),
                },
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            }
        }
        self.context = gx.get_context(project_config=config, mode="ephemeral")
        source = self.context.data_sources.add_pandas("raw")
        self._batches = {
            name: source.add_dataframe_asset(name).add_batch_definition_whole_dataframe("file")
            for name in DATASETS
        }
        self._suites = {name: self._build_suite(ds) for name, ds in DATASETS.items()}
        params = project.params()
        self.rows_listed = int(params["rows_listed_per_check"])
        self.max_file_mb = float(params["max_raw_file_mb"])
        self.gx_version = gx.__version__
        # GX's modules, context and suites live as long as the run: keep them
        # out of the collector's reach, which halves its time in validation.
        gc.freeze()

    # -- suites ---------------------------------------------------------------

    def _build_suite(self, dataset: Dataset):
        gx, gxe = self._gx, self._gxe
        suite = self.context.suites.add(gx.ExpectationSuite(name=SUITE_PREFIX + dataset.name))
        file = dataset.name

        def add(expectation_class, about, description, expected, level="error", **kwargs):
            severity = "critical" if level == "error" else "warning"
            meta = {"column": about, "dataset": dataset.name, "expected": expected}
            suite.add_expectation(
                expectation_class(description=description, severity=severity, meta=meta, **kwargs)
            )

        add(
            gxe.ExpectTableColumnsToMatchSet,
            None,
            f"{file} has only the contract's columns (others are dropped unread)",
            "only the contract's columns",
            level="warning",
            column_set=list(dataset.column_names),
            exact_match=True,
        )
        for column in dataset.columns:
            name = column.name
            if column.required:
                add(
                    gxe.ExpectColumnToExist,
                    name,
                    f"{file} has a {name} column",
                    "the column to be present",
                    column=name,
                )
                add(
                    gxe.ExpectColumnValuesToNotBeNull,
                    name,
                    f"{name} is filled in on every row",
                    "a value (the column is required)",
                    column=name,
                )
            for expectation_class, kwargs in _value_rules(column):
                add(
                    expectation_class,
                    name,
                    f"{name} is {column.expected()}",
                    column.expected(),
                    column=name,
                    **kwargs,
                )
            if column.in_period:
                add(
                    gxe.ExpectColumnValuesToBeIsoDatesBetween,
                    name,
                    f"{name} falls inside the reporting period",
                    "a date inside the reporting period",
                    level="warning",
                    column=name,
                    first={"$PARAMETER": "period_start"},
                    last={"$PARAMETER": "period_end"},
                )
        if len(dataset.unique) == 1:
            (key,) = dataset.unique
            add(
                gxe.ExpectColumnValuesToBeUnique,
                key,
                f"each {key} appears once",
                f"each {key} to appear once",
                column=key,
            )
        elif dataset.unique:
            keys = " and ".join(dataset.unique)
            add(
                gxe.ExpectCompoundColumnsToBeUnique,
                dataset.unique[0],
                f"each combination of {keys} appears once",
                f"each combination of {keys} to appear once",
                column_list=list(dataset.unique),
            )
        if dataset.ordered:
            earlier, later = dataset.ordered
            add(
                gxe.ExpectColumnPairValuesAToBeGreaterThanB,
                later,
                f"{later} is on or after {earlier}",
                f"a date on or after {earlier}",
                column_A=later,
                column_B=earlier,
                or_equal=True,
                ignore_row_if="either_value_is_missing",
            )
        return suite

    # -- validation -----------------------------------------------------------

    def validate(self, ap: AreaPeriod) -> Outcome:
        outcome = Outcome(ap)
        try:
            outcome.area = read_area(self.project, ap.area)
            outcome.period = read_period(self.project, ap)
        except InputError as exc:
            outcome.problems.append(Problem("error", str(exc)))
            return outcome
        for dataset in DATASETS.values():
            outcome.datasets[dataset.name] = self._validate_dataset(outcome, dataset)
        self._store_for_data_docs(outcome)
        return outcome

    def _validate_dataset(self, outcome: Outcome, dataset: Dataset) -> DatasetResult:
        result = DatasetResult(dataset.name)
        try:
            path = find_table(self.project, outcome.ap, dataset)
            if path is None:
                return result
            result.file = path.name
            table = read_raw_table(self.project, path, dataset, self.max_file_mb)
        except InputError as exc:
            result.state = "unreadable"
            outcome.problems.append(Problem("error", str(exc)))
            return result
        result.rows, result.encoding = table.rows, table.encoding
        result.dropped_columns = list(table.unknown)
        outcome.problems += [Problem("warning", note) for note in table.notes]
        if table.is_template:
            result.state = "template"
            outcome.problems.append(
                Problem(
                    "warning",
                    f"{display_path(self.project, path)}: has a header row and no data; "
                    "treated as absent (an unfilled template)",
                )
            )
            return result
        result.state = "present"
        frame = table.frame.copy()
        for name in table.missing:
            if not dataset.column(name).required:
                frame[name] = None  # an optional column left out is simply blank
        with self._gxe.configurations_kept():
            gx_result = (
                self._batches[dataset.name]
                .get_batch(batch_parameters={"dataframe": frame})
                .validate(
                    self._suites[dataset.name],
                    expectation_parameters={
                        "period_start": outcome.period["start"],
                        "period_end": outcome.period["end"],
                    },
                    result_format={
                        "result_format": "SUMMARY",
                        "partial_unexpected_count": self.rows_listed,
                    },
                )
            )
        self._sanitise(gx_result, dataset)
        outcome.gx_results[dataset.name] = gx_result
        shown = display_path(self.project, path)
        for res in gx_result.results:
            check = self._check_from(res, dataset, table)
            result.checks.append(check)
            if not check.success and check.note is None:
                outcome.problems.append(Problem(check.level, _message(shown, check, dataset)))
        result.checks.sort(key=lambda c: (c.success, c.level != "error", c.description))
        outcome.tables[dataset.name] = table
        return result

    def _check_from(self, res, dataset: Dataset, table: RawTable) -> Check:
        config = res.expectation_config
        meta = config.meta or {}
        column = meta.get("column")
        level = "error" if str(config.severity.value) == "critical" else "warning"
        detail = res.result or {}
        check = Check(
            dataset=dataset.name,
            expectation=config.type,
            column=column,
            description=config.description,
            expected=meta.get("expected", ""),
            level=level,
            success=bool(res.success),
            unexpected_count=int(detail.get("unexpected_count") or 0),
            rows=[int(r) for r in detail.get("partial_unexpected_index_list") or []],
            offending_values=detail.get("partial_unexpected_list"),
        )
        if column in table.missing and config.type != "expect_column_to_exist":
            check.note = f"not checked: the {column} column is missing"
            check.success = False
        elif config.type == "expect_table_columns_to_match_set" and not res.success:
            check.offending_values = [redact(str(c)) for c in table.unknown]
            check.note = None
        return check

    def _sanitise(self, gx_result, dataset: Dataset) -> None:
        """Strip values a steward's page must not show, in place, before the
        result is stored, rendered, or turned into messages."""
        for res in gx_result.results:
            column = (res.expectation_config.meta or {}).get("column")
            kwargs = res.expectation_config.kwargs
            single = "column" in kwargs and column in dataset.column_names
            closed = single and dataset.column(column).shows_values
            detail = res.result or {}
            for key in _VALUE_KEYS:
                if key not in detail:
                    continue
                if not closed:
                    detail.pop(key)
                elif key == "partial_unexpected_counts":
                    detail[key] = [
                        {"value": redact(str(item["value"])), "count": item["count"]}
                        for item in detail[key]
                    ]
                else:
                    detail[key] = [redact(str(v)) for v in detail[key]]
            for key in ("details", "observed_value"):
                if (
                    key in detail
                    and res.expectation_config.type != "expect_table_columns_to_match_set"
                ):
                    detail.pop(key)
            res.exception_info = _first_exception(res.exception_info)
        # The batch markers carry a wall-clock load time and a data fingerprint.
        gx_result.meta = {
            "great_expectations_version": self._gx.__version__,
            "active_batch_definition": {"data_asset_name": dataset.name},
        }

    # -- Data Docs --------------------------------------------------------------

    def _store_for_data_docs(self, outcome: Outcome) -> None:
        from great_expectations.core.run_identifier import RunIdentifier
        from great_expectations.data_context.types.resource_identifiers import (
            ExpectationSuiteIdentifier,
            ValidationResultIdentifier,
        )

        store = self.context.validation_results_store
        if self._stored is None:  # listed once: listing per area-period grows with the project
            self._stored = {}
            for key in store.list_keys():
                self._stored.setdefault(key.run_id.run_name, []).append(key)
        run_name = f"{outcome.ap.area}.{outcome.ap.period}"
        for key in self._stored.pop(run_name, []):
            store.remove_key(key)
        run_time = _run_time()
        for name, gx_result in outcome.gx_results.items():
            for res in gx_result.results:  # the messages are made; this copy is for GX's pages
                res.result = _inert(res.result)
                res.exception_info = _inert(res.exception_info)
            key = ValidationResultIdentifier(
                expectation_suite_identifier=ExpectationSuiteIdentifier(name=SUITE_PREFIX + name),
                run_id=RunIdentifier(run_name=run_name, run_time=run_time),
                batch_identifier=f"{outcome.ap.area}.{outcome.ap.period}.{name}",
            )
            store.set(key, gx_result)
            self._stored.setdefault(run_name, []).append(key)

    def build_data_docs(self) -> Path:
        """The whole site, from every stored result, built beside the old one
        and swapped in: an interrupted build never leaves half a site."""
        shutil.rmtree(self._docs_building, ignore_errors=True)
        try:
            with _page_failures_raised(self.project.data_docs):
                self.context.build_data_docs(site_names=["learnrep"])
            _deterministic_pages(self._docs_building)
            replace_folder(self._docs_building, self.project.data_docs)
        finally:
            shutil.rmtree(self._docs_building, ignore_errors=True)
        return self.project.data_docs / "index.html"


@contextmanager
def _page_failures_raised(site: Path):
    """GX logs a page it could not write and carries on; a site with pages
    missing must not replace a whole one. Its log lines, tracebacks and all,
    are kept off the user's terminal and become one OutputError."""
    failures: list[logging.LogRecord] = []
    handler = logging.Handler(logging.ERROR)
    handler.emit = failures.append
    gx_logger = logging.getLogger("great_expectations")
    gx_logger.addHandler(handler)
    propagate, gx_logger.propagate = gx_logger.propagate, False
    failed, kept = "could not build the Data Docs site", "the previous site is unchanged"
    try:
        with refused_writes(site, failed, kept):
            yield
    finally:
        gx_logger.removeHandler(handler)
        gx_logger.propagate = propagate
    if failures:
        reason = re.search(r"\[Errno \d+\] ([^:'\"]+)", failures[0].getMessage())
        raise OutputError(
            f"{failed} ({reason[1] if reason else 'see the log'}); {kept}", file=shown(site)
        )


# GX points every page's logo at its own web server with the build time in the
# query string (a request to a third party whenever a steward opens a page),
# and gives collapsible blocks random UUIDs. Both would make two builds of the
# same results differ, so the logo is the site's own copy and the UUIDs are
# numbered in order of appearance.
_REMOTE_LOGO = re.compile(
    r"https://great-expectations-web-assets\.s3\.[a-z0-9-]+\.amazonaws\.com/"
    r"logo-long\.png\?d=[0-9TZ.]+(?:&amp;|&)?(?:dataContextId=[0-9a-f-]*)?"
)
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _deterministic_pages(site: Path) -> None:
    logo = site / "static" / "images" / "logo-long.png"
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        local = os.path.relpath(logo, page.parent).replace(os.sep, "/")
        fixed = _numbered(_REMOTE_LOGO.sub(local, text))
        if fixed != text:
            write_text_atomic(page, fixed)


def _numbered(text: str) -> str:
    numbers: dict[str, str] = {}
    return _UUID.sub(lambda m: numbers.setdefault(m[0], f"n{len(numbers) + 1}"), text)


_MARKUP = re.compile(r"[<>&\"'`]")


def _inert(value):
    """GX 1.x writes quoted values and column names into Data Docs pages
    without escaping them, so a value such as `<img onerror=...>` in a
    closed column would run in the steward's browser. What Data Docs are
    given loses the characters markup is made of; the steward's own page
    shows the value exactly, escaped."""
    if isinstance(value, str):
        return _MARKUP.sub("", value)
    if isinstance(value, list):
        return [_inert(v) for v in value]
    if isinstance(value, dict):
        return {k: _inert(v) for k, v in value.items()}
    return value


def _first_exception(info) -> dict:
    """GX nests exception details by metric; keep one line, never a traceback."""
    found = (
        [info]
        if isinstance(info, dict) and "raised_exception" in info
        else [v for v in (info or {}).values() if isinstance(v, dict) and v.get("raised_exception")]
    )
    raised = [f for f in found if f.get("raised_exception")]
    lines = str(raised[0].get("exception_message") or "").splitlines()[:1] if raised else []
    message = lines[0][:200] if lines else None
    # Data Docs renders the "traceback" of a raised exception, so give it the one line.
    return {
        "raised_exception": bool(raised),
        "exception_traceback": message if raised else None,
        "exception_message": message,
    }


def _run_time() -> dt.datetime:
    """Now, unless SOURCE_DATE_EPOCH pins it for a reproducible build."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _value_rules(column: Column):
    """The expectation(s) checking one column's values, by kind."""
    from pipeline import gx_expectations as gxe

    if column.kind == "enum":
        return [(gxe.ExpectColumnValuesToBeInSet, {"value_set": list(column.allowed)})]
    if column.kind == "multi":
        option = "|".join(re.escape(a) for a in column.allowed)
        sep = re.escape(MULTI_SELECT_SEPARATOR)
        return [
            (gxe.ExpectColumnValuesToMatchRegex, {"regex": f"^(?:{option})(?:{sep}(?:{option}))*$"})
        ]
    if column.kind in {"int", "decimal"}:
        return [
            (
                gxe.ExpectColumnValuesToBeNumbersBetween,
                {
                    "minimum": column.minimum,
                    "maximum": column.maximum,
                    "whole": column.kind == "int",
                },
            )
        ]
    if column.kind == "date":
        return [(gxe.ExpectColumnValuesToBeIsoDatesBetween, {})]
    if column.kind == "code":
        return [(gxe.ExpectColumnValuesToMatchRegex, {"regex": f"^{ONS_CODE.pattern}$"})]
    return []


def _message(shown: str, check: Check, dataset: Dataset) -> str:
    """One line a person can act on: where, what was expected, what was found."""
    rows = check.rows
    where = f"{shown} row {rows[0]}" if rows else shown
    if check.column:
        where += f", column {check.column}"
    more = check.unexpected_count - 1
    tail = f" (and {more} more row{'s' if more != 1 else ''})" if more > 0 else ""
    if check.expectation == "expect_table_columns_to_match_set":
        return (
            f"{shown}: columns not in the contract were dropped unread: "
            f"{', '.join(check.offending_values or [])}"
        )
    if check.expectation == "expect_column_to_exist":
        return f"{shown}, column {check.column}: the required column is missing"
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
        found = f', got "{check.offending_values[0]}"'
    elif (
        check.offending_values is None
        and check.expectation != "expect_column_values_to_not_be_null"
    ):
        found = ", got a value not shown here (the column may hold personal data)"
    if check.expectation == "expect_column_values_to_not_be_null":
        found = ", got a blank"
    return f"{where}: expected {check.expected}{found}{tail}"

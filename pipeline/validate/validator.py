"""Great Expectations (GX Core 1.x) validation of raw area-periods.

One suite per dataset (`suites`) expresses every rule of the contract.
Validation runs on the text as written, so every failure points at a
spreadsheet row. Results are sanitised here, before anything stores or shows
them: values are kept only for columns that cannot hold personal data
(`Column.shows_values`), and even there a value is kept only when it is
short and code-like, else described (`quoting`: "[text of 17 characters]"),
and contact details are never kept.

GX takes ~3 s to import, so a `Validator` is made once per run and validates
every selected area-period in the same process; nothing else imports GX.
"""

from __future__ import annotations

import gc
import os
from pathlib import Path

from pipeline import quoting
from pipeline.config import Project
from pipeline.contract import DATASETS, Dataset
from pipeline.discover import AreaPeriod
from pipeline.files import temporary_prefix
from pipeline.patches import imports
from pipeline.quoting import column_name
from pipeline.raw import RawTable, display_path
from pipeline.validate import data_docs, reading
from pipeline.validate.outcome import (
    WARNING_WORDS,
    Check,
    DatasetResult,
    Problem,
    ValidationOutcome,
    message,
)

_VALUE_KEYS = ("partial_unexpected_list", "partial_unexpected_counts", "unexpected_list")


class Validator:
    """Holds one GX context and the suites for a whole run."""

    def __init__(self, project: Project):
        os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")  # no network is assumed
        imports.lazily()  # what GX imports and never uses here, loaded on use
        with imports.hidden():  # what GX would offer, and learnrep does not install
            import great_expectations as gx
            from great_expectations.data_context.types.base import (
                DataContextConfig,
                InMemoryStoreBackendDefaults,
                ProgressBarsConfig,
            )

            from pipeline.patches import gx as gx_patches
            from pipeline.validate import expectations, suites

        self.project = project
        self._docs_building = project.validation / f"{temporary_prefix(project.data_docs)}building"
        self._gx = gx
        self._patches = gx_patches
        gx_patches.apply()
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
                "module_name": "pipeline.patches.gx",  # which re-exports GX's own
                "class_name": gx_patches.store_backend(),
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
        self._suites = {
            name: suites.build_suite(gx, self.context, ds) for name, ds in DATASETS.items()
        }
        self._stored = data_docs.list_stored(self.context)  # keys by area-period, listed once
        self._unbuilt = data_docs.Changes()  # stored since the site was last built
        del expectations  # imported for GX to register the contract's own expectations
        params = project.params()
        self.rows_listed = int(params["rows_listed_per_check"])
        self.max_file_mb = float(params["max_raw_file_mb"])
        self.gx_version = gx.__version__
        # GX's modules, context and suites live as long as the run: keep them
        # out of the collector's reach, which halves its time in validation.
        gc.freeze()

    def validate(self, ap: AreaPeriod) -> ValidationOutcome:
        outcome = reading.read(self.project, ap, self.max_file_mb, check=self._check)
        data_docs.store(self.context, self._stored, outcome, self._unbuilt)
        return outcome

    def _check(
        self, outcome: ValidationOutcome, dataset: Dataset, table: RawTable, result: DatasetResult
    ) -> None:
        """GX's checks of one table with data rows, as problems and checks."""
        frame = table.frame.copy()
        for name in table.missing:
            if dataset.column(name).may_be_absent:
                frame[name] = None  # a column added in a later round, left out: blank
        if dataset.units is not None:  # a blank unit is the default one
            unit = dataset.units.unit
            frame[unit] = frame[unit].where(frame[unit].notna(), dataset.units.default)
        with self._patches.configurations_kept():
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
                        # A pandas query string listing every failing row: never
                        # shown, and GX copies the whole table to make it.
                        "return_unexpected_index_query": False,
                    },
                )
            )
        self._sanitise(gx_result, dataset)
        outcome.gx_results[dataset.name] = gx_result
        ap = outcome.ap
        shown = display_path(self.project, self.project.raw_dir(ap.area, ap.period) / result.file)
        for res in gx_result.results:
            check = self._check_from(res, dataset, table)
            result.checks.append(check)
            if not check.success and check.note is None:
                outcome.problems.append(Problem(check.level, message(shown, check, table)))
        result.checks.sort(key=lambda c: (c.success, c.level != "error", c.description))

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
            description=(config.description or "").removeprefix(WARNING_WORDS),
            expected=meta.get("expected", ""),
            level=level,
            success=bool(res.success),
            unexpected_count=int(detail.get("unexpected_count") or 0),
            rows=[int(r) for r in detail.get("partial_unexpected_index_list") or []],
            offending_values=detail.get("partial_unexpected_list"),
        )
        if config.type == "expect_column_values_to_not_be_null":
            # What was found is a blank, whatever GX quotes for it ("nan", "None").
            check.offending_values = ["(blank)"] * len(check.rows)
        if column in table.missing and config.type != "expect_column_to_exist":
            check.note = f"not checked: the {column} column is missing"
            check.success = False
        elif config.type == "expect_table_columns_to_match_set" and not res.success:
            # One named as a missing column misnamed is not reported twice.
            others = [c for c in table.unknown if c not in table.misnamed.values()]
            check.offending_values = [column_name(c, dataset.column_names) for c in others]
            check.note = None if others else "each is named above as a column misnamed"
        return check

    def _sanitise(self, gx_result, dataset: Dataset) -> None:
        """Strip values a steward's page must not show, in place, before the
        result is stored, rendered, or turned into messages."""
        for res in gx_result.results:
            column = (res.expectation_config.meta or {}).get("column")
            kwargs = res.expectation_config.kwargs
            single = "column" in kwargs and column in dataset.column_names
            closed = dataset.column(column) if single else None
            detail = res.result or {}
            for key in _VALUE_KEYS:
                if key not in detail:
                    continue
                if closed is None or not closed.shows_values:
                    detail.pop(key)
                elif key == "partial_unexpected_counts":
                    detail[key] = [
                        {"value": _shown(item["value"], closed), "count": item["count"]}
                        for item in detail[key]
                    ]
                else:
                    detail[key] = [_shown(v, closed) for v in detail[key]]
            for key in ("details", "observed_value"):
                if res.expectation_config.type == "expect_table_columns_to_match_set":
                    if key in detail:  # the file's column names, unknown ones too
                        detail[key] = _column_names(detail[key], dataset.column_names)
                else:
                    detail.pop(key, None)
            res.exception_info = first_exception(res.exception_info)
        # The batch markers carry a wall-clock load time and a data fingerprint.
        gx_result.meta = {
            "great_expectations_version": self._gx.__version__,
            "active_batch_definition": {"data_asset_name": dataset.name},
        }

    def build_data_docs(self) -> Path:
        """The whole site, from every stored result, built beside the old one
        and swapped in: an interrupted build never leaves half a site."""
        return data_docs.build(
            self.context,
            self._docs_building,
            self.project.data_docs,
            self._unbuilt,
            self.project.state / "data-docs.json",
        )


def _shown(value, column) -> str:
    return quoting.sanitised(value, column.kind, column.allowed)


def _column_names(found, columns):
    if isinstance(found, str):
        return column_name(found, columns)
    if isinstance(found, list):
        return [_column_names(item, columns) for item in found]
    if isinstance(found, dict):
        return {key: _column_names(value, columns) for key, value in found.items()}
    return found


def first_exception(info) -> dict:
    """GX nests exception details by metric; keep one line, never a traceback."""
    found = (
        [info]
        if isinstance(info, dict) and "raised_exception" in info
        else [v for v in (info or {}).values() if isinstance(v, dict) and v.get("raised_exception")]
    )
    raised = [f for f in found if f.get("raised_exception")]
    lines = str(raised[0].get("exception_message") or "").splitlines()[:1] if raised else []
    # Only the kind of error: its words can quote a value ("could not convert 'Jo'").
    message = lines[0].split(":")[0][:200] if lines else None
    # Data Docs renders the "traceback" of a raised exception, so give it the one line.
    return {
        "raised_exception": bool(raised),
        "exception_traceback": message if raised else None,
        "exception_message": message,
    }

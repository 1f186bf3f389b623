"""Great Expectations internals that learnrep patches or overrides, written
against GX Core 1.24.1 (`PATCHES` in this package's `__init__`).
`tests/test_patches.py` fails, naming the patch, when a GX release moves
what these rely on.

Importing this module imports GX and changes nothing; `apply` installs the
patches that apply to the GX installed, once a process, and only
validation calls it (`Validator`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from great_expectations.core import id_dict
from great_expectations.data_context.store.tuple_store_backend import TupleFilesystemStoreBackend
from great_expectations.execution_engine import pandas_execution_engine
from great_expectations.expectations.expectation import Expectation
from great_expectations.render.view.view import DefaultJinjaView
from jinja2.bccache import BytecodeCache

from pipeline.files import write_bytes_atomic
from pipeline.patches import applies

_configuration_of = Expectation.configuration.fget
_applied = False


def apply() -> None:
    """Install each GX patch that applies here; once a process."""
    global _applied
    if _applied:
        return
    _applied = True
    if applies("gx.no_table_hash"):
        # GX fingerprints every dataframe under this many bytes (hashing all
        # its cells, twice per batch: for the batch and again for its
        # validator) into a batch marker that validation never reads and
        # learnrep strips from every result (`Validator._sanitise`): 1.3 s of
        # a million-row survey's 6.7 s. At zero no dataframe is hashed.
        pandas_execution_engine.HASH_THRESHOLD = 0
    if applies("gx.one_column_records"):
        engine = pandas_execution_engine.PandasExecutionEngine
        engine.get_domain_records = _one_column_domain_records
    if applies("gx.quick_metric_ids"):
        id_dict.convert_to_json_serializable = _json_ready
    if applies("gx.compiled_templates"):
        DefaultJinjaView.__init__ = _view_with_compiled_templates


def store_backend() -> str:
    """The class name of the backend GX stores validation results with."""
    if applies("gx.atomic_results"):
        return "AtomicFilesystemStoreBackend"
    return "TupleFilesystemStoreBackend"  # GX's own, writing in place


_domain_records_of = pandas_execution_engine.PandasExecutionEngine.get_domain_records


def _one_column_domain_records(self, domain_kwargs: dict):
    """A column expectation's records as that one column, not the whole table.

    For each column expectation GX's pandas metrics drop the column's blank
    rows, then pick the failing rows, each time with `df[mask]` on the whole
    table, and then read only that column and the index: two or three copies
    of every column of the table per expectation, about 1.5 s of a
    million-row survey's checks. Only `unexpected_index_column_names`, which learnrep's
    result format never asks for (`Validator._check`), would read another
    column, so the results are the same."""
    data = _domain_records_of(self, domain_kwargs)
    column = domain_kwargs.get("column")
    if column is not None and column in data.columns and data.columns.is_unique:
        return data[column].to_frame()  # a quarter of the cost of data[[column]]
    return data


_json_ready_of = id_dict.convert_to_json_serializable


def _json_ready(data):
    """GX's `convert_to_json_serializable` for the ids of metrics, quick on
    the plain values metric arguments hold.

    Validating builds each metric's configuration, and so its id, again for
    every expectation that needs it: 60,000 ids for 40 area-periods. GX's
    converter tries ten types before `None`, among them three numpy dtype
    checks, so the ids were a tenth of validation's CPU. Plain values come
    out as GX's converter gives them; anything else goes to it."""
    kind = type(data)
    if data is None or kind is str or kind is int or kind is bool:
        return data
    if kind is float:
        return None if data != data else data  # NaN, as GX writes it
    if kind is dict or kind is id_dict.IDDict:
        return {str(key): _json_ready(value) for key, value in data.items()}
    if kind is list or kind is tuple:
        return [_json_ready(value) for value in data]
    return _json_ready_of(data)


class _CompiledTemplates(BytecodeCache):
    """Data Docs' templates compiled once a process, not once a page type
    per build. Each of GX's views makes its own Jinja environment, so every
    Data Docs build compiled GX's 34 templates again: 0.3 s of the 0.45 s a
    preview's rebuild spends on Data Docs. Jinja keys each template's code
    by its name and checks it against a digest of its source, so a changed
    template is compiled again."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        code = self.code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


_compiled_templates = _CompiledTemplates()
_view_init = DefaultJinjaView.__init__


def _view_with_compiled_templates(self, *args, **kwargs) -> None:
    _view_init(self, *args, **kwargs)
    self.env.bytecode_cache = _compiled_templates


@contextmanager
def configurations_kept() -> Iterator[None]:
    """While validating, each expectation object builds its configuration once.

    GX rebuilds it from the pydantic model on every access, about seventy
    times per expectation per batch: a quarter of the CPU of validating small
    files. GX makes fresh expectation objects for each batch and does not
    change them while validating, so within one batch the first one built is
    the one every later access would build. Each object is held until the
    batch is done, so its id cannot be reused by another in the meantime.
    Where the patch does not apply, the block runs as GX has it."""
    if not applies("gx.configurations_kept"):
        yield
        return
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
    every later Data Docs build trips over. Overrides the private `_set` and
    uses the private `_convert_key_to_filepath`."""

    def _set(self, key, value, **kwargs):
        if not isinstance(key, tuple):
            key = key.to_tuple()
        path = Path(self.full_base_directory, self._convert_key_to_filepath(key))
        write_bytes_atomic(path, value.encode("utf-8") if isinstance(value, str) else value)
        return str(path)

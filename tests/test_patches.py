"""Each patch of a library's internals (pipeline/patches/) checked against
the library installed: a release that moves what a patch relies on fails
here, naming the patch, rather than silently slowing or breaking runs.
Tests of what a patch does are skipped when the suite runs with patches
off (LEARNREP_PATCHES_OFF=all); the rest of the suite then checks that
learnrep works without them."""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
from importlib import metadata

import pytest

from pipeline import patches


def needs(*names: str):
    """Skip a test of what these patches do when they are switched off."""
    off = [name for name in names if name in patches.turned_off() or "all" in patches.turned_off()]
    return pytest.mark.skipif(bool(off), reason=f"patches switched off: {', '.join(off)}")


@pytest.mark.parametrize("name", sorted(patches.PATCHES))
def test_each_patch_was_written_for_the_release_installed(name):
    """The lock pins these releases; after `make lock` moves one, re-check the
    patch against it and add the release to its versions (or drop the patch)."""
    patch = patches.PATCHES[name]
    installed = metadata.version(patch.package)
    assert installed in patch.versions, (
        f"{name}: {patch.package} is {installed}, the patch was written for "
        f"{', '.join(patch.versions)}: re-check it (pipeline/patches/), then add the release"
    )


def test_a_patch_applies_only_to_its_releases_and_the_switch(monkeypatch):
    monkeypatch.delenv(patches.SWITCH, raising=False)
    monkeypatch.setitem(
        patches.PATCHES, "gx.no_table_hash", patches.Patch("great_expectations", ("0.1.0",), "")
    )
    assert not patches.applies("gx.no_table_hash")
    line = patches.not_applying()
    assert line.count("\n") == 0
    assert f"great_expectations is {metadata.version('great_expectations')}, not 0.1.0" in line
    assert "(gx.no_table_hash)" in line and "running without 1 speed patches" in line
    assert patches.applies("gx.one_column_records")
    monkeypatch.setenv(patches.SWITCH, "gx.one_column_records, kernel.flush_if_written")
    assert not patches.applies("gx.one_column_records")
    assert not patches.applies("kernel.flush_if_written")
    assert patches.applies("gx.quick_metric_ids")
    monkeypatch.setenv(patches.SWITCH, "all")
    assert not any(patches.applies(name) for name in patches.PATCHES)


def test_importing_learnrep_applies_no_patch():
    """Not `import pipeline`, nor importing a patch module: only `apply`."""
    script = """
import sys
import pipeline
from pipeline import cli, execute, validate
from pipeline.patches import gx, imports, jupyter, kernel
from great_expectations.core import id_dict
from great_expectations.execution_engine import pandas_execution_engine as engine
from great_expectations.render.view.view import DefaultJinjaView
from ipykernel.iostream import OutStream
assert "rfc3987_syntax" not in sys.modules or sys.modules["rfc3987_syntax"] is not None
assert engine.HASH_THRESHOLD != 0
assert engine.PandasExecutionEngine.get_domain_records is not gx._one_column_domain_records
assert id_dict.convert_to_json_serializable is not gx._json_ready
assert DefaultJinjaView.__init__ is not gx._view_with_compiled_templates
assert OutStream.flush is not kernel._flush_if_written
gx.apply()
assert engine.HASH_THRESHOLD == 0
print("ok")
"""
    env = {k: v for k, v in os.environ.items() if k != patches.SWITCH}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
    assert done.stdout.strip() == "ok", done.stderr


def test_a_release_not_written_for_is_run_without_its_patches_and_said_once(project_with):
    """learnrep validate, as if GX were at another release: GX runs as it
    is, the result is the same, and one line says why it may be slower."""
    project = project_with("valid_survey")
    script = """
import sys
from pipeline import patches
for name, patch in patches.PATCHES.items():
    if patch.package == "great_expectations":
        patches.PATCHES[name] = patches.Patch(patch.package, ("1.0.0",), patch.buys)
from pipeline.cli import main
code = main(["validate"])
from great_expectations.execution_engine import pandas_execution_engine as engine
from pipeline.patches import gx
assert engine.HASH_THRESHOLD != 0
assert engine.PandasExecutionEngine.get_domain_records is not gx._one_column_domain_records
sys.exit(code)
"""
    env = {k: v for k, v in os.environ.items() if k != patches.SWITCH}
    env["LEARNREP_ROOT"] = str(project.root)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=project.root
    )
    assert done.returncode == 0, done.stderr
    said = [line for line in done.stderr.splitlines() if "running without" in line]
    assert len(said) == 1, done.stderr
    assert "great_expectations is " in said[0] and "not 1.0.0" in said[0]
    assert "Traceback" not in done.stderr
    assert "testarea/2022-q1" in done.stdout


@needs("gx.configurations_kept")
def test_gx_expectation_configuration_is_still_a_property_to_keep():
    from great_expectations.expectations.expectation import Expectation

    from pipeline.patches import gx

    assert isinstance(inspect.getattr_static(Expectation, "configuration"), property), (
        "configurations_kept: Expectation.configuration is no longer a property"
    )
    with gx.configurations_kept():
        assert Expectation.configuration.fget is not gx._configuration_of
    assert Expectation.configuration.fget is gx._configuration_of  # restored


@needs("gx.configurations_kept")
def test_kept_configurations_are_built_once_per_expectation():
    from great_expectations.expectations import ExpectColumnToExist

    from pipeline.patches import gx

    expectation = ExpectColumnToExist(column="age_band")
    with gx.configurations_kept():
        first = expectation.configuration
        assert expectation.configuration is first
    assert expectation.configuration is not first  # GX builds a new one each time
    assert expectation.configuration.to_json_dict() == first.to_json_dict()


@needs("gx.one_column_records")
def test_a_column_expectation_reads_one_column_and_still_finds_its_rows():
    import great_expectations as gx
    import pandas as pd
    from great_expectations.execution_engine import PandasExecutionEngine

    from pipeline.patches import gx as patches

    patches.apply()
    assert PandasExecutionEngine.get_domain_records is patches._one_column_domain_records
    frame = pd.DataFrame({"gender": ["Male", None, "Mle", "Female", "x"], "age": [1, 2, 3, 4, 5]})
    engine = PandasExecutionEngine()
    engine.load_batch_data(
        "b", engine.get_batch_data(gx.core.batch_spec.RuntimeDataBatchSpec(batch_data=frame))
    )
    assert list(engine.get_domain_records({"column": "gender"}).columns) == ["gender"]
    assert list(engine.get_domain_records({}).columns) == ["gender", "age"]  # a table domain

    context = gx.get_context(mode="ephemeral")
    batch = (
        context.data_sources.add_pandas("p")
        .add_dataframe_asset("a")
        .add_batch_definition_whole_dataframe("w")
        .get_batch(batch_parameters={"dataframe": frame})
    )
    result = batch.validate(
        gx.expectations.ExpectColumnValuesToBeInSet(column="gender", value_set=["Male", "Female"]),
        result_format={"result_format": "SUMMARY", "return_unexpected_index_query": False},
    )
    assert result.result["partial_unexpected_index_list"] == [2, 4]  # the blank row 1 is skipped
    assert result.result["partial_unexpected_list"] == ["Mle", "x"]


def test_gx_store_backend_still_has_what_the_atomic_store_overrides(tmp_path):
    from great_expectations.data_context.store.tuple_store_backend import (
        TupleFilesystemStoreBackend,
    )

    from pipeline.patches.gx import AtomicFilesystemStoreBackend

    for name in ("_set", "_convert_key_to_filepath", "_get"):
        assert hasattr(TupleFilesystemStoreBackend, name), f"AtomicFilesystemStoreBackend: {name}"
    store = AtomicFilesystemStoreBackend(base_directory=str(tmp_path))
    store.set(("a", "b"), "written by rename")
    assert store.get(("a", "b")) == "written by rename"
    written = sorted(p.name for p in tmp_path.rglob("*") if p.is_file())
    assert written == [".ge_store_backend_id", "b"]  # no temporary file left behind


@needs("gx.quick_metric_ids")
def test_metric_ids_are_made_from_what_gx_would_make_them(project_with, monkeypatch):
    import copy
    import datetime as dt
    import enum

    import numpy as np
    from great_expectations.core import id_dict
    from great_expectations.util import convert_to_json_serializable

    from pipeline.discover import AreaPeriod
    from pipeline.patches import gx
    from pipeline.validate import Validator

    gx.apply()
    assert id_dict.convert_to_json_serializable is gx._json_ready, "_json_ready not installed"
    assert "convert_to_json_serializable(" in inspect.getsource(id_dict.IDDict.to_id), (
        "_json_ready: IDDict.to_id no longer converts with the name it patches"
    )
    # What a real validation asks for, and values of every other kind.
    seen = []

    def recorded(data):
        seen.append(copy.deepcopy(data))
        return gx._json_ready(data)

    monkeypatch.setattr(id_dict, "convert_to_json_serializable", recorded)
    Validator(project_with("valid_survey")).validate(AreaPeriod("testarea", "2022-q1"))
    assert len(seen) > 100
    colour = enum.Enum("Colour", {"RED": "red"})
    seen.append(
        {
            "nan": float("nan"),
            "float": 0.1 + 0.2,
            "true": True,
            "none": None,
            3: "key",
            "tuple": (1, "a", None),
            "nested": id_dict.IDDict({"column": "x", "mostly": 0.95}),
            "numpy": [np.int64(7), np.float32(0.1), np.bool_(True)],
            "set": {"b"},
            "date": dt.date(2022, 1, 31),
            "enum": colour.RED,
            "range": range(2),
        }
    )
    for data in seen:
        assert gx._json_ready(copy.deepcopy(data)) == convert_to_json_serializable(data), data


@needs("gx.compiled_templates")
def test_data_docs_templates_are_compiled_once_a_process(monkeypatch):
    from great_expectations.render.view.view import DefaultJinjaView, DefaultMarkdownPageView

    from pipeline.patches import gx

    gx.apply()
    first = DefaultJinjaView()
    page = first.env.get_template("page.j2")
    assert first.env.bytecode_cache is gx._compiled_templates, "_CompiledTemplates not installed"
    assert gx._compiled_templates.code, "no template's code was kept"

    # A later view, as the next Data Docs build makes, must not compile it again.
    later = DefaultMarkdownPageView()

    def compiled_again(*args, **kwargs):
        raise AssertionError("a template was compiled again")

    monkeypatch.setattr(later.env, "compile", compiled_again)
    again = later.env.get_template("page.j2")
    assert again.environment is later.env  # with its own view's filters, as GX made them
    assert again.root_render_func.__code__ == page.root_render_func.__code__


@needs("kernel.flush_if_written")
def test_a_stream_flushes_only_what_was_written():
    import zmq
    from ipykernel.iostream import IOPubThread, OutStream
    from jupyter_client.session import Session

    from pipeline.patches import kernel

    kernel.apply()
    assert OutStream.flush is kernel._flush_if_written, "_flush_if_written not installed"
    context = zmq.Context()
    publish, listen = context.socket(zmq.PUB), context.socket(zmq.SUB)
    publish.bind("inproc://iopub")
    listen.connect("inproc://iopub")
    listen.setsockopt(zmq.SUBSCRIBE, b"")
    thread = IOPubThread(publish)
    thread.start()
    stream = OutStream(Session(), thread, "stdout", watchfd=False)
    scheduled = []
    schedule = thread.schedule
    thread.schedule = lambda f: (scheduled.append(f), schedule(f))
    try:
        stream.flush()
        assert scheduled == [], "a stream with nothing written still waited for the IOPub thread"
        stream.write("hello")
        stream.flush()  # what was written is sent before flush returns, as before
        assert listen.poll(5000), "nothing was sent"
        assert b"hello" in b"".join(listen.recv_multipart())
        for private in ("_buffers", "_flush_pending", "_subprocess_flush_pending", "echo"):
            assert hasattr(stream, private), f"_flush_if_written: OutStream has no {private}"
    finally:
        stream.close()
        thread.stop()
        thread.close()
        listen.close()
        context.term()


@pytest.mark.parametrize(
    ("owner", "name"),
    [
        ("jupyter_client.manager.AsyncKernelManager", "_async_interrupt_kernel"),
        ("jupyter_client.manager.AsyncKernelManager", "_async_wait"),
        ("jupyter_client.asynchronous.AsyncKernelClient", "wait_for_ready"),
        ("jupyter_client.asynchronous.AsyncKernelClient", "_handle_kernel_info_reply"),
    ],
)
def test_jupyter_client_still_has_what_the_patches_override(owner, name):
    module, cls = owner.rsplit(".", 1)
    found = getattr(__import__(module, fromlist=[cls]), cls)
    assert hasattr(found, name), f"pipeline/patches/jupyter.py relies on {owner}.{name}"


def test_jsonschema_still_treats_rfc3987_syntax_as_optional():
    """imports.TURNED_AWAY relies on jsonschema importing it under
    `suppress(ImportError)`; a hard import would make every run fail."""
    import jsonschema._format

    source = inspect.getsource(jsonschema._format)
    assert "with suppress(ImportError):\n        from rfc3987_syntax import" in source


@needs("imports.rfc3987_syntax")
def test_notebooks_still_validate_with_rfc3987_syntax_turned_away():
    code = (
        "from pipeline.patches import imports; imports.apply()\n"
        "import sys, nbformat\n"
        "nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('1')])\n"
        "nbformat.validate(nb)\n"
        "bad = nbformat.v4.new_notebook(); bad.cells = [{'cell_type': 'nonsense'}]\n"
        "try:\n    nbformat.validate(bad)\nexcept nbformat.ValidationError:\n    print('refused')\n"
        "print('rfc3987_syntax' in sys.modules and sys.modules['rfc3987_syntax'] is None)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["refused", "True"]


@needs("imports.lazy_for_gx")
def test_what_gx_imports_and_never_uses_here_loads_only_when_used():
    """In a new process, as `learnrep validate` runs: GX imports and validates
    without SciPy's statistics or Altair being run, and both still work, from
    the stand-in GX holds and from a later import, once something uses them."""
    import subprocess
    import sys

    script = """
import sys
from pipeline.patches import imports
imports.lazily()
import great_expectations
from great_expectations.expectations.core import expect_column_kl_divergence_to_be_less_than as kl
assert "scipy.stats._stats_py" not in sys.modules and "altair.vegalite" not in sys.modules
assert round(kl.stats.entropy([1, 1], [1, 3]), 4) == 0.1438   # through GX's own name
from scipy import stats
import scipy.stats
assert stats.entropy is scipy.stats.entropy and "scipy.stats._stats_py" in sys.modules
import altair
assert kl.alt.Chart is altair.Chart
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.stdout.strip() == "ok", done.stderr


@needs("imports.hidden_from_gx")
def test_gx_imports_without_sqlalchemy_as_in_a_users_install():
    """SQLAlchemy comes only with the benchmark's Snakemake: hidden while GX
    imports, as if absent, and importable as usual afterwards."""
    import importlib.util
    import subprocess
    import sys

    if importlib.util.find_spec("sqlalchemy") is None:
        pytest.skip("SQLAlchemy is not installed here, so there is nothing to hide from GX")
    script = """
import sys
from pipeline.patches import imports
with imports.hidden():
    import great_expectations
    from great_expectations.compatibility import sqlalchemy as compat
assert "sqlalchemy" not in sys.modules and not compat.sqlalchemy   # GX's "not installed"
import sqlalchemy
assert sqlalchemy.__version__
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.stdout.strip() == "ok", done.stderr


def test_processes_that_never_draw_never_import_the_plotting_libraries():
    """The run itself (the programme overview) and each report worker (the
    disclosure register, processing, rendering) import the report package;
    matplotlib's pyplot and seaborn load only when a figure is drawn."""
    import subprocess
    import sys

    script = """
import sys
from pipeline import execute, publish, render
from pipeline.process import process
from pipeline.report import Report, figures, headline
from pipeline.report.sections.survey import barrier_shares
from pipeline.report.sections.travelled import directions
assert not {"matplotlib.pyplot", "seaborn", "scipy.stats"} & set(sys.modules), sorted(
    m for m in sys.modules if m.split(".")[0] in {"matplotlib", "seaborn"})
from pipeline.report import charts
assert charts.bars(["a"], [1], ["1"], "People").startswith("<?xml")
assert "seaborn" in sys.modules
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.stdout.strip() == "ok", done.stderr


@needs("jupyter.quick_shutdown")
def test_a_kernel_shutting_down_is_checked_for_often(monkeypatch):
    """FastKernelManager._async_wait polls at SHUTDOWN_POLL_SECONDS, not 0.1 s."""
    import asyncio

    from jupyter_client.manager import KernelManager

    from pipeline.patches import jupyter

    answers = iter([True, True, False])
    slept = []

    async def is_alive(self):
        return next(answers)

    async def sleep(seconds):
        slept.append(seconds)

    monkeypatch.setattr(KernelManager, "_async_is_alive", is_alive)
    monkeypatch.setattr(asyncio, "sleep", sleep)
    asyncio.run(jupyter.FastKernelManager()._async_wait(pollinterval=0.1))
    assert slept == [jupyter.SHUTDOWN_POLL_SECONDS] * 2


@needs("jupyter.quick_reconnect")
def test_the_kernel_clients_sockets_reconnect_soon():
    """ReadyKernelClient's own context: its sockets try a kernel not yet
    listening again after RECONNECT_MS, not ZeroMQ's 100 ms."""
    import zmq

    from pipeline.patches import jupyter

    client = jupyter.ReadyKernelClient()
    socket = client.context.socket(zmq.DEALER)
    try:
        assert socket.getsockopt(zmq.RECONNECT_IVL) == jupyter.RECONNECT_MS
        assert socket.getsockopt(zmq.RECONNECT_IVL_MAX) == 100
    finally:
        socket.close(linger=0)
        client.context.destroy(linger=0)

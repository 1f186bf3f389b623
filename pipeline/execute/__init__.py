"""Papermill runs the report notebook for one area-period.

Each run gets a fresh kernel started from this very interpreter
(`sys.executable`), so the notebook sees the project's own environment
whatever kernels the user has installed. Parameters are paths relative to
the project root, which is the kernel's working directory, so the executed
notebook records no machine-specific paths. After the run, the alt text each
figure computed is written into its cell's `#| fig-alt` option and the title
into the front matter: the executed notebook is then the single source both
renderers read."""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpec

from pipeline import notebook
from pipeline.config import NOTEBOOK, NOTEBOOKS, Project
from pipeline.contract import DEFAULT_REPORT, REPORT_KINDS
from pipeline.discover import AreaPeriod
from pipeline.errors import (
    ExecutionError,
    KernelStartFailed,
    NotebookUnfit,
    ProjectFileMissing,
)
from pipeline.execute import kernels, provisioner
from pipeline.execute.arrange import arrange, front_for  # noqa: F401  (used as execute.front_for)
from pipeline.files import REFUSED_WRITE, refused_writes, shown, temporary_prefix
from pipeline.patches.jupyter import FastKernelManager, ReadyKernelClient
from pipeline.processed import Processed

KERNEL_START_TIMEOUT = 120


class ProjectKernelManager(FastKernelManager):
    """A kernel of the interpreter running learnrep, never a kernelspec found
    elsewhere on the machine under the same name."""

    sockets = ""  # set per run by `execute`
    root = Path()

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.client_class = f"{ReadyKernelClient.__module__}.{ReadyKernelClient.__name__}"
        # Local sockets rather than TCP on loopback: nothing listens on a port,
        # and ipykernel has nothing to warn about.
        self.transport = "ipc"
        self.ip = os.path.join(self.sockets, "kernel")

    @property
    def kernel_spec(self) -> KernelSpec:
        return KernelSpec(
            argv=[
                sys.executable,
                "-m",
                "ipykernel_launcher",
                "-f",
                "{connection_file}",
                *kernels.KERNEL_OPTIONS,
            ],
            display_name="learnrep",
            language="python",
            # A fresh IPython folder per run: the user's startup scripts and
            # profile never change a report, and nothing is written in ~.
            env={"IPYTHONDIR": os.path.join(self.sockets, "ipython")},
            # Forked from the project's warm template, where kernels are.
            metadata=provisioner.provisioner_metadata(self.root),
        )


def notebook_path(project: Project, kind: str = DEFAULT_REPORT) -> Path:
    """The notebook of a report kind; one line when it is not there."""
    path = project.notebook_for(kind)
    shown = (NOTEBOOKS / path.name).as_posix()
    if path.is_file():
        return path
    if kind in REPORT_KINDS:
        raise ProjectFileMissing(f"{shown} is missing from the project; restore it from git")
    offered = ", ".join(sorted(p.stem for p in (project.root / NOTEBOOKS).glob("*.ipynb")))
    raise NotebookUnfit(
        f"report: {kind} names {shown}, which does not exist (notebooks/ has: {offered or 'none'})"
    )


_checked: dict[tuple[Path, float, int], frozenset[str]] = {}


def check_parameters(path: Path, passed) -> None:
    """Refuse, in one line, a notebook whose parameters cell lacks a
    parameter learnrep passes or declares one it does not: the first would
    be injected unused and the second left at its placeholder."""
    import papermill

    stat = path.stat()
    key = (path, stat.st_mtime, stat.st_size)
    if key not in _checked:
        try:
            declared = papermill.inspect_notebook(str(path))
        except (ValueError, KeyError, OSError) as error:  # nbformat's and papermill's errors
            raise NotebookUnfit(f"{NOTEBOOKS / path.name} cannot be read: {error}") from None
        _checked.clear()
        _checked[key] = frozenset(declared)
    declared = _checked[key]
    shown = (NOTEBOOKS / path.name).as_posix()
    if not declared:
        raise NotebookUnfit(
            f"{shown} has no cell tagged `parameters`; copy the one in {NOTEBOOK.as_posix()}"
        )
    lacking = sorted(set(passed) - declared)
    extra = sorted(declared - set(passed))
    if lacking:
        raise NotebookUnfit(
            f"{shown}'s parameters cell lacks {', '.join(lacking)}, which learnrep passes"
        )
    if extra:
        raise NotebookUnfit(
            f"{shown}'s parameters cell asks for {', '.join(extra)}, which learnrep does not pass"
        )


def parameters(
    project: Project,
    ap: AreaPeriod,
    threshold: int,
    provenance: dict,
    previous: AreaPeriod | None = None,
    previous_ready: bool = False,
) -> dict:
    """The notebook's parameters. `previous_period` is the period named in
    period.yml; `previous_processed_dir` is given only when that period's
    processed data is current, and the report says so when it is not."""

    def relative(path: Path) -> str:
        return path.relative_to(project.root).as_posix()

    return {
        "area": ap.area,
        "period": ap.period,
        "processed_dir": relative(project.processed_dir(ap.area, ap.period)),
        "suppression_threshold": threshold,
        "provenance": provenance,
        "previous_period": previous.period if previous else "",
        "previous_processed_dir": (
            relative(project.processed_dir(previous.area, previous.period))
            if previous and previous_ready
            else ""
        ),
    }


def execute(
    project: Project,
    ap: AreaPeriod,
    params: dict,
    front: dict,
    failed_copy: Path,
    kind: str = DEFAULT_REPORT,
    workdir: Path | None = None,
    data: Processed | None = None,
) -> nbformat.NotebookNode:
    """Run the kind's notebook, its kernel in `workdir` (else the project
    root); on failure keep what ran as `failed_copy` and raise
    ExecutionError naming the cell and the error (NotebookUnfit, before
    anything runs, when the notebook does not fit)."""
    import papermill
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    logging.getLogger("papermill").setLevel(logging.WARNING)
    path = notebook_path(project, kind)
    check_parameters(path, params)
    template = nbformat.read(path, as_version=4)
    if data is not None:
        arrange(template, data)
    # Papermill saves the notebook with its error cell when a cell raises, so
    # a failure leaves an auditable copy; it goes beside, never over, the
    # last good notebook. Saving after every cell as well would cost more
    # than a second per report in JSON encoding.
    running = failed_copy.with_name(f"{temporary_prefix(failed_copy)}running.ipynb")
    running.parent.mkdir(parents=True, exist_ok=True)
    sockets = tempfile.TemporaryDirectory(prefix="learnrep-kernel-")
    manager = type(
        "RunKernelManager",
        (ProjectKernelManager,),
        {"sockets": sockets.name, "root": project.root},
    )
    try:
        executed = papermill.execute_notebook(
            template,
            str(running),
            parameters=params,
            kernel_name="learnrep",
            kernel_manager_class=manager,
            progress_bar=False,
            request_save_on_cell_execute=False,
            cwd=str(workdir or project.root),
            start_timeout=KERNEL_START_TIMEOUT,
        )
    except PapermillExecutionError as error:
        if running.exists():
            running.replace(failed_copy)
        raise ExecutionError(
            f"{_one_line(error)}; {_kept(failed_copy, project)}", area=ap.area, period=ap.period
        ) from None
    except OSError as error:
        if error.errno not in REFUSED_WRITE:
            raise
        # Papermill could not save the executed notebook: what it left is cut short.
        with refused_writes(failed_copy.parent, "could not save the executed notebook here"):
            raise
    except (DeadKernelError, CellTimeoutError, KernelStartFailed, TimeoutError) as error:
        # The kernel died, hung or never started: this report fails, the run goes on.
        if running.exists():
            running.replace(failed_copy)
        raise ExecutionError(
            f"the notebook's kernel failed ({type(error).__name__}); {_kept(failed_copy, project)}",
            area=ap.area,
            period=ap.period,
        ) from None
    finally:
        running.unlink(missing_ok=True)
        sockets.cleanup()
    failed_copy.unlink(missing_ok=True)
    finalise(executed, front, (NOTEBOOKS / path.name).as_posix())
    return executed


def _one_line(error) -> str:
    """The cell and the kind of error. Not the error's words: they can quote
    a value from the data, a count or a path of this machine, and the line
    is shown on the console and kept in the build records."""
    first_line = next(
        (line for line in str(error.source).splitlines() if not line.startswith("#|")), ""
    )
    return f"notebook cell {error.exec_count} ({first_line.strip()}) raised {error.ename}"


def _kept(failed_copy: Path, project: Project) -> str:
    if not failed_copy.is_file():
        return "nothing of it was kept"
    return (
        f"what ran, with the error's words and traceback, is in {shown(failed_copy, project.root)}"
    )


TIMINGS = ("start_time", "end_time", "duration")
DEFAULTS_REPLACED = (
    "# The notebook's default parameters, which papermill replaced with this\n"
    "# area-period's in the next cell."
)


def finalise(nb: nbformat.NotebookNode, front: dict, source: str = NOTEBOOK.as_posix()) -> None:
    """Move computed alt text into cell options; set the title; drop what
    would differ between two identical runs (clock times, temporary paths)."""
    run = nb.metadata.get("papermill", {})
    for key in TIMINGS:
        run.pop(key, None)
    run["input_path"] = source
    run["output_path"] = "learning-report.ipynb"
    injected = any("injected-parameters" in c.metadata.get("tags", []) for c in nb.cells)
    for cell in nb.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"  # papermill gives it a random id
        elif injected and "parameters" in cell.metadata.get("tags", []):
            # The template's defaults name another area-period; a reader of
            # this one's notebook or working page would take them for its own.
            cell.source = DEFAULTS_REPLACED
        cell.metadata.pop("execution", None)
        for key in TIMINGS:
            cell.metadata.get("papermill", {}).pop(key, None)
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            alt = output.get("metadata", {}).get("learnrep", {}).get("fig-alt")
            if alt:
                cell.source = notebook.set_option(cell.source, "fig-alt", alt)
                del output["metadata"]["learnrep"]
    notebook.set_front_matter(nb, front)

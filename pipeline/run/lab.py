"""`learnrep open`: an area-period's report notebook in JupyterLab, for an
evaluator to run and change cell by cell.

The notebook is the report's own, with Papermill's parameters injected as
`learnrep run` would inject them (nothing executed), written to a scratch
folder that git ignores (.learnrep/open/) and set to the `learnrep` kernel,
registered inside this environment. JupyterLab starts its kernels in the
notebook's folder, so the paths among the parameters are absolute; running
every cell gives the figures of the published report."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
from pathlib import Path

import nbformat

from pipeline import execute
from pipeline.config import Project
from pipeline.discover import AreaPeriod
from pipeline.errors import NotProcessedYet, extra_missing
from pipeline.files import write_text_atomic
from pipeline.processed import Processed
from pipeline.raw import kind_of
from pipeline.run import plan, provenance

KERNEL = "learnrep"
DISPLAY_NAME = f"learnrep (Python {sys.version_info[0]}.{sys.version_info[1]})"
PATH_PARAMETERS = ("processed_dir", "previous_processed_dir")


def check_installed() -> None:
    """JupyterLab is the `lab` extra: say so in one line before any work."""
    try:
        import jupyterlab  # noqa: F401
    except ImportError:
        raise extra_missing("learnrep open", "lab", "JupyterLab") from None


def scratch(project: Project) -> Path:
    return project.state / "open"


def ensure_kernel() -> str:
    """The `learnrep` kernel, registered inside this environment if it is not."""
    from jupyter_client.kernelspec import KernelSpecManager

    if KERNEL not in KernelSpecManager().find_kernel_specs():
        from ipykernel.kernelspec import install

        install(kernel_name=KERNEL, display_name=DISPLAY_NAME, prefix=sys.prefix)
    return KERNEL


def prepare(project: Project, ap: AreaPeriod) -> Path:
    """Write the parameterised notebook; returns its path."""
    import papermill.iorw
    import papermill.parameterize

    if Processed.find(project.processed_dir(ap.area, ap.period)) is None:
        raise NotProcessedYet(
            f"{ap} has no processed data yet; run `learnrep run --area {ap.area} "
            f"--period {ap.period}` first, then open it"
        )
    params = project.params()
    prints = plan.Fingerprints(project, {})
    before = plan.previous_period(project, ap)
    ready = (
        before is not None
        and Processed.find(project.processed_dir(before.area, before.period)) is not None
        and plan.processed_matches_raw(project, before, prints)
    )
    record = provenance.provenance(project, ap, params, "builtin", prints.inputs(ap))
    values = execute.parameters(project, ap, params["suppression_threshold"], record, before, ready)
    for key in PATH_PARAMETERS:
        if values[key]:
            values[key] = str(project.root / values[key])
    # Papermill's own loader: it gives every cell the tags list its parameteriser reads.
    nb = papermill.iorw.load_notebook_node(
        str(execute.notebook_path(project, kind_of(project, ap)))
    )
    execute.arrange(nb, Processed.of(project, ap))
    for cell in nb.cells:  # a cell arrange added has none; papermill reads every cell's
        cell.metadata.setdefault("tags", [])
    nb = papermill.parameterize.parameterize_notebook(nb, values, kernel_name=ensure_kernel())
    nb.metadata["kernelspec"] = {
        "name": KERNEL,
        "display_name": DISPLAY_NAME,
        "language": "python",
    }
    path = scratch(project) / f"{ap.area}-{ap.period}.ipynb"
    write_text_atomic(path, nbformat.writes(nb) + "\n")
    return path


def serve(notebook: Path, port: int, browser: bool) -> int:
    """JupyterLab on the notebook, on loopback, until Ctrl-C (or SIGTERM)."""
    token = secrets.token_hex(16)
    url = f"http://127.0.0.1:{port}/lab/tree/{notebook.name}?token={token}"
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--port={port}",
        "--ServerApp.ip=127.0.0.1",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={notebook.parent}",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.default_url=/lab/tree/{notebook.name}",
        "--ServerApp.shutdown_no_activity_timeout=0",
    ]
    if not browser:
        command.append("--no-browser")
    if os.geteuid() == 0:  # containers and CI run as root; Jupyter refuses it unasked
        command.append("--allow-root")
    print(f"JupyterLab: {url}\n(Ctrl-C to stop; the notebook is {notebook})", flush=True)
    server = subprocess.Popen(command)

    def stop(signum, frame) -> None:
        server.terminate()

    signal.signal(signal.SIGTERM, stop)
    try:
        code = server.wait()
    except KeyboardInterrupt:
        server.terminate()
        server.wait(timeout=30)
        return 0
    return 0 if code in (0, -signal.SIGTERM) else code

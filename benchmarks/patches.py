"""What each patch of a library's internals buys: each measured on and off
(LEARNREP_PATCHES_OFF=<name>), alternately, in new processes, on a copy of
the sample project (built first, so processed data exists).

    .venv/bin/python benchmarks/patches.py --pairs 3

- validation patches (`gx.*`, `imports.lazy_for_gx`, `imports.hidden_from_gx`):
  `learnrep validate` of the sample's six area-periods, its CPU (user+sys);
- `imports.rfc3987_syntax`: `import nbformat` after `imports.apply()`, its CPU;
- kernel patches (`jupyter.*`, `kernel.*`): one report executed five times in
  a worker-like process (`execute.execute` with a forked kernel; its figures
  kept, as in a run), the median wall time of the five.

Prints one line per patch: the median of the pairs off and on. Wall times
move with whatever else the machine runs; CPU times much less.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

VALIDATION = (
    "gx.no_table_hash",
    "gx.one_column_records",
    "gx.quick_metric_ids",
    "gx.compiled_templates",
    "gx.configurations_kept",
    "gx.atomic_results",
    "imports.lazy_for_gx",
    "imports.hidden_from_gx",
)
KERNEL = (
    "jupyter.quick_reconnect",
    "jupyter.ready_without_drain",
    "jupyter.quick_shutdown",
    "jupyter.no_interrupt_on_shutdown",
    "kernel.flush_if_written",
)

REPORTS = """
import statistics, sys, time
from pathlib import Path
from pipeline.patches import imports
imports.apply()
from pipeline.execute import kernels
root = Path(sys.argv[1])
kernels.fork_template(root)  # as a worker does, while it has one thread
from pipeline import execute
from pipeline.config import Project
from pipeline.discover import AreaPeriod
from pipeline.processed import Processed
from pipeline.report import audit, drawn
project, ap = Project(root), AreaPeriod("bolsover", "2022-q1")
audit.keep_answers_in(project.audit_answers)
drawn.keep_in(project.figures_kept)
data = Processed(project.processed_dir(ap.area, ap.period))
params = execute.parameters(project, ap, 5, {}, AreaPeriod("bolsover", "2021-h2"), True)
seconds = []
for _ in range(6):
    started = time.perf_counter()
    execute.execute(project, ap, params, execute.front_for(data.manifest), root / "failed.ipynb")
    seconds.append(time.perf_counter() - started)
print(statistics.median(seconds[1:]))  # the first draws the figures the rest read back
"""


def _env(off: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "LEARNREP_PATCHES_OFF"}
    if off:
        env["LEARNREP_PATCHES_OFF"] = off
    return env


def _cpu(command: list, root: Path, off: str) -> float:
    before = os.times()
    subprocess.run(command, cwd=root, env=_env(off), check=True, capture_output=True)
    after = os.times()
    return (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )


def validation(root: Path, off: str) -> float:
    shutil.rmtree(root / ".learnrep" / "gx-validation-results", ignore_errors=True)
    return _cpu([sys.executable, "-m", "pipeline", "validate"], root, off)


def imports_cpu(root: Path, off: str) -> float:
    code = "from pipeline.patches import imports; imports.apply(); import nbformat"
    return _cpu([sys.executable, "-c", code], root, off)


def report(root: Path, off: str) -> float:
    done = subprocess.run(
        [sys.executable, "-c", REPORTS, str(root)],
        cwd=root,
        env=_env(off),
        check=True,
        capture_output=True,
        text=True,
    )
    return float(done.stdout.split()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--only", default="", help="comma-separated patch names")
    args = parser.parse_args(argv)
    where = Path(tempfile.mkdtemp(prefix="patches-"))
    root = where / "project"
    for part in ("data/raw", "notebooks"):
        shutil.copytree(REPO / part, root / part)
    shutil.copy(REPO / "params.yaml", root / "params.yaml")
    env = {**os.environ, "LEARNREP_ROOT": str(root)}
    command = [sys.executable, "-m", "pipeline", "run", "--format", "html"]
    subprocess.run(command, cwd=root, env=env, check=True, capture_output=True)
    os.environ["LEARNREP_ROOT"] = str(root)
    plans = [(n, validation, "CPU s, learnrep validate") for n in VALIDATION]
    plans.append(("imports.rfc3987_syntax", imports_cpu, "CPU s, import nbformat"))
    plans += [(n, report, "s a report executed") for n in KERNEL]
    chosen = set(filter(None, args.only.split(",")))
    for name, measure, unit in plans:
        if chosen and name not in chosen:
            continue
        on, off = [], []
        for _ in range(args.pairs):
            off.append(measure(root, name))
            on.append(measure(root, ""))
        print(
            f"{name}: off {statistics.median(off):.3f}, on {statistics.median(on):.3f} ({unit}; "
            f"off {', '.join(f'{x:.3f}' for x in off)}; on {', '.join(f'{x:.3f}' for x in on)})",
            flush=True,
        )
    shutil.rmtree(where, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""learnrep against the hand-wired loop, in one run on one machine.

    make benchmark                      # the defaults below, ~35 min on 2 cores
    .venv/bin/python benchmarks/bench.py --repeat 1 --areas 2   # a quick look

Measures, each `--repeat` times on fresh copies of the same synthetic data
(the project's own generator: `--areas` x `--periods` area-periods of about
`--survey-rows` survey and `--training-rows` training rows), and reports the
median:

  (a) the hand-wired loop: per area-period, a GX validation script, then
      `papermill` on the report notebook, then `jupyter nbconvert --to html
      --no-input`, each a new process, one area-period after another;
  (b) `learnrep run --jobs 2` from cold: HTML and PDF, index, provenance;
  (c) `learnrep run --jobs 2` again with nothing changed;
  (d) `learnrep run --jobs 2` after one area-period's survey changed, against
      one area-period's build on its own (`learnrep run --area A --period P
      --force`);
  and once per repetition, validating and processing one area-period with a
  `--big-rows` survey in a new process: wall time and peak RSS.

Prints a table and writes everything, samples included, as JSON (`--out`).
Timings are wall-clock on a machine that should otherwise be idle.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# The synthetic data generator lives in tools/, beside the package, not in it.
sys.path.insert(0, str(REPO))
BIN = Path(sys.executable).parent
HANDWIRED_VALIDATE = REPO / "benchmarks" / "handwired_validate.py"

TARGETS = {
    "speedup": 8.0,  # (a) / (b), at least
    "first_milestone": 4.0,
    "noop_seconds": 1.0,  # (c), under
    "one_changed_ratio": 1.5,  # (d) / one area-period's build, under
    "big_seconds": 15.0,  # 1M-row validate + process, under
    "big_rss_mb": 2048.0,
}


def _env(root: Path) -> dict:
    env = dict(os.environ, LEARNREP_ROOT=str(root))
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    return env


def _timed(command: list, root: Path) -> tuple[float, str]:
    """Run one step as a user would, in a new process; its time and output."""
    started = time.perf_counter()
    completed = subprocess.run(
        command, cwd=root, env=_env(root), capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - started
    if completed.returncode != 0:
        raise SystemExit(
            f"benchmark step failed ({completed.returncode}): {' '.join(map(str, command))}\n"
            f"{completed.stderr[-3000:]}"
        )
    return elapsed, completed.stdout


def _project(raw: Path, where: Path) -> Path:
    """A fresh project: the generated raw data, the notebook, the parameters."""
    root = Path(tempfile.mkdtemp(prefix="project-", dir=where))
    shutil.copytree(raw, root / "data" / "raw")
    shutil.copytree(REPO / "notebooks", root / "notebooks")
    shutil.copy(REPO / "params.yaml", root / "params.yaml")
    # The copy (125 MB for the large survey) goes to disk now, not while a
    # measurement runs.
    os.sync()
    return root


def _area_periods(root: Path) -> list[tuple[str, str, str | None]]:
    """(area, period, previous) in build order: the generator's periods sort
    in time order and name their previous period."""
    import yaml

    found = []
    for area in sorted(p for p in (root / "data" / "raw").iterdir() if p.is_dir()):
        for period in sorted(p for p in area.iterdir() if p.is_dir()):
            meta = yaml.safe_load((period / "period.yml").read_text(encoding="utf-8"))
            found.append((area.name, period.name, meta.get("previous")))
    return found


def handwired(root: Path) -> float:
    """(a): the loop a team would otherwise write, one process per step."""
    started = time.perf_counter()
    for area, period, previous in _area_periods(root):
        out = root / "reports" / area / period
        out.mkdir(parents=True, exist_ok=True)
        _timed([sys.executable, HANDWIRED_VALIDATE, root, area, period], root)
        parameters = {
            "area": area,
            "period": period,
            "processed_dir": f"data/processed/{area}/{period}",
            "narrative_path": f"data/raw/{area}/{period}/narrative.md",
            "previous_period": previous or "",
            "previous_processed_dir": f"data/processed/{area}/{previous}" if previous else "",
        }
        papermill = [BIN / "papermill", "notebooks/learning-report.ipynb",
                     out / "learning-report.ipynb", "--cwd", root, "--no-progress-bar",
                     "-k", "python3"]  # fmt: skip
        for name, value in parameters.items():
            papermill += ["-p", name, value]
        _timed(papermill, root)
        _timed([BIN / "jupyter", "nbconvert", "--to", "html", "--no-input",
                out / "learning-report.ipynb"], root)  # fmt: skip
    return time.perf_counter() - started


def learnrep(root: Path, *args: str) -> float:
    return _timed([BIN / "learnrep", *args], root)[0]


def change_one_survey(root: Path, area: str, period: str, repetition: int) -> None:
    """A real edit, as an evaluator would make: one answer corrected."""
    path = root / "data" / "raw" / area / period / "survey.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    column = header.index("minutes_per_week")
    cells = lines[1].rstrip("\n").split(",")
    cells[column] = str(40 + repetition)
    lines[1] = ",".join(cells) + "\n"
    path.write_text("".join(lines), encoding="utf-8")


def big_survey(where: Path, rows: int) -> dict:
    """Validate and process one area-period with a `rows`-row survey, in a
    new process as `learnrep run` would; wall time and that process's peak RSS."""
    from tools import synthetic

    raw = where / "big-raw"
    synthetic.scale(raw, areas=1, periods=1, survey_rows=rows, training_rows=60, seed=7)
    root = _project(raw, where)
    survey = next((root / "data" / "raw").rglob("survey.csv"))
    area, period = survey.parent.parent.name, survey.parent.name
    size = survey.stat().st_size
    seconds, printed = _timed([sys.executable, HANDWIRED_VALIDATE, root, area, period], root)
    shutil.rmtree(root)
    return {
        "seconds": seconds,
        "survey_bytes": size,
        "peak_rss_mb": json.loads(printed)["peak_rss_mb"],
    }


def machine() -> dict:
    cpu = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kb = int(meminfo.read_text().split()[1])
        memory = f"{kb / 1024 / 1024:.1f} GiB"
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    return {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory": memory,
        "commit": commit,
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--areas", type=int, default=10)
    parser.add_argument("--periods", type=int, default=4)
    parser.add_argument("--survey-rows", type=int, default=500)
    parser.add_argument("--training-rows", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--big-rows", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results.json")
    args = parser.parse_args(argv)

    from tools import synthetic

    samples: dict[str, list[float]] = {k: [] for k in ("a", "b", "c", "d", "one")}
    big: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="learnrep-bench-") as folder:
        where = Path(folder)
        raw = where / "raw"
        synthetic.scale(raw, args.areas, args.periods, args.survey_rows, args.training_rows)
        count = args.areas * args.periods
        jobs = ["--jobs", str(args.jobs)]
        for repetition in range(1, args.repeat + 1):
            say = f"[{repetition}/{args.repeat}]"
            root = _project(raw, where)
            print(f"{say} (a) hand-wired loop over {count} area-periods ...", flush=True)
            samples["a"].append(handwired(root))
            shutil.rmtree(root)

            root = _project(raw, where)
            print(f"{say} (b) learnrep run {' '.join(jobs)}, cold ...", flush=True)
            samples["b"].append(learnrep(root, "run", *jobs))
            print(f"{say} (c) again, nothing changed ...", flush=True)
            samples["c"].append(learnrep(root, "run", *jobs))
            area, period, _ = _area_periods(root)[-1]  # no later period depends on it
            print(f"{say} (d) one survey changed ({area}/{period}) ...", flush=True)
            change_one_survey(root, area, period, repetition)
            samples["d"].append(learnrep(root, "run", *jobs))
            samples["one"].append(
                learnrep(root, "run", "--area", area, "--period", period, "--force")
            )
            shutil.rmtree(root)

            print(f"{say} {args.big_rows:,}-row survey: validate and process ...", flush=True)
            big.append(big_survey(where, args.big_rows))

    median = {k: statistics.median(v) for k, v in samples.items()}
    big_seconds = statistics.median(b["seconds"] for b in big)
    big_rss = max(b["peak_rss_mb"] for b in big)
    speedup = median["a"] / median["b"]
    one_ratio = median["d"] / median["one"]
    results = {
        "machine": machine(),
        "settings": vars(args) | {"out": str(args.out)},
        "area_periods": count,
        "samples_seconds": samples,
        "median_seconds": median,
        "big_survey": {"runs": big, "median_seconds": big_seconds, "peak_rss_mb": big_rss},
        "ratios": {"a_over_b": speedup, "d_over_one": one_ratio},
        "targets": TARGETS,
        "met": {
            "speedup_8x": speedup >= TARGETS["speedup"],
            "speedup_4x": speedup >= TARGETS["first_milestone"],
            "noop_under_1s": median["c"] < TARGETS["noop_seconds"],
            "one_changed_under_1_5x": one_ratio < TARGETS["one_changed_ratio"],
            "big_under_15s": big_seconds < TARGETS["big_seconds"],
            "big_rss_under_2gb": big_rss < TARGETS["big_rss_mb"],
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(table(results))
    print(f"\nWritten: {args.out}")
    return 0


def table(results: dict) -> str:
    m, big, met = results["median_seconds"], results["big_survey"], results["met"]
    n = results["area_periods"]
    rss = f"{big['peak_rss_mb']:.0f} MB"

    def yes(ok: bool) -> str:
        return "met" if ok else "NOT met"

    rows = [
        ("(a) hand-wired loop", f"{m['a']:.1f} s", ""),
        ("(b) learnrep run --jobs 2, cold", f"{m['b']:.1f} s",
         f"(a)/(b) = {results['ratios']['a_over_b']:.1f}x: 8x {yes(met['speedup_8x'])}, "
         f"4x {yes(met['speedup_4x'])}"),
        ("(c) nothing changed", f"{m['c']:.2f} s", f"< 1 s for {n}: {yes(met['noop_under_1s'])}"),
        ("(d) one survey changed", f"{m['d']:.1f} s",
         f"(d)/one = {results['ratios']['d_over_one']:.2f}: < 1.5 "
         f"{yes(met['one_changed_under_1_5x'])}"),
        ("    one area-period alone", f"{m['one']:.1f} s", ""),
        ("1M-row survey, validate + process", f"{big['median_seconds']:.1f} s",
         f"< 15 s {yes(met['big_under_15s'])}; peak RSS {rss}: < 2 GB "
         f"{yes(met['big_rss_under_2gb'])}"),
    ]  # fmt: skip
    width = max(len(r[0]) for r in rows)
    lines = [f"Medians of {results['settings']['repeat']} runs, {n} area-periods"]
    lines += [f"{name:<{width}}  {value:>9}  {note}" for name, value, note in rows]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())

"""learnrep against the loops it replaces, at 1, 8, 40 and 160 area-periods,
in one run on one machine.

    make benchmark                      # the defaults below (about an hour on 2 cores)
    .venv/bin/python benchmarks/bench.py --sizes 1,8 --repeat 1 --big-rows 20000   # a quick look
    .venv/bin/python benchmarks/bench.py --big-only   # the large survey again, into the results

For each size (`--sizes`; 4 periods an area, each comparing with the one
before, from the project's own synthetic generator), `--repeat` times on
fresh copies of the same data, and the median reported:

  hand-wired  per area-period, a GX validation script, then `papermill` on
              the report notebook, then `jupyter nbconvert --to html
              --no-input`, each a new process, one area-period after another
              (sizes up to `--peers-up-to`); its papermill and nbconvert
              steps are also timed on their own, the issue's measure for
              one area-period;
  snakemake   the same three commands per area-period as a Snakemake
              workflow (benchmarks/Snakefile) with `-j 2`;
  cold        `learnrep run --jobs 2` on the fresh copy: HTML and PDF,
              index, programme overview, Data Docs, provenance;
  no change   the same again;
  one changed after one answer in the last area-period's survey changed;
  one alone   `learnrep run --force` of that area-period alone;

then `learnrep preview` on one area-period: seconds from saving
narrative.md to the page having reloaded, `--edits` times; and, in a new
process, validating and processing one area-period with a `--big-rows`
survey: wall time and peak RSS.

Prints a table, writes every sample as JSON (`--out`), draws seconds per
area-period against the number of area-periods (`--svg`) and puts the
results table into docs/performance.md between its bench markers.
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
SNAKEFILE = REPO / "benchmarks" / "Snakefile"
PERFORMANCE = REPO / "docs" / "performance.md"
MARKERS = ("<!-- bench:start -->", "<!-- bench:end -->")

TARGETS = {
    # learnrep's cold time for 1 area-period, at most this x the loop's papermill + nbconvert
    "one_vs_handwired": 0.6,
    "handwired_ratio": {8: 8.0, 40: 12.0},  # the loop's time / learnrep's, at least
    "snakemake_ratio": {8: 4.0, 40: 5.0},  # Snakemake -j 2's time / learnrep's, at least
    "noop_seconds": 1.0,  # nothing changed, under
    "one_changed_ratio": 1.5,  # one changed / one area-period alone, under
    "preview_seconds": 1.5,  # save to reloaded page, median, under
    "big_seconds": 8.0,  # 1M-row validate + process, under
    "big_rss_mb": 1024.0,  # ... peak RSS, under
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
            f"{completed.stdout[-3000:]}\n{completed.stderr[-3000:]}"
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


def handwired(root: Path) -> tuple[float, float]:
    """(a): the loop a team would otherwise write, one process per step; its
    whole time, and that of its papermill and nbconvert steps alone."""
    started = time.perf_counter()
    rendering = 0.0
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
        papermill = [
            BIN / "papermill",
            "notebooks/learning-report.ipynb",
            out / "learning-report.ipynb",
            "--cwd",
            root,
            "--no-progress-bar",
            "-k",
            "python3",
        ]
        for name, value in parameters.items():
            papermill += ["-p", name, value]
        rendering += _timed(papermill, root)[0]
        rendering += _timed(
            [
                BIN / "jupyter",
                "nbconvert",
                "--to",
                "html",
                "--no-input",
                out / "learning-report.ipynb",
            ],
            root,
        )[0]
    return time.perf_counter() - started, rendering


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


def snakemake(root: Path, jobs: int) -> float:
    """The same loop as a Snakemake workflow, `jobs` at a time."""
    return _timed([BIN / "snakemake", "-s", SNAKEFILE, "-j", str(jobs), "--quiet", "all"], root)[0]


def shape(size: int) -> tuple[int, int]:
    """Areas and periods for `size` area-periods: four periods an area."""
    periods = min(4, size)
    return max(1, size // periods), periods


def preview_edits(where: Path, edits: int) -> list[float]:
    """Seconds from saving narrative.md to the preview's page having reloaded
    with the rebuilt report, as the page's own long poll sees it."""
    import signal
    import socket
    import urllib.request

    from tools import synthetic

    raw = where / "preview-raw"
    synthetic.scale(raw, areas=1, periods=1, survey_rows=500, training_rows=60, seed=3)
    root = _project(raw, where)
    ((area, period, _),) = _area_periods(root)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            BIN / "learnrep",
            "preview",
            "--area",
            area,
            "--period",
            period,
            "--no-browser",
            "--port",
            str(port),
        ],
        cwd=root,
        env=_env(root),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def shell() -> str:
        return urllib.request.urlopen(base + "/", timeout=120).read().decode("utf-8")

    def settled(version: int) -> int:
        while True:
            answer = urllib.request.urlopen(f"{base}/__learnrep/wait?since={version}", timeout=120)
            version = json.loads(answer.read())["version"]
            page = shell()
            if "rebuilding" not in page and "starting" not in page:
                assert "built" in page, page[:1000]
                return version

    try:
        for _ in range(600):
            try:
                shell()
                break
            except OSError:
                time.sleep(0.1)
        version = settled(0)
        narrative = root / "data" / "raw" / area / period / "narrative.md"
        samples = []
        for edit in range(edits):
            time.sleep(0.5)  # as a person saving again, not a burst
            started = time.perf_counter()
            with narrative.open("a", encoding="utf-8") as out:
                out.write(f"\n## What worked\n\nEdit {edit}: the walks went on.\n")
            version = settled(version)
            samples.append(time.perf_counter() - started)
            assert f"Edit {edit}:" in urllib.request.urlopen(
                base + "/learning-report.html", timeout=120
            ).read().decode("utf-8")
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=60)
        shutil.rmtree(root)
    return samples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1,8,40,160")
    parser.add_argument("--peers-up-to", type=int, default=40)
    parser.add_argument("--survey-rows", type=int, default=500)
    parser.add_argument("--training-rows", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--peer-repeat",
        type=int,
        default=None,
        help="repetitions of the hand-wired loop and Snakemake (default: --repeat); they take "
        "most of the benchmark's time",
    )
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("--big-rows", type=int, default=1_000_000)
    parser.add_argument(
        "--big-only",
        action="store_true",
        help="measure the large survey alone (--repeat times) into --out's existing results, "
        "marked with this commit, and leave every other figure as it was",
    )
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results.json")
    parser.add_argument("--svg", type=Path, default=REPO / "docs" / "performance.svg")
    parser.add_argument(
        "--no-docs", action="store_true", help="leave docs/performance.md's table as it is"
    )
    args = parser.parse_args(argv)
    if args.big_only:
        return big_only(args)
    sizes = [int(s) for s in args.sizes.split(",")]

    from tools import synthetic

    steps = (
        "handwired",
        "handwired_render",
        "snakemake",
        "cold",
        "noop",
        "one_changed",
        "one_alone",
    )
    samples: dict[int, dict[str, list[float]]] = {n: {k: [] for k in steps} for n in sizes}
    big: list[dict] = []
    jobs = ["--jobs", str(args.jobs)]
    with tempfile.TemporaryDirectory(prefix="learnrep-bench-") as folder:
        where = Path(folder)
        for size in sizes:
            raw = where / f"raw-{size}"
            areas, periods = shape(size)
            synthetic.scale(raw, areas, periods, args.survey_rows, args.training_rows)
            for repetition in range(1, args.repeat + 1):
                say = f"[{size} area-periods, {repetition}/{args.repeat}]"
                got = samples[size]
                if size <= args.peers_up_to and repetition <= (args.peer_repeat or args.repeat):
                    root = _project(raw, where)
                    print(f"{say} hand-wired loop ...", flush=True)
                    whole, rendering = handwired(root)
                    got["handwired"].append(whole)
                    got["handwired_render"].append(rendering)
                    shutil.rmtree(root)
                    root = _project(raw, where)
                    print(f"{say} snakemake -j {args.jobs} ...", flush=True)
                    got["snakemake"].append(snakemake(root, args.jobs))
                    shutil.rmtree(root)
                root = _project(raw, where)
                print(
                    f"{say} learnrep run {' '.join(jobs)}: cold, no change, one changed ...",
                    flush=True,
                )
                got["cold"].append(learnrep(root, "run", *jobs))
                got["noop"].append(learnrep(root, "run", *jobs))
                area, period, _ = _area_periods(root)[-1]  # no later period depends on it
                change_one_survey(root, area, period, repetition)
                got["one_changed"].append(learnrep(root, "run", *jobs))
                got["one_alone"].append(
                    learnrep(root, "run", "--area", area, "--period", period, "--force")
                )
                shutil.rmtree(root)
            shutil.rmtree(raw)
        print(f"learnrep preview: {args.edits} edits of narrative.md ...", flush=True)
        edits = preview_edits(where, args.edits)
        for repetition in range(1, args.repeat + 1):
            print(f"[{repetition}/{args.repeat}] {args.big_rows:,}-row survey ...", flush=True)
            big.append(big_survey(where, args.big_rows))

    results = summarise(args, sizes, samples, edits, big)
    publish(args, results)
    return 0


def big_only(args) -> int:
    """The large survey measured again, into the results of an earlier run."""
    results = json.loads(args.out.read_text(encoding="utf-8"))
    big = []
    with tempfile.TemporaryDirectory(prefix="learnrep-bench-") as folder:
        for repetition in range(1, args.repeat + 1):
            print(f"[{repetition}/{args.repeat}] {args.big_rows:,}-row survey ...", flush=True)
            big.append(big_survey(Path(folder), args.big_rows))
    run = machine()
    results["big_survey"] = {
        **big_summary(big),
        "command": " ".join(["benchmarks/bench.py", *sys.argv[1:]]),
        "commit": run["commit"],
        "date": run["date"],
    }
    results["settings"]["big_rows"] = str(args.big_rows)
    results["met"] = {k: v for k, v in results["met"].items() if " rows" not in k}
    results["met"].update(big_met(args.big_rows, results["big_survey"]))
    publish(args, results)
    return 0


def big_summary(big: list[dict]) -> dict:
    return {
        "runs": big,
        "median_seconds": statistics.median(b["seconds"] for b in big),
        "peak_rss_mb": max(b["peak_rss_mb"] for b in big),
    }


def big_met(rows: int, big: dict) -> dict:
    return {
        f"{rows:,} rows < 8 s": big["median_seconds"] < TARGETS["big_seconds"],
        f"{rows:,} rows: peak RSS < 1 GB": big["peak_rss_mb"] < TARGETS["big_rss_mb"],
    }


def publish(args, results: dict) -> None:
    """results.json, the plot, and the table printed and put into the docs."""
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    plot(results, args.svg)
    text = table(results)
    print(text)
    if not args.no_docs and PERFORMANCE.is_file():
        page = PERFORMANCE.read_text(encoding="utf-8")
        start, end = MARKERS
        if start in page and end in page:
            before, rest = page.split(start, 1)
            after = rest.split(end, 1)[1]
            PERFORMANCE.write_text(f"{before}{start}\n{text}\n{end}{after}", encoding="utf-8")
    print(f"\nWritten: {args.out}, {args.svg}")


def summarise(args, sizes, samples, edits, big) -> dict:
    median = {
        n: {k: statistics.median(v) for k, v in steps.items() if v} for n, steps in samples.items()
    }
    rows = {}
    for n in sizes:
        m = median[n]
        rows[n] = {
            **m,
            "cold_per_area_period": m["cold"] / n,
            "handwired_over_cold": m["handwired"] / m["cold"] if "handwired" in m else None,
            "snakemake_over_cold": m["snakemake"] / m["cold"] if "snakemake" in m else None,
            "one_changed_over_alone": m["one_changed"] / m["one_alone"],
        }
    t = TARGETS
    met = {}
    if 1 in rows and rows[1].get("handwired_render"):
        met["1: cold <= 0.6x the loop's papermill + nbconvert"] = (
            rows[1]["cold"] <= t["one_vs_handwired"] * rows[1]["handwired_render"]
        )
    for n, ratio in t["handwired_ratio"].items():
        if n in rows and rows[n]["handwired_over_cold"]:
            met[f"{n}: hand-wired/learnrep >= {ratio:g}x"] = rows[n]["handwired_over_cold"] >= ratio
    for n, ratio in t["snakemake_ratio"].items():
        if n in rows and rows[n]["snakemake_over_cold"]:
            met[f"{n}: Snakemake/learnrep >= {ratio:g}x"] = rows[n]["snakemake_over_cold"] >= ratio
    if 160 in rows and 40 in rows:
        met["160: s per area-period <= at 40"] = (
            rows[160]["cold_per_area_period"] <= rows[40]["cold_per_area_period"]
        )
    for n in rows:
        met[f"{n}: no change < 1 s"] = rows[n]["noop"] < t["noop_seconds"]
        met[f"{n}: one changed < 1.5x one alone"] = (
            rows[n]["one_changed_over_alone"] < t["one_changed_ratio"]
        )
    preview = statistics.median(edits)
    met["preview < 1.5 s"] = preview < t["preview_seconds"]
    met.update(big_met(args.big_rows, big_summary(big)))
    return {
        "machine": machine(),
        "command": " ".join(["benchmarks/bench.py", *sys.argv[1:]]),
        "settings": {k: str(v) for k, v in vars(args).items()},
        "samples_seconds": {str(n): v for n, v in samples.items()},
        "by_size": {str(n): v for n, v in rows.items()},
        "preview": {"edits_seconds": edits, "median_seconds": preview},
        "big_survey": big_summary(big),
        "targets": {
            k: (v if not isinstance(v, dict) else {str(a): b for a, b in v.items()})
            for k, v in TARGETS.items()
        },
        "met": met,
    }


def table(results: dict) -> str:
    """The results as Markdown tables, for docs/performance.md."""
    repeat = results["settings"]["repeat"]

    def s(value) -> str:
        return "" if value is None else f"{value:.2f}" if value < 10 else f"{value:.1f}"

    def x(value) -> str:
        return "" if value is None else f"{value:.2f}x"

    peers = results["settings"]["peer_repeat"]
    peers = repeat if peers == "None" else peers
    lines = [
        f"Medians of {repeat} runs of learnrep and {peers} of the hand-wired loop and Snakemake "
        f"(`{results['command']}`, commit {results['machine']['commit']}, "
        f"Python {results['machine']['python']}, {results['machine']['date']}); seconds.",
        "",
        "| area-periods | hand-wired loop | of it, papermill + nbconvert | Snakemake -j 2 "
        "| learnrep cold | per area-period | loop / learnrep | Snakemake / learnrep | no change "
        "| one changed | one alone | one changed / alone |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for n, row in results["by_size"].items():
        lines.append(
            f"| {n} | {s(row.get('handwired'))} | {s(row.get('handwired_render'))} "
            f"| {s(row.get('snakemake'))} | {s(row['cold'])} "
            f"| {s(row['cold_per_area_period'])} | {x(row['handwired_over_cold'])} "
            f"| {x(row['snakemake_over_cold'])} | {s(row['noop'])} | {s(row['one_changed'])} "
            f"| {s(row['one_alone'])} | {x(row['one_changed_over_alone'])} |"
        )
    preview, big = results["preview"], results["big_survey"]
    apart = (
        f" (measured apart: `{big['command']}`, commit {big['commit']}, {big['date']})"
        if "commit" in big
        else ""
    )
    seconds = ", ".join(f"{b['seconds']:.1f}" for b in big["runs"])
    peaks = ", ".join(f"{b['peak_rss_mb']:.0f}" for b in big["runs"])
    lines += [
        "",
        f"`learnrep preview`, saving narrative.md to the reloaded page: median "
        f"{preview['median_seconds']:.2f} s of {len(preview['edits_seconds'])} edits "
        f"({', '.join(f'{v:.2f}' for v in preview['edits_seconds'])}).",
        "",
        f"{int(results['settings']['big_rows']):,}-row survey validated and processed in a new "
        f"process{apart}: median of {len(big['runs'])} "
        f"{big['median_seconds']:.1f} s ({seconds}), peak RSS {big['peak_rss_mb']:.0f} MB "
        f"(the largest of {peaks}).",
        "",
        "| target | met? |",
        "|---|---|",
    ]
    lines += [
        f"| {name} | {'met' if ok else '**not met**'} |" for name, ok in results["met"].items()
    ]
    return "\n".join(lines)


def plot(results: dict, svg: Path) -> None:
    """Seconds per area-period against area-periods, each way of building,
    as a deterministic SVG."""
    import matplotlib

    matplotlib.use("svg")
    import matplotlib.pyplot as plt

    plt.rcParams["svg.hashsalt"] = "learnrep-benchmark"
    sizes = [int(n) for n in results["by_size"]]
    fig, ax = plt.subplots(figsize=(7, 4.2))
    series = (
        ("handwired", "hand-wired loop (serial)", "o", "-"),
        ("snakemake", "Snakemake -j 2", "s", "--"),
        ("cold", "learnrep run --jobs 2, cold", "^", "-"),
        ("one_changed", "learnrep, one changed (whole run)", "v", ":"),
    )
    for key, label, marker, style in series:
        points = [(n, results["by_size"][str(n)].get(key)) for n in sizes]
        points = [(n, v / (1 if key == "one_changed" else n)) for n, v in points if v]
        if points:
            ax.plot(*zip(*points, strict=True), marker=marker, linestyle=style, label=label)
    ax.set_xscale("log")
    ax.set_xticks(sizes, [str(n) for n in sizes])
    ax.minorticks_off()
    ax.set_ylim(bottom=0)
    ax.set_xlabel("area-periods in the run")
    ax.set_ylabel("seconds per area-period (one changed: seconds)")
    ax.set_title("Cost as the work grows (medians; lower is better)")
    ax.grid(True, color="#dddddd")
    ax.legend(frameon=False, fontsize=8)
    fig.tight_layout()
    svg.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(svg, format="svg", metadata={"Date": None})
    plt.close(fig)


if __name__ == "__main__":
    raise SystemExit(main())

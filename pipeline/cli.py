"""The `learnrep` command: parse options, call one function, map errors to exit
codes. A LearnrepError is the user's to fix and prints as one line; any other
exception is our bug and keeps its traceback."""

from __future__ import annotations

import argparse
import sys

from pipeline import __version__, console
from pipeline.config import Project, find_project
from pipeline.errors import LearnrepError, RunIncomplete
from pipeline.files import REFUSED_WRITE, shown
from pipeline.run.provenance import code_hash
from pipeline.status import Report

EXAMPLES = {
    "run": """examples:
  learnrep run                                   every discovered area-period, HTML and PDF
  learnrep run --area bolsover --period 2022-q1  one area-period
  learnrep run --format html --jobs 2            HTML only, two reports at a time
  learnrep run --renderer builtin                never use Quarto, even if installed
  learnrep run --force                           rebuild even the up-to-date reports
  learnrep run --scheduler tcp://10.0.0.5:8786   reports on a Dask cluster's workers
Only area-periods whose inputs changed since their last build are rebuilt.
Then open reports/index.html""",
    "validate": """examples:
  learnrep validate                     every discovered area-period
  learnrep validate --area bolsover     both Bolsover periods
then open reports/<area>/<period>/validation.html, or reports/data-docs/index.html""",
    "new-period": """examples:
  learnrep new-period --area bolsover --period 2022-q2 --from 2022-q1
  learnrep new-period --area sheffield --period 2022-h2 --format xlsx""",
    "list": """example:
  learnrep list""",
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="learnrep",
        description="Reproducible learning reports: raw data in data/raw/<area>/<period>/, "
        "validated with Great Expectations, processed to data/processed/, reported in reports/.",
        epilog="Run `learnrep COMMAND --help` for a command's options and examples.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"learnrep {__version__} (code {code_hash()[:12]})",
        help="show the version and the start of the code's SHA-256, recorded in each report",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        return commands.add_parser(
            name,
            help=help_text,
            description=help_text,
            epilog=EXAMPLES[name],
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    def selection(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--area",
            action="append",
            default=[],
            metavar="A",
            help="only this area (repeatable); default: all discovered",
        )
        sub.add_argument(
            "--period",
            action="append",
            default=[],
            metavar="P",
            help="only this period (repeatable); default: all discovered",
        )

    run = command(
        "run",
        "Validate, process, execute and render every selected area-period, then rebuild "
        "reports/index.html.",
    )
    selection(run)
    run.add_argument(
        "--format",
        action="append",
        choices=["html", "pdf"],
        default=[],
        help="output format (repeatable); default: html and pdf",
    )
    run.add_argument(
        "--renderer",
        choices=["auto", "quarto", "builtin"],
        default="auto",
        help="auto: Quarto if the quarto executable is on PATH, else built-in (default: auto)",
    )
    run.add_argument(
        "--jobs", type=_positive, default=1, metavar="N", help="reports built at once (default: 1)"
    )
    run.add_argument(
        "--scheduler",
        type=_scheduler_address,
        metavar="tcp://HOST:PORT",
        help="send the reports to this Dask scheduler's workers instead of local "
        "processes (the workers must see this project folder at the same path)",
    )
    run.add_argument(
        "--force",
        action="store_true",
        help="rebuild every selected area-period, even those that are up to date",
    )
    selection(
        command(
            "validate",
            "Great Expectations validation only: writes "
            "validation.json/.html per area-period and the Data Docs site.",
        )
    )
    new = command(
        "new-period",
        "Scaffold data/raw/A/P/ with period.yml and an empty template of every dataset.",
    )
    new.add_argument("--area", required=True, metavar="A")
    new.add_argument("--period", required=True, metavar="P")
    new.add_argument(
        "--from",
        dest="previous",
        metavar="PREV",
        help="the period this one follows: dates follow on, and the report compares against it",
    )
    new.add_argument(
        "--format",
        choices=["csv", "xlsx"],
        default="csv",
        help="template format; xlsx has drop-down lists (default: csv)",
    )
    command("list", "Show discovered area-periods with their last validation and build status.")
    return parser


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


def _scheduler_address(text: str) -> str:
    """tcp://HOST:PORT (or tls://), as `dask scheduler` prints it."""
    scheme, _, rest = text.partition("://")
    host, _, port = rest.rpartition(":")
    if scheme not in ("tcp", "tls") or not host or not port.isdigit():
        raise argparse.ArgumentTypeError(f"expected tcp://HOST:PORT, got {text!r}")
    return text


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        project = find_project()
        return COMMANDS[args.command](project, args)
    except LearnrepError as exc:
        print(f"learnrep: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("learnrep: interrupted; finished outputs are intact", file=sys.stderr)
        return 130
    except OSError as exc:
        # The machine refusing a write that no stage wrapped: still the
        # user's to fix (space, permissions), so one line, not a traceback.
        if exc.errno not in REFUSED_WRITE:
            raise
        where = f"{shown(exc.filename)}: " if exc.filename else ""
        print(
            f"learnrep: error: {where}could not write it ({exc.strerror}); "
            "finished outputs are intact",
            file=sys.stderr,
        )
        return 1


def _selected(project: Project, args):
    from pipeline.discover import select

    selected = select(project, args.area, args.period)
    if not selected:
        print(
            "No area-periods found: add data/raw/<area>/<period>/period.yml "
            "(or run `learnrep new-period`)."
        )
    return selected


def _run(project: Project, args) -> int:
    from pipeline.run import orchestrate

    selected = _selected(project, args)
    if not selected:
        return 0
    try:
        results = orchestrate.run(
            project,
            selected,
            formats=args.format or ("html", "pdf"),
            renderer=args.renderer,
            jobs=args.jobs,
            force=args.force,
            scheduler=args.scheduler,
        )
    except RunIncomplete as incomplete:
        console.print_summary(project, incomplete.results, building=True)
        raise
    return console.print_summary(project, results, building=True)


def _validate(project: Project, args) -> int:
    from pipeline.run import orchestrate

    selected = _selected(project, args)
    if not selected:
        return 0
    try:
        results = orchestrate.validate(project, selected)
    except RunIncomplete as incomplete:
        console.print_summary(project, incomplete.results, building=False)
        raise
    return console.print_summary(project, results, building=False)


def _new_period(project: Project, args) -> int:
    from pipeline.scaffold import new_period

    created = new_period(project, args.area, args.period, args.previous, args.format)
    print(f"Created data/raw/{args.area}/{args.period}/:")
    for path in created:
        print(f"  {path.relative_to(project.root)}")
    print(
        "Fill in the datasets you have (delete the ones you don't, or leave them empty: "
        f"an unfilled template counts as absent), then run: learnrep run --area {args.area} "
        f"--period {args.period}"
    )
    return 0


def _list(project: Project, args) -> int:
    from pipeline.run import state
    from pipeline.validate import steward

    found = state.listing(project)
    if not found:
        print("No area-periods found under data/raw.")
        return 0
    rows = [("AREA", "PERIOD", "VALIDATION", "REPORT")]
    reasons_of = {}
    for ap, status, reasons, record in found:
        validation = steward.read(project, ap.area, ap.period)
        shown = status.value
        built = [f for f in ("html", "pdf") if f"{state.REPORT}.{f}" in record.get("outputs", {})]
        if status is Report.UP_TO_DATE and built:
            shown += f" ({', '.join(built)})"
        rows.append(
            (ap.area, ap.period, validation["status"] if validation else "never validated", shown)
        )
        reasons_of[len(rows) - 1] = reasons
    console.print_table(rows, reasons_of)
    return 0


COMMANDS = {"run": _run, "validate": _validate, "new-period": _new_period, "list": _list}

"""The command line's options, examples and usage errors: what `learnrep
--help` shows, and "did you mean ...?" for a mistyped command, option, area
or period's option (the CLI's `main` does the rest)."""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import sys

from pipeline import __version__
from pipeline.run.provenance import code_hash

EXAMPLES = {
    "run": """examples:
  learnrep run                                   every discovered area-period, in the formats
                                                 each was last built in (HTML and PDF at first)
  learnrep run --area bolsover --period 2022-q1  one area-period
  learnrep run --format html --format docx       HTML and Word from now on (the PDF goes)
  learnrep run --format html --jobs 2            HTML only, two reports at a time
  learnrep run --renderer builtin                never use Quarto, even if installed
  learnrep run --force                           rebuild even the up-to-date reports
  learnrep run --scheduler tcp://10.0.0.5:8786   reports on a Dask cluster's workers
Only area-periods whose inputs changed since their last build are rebuilt.
Then open reports/index.html""",
    "validate": """examples:
  learnrep validate                     every discovered area-period
  learnrep validate --area bolsover     both Bolsover periods
then open validation/index.html (kept with the team, never published)""",
    "new-period": """examples:
  learnrep new-period --area bolsover --period 2022-q2 --from 2022-q1
  learnrep new-period --area sheffield --period 2022-h2 --format xlsx
  learnrep new-period --area bucks-mk --period 2019-20 --start 2019-05-01 --end 2020-04-30
  learnrep new-period --area leeds --period 2023-q1 --new-area
Dates come from --start/--end, else the name (2022-q2, 2022-h1, 2022-05, 2022, 2021-22),
else they follow on from --from. With --from, the open recommendations, the partners and
the indicators are carried over to be updated.""",
    "list": """example:
  learnrep list""",
    "preview": """examples:
  learnrep preview --area bolsover --period 2022-q1              the report opens in the browser
  learnrep preview --area bolsover --period 2022-q1 --format pdf --no-browser --port 8766
Rebuilds (validation, then the report) each time a raw file, narrative.md, a notebook or
params.yaml is saved; the page reloads itself. Ctrl-C stops it.""",
    "verify": """examples:
  learnrep verify reports/bolsover/2022-q1            the report as built here
  learnrep verify ~/Downloads/bolsover-2022-q1        a copy taken from where it was published
Exit 0 when the report matches the raw files, code, notebook and parameters it names;
1 naming what differs. Needs the project's provenance key (secret/provenance.key).""",
    "open": """examples:
  learnrep open --area bolsover --period 2022-q1              JupyterLab opens in the browser
  learnrep open --area bolsover --period 2022-q1 --no-browser --port 8899
The notebook is written to .learnrep/open/ (git ignores it); Ctrl-C stops JupyterLab.""",
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
    parser.commands = {}  # name -> its parser, for errors in a command's own words

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        parser.commands[name] = commands.add_parser(
            name,
            help=help_text,
            description=help_text,
            epilog=EXAMPLES[name],
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        return parser.commands[name]

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

    def served(sub: argparse.ArgumentParser, port: int, port_type) -> None:
        """One area-period shown in the browser: `preview` and `open`."""
        sub.add_argument("--area", required=True, metavar="A", help="the area")
        sub.add_argument("--period", required=True, metavar="P", help="the period")
        sub.add_argument("--no-browser", action="store_true", help="do not open a browser")
        sub.add_argument(
            "--port",
            type=port_type,
            default=port,
            metavar="N",
            help=f"port on 127.0.0.1 ({port})",
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
        choices=["html", "pdf", "docx"],
        default=[],
        help="output format (repeatable): exactly these from now on; default: the formats "
        "each report was last built in (html and pdf the first time)",
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
            "Great Expectations validation only: writes the data steward's pages and the "
            "Data Docs site under validation/ (never published).",
        )
    )
    new = command(
        "new-period",
        "Scaffold data/raw/A/P/ with period.yml and an empty template of every dataset.",
    )
    new.add_argument("--area", required=True, metavar="A", help="the area (a folder in data/raw)")
    new.add_argument("--period", required=True, metavar="P", help="the new period's name")
    new.add_argument(
        "--from",
        dest="previous",
        metavar="PREV",
        help="the period this one follows: dates follow on, and the report compares against it",
    )
    new.add_argument(
        "--start",
        type=_date,
        metavar="YYYY-MM-DD",
        help="the period's first day (with --end), for a name that does not say its dates",
    )
    new.add_argument(
        "--end", type=_date, metavar="YYYY-MM-DD", help="the period's last day (with --start)"
    )
    new.add_argument(
        "--new-area",
        action="store_true",
        help="start a new area (without it, an area not yet in data/raw is refused as a typo)",
    )
    new.add_argument(
        "--allow-overlap",
        action="store_true",
        help="create the period even if its dates overlap another period of the area",
    )
    new.add_argument(
        "--format",
        choices=["csv", "xlsx"],
        default="csv",
        help="template format; xlsx has drop-down lists (default: csv)",
    )
    command("list", "Show discovered area-periods with their last validation and build status.")
    verify = command(
        "verify",
        "Check a report against the inputs and code its provenance names: its raw files' "
        "keyed checksums, the pipeline's code, the notebook and the parameters.",
    )
    verify.add_argument(
        "folder", metavar="FOLDER", help="the report's folder (with provenance.json)"
    )
    preview = command(
        "preview",
        "Build one area-period's report, serve it on 127.0.0.1 and rebuild it whenever its "
        "data, narrative, notebook or parameters change; the page reloads itself.",
    )
    served(preview, 8765, _port)
    preview.add_argument(
        "--format",
        action="append",
        choices=["pdf", "docx"],
        default=[],
        help="also make this format on every rebuild (repeatable); HTML is always made",
    )
    lab = command(
        "open",
        "Open an area-period's report notebook in JupyterLab, parameters injected and "
        "nothing run, to run and change it cell by cell.",
    )
    served(lab, 8888, _positive)
    return parser


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


def _port(text: str) -> int:
    """0 asks the system for a free port."""
    if text == "0":
        return 0
    value = _positive(text)
    if value > 65535:
        raise argparse.ArgumentTypeError(f"expected a port from 1 to 65535, got {text!r}")
    return value


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None


def _scheduler_address(text: str) -> str:
    """tcp://HOST:PORT (or tls://), as `dask scheduler` prints it."""
    scheme, _, rest = text.partition("://")
    host, _, port = rest.rpartition(":")
    if scheme not in ("tcp", "tls") or not host or not port.isdigit():
        raise argparse.ArgumentTypeError(f"expected tcp://HOST:PORT, got {text!r}")
    return text


def parse(argv: list[str] | None) -> argparse.Namespace:
    """Parse, so that a mistyped command or option gets its command's usage
    and a suggestion (argparse alone gives the top-level usage)."""
    parser = _parser()
    argv = sys.argv[1:] if argv is None else list(argv)
    first = next((a for a in argv if not a.startswith("-")), None)
    if first is not None and first not in parser.commands and argv.index(first) == 0:
        parser.error(f"unknown command {first!r}{_did_you_mean(first, parser.commands)}")
    args, extras = parser.parse_known_args(argv)
    if extras:
        command = parser.commands[args.command]
        flags = [o for action in command._actions for o in action.option_strings]
        flag = next((e for e in extras if e.startswith("-")), extras[0])
        command.error(f"unrecognized argument {flag}{_did_you_mean(flag.split('=')[0], flags)}")
    return args


def _did_you_mean(word: str, known) -> str:
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f"; did you mean {close[0]}?" if close else ""


def reference() -> str:
    """docs/commands.md, from the parser itself: each command's description,
    options and examples, as `--help` gives them (`python -m tools.commands`)."""
    parser = _parser()
    out = [
        "# Command reference",
        "",
        "<!-- Generated from pipeline/arguments.py by `python -m tools.commands`; do not edit: "
        "tests/test_cli.py fails when this file and the parser differ. -->",
        "",
        f"{parser.description} Also `python -m pipeline`; `learnrep --version` prints the "
        "version and the start of the code's SHA-256. Exit codes: 0 done, 1 a problem with "
        "the data or a failed report (the others are still built), 2 a usage error.",
        "",
    ]
    for name, command in parser.commands.items():
        out += [f"## learnrep {name}", "", command.description, "", "| option | what it does |"]
        out.append("|---|---|")
        for action in command._actions:
            if not action.option_strings or "--help" in action.option_strings:
                continue
            flag = ", ".join(action.option_strings)
            if action.choices:
                flag += " " + "\\|".join(action.choices)
            elif action.nargs != 0:
                flag += f" {action.metavar or action.dest.upper()}"
            said = (action.help or "").replace("|", "\\|")
            said += " (required)" if action.required else ""
            out.append(f"| `{flag}` | {said} |")
        out += ["", "```", EXAMPLES[name], "```", ""]
    return "\n".join(out)

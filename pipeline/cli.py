"""The `learnrep` command: parse options, call one function, map errors to exit
codes. A LearnrepError is the user's to fix and prints as one line; any other
exception is our bug and keeps its traceback."""

from __future__ import annotations

import sys

from pipeline import console, patches
from pipeline.arguments import parse
from pipeline.config import Project, find_project
from pipeline.errors import LearnrepError, RunIncomplete
from pipeline.files import REFUSED_WRITE, shown
from pipeline.patches import imports
from pipeline.status import Report


def main(argv: list[str] | None = None) -> int:
    imports.apply()  # before anything imports jsonschema: 1.6 s a process (see the module)
    args = parse(argv)
    skipped = patches.not_applying()
    if skipped and args.command in PATCHED:
        print(skipped, file=sys.stderr)
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


# The commands whose work a patch speeds up: they say so once when one is
# left out.
PATCHED = ("run", "validate", "preview")


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
        for line in console.still_published(project):  # its only period taken back
            print(f"  note    {line}")
        return 0
    try:
        results = orchestrate.run(
            project,
            selected,
            formats=args.format or None,  # each report's formats as last built
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

    created = new_period(
        project,
        args.area,
        args.period,
        args.previous,
        args.format,
        allow_overlap=args.allow_overlap,
        new_area=args.new_area,
        start=args.start,
        end=args.end,
    )
    print(f"Created data/raw/{args.area}/{args.period}/:")
    for path in created:
        carried = created.carried.get(path.stem) if path.parent.name == args.period else None
        note = (
            f"  ({carried} row{'s' if carried != 1 else ''} from {args.previous})"
            if carried
            else ""
        )
        print(f"  {path.relative_to(project.root)}{note}")
    dates = f"{created.start} to {created.end}"
    print(f"Dates: {dates} ({created.dates_from}; edit period.yml to change them).")
    print(
        "Fill in the datasets you have (delete the ones you don't, or leave them empty: "
        f"an unfilled template counts as absent), then run: learnrep run --area {args.area} "
        f"--period {args.period}"
    )
    return 0


def _list(project: Project, args) -> int:
    from pipeline.render import FORMATS
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
        built = [f for f in FORMATS if f"{state.REPORT}.{f}" in record.get("outputs", {})]
        if status is Report.UP_TO_DATE and built:
            shown += f" ({', '.join(built)})"
        rows.append(
            (ap.area, ap.period, validation["status"] if validation else "never validated", shown)
        )
        reasons_of[len(rows) - 1] = reasons
    console.print_table(rows, reasons_of)
    return 0


def _verify(project: Project, args) -> int:
    from pathlib import Path

    from pipeline.files import shown
    from pipeline.run.verify import verify

    verdict = verify(project, Path(args.folder))
    where = shown(Path(args.folder).resolve(), project.root)
    if verdict.differences:
        print(f"{where} does not match what it names ({verdict.ap}):")
        for difference in verdict.differences:
            print(f"  - {difference}")
        print(
            f"Rebuild it with: learnrep run --area {verdict.ap.area} --period {verdict.ap.period}"
        )
    else:
        print(f"{where} matches what it names ({verdict.ap}): {', '.join(verdict.checked)}.")
    for note in verdict.notes:
        print(f"  note: {note}")
    return 1 if verdict.differences else 0


def _open(project: Project, args) -> int:
    from pipeline.discover import select
    from pipeline.run import lab

    lab.check_installed()
    (ap,) = select(project, [args.area], [args.period])
    return lab.serve(lab.prepare(project, ap), args.port, browser=not args.no_browser)


def _preview(project: Project, args) -> int:
    from pipeline.discover import select
    from pipeline.run import preview

    (ap,) = select(project, [args.area], [args.period])
    formats = ("html", *dict.fromkeys(args.format))
    return preview.serve(project, ap, formats, args.port, browser=not args.no_browser)


COMMANDS = {
    "run": _run,
    "validate": _validate,
    "new-period": _new_period,
    "list": _list,
    "verify": _verify,
    "open": _open,
    "preview": _preview,
}

"""What the console shows: the one-screen summary that ends `run` and
`validate`, and the table of `list`. Paths are relative to the project."""

from __future__ import annotations

from pipeline import held_back
from pipeline.config import Project
from pipeline.run.state import REPORT
from pipeline.status import Report

MAX_ERRORS_SHOWN = 5


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def print_summary(project: Project, results, building: bool) -> int:
    """The one-screen summary of a run (`building`) or of a validation."""
    verb = "Built" if building else "Validated"
    failed = [r for r in results if r.failed]
    current = [r for r in results if r.report is Report.UP_TO_DATE]
    succeeded = len(results) - len(failed) - len(current)
    if current and len(current) == len(results):
        print(
            f"\nNothing to rebuild: {plural(len(results), 'area-period')} up to date "
            "(use --force to rebuild anyway)."
        )
    else:
        print(
            f"\n{verb} {plural(len(results), 'area-period')}: "
            f"{succeeded} {'built' if building else 'passed'}, {len(failed)} failed"
            + (f", {len(current)} up to date (skipped)." if current else ".")
        )
    for r in results:
        if r.report is Report.UP_TO_DATE:
            continue  # counted above; `learnrep list` shows them
        if not r.failed:
            note = f" ({r.warnings} warning{'s' if r.warnings != 1 else ''})" if r.warnings else ""
            done = f" -> reports/{r.ap}/" if r.report is Report.BUILT else ""
            print(f"  ok      {r.ap}{note}{done}")
            for action in r.held_back[:MAX_ERRORS_SHOWN]:
                print(f"          held back: {action}")
            if len(r.held_back) > MAX_ERRORS_SHOWN:
                print(f"          ... and {len(r.held_back) - MAX_ERRORS_SHOWN} more in the report")
            for advice in held_back.advice(r.held_back):
                print(f"          {advice}")
            for message in r.warning_messages[:MAX_ERRORS_SHOWN]:
                print(f"          warning: {message}")
            if len(r.warning_messages) > MAX_ERRORS_SHOWN:
                more = len(r.warning_messages) - MAX_ERRORS_SHOWN
                print(f"          ... and {more} more on validation/{r.ap}/validation.html")
    for r in failed:
        if r.validation.failed:
            print(f"  FAILED  {r.ap}: {len(r.errors)} error{'s' if len(r.errors) != 1 else ''}")
            for message in r.errors[:MAX_ERRORS_SHOWN]:
                print(f"          {message}")
            if len(r.errors) > MAX_ERRORS_SHOWN:
                print(f"          ... and {len(r.errors) - MAX_ERRORS_SHOWN} more")
            print(f"          see validation/{r.ap}/validation.html")
        else:
            # The line says where the failed notebook is kept, when it was.
            print(f"  FAILED  {r.ap}: {r.report}: {r.report_error}")
    if building:
        for line in still_published(project):
            print(f"  note    {line}")
    print("Checks:    validation/index.html (the data steward's, never published)")
    if building:
        print("Index:     reports/index.html")
    return 1 if failed else 0


def still_published(project: Project) -> list[str]:
    """A report under reports/ whose area-period is gone from data/raw
    (deleted, or renamed): it stays published, unlinked from the index, and
    a newcomer who deleted the folder to take it back did not know. Said,
    not deleted: learnrep never deletes a published report."""
    lines = []
    for page in sorted(project.reports.glob(f"*/*/{REPORT}.html")):
        area, period = page.parent.parent.name, page.parent.name
        if not (project.raw_dir(area, period) / "period.yml").is_file():
            lines.append(
                f"reports/{area}/{period}/ is still published, but data/raw/{area}/{period}/ "
                "is gone: delete that folder if it should not be published"
            )
    return lines


def print_table(rows: list[tuple[str, ...]], reasons_of: dict[int, list[str]]) -> None:
    """Columns padded to their widest cell; each row's reasons under it."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for number, row in enumerate(rows):
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        for reason in reasons_of.get(number, [])[:MAX_ERRORS_SHOWN]:
            print(" " * (sum(widths[:3]) + 6) + f"- {reason}")

"""The data steward's view of validation, in the team's own tree
(`validation/`, never published, never linked from `reports/`):
validation/<area>/<period>/validation.json (for machines), validation.html
(for people) and failures.csv (one line per failing row, for a spreadsheet),
and validation/index.html over every area-period. All are built from the
already-sanitised outcome, so they can only show what validation chose to
keep: row numbers, and values of closed columns."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from dataclasses import asdict
from pathlib import Path

from pipeline.config import Project
from pipeline.discover import AreaPeriod, discover_all
from pipeline.files import write_bytes_atomic, write_text_atomic
from pipeline.pages import templates
from pipeline.redaction import redact
from pipeline.validate.outcome import ValidationOutcome


def summary(outcome: ValidationOutcome, gx_version: str) -> dict:
    datasets = {
        name: {
            **{k: v for k, v in asdict(result).items() if k != "checks"},
            "checks": [asdict(c) for c in result.checks],
        }
        for name, result in outcome.datasets.items()
    }
    return {
        "area": outcome.ap.area,
        "period": outcome.ap.period,
        "area_name": _redacted((outcome.area or {}).get("name")),
        "label": _redacted((outcome.period or {}).get("label")),
        "status": outcome.status,
        "errors": sum(p.level == "error" for p in outcome.problems),
        "warnings": sum(p.level == "warning" for p in outcome.problems),
        "problems": [asdict(p) for p in outcome.problems],
        "datasets": datasets,
        "great_expectations_version": gx_version,
        "data_docs": "../../data-docs/index.html",
    }


def _redacted(text):
    return None if text is None else redact(str(text))


# What earlier versions of learnrep wrote under reports/, the published tree.
# The failed notebook carries a traceback with the building machine's paths.
PUBLISHED_BEFORE = (
    "validation.json",
    "validation.html",
    "validation.csv",
    "learning-report.failed.ipynb",
)


def write(project: Project, outcome: ValidationOutcome, gx_version: str) -> Path:
    folder = project.steward_dir(outcome.ap.area, outcome.ap.period)
    result = summary(outcome, gx_version)
    write_text_atomic(
        folder / "validation.json",
        json.dumps(result, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
    )
    # With a byte-order mark, Excel opens it as UTF-8.
    write_bytes_atomic(folder / "failures.csv", failing_rows_csv(outcome).encode("utf-8-sig"))
    page = templates().get_template("validation.html.j2").render(v=result)
    return write_text_atomic(folder / "validation.html", page)


CSV_COLUMNS = ("level", "dataset", "file", "row", "column", "check", "value")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def spreadsheet_safe(value):
    """A cell a spreadsheet shows as text, never runs: text starting with
    = + - @ tab or carriage return gets a leading apostrophe (OWASP's advice
    on CSV injection). Numbers, and text that is just a number, stay as they are."""
    if value is None or isinstance(value, int | float):
        return value
    text = str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def failing_rows_csv(outcome: ValidationOutcome) -> str:
    """One line per row a failed check lists; a value only for closed columns."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for name, result in sorted(outcome.datasets.items()):
        for check in result.checks:
            if check.success:
                continue
            rows = check.rows or [None]  # a check about the whole file: one line
            values = check.offending_values or []
            if len(values) != len(rows):  # values not kept: the column may be personal
                values = [None] * len(rows)
            for row, value in zip(rows, values, strict=True):
                line = (check.level, name, result.file, row, check.column, check.description, value)
                writer.writerow([spreadsheet_safe(cell) for cell in line])
    return buffer.getvalue()


def read(project: Project, area: str, period: str) -> dict | None:
    path = project.steward_dir(area, period) / "validation.json"
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def finish(project: Project, build_data_docs) -> None:
    """The Data Docs site, then validation/index.html (even when the site's
    files were refused: the index says what to fix)."""
    try:
        build_data_docs()
    finally:
        write_index(project, discover_all(project))


def write_index(project: Project, aps: list[AreaPeriod]) -> Path:
    """validation/index.html: every area-period's checks, status and what to fix."""
    entries = []
    for ap in aps:
        found = read(project, ap.area, ap.period)
        entries.append({"ap": str(ap), "href": f"{ap.area}/{ap.period}/", "v": found})
    data_docs = project.data_docs.joinpath("index.html").is_file()
    page = (
        templates()
        .get_template("validation-index.html.j2")
        .render(entries=entries, data_docs=data_docs)
    )
    return write_text_atomic(project.validation / "index.html", page)


def remove_published_copies(project: Project) -> None:
    """Delete the steward's pages, Data Docs and failed notebooks that learnrep
    once wrote under reports/: they belong to the team, and reports/ is what
    gets published."""
    for name in PUBLISHED_BEFORE:
        for path in project.reports.glob(f"*/*/{name}"):
            path.unlink(missing_ok=True)
    shutil.rmtree(project.reports / "data-docs", ignore_errors=True)

"""reports/index.html: every discovered area-period, grouped by area, with
its status, headline figures and links. Self-contained (inline styles, no
scripts), so it can be e-mailed with the reports folder.

Status comes from the last run's record in .learnrep/builds/ and from what is
on disk, as the run worked it out (`run.state.status`): up to date, out of date (and why), failed
validation, failed execution, rendering or writing, or never built. A
failed area-period keeps a link to its last good report, marked as
superseded."""

from __future__ import annotations

import contextlib
import hashlib
import json
from importlib import metadata

from pipeline import digests
from pipeline.config import Project
from pipeline.contract import report_kind
from pipeline.discover import AreaPeriod
from pipeline.errors import InputError, OutputError
from pipeline.files import write_text_atomic
from pipeline.pages import templates
from pipeline.raw import read_area, read_period
from pipeline.status import Report

REPORT = "learning-report"
# How the index names each shipped kind of report; a team's own notebook by its name.
KIND_NAMES = {
    "learning-report": "learning report",
    "system-impact": "system-impact story",
    "progress-report": "progress report",
}


def entries(
    project: Project, statuses: dict[AreaPeriod, tuple[Report, list[str]]], records: dict
) -> list[dict]:
    """One entry per area-period, grouped by area, in the order given."""
    areas: dict[str, dict] = {}
    for ap, (status, reasons) in statuses.items():
        folder = project.report_dir(ap.area, ap.period)
        state = records.get(ap)
        try:
            area_meta = read_area(project, ap.area)
        except InputError:
            area_meta = {"name": ap.area}
        try:
            period_meta = read_period(project, ap)
        except InputError:
            period_meta = {"label": ap.period}
        area_name, label = area_meta["name"], period_meta["label"]
        entry = {
            "period": ap.period,
            "label": label,
            "report_kind": KIND_NAMES.get(kind := report_kind(area_meta, period_meta), kind),
            "status": status,
            "kind": _kind(status),
            "reasons": reasons[:3] if status is Report.OUT_OF_DATE else [],
            # How many problems stop it, never what they are: their words
            # name rows and values, and stay in the steward's validation/ tree
            # (a failed build's notebook too: its traceback names this machine).
            "problems": len((state or {}).get("errors", []))
            if status is Report.FAILED_VALIDATION
            else 0,
            "build_failed": status.failed and status is not Report.FAILED_VALIDATION,
            "headline": (state or {}).get("headline", []),
            "links": {},
        }
        base = f"{ap.area}/{ap.period}"
        for name, text in (
            (f"{REPORT}.html", "report (HTML)"),
            (f"{REPORT}.pdf", "report (PDF)"),
            (f"{REPORT}.docx", "report (Word)"),
            # Named for a commissioner: "executed notebook" told them nothing.
            (f"{REPORT}.ipynb", "the analysis as a Jupyter notebook"),
            ("notebook.html", "how the figures were worked out (code shown)"),
        ):
            if (folder / name).is_file():
                entry["links"][text] = f"{base}/{name}"
        areas.setdefault(ap.area, {"area": ap.area, "name": area_name, "periods": []})
        areas[ap.area]["periods"].append(entry)
    return list(areas.values())


def write(
    project: Project, statuses: dict, records: dict, programmes: dict, code: str = ""
) -> None:
    """reports/index.html, from each area-period's status and build record.

    With the run's `code` hash, the page is written only when what it shows,
    the code or Jinja changed, or the file is not the one last written:
    importing Jinja and rendering the page were about a quarter of a run
    with nothing to do at 40 area-periods."""
    overviews = [
        (programme["name"], f"programme/{key}.html")
        for key, programme in sorted(programmes.items())
    ]
    shown = {
        "areas": entries(project, statuses, records),
        "programmes": overviews,
    }
    page_path, kept_path = project.reports / "index.html", project.state / "index.json"
    key = ""
    if code:
        versions = [code, metadata.version("jinja2")]
        what = json.dumps([versions, shown], sort_keys=True, default=str).encode("utf-8")
        key = hashlib.sha256(what).hexdigest()
        with contextlib.suppress(OSError, ValueError):  # none kept, or no page: write it
            kept = json.loads(kept_path.read_text(encoding="utf-8"))
            if kept == {"key": key, "page": digests.sha256(page_path)}:
                return
    page = templates().get_template("index.html.j2").render(**shown)
    write_text_atomic(page_path, page)
    if key:
        kept = {"key": key, "page": hashlib.sha256(page.encode("utf-8")).hexdigest()}
        with contextlib.suppress(OutputError):  # only time is lost
            write_text_atomic(kept_path, json.dumps(kept))


def _kind(status: Report) -> str:
    """How the index marks a status: built, failed, stale or never."""
    if status is Report.UP_TO_DATE:
        return "built"
    if status.failed:
        return "failed"
    return "stale" if status is Report.OUT_OF_DATE else "never"

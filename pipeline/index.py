"""reports/index.html: every discovered area-period, grouped by area, with
its status, headline figures and links. Self-contained (inline styles, no
scripts), so it can be e-mailed with the reports folder.

Status comes from the last run's record in .learnrep/builds/ and from what is
on disk (see `build.status`): up to date, out of date (and why), failed
validation, failed execution, rendering or writing, or never built. A
failed area-period keeps a link to its last good report, marked as
superseded."""

from __future__ import annotations

import jinja2

from pipeline import build, steward
from pipeline.config import Project
from pipeline.discover import discover_all
from pipeline.errors import InputError
from pipeline.files import write_text_atomic
from pipeline.programme import programmes
from pipeline.raw import read_area, read_period

_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("pipeline", "templates"),
    autoescape=True,  # names and labels come from data: text, never markup
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def entries(project: Project) -> list[dict]:
    areas: dict[str, dict] = {}
    shared = build.shared_settings(project)
    for ap in discover_all(project):
        folder = project.report_dir(ap.area, ap.period)
        state = build.read_state(project, ap)
        status, reasons = build.status(project, ap, shared)
        try:
            area_name = read_area(project, ap.area)["name"]
        except InputError:
            area_name = ap.area
        try:
            label = read_period(project, ap)["label"]
        except InputError:
            label = ap.period
        entry = {
            "period": ap.period,
            "label": label,
            "status": status,
            "reasons": reasons[:3] if status == "out of date" else [],
            "error": (state or {}).get("report_error"),
            "errors": (state or {}).get("errors", [])[:3],
            "headline": (state or {}).get("headline", []),
            "links": {},
        }
        base = f"{ap.area}/{ap.period}"
        for name, text in (
            (f"{build.REPORT}.html", "report (HTML)"),
            (f"{build.REPORT}.pdf", "report (PDF)"),
            (f"{build.REPORT}.ipynb", "executed notebook"),
            (f"{build.REPORT}.failed.ipynb", "failed notebook"),
            ("validation.html", "validation page"),
        ):
            if (folder / name).is_file():
                entry["links"][text] = f"{base}/{name}"
        validation = steward.read(project, ap.area, ap.period)
        entry["validation"] = validation["status"] if validation else None
        areas.setdefault(ap.area, {"area": ap.area, "name": area_name, "periods": []})
        areas[ap.area]["periods"].append(entry)
    return list(areas.values())


def write(project: Project) -> None:
    overviews = [
        (programme["name"], f"programme/{key}.html")
        for key, programme in sorted(programmes(project).items())
    ]
    page = _TEMPLATES.get_template("index.html.j2").render(
        areas=entries(project),
        data_docs=project.data_docs.joinpath("index.html").is_file(),
        programmes=overviews,
    )
    write_text_atomic(project.reports / "index.html", page)

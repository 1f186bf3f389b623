"""reports/programme/<programme>.html: the areas of one programme side by
side, each on its latest period with processed data: inactivity, top
barriers, confidence change and delivery.

Every figure comes from `analysis`, so from the same disclosure control as
the reports. Each area shows one period's figures and nothing is summed
across areas, so no suppressed count can be recovered by subtracting one
published figure from another."""

from __future__ import annotations

import json
import re

import jinja2

from pipeline import fingerprint
from pipeline.config import Project
from pipeline.disclosure import show_percent
from pipeline.discover import AreaPeriod, discover_all
from pipeline.errors import InputError
from pipeline.files import write_text_atomic
from pipeline.raw import read_area

NOT_COLLECTED = "not collected"
COLUMNS = (
    ("Respondents", True),
    ("Inactive (under 30 minutes a week)", True),
    ("Top barriers", False),
    ("People trained", True),
    ("Median confidence change", True),
    ("Confidence improved", True),
    ("Sessions delivered", True),
    ("Participants", True),
)

_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("pipeline", "templates"),
    autoescape=True,  # programme, area and barrier names come from data
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:63] or "programme"


def programmes(project: Project) -> dict[str, dict]:
    """Programme slug -> its name and its areas, from every readable area.yml."""
    found: dict[str, dict] = {}
    for area in sorted({ap.area for ap in discover_all(project)}):
        try:
            meta = read_area(project, area)
        except InputError:
            continue  # validation reports it
        entry = found.setdefault(slug(meta["programme"]), {"name": meta["programme"], "areas": []})
        entry["areas"].append((area, meta["name"]))
    return found


def latest(project: Project, area: str) -> AreaPeriod | None:
    """The area's period that ends last among those whose processed data
    matches their raw files now (one that has since failed validation keeps
    only stale data, which is not shown)."""
    best = None
    for ap in discover_all(project):
        path = project.processed_dir(ap.area, ap.period) / "manifest.json"
        if ap.area != area or not path.is_file():
            continue
        if not fingerprint.processed_matches_raw(project, ap):
            continue
        end = json.loads(path.read_text(encoding="utf-8"))["period_meta"]["end"]
        if best is None or (end, ap.period) > best[0]:
            best = ((end, ap.period), ap)
    return best[1] if best else None


def figures(project: Project, ap: AreaPeriod, threshold: int) -> list[str]:
    """One area's row, as published strings in COLUMNS order."""
    from pipeline import analysis
    from pipeline.report import Report

    data = Report(project.processed_dir(ap.area, ap.period), "", threshold, {})
    headline = analysis.headline(data)
    row = {name: headline.get(name, NOT_COLLECTED) for name, _ in COLUMNS}
    if data.has("survey"):
        shares, _ = analysis.barriers(data.frame("survey_answers"), threshold)
        published = [s for s in shares if s.count][:2]
        row["Top barriers"] = (
            "; ".join(f"{s.category} ({show_percent(s.percent)})" for s in published)
            or "too few answers to rank"
        )
    if data.has("training"):
        d = analysis.distance_travelled(
            data.frame("training"), data.frame("distance_travelled"), threshold
        )
        row["Confidence improved"] = show_percent(d.directions[0].percent)
    return [row[name] for name, _ in COLUMNS]


def page(project: Project, programme: dict, threshold: int) -> str:
    rows = []
    for area, name in programme["areas"]:
        ap = latest(project, area)
        if ap is None:
            rows.append({"name": name, "period": None, "link": None, "figures": []})
            continue
        label = json.loads(
            (project.processed_dir(ap.area, ap.period) / "manifest.json").read_text("utf-8")
        )["period_meta"]["label"]
        report = project.report_dir(ap.area, ap.period) / "learning-report.html"
        rows.append(
            {
                "name": name,
                "period": f"{label} ({ap.period})",
                "link": f"../{ap.area}/{ap.period}/learning-report.html"
                if report.is_file()
                else None,
                "figures": figures(project, ap, threshold),
            }
        )
    return _TEMPLATES.get_template("programme.html.j2").render(
        programme=programme["name"], rows=rows, columns=COLUMNS, threshold=threshold
    )


def folder(project: Project):
    return project.reports / "programme"


def all_written(project: Project) -> bool:
    return all((folder(project) / f"{key}.html").is_file() for key in programmes(project))


def write_all(project: Project, threshold: int) -> list[str]:
    """Write every programme's page and remove pages of programmes no area names
    any more. Returns the slugs written."""
    found = programmes(project)
    for key, programme in found.items():
        write_text_atomic(folder(project) / f"{key}.html", page(project, programme, threshold))
    if folder(project).is_dir():
        for old in folder(project).glob("*.html"):
            if old.stem not in found:
                old.unlink()
    return sorted(found)

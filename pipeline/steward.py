"""The data steward's view of one area-period's validation:
reports/<area>/<period>/validation.json (for machines) and validation.html
(for people). Both are built from the already-sanitised outcome, so they can
only show what validation chose to keep: row numbers, and values of closed
columns."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import jinja2

from pipeline.config import Project
from pipeline.files import write_text_atomic
from pipeline.validate import Outcome

_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("pipeline", "templates"),
    autoescape=True,  # every value from data is text, never markup
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def summary(outcome: Outcome, gx_version: str) -> dict:
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
        "area_name": (outcome.area or {}).get("name"),
        "label": (outcome.period or {}).get("label"),
        "status": outcome.status,
        "errors": sum(p.level == "error" for p in outcome.problems),
        "warnings": sum(p.level == "warning" for p in outcome.problems),
        "problems": [asdict(p) for p in outcome.problems],
        "datasets": datasets,
        "great_expectations_version": gx_version,
        "data_docs": "../../data-docs/index.html",
    }


def write(project: Project, outcome: Outcome, gx_version: str) -> Path:
    folder = project.report_dir(outcome.ap.area, outcome.ap.period)
    result = summary(outcome, gx_version)
    write_text_atomic(
        folder / "validation.json",
        json.dumps(result, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
    )
    page = _TEMPLATES.get_template("validation.html.j2").render(v=result)
    return write_text_atomic(folder / "validation.html", page)


def read(project: Project, area: str, period: str) -> dict | None:
    path = project.report_dir(area, period) / "validation.json"
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))

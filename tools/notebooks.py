"""Writes the three shipped report notebooks in notebooks/ from one list of
parts, so the kinds share their cells and differ in the order of their
sections and what they call them, each following the published report it
is modelled on (shared/model-reports):

- learning-report: a final learning report (a We Are Undefeatable pilot's):
  the pilot and its context, the evidence (survey, training, delivery,
  partners), then what was learned, the legacy and the recommendations;
- system-impact: a system-impact story (Leap's): the context and the
  milestones, the system map and how it changed (its strategic impact), the funding
  it levered in, the workforce, partners' words, then the learning;
- progress-report: a six-month progress narrative (Move More Empowered
  Communities'): the aim, the key achievements and the delivery behind
  them, then the challenges and what will be tested next.

Each section begins with a cell calling `report.section(key, title)`, whose
metadata (`learnrep.section`, `learnrep.title`) lets the run arrange the
sections as the narrative and `outline:` ask (`report.outline`); a section
with neither data nor words shows nothing. Run after editing:
`python -m tools.notebooks`; tests/test_notebook.py checks the committed
notebooks match."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import nbformat

FRONT = """---
title: {title}
lang: en-GB
format:
  html:
    toc: true
    toc-depth: 2
    embed-resources: true
    anchor-sections: false
  typst:
    papersize: a4
    toc: true
    section-numbering: none
execute:
  echo: false
  warning: false
---"""

PARAMETERS = """# Papermill replaces these per area-period (see pipeline/execute.py).
area = "bolsover"
period = "2022-q1"
processed_dir = "data/processed/bolsover/2022-q1"
suppression_threshold = 5
provenance = {}
previous_period = "2021-h2"
previous_processed_dir = "data/processed/bolsover/2021-h2\""""

SETUP = """#| echo: false
from pipeline.report import Report

report = Report(
    processed_dir,
    suppression_threshold,
    provenance,
    previous_period,
    previous_processed_dir,
)"""


def H(text):  # noqa: N802 - reads as the heading it is
    return ("heading", text)


def C(call, label=None, caption=None):  # noqa: N802
    return ("call", call, label, caption)


PARTS = {
    "introduction": [C("introduction.text()"), C("introduction.key_figures()")],
    "context": [
        C("context.text()"),
        C("context.figure()", "fig-context", "The area against England, release by release"),
        C("context.table()", "tbl-context", "Published indicators: the area and England"),
    ],
    "survey": [
        C("survey.text()"),
        C("survey.respondents_figure()", "fig-respondents", "Respondents by age group"),
        C(
            "survey.respondents_table()",
            "tbl-respondents",
            "Who responded: age, gender and the language the survey was answered in",
        ),
        C("survey.levels_text()"),
        C(
            "survey.levels_figure()",
            "fig-activity-levels",
            "Activity levels: minutes of activity in a usual week, by Active Lives band",
        ),
        C("survey.levels_table()", "tbl-activity-levels", "Respondents by activity level"),
        C("survey.activities_text()"),
        C(
            "survey.activities_figure()",
            "fig-activities",
            "Activities people do now and would like to do",
        ),
        C(
            "survey.activities_table()",
            "tbl-activities",
            "Activities now and activities of interest (respondents could choose several)",
        ),
        C("survey.barriers_text()"),
        # Not "most common first": when a barrier is withheld they are not
        # ranked (the sentence above says when they are).
        C("survey.barriers_figure()", "fig-barriers", "Barriers to being more active"),
        C(
            "survey.barriers_table()",
            "tbl-barriers",
            "Respondents by barrier (they could choose several)",
        ),
        C("survey.health_text()"),
        C(
            "survey.health_figure()",
            "fig-health",
            "Whether a health condition prevents being more active",
        ),
        C(
            "survey.health_table()",
            "tbl-health",
            "A health condition prevents me being more active",
        ),
    ],
    "workforce": [
        C("workforce.text()"),
        C(
            "workforce.confidence_figure()",
            "fig-confidence",
            "Average confidence before and after the course, by workforce group",
        ),
        C(
            "workforce.confidence_table()",
            "tbl-confidence",
            "Confidence before and after the course, by workforce group",
        ),
        C("workforce.distance_text()"),
        C(
            "workforce.distance_figure()",
            "fig-distance",
            "Distance travelled: whether confidence improved, stayed the same or got worse",
        ),
        C(
            "workforce.distance_table()",
            "tbl-distance",
            "Distance travelled, participants with both scores",
        ),
        C("workforce.follow_up()"),
        C("quotes.training()"),
    ],
    "delivery": [
        C("delivery.text()"),
        C("delivery.figure()", "fig-delivery", "Sessions delivered, by organisation"),
        C("delivery.by_organisation()", "tbl-delivery-organisation", "Delivery by organisation"),
        C("delivery.by_activity()", "tbl-delivery-activity", "Delivery by activity"),
    ],
    "reach": [C("reach.text()")],
    "funding": [
        C("funding.text()"),
        # The statuses a period has are named in the figure's alt text; a
        # caption naming all four would name some the chart does not draw.
        C("funding.figure()", "fig-funding", "Funding by status"),
        C("funding.table()", "tbl-funding", "Funding by source and status"),
    ],
    "partners": [
        C("partners.text()"),
        C(
            "partners.figure()",
            "fig-partners",
            "Partners by how closely they are involved, with their sector",
        ),
        C("partners.table()", "tbl-partners", "Partners, their sector and engagement"),
    ],
    "milestones": [
        C("milestones.text()"),
        C("milestones.figure()", "fig-milestones", "Milestones over the period, by status"),
        C("milestones.table()", "tbl-milestones", "Milestones"),
    ],
    "recommendations": [
        C("recommendations.text()"),
        C("recommendations.table()", "tbl-recommendations", "Recommendations and their progress"),
    ],
    "quotes": [C("quotes.text()")],
    # Sections of the evaluators' words alone: the heading cell shows them.
    "what_worked": [],
    "challenges": [],
    "case_studies": [],
    "next_steps": [],
    "legacy": [],
    "about": [
        C("about.not_provided()"),
        C("about.method()"),
        C("about.disclosure()"),
        C("about.quality()"),
        C("about.provenance()"),
    ],
}

# Each kind: its title, and its sections in order as (heading, part).
KINDS = {
    "learning-report": (
        "Learning report",
        [
            ("Introduction", "introduction"),
            ("Context", "context"),
            ("Delivery", "delivery"),
            ("Reach", "reach"),
            ("Milestones", "milestones"),
            ("Community survey", "survey"),
            ("Workforce development", "workforce"),
            ("Partners", "partners"),
            ("Funding", "funding"),
            ("Case studies", "case_studies"),
            ("In their words", "quotes"),
            ("What worked", "what_worked"),
            ("Challenges", "challenges"),
            ("What we will test next", "next_steps"),
            ("Legacy", "legacy"),
            ("Recommendations", "recommendations"),
            ("About this report", "about"),
        ],
    ),
    "system-impact": (
        "System impact story",
        [
            ("Introduction", "introduction"),
            ("Context", "context"),
            ("Key milestones", "milestones"),
            ("System map and narrative", "partners"),
            ("Strategic impact", "what_worked"),
            ("Funding levered in", "funding"),
            ("Workforce development", "workforce"),
            ("Reach", "reach"),
            ("Delivery", "delivery"),
            ("Community survey", "survey"),
            ("Case studies", "case_studies"),
            ("What partners say", "quotes"),
            ("Challenges", "challenges"),
            ("Legacy", "legacy"),
            ("What we will test next", "next_steps"),
            ("Recommendations", "recommendations"),
            ("About this report", "about"),
        ],
    ),
    "progress-report": (
        "Progress report",
        [
            ("Introduction", "introduction"),
            ("Key achievements", "what_worked"),
            ("Delivery", "delivery"),
            ("Reach", "reach"),
            ("Progress against milestones", "milestones"),
            ("Funding", "funding"),
            ("Partners", "partners"),
            ("Case studies", "case_studies"),
            ("In their words", "quotes"),
            ("Challenges", "challenges"),
            ("What we will test next", "next_steps"),
            ("Recommendations", "recommendations"),
            ("Workforce development", "workforce"),
            ("Community survey", "survey"),
            ("Context", "context"),
            ("Legacy", "legacy"),
            ("About this report", "about"),
        ],
    ),
}


def _id(kind: str, source: str) -> str:
    return hashlib.sha1(f"{kind}\n{source}".encode()).hexdigest()[:8]


def _code(kind: str, part) -> nbformat.NotebookNode:
    _, call, label, caption = part
    lines = []
    if label:
        lines.append(f"#| label: {label}")
        if label.startswith("fig-"):
            lines.append(f'#| fig-cap: "{caption}"')
            lines.append(
                '#| fig-alt: "The finding this figure shows is filled in when the notebook runs."'
            )
        else:
            lines.append(f'#| tbl-cap: "{caption}"')
    lines += ["#| echo: false", f"report.{call}"]
    source = "\n".join(lines)
    return nbformat.v4.new_code_cell(source, id=_id(kind, source))


def heading_cell(kind: str, key: str, title: str) -> nbformat.NotebookNode:
    """The cell that begins a section: its heading and the evaluators' words
    for it, or nothing when it is empty. Its metadata names the section."""
    source = f"#| echo: false\nreport.section({json.dumps(key)}, {json.dumps(title)})"
    return nbformat.v4.new_code_cell(
        source, id=_id(kind, source), metadata={"learnrep": {"section": key, "title": title}}
    )


def notebook(kind: str) -> nbformat.NotebookNode:
    title, layout = KINDS[kind]
    front = FRONT.format(title=title)
    cells = [
        nbformat.v4.new_raw_cell(front, id=_id(kind, front)),
        nbformat.v4.new_code_cell(
            PARAMETERS, id=_id(kind, PARAMETERS), metadata={"tags": ["parameters"]}
        ),
        nbformat.v4.new_code_cell(SETUP, id=_id(kind, SETUP)),
    ]
    for heading, part in layout:
        cells.append(heading_cell(kind, part, heading))
        cells += [_code(kind, p) for p in PARTS[part]]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    return nb


def text(kind: str) -> str:
    return nbformat.writes(notebook(kind)) + "\n"


def main(argv: list[str] | None = None) -> int:
    folder = Path(argv[0] if argv else "notebooks")
    for kind in KINDS:
        (folder / f"{kind}.ipynb").write_text(text(kind), encoding="utf-8")
        print(f"wrote {folder / kind}.ipynb")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

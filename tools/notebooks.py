"""Writes the three shipped report notebooks in notebooks/ from one list of
parts, so the kinds share their cells and differ only in what they put
first and how they head it:

- learning-report: a final learning report (a We Are Undefeatable pilot's):
  aims, reach and the evidence, then what was learned and recommended;
- system-impact: a system-impact story (Leap's): the partners and how the
  system changed first, then reach, funding, the story over time;
- progress-report: a six-month progress narrative (Move More Empowered
  Communities'): milestones, delivery, reach and money against plan, then
  what is being learned and tried next.

Every kind shows every dataset present (with its plain sentence when
absent), so no kind drops data an evaluator provided. Run after editing:
`python -m tools.notebooks`; tests/test_notebook.py checks the committed
notebooks match."""

from __future__ import annotations

import hashlib
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
narrative_path = "data/raw/bolsover/2022-q1/narrative.md"
suppression_threshold = 5
provenance = {}
previous_period = "2021-h2"
previous_processed_dir = "data/processed/bolsover/2021-h2\""""

SETUP = """#| echo: false
from pipeline.report import Report

report = Report(
    processed_dir,
    narrative_path,
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
    "summary": [C("summary.text()")],
    "introduction": [C("introduction.text()")],
    "compare": [
        C("compare.text()"),
        C("compare.headline()", "tbl-compare-headline", "Headline figures: this period and the previous one"),
        C("compare.levels_figure()", "fig-compare-levels", "Activity levels in the previous period and this one"),
        C("compare.levels_table()", "tbl-compare-levels", "Respondents by activity level, both periods"),
        C("compare.barriers_figure()", "fig-compare-barriers", "Barriers to being more active in the previous period and this one"),
        C("compare.barriers_table()", "tbl-compare-barriers", "Barriers to being more active, both periods (respondents could choose several)"),
        C("compare.distance_figure()", "fig-compare-distance", "Distance travelled in the previous period and this one"),
        C("compare.distance_table()", "tbl-compare-distance", "Distance travelled, participants with both scores, both periods"),
    ],
    "context": [
        C("context.text()"),
        C("context.figure()", "fig-context", "The area against England, by release (adults inactive, under 30 minutes a week, where the file gives them)"),
        C("context.table()", "tbl-context", "Published indicators: the area and England"),
    ],
    "survey": [
        C("survey.text()"),
        C("survey.respondents_figure()", "fig-respondents", "Respondents by age group"),
        C("survey.respondents_table()", "tbl-respondents", "Who responded: age, gender and the language the survey was answered in"),
        C("survey.levels_text()"),
        C("survey.levels_figure()", "fig-activity-levels", "Activity levels: minutes of activity in a usual week, by Active Lives band"),
        C("survey.levels_table()", "tbl-activity-levels", "Respondents by activity level"),
        C("survey.activities_text()"),
        C("survey.activities_figure()", "fig-activities", "Activities people do now and would like to do"),
        C("survey.activities_table()", "tbl-activities", "Activities now and activities of interest (respondents could choose several)"),
        C("survey.barriers_text()"),
        C("survey.barriers_figure()", "fig-barriers", "Barriers to being more active, most common first"),
        C("survey.barriers_table()", "tbl-barriers", "Barriers to being more active (respondents could choose several)"),
        C("survey.health_text()"),
        C("survey.health_figure()", "fig-health", "Whether a health condition prevents being more active"),
        C("survey.health_table()", "tbl-health", "A health condition prevents me being more active"),
    ],
    "workforce": [
        C("workforce.text()"),
        C("workforce.confidence_figure()", "fig-confidence", "Mean confidence before and after the course, by workforce group"),
        C("workforce.confidence_table()", "tbl-confidence", "Confidence before and after the course, by workforce group"),
        C("workforce.distance_text()"),
        C("workforce.distance_figure()", "fig-distance", "Distance travelled: whether confidence improved, stayed the same or got worse"),
        C("workforce.distance_table()", "tbl-distance", "Distance travelled, participants with both scores"),
        C("workforce.follow_up()"),
        C("quotes.training()"),
    ],
    "delivery": [
        C("delivery.text()"),
        C("delivery.figure()", "fig-delivery", "Sessions delivered, by organisation"),
        C("delivery.by_organisation()", "tbl-delivery-organisation", "Delivery by organisation"),
        C("delivery.by_activity()", "tbl-delivery-activity", "Delivery by activity"),
    ],
    "reach": [
        C("reach.text()"),
        C("reach.figure()", "fig-reach", "Reach this period, counted in aggregate"),
        C("reach.table()", "tbl-reach", "Reach this period"),
    ],
    "funding": [
        C("funding.text()"),
        C("funding.figure()", "fig-funding", "Funding secured, applied for, unsuccessful and spent"),
        C("funding.table()", "tbl-funding", "Funding by source and status"),
    ],
    "partners": [
        C("partners.text()"),
        C("partners.figure()", "fig-partners", "Partners by how closely they work with the pilot, with their sector"),
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
    "what_worked": [C("learning.what_worked()")],
    "challenges": [C("learning.challenges()")],
    "case_studies": [C("learning.case_studies()")],
    "next_steps": [C("learning.next_steps()")],
    "legacy": [C("learning.legacy()")],
    "narrative": [C("narrative.text()")],
    "quality": [C("quality.text()")],
    "method": [C("quality.method()")],
}  # fmt: skip

KINDS = {
    "learning-report": ("Learning report", [
        ("Summary", "summary"), ("About the pilot", "introduction"),
        ("Compared with the previous period", "compare"), ("Reach", "reach"),
        ("Context", "context"), ("Community survey", "survey"),
        ("Workforce development", "workforce"), ("Delivery", "delivery"),
        ("Funding", "funding"), ("Partners", "partners"), ("Milestones", "milestones"),
        ("In their words", "quotes"), ("What worked", "what_worked"),
        ("Challenges", "challenges"), ("Case studies", "case_studies"),
        ("What we will test next", "next_steps"), ("Legacy", "legacy"),
        ("Recommendations", "recommendations"), ("The evaluators' words", "narrative"),
        ("Data quality", "quality"), ("Method and provenance", "method"),
    ]),
    "system-impact": ("System impact story", [
        ("Summary", "summary"), ("What the system set out to change", "introduction"),
        ("The system around the pilot", "partners"), ("How the system changed", "what_worked"),
        ("Case studies", "case_studies"), ("In their words", "quotes"),
        ("Reach", "reach"), ("Funding levered in", "funding"),
        ("The story over time", "milestones"), ("Workforce development", "workforce"),
        ("Challenges", "challenges"), ("Legacy", "legacy"),
        ("What we will test next", "next_steps"), ("Recommendations", "recommendations"),
        ("Delivery", "delivery"), ("Context", "context"), ("Community survey", "survey"),
        ("Compared with the previous period", "compare"),
        ("The evaluators' words", "narrative"),
        ("Data quality", "quality"), ("Method and provenance", "method"),
    ]),
    "progress-report": ("Progress report", [
        ("Summary", "summary"), ("About the programme", "introduction"),
        ("Progress against milestones", "milestones"), ("Delivery", "delivery"),
        ("Reach", "reach"), ("Funding", "funding"),
        ("Compared with the previous period", "compare"),
        ("What is working", "what_worked"), ("Challenges", "challenges"),
        ("What we will test next", "next_steps"), ("In their words", "quotes"),
        ("Case studies", "case_studies"), ("Recommendations", "recommendations"),
        ("Partners", "partners"), ("Workforce development", "workforce"),
        ("Community survey", "survey"), ("Context", "context"), ("Legacy", "legacy"),
        ("The evaluators' words", "narrative"),
        ("Data quality", "quality"), ("Method and provenance", "method"),
    ]),
}  # fmt: skip


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
        source = f"## {heading}"
        cells.append(nbformat.v4.new_markdown_cell(source, id=_id(kind, source)))
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

"""The raw-data contract (shared/contract.md) written once as data: the
kinds of column (`columns`), the datasets of section 1 (`datasets`) and of
section 4 (`learning`), and (here) every dataset by name and area.yml's and
period.yml's fields.

The loaders, the Great Expectations suites, the typed parquet, the templates
that `new-period` writes, the steward's page and the data dictionary
(docs/data-dictionary.md) all read these definitions, so a rule changed here
changes everywhere at once."""

from __future__ import annotations

from pipeline.contract.columns import MULTI_SELECT_SEPARATOR, ONS_CODE, Column, Dataset
from pipeline.contract.datasets import (
    ACTIVITIES,
    ACTIVITY_LEVELS,
    AGE_BANDS,
    BARRIERS,
    CONFIDENCE,
    DELIVERY,
    FOLLOW_UP,
    GENDERS,
    HEALTH,
    INACTIVE_LEVELS,
    INDICATOR_UNITS,
    INDICATORS,
    LANGUAGES,
    MILESTONE_STATUSES,
    MILESTONES,
    SURVEY,
    TRAINING,
)
from pipeline.contract.learning import (
    AT_LEAST_SUFFIX,
    CONSENT,
    FUNDING,
    FUNDING_STATUSES,
    OPEN_RECOMMENDATIONS,
    PARTNERS,
    QUOTES,
    REACH,
    REACH_PEOPLE,
    REACH_UNITS,
    RECOMMENDATION_STATUSES,
    RECOMMENDATIONS,
    SECTORS,
)

# Every dataset, in the order the steward's page and the data dictionary list them.
DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in (
        SURVEY,
        TRAINING,
        DELIVERY,
        INDICATORS,
        MILESTONES,
        REACH,
        FUNDING,
        RECOMMENDATIONS,
        QUOTES,
        PARTNERS,
    )
}

__all__ = [
    "ACTIVITIES",
    "AT_LEAST_SUFFIX",
    "ACTIVITY_LEVELS",
    "AGE_BANDS",
    "AREA_FIELDS",
    "BARRIERS",
    "CONFIDENCE",
    "CONSENT",
    "DATASETS",
    "DEFAULT_REPORT",
    "DELIVERY",
    "FOLLOW_UP",
    "FUNDING",
    "FUNDING_STATUSES",
    "GENDERS",
    "HEALTH",
    "INACTIVE_LEVELS",
    "INDICATORS",
    "INDICATOR_UNITS",
    "LANGUAGES",
    "MILESTONES",
    "MILESTONE_STATUSES",
    "MULTI_SELECT_SEPARATOR",
    "ONS_CODE",
    "OPEN_RECOMMENDATIONS",
    "PARTNERS",
    "PERIOD_FIELDS",
    "QUOTES",
    "REACH",
    "REACH_PEOPLE",
    "REACH_UNITS",
    "RECOMMENDATIONS",
    "RECOMMENDATION_STATUSES",
    "REPORT_KINDS",
    "SECTORS",
    "SURVEY",
    "TRAINING",
    "Column",
    "Dataset",
    "report_kind",
]

AREA_FIELDS = {
    "name": True,
    "programme": True,
    "lead_organisation": False,
    "la_code": False,
    "region": False,
    "synthetic": False,
    "report": False,  # which notebook in notebooks/ makes the reports
    "grant_gbp": False,
    "aims": False,
    "outline": False,  # the report's sections in the order wanted (contract section 5)
}
PERIOD_FIELDS = {"label": True, "start": True, "end": True, "previous": False, "report": False}
PERIOD_FIELDS["outline"] = False  # wins over area.yml's
# What each field of area.yml and period.yml holds, and an example, for the
# data dictionary.
AREA_WORDS = {
    "name": ("The area's name as the reports show it.", "Bolsover (Shirebrook)"),
    "programme": ("The programme the pilot is part of.", "We Are Undefeatable"),
    "lead_organisation": ("The organisation that leads the pilot.", "BCVS (Bolsover Together)"),
    "la_code": ("The local authority's ONS code.", "E07000033"),
    "region": ("The region.", "East Midlands"),
    "synthetic": ("true for made-up sample data.", "true"),
    "report": (
        "The kind of report (a notebook in notebooks/): learning-report (the default), "
        "system-impact or progress-report.",
        "learning-report",
    ),
    "grant_gbp": ("The grant, in whole pounds.", "75000"),
    "aims": ("The pilot's aims, one `- ` line each.", "- Reach Polish-speaking residents"),
    "outline": (
        "The report's sections in the order wanted, one `- ` line each: the titles the "
        "report gives them, or the narrative's own headings (docs/reports.md).",
        "- Introduction",
    ),
}
PERIOD_WORDS = {
    "label": ("The report's subtitle.", "Final learning report (Nov 2021 - Mar 2022)"),
    "start": ("The period's first day, YYYY-MM-DD.", "2021-11-01"),
    "end": ("The period's last day, YYYY-MM-DD, not before start.", "2022-03-31"),
    "previous": ("The period to compare with: its folder's name.", "2021-h2"),
    "report": ("The kind of report, overriding area.yml's.", "progress-report"),
    "outline": ("The report's sections in the order wanted, overriding area.yml's.", "- Context"),
}
REPORT_KINDS = ("learning-report", "system-impact", "progress-report")  # shipped notebooks
DEFAULT_REPORT = "learning-report"


def report_kind(area_meta: dict, period_meta: dict) -> str:
    """Which notebook makes an area-period's report: period.yml's `report:`
    wins over area.yml's, and learning-report is the default."""
    return period_meta.get("report") or area_meta.get("report") or DEFAULT_REPORT

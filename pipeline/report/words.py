"""How the report words things: dataset names, dates, lists, numbers."""

from __future__ import annotations

import pandas as pd

from pipeline.report.disclosure import WITHHELD

DATASET_NAMES = {
    "survey": "community survey",
    "training": "workforce training returns",
    "delivery": "delivery figures",
    "indicators": "Active Lives context indicators",
    "milestones": "milestones",
}
DIRECTION_WORDS = {"improved": "improved", "same": "stayed the same", "worse": "got worse"}
INDICATOR_NAMES = {"inactive_pct": "Inactive adults (%)", "active_pct": "Active adults (%)"}
LANGUAGE_NAMES = {"en": "English", "pl": "Polish", "ro": "Romanian", "other": "Another language"}


def the(shown: str) -> str:
    """A published count after "of" or "for": "the 192", "about 120", "a
    withheld number of"."""
    if shown.startswith("about "):
        return shown
    return "a withheld number of" if shown == WITHHELD else f"the {shown}"


def join(items: list[str], last: str = "and") -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def date(value) -> str:
    return pd.Timestamp(value).strftime("%-d %B %Y")


def number(value) -> str:
    return "not given" if pd.isna(value) else f"{float(value):.1f}"


def optional(values: pd.Series) -> list[float | None]:
    return [None if pd.isna(v) else float(v) for v in values]


def score(text: str) -> float | None:
    """A published mean or median back as a number; None where it is withheld."""
    return None if text == WITHHELD else float(text)

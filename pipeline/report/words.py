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
    "reach": "reach figures",
    "funding": "funding records",
    "recommendations": "recommendations",
    "quotes": "quotes",
    "partners": "partner records",
}
DIRECTION_WORDS = {"improved": "improved", "same": "stayed the same", "worse": "got worse"}
INDICATOR_NAMES = {
    "inactive_pct": "Inactive adults (%)",
    "active_pct": "Active adults (%)",
    "fairly_active_pct": "Fairly active adults (%)",
}
LANGUAGE_NAMES = {"en": "English", "pl": "Polish", "ro": "Romanian", "other": "Another language"}


def the(shown: str, noun: str = "") -> str:
    """A published count after "of" or "for", before a clause ("who
    answered") or a plural `noun`: "the 192", "about 120", "fewer than 5",
    "a withheld number (of returns)", "the 1 return"."""
    if shown.startswith("about "):
        found = shown
    elif shown == WITHHELD:
        found = "a withheld number of" if noun else "a withheld number"
    elif shown.startswith("<"):
        found = f"fewer than {shown[1:]}"
    else:
        found = f"the {shown}"
    if noun and shown == "1":
        noun = noun.removesuffix("s")
    return f"{found} {noun}" if noun else found


# Active Lives bands as a chart's labels and mid-sentence ("None min" reads as nothing).
LEVEL_LABELS = {"None": "None (0 min)", "Under 30": "Under 30 min", "30-149": "30-149 min",
                "150+": "150+ min"}  # fmt: skip
LEVEL_WORDS = {"None": "no activity at all", "Under 30": "under 30 minutes",
               "30-149": "30 to 149 minutes", "150+": "150 minutes or more"}  # fmt: skip


def mid(text: str) -> str:
    """An option's name as it reads mid-sentence: "then my health", "2
    voluntary and community"; acronyms (NHS) and names stay as written."""
    if len(text) > 1 and (text[1].isupper() or text[1].isdigit()):
        return text
    return text[:1].lower() + text[1:]


def either(names: list[str]) -> str:
    """Categories shown together, as one name: "Same or worse", "61-80 or 80+"."""
    return join([names[0]] + [mid(n) for n in names[1:]], "or")


def named(share, names: dict | None = None) -> str:
    """A share's name with each of its categories named from `names`."""
    names = names or {}
    return either([names.get(p, p) for p in share.parts]) if share.parts else share.category


def subject(shown: str) -> str:
    """A published count as a sentence's subject: "12 said", "a withheld
    number said"."""
    return "a withheld number" if shown == WITHHELD else shown


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


def indicator_name(code: str) -> str:
    """An indicator's name: known codes as the contract's readers say them,
    any other code made readable (`anxiety_pct` -> "Anxiety (%)")."""
    if code in INDICATOR_NAMES:
        return INDICATOR_NAMES[code]
    words_ = code.replace("-", "_").split("_")
    percent = words_[-1] == "pct"
    text = " ".join(w for w in (words_[:-1] if percent else words_) if w)
    text = text[:1].upper() + text[1:]
    return f"{text} (%)" if percent else text

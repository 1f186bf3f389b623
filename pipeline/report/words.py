"""How the report words things: dataset names, dates, lists, numbers, and
counts that may be published exactly, as `<5`, rounded ("about 45") or not
at all ("withheld"). Every generated sentence is built from these so that it
reads as plain English whichever a figure is (tests/test_wording.py tries
each sentence with a figure withheld, zero, one and many)."""

from __future__ import annotations

import pandas as pd

from pipeline.report.disclosure import WITHHELD

DATASET_NAMES = {
    "survey": "community survey",
    "training": "training records",
    "delivery": "delivery records",
    "indicators": "published indicators",
    "milestones": "milestones",
    "reach": "reach figures",
    "funding": "funding records",
    "recommendations": "recommendations",
    "quotes": "quotes",
    "partners": "partner list",
}
DIRECTION_WORDS = {"improved": "improved", "same": "stayed the same", "worse": "got worse"}
INDICATOR_NAMES = {
    "inactive_pct": "Inactive adults (%)",
    "active_pct": "Active adults (%)",
    "fairly_active_pct": "Fairly active adults (%)",
}
LANGUAGE_NAMES = {"en": "English", "pl": "Polish", "ro": "Romanian", "other": "Another language"}
# Names kept as written mid-sentence ("Polish or Romanian").
PROPER_NAMES = frozenset(LANGUAGE_NAMES.values()) - {"Another language"}


PROTECTED = "to protect small numbers"


def the(shown: str) -> str:
    """A published count after "of" or "for": "the 192", "about 120",
    "fewer than 5"; a count not published reads as "those" ("Of those who
    answered")."""
    if shown.startswith("about "):
        return shown
    if shown.startswith("<"):
        return f"fewer than {shown[1:]}"
    return "those" if shown == WITHHELD else f"the {shown}"


def counted(n: int | str, singular: str, plural: str | None = None) -> str:
    """A count with its noun: "1 partner", "2 partners", "<5 coaches",
    "about 45 participants"; one not published reads "a number of coaches
    (not published, to protect small numbers)"."""
    many = plural or singular + "s"
    if isinstance(n, int):
        return f"{n:,} {noun(n, singular, plural)}"
    if n == WITHHELD:
        return f"a number of {many} (not published, {PROTECTED})"
    return f"{n} {noun(n, singular, plural)}"


def noun(n: int | str, singular: str, plural: str | None = None) -> str:
    return singular if n == 1 or n == "1" else (plural or singular + "s")


# Active Lives bands as a chart's labels and mid-sentence ("None min" reads as nothing).
LEVEL_LABELS = {
    "None": "None (0 min)",
    "Under 30": "Under 30 min",
    "30-149": "30-149 min",
    "150+": "150+ min",
}
LEVEL_WORDS = {
    "None": "no activity at all",
    "Under 30": "under 30 minutes",
    "30-149": "30 to 149 minutes",
    "150+": "150 minutes or more",
}


def mid(text: str) -> str:
    """An option's name as it reads mid-sentence: "then walking", "2
    voluntary and community"; acronyms (NHS) and names stay as written,
    and an option in the respondent's own voice is quoted as they read it
    ("then “My health”": "then my health" read as the writer's own)."""
    if text.startswith(("My ", "I ")):
        return f"“{text}”"
    if text in PROPER_NAMES or len(text) > 1 and (text[1].isupper() or text[1].isdigit()):
        return text
    return text[:1].lower() + text[1:]


def either(names: list[str]) -> str:
    """Categories shown together, as one name: "Same or worse", "61-80 or 80+"."""
    return join([names[0]] + [mid(n) for n in names[1:]], "or")


def named(share, names: dict | None = None) -> str:
    """A share's name with each of its categories named from `names`."""
    names = names or {}
    return either([names.get(p, p) for p in share.parts]) if share.parts else share.category


def join(items: list[str], last: str = "and") -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


_SPELLED = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def spelled(n: int) -> str:
    """A small whole number in words, as prose gives it ("four milestones");
    11 and more in figures."""
    return _SPELLED[n] if 0 <= n < len(_SPELLED) else f"{n:,}"


def date(value) -> str:
    return pd.Timestamp(value).strftime("%-d %B %Y")


def month(value) -> str:
    """ "August 2017": for a date given as a month, never a false day."""
    return pd.Timestamp(value).strftime("%B %Y")


def when(value, precision: str | None = "day") -> str:
    """A date as its precision allows: "1 August 2017" or "August 2017"."""
    return month(value) if precision == "month" else date(value)


def number(value) -> str:
    return "not given" if pd.isna(value) else f"{float(value):.1f}"


def optional(values: pd.Series) -> list[float | None]:
    return [None if pd.isna(v) else float(v) for v in values]


def score(text: str) -> float | None:
    """A published mean or median back as a number; None where it is withheld."""
    return None if text == WITHHELD else float(text)


def indicator_name(code: str, unit: str = "%") -> str:
    """An indicator's name: known codes as the contract's readers say them,
    any other code made readable (`anxiety_pct` -> "Anxiety (%)"), with its
    unit when it is not a percentage (`deaths`, per 100,000 -> "Deaths (per
    100,000)")."""
    if code in INDICATOR_NAMES:
        return INDICATOR_NAMES[code]
    words_ = code.replace("-", "_").split("_")
    percent = words_[-1] == "pct"
    text = " ".join(w for w in (words_[:-1] if percent else words_) if w)
    text = text[:1].upper() + text[1:]
    if percent or unit == "%":
        return f"{text} (%)"
    return text if unit == "count" else f"{text} ({unit})"


def in_unit(value, unit: str = "%") -> str:
    """A value as its unit reads: "39.6%", "412.3 per 100,000", "£1,250",
    "1,204" (a count), "7.2" (a score)."""
    if pd.isna(value):
        return "not given"
    value = float(value)
    if unit == "%":
        return f"{value:.1f}%"
    if unit == "per 100,000":
        return f"{value:,.1f} per 100,000"
    if unit == "£":
        return f"£{value:,.0f}"
    if unit == "count":
        return f"{value:,.0f}"
    return f"{value:,.1f}"

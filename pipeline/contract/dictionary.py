"""The data dictionary: every dataset, column, type, allowed value, rule and
example of the contract, in words, made from the definitions that the
loaders and the Great Expectations suites enforce. It is written to
docs/data-dictionary.md (`python -m tools.dictionary`) and, one dataset at
a time, to the guide sheet of each workbook template `new-period --format
xlsx` writes; tests/test_dictionary.py fails when either drifts from here."""

from __future__ import annotations

from pipeline.contract import (
    AREA_FIELDS,
    AREA_WORDS,
    DATASETS,
    MULTI_SELECT_SEPARATOR,
    PERIOD_FIELDS,
    PERIOD_WORDS,
    Column,
    Dataset,
)

GUIDE_SHEET = "guide"  # a workbook template's second sheet; never read as data
HEADINGS = (
    "column",
    "type",
    "must be filled in",
    "allowed values and rules",
    "example",
    "what it holds",
)

_TYPES = {
    "id": "text (an id)",
    "text": "text",
    "enum": "one value from a list",
    "multi": f"answers from a list, separated by {MULTI_SELECT_SEPARATOR}",
    "int": "whole number",
    "decimal": "number",
    "date": "date",
    "code": "ONS geography code",
    "slug": "short name",
}


def filled(column: Column) -> str:
    if column.required:
        return "yes"
    return "no (may be blank)"


def rules(column: Column, dataset: Dataset) -> str:
    """Every rule validation applies to the column, in words."""
    free = column.kind in ("text", "id") and not column.names_row_by
    said = [] if free else [column.expected()]
    if column.in_period:
        said.append("a date outside the reporting period is a warning")
    if dataset.unique == (column.name,):
        said.append(f"each {column.name} appears once")
    elif column.name in dataset.unique:
        said.append(f"each combination of {' and '.join(dataset.unique)} appears once")
    if dataset.ordered and column.name == dataset.ordered[1]:
        said.append(f"on or after {dataset.ordered[0]}")
    if column.may_be_absent:
        said.append("the column may be left out of the file (added in contract section 5)")
    return "; ".join(said) or "any text"


def rows(dataset: Dataset) -> list[tuple[str, ...]]:
    """The dataset's columns, one row each, under HEADINGS."""
    return [
        (c.name, _TYPES[c.kind], filled(c), rules(c, dataset), c.example, c.description)
        for c in dataset.columns
    ]


def _cell(text: str) -> str:
    return text.replace("|", "\\|") if text else " "


def _table(headings, lines) -> list[str]:
    return [
        "| " + " | ".join(headings) + " |",
        "|" + "---|" * len(headings),
        *("| " + " | ".join(_cell(c) for c in line) + " |" for line in lines),
    ]


def markdown() -> str:
    """docs/data-dictionary.md, whole."""
    out = [
        "# Data dictionary",
        "",
        "<!-- Generated from pipeline/contract/ by `python -m tools.dictionary`; do not edit: "
        "tests/test_dictionary.py fails when this file and the code differ. -->",
        "",
        "What an evaluator puts in `data/raw/<area>/<period>/`, column by column, as",
        "validation checks it. The same guide is the `guide` sheet of every workbook",
        "template (`learnrep new-period --format xlsx`).",
        "",
        "- Each dataset is optional: a file `<dataset>.csv` or `<dataset>.xlsx` (its first",
        "  sheet), not both. A file with a header row and no data counts as absent.",
        "- Every column must be in the file, named in its header row (any case), even",
        '  where its cells may be blank; only those marked "may be left out" may be',
        "  missing. A column the contract does not name is dropped unread, with a warning.",
        '- A rule broken on an "allowed values and rules" line fails validation (the report',
        "  is not rebuilt), unless it says it is a warning.",
        "- Allowed values match ignoring case; multi-select answers are separated by "
        f"`{MULTI_SELECT_SEPARATOR}`.",
        "",
        "Datasets: " + ", ".join(f"[{name}](#{name})" for name in DATASETS) + ".",
        "",
    ]
    for name, dataset in DATASETS.items():
        out += [f"## {name}", "", f"`{name}.csv` or `{name}.xlsx`. {dataset.description}", ""]
        out += _table(HEADINGS, rows(dataset)) + [""]
    for file, fields, words in (
        ("area.yml", AREA_FIELDS, AREA_WORDS),
        ("period.yml", PERIOD_FIELDS, PERIOD_WORDS),
    ):
        where = "`data/raw/<area>/`" if file == "area.yml" else "`data/raw/<area>/<period>/`"
        out += [
            f"## {file}",
            "",
            f"In {where}, as `field: value` lines (YAML). A field not listed here is an "
            "error naming the closest listed one (a misspelt optional field was once "
            "ignored without a word).",
            "",
        ]
        lines = [
            (name, "yes" if required else "no", words[name][1], words[name][0])
            for name, required in fields.items()
        ]
        out += _table(("field", "required", "example", "what it holds"), lines) + [""]
    return "\n".join(out)

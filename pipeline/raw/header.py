"""A dataset file's header row: each cell matched to a contract column
(ignoring case and spaces), a blank or repeated cell refused with the row
and column a person sees, and each missing column's likely misnamed header."""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING

from pipeline.contract import Dataset
from pipeline.errors import InputError
from pipeline.raw.values import clean_text

if TYPE_CHECKING:
    import pandas as pd


def match_header(header: list[str], dataset: Dataset, shown: str, header_row: int = 1) -> list[str]:
    """Header cells matched to contract names ignoring case and spaces."""
    contract = {name.lower(): name for name in dataset.column_names}
    names, seen = [], {}
    for position, cell in enumerate(header):
        cell = str(cell).strip().lstrip("\ufeff")
        letter = _column_letter(position)
        if not cell:
            raise InputError(
                "the header cell is blank (a merged or empty header cell); "
                "give every column its contract name in one header row",
                file=shown,
                row=header_row,
                column=letter,
            )
        name = contract.get(cell.lower().replace(" ", "_"), cell)
        if name in seen:
            raise InputError(
                f"the column appears twice (spreadsheet columns {seen[name]} and {letter}); "
                "keep one",
                file=shown,
                row=header_row,
                column=name,
            )
        seen[name] = letter
        names.append(name)
    return names


def _column_letter(position: int) -> str:
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def trim_trailing_blank_columns(header: list[str], body: pd.DataFrame, shown: str):
    """Excel often saves empty columns after the last one; drop them if truly empty."""
    keep = len(header)
    while keep and not str(header[keep - 1]).strip():
        if clean_text(body.iloc[:, keep - 1]).notna().any():
            break
        keep -= 1
    return header[:keep], body.iloc[:, :keep]


def likely_misnamed(dataset: Dataset, missing: list[str], unknown: list[str]) -> dict[str, str]:
    """Which unknown column is each missing one, misnamed (`minutes` for
    minutes_per_week): the closest in spelling; or, when just one column
    that must be there is missing and just one is unknown, that one, as
    that is almost always a column renamed. A column that may be left out
    (`may_be_absent`) is matched on a closer spelling only: leaving it out
    is allowed, misspelling it is not."""
    left = {_spelling(name): name for name in unknown}
    found = {}
    for name in missing:
        cutoff = 0.7 if dataset.column(name).may_be_absent else 0.6
        close = difflib.get_close_matches(name, list(left), n=1, cutoff=cutoff)
        if close:
            found[name] = left.pop(close[0])
    needed = [n for n in missing if n not in found and not dataset.column(n).may_be_absent]
    if len(needed) == 1 and len(left) == 1:
        found[needed[0]] = next(iter(left.values()))
    return found


def _spelling(name: str) -> str:
    return re.sub(r"[\s-]+", "_", name.strip().lower())

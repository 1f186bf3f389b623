"""Excel workbooks (first sheet) read as the text a person sees in each cell,
so a workbook and a CSV of the same data validate alike."""

from __future__ import annotations

import datetime as dt
import zipfile
import zlib
from pathlib import Path
from xml.etree.ElementTree import ParseError

from pipeline.contract.dictionary import GUIDE_SHEET
from pipeline.errors import InputError


def read_workbook(path: Path, shown: str):
    import openpyxl  # only workbooks pay for this import
    import pandas as pd
    from openpyxl.utils.exceptions import InvalidFileException

    # What openpyxl raises for a file that is not a workbook, or a broken one:
    # not a zip, a zip without the workbook's parts, parts that are not XML,
    # or parts whose compressed bytes are damaged (read only as rows are read).
    not_a_workbook = (
        InvalidFileException,
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        ParseError,
        zlib.error,
        EOFError,
    )
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        notes, rows = _first_sheet(workbook, shown)
    except not_a_workbook as exc:
        raise InputError(
            f"cannot be opened as an Excel workbook ({type(exc).__name__})", file=shown
        ) from None
    first = next((i for i, r in enumerate(rows) if any(_cell_text(c) for c in r)), None)
    if first is None:
        raise InputError("the first sheet is empty (not even a header row)", file=shown)
    header = [_cell_text(c) for c in rows[first]]
    width = max([len(header)] + [len(r) for r in rows[first + 1 :]])
    body = pd.DataFrame(
        [[_cell_text(c) for c in (r + [None] * width)[:width]] for r in rows[first + 1 :]],
        columns=range(width),
        dtype=str,
    )
    header = header + [""] * (width - len(header))
    return header, body, first + 2, None, notes, False


def _first_sheet(workbook, shown: str) -> tuple[list[str], list[list]]:
    """The first sheet's rows, and a note naming any other sheet."""
    try:
        sheet = workbook.worksheets[0]
        notes = []
        # The template's guide sheet is learnrep's own: not a sheet to mention.
        extra = [ws.title for ws in workbook.worksheets[1:] if ws.title != GUIDE_SHEET]
        if extra:
            others = ", ".join(repr(title) for title in extra)
            notes.append(
                f"{shown}: only the first sheet {sheet.title!r} was read; ignored sheet(s) {others}"
            )
        return notes, [[_as_shown(cell) for cell in r] for r in sheet.iter_rows()]
    finally:
        workbook.close()


def _as_shown(cell):
    """A cell's value as its format shows it: a cell showing 38.1% holds
    0.381, which a newcomer's report once published as 0.4%."""
    value = cell.value
    percent = "%" in (getattr(cell, "number_format", None) or "")
    if percent and isinstance(value, (int, float)) and not isinstance(value, bool):
        return round(value * 100, 10)
    return value


def _cell_text(value) -> str:
    """Workbook cells as the text a person sees, so both formats validate alike."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)

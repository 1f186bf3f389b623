"""Cell values normalised to the contract's spelling: dates to ISO, numbers
without thousands separators, choices to their canonical case. Each distinct
value is converted once, since surveys repeat a few values many times."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from pipeline.contract import MULTI_SELECT_SEPARATOR, Column
from pipeline.errors import InputError

if TYPE_CHECKING:  # pandas is imported only where tables are read
    import pandas as pd


def clean_text(values: pd.Series) -> pd.Series:
    """Trimmed text with blanks as missing, in pandas' compact string dtype."""
    text = values.fillna("").astype(str).str.strip()
    return text.where(text.ne(""))


def clean_text_frame(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.apply(clean_text)


def by_distinct(values: pd.Series, convert) -> pd.Series:
    """`convert` (a vectorised conversion of a Series) applied to each
    distinct value once and spread back over the rows, missing staying
    missing: the same result as converting every row, in a fraction of the
    time on a survey (a million rows of a number column: 0.13 s to 0.03 s)."""
    import pandas as pd

    codes, distinct = pd.factorize(values)  # a missing value's code is -1
    converted = convert(pd.Series(distinct))
    return pd.Series(converted.array.take(codes, allow_fill=True), index=values.index)


def normalise(values: pd.Series, column: Column, decimal_comma: bool = False) -> pd.Series:
    """Map each distinct value once (surveys repeat a few values many times)."""
    import pandas as pd

    convert = _NORMALISERS.get(column.kind)
    if decimal_comma and column.kind in ("int", "decimal"):
        convert = _comma_decimal_number
    if convert is None:
        return values
    codes, distinct = pd.factorize(values)  # a missing value's code is -1
    converted = [convert(v, column) for v in distinct]
    if converted == list(distinct):
        return values  # already as the contract writes them, as most files are
    return pd.Series(pd.array(converted + [None], dtype="str").take(codes), index=values.index)


def _canonical_choice(value: str, column: Column) -> str:
    by_lower = {a.lower(): a for a in column.allowed}
    return by_lower.get(value.lower(), value)


def _canonical_multi(value: str, column: Column) -> str | None:
    answers = [_canonical_choice(a.strip(), column) for a in value.split(MULTI_SELECT_SEPARATOR)]
    joined = MULTI_SELECT_SEPARATOR.join(a for a in answers if a)
    return joined or None


_DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y")


_MONTH_FORMATS = ("%Y-%m", "%m/%Y", "%b %Y", "%B %Y")


def _iso_date(value: str, column: Column) -> str:
    """ISO or UK day-first dates to ISO; never month-first. Where the column
    allows a month, "2017-08", "08/2017", "Aug 2017" and "August 2017" are
    the month 2017-08. A value that is not a real date stays as written so
    the steward sees what was typed."""
    if column.months:
        for fmt in _MONTH_FORMATS:
            try:
                return dt.datetime.strptime(value.strip(), fmt).strftime("%Y-%m")
            except ValueError:
                continue
    for fmt in _DATE_FORMATS:
        try:
            parsed = dt.datetime.strptime(value, fmt)
        except ValueError:
            continue
        if fmt.endswith("%H:%M:%S") and parsed.time() != dt.time():
            return value
        return parsed.date().isoformat()
    return value


def _plain_number(value: str, column: Column) -> str:
    """Excel's display forms of a number: '£36,000' and '1,200' mean 36000 and
    1200 ('1,200+' means 1200+ where a number may be written at least N)."""
    if column.plus and value.rstrip().endswith("+"):
        number = _plain_number(value.rstrip()[:-1], Column(column.name, column.kind))
        return f"{number}+" if number != value.rstrip()[:-1] else value
    stripped = value.removeprefix("£").strip()
    # Only commas that group thousands ('1,200', '12,345,678.5') are dropped:
    # '5000,50' is a decimal comma in a comma-separated file (£5,000.50, not
    # £500,050), and is left as written, for validation to refuse.
    if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", stripped):
        stripped = stripped.replace(",", "")
    return stripped if re.fullmatch(r"-?\d+(\.\d+)?", stripped) else value


def _comma_decimal_number(value: str, column: Column) -> str:
    """European Excel's numbers: '1.500,50' and '1500,5' mean 1500.50 and 1500.5."""
    if column.plus and value.rstrip().endswith("+"):
        number = _comma_decimal_number(value.rstrip()[:-1], Column(column.name, column.kind))
        return f"{number}+" if number != value.rstrip()[:-1] else value
    stripped = value.removeprefix("£").replace(" ", "").replace("\u00a0", "")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", stripped):
        stripped = stripped.replace(".", "")
    if re.fullmatch(r"-?\d+(,\d+)?", stripped):
        return stripped.replace(",", ".")
    return _plain_number(value, column)


_SLASHED = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def day_month_order(values: pd.Series, column: Column, shown: str) -> list[str]:
    """Dates such as 03/02/2022 are read day-first, as UK spreadsheets write
    them. If the same column also holds a date that only makes sense
    month-first (12/25/2021), the file may be American, and no date in it
    that could go either way is guessed at: that is an error. Otherwise a
    warning says how the ambiguous dates were read."""
    first_row = {value: int(row) for row, value in values.dropna().drop_duplicates().items()}
    month_first, ambiguous = [], []
    for value in first_row:  # in order of first appearance
        shape = _SLASHED.fullmatch(value)
        if shape is None:
            continue
        first, second = int(shape[1]), int(shape[2])
        if first <= 12 < second <= 31:
            month_first.append(value)
        elif first <= 12 and second <= 12 and first != second:
            ambiguous.append(value)
    if not ambiguous:
        return []
    example = ambiguous[0]
    if month_first:
        american = month_first[0]
        raise InputError(
            f'"{example}" could be day-first or month-first, and this column also has '
            f'month-first dates such as "{american}" (row {first_row[american]}); '
            "write every date as YYYY-MM-DD",
            file=shown,
            row=first_row[example],
            column=column.name,
        )
    count = int(values.isin(ambiguous).sum())
    read_as = _iso_date(example, column)
    return [
        f"{shown} row {first_row[example]}, column {column.name}: {count} date"
        f'{"s" if count != 1 else ""} such as "{example}" could be day-first or '
        f"month-first and were read day-first ({read_as}), as UK spreadsheets write them; "
        "write YYYY-MM-DD to be certain"
    ]


_NORMALISERS = {
    "enum": _canonical_choice,
    "multi": _canonical_multi,
    "date": _iso_date,
    "int": _plain_number,
    "decimal": _plain_number,
}

"""The dataset files of an area-period (.csv or .xlsx) as text by spreadsheet
row. A table comes back exactly as the evaluator wrote it (trimmed, with
blanks as missing), indexed by its spreadsheet row number (header = row 1), so
validation can point at the row a person sees in Excel. Only contract columns
keep their values: an unknown column's values are dropped here, on reading,
because they may hold personal data."""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.config import Project
from pipeline.contract import Dataset
from pipeline.discover import AreaPeriod
from pipeline.errors import InputError
from pipeline.raw.header import likely_misnamed, match_header, trim_trailing_blank_columns
from pipeline.raw.inventory import inventory
from pipeline.raw.paths import display_path
from pipeline.raw.values import clean_text, clean_text_frame, day_month_order, normalise
from pipeline.raw.workbook import read_workbook

if TYPE_CHECKING:  # pandas is imported where tables are read: a run with
    import pandas as pd  # nothing to rebuild reads only YAML and hashes

_SNIFF_BYTES = 8192
_BLANK = re.compile(rb"[ \t\r\n\xef\xbb\xbf]*")  # a file of these is empty


@dataclass
class RawTable:
    dataset: Dataset
    path: Path
    frame: pd.DataFrame  # contract columns present in the file, plus unknown ones emptied
    encoding: str | None = None  # None for workbooks
    missing: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    # A missing column -> the unknown column that is most likely it, misnamed.
    misnamed: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # warnings about how the file was read

    @property
    def rows(self) -> int:
        return len(self.frame)

    @property
    def is_template(self) -> bool:
        """A header row and no data: an unfilled template, which counts as absent."""
        return self.rows == 0


def find_table(project: Project, ap: AreaPeriod, dataset: Dataset) -> Path | None:
    """The dataset's file in the area-period's folder (`inventory`), or None."""
    return inventory(project, ap).table(project, dataset.name)


def read_table(
    project: Project, path: Path, dataset: Dataset, max_mb: float | None = None
) -> RawTable:
    """One dataset file as text by spreadsheet row. A file over `max_mb`
    megabytes is refused before it is read: it is more likely a wrong export
    than a survey, and reading it would take minutes and gigabytes."""
    import pandas as pd

    shown = display_path(project, path)
    size_mb = path.stat().st_size / 1e6
    if max_mb is not None and size_mb > max_mb:
        raise InputError(
            f"is {size_mb:,.0f} MB, over the {max_mb:g} MB limit for one file; check it is the "
            "right export, or raise max_raw_file_mb in params.yaml",
            file=shown,
        )
    reader = read_workbook if path.suffix.lower() == ".xlsx" else _read_csv
    header, body, first_row, encoding, notes, decimal_comma = reader(path, shown)
    header, body = trim_trailing_blank_columns(header, body, shown)
    body.columns = match_header(header, dataset, shown, header_row=first_row - 1)
    body.index = pd.RangeIndex(first_row, first_row + len(body))

    known = [c for c in dataset.columns if c.name in body.columns]
    unknown = [name for name in body.columns if name not in dataset.column_names]
    texts = {c.name: clean_text(body[c.name]) for c in known}
    for column in known:
        if column.kind == "date":
            notes += day_month_order(texts[column.name], column, shown)
    tidy = pd.DataFrame(
        {c.name: normalise(texts[c.name], c, decimal_comma) for c in known}, index=body.index
    )
    filled = tidy.notna().any(axis=1) if known else clean_text_frame(body).notna().any(axis=1)
    tidy = tidy[filled]
    for name in unknown:
        # The name is kept so validation can warn about it; the values never leave here.
        tidy[name] = pd.Series(pd.NA, index=tidy.index, dtype="str")
    missing = [c.name for c in dataset.columns if c.name not in body.columns]
    misnamed = likely_misnamed(dataset, missing, unknown)
    return RawTable(dataset, path, tidy, encoding, missing, unknown, misnamed, notes)


def _read_csv(path: Path, shown: str):
    import pandas as pd

    data = path.read_bytes()
    empty = InputError(
        "the file is empty (not even a header row); delete it if there is "
        "no data, or use `learnrep new-period` to make a template",
        file=shown,
    )
    if _BLANK.fullmatch(data):
        raise empty
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise InputError(
            "is not a CSV text file (it holds binary data); save it from Excel as 'CSV UTF-8'",
            file=shown,
        )
    text, encoding = decode(data, shown)
    found = _header_line(text)
    if found is None:  # only separators and blanks
        raise empty
    leading_blank, header_line = found
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    # UTF-8 as read (without its BOM) is the text encoded again: not a third copy.
    if encoding == "utf-8":
        utf8 = data
    elif encoding == "utf-8-sig":
        utf8 = memoryview(data)[3:]
    else:
        utf8 = text.encode("utf-8")
    del data  # not needed again: the bytes read go now, if they were not UTF-8
    table = _read_regular_csv(utf8, delimiter, leading_blank, header_line)
    del utf8
    if table is None:
        try:
            table = pd.read_csv(
                io.StringIO(text),
                sep=delimiter,
                header=None,
                dtype=str,
                keep_default_na=False,
                na_filter=False,
                skip_blank_lines=False,
                skiprows=leading_blank,
                engine="c",
            )
        except pd.errors.ParserError as exc:
            line = re.search(r"line (\d+)", str(exc))
            raise InputError(
                f"a row has more cells than the header; a value probably contains an unquoted "
                f"{delimiter!r}",
                file=shown,
                row=int(line.group(1)) + leading_blank if line else None,
            ) from None
    header = table.iloc[0].fillna("").tolist()
    body = table.iloc[1:].reset_index(drop=True).fillna("")
    body.columns = range(body.shape[1])
    # Excel writes ';' between values where ',' is the decimal mark.
    return header, body, leading_blank + 2, encoding, [], delimiter == ";"


def _header_line(text: str) -> tuple[int, str] | None:
    """The first line with a cell filled in, and how many lines come before
    it. Looked for in the first megabyte, then (rarely) the whole text:
    splitting a whole large survey into lines for its header costs a
    quarter of a second and as many strings as it has rows. The prefix's
    last line may be cut short, so it is never taken as the header."""
    found = _first_filled(text[:1_000_000].splitlines()[:-1])
    return found if found is not None else _first_filled(text.splitlines())


def _first_filled(lines: list[str]) -> tuple[int, str] | None:
    return next(((i, line) for i, line in enumerate(lines) if line.strip(" ,;\t")), None)


@functools.cache
def _returning_memory() -> None:
    """Arrow's memory from jemalloc, which gives freed memory back to the
    system, where the default (mimalloc) keeps it for reuse: validating and
    processing a million-row survey peaked at 877-935 MB with mimalloc and
    802-857 MB with jemalloc, in the same time. For the whole process, from
    the first table read (before any other Arrow allocation of note).
    Wheels built without jemalloc (Windows) keep their default."""
    import pyarrow as pa

    with contextlib.suppress(NotImplementedError):
        pa.set_memory_pool(pa.jemalloc_memory_pool())


def _read_regular_csv(
    utf8: bytes | memoryview, delimiter: str, leading_blank: int, header_line: str
):
    """The file as pandas reads it (blank cells as ""), by pyarrow's reader,
    five times as fast on a large survey, when every row has as many cells
    as the header or none; otherwise None, and pandas reads it, padding
    short rows and locating a long one."""
    import pandas as pd
    import pyarrow as pa
    from pyarrow import csv as arrow_csv

    _returning_memory()
    cells = next(csv.reader([header_line], delimiter=delimiter))
    columns = [f"c{i}" for i in range(len(cells))]
    try:
        table = arrow_csv.read_csv(
            io.BytesIO(utf8),
            read_options=arrow_csv.ReadOptions(skip_rows=leading_blank, column_names=columns),
            parse_options=arrow_csv.ParseOptions(
                delimiter=delimiter, newlines_in_values=True, ignore_empty_lines=False
            ),
            convert_options=arrow_csv.ConvertOptions(
                column_types=dict.fromkeys(columns, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid:
        return None
    frame = table.to_pandas(types_mapper={pa.string(): pd.StringDtype(na_value=float("nan"))}.get)
    frame.columns = range(len(columns))
    return frame


def decode(data: bytes, shown: str = "") -> tuple[str, str]:
    """UTF-8 (with or without BOM) when it decodes; otherwise the Windows code
    page, 1250 (Central European) or 1252 (Western), whose reading looks more
    like words. Ties go to 1250: the programmes' Polish and Romanian
    communities are who export in a non-UTF-8 code page."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            raise InputError(
                "starts with a UTF-8 marker but is not UTF-8; save it again as 'CSV UTF-8'",
                file=shown,
            ) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    readings = {}
    for encoding in ("cp1250", "cp1252"):
        try:
            readings[encoding] = data.decode(encoding)
        except UnicodeDecodeError:
            continue
    if not readings:
        raise InputError(
            "is in an unknown text encoding; save it from Excel as 'CSV UTF-8'", file=shown
        )
    best = max(readings, key=lambda enc: (_wordlike_score(readings[enc]), enc == "cp1250"))
    return readings[best], best


def _wordlike_score(text: str) -> int:
    """+1 for each non-ASCII character that reads as a letter inside a word or
    as a currency sign before a figure, -1 for one that does not. Mis-decoded
    Polish gives symbols mid-word (Za¿ó³æ); mis-decoded '£5' gives 'Ł5'."""
    score = 0
    for match in re.finditer(r"[^\x00-\x7f]", text[:2_000_000]):
        i = match.start()
        char, before, after = match.group(), text[i - 1 : i], text[i + 1 : i + 2]
        if char.isalpha():
            score += 1 if (before.isalpha() or after.isalpha()) else -1
        elif char in "£€":
            score += 1 if after[:1].isdigit() else 0
        else:
            score -= 1
    return score

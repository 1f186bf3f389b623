"""Read-only loaders for everything under data/raw.

A table comes back as text exactly as the evaluator wrote it (trimmed, with
blanks as missing), indexed by its spreadsheet row number (header = row 1), so
validation can point at the row a person sees in Excel. Only contract columns
keep their values: an unknown column's values are dropped here, on reading,
because they may hold personal data. Nothing in this module writes a file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from pipeline.config import Project, load_yaml
from pipeline.contract import AREA_FIELDS, MULTI_SELECT_SEPARATOR, PERIOD_FIELDS, Column, Dataset
from pipeline.discover import SLUG, AreaPeriod, is_inside
from pipeline.errors import InputError

if TYPE_CHECKING:  # pandas is imported where tables are read: a run with
    import pandas as pd  # nothing to rebuild reads only YAML and hashes

ONS_CODE = re.compile(r"[EWSNK]\d{8}")
_SNIFF_BYTES = 8192


@dataclass
class RawTable:
    dataset: Dataset
    path: Path
    frame: pd.DataFrame  # contract columns present in the file, plus unknown ones emptied
    encoding: str | None = None  # None for workbooks
    missing: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # warnings about how the file was read

    @property
    def rows(self) -> int:
        return len(self.frame)

    @property
    def is_template(self) -> bool:
        """A header row and no data: an unfilled template, which counts as absent."""
        return self.rows == 0


def display_path(project: Project, path: Path) -> str:
    """Paths in messages are relative to the project, as a user would type them."""
    try:
        return str(path.relative_to(project.root))
    except ValueError:
        return str(path)


def checked_path(project: Project, path: Path) -> Path:
    """Refuse a file that is (or sits behind) a link leading out of data/raw."""
    if not is_inside(path, project.raw):
        raise InputError(
            "is a link to a file outside data/raw; learnrep only reads inside data/raw, "
            "so copy the file in instead",
            file=display_path(project, path),
        )
    return path


# --- metadata: area.yml and period.yml -------------------------------------


def _read_yaml(project: Project, path: Path) -> dict:
    shown = display_path(project, path)
    if not path.is_file():
        raise InputError(
            "is missing; every area needs an area.yml and every period a period.yml", file=shown
        )
    checked_path(project, path)
    try:
        loaded = load_yaml(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError("is not UTF-8 text; save it as UTF-8", file=shown) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or "it is not valid YAML"
        raise InputError(f"is not valid YAML ({problem})", file=shown, row=row) from None
    if not isinstance(loaded, dict):
        raise InputError("should be a list of `key: value` lines", file=shown)
    return loaded


def _require_fields(loaded: dict, fields: dict[str, bool], shown: str) -> None:
    for name, required in fields.items():
        value = loaded.get(name)
        if required and (value is None or str(value).strip() == ""):
            raise InputError(f"the field `{name}` is required", file=shown, column=name)


def read_area(project: Project, area: str) -> dict:
    path = project.raw_dir(area) / "area.yml"
    loaded = _read_yaml(project, path)
    shown = display_path(project, path)
    _require_fields(loaded, AREA_FIELDS, shown)
    meta = {name: loaded.get(name) for name in AREA_FIELDS}
    for name in ("name", "programme", "lead_organisation", "la_code", "region"):
        if meta[name] is not None:
            meta[name] = str(meta[name]).strip()
    if meta["la_code"] and not ONS_CODE.fullmatch(meta["la_code"]):
        raise InputError(
            f"expected an ONS local authority code such as E07000033, got {meta['la_code']!r}",
            file=shown,
            column="la_code",
        )
    if meta["synthetic"] is not None and not isinstance(meta["synthetic"], bool):
        raise InputError("expected true or false", file=shown, column="synthetic")
    meta["synthetic"] = bool(meta["synthetic"])
    return meta


def _as_date(value, shown: str, name: str) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError(
            f"expected a date written YYYY-MM-DD, got {str(value)!r}", file=shown, column=name
        ) from None


def read_period(project: Project, ap: AreaPeriod) -> dict:
    path = project.raw_dir(ap.area, ap.period) / "period.yml"
    loaded = _read_yaml(project, path)
    shown = display_path(project, path)
    _require_fields(loaded, PERIOD_FIELDS, shown)
    start = _as_date(loaded["start"], shown, "start")
    end = _as_date(loaded["end"], shown, "end")
    if end < start:
        raise InputError(
            f"the period ends ({end}) before it starts ({start})", file=shown, column="end"
        )
    previous = loaded.get("previous")
    if previous is not None:
        previous = str(previous).strip()
        if not SLUG.fullmatch(previous):
            raise InputError(f"{previous!r} is not a period name", file=shown, column="previous")
        if previous == ap.period:
            raise InputError(
                "a period cannot be its own previous period", file=shown, column="previous"
            )
        if not (project.raw_dir(ap.area, previous) / "period.yml").is_file():
            raise InputError(
                f"names the period {previous!r}, but data/raw/{ap.area}/{previous}/period.yml "
                "does not exist",
                file=shown,
                column="previous",
            )
    return {
        "label": str(loaded["label"]).strip(),
        "start": start.isoformat(),
        "end": end.isoformat(),
        "previous": previous,
    }


# --- tables ------------------------------------------------------------------


def find_table(project: Project, ap: AreaPeriod, dataset: Dataset) -> Path | None:
    folder = project.raw_dir(ap.area, ap.period)
    found = [
        p
        for p in (folder / f"{dataset.name}.csv", folder / f"{dataset.name}.xlsx")
        if p.exists() or p.is_symlink()
    ]
    if len(found) > 1:
        raise InputError(
            f"both {dataset.name}.csv and {dataset.name}.xlsx are present; keep one",
            file=display_path(project, folder),
        )
    return checked_path(project, found[0]) if found else None


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
    reader = _read_workbook if path.suffix == ".xlsx" else _read_csv
    header, body, first_row, encoding, notes, decimal_comma = reader(path, shown)
    header, body = _trim_trailing_blank_columns(header, body, shown)
    body.columns = _match_header(header, dataset, shown, header_row=first_row - 1)
    body.index = pd.RangeIndex(first_row, first_row + len(body))

    known = [c for c in dataset.columns if c.name in body.columns]
    unknown = [name for name in body.columns if name not in dataset.column_names]
    texts = {c.name: _clean_text(body[c.name]) for c in known}
    for column in known:
        if column.kind == "date":
            notes += _day_month_order(texts[column.name], column, shown)
    tidy = pd.DataFrame(
        {c.name: _normalise(texts[c.name], c, decimal_comma) for c in known}, index=body.index
    )
    filled = tidy.notna().any(axis=1) if known else _clean_text_frame(body).notna().any(axis=1)
    tidy = tidy[filled]
    for name in unknown:
        # The name is kept so validation can warn about it; the values never leave here.
        tidy[name] = pd.Series(pd.NA, index=tidy.index, dtype="str")
    missing = [c.name for c in dataset.columns if c.name not in body.columns]
    return RawTable(dataset, path, tidy, encoding, missing, unknown, notes)


def _read_csv(path: Path, shown: str):
    import pandas as pd

    data = path.read_bytes()
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise InputError(
            "the file is empty (not even a header row); delete it if there is "
            "no data, or use `learnrep new-period` to make a template",
            file=shown,
        )
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise InputError(
            "is not a CSV text file (it holds binary data); save it from Excel as 'CSV UTF-8'",
            file=shown,
        )
    text, encoding = decode(data, shown)
    lines = iter(text.splitlines())
    leading_blank, header_line = next(
        (i, line) for i, line in enumerate(lines) if line.strip(" ,;\t")
    )
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    table = _read_regular_csv(text, delimiter, leading_blank, header_line)
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


def _read_regular_csv(text: str, delimiter: str, leading_blank: int, header_line: str):
    """The file as pandas reads it (blank cells as ""), by pyarrow's reader,
    five times as fast on a large survey, when every row has as many cells
    as the header or none; otherwise None, and pandas reads it, padding
    short rows and locating a long one."""
    import pandas as pd
    import pyarrow as pa
    from pyarrow import csv as arrow_csv

    cells = next(csv.reader([header_line], delimiter=delimiter))
    columns = [f"c{i}" for i in range(len(cells))]
    try:
        table = arrow_csv.read_csv(
            io.BytesIO(text.encode("utf-8")),
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


def _trim_trailing_blank_columns(header: list[str], body: pd.DataFrame, shown: str):
    """Excel often saves empty columns after the last one; drop them if truly empty."""
    keep = len(header)
    while keep and not str(header[keep - 1]).strip():
        if _clean_text(body.iloc[:, keep - 1]).notna().any():
            break
        keep -= 1
    return header[:keep], body.iloc[:, :keep]


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


def _read_workbook(path: Path, shown: str):
    import openpyxl  # only workbooks pay for this import
    import pandas as pd

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a file that is not a workbook
        raise InputError(
            f"cannot be opened as an Excel workbook ({type(exc).__name__})", file=shown
        ) from None
    try:
        sheet = workbook.worksheets[0]
        notes = []
        if len(workbook.worksheets) > 1:
            others = ", ".join(repr(ws.title) for ws in workbook.worksheets[1:])
            notes.append(
                f"{shown}: only the first sheet {sheet.title!r} was read; ignored sheet(s) {others}"
            )
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
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


def _match_header(
    header: list[str], dataset: Dataset, shown: str, header_row: int = 1
) -> list[str]:
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


def _clean_text(values: pd.Series) -> pd.Series:
    """Trimmed text with blanks as missing, in pandas' compact string dtype."""
    text = values.fillna("").astype(str).str.strip()
    return text.where(text.ne(""))


def _clean_text_frame(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.apply(_clean_text)


def _normalise(values: pd.Series, column: Column, decimal_comma: bool = False) -> pd.Series:
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


def _iso_date(value: str, column: Column) -> str:
    """ISO or UK day-first dates to ISO; never month-first. A value that is not
    a real date stays as written so the steward sees what was typed."""
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
    """Excel's display forms of a number: '£36,000' and '1,200' mean 36000 and 1200."""
    stripped = value.replace(",", "").removeprefix("£").strip()
    return stripped if re.fullmatch(r"-?\d+(\.\d+)?", stripped) else value


def _comma_decimal_number(value: str, column: Column) -> str:
    """European Excel's numbers: '1.500,50' and '1500,5' mean 1500.50 and 1500.5."""
    stripped = value.removeprefix("£").replace(" ", "").replace("\u00a0", "")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", stripped):
        stripped = stripped.replace(".", "")
    if re.fullmatch(r"-?\d+(,\d+)?", stripped):
        return stripped.replace(",", ".")
    return _plain_number(value, column)


_SLASHED = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def _day_month_order(values: pd.Series, column: Column, shown: str) -> list[str]:
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

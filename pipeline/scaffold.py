"""`learnrep new-period`: a new folder under data/raw with period.yml and an
empty template of every dataset. The one command allowed to write under
data/raw, and it only ever creates: an existing folder is refused whole."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from pathlib import Path

from pipeline.config import Project
from pipeline.contract import DATASETS, OPEN_RECOMMENDATIONS, RECOMMENDATIONS, Dataset
from pipeline.discover import AreaPeriod, check_slug
from pipeline.errors import AreaPeriodExists, InputError, PeriodsOverlap, UsageError
from pipeline.raw import find_table, overlapping, read_period, read_table


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: dt.date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def following_dates(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The period after [start, end], of the same length: whole months when the
    previous period was whole months (a quarter follows a quarter), else days."""
    new_start = end + dt.timedelta(days=1)
    if start.day == 1 and end == _month_end(end.year, end.month):
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        return new_start, _month_end(*_add_months(new_start, months - 1))
    return new_start, new_start + (end - start)


def span_of(period: str) -> tuple[dt.date, dt.date] | None:
    """The dates a period's name says: 2022-q1 (a calendar quarter), 2021-h2
    (a half year), 2022-05 (a month), 2022 (a calendar year) and 2021-22 (the
    financial year, April to March); None for any other name."""
    if match := re.fullmatch(r"(\d{4})-q([1-4])", period):
        year, q = int(match[1]), int(match[2])
        return dt.date(year, 3 * q - 2, 1), _month_end(year, 3 * q)
    if match := re.fullmatch(r"(\d{4})-h([12])", period):
        year, h = int(match[1]), int(match[2])
        return dt.date(year, 6 * h - 5, 1), _month_end(year, 6 * h)
    if (match := re.fullmatch(r"(\d{4})-(\d{2})", period)) and 1 <= int(match[2]) <= 12:
        year, month = int(match[1]), int(match[2])
        return dt.date(year, month, 1), _month_end(year, month)
    if (match := re.fullmatch(r"(\d{4})-(\d{2})", period)) and int(match[2]) == (
        int(match[1]) + 1
    ) % 100:
        year = int(match[1])
        return dt.date(year, 4, 1), dt.date(year + 1, 3, 31)
    if re.fullmatch(r"\d{4}", period):
        return dt.date(int(period), 1, 1), dt.date(int(period), 12, 31)
    return None


def dates_from_slug(period: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """The dates the name says (`span_of`); for any other name the current
    calendar quarter, to be edited."""
    span = span_of(period)
    if span is not None:
        return span
    q = (today.month - 1) // 3 + 1
    return dt.date(today.year, 3 * q - 2, 1), _month_end(today.year, 3 * q)


def new_period(
    project: Project,
    area: str,
    period: str,
    previous: str | None = None,
    fmt: str = "csv",
    today: dt.date | None = None,
    allow_overlap: bool = False,
) -> list[Path]:
    """Scaffold the period. Its dates are the ones its name says (2022-q2);
    otherwise they follow on from --from with the same length; otherwise the
    current quarter. A period that would overlap another of the area is
    refused unless `allow_overlap`."""
    check_slug(area, "--area")
    check_slug(period, "--period")
    folder = project.raw_dir(area, period)
    if folder.exists():
        raise AreaPeriodExists(
            f"data/raw/{area}/{period} already exists; learnrep new-period never overwrites"
        )
    if previous is not None:
        check_slug(previous, "--from")
        if not (project.raw_dir(area, previous) / "period.yml").is_file():
            raise UsageError(
                f"--from {previous}: data/raw/{area}/{previous}/period.yml does not exist"
            )
        before = read_period(project, AreaPeriod(area, previous))
        start, end = span_of(period) or following_dates(
            dt.date.fromisoformat(before["start"]), dt.date.fromisoformat(before["end"])
        )
        if dt.date.fromisoformat(before["end"]) >= start and not allow_overlap:
            raise PeriodsOverlap(
                f"--from {previous} ends on {before['end']}, not before {period} starts "
                f"({start}); pick the period {period} follows, or add --allow-overlap"
            )
    else:
        start, end = dates_from_slug(period, today or dt.date.today())
    clashes = overlapping(project, area, start, end)
    if clashes and not allow_overlap:
        other, first, last = clashes[0]
        raise PeriodsOverlap(
            f"{area}/{period} ({start} to {end}) would overlap {area}/{other} ({first} to "
            f"{last}); choose another period name, or add --allow-overlap"
        )

    created = []
    area_yml = project.raw_dir(area) / "area.yml"
    if not area_yml.exists():
        project.raw_dir(area).mkdir(parents=True, exist_ok=True)
        area_yml.write_text(
            "# A new area: fill in name and programme (required); validation fails until you do.\n"
            "name:\nprogramme:\nlead_organisation:\nla_code:\nregion:\n",
            encoding="utf-8",
        )
        created.append(area_yml)
    folder.mkdir(parents=True)
    label = f"Learning report ({start:%b %Y} - {end:%b %Y})"
    lines = [
        "# Edit the label: it is the report's subtitle.",
        f"label: {label}",
        f"start: {start.isoformat()}",
        f"end: {end.isoformat()}",
    ]
    if previous:
        lines.append(f"previous: {previous}")
    (folder / "period.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    created.append(folder / "period.yml")
    carried = _open_recommendations(project, AreaPeriod(area, previous)) if previous else []
    for dataset in DATASETS.values():
        path = folder / f"{dataset.name}.{fmt}"
        rows = carried if dataset is RECOMMENDATIONS else []
        if fmt == "xlsx":
            _workbook_template(dataset, path, rows)
        else:
            _csv_template(dataset, path, rows)
        created.append(path)
    if fmt == "xlsx":  # evaluators who work in Excel write in Word
        _word_template(folder / "narrative.docx")
        created.append(folder / "narrative.docx")
    else:
        (folder / "narrative.md").write_text(NARRATIVE_TEMPLATE, encoding="utf-8")
        created.append(folder / "narrative.md")
    return created


def _word_template(path: Path) -> None:
    """narrative.docx with the recognised headings, each with its guidance
    as a Word comment (comments are never read into a report)."""
    from pipeline import markdown

    first = (
        "Write each section under its heading and delete the ones you do not need. The "
        "report's title and summary line go in File > Info > Properties (Title, Subject). "
    )
    lines = []
    for number, (heading, guidance) in enumerate(NARRATIVE_SECTIONS, start=1):
        note = markdown.escape((first if number == 1 else "") + guidance)
        lines += [
            f'# [{note}]{{.comment-start id="{number}" author="learnrep" '
            f'date="2000-01-01T00:00:00Z"}}{markdown.escape(heading)}'
            f'[]{{.comment-end id="{number}"}}',
            "",
        ]
    markdown.run_pandoc("\n".join(lines), ["--from", "markdown", "--to", "docx", "-o", str(path)])


# The narrative's recognised sections (contract section 4), each with what to write.
NARRATIVE_SECTIONS = (
    ("What worked", "What went well this period, and why you think it did."),
    ("Challenges", "What got in the way, and what you did about it."),
    ("What we will test next", "The changes you will try in the next period."),
    ("Legacy", "What will last beyond the funding: people, partnerships, ways of working."),
    (
        "Case study: a title",
        "One person's or one group's story, anonymised. Copy this section for more.",
    ),
)
NARRATIVE_TEMPLATE = """\
---
# The report's title and summary line; authors are credited under the evaluators' words.
title:
authors: []
summary:
---

<!-- Each section below goes where it belongs in the report. Delete a section you
do not need; any other "## heading" you add appears under "The evaluators' words".
Write no names, e-mail addresses or phone numbers of participants: contact details
are redacted, but names are not recognised. -->
""" + "".join(
    f"\n## {heading}\n\n<!-- {guidance} -->\n" for heading, guidance in NARRATIVE_SECTIONS
)


def _open_recommendations(project: Project, previous: AreaPeriod) -> list[list[str]]:
    """The previous period's recommendations still open (new or in progress),
    as rows to carry over with their status. A file that cannot be read is
    left to validation of the previous period; nothing is carried."""
    try:
        path = find_table(project, previous, RECOMMENDATIONS)
        if path is None:
            return []
        frame = read_table(project, path, RECOMMENDATIONS).frame
    except InputError:
        return []
    if "status" not in frame.columns:
        return []
    open_ = frame[frame["status"].isin(OPEN_RECOMMENDATIONS)]
    return [
        ["" if not isinstance(value, str) else value for value in row]
        for row in open_.reindex(columns=list(RECOMMENDATIONS.column_names)).itertuples(index=False)
    ]


def _csv_template(dataset: Dataset, path: Path, rows: list[list[str]]) -> None:
    import csv

    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(dataset.column_names)
        writer.writerows(rows)


def _workbook_template(dataset: Dataset, path: Path, rows: list[list[str]]) -> None:
    """Header row, plus drop-down lists and number limits on the columns that
    have them, so values typed in Excel cannot drift from the contract."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = dataset.name
    sheet.append(list(dataset.column_names))
    for row in rows:
        sheet.append(row)
    for position, column in enumerate(dataset.columns, start=1):
        letter = get_column_letter(position)
        cells = f"{letter}2:{letter}10000"
        sheet.column_dimensions[letter].width = max(14, len(column.name) + 2)
        rule = None
        if column.kind == "enum":
            rule = DataValidation(
                type="list",
                formula1='"' + ",".join(column.allowed) + '"',
                allow_blank=not column.required,
            )
            rule.error = f"{column.name} must be {column.expected()}"
        elif column.kind == "int":
            rule = DataValidation(
                type="whole",
                operator="between" if column.maximum is not None else "greaterThanOrEqual",
                formula1=f"{column.minimum:g}",
                formula2=f"{column.maximum:g}" if column.maximum is not None else None,
                allow_blank=not column.required,
            )
            rule.error = f"{column.name} must be {column.expected()}"
        elif column.kind == "date":
            for row in range(2, 1002):
                sheet[f"{letter}{row}"].number_format = "yyyy-mm-dd"
        if rule is not None:
            rule.showErrorMessage = True
            rule.errorTitle = "Not allowed by the data contract"
            sheet.add_data_validation(rule)
            rule.add(cells)
    book.save(path)

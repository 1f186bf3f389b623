"""What `new-period` writes into a new period's folder besides period.yml:
a header-only template of every dataset (CSV, or a workbook whose
fixed-choice columns have drop-down lists and whose number columns accept
only numbers in range), the rows carried over from the period it follows,
and the narrative's template (Markdown, or Word for those who work in
Excel and Word)."""

from __future__ import annotations

from pathlib import Path

from pipeline import pandoc
from pipeline.config import Project
from pipeline.contract import (
    INDICATORS,
    OPEN_RECOMMENDATIONS,
    PARTNERS,
    RECOMMENDATIONS,
    Dataset,
    dictionary,
)
from pipeline.discover import AreaPeriod
from pipeline.errors import InputError
from pipeline.raw import find_table, read_table

# What the next period starts from: the recommendations still open (status
# kept), and the partners and published indicators, which change little.
CARRIED = (RECOMMENDATIONS, PARTNERS, INDICATORS)


def carried_rows(project: Project, previous: AreaPeriod, dataset: Dataset) -> list[list[str]]:
    """The previous period's rows of `dataset` to start the new one with, in
    the contract's columns (a column the contract does not name is never
    copied: it may hold personal data). A file that cannot be read is left
    to validation of the previous period, and nothing is carried."""
    try:
        path = find_table(project, previous, dataset)
        if path is None:
            return []
        frame = read_table(project, path, dataset).frame
    except InputError:
        return []
    if dataset is RECOMMENDATIONS:
        if "status" not in frame.columns:
            return []
        frame = frame[frame["status"].isin(OPEN_RECOMMENDATIONS)]
    return [
        ["" if not isinstance(value, str) else value for value in row]
        for row in frame.reindex(columns=list(dataset.column_names)).itertuples(index=False)
    ]


def word_template(path: Path) -> None:
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
    pandoc.run("\n".join(lines), ["--from", "markdown", "--to", "docx", "-o", str(path)])


# The narrative's recognised sections (contract section 4), each with what to write.
NARRATIVE_SECTIONS = (
    ("Introduction", "What the pilot is, who it is for, and what this report covers."),
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
# The report's title, its authors and its first line (a one-sentence summary).
title:
authors: []
summary:
---

<!-- A "## heading" that names a section of the report (Introduction, Context,
Community survey, Workforce development, Delivery, Partners, Funding, What worked,
Challenges, Legacy, Recommendations ...) puts its words at the top of that section,
above the figures; "## Case study: a title" goes with the case studies; any other
"## heading" becomes a section of its own, where you wrote it. `outline:` in
period.yml can list the sections in the order you want. Delete a section you do not
need: a section with neither words nor data is left out. Write no names, e-mail
addresses or phone numbers of participants: contact details are redacted, but names
are not recognised. -->
""" + "".join(
    f"\n## {heading}\n\n<!-- {guidance} -->\n" for heading, guidance in NARRATIVE_SECTIONS
)


def csv_template(dataset: Dataset, path: Path, rows: list[list[str]]) -> None:
    import csv

    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(dataset.column_names)
        writer.writerows(rows)


def workbook_template(dataset: Dataset, path: Path, rows: list[list[str]]) -> None:
    """Header row, plus drop-down lists and number limits on the columns that
    have them, so values typed in Excel cannot drift from the contract."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = dataset.name
    sheet.append(list(dataset.column_names))
    for row in rows:  # numbers carried over as numbers, so the number rules accept them
        sheet.append(
            [_cell(value, column) for value, column in zip(row, dataset.columns, strict=True)]
        )
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
    _guide(book, dataset)
    book.save(path)


def _guide(book, dataset: Dataset) -> None:
    """The data dictionary's entry for the dataset, as the workbook's second
    sheet (learnrep reads only the first, and says nothing of this one)."""
    from openpyxl.styles import Alignment, Font

    sheet = book.create_sheet(dictionary.GUIDE_SHEET)
    sheet.append([f"{dataset.name}: {dataset.description}"])
    sheet["A1"].font = Font(bold=True)
    sheet.append(["Fill in the first sheet; this one is never read. Every column must stay."])
    sheet.append([])
    sheet.append(list(dictionary.HEADINGS))
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for row in dictionary.rows(dataset):
        sheet.append(list(row))
    for letter, width in zip("ABCDEF", (20, 22, 16, 60, 28, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=5):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _cell(value: str, column):
    if not value:
        return None
    if column.kind in ("int", "decimal"):
        try:
            number = float(value)
        except ValueError:
            return value
        return int(number) if column.kind == "int" and number.is_integer() else number
    return value

"""`learnrep new-period`: a new folder under data/raw with period.yml and an
empty template of every dataset. The one command allowed to write under
data/raw, and it only ever creates: an existing folder is refused whole, a
new area only when asked for (`--new-area`), and a period whose dates its
name does not say only when they are given (`dates`). `templates` writes
the datasets' and the narrative's templates, and what is carried over from
the period the new one follows."""

from __future__ import annotations

import datetime as dt
import difflib

from pipeline.config import Project
from pipeline.contract import DATASETS
from pipeline.discover import SLUG, AreaPeriod, check_slug
from pipeline.errors import AreaPeriodExists, PeriodsOverlap, UsageError
from pipeline.raw import overlapping, read_period
from pipeline.scaffold.dates import following_dates, period_dates, span_of
from pipeline.scaffold.templates import (
    CARRIED,
    NARRATIVE_SECTIONS,
    NARRATIVE_TEMPLATE,
    carried_rows,
    csv_template,
    word_template,
    workbook_template,
)

__all__ = [
    "NARRATIVE_SECTIONS",
    "NARRATIVE_TEMPLATE",
    "Created",
    "following_dates",
    "new_period",
    "period_dates",
    "span_of",
]


class Created(list):
    """The files `new_period` wrote, with the period's dates and where they came from."""

    start: dt.date
    end: dt.date
    dates_from: str
    carried: dict[str, int]  # dataset -> rows carried over from --from


def new_period(
    project: Project,
    area: str,
    period: str,
    previous: str | None = None,
    fmt: str = "csv",
    allow_overlap: bool = False,
    new_area: bool = False,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Created:
    """Scaffold the period (see the module's docstring for what is refused).
    A period that would overlap another of the area is refused unless
    `allow_overlap`."""
    check_slug(area, "--area")
    check_slug(period, "--period")
    _check_area(project, area, new_area)
    folder = project.raw_dir(area, period)
    if folder.exists():
        raise AreaPeriodExists(
            f"data/raw/{area}/{period} already exists; learnrep new-period never overwrites"
        )
    before, span = None, None
    if previous is not None:
        check_slug(previous, "--from")
        if not (project.raw_dir(area, previous) / "period.yml").is_file():
            raise UsageError(
                f"--from {previous}: data/raw/{area}/{previous}/period.yml does not exist"
            )
        before = read_period(project, AreaPeriod(area, previous))
        span = (dt.date.fromisoformat(before["start"]), dt.date.fromisoformat(before["end"]))
    start, end, dates_from = period_dates(period, (start, end), span)
    if span is not None and span[1] >= start and not allow_overlap:
        raise PeriodsOverlap(
            f"--from {previous} ends on {before['end']}, not before {period} starts "
            f"({start}); pick the period {period} follows, or add --allow-overlap"
        )
    clashes = overlapping(project, area, start, end)
    if clashes and not allow_overlap:
        other, first, last = clashes[0]
        raise PeriodsOverlap(
            f"{area}/{period} ({start} to {end}) would overlap {area}/{other} ({first} to "
            f"{last}); choose another period name, or add --allow-overlap"
        )

    created = Created()
    created.start, created.end, created.dates_from, created.carried = start, end, dates_from, {}
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
    for dataset in DATASETS.values():
        path = folder / f"{dataset.name}.{fmt}"
        rows = []
        if previous and dataset in CARRIED:
            rows = carried_rows(project, AreaPeriod(area, previous), dataset)
            if rows:
                created.carried[dataset.name] = len(rows)
        if fmt == "xlsx":
            workbook_template(dataset, path, rows)
        else:
            csv_template(dataset, path, rows)
        created.append(path)
    if fmt == "xlsx":  # evaluators who work in Excel write in Word
        word_template(folder / "narrative.docx")
        created.append(folder / "narrative.docx")
    else:
        (folder / "narrative.md").write_text(NARRATIVE_TEMPLATE, encoding="utf-8")
        created.append(folder / "narrative.md")
    return created


def _check_area(project: Project, area: str, new_area: bool) -> None:
    """A new area only when asked for: a mistyped area would otherwise
    become one, its reports split from the area meant."""
    if new_area or (project.raw_dir(area) / "area.yml").is_file():
        return
    known = sorted(
        p.name
        for p in project.raw.iterdir()
        if SLUG.fullmatch(p.name) and (p / "area.yml").is_file()
    )
    close = difflib.get_close_matches(area, known, n=1, cutoff=0.6)
    hint = f"did you mean --area {close[0]}? " if close else ""
    raise UsageError(
        f"--area {area}: there is no area {area} yet ({hint}areas: {', '.join(known) or 'none'}); "
        "to start a new area, add --new-area"
    )

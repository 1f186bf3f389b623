"""area.yml and period.yml: the metadata an area-period is described by,
checked against the contract as it is read."""

from __future__ import annotations

import copy
import datetime as dt
import difflib
from pathlib import Path

import yaml

from pipeline import digests
from pipeline.config import Project, load_yaml
from pipeline.contract import AREA_FIELDS, DEFAULT_REPORT, ONS_CODE, PERIOD_FIELDS, report_kind
from pipeline.discover import SLUG, AreaPeriod, discover_all, misnamed_period_file
from pipeline.errors import InputError
from pipeline.quoting import in_words, sanitised
from pipeline.raw.paths import checked_path, display_path

# Each file as last read, by what the file system says of it: a run reads
# every area.yml and period.yml several times (its plan, report kinds,
# overviews, index), 840 reads at 160 area-periods.
_read: dict[Path, tuple[tuple, dict]] = {}


def _read_yaml(project: Project, path: Path) -> dict:
    if not path.is_file():
        misnamed = misnamed_period_file(path.parent) if path.name == "period.yml" else None
        raise InputError(
            f"is missing (the folder has {misnamed}: name it period.yml)"
            if misnamed
            else "is missing; every area needs an area.yml and every period a period.yml",
            file=display_path(project, path),
        )
    key, settled = digests.identity(path)
    if path in _read and _read[path][0] == key:
        return copy.deepcopy(_read[path][1])
    loaded = _parse_yaml(project, path, display_path(project, path))
    if settled:
        _read[path] = (key, copy.deepcopy(loaded))
    return loaded


def _parse_yaml(project: Project, path: Path, shown: str) -> dict:
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
    """Every required field given, and no field the contract does not know:
    a newcomer's `prevous: 2022-q1` once dropped the comparison from the
    report without a word, and `reprot:` built the wrong kind."""
    for key in loaded:
        if str(key) not in fields:
            close = difflib.get_close_matches(str(key), list(fields), n=1, cutoff=0.6)
            hint = f" (did you mean `{close[0]}`?)" if close else ""
            name = in_words(sanitised(key, "enum", tuple(fields)))
            raise InputError(
                f"{name} is not a field learnrep knows{hint}; the fields are "
                + ", ".join(f"`{f}`" for f in fields),
                file=shown,
            )
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
            "expected an ONS local authority code such as E07000033, got "
            + in_words(sanitised(meta["la_code"], "code")),
            file=shown,
            column="la_code",
        )
    if meta["synthetic"] is not None and not isinstance(meta["synthetic"], bool):
        raise InputError("expected true or false", file=shown, column="synthetic")
    meta["synthetic"] = bool(meta["synthetic"])
    meta["report"] = _report_kind(meta["report"], shown)
    grant = meta["grant_gbp"]
    if grant is not None and (isinstance(grant, bool) or not isinstance(grant, int) or grant < 0):
        raise InputError(
            f"expected whole pounds, such as 75000, got {in_words(sanitised(grant, 'int'))}",
            file=shown,
            column="grant_gbp",
        )
    aims = meta["aims"]
    if aims is not None:
        if isinstance(aims, str):
            aims = [aims]
        if not isinstance(aims, list) or not all(isinstance(a, str | int | float) for a in aims):
            raise InputError(
                "expected a list of aims, one `- ` line each", file=shown, column="aims"
            )
        meta["aims"] = [str(a).strip() for a in aims if str(a).strip()]
    meta["outline"] = _outline(meta["outline"], shown)
    return meta


def _outline(value, shown: str) -> list[str] | None:
    """`outline:` lists the report's sections in the order wanted, by the
    titles the report gives them or the narrative's headings (checked against
    those when the report is made)."""
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str | int | float) for v in value):
        raise InputError(
            "expected a list of the report's section titles, one `- ` line each, "
            "such as `- Introduction`",
            file=shown,
            column="outline",
        )
    return [str(v).strip() for v in value if str(v).strip()]


def _report_kind(value, shown: str) -> str | None:
    """A report kind names a notebook in notebooks/: a slug, checked to exist
    when the report is made (a team may add its own)."""
    if value is None:
        return None
    value = str(value).strip()
    if value.endswith(".ipynb"):
        value = value[: -len(".ipynb")]
    if not SLUG.fullmatch(value):
        raise InputError(
            "expected the name of a notebook in notebooks/, such as learning-report, got "
            + in_words(sanitised(value, "slug")),
            file=shown,
            column="report",
        )
    return value


def _as_date(value, shown: str, name: str) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError(
            f"expected a date written YYYY-MM-DD, got {in_words(sanitised(value, 'date'))}",
            file=shown,
            column=name,
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
            raise InputError(
                f"{in_words(sanitised(previous, 'slug'))} is not a period name",
                file=shown,
                column="previous",
            )
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
        "report": _report_kind(loaded.get("report"), shown),
        "outline": _outline(loaded.get("outline"), shown),
    }


def kind_of(project: Project, ap: AreaPeriod) -> str:
    """The area-period's report kind; the default when its metadata cannot be
    read (validation then fails it, with the reason)."""
    try:
        return report_kind(read_area(project, ap.area), read_period(project, ap))
    except InputError:
        return DEFAULT_REPORT


def overlapping(project: Project, area: str, start: dt.date, end: dt.date, skip: str = ""):
    """The area's periods, other than `skip`, whose dates overlap [start, end],
    as (period, its start, its end); unreadable period.yml files are left to
    validation."""
    found = []
    for ap in discover_all(project):
        if ap.area != area or ap.period == skip:
            continue
        try:
            other = read_period(project, ap)
        except InputError:
            continue
        first, last = dt.date.fromisoformat(other["start"]), dt.date.fromisoformat(other["end"])
        if first <= end and start <= last:
            found.append((ap.period, first, last))
    return found

"""reports/programme/<programme>.html: the areas of one programme side by
side, each on its latest period with processed data: inactivity, top
barriers, confidence change and delivery.

Every figure comes from `analysis`, so from the same disclosure control as
the reports. Each area shows one period's figures and nothing is summed
across areas, so no suppressed count can be recovered by subtracting one
published figure from another."""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from collections.abc import Callable

from pipeline import ledger
from pipeline.config import Project
from pipeline.discover import AreaPeriod, discover_all
from pipeline.errors import InputError, OutputError
from pipeline.files import write_text_atomic
from pipeline.pages import templates
from pipeline.processed import Processed
from pipeline.raw import read_area
from pipeline.redaction import redact

# The raw files' SHA-256 as they are now, by area-period, as the run hashed them.
CurrentInputs = Callable[[AreaPeriod], dict]

NOT_COLLECTED = "not collected"
COLUMNS = (
    ("Respondents", True),
    ("Inactive (under 30 minutes a week)", True),
    ("Top barriers", False),
    ("People trained", True),
    ("Median confidence change", True),
    ("Confidence improved", True),
    ("Sessions delivered", True),
    ("Participants", True),
)


def slug(name: str) -> str:
    """The programme's page's name: of its name redacted, as every page
    shows it (an eighteenth outsider read a phone number in the programme
    name off the page's file name, the one place it was not redacted)."""
    return re.sub(r"[^a-z0-9]+", "-", redact(name).lower()).strip("-")[:63] or "programme"


def programmes(project: Project) -> dict[str, dict]:
    """Programme slug -> its name and its areas, from every readable area.yml."""
    found: dict[str, dict] = {}
    for area in sorted({ap.area for ap in discover_all(project)}):
        try:
            meta = read_area(project, area)
        except InputError:
            continue  # validation reports it
        entry = found.setdefault(slug(meta["programme"]), {"name": meta["programme"], "areas": []})
        entry["areas"].append((area, meta["name"]))
    return found


def current(
    project: Project, periods: list[AreaPeriod], inputs: CurrentInputs
) -> list[tuple[AreaPeriod, Processed]]:
    """Of one area's `periods`, those whose processed data matches their
    raw files now (one that has since failed validation keeps only stale
    data, which is not shown), the one that ends last first."""
    found = []
    for ap in periods:
        data = Processed.find(project.processed_dir(ap.area, ap.period))
        if data is not None and (data.source or {}).get("inputs") == inputs(ap):
            found.append(((data.period["end"], ap.period), ap, data))
    return [(ap, data) for _, ap, data in sorted(found, key=lambda f: f[0], reverse=True)]


def row(
    project: Project, ap: AreaPeriod, data: Processed, threshold: int, code: str
) -> list | None:
    """`figures`, or None when the ledger does not hold them as published
    (the report failed, or was never made: a fourteenth outsider read a
    failed report's participants here, in no ledger, and the next
    version's less them gave a withdrawn organisation's 3). Kept in
    .learnrep/overviews/ for as long as the processed data, the threshold,
    the code and what the ledger says was published are the same: working
    them out settles the area's whole disclosure register, and a run
    rewrites every overview."""
    manifest = data.folder / "manifest.json"
    entries = ledger.entries(ledger.folder(project, ap))
    key = {
        "manifest": hashlib.sha256(manifest.read_bytes()).hexdigest(),
        "threshold": threshold,
        "code": code,
        "published": [[e["version"], bool(e.get("provisional"))] for e in entries],
    }
    kept = project.state / "overviews" / ap.area / f"{ap.period}.json"
    with contextlib.suppress(OSError, ValueError):
        found = json.loads(kept.read_text(encoding="utf-8"))
        if found["key"] == key:
            return found["row"]
    made = figures(data, threshold) if _published(data, threshold, entries) else None
    with contextlib.suppress(OutputError):  # only a cache: the page is written regardless
        write_text_atomic(kept, json.dumps({"key": key, "row": made}, sort_keys=True) + "\n")
    return made


def _published(data: Processed, threshold: int, entries: list[dict]) -> bool:
    """Whether the ledger holds what `data`'s report publishes, confirmed."""
    from pipeline.report import figures as published

    version = published.publication(data, threshold)[2]["version"]
    return any(e["version"] == version and not e.get("provisional") for e in entries)


def figures(data: Processed, threshold: int) -> list[str]:
    """One area's row, as published strings in COLUMNS order."""
    # The report's own code (pandas, seaborn, SciPy): imported only when an
    # overview is written, never by a run with nothing to do.
    from pipeline.report import figures as published
    from pipeline.report import headline
    from pipeline.report.analysis import alone, any_withheld
    from pipeline.report.disclosure import show_percent
    from pipeline.report.sections.survey import barrier_shares
    from pipeline.report.sections.travelled import directions

    shown = headline.shown(data, threshold)
    register = published.of(data, threshold)  # the report's own decisions
    row = {name: shown.get(name, NOT_COLLECTED) for name, _ in COLUMNS}
    if data.has("survey"):
        barriers = barrier_shares(register)
        ranked = [s for s in barriers if s.count][:2]
        row["Top barriers"] = (
            "withheld"  # a withheld barrier could be among the largest
            if any_withheld(barriers)
            else "; ".join(f"{s.category} ({show_percent(s.percent)})" for s in ranked)
            or "too few answers to rank"
        )
    if data.has("training"):
        improved = alone(directions(register), "improved")
        row["Confidence improved"] = show_percent(improved and improved.percent)
    return [row[name] for name, _ in COLUMNS]


def page(
    project: Project,
    programme: dict,
    threshold: int,
    inputs: CurrentInputs,
    periods: dict[str, list[AreaPeriod]],
    code: str,
) -> str:
    rows = []
    for area, name in programme["areas"]:
        # Its latest period whose figures are published: a failed report's are not.
        shown = {"name": name, "period": None, "link": None, "figures": []}
        for ap, data in current(project, periods.get(area, []), inputs):
            made = row(project, ap, data, threshold, code)
            if made is not None:
                report = project.report_dir(ap.area, ap.period) / "learning-report.html"
                link = f"../{ap.area}/{ap.period}/learning-report.html"
                shown.update(
                    period=data.period["label"],
                    link=link if report.is_file() else None,
                    figures=made,
                )
                break
        rows.append(shown)
    # A column no area's latest period has is no figure of this programme's
    # reports (a system story has no survey): a row of "not collected" for
    # it read as data missing.
    kept = [
        at
        for at in range(len(COLUMNS))
        if any(r["figures"] and r["figures"][at] != NOT_COLLECTED for r in rows)
    ]
    for r in rows:
        r["figures"] = [r["figures"][at] for at in kept] if r["figures"] else []
    return (
        templates()
        .get_template("programme.html.j2")
        .render(
            programme=programme["name"],
            rows=rows,
            columns=[COLUMNS[at] for at in kept],
            threshold=threshold,
        )
    )


def folder(project: Project):
    return project.reports / "programme"


def all_written(project: Project, found: dict) -> bool:
    return all((folder(project) / f"{key}.html").is_file() for key in found)


def write_all(
    project: Project, found: dict, threshold: int, current: CurrentInputs, code: str
) -> list[str]:
    """Write every programme's page in `found` and remove pages of programmes
    no area names any more. Returns the slugs written. `code` is the
    pipeline's code hash, which the kept rows depend on."""
    periods: dict[str, list[AreaPeriod]] = {}
    for ap in discover_all(project):  # listed once, not once per area
        periods.setdefault(ap.area, []).append(ap)
    for key, programme in found.items():
        write_text_atomic(
            folder(project) / f"{key}.html",
            page(project, programme, threshold, current, periods, code),
        )
    if folder(project).is_dir():
        for old in folder(project).glob("*.html"):
            if old.stem not in found:
                old.unlink()
    return sorted(found)

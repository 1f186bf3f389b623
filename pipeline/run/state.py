"""The build records in .learnrep/builds/: the last run's outcome for each
area-period (what its report was built from, and the SHA-256 of each file it
wrote), which the next run, the index and `learnrep list` read. This module
is the only reader and writer of that store."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pipeline.config import Project
from pipeline.discover import AreaPeriod, discover_all
from pipeline.files import write_text_atomic
from pipeline.processed import Processed, read_manifest
from pipeline.run import plan, provenance
from pipeline.status import Report, Validation

# Every report file is named learning-report.<format>, whatever the kind.
REPORT = "learning-report"


@dataclass
class Result:
    """What a run made of one area-period."""

    ap: AreaPeriod
    validation: Validation
    processed: bool = False
    errors: list[str] = field(default_factory=list)
    warnings: int = 0
    warning_messages: list[str] = field(default_factory=list)  # one line each, for the console
    report: Report = Report.NOT_BUILT
    report_error: str | None = None
    outputs: list[str] = field(default_factory=list)
    speculative: bool = False  # the report made while validating was published
    headline: list | None = None  # (name, shown) pairs, when the report's job gave them
    # Figures withheld so that comparing with what was published before, or
    # with an overlapping period, gives no small count away: in words.
    held_back: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.validation.failed or self.report.failed

    @classmethod
    def validated(cls, outcome) -> Result:
        """What validating (`validate.ValidationOutcome`) made of an area-period."""
        return cls(
            outcome.ap,
            outcome.status,
            errors=[p.message for p in outcome.errors],
            warnings=sum(p.level == "warning" for p in outcome.problems),
            warning_messages=[p.message for p in outcome.problems if p.level == "warning"],
        )


def from_manifest(project: Project, ap: AreaPeriod) -> Result:
    """The validation outcome kept with processed data that is already current."""
    manifest = read_manifest(project.processed_dir(ap.area, ap.period))
    return Result(
        ap,
        Validation(manifest["validation_status"]),
        processed=True,
        warnings=sum(p["level"] == "warning" for p in manifest["problems"]),
        warning_messages=[p["message"] for p in manifest["problems"] if p["level"] == "warning"],
    )


def path(project: Project, ap: AreaPeriod) -> Path:
    return project.state / "builds" / ap.area / f"{ap.period}.json"


def read(project: Project, ap: AreaPeriod) -> dict | None:
    found = path(project, ap)
    if not found.is_file():
        return None
    return json.loads(found.read_text(encoding="utf-8"))


def record(
    project: Project, result: Result, fingerprint: dict, threshold: int, wanted=None
) -> None:
    """Keep the run's outcome for this area-period, and the formats a run
    without --format is to build it in (`wanted`). Messages are already one
    sanitised line each."""
    state = asdict(result)
    state["ap"] = str(result.ap)
    state["fingerprint"] = fingerprint
    if wanted is not None:
        state["formats_wanted"] = list(wanted)
    folder = project.report_dir(result.ap.area, result.ap.period)
    built = result.report is Report.BUILT
    # The report's own files only: `learnrep validate` rewrites the validation
    # pages, which does not make the report stale (its data is checked apart).
    state["outputs"] = {
        name: provenance.sha256(folder / name)
        for name in sorted(result.outputs)
        if built and (folder / name).is_file()
    }
    # Pairs, not a mapping: the figures keep the report's order in sorted JSON.
    if not built:
        state["headline"] = []
    elif result.headline is not None:
        state["headline"] = [list(pair) for pair in result.headline]
    else:
        from pipeline.report import headline  # the report code: only when it must

        figures = headline.shown(Processed.of(project, result.ap), threshold)
        state["headline"] = [list(pair) for pair in figures.items()]
    write_text_atomic(path(project, result.ap), to_json(state))


def to_json(data: dict) -> str:
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def formats(project: Project, ap: AreaPeriod, record: dict | None = None) -> tuple[str, ...]:
    """The formats the area-period's report was last asked for with
    --format (or, in a record from before they were kept apart, built in),
    which a run without --format builds: a Word report asked for once stays
    until a --format list leaves it out. html and pdf before its first build."""
    from pipeline import render  # a run's, which has imported it: not `learnrep list`

    state = (record if record is not None else read(project, ap)) or {}
    formats = state.get("formats_wanted") or (state.get("fingerprint") or {}).get("formats")
    return render.in_order(formats or render.DEFAULT_FORMATS)


@dataclass
class Formats:
    """The formats of each area-period's report in a run: those asked for
    with --format, else those last asked for (`formats`); and what a later
    run without --format is to build, which a preview's formats never change."""

    project: Project
    asked: tuple[str, ...] | None
    remember: bool = True
    records: dict = field(default_factory=dict)  # the build records as the run began

    def of(self, ap: AreaPeriod) -> tuple[str, ...]:
        return self.asked if self.asked is not None else self._last(ap)

    def wanted(self, ap: AreaPeriod) -> tuple[str, ...]:
        return self.of(ap) if self.remember else self._last(ap)

    def _last(self, ap: AreaPeriod) -> tuple[str, ...]:
        if ap not in self.records:  # each record read once a run
            self.records[ap] = read(self.project, ap)
        return formats(self.project, ap, self.records[ap] or {})


def up_to_date(project: Project, ap: AreaPeriod) -> Result:
    """The result of an area-period a run skips: as its record left it."""
    state = read(project, ap) or {}
    return Result(
        ap,
        Validation(state.get("validation", Validation.PASSED)),
        warnings=state.get("warnings", 0),
        report=Report.UP_TO_DATE,
    )


def status(project: Project, ap: AreaPeriod, fingerprint: dict) -> tuple[Report, list[str]]:
    """Where the area-period's report stands against its `fingerprint` now:
    up to date | out of date | failed ... | never built, with the reasons (or
    errors) behind it. The renderer and formats are not compared: only a run
    knows what it will be asked for."""
    state = read(project, ap)
    if state is None or "fingerprint" not in state:
        return Report.NEVER_BUILT, []
    if state["validation"] == Validation.FAILED:
        return Report.FAILED_VALIDATION, state.get("errors", [])
    if state["report"] != Report.BUILT:
        return Report(state["report"]), [state.get("report_error") or ""]
    reasons = plan.changes(
        state, fingerprint, project.report_dir(ap.area, ap.period), ignore=plan.RUN_OPTIONS
    )
    return (Report.OUT_OF_DATE, reasons) if reasons else (Report.UP_TO_DATE, [])


def listing(project: Project) -> list[tuple[AreaPeriod, Report, list[str], dict]]:
    """Every discovered area-period with its report status, the reasons
    behind it and its build record (empty when never built): `learnrep list`."""
    prints = plan.Fingerprints(project, plan.settings(project, "", [], project.params()))
    return [
        (ap, *status(project, ap, prints.of(ap)), read(project, ap) or {})
        for ap in discover_all(project)
    ]

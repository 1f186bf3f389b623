"""The plan of a run: which area-periods' reports are out of date, and why.

A fingerprint lists everything a report is made from, by content (SHA-256),
never by timestamp: the period's raw files and area.yml, the previous
period's raw files when the report compares with one, the notebook, the
pipeline's code, the software versions, the parameters, and the renderer and
formats asked for. A report is up to date when its last build succeeded with
the same fingerprint and the files it wrote are still there, unchanged.

Processed data has a smaller fingerprint of its own (`source`): raw files,
code and parameters. A report whose only change is, say, the notebook is
re-executed without validating and processing again.

Each area-period's files are hashed once per run, by `Fingerprints`, which
the run hands down to the report jobs, the build records, the index and the
programme overviews."""

from __future__ import annotations

from pathlib import Path

from pipeline import digests
from pipeline.config import Project
from pipeline.discover import AreaPeriod
from pipeline.errors import InputError
from pipeline.processed import read_manifest
from pipeline.raw import kind_of, read_period
from pipeline.run import provenance, provenance_key
from pipeline.status import Report

# What each part of a fingerprint is called when it is the reason for a rebuild.
PARTS = {
    "key": "the provenance key changed",
    "kind": "the report kind changed",
    "notebook": "the notebook changed",
    "code": "the pipeline's code changed",
    "software": "software versions changed",
    "params": "parameters in params.yaml changed",
    "renderer": "a different renderer was asked for",
    "formats": "different formats were asked for",
}
# `learnrep list` and the index do not know what the next run will ask for.
RUN_OPTIONS = ("renderer", "formats")


def settings(project: Project, renderer: str, formats, params: dict) -> dict:
    """The parts of a fingerprint shared by every area-period of a run. The
    provenance key's id is one: a report keyed with a key since lost is
    built again with the new one, so the team can check it again."""
    return {
        "key": provenance_key.key_id(provenance_key.load(project)),
        "code": provenance.code_hash(),
        "software": provenance.software(),
        "params": params,
        "renderer": renderer,
        "formats": sorted(formats),
    }


def previous_period(project: Project, ap: AreaPeriod) -> AreaPeriod | None:
    """The period this one compares with, if period.yml names one that exists."""
    try:
        previous = read_period(project, ap)["previous"]
    except InputError:
        return None  # validation reports the broken period.yml
    return AreaPeriod(ap.area, previous) if previous else None


class Fingerprints:
    """Every area-period's fingerprint for one run, each worked out (its
    files read and hashed) at most once, on first use."""

    def __init__(self, project: Project, shared: dict, formats=None):
        digests.load(project.digests)
        self.project = project
        self.shared = shared
        self.formats = formats  # each area-period's formats, where they differ (`run`)
        self._digests: dict[Path, str] = {}  # area.yml is shared by an area's periods
        self._inputs: dict[AreaPeriod, dict[str, str]] = {}
        self._prints: dict[AreaPeriod, dict] = {}

    def inputs(self, ap: AreaPeriod) -> dict[str, str]:
        """The area-period's raw files and area.yml, by path, with their SHA-256."""
        if ap not in self._inputs:
            self._inputs[ap] = provenance.inputs(self.project, ap, self._digest)
        return self._inputs[ap]

    def _digest(self, path: Path) -> str:
        if path not in self._digests:
            self._digests[path] = provenance.sha256(path)
        return self._digests[path]

    def of(self, ap: AreaPeriod) -> dict:
        if ap not in self._prints:
            previous = previous_period(self.project, ap)
            kind = kind_of(self.project, ap)
            notebook = self.project.notebook_for(kind)
            self._prints[ap] = {
                **self.shared,
                **({"formats": sorted(self.formats(ap))} if self.formats else {}),
                "kind": kind,
                "notebook": self._digest(notebook) if notebook.is_file() else None,
                "inputs": self.inputs(ap),
                "previous": (
                    {"period": previous.period, "inputs": self.inputs(previous)}
                    if previous
                    else None
                ),
            }
        return self._prints[ap]


def source(fingerprint: dict) -> dict:
    """What the processed data depends on."""
    return {key: fingerprint[key] for key in ("inputs", "code", "params")}


def _processed_source(project: Project, ap: AreaPeriod) -> dict | None:
    manifest = read_manifest(project.processed_dir(ap.area, ap.period))
    return manifest.get("source") if manifest else None


def processed_is_current(project: Project, ap: AreaPeriod, wanted: dict) -> bool:
    """The processed folder and validation pages were made from exactly `wanted`."""
    folder = project.steward_dir(ap.area, ap.period)
    if not ((folder / "validation.json").is_file() and (folder / "validation.html").is_file()):
        return False
    return _processed_source(project, ap) == wanted


def processed_matches_raw(project: Project, ap: AreaPeriod, prints: Fingerprints) -> bool:
    """The processed data was made from the raw files as they are now (so it is
    not left over from before a change that then failed validation)."""
    return (_processed_source(project, ap) or {}).get("inputs") == prints.inputs(ap)


def stale(
    project: Project, selected, prints: Fingerprints, records: dict, force: bool
) -> list[AreaPeriod]:
    """The selected area-periods to build again: all of them with `force`,
    else those whose build record (`records`) no longer matches them."""
    return [
        ap
        for ap in selected
        if force or changes(records[ap], prints.of(ap), project.report_dir(ap.area, ap.period))
    ]


def changes(state: dict | None, current: dict, folder: Path, ignore=()) -> list[str]:
    """Why the report recorded in `state` no longer matches `current`, in words;
    empty when it is up to date."""
    if state is None or state.get("report") != Report.BUILT or "fingerprint" not in state:
        return [Report.NEVER_BUILT.value]
    before = state["fingerprint"]
    reasons = file_changes("raw data", before["inputs"], current["inputs"])
    reasons += _previous_changes(before.get("previous"), current.get("previous"))
    for part, words in PARTS.items():
        if part not in ignore and before.get(part) != current.get(part):
            reasons.append(words + _detail(part, before.get(part), current.get(part)))
    missing = [
        name
        for name, digest in sorted(state.get("outputs", {}).items())
        if not (folder / name).is_file() or provenance.sha256(folder / name) != digest
    ]
    if missing:
        reasons.append(f"report files missing or changed since the build: {', '.join(missing)}")
    return reasons


def file_changes(what: str, before: dict, now: dict) -> list[str]:
    changed = [_name(p) for p in sorted(set(before) & set(now)) if before[p] != now[p]]
    added = [_name(p) for p in sorted(set(now) - set(before))]
    removed = [_name(p) for p in sorted(set(before) - set(now))]
    reasons = []
    for verb, files in (("changed", changed), ("added", added), ("removed", removed)):
        if files:
            reasons.append(f"{what} {verb}: {', '.join(files)}")
    return reasons


def _previous_changes(before: dict | None, now: dict | None) -> list[str]:
    if before == now:
        return []
    if before is None or now is None or before["period"] != now["period"]:
        was = before["period"] if before else "none"
        return [f"the previous period changed (was {was}, now {now['period'] if now else 'none'})"]
    return file_changes(f"previous period {now['period']}", before["inputs"], now["inputs"])


def _detail(part: str, before, now) -> str:
    if part == "software" and isinstance(before, dict) and isinstance(now, dict):
        moved = [
            f"{name} {before.get(name, 'none')} -> {now.get(name, 'none')}"
            for name in sorted(set(before) | set(now))
            if before.get(name) != now.get(name)
        ]
        return f" ({', '.join(moved)})"
    if part == "params" and isinstance(before, dict) and isinstance(now, dict):
        moved = sorted(k for k in set(before) | set(now) if before.get(k) != now.get(k))
        return f" ({', '.join(moved)})"
    if part in RUN_OPTIONS:
        return f" (was {_show(before)}, now {_show(now)})"
    return ""


def _name(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def _show(value) -> str:
    return ", ".join(value) if isinstance(value, list) else str(value)


def overlapping(project: Project, stale: list[AreaPeriod]) -> dict[AreaPeriod, list]:
    """For each stale area-period, the stale ones of the same area before it
    (by name) whose dates overlap it: its report waits for theirs."""
    from pipeline.errors import InputError
    from pipeline.raw import read_period

    dates = {}
    for ap in stale:
        try:
            period = read_period(project, ap)
            dates[ap] = (str(period["start"]), str(period["end"]))
        except InputError:
            continue  # validation says why
    return {
        ap: [
            other
            for other in sorted(dates)
            if other < ap
            and other.area == ap.area
            and dates[other][0] <= dates[ap][1]
            and dates[ap][0] <= dates[other][1]
        ]
        for ap in dates
    }

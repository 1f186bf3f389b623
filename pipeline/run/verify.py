"""`learnrep verify <report folder>`: does a report still match the inputs
and code its provenance names? The team's check (it needs the project's
provenance key, which keyed the published digests), for a report folder
under `reports/` or a copy of one taken from where it was published.

What is compared: each raw input's keyed digest (a file changed, added or
removed), the pipeline's code, the report kind and its notebook, and the
parameters in params.yaml; and, so that a report's files cannot quietly be
swapped, its notebook's recorded provenance against provenance.json and,
when the folder holds the project's last build of that area-period, every
file against the SHA-256 its build recorded. Software versions that differ
are said, not counted as a difference: the same inputs and code usually
give the same report on a newer pandas."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.config import Project
from pipeline.discover import SLUG, AreaPeriod
from pipeline.errors import InputError, UsageError
from pipeline.files import shown
from pipeline.raw import kind_of
from pipeline.run import plan, provenance, provenance_key, state

RECORD = "provenance.json"


@dataclass
class Verdict:
    ap: AreaPeriod
    checked: list[str] = field(default_factory=list)  # what matched, in words
    differences: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def verify(project: Project, folder: Path) -> Verdict:
    record = _record(folder)
    ap = AreaPeriod(record["area"], record["period"])
    key = provenance_key.load(project)
    if key is None:
        raise InputError(
            "there is no provenance key: a report is checked with the key it was built "
            "with; restore the team's copy of it",
            file=shown(project.provenance_key, project.root),
        )
    verdict = Verdict(ap)
    _inputs(project, record, key, verdict)
    _code(project, record, verdict)
    _files(project, folder, record, verdict)
    return verdict


def _record(folder: Path) -> dict:
    where = shown(folder)
    if not folder.is_dir():
        raise UsageError(
            f"{where} is not a folder; give a report's folder, e.g. reports/bolsover/2022-q1"
        )
    path = folder / RECORD
    if not path.is_file():
        raise UsageError(f"{where} is not a report folder (it has no {RECORD})")
    where = shown(path)
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        named = SLUG.fullmatch(record["area"]) and SLUG.fullmatch(record["period"])
    except (ValueError, KeyError, TypeError):
        named = False
    if not named:
        raise InputError("cannot be read as a report's provenance; rebuild the report", file=where)
    return record


def _inputs(project: Project, record: dict, key: bytes, verdict: Verdict) -> None:
    ap = verdict.ap
    if record.get("inputs_key") != provenance_key.key_id(key):
        verdict.differences.append(
            f"its inputs were keyed with another provenance key ({record.get('inputs_key')}, "
            f"this project's is {provenance_key.key_id(key)}): restore the key it was built "
            "with, or rebuild it"
        )
        return
    if not project.raw_dir(ap.area, ap.period).is_dir():
        verdict.differences.append(f"data/raw/{ap}/ no longer exists")
        return
    now = provenance.keyed_inputs(key, provenance.inputs(project, ap))
    found = plan.file_changes("raw data", record.get("inputs", {}), now)
    verdict.differences += found
    if not found:
        verdict.checked.append(f"{len(now)} input files")


def _code(project: Project, record: dict, verdict: Verdict) -> None:
    code = provenance.code_hash()
    if record.get("code_sha256") != code:
        built = str(record.get("code_sha256"))[:12]
        verdict.differences.append(
            f"the pipeline's code differs (the report's {built}, this one's {code[:12]})"
        )
    else:
        verdict.checked.append(f"the pipeline's code ({code[:12]})")
    kind = kind_of(project, verdict.ap)
    notebook = project.notebook_for(kind)
    digest = provenance.sha256(notebook) if notebook.is_file() else None
    if record.get("report_kind") != kind:
        verdict.differences.append(
            f"the report kind differs (the report's {record.get('report_kind')}, now {kind})"
        )
    elif record.get("notebook") != digest:
        verdict.differences.append(f"the notebook {shown(notebook, project.root)} differs")
    else:
        verdict.checked.append(f"the notebook ({shown(notebook, project.root)})")
    params = project.params()
    before = record.get("parameters", {})
    moved = sorted(k for k in set(before) | set(params) if before.get(k) != params.get(k))
    if moved:
        verdict.differences.append(f"parameters in params.yaml differ: {', '.join(moved)}")
    else:
        verdict.checked.append("the parameters")
    software = provenance.software()
    was = record.get("software", {})
    newer = [
        f"{name} {was.get(name, 'none')} -> {software.get(name, 'none')}"
        for name in sorted(set(was) | set(software))
        if was.get(name) != software.get(name)
    ]
    if newer:
        verdict.notes.append(f"software versions differ ({', '.join(newer)})")


def _files(project: Project, folder: Path, record: dict, verdict: Verdict) -> None:
    executed = folder / f"{state.REPORT}.ipynb"
    if executed.is_file():
        try:
            notebook = json.loads(executed.read_text(encoding="utf-8"))
            named = notebook["metadata"]["papermill"]["parameters"]["provenance"]
        except (ValueError, KeyError, TypeError):
            named = None
        if named != record:
            verdict.differences.append(f"{executed.name} was not built with this {RECORD}")
    built = (state.read(project, verdict.ap) or {}).get("outputs", {})
    if built.get(RECORD) != provenance.sha256(folder / RECORD):
        verdict.notes.append(
            f"this is not the last build of {verdict.ap}, whose files learnrep recorded: "
            f"only {RECORD} and the notebook were checked"
        )
        return
    changed = [
        name
        for name, digest in sorted(built.items())
        if (folder / name).is_file() and provenance.sha256(folder / name) != digest
    ]
    if changed:
        verdict.differences.append(f"changed since its build: {', '.join(changed)}")
    else:
        verdict.checked.append("its files, as built")

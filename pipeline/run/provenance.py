"""What produced a report: its inputs' digests keyed with the project's
secret (`provenance_key`), the code's SHA-256, the parameters and the
software. Written into the report and beside it as provenance.json, so the
team can tell whether a report still matches its inputs (`learnrep verify`)
and rebuild it, while a reader, without the key, cannot test a guess of an
input's contents against it. Nothing here reads the clock or git: the same
code, data and key give the same record, whichever commit or folder they
are built in."""

from __future__ import annotations

import functools
import hashlib
import platform
import re
from importlib import metadata
from pathlib import Path

from pipeline.config import Project
from pipeline.digests import sha256
from pipeline.discover import AreaPeriod
from pipeline.raw import kind_of
from pipeline.run import provenance_key

SOFTWARE = (
    "pandas",
    "papermill",
    "great_expectations",
    "matplotlib",
    "typst",
    "pypandoc_binary",
    "learnrep",
)


def inputs(project: Project, ap: AreaPeriod, digest=None) -> dict[str, str]:
    """Every file the report is built from, by path relative to the project,
    with its SHA-256 (from `digest`, when the caller keeps them)."""
    digest = digest or sha256
    folder = project.raw_dir(ap.area, ap.period)
    files = [project.raw_dir(ap.area) / "area.yml"]
    files += sorted(p for p in folder.iterdir() if p.is_file())
    if (folder / "images").is_dir():  # the narrative's images (contract section 5)
        files += sorted(p for p in (folder / "images").iterdir() if p.is_file())
    return {
        p.relative_to(project.root).as_posix(): digest(p)
        for p in files
        if p.is_file() and not p.name.startswith(".")
    }


@functools.cache
def code_hash() -> str:
    """One SHA-256 over the pipeline package's files (code and templates), so
    any change to what runs is seen, committed or not."""
    package = Path(__file__).parent.parent  # pipeline/
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            digest.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0")
            digest.update(sha256(path).encode("ascii"))
    return digest.hexdigest()


def software() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in SOFTWARE:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return found


def keyed_inputs(key: bytes, hashed: dict[str, str]) -> dict[str, str]:
    """The inputs' SHA-256 (private) as the digests a report publishes, by
    the names it publishes them under (`published_names`)."""
    names = published_names(list(hashed))
    return {names[path]: provenance_key.keyed(key, digest) for path, digest in hashed.items()}


def published_names(paths: list[str]) -> dict[str, str]:
    """Each input's path as a report names it: the files the contract names
    as they are (area.yml, period.yml, the narrative, a dataset), any other
    by its folder, its kind and its place there ("images/image 2.png"). An
    outsider's photo was saved as `jo.bloggs@example.org_07911123456.png`,
    a name a phone or a volunteer gives, and provenance.json published it."""
    from pipeline.contract import DATASETS
    from pipeline.raw.inventory import NARRATIVES, TABLE_SUFFIXES

    fixed = {"area.yml", "period.yml", *NARRATIVES}
    fixed |= {f"{dataset}{suffix}" for dataset in DATASETS for suffix in TABLE_SUFFIXES}
    names, counted = {}, {}
    for path in sorted(paths):
        folder, _, name = path.rpartition("/")
        if name.lower() in fixed:
            names[path] = path
            continue
        counted[folder] = counted.get(folder, 0) + 1
        suffix = Path(name).suffix.lower()
        suffix = suffix if re.fullmatch(r"\.[a-z0-9]{1,5}", suffix) else ""
        kind = "image" if folder.endswith("/images") else "file"
        names[path] = f"{folder}/{kind} {counted[folder]}{suffix}"
    return names


def provenance(
    project: Project, ap: AreaPeriod, params: dict, renderer: str, hashed: dict | None = None
) -> dict:
    """The record of one report. `hashed` is the inputs' SHA-256 as the run
    already worked them out; without it the files are hashed here. The
    project's key is made if it has none."""
    key = provenance_key.ensure(project)
    return {
        "area": ap.area,
        "period": ap.period,
        "inputs": keyed_inputs(key, hashed if hashed else inputs(project, ap)),
        "inputs_key": provenance_key.key_id(key),
        "report_kind": (kind := kind_of(project, ap)),
        "notebook": sha256(nb) if (nb := project.notebook_for(kind)).is_file() else None,
        "learnrep_version": metadata.version("learnrep"),
        "code_sha256": code_hash(),
        "parameters": params,
        "renderer": renderer,
        "software": software(),
    }

"""What an area-period's folder holds, each entry named for what learnrep
makes of it, so that nothing an evaluator put there is passed over in
silence:

- a file learnrep reads: period.yml, the narrative (narrative.md or .docx),
  a dataset (survey.csv or survey.xlsx) and the images/ folder. Case is
  ignored (`Survey.CSV` is survey.csv), as Windows and macOS ignore it, so
  a folder reads the same on every machine;
- a file refused in one line that says what to do (an error: the run
  stops rather than report the dataset as not provided): an old or other
  spreadsheet format (`survey.xls`, `survey.ods`), a second download or
  copy (`survey (1).csv`, `Copy of survey.csv`: which of two copies is
  meant is the evaluator's call, never learnrep's), or a name close to a
  dataset's (`surveys.csv`, `bolsover-survey.csv`) when that dataset is not
  otherwise there;
- anything else: a warning naming it, with the closest name learnrep reads
  when there is one.

The computer's own files (`.DS_Store`, `Thumbs.db`, Office's `~$` lock
files) are left alone without a word."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.config import Project
from pipeline.contract import DATASETS
from pipeline.discover import AreaPeriod
from pipeline.errors import InputError
from pipeline.raw.paths import checked_path, display_path

TABLE_SUFFIXES = (".csv", ".xlsx")
NARRATIVES = ("narrative.md", "narrative.docx")
FOLDERS = ("images",)
_SYSTEM = {".ds_store", "thumbs.db", "desktop.ini"}
# "Copy of survey.csv", "survey - Copy.csv", "survey (1).csv", "survey(2).csv"
_COPY = re.compile(r"(?:copy of )?(.*?)(?: - copy)?(?: ?\(\d+\))?", re.IGNORECASE)
_OTHER_FORMATS = {
    ".xls": "an Excel 97-2003 workbook",
    ".xlsm": "an Excel workbook with macros",
    ".ods": "an OpenDocument spreadsheet",
    ".numbers": "a Numbers spreadsheet",
    ".doc": "a Word 97-2003 document",
    ".odt": "an OpenDocument text",
    ".rtf": "a rich text document",
}
# What a dataset or the narrative may have been saved as by mistake: a file
# with any other suffix (a PDF of the survey's questions, say) only warns.
_TABLE_LIKE = (".csv", ".xlsx", ".xls", ".xlsm", ".ods", ".numbers", ".tsv", ".txt", "")
_TEXT_LIKE = (".md", ".markdown", ".docx", ".doc", ".odt", ".rtf", ".txt", "")


@dataclass
class Inventory:
    """An area-period folder's entries, sorted by what learnrep does with them."""

    tables: dict[str, list[Path]] = field(default_factory=dict)  # dataset -> its file(s)
    narratives: list[Path] = field(default_factory=list)
    refused: dict[Path, tuple[str | None, str]] = field(default_factory=dict)  # (dataset, why)
    unknown: list[str] = field(default_factory=list)  # one warning line each

    def table(self, project: Project, name: str) -> Path | None:
        """The dataset's file; two of them (survey.csv and survey.xlsx) is an error."""
        return _one(project, self.tables.get(name, []))

    def narrative(self, project: Project) -> Path | None:
        return _one(project, self.narratives)

    def errors(self, project: Project) -> list[tuple[str | None, Path, InputError]]:
        """Each refused file as (the dataset it stands in for, if that dataset
        has no file of its own; the file; the one-line error)."""
        found = []
        for path, (target, why) in self.refused.items():
            own = self.tables.get(target) if target in DATASETS else self.narratives
            found.append(
                (None if own else target, path, InputError(why, file=display_path(project, path)))
            )
        return found


def _one(project: Project, paths: list[Path]) -> Path | None:
    if len(paths) > 1:
        raise InputError(
            f"both {' and '.join(p.name for p in paths)} are present; keep one",
            file=display_path(project, paths[0].parent),
        )
    return checked_path(project, paths[0]) if paths else None


def inventory(project: Project, ap: AreaPeriod) -> Inventory:
    """Every entry of the area-period's folder, sorted (see the module's docstring)."""
    found = Inventory()
    near: list[tuple[Path, str]] = []
    entries = sorted(project.raw_dir(ap.area, ap.period).iterdir(), key=lambda p: p.name)
    for path in entries:
        lower = path.name.lower()
        stem, suffix = _stem(lower), _suffix(lower)
        if lower.startswith((".", "~$")) or lower in _SYSTEM:
            continue
        if path.is_dir() and not path.is_symlink():
            if lower not in FOLDERS:
                found.unknown.append(_unread(project, path, "folder"))
        elif lower == "period.yml":
            continue
        elif lower in NARRATIVES:
            found.narratives.append(path)
        elif stem in DATASETS and suffix in TABLE_SUFFIXES and "." not in lower[len(stem) + 1 :]:
            found.tables.setdefault(stem, []).append(path)
        else:
            near.append((path, stem))
    found.narratives.sort(key=lambda p: p.name.lower() != NARRATIVES[0])  # .md named first
    for path, stem in near:  # after every file learnrep reads is known
        _sort_out(project, found, path, stem)
    found.unknown.sort()  # by path, folders and files together
    return found


def _stem(lower: str) -> str:
    return lower.split(".", 1)[0]


def _suffix(lower: str) -> str:
    return "." + lower.rsplit(".", 1)[1] if "." in lower else ""


def _sort_out(project: Project, found: Inventory, path: Path, stem: str) -> None:
    """A file that is not one learnrep reads: refused, when it is most likely
    a dataset or the narrative under another name or format, else a warning."""
    suffix = _suffix(path.name.lower())
    core = _COPY.fullmatch(stem)[1].strip()
    target = _meant(core)
    dataset = target in DATASETS
    if target is None or suffix not in (_TABLE_LIKE if dataset else _TEXT_LIKE):
        found.unknown.append(_unread(project, path, "file"))
        return
    proper = f"{target}.csv or {target}.xlsx" if dataset else "narrative.md or narrative.docx"
    formats = TABLE_SUFFIXES if dataset else (".md", ".docx")
    what = f"the {target} data" if dataset else "the narrative"
    if core != stem:
        why = (
            f"looks like a second download or a copy of {target}{suffix} (a browser adds "
            f'" (1)" to a file downloaded twice); learnrep reads only {proper}: give the one '
            "you mean that name and delete the other"
        )
    elif core == target and suffix not in formats:
        why = _save_as(target, suffix)
    elif own := (found.tables.get(target) if dataset else found.narratives):
        # The dataset is there under its own name: this is something else.
        found.unknown.append(_unread(project, path, "file", f"{own[0].name} is {what}"))
        return
    else:
        named = f"{target}{suffix if suffix in formats else formats[0]}"
        why = f"is not a file learnrep reads; if it holds {what}, rename it {named}"
    found.refused[path] = (target, why)


def _meant(core: str) -> str | None:
    """The dataset (or the narrative) a file's name most likely means:
    that name, a word of it (`bolsover-survey`), or a close spelling (`surveys`)."""
    names = [*DATASETS, "narrative"]
    if core in names:
        return core
    words = [w for w in re.split(r"[^a-z0-9]+", core) if w in names]
    if words:
        return words[0]
    close = difflib.get_close_matches(core, names, n=1, cutoff=0.8)
    return close[0] if close else None


def _save_as(target: str, suffix: str) -> str:
    """What a dataset or narrative saved in a format learnrep does not read is,
    and how to save it as one it does."""
    kind = _OTHER_FORMATS.get(suffix, f"a {suffix or 'extension-less'} file")
    if target == "narrative" and suffix in (".txt", ".markdown", ""):
        return f"is {kind}; rename it narrative.md (Markdown is plain text)"
    if target == "narrative":
        return (
            f"is {kind}, which learnrep does not read; open it in Word and save it as "
            "narrative.docx (Word Document)"
        )
    return (
        f"is {kind}, which learnrep does not read; open it in your spreadsheet program and "
        f"save it as {target}.xlsx (Excel Workbook) or {target}.csv (CSV UTF-8)"
    )


def _unread(project: Project, path: Path, what: str, hint: str = "") -> str:
    names = FOLDERS if what == "folder" else ("period.yml", *NARRATIVES)
    close = difflib.get_close_matches(path.name.lower(), names, n=1, cutoff=0.8)
    hint = hint or (f"did you mean {close[0]}?" if close else "")
    said = f"{display_path(project, path)}: is not a {what} learnrep reads, so it was not used"
    return f"{said} ({hint})" if hint else said

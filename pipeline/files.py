"""Writing outputs safely: each file is written beside its target and renamed
into place, so an interrupted run never leaves half a file where a good one
was; and a lock, so two runs never write the same project at once.

Every temporary name carries `TEMPORARY`, so the next run can sweep away what
a killed run left (`sweep_leftovers`) without guessing. A write the operating
system refuses (full disk, read-only folder, file-size limit) becomes an
`OutputError` naming the file, with the good file it would have replaced
untouched."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from pathlib import Path

from pipeline.errors import OutputError

TEMPORARY = ".learnrep-tmp-"

# The machine refusing a write: the user's to fix (space, permissions, limits).
REFUSED_WRITE = {
    errno.ENOSPC,
    errno.EDQUOT,
    errno.EROFS,
    errno.EACCES,
    errno.EPERM,
    errno.EFBIG,
    errno.EIO,
}


def temporary_prefix(target: Path) -> str:
    """The name prefix of a temporary file or folder standing in for `target`."""
    return f".{target.name}{TEMPORARY}"


# An absolute path in a message: "/tmp/learnrep-render-x/report.typ" (not
# "data/raw/a", nor the path of a web address).
_ABSOLUTE = re.compile(r"(?<![\w.:/])(?:/[^\s/'\":;,()\[\]]+)+/?")


def without_machine_paths(text: str, root: Path) -> str:
    """A message as it may be shown and recorded: paths in the project
    relative to it, any other absolute path cut to its last part, so nothing
    of the building machine's folders is shown."""
    text = text.replace(f"{root}{os.sep}", "").replace(str(root), ".")
    return _ABSOLUTE.sub(lambda found: found.group(0).rstrip("/").rsplit("/", 1)[-1], text)


@contextmanager
def refused_writes(
    path: Path,
    failed: str = "could not write it",
    kept: str = "the previous version, if any, is unchanged",
):
    """Turn the operating system refusing a write into one line naming the file."""
    try:
        yield
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise OutputError(f"{failed} ({reason}); {kept}", file=shown(path)) from None


def shown(path: Path | str, root: Path | None = None) -> str:
    """A path in a message: relative to the project, as a user would type it
    (`data/raw/bolsover/2022-q1/survey.csv`). The project is `root`, or the
    one learnrep works on: LEARNREP_ROOT, else the current folder."""
    base = Path(root or os.environ.get("LEARNREP_ROOT") or Path.cwd())
    with contextlib.suppress(ValueError):
        return Path(path).relative_to(base).as_posix()
    with contextlib.suppress(ValueError, OSError):  # the same place by another name
        return Path(path).resolve().relative_to(base.resolve()).as_posix()
    return str(path)


def write_bytes_atomic(path: Path, data: bytes) -> Path:
    """Replace `path` with `data` in one rename. A file that already holds
    exactly `data` is left alone, so an unchanged output keeps its timestamp."""
    write_files_atomic(path.parent, {path.name: data})
    return path


def write_text_atomic(path: Path, text: str) -> Path:
    return write_bytes_atomic(path, text.encode("utf-8"))


def write_files_atomic(
    folder: Path, files: dict[str, bytes], before_replacing: Callable[[], object] | None = None
) -> None:
    """Write every file to a temporary beside its target first, and rename
    them into place only once all are written: a full disk half way leaves
    every old file as it was, not a mix of old and new. A rename that fails,
    or is interrupted, puts back the files renamed before it. Files that
    already hold exactly their new bytes are left alone. `before_replacing`
    is called once all are written, before the first rename: a report is
    recorded as published then (an outsider's Ctrl-C, landing between the
    page's rename and the last file's, took back the record of a page
    already in reports/)."""
    changed = {name: data for name, data in files.items() if not _holds(folder / name, data)}
    staged: dict[str, str] = {}
    done: dict[str, str | None] = {}  # each file renamed into place: a copy of the one it replaced
    finished = False
    try:
        for name, data in sorted(changed.items()):
            target = folder / name
            with refused_writes(target):
                folder.mkdir(parents=True, exist_ok=True)
                handle, staged[name] = tempfile.mkstemp(prefix=temporary_prefix(target), dir=folder)
                with os.fdopen(handle, "wb") as out:
                    out.write(data)
                    out.flush()
                    os.fsync(out.fileno())
                os.chmod(staged[name], 0o644)
        if before_replacing is not None:
            before_replacing()
        for name in sorted(staged):
            target = folder / name
            with refused_writes(target):
                # Noted before the rename, so an interrupt just after it is put back
                # too (the old bytes again, if the rename did not happen).
                done[name] = _kept_copy(target)
                os.replace(staged[name], target)
                del staged[name]
        finished = True
    finally:
        for name, copy in done.items():
            if finished:
                _discard(copy)
            else:  # the old file back where there was one, else none
                with contextlib.suppress(OSError):
                    if copy is None:
                        (folder / name).unlink(missing_ok=True)
                    else:
                        os.replace(copy, folder / name)
        for temporary in staged.values():
            Path(temporary).unlink(missing_ok=True)


def _kept_copy(target: Path) -> str | None:
    """A second name for `target`'s bytes as they are (None: no file there)."""
    if not target.is_file():
        return None
    handle, copy = tempfile.mkstemp(prefix=temporary_prefix(target), dir=target.parent)
    os.close(handle)
    try:
        os.unlink(copy)  # the name is ours: a hard link takes it
        os.link(target, copy)
    except OSError:  # a file system without hard links
        shutil.copy2(target, copy)
    return copy


def _discard(copy: str | None) -> None:
    if copy is not None:
        Path(copy).unlink(missing_ok=True)


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def replace_folder(building: Path, target: Path) -> None:
    """Put the folder `building` where `target` is, with one rename each way,
    so readers see the old folder or the new one, never half of either."""
    old = target.with_name(f"{temporary_prefix(target)}old")
    shutil.rmtree(old, ignore_errors=True)
    with refused_writes(target):
        if target.exists():
            target.rename(old)
        building.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def sweep_leftovers(folders: Iterable[Path]) -> None:
    """Remove the temporaries a killed run left behind. Only called by the
    run that holds the project's lock, so none of them is still in use."""
    for folder in folders:
        if not folder.is_dir():
            continue
        leftovers = []
        # os.walk, not Path.rglob: this runs at the start of every run, over
        # every report folder, and rglob took a run with nothing to do a
        # tenth of its time at 160 area-periods.
        for parent, dirs, files in os.walk(folder):
            for name in files + dirs:
                if TEMPORARY in name:
                    leftovers.append(Path(parent, name))
            dirs[:] = [d for d in dirs if TEMPORARY not in d]  # going, whole
        for path in sorted(leftovers, key=lambda p: len(p.parts), reverse=True):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()


def check_writable(folders: Iterable[Path]) -> None:
    """Before any work: each output folder can take a new file. A read-only
    folder is then one clear line, not a failure half way through a run."""
    for folder in folders:
        with refused_writes(folder, "learnrep cannot write in this folder", "nothing was changed"):
            folder.mkdir(parents=True, exist_ok=True)
            handle, probe = tempfile.mkstemp(prefix=temporary_prefix(folder / "probe"), dir=folder)
            os.close(handle)
            os.unlink(probe)


@contextmanager
def project_lock(state: Path, on_wait: Callable[[str], None]):
    """One writing run per project at a time. A second run waits, saying so;
    the operating system releases the lock if the holder dies, even by
    SIGKILL, so a killed run never blocks the next one."""
    import fcntl  # POSIX: Linux and macOS (on Windows, use WSL)

    with refused_writes(state / "run.lock"):
        state.mkdir(parents=True, exist_ok=True)
        handle = (state / "run.lock").open("a+", encoding="utf-8")
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            on_wait(
                f"another learnrep run (process {holder}) is writing to this project; "
                "waiting for it to finish ..."
            )
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)

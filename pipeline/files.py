"""Writing outputs safely: each file is written beside its target and renamed
into place, so an interrupted run never leaves half a file where a good one
was; and a lock, so two runs never write the same project at once."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path


def write_bytes_atomic(path: Path, data: bytes) -> Path:
    """Replace `path` with `data` in one rename. A file that already holds
    exactly `data` is left alone, so an unchanged output keeps its timestamp."""
    if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def write_text_atomic(path: Path, text: str) -> Path:
    return write_bytes_atomic(path, text.encode("utf-8"))


def replace_folder(building: Path, target: Path) -> None:
    """Put the folder `building` where `target` is, with one rename each way,
    so readers see the old folder or the new one, never half of either."""
    import shutil

    old = target.with_name(f".{target.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    building.rename(target)
    shutil.rmtree(old, ignore_errors=True)


@contextmanager
def project_lock(state: Path, on_wait: Callable[[str], None]):
    """One writing run per project at a time. A second run waits, saying so;
    the operating system releases the lock if the holder dies, even by
    SIGKILL, so a killed run never blocks the next one."""
    import fcntl  # POSIX: Linux and macOS (on Windows, use WSL)

    state.mkdir(parents=True, exist_ok=True)
    with (state / "run.lock").open("a+", encoding="utf-8") as handle:
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

"""SHA-256 of files, each file read again only when it may have changed.

A run compares every report's files and raw inputs with its build record by
content, and re-reading them all cost a run with nothing to do most of its
time (430 MB of reports at 160 area-periods, read twice). So, as git's index
and DVC's state do, a file's digest is reused while what the file system
says of it is unchanged: its size, inode, and the times of its last
modification and last change. Any write to a file moves its change time
(ctime), which the tools people use cannot set back (touch, cp -p and rsync
set only the modification time), so a changed file is always read again.

A file changed within `RECENT_NS` of being hashed is never remembered: two
writes within one tick of the file system's clock can leave the same times,
so its digest is worked out again next time. The digests are kept between
runs in the project's state folder (.learnrep/digests.json), written by
learnrep alone, as its build records are; an unreadable file is ignored."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from pathlib import Path

RECENT_NS = 2_000_000_000

# Absolute path -> ((size, inode, mtime ns, ctime ns), SHA-256 hex).
_known: dict[str, tuple[tuple[int, int, int, int], str]] = {}
_added = False  # whether _known holds something not yet saved


def identity(path: str | Path) -> tuple[tuple[int, int, int, int], bool]:
    """What the file system says of the file (size, inode, modification and
    change times), and whether it is old enough to be remembered by."""
    stat = os.stat(path)
    key = (stat.st_size, stat.st_ino, stat.st_mtime_ns, stat.st_ctime_ns)
    return key, time.time_ns() - max(stat.st_mtime_ns, stat.st_ctime_ns) > RECENT_NS


def sha256(path: Path) -> str:
    global _added
    name = os.path.abspath(path)
    key, settled = identity(name)
    known = _known.get(name)
    if known is not None and known[0] == key:
        return known[1]
    digest = hashlib.sha256()
    with open(name, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    value = digest.hexdigest()
    if settled:
        _known[name] = (key, value)
        _added = True
    elif known is not None:
        del _known[name]
    return value


def load(path: Path) -> None:
    """Add the digests kept in `path`, if it can be read."""
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
        entries = {
            name: ((int(size), int(inode), int(mtime), int(ctime)), str(digest))
            for name, (size, inode, mtime, ctime, digest) in kept.items()
        }
    except (OSError, ValueError, TypeError, AttributeError):
        return
    for name, entry in entries.items():
        _known.setdefault(name, entry)


def save(path: Path) -> None:
    """Keep the digests of files still as they were hashed, when there are
    new ones; a failed write loses only time."""
    global _added
    if not _added:
        return
    from pipeline.errors import OutputError
    from pipeline.files import write_text_atomic

    kept = {}
    for name, (key, digest) in sorted(_known.items()):
        with contextlib.suppress(OSError):
            if identity(name)[0] == key:
                kept[name] = [*key, digest]
    with contextlib.suppress(OSError, OutputError):
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(path, json.dumps(kept, separators=(",", ":")))
        _added = False

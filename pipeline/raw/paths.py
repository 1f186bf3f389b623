"""Where a raw file is, as a user would name it, and a refusal to follow a
link out of data/raw: every reader in this package goes through here."""

from __future__ import annotations

import functools
from pathlib import Path

from pipeline.config import Project
from pipeline.discover import is_inside
from pipeline.errors import InputError
from pipeline.files import shown


def display_path(project: Project, path: Path) -> str:
    """Paths in messages are relative to the project, as a user would type them."""
    return _shown(project.root, path)


@functools.lru_cache(maxsize=4096)  # asked for every metadata file a run reads, often
def _shown(root: Path, path: Path) -> str:
    return shown(path, root)


def checked_path(project: Project, path: Path) -> Path:
    """Refuse a file that is (or sits behind) a link leading out of data/raw."""
    if not is_inside(path, project.raw):
        raise InputError(
            "is a link to a file outside data/raw; learnrep only reads inside data/raw, "
            "so copy the file in instead",
            file=display_path(project, path),
        )
    return path

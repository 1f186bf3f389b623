"""Where a raw file is, as a user would name it, and a refusal to follow a
link out of data/raw: every reader in this package goes through here."""

from __future__ import annotations

from pathlib import Path

from pipeline.config import Project
from pipeline.discover import is_inside
from pipeline.errors import InputError
from pipeline.files import shown


def display_path(project: Project, path: Path) -> str:
    """Paths in messages are relative to the project, as a user would type them."""
    return shown(path, project.root)


def checked_path(project: Project, path: Path) -> Path:
    """Refuse a file that is (or sits behind) a link leading out of data/raw."""
    if not is_inside(path, project.raw):
        raise InputError(
            "is a link to a file outside data/raw; learnrep only reads inside data/raw, "
            "so copy the file in instead",
            file=display_path(project, path),
        )
    return path

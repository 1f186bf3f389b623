"""One exception tree. Every error a user can act on is a LearnrepError and
prints as one line naming where the problem is; anything else is our bug and
keeps its traceback."""

from __future__ import annotations

from pathlib import Path


class LearnrepError(Exception):
    """A problem the user can fix. `str()` is the one line the CLI prints."""

    exit_code = 1

    def __init__(
        self,
        message: str,
        *,
        file: Path | str | None = None,
        row: int | None = None,
        column: str | None = None,
        area: str | None = None,
        period: str | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.row = row
        self.column = column
        self.area = area
        self.period = period

    def where(self) -> str:
        parts = [p for p in (self.file, f"row {self.row}" if self.row else None) if p]
        place = " ".join(parts)
        if self.column:
            place = f"{place}, column {self.column}" if place else f"column {self.column}"
        return place

    def __str__(self) -> str:
        where = self.where()
        return f"{where}: {self.message}" if where else self.message


class UsageError(LearnrepError):
    """Bad command-line arguments (exit 2), e.g. an area that is not a slug."""

    exit_code = 2


class InputError(LearnrepError):
    """Raw data or metadata that breaks the contract in a way that stops it being read."""


class OutputError(LearnrepError):
    """The operating system refused to write an output: a full disk, a
    read-only folder, a file-size limit. Nothing good was overwritten."""


class AreaPeriodExists(LearnrepError):
    """`new-period` refuses to touch a folder that is already there."""

"""One exception tree. Every error a user can act on is a LearnrepError and
prints as one line naming where the problem is (file, row, column,
area-period), what was expected and how to fix it. Anything else that
escapes is a bug in learnrep and keeps its traceback: nothing here is ever
raised for a failure the user cannot fix."""

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


class ImageRefused(InputError):
    """An image the narrative shows that cannot be published: not readable as
    what its name says, too large, or (an SVG) able to run or fetch
    something. The message says why and how to fix it."""


class OutputError(LearnrepError):
    """The operating system refused to write an output: a full disk, a
    read-only folder, a file-size limit. Nothing good was overwritten."""


class AreaPeriodExists(LearnrepError):
    """`new-period` refuses to touch a folder that is already there."""


class PeriodsOverlap(LearnrepError):
    """`new-period` refuses a period whose dates overlap another period of the
    same area (or follow a --from period that ends after it starts), unless
    --allow-overlap says it is meant."""


class LedgerDamaged(LearnrepError):
    """A publication recorded in data/ledger has lost the processed tables
    kept beside it, so what it counted cannot be audited again."""


class NotProcessedYet(LearnrepError):
    """`learnrep open` needs the area-period's processed data: run it first."""


class ProjectFileMissing(LearnrepError):
    """A file the project ships (the report notebook) has been deleted or
    moved; restoring it from git fixes it."""


class NotebookUnfit(LearnrepError):
    """The notebook a report kind names does not exist, or its parameters
    cell does not take exactly the parameters learnrep passes."""


class ExecutionError(LearnrepError):
    """The report notebook raised, or its kernel died or never started. The
    message is one line naming the cell and the kind of error, and where the
    notebook as far as it ran is kept, with the error's words and traceback:
    in the team's validation/ tree, never beside the published report."""


class RenderError(LearnrepError):
    """Quarto, pandoc or typst could not turn the executed notebook into a
    document. The message is the tool's own first line of complaint."""


class DaskUnavailable(LearnrepError):
    """`--scheduler` names a Dask cluster that cannot be reached, or that has
    no workers to run reports on."""


class ExtraMissing(LearnrepError):
    """A command needs an optional part of learnrep that this installation
    left out (`learnrep[lab]` for `learnrep open`, `learnrep[dask]` for
    `--scheduler`). The message names the extra and how to install it."""


def extra_missing(feature: str, extra: str, module: str) -> ExtraMissing:
    return ExtraMissing(
        f"{feature} needs {module}, which is not installed: install learnrep with the "
        f"`{extra}` extra (pip install 'learnrep[{extra}]'; `make setup` installs every extra)"
    )


class PortUnavailable(LearnrepError):
    """`learnrep preview` cannot listen on the port asked for (in use, or
    not allowed)."""


class KernelStartFailed(RuntimeError):
    """A report's kernel died or stayed silent before it was ready, or the
    warm template it is forked from could not start. Not a LearnrepError:
    nothing in the user's data causes it. The report it was for fails with
    this as its one line, and the run goes on (jupyter_client raises a bare
    RuntimeError for the same thing, which would hide real bugs)."""


class RunIncomplete(LearnrepError):
    """Every area-period was dealt with, but a run-wide output (Data Docs)
    could not be written. Carries the results, so their summary is still
    shown before the error."""

    def __init__(self, error: LearnrepError, results: list):
        super().__init__(str(error))
        self.results = results

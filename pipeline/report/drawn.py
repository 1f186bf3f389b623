"""Figures drawn before, kept by exactly what they were drawn from.

A figure's SVG is a pure function of the chart's arguments, the chart code
and the plotting libraries: the files are byte-identical across rebuilds
(`tests/test_end_to_end.py`). Drawing the 14 figures of a report costs
about 2 s of CPU, most of a rebuild that changed only the narrative (as
`learnrep preview` does on every save) or nothing in the data (`--force`,
a notebook or parameter change). So each figure is kept under the SHA-256
of its arguments, the code that draws it (`charts.py`, and the module of
the chart, e.g. `timeline.py`) and the libraries' versions, and a kernel
asked for the same figure again reads it instead of drawing it.

Arguments are keyed by value and type; one of a type not listed here (a
pandas Series, whose index a chart could use) is never keyed, and the
figure is drawn. Kept figures live in the project's state folder
(.learnrep/figures/<area>/<period>/), written by learnrep alone; after each
report its worker removes the ones that report did not use, so the folder
holds one report's figures per area-period. The process that runs a
report names the folder (`keep_in`), for itself and for its kernel
(`execute.kernels`); where none is named nothing is kept."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
import os
import sys
from importlib import metadata
from pathlib import Path

_kept: Path | None = None  # set by `keep_in`
_folder: Path | None = None  # the area-period's, under it


def keep_in(folder: Path | None) -> None:
    """Keep the figures this process draws under `folder` (None: keep none)."""
    global _kept
    _kept = None if folder is None else Path(folder)


def kept_in() -> Path | None:
    return _kept


def keep_for(processed_dir) -> None:
    """Keep this process's figures for the area-period of `processed_dir`
    (data/processed/<area>/<period>), when a folder was named."""
    global _folder
    _folder = Path(_kept, *Path(processed_dir).parts[-2:]) if _kept else None


def _plain(value):
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int | float):
        return [type(value).__name__, repr(value)]
    if type(value).__module__ == "numpy" and getattr(value, "ndim", None) == 0:
        return [type(value).__name__, repr(value.item())]  # a numpy number
    if isinstance(value, dt.date):  # and datetime, and pandas' Timestamp
        return [type(value).__name__, value.isoformat()]
    if type(value) in (list, tuple):
        return [type(value).__name__, [_plain(v) for v in value]]
    if type(value) is dict:
        return ["dict", [[_plain(k), _plain(v)] for k, v in value.items()]]
    # A value that may not say everything a chart could use from it.
    raise TypeError(f"{type(value).__name__} is not keyed")


@functools.cache
def _salt(module: str) -> bytes:
    """The libraries' versions and the code of the charts' style and of the
    chart's own module: a change to either draws the figure again."""
    versions = [metadata.version(name) for name in ("matplotlib", "seaborn", "pandas", "numpy")]
    code = Path(__file__).with_name("charts.py").read_bytes()
    code += Path(sys.modules[module].__file__).read_bytes()
    return hashlib.sha256(code + json.dumps(versions).encode()).digest()


def kept(draw):
    """Decorate a chart function returning SVG text: keep what it draws."""

    @functools.wraps(draw)
    def drawing(*args, **kwargs):
        folder = _folder
        if folder is None:
            return draw(*args, **kwargs)
        try:
            what = json.dumps([draw.__name__, _plain(list(args)), _plain(kwargs)])
        except TypeError:
            return draw(*args, **kwargs)
        salt = _salt(draw.__module__)
        path = folder / f"{hashlib.sha256(salt + what.encode()).hexdigest()}.svg"
        with contextlib.suppress(OSError, UnicodeDecodeError):
            svg = path.read_text(encoding="utf-8")
            os.utime(path)  # used by this report: kept when the worker prunes
            return svg
        svg = draw(*args, **kwargs)
        from pipeline.errors import OutputError
        from pipeline.files import write_text_atomic

        with contextlib.suppress(OSError, OutputError):  # only time is lost
            folder.mkdir(parents=True, exist_ok=True)
            write_text_atomic(path, svg)
        return svg

    return drawing


def prune(folder: Path, since: float) -> None:
    """Remove the figures in `folder` no report has used since `since` (a
    time.time()); a second's margin for the file system's coarser clock."""
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            with contextlib.suppress(OSError):
                if entry.name.endswith(".svg") and entry.stat().st_mtime < since - 1:
                    os.unlink(entry.path)

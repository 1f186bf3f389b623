"""Imports that learnrep turns away, for start-up time, written against
jsonschema 4.26.0 and GX 1.24.1 (`PATCHES` in this package's `__init__`).
`apply` is called as each of learnrep's processes starts (the command line,
the report workers' server, a kernel template started on its own), before
anything imports jsonschema (nbformat, papermill and GX all do).

jsonschema checks the `iri` and `iri-reference` formats with
`rfc3987_syntax` when it is installed (JupyterLab's jupyter-events brings it
in). That module builds 38 lark grammars as it is imported: 1.6 s of CPU in
every process that imports nbformat or GX, which is the run, each worker and
each kernel template. learnrep never checks those formats (nbformat
validates notebooks without a format checker), so the module is marked as
absent and jsonschema leaves those two formats unchecked, as it does when
the package is not installed. `tests/test_patches.py` fails when jsonschema
stops treating it as optional.

`lazily` is for the process that imports GX: one of GX's expectations
learnrep never uses (KL divergence) imports SciPy's statistics and Altair
at the top of its module, 2 s of every `learnrep validate` and `run`. Those
two are stood in for until something reads a name from them, so they are
imported only if something uses them.

`hidden` is for the same import: GX imports SQLAlchemy when it is installed,
to offer SQL data sources (about 0.7 s of CPU here). learnrep does not depend on
SQLAlchemy; it arrives only with Snakemake, a development dependency of the
benchmark. While GX imports, it is hidden, so GX starts as it does in a
user's install, where it is absent; anything importing it later gets it."""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from contextlib import contextmanager

from pipeline.patches import applies

TURNED_AWAY = ("rfc3987_syntax",)
LOADED_ON_USE = ("scipy.stats", "altair")
HIDDEN_FROM_GX = ("sqlalchemy",)


def apply() -> None:
    if not applies("imports.rfc3987_syntax"):
        return
    for name in TURNED_AWAY:
        # None in sys.modules makes `import name` raise ImportError; a process
        # that has already imported it keeps it.
        sys.modules.setdefault(name, None)


def lazily(names: tuple[str, ...] = LOADED_ON_USE) -> None:
    """Each module not yet imported is stood in for until a name in it is used."""
    if not applies("imports.lazy_for_gx"):
        return
    for name in names:
        if name in sys.modules:
            continue
        spec = importlib.util.find_spec(name)
        if spec is None:
            continue  # not installed: its importers raise as they would have
        stand_in = _LoadedOnUse(name)
        stand_in.__spec__ = spec  # what `import` reads of a module already imported
        sys.modules[name] = stand_in
        parent, _, child = name.rpartition(".")
        if parent:
            setattr(sys.modules[parent], child, stand_in)


@contextmanager
def hidden(names: tuple[str, ...] = HIDDEN_FROM_GX):
    """Within the block, `import name` raises ImportError for each module not
    yet imported; afterwards it imports as usual."""
    if not applies("imports.hidden_from_gx"):
        yield
        return
    added = [name for name in names if name not in sys.modules]
    for name in added:
        sys.modules[name] = None
    try:
        yield
    finally:
        for name in added:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]


class _LoadedOnUse(types.ModuleType):
    """A module's stand-in, until something reads a name from it; then the
    module is imported and every name read through the stand-in (kept by
    whoever imported it early) comes from the module itself. Python 3.11's
    LazyLoader cannot do this: `import` itself reads `__spec__`, which
    makes it load."""

    def __getattr__(self, attribute: str):
        name = self.__name__
        if sys.modules.get(name) is self:
            del sys.modules[name]
        return getattr(importlib.import_module(name), attribute)

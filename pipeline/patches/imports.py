"""Imports that learnrep turns away, for start-up time, written against
jsonschema 4.26. Applied by `pipeline/__init__.py`, so before anything
imports jsonschema (nbformat, papermill and GX all do).

jsonschema checks the `iri` and `iri-reference` formats with
`rfc3987_syntax` when it is installed (JupyterLab's jupyter-events brings it
in). That module builds 38 lark grammars as it is imported: 1.6 s of CPU in
every process that imports nbformat or GX, which is the run, each worker and
each kernel template. learnrep never checks those formats (nbformat
validates notebooks without a format checker), so the module is marked as
absent and jsonschema leaves those two formats unchecked, as it does when
the package is not installed. `tests/test_patches.py` fails when jsonschema
stops treating it as optional."""

from __future__ import annotations

import sys

WRITTEN_AGAINST = "4.26"
TURNED_AWAY = ("rfc3987_syntax",)


def apply() -> None:
    for name in TURNED_AWAY:
        # None in sys.modules makes `import name` raise ImportError; a process
        # that has already imported it keeps it.
        sys.modules.setdefault(name, None)

"""Pandoc, as pypandoc_binary ships it: the one program that reads and
writes every Markdown, Word and typst text learnrep makes."""

from __future__ import annotations

import functools
import subprocess
from collections.abc import Sequence
from pathlib import Path

from pipeline.errors import RenderError


@functools.cache
def path() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


def run(source: str, args: Sequence[str], cwd: Path | None = None, env: dict | None = None) -> str:
    """Pandoc on `source` (stdin) -> stdout; `cwd` is where it finds images."""
    done = subprocess.run(
        [path(), *args],
        input=source,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=env,
    )
    if done.returncode != 0:
        raise RenderError(f"pandoc failed: {' '.join(done.stderr.split())}")
    return done.stdout

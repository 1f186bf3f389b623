"""ipykernel internals that learnrep patches in its report kernels, written
against ipykernel 7.4.0 (`PATCHES` in this package's `__init__`). Applied by
the kernel template (`execute.warm`), so every kernel forked from it has
them; `tests/test_patches.py` fails, naming the patch, when a release moves
what this relies on.

- `OutStream.flush`: public, but the patch reads the stream's private
  `_buffers`, `_flush_pending` and `_subprocess_flush_pending`."""

from __future__ import annotations

from ipykernel.iostream import OutStream

from pipeline.patches import applies

_flush_of = OutStream.flush


def _flush_if_written(self) -> None:
    """A stream's flush that returns at once when nothing was written.

    ipykernel flushes stdout and stderr after every cell, and each flush
    waits for two round trips to the thread that sends IOPub messages, even
    with nothing to send: about 0.1 s of each report's 66 cells. With
    nothing buffered and no flush pending there is nothing for it to send.
    Messages the cell displayed are already queued on that thread before
    the kernel's idle status, so they arrive in the same order."""
    if (
        not self._buffers
        and not self._flush_pending
        and not self._subprocess_flush_pending
        and self.echo is None
    ):
        return
    _flush_of(self)


def apply() -> None:
    if applies("kernel.flush_if_written"):
        OutStream.flush = _flush_if_written

"""What a report kernel's template imports before it forks any kernel
(`warm`), so that no kernel imports anything of its own: once in the
template, or once in the server report workers are forked from
(`pipeline.run.preload`), and never again in a kernel."""

from __future__ import annotations

import os

_warmed = False


def warm() -> None:
    """Import what every report imports, and draw one figure, so that fonts
    and glyph paths are loaded once too; once a process (and its forks)."""
    global _warmed
    if _warmed:
        return
    # What a kernel imports as it starts, which ipykernel 7 leaves until
    # then: its debugger (so debugpy), IPython's inspector, tornado, psutil.
    # Each forked kernel imported them anew: 0.11 s of the 0.19 s it took to
    # initialise, under cProfile.
    import faulthandler  # noqa: F401

    _import_debugger_quietly()
    import ipykernel.ipkernel  # noqa: F401
    import ipykernel.kernelapp  # noqa: F401
    import IPython.core.completerlib  # noqa: F401
    import IPython.core.debugger  # noqa: F401
    import IPython.core.oinspect  # noqa: F401
    import IPython.extensions.storemagic  # noqa: F401
    import psutil  # noqa: F401
    import pyarrow.dataset  # noqa: F401  (imported by the first read_parquet)
    import pyarrow.parquet  # noqa: F401
    import scipy.optimize  # noqa: F401  (the disclosure auditor's integer programs)
    import scipy.stats  # noqa: F401  (the signed-rank test)
    import tornado.platform.asyncio  # noqa: F401
    import tornado.queues  # noqa: F401

    from pipeline import redaction, report  # noqa: F401
    from pipeline.patches import kernel

    kernel.apply()  # streams flushed only when written to
    from pipeline.report import charts

    charts.plotting()  # pyplot and seaborn, which charts imports only when drawing
    charts.bars(["a", "b"], [2, 1], ["2", "1"], "People")
    redaction.prepare()
    _warmed = True


def _import_debugger_quietly() -> None:
    """ipykernel's debugger, without debugpy's warning, printed to the run's
    stderr as it is imported, that Python's frozen modules may make it miss
    breakpoints: no report kernel is ever debugged. The variable is
    debugpy's own switch for that check."""
    switch = "PYDEVD_DISABLE_FILE_VALIDATION"
    before = os.environ.get(switch)
    os.environ[switch] = "1"
    try:
        import ipykernel.debugger  # noqa: F401
    finally:
        if before is None:
            del os.environ[switch]
        else:
            os.environ[switch] = before

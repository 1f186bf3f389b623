"""Imported once by the forkserver that report workers are forked from
(`runners.LocalProcesses`): each worker then starts with what it imports
and what the kernel template it forks imports, paid once per run instead of
once per process. Measured with `python -c` on the development machine, a
worker's own imports (pandas, papermill, SciPy for the disclosure auditor)
cost 1.4 s of CPU and a template's (pandas, matplotlib, seaborn, SciPy,
ipykernel) 3.5-4 s, so a run with two workers paid about 10 s of CPU where
this pays about 4, on the cores the run's own GX import and validation use.

The server swallows only an ImportError from here, and any other exception
would stop it and so every worker: whatever fails, the workers import what
they need themselves, as before, and report any error where it happens."""

import gc
from contextlib import suppress

from pipeline.patches import imports

imports.apply()  # before anything here imports jsonschema (see the module)

with suppress(Exception):
    from pipeline.execute import kernels
    from pipeline.run import runners

    runners.worker_imports()
    if kernels.forking():
        kernels.warm()

# Never freed: out of the collector's reach, so that no worker's collection
# walks, and so copies, the memory it shares with the server.
gc.freeze()

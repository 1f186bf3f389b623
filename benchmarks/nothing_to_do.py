"""A run with nothing to do on a built project, timed for two versions of
learnrep's code against the same project:

    PYTHONPATH=CHECKOUT LEARNREP_ROOT=PROJECT python benchmarks/nothing_to_do.py

The run's code hash is pinned to the one the project's reports were built
with: otherwise any other checkout's code would make every report out of
date, and the run would rebuild them all rather than find nothing to do.
Everything else is `learnrep run --jobs 2` as a user runs it."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from pipeline import cli
from pipeline.run import provenance


def main() -> int:
    root = Path(os.environ["LEARNREP_ROOT"])
    record = next((root / ".learnrep" / "builds").glob("*/*.json"))
    built_with = json.loads(record.read_text(encoding="utf-8"))["fingerprint"]["code"]
    provenance.code_hash = lambda: built_with
    return cli.main(["run", "--jobs", "2"])


if __name__ == "__main__":
    sys.exit(main())

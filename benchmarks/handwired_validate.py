"""Step 1 of the hand-wired loop that the benchmark compares learnrep with:
one area-period's Great Expectations validation, as a team would script it
around the same expectation suites, then the tidy data the notebook reads.
The loop runs it as a new process per area-period:

    python benchmarks/handwired_validate.py PROJECT AREA PERIOD

It prints this process's peak RSS, which the large-survey benchmark reads.
"""

from __future__ import annotations

import json
import resource
import sys
from pathlib import Path

from pipeline.config import Project
from pipeline.discover import AreaPeriod
from pipeline.process import process
from pipeline.validate import Validator


def main(root: str, area: str, period: str) -> int:
    project = Project(Path(root).resolve())
    outcome = Validator(project).validate(AreaPeriod(area, period))
    if outcome.status == "failed":
        print(f"{area}/{period} failed validation", file=sys.stderr)
        return 1
    process(project, outcome)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(json.dumps({"peak_rss_mb": peak_kb / 1024}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:]))

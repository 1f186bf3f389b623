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

from pipeline.patches import imports

imports.apply()  # as learnrep's own processes start (it was applied by `import pipeline`)

from pipeline.config import Project  # noqa: E402
from pipeline.discover import AreaPeriod  # noqa: E402
from pipeline.process import process  # noqa: E402
from pipeline.validate import Validator  # noqa: E402


def main(root: str, area: str, period: str) -> int:
    project = Project(Path(root).resolve())
    outcome = Validator(project).validate(AreaPeriod(area, period))
    if outcome.status == "failed":
        print(f"{area}/{period} failed validation", file=sys.stderr)
        return 1
    process(project, outcome)
    print(json.dumps({"peak_rss_mb": peak_rss_mb()}))
    return 0


def peak_rss_mb() -> float:
    """This process's own peak resident memory. On Linux, VmHWM: getrusage's
    ru_maxrss carries over the memory of the process that forked this one
    as it was before exec, so a child of a benchmark holding a generated
    million-row survey reported the parent's size (a child peaking at 11 MB
    read 911 MB)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:]))

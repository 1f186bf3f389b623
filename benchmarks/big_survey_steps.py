"""Where one area-period's validation and processing spend their time, step
by step, in one process (the large-survey benchmark times the whole):

    python benchmarks/big_survey_steps.py PROJECT AREA PERIOD

Reading the files is timed on its own first (without GX's checks), then
validation (reading again, and GX's checks), then processing."""

from __future__ import annotations

import sys
import time

started = time.perf_counter()
from pathlib import Path  # noqa: E402

from pipeline.config import Project  # noqa: E402
from pipeline.discover import AreaPeriod  # noqa: E402
from pipeline.process import process  # noqa: E402
from pipeline.validate import Validator, reading  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
from handwired_validate import peak_rss_mb  # noqa: E402


def main(root: str, area: str, period: str) -> int:
    marks = [("importing learnrep", time.perf_counter() - started)]

    def step(name: str, since: float) -> float:
        now = time.perf_counter()
        marks.append((name, now - since))
        return now

    project, ap = Project(Path(root).resolve()), AreaPeriod(area, period)
    at = time.perf_counter()
    validator = Validator(project)
    at = step("importing GX, its context and the suites", at)
    reading.read(project, ap, validator.max_file_mb, check=lambda *_: None)
    at = step("reading the files alone", at)
    outcome = validator.validate(ap)
    at = step("validating: reading again, then GX's checks", at)
    process(project, outcome)
    step("processing", at)
    for name, seconds in marks:
        print(f"{seconds:6.1f} s  {name}")
    print(f"peak RSS {peak_rss_mb():,.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:]))

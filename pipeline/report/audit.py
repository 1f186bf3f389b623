"""The disclosure auditor: proves, from the register, that no small count can
be worked out from what is published.

It takes the reader's side. Every published figure becomes a constraint on
whole numbers >= 0: an exact count fixes its cell; `<t` bounds it to 1..t-1;
a total rounded to r bounds it to the r values that round to what is shown;
a breakdown adds up; an option of a multi-select question is no larger than
its base; a percentage p of c over b, rounded half-up, means
(2p-1)b <= 200c <= (2p+1)b - 1, which is linear in c and b. Then, for every
count whose true value is small (1 to t-1) and which is not published
exactly, two integer programs (scipy.optimize.milp) find the smallest and
largest value it can take. A reader who knows that much and no more learns
nothing beyond `<t`: it is a disclosure when every value it can take is small
and they are fewer than all of 1..t-1 (the count is pinned, or narrowed to,
say, "3 or 4"). A count that can be 0, or t or more, tells no small number.

Means, medians and the statistical test are constraints too (see
`register`: a mean is linear in the counts of each score; a median is
exact for an odd n and, for an even n, the one case that holds, which is
more than a reader knows; the test is taken to reveal every count it is
computed from). Counts registered as unknowns (`protected=False`, such as
how many scored 3 before the course) take part in the programs but are
not themselves audited. A count whose true value is not known (worked out
from a figure written 400+) is audited whatever it is: a disclosure when
every value it can take is from 1 to t-1."""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from pathlib import Path

from pipeline.report import disclosure, programs
from pipeline.report.register import Key, Register, Shown

# The folder where answers outlive the process, one file per area-period's
# register (its last settling's answers), when the run's workers name it: a
# worker proves a report's register before its kernel settles the same one,
# and each report settles its previous period's register, which that
# period's own report settled before. Being keyed by the program's bytes, an
# answer read back is the answer the solver would give; an unreadable file
# is ignored and solved again. The folder is in the project's state
# (.learnrep/audit), written by learnrep alone, as its build records are.
_answers_folder: Path | None = None  # set by `keep_answers_in`


def keep_answers_in(folder: Path | None) -> None:
    """Keep this process's answers in `folder` (None: keep none), as a run's
    report workers and kernels are told to (`execute.kernels`)."""
    global _answers_folder
    _answers_folder = None if folder is None else Path(folder)


def answers_folder() -> Path | None:
    return _answers_folder


@dataclass(frozen=True)
class Disclosure:
    key: Key
    about: str
    lowest: int
    highest: int

    def __str__(self) -> str:
        # Said wherever a run reports it (console, index, build record): the
        # figure is named, the values it was narrowed to never are.
        return f"the number of {self.about} could be worked out from the published figures"


@contextlib.contextmanager
def answers_kept(area: str, period: str):
    """Settle a register within this block: the answers kept for `area` and
    `period` are used, and this settling's answers kept for the next."""
    folder = _answers_folder
    if folder is None:
        yield
        return
    with programs.recording() as used:
        if used is None:  # settling within another settling: that one keeps the answers
            yield
            return
        path = Path(folder, area, f"{period}.json")
        kept = _read_answers(path)
        programs.remember(kept)
        yield
        if used != kept:
            from pipeline.errors import OutputError
            from pipeline.files import write_text_atomic

            answers = {problem.hex(): end for problem, end in sorted(used.items())}
            found = {"code": programs.code().hex(), "answers": answers}
            with contextlib.suppress(OSError, OutputError):  # only time is lost
                path.parent.mkdir(parents=True, exist_ok=True)
                write_text_atomic(path, json.dumps(found, separators=(",", ":")))


def _read_answers(path: Path) -> dict[bytes, int]:
    """The answers kept in `path`, if they were found by this auditor's code
    and this SciPy (each problem's key includes both as well)."""
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
        if kept.get("code") != programs.code().hex():
            return {}
        return {bytes.fromhex(problem): int(end) for problem, end in kept["answers"].items()}
    except (OSError, ValueError, TypeError, AttributeError, KeyError):
        return {}


def disclosures(register: Register, among: list[Disclosure] | None = None) -> list[Disclosure]:
    """Every small count a reader could narrow down, most exposed first;
    with `among`, only those of them still narrowed."""
    model = programs.Model(register)
    t = register.threshold
    asked = targets(register) if among is None else [register.cells[d.key] for d in among]
    found = []
    for cell in asked:
        interval = model.narrowed(cell.key, t)
        if interval is not None and interval != cell.already:
            found.append(Disclosure(cell.key, cell.about, *interval))
    return sorted(found, key=lambda d: (d.highest - d.lowest, d.key))


def targets(register: Register) -> list:
    """The counts the auditor protects: each count of people not published
    exactly whose true value is small, or not known."""
    t = register.threshold
    return [
        cell
        for cell in register.cells.values()
        if cell.protected
        and cell.shown is not Shown.EXACT
        and (not cell.known or disclosure.is_small(cell.value, t))
    ]


def narrowed(register: Register, key: Key) -> bool:
    """Whether a reader can narrow the count `key` down to some, not all, of 1..t-1."""
    interval = programs.Model(register).narrowed(key, register.threshold)
    return interval is not None and interval != register.cells[key].already


def interval(register: Register, key: Key) -> tuple[int, int]:
    """The smallest and largest value `key` can take, given what is published."""
    return programs.Model(register).interval(key)

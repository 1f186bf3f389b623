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
say, "3 or 4"). A count that can be 0, or t or more, tells no small number."""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from pipeline.report import disclosure
from pipeline.report.register import Register, Shown

# A bound for counts nothing else bounds: larger than any count a file of
# the size learnrep accepts could hold.
UNBOUNDED = 10**9

# Answers of integer programs already solved, by the program's bytes: while
# secondary protection tries options one at a time, the same figures are
# solved again and again. A program is its answer, whatever register it came from.
_solved: dict[bytes, int] = {}
_SOLVED_KEPT = 50_000
_components_of: dict[bytes, np.ndarray] = {}  # by the constraint rows' pattern
_COMPONENTS_KEPT = 1_000

# The folder where answers outlive the process, one file per area-period's
# register (its last settling's answers), when the run's workers name it: a
# worker proves a report's register before its kernel settles the same one,
# and each report settles its previous period's register, which that
# period's own report settled before. Being keyed by the program's bytes, an
# answer read back is the answer the solver would give; an unreadable file
# is ignored and solved again. The folder is in the project's state
# (.learnrep/audit), written by learnrep alone, as its build records are.
_used: dict[bytes, int] | None = None  # the answers of the settling under way
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
    key: str
    about: str
    lowest: int
    highest: int

    def __str__(self) -> str:
        values = (
            f"is {self.lowest}"
            if self.lowest == self.highest
            else f"is between {self.lowest} and {self.highest}"
        )
        return f"{self.about} ({self.key}) {values}, worked out from the published figures"


@contextlib.contextmanager
def answers_kept(area: str, period: str):
    """Settle a register within this block: the answers kept for `area` and
    `period` are used, and this settling's answers kept for the next."""
    global _used
    folder = _answers_folder
    if folder is None or _used is not None:
        yield
        return
    path = Path(folder, area, f"{period}.json")
    kept = _read_answers(path)
    _solved.update(kept)
    _used = {}
    try:
        yield
        if _used != kept:
            from pipeline.errors import OutputError
            from pipeline.files import write_text_atomic

            answers = {problem.hex(): end for problem, end in sorted(_used.items())}
            with contextlib.suppress(OSError, OutputError):  # only time is lost
                path.parent.mkdir(parents=True, exist_ok=True)
                write_text_atomic(path, json.dumps(answers, separators=(",", ":")))
    finally:
        _used = None


def _read_answers(path: Path) -> dict[bytes, int]:
    try:
        answers = json.loads(path.read_text(encoding="utf-8"))
        return {bytes.fromhex(problem): int(end) for problem, end in answers.items()}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}


def disclosures(register: Register) -> list[Disclosure]:
    """Every small count a reader could narrow down, most exposed first."""
    model = _Model(register)
    t = register.threshold
    found = []
    for cell in register.cells.values():
        if cell.shown is Shown.EXACT or not disclosure.is_small(cell.value, t):
            continue
        interval = model.narrowed(cell.key, t)
        if interval is not None:
            found.append(Disclosure(cell.key, cell.about, *interval))
    return sorted(found, key=lambda d: (d.highest - d.lowest, d.key))


def narrowed(register: Register, key: str) -> bool:
    """Whether a reader can narrow the count `key` down to some, not all, of 1..t-1."""
    return _Model(register).narrowed(key, register.threshold) is not None


def interval(register: Register, key: str) -> tuple[int, int]:
    """The smallest and largest value `key` can take, given what is published."""
    return _Model(register).interval(key)


class _Model:
    """The published figures as a system of linear constraints on integers."""

    def __init__(self, register: Register):
        self.keys = list(register.cells)
        index = {key: i for i, key in enumerate(self.keys)}
        n = len(self.keys)
        lower, upper = np.zeros(n), np.full(n, float(UNBOUNDED))
        t, r = register.threshold, register.rounding
        for i, key in enumerate(self.keys):
            cell = register.cells[key]
            if cell.shown is Shown.EXACT:
                lower[i] = upper[i] = cell.value
            elif cell.shown is Shown.SUPPRESSED:
                lower[i], upper[i] = 1, t - 1
            elif cell.shown is Shown.ROUNDED:
                shown = (2 * cell.value + r) // (2 * r) * r
                lower[i], upper[i] = max(0, shown - r // 2), shown + (r - 1) - r // 2
        rows, low, high = [], [], []
        for relation in register.relations:
            row = np.zeros(n)
            for key, coefficient in relation.terms:
                row[index[key]] += coefficient
            rows.append(row)
            low.append(-np.inf if relation.at_most else 0)
            high.append(0)
        for pct in register.percents.values():
            if not register.publishes(pct):
                continue
            c, b = register.cells[pct.count].value, register.cells[pct.base].value
            p = disclosure.round_half_up(c, b)
            row = np.zeros(n)
            row[index[pct.count]] += 200
            row[index[pct.base]] -= 2 * p - 1  # 200c - (2p-1)b >= 0
            rows.append(row)
            low.append(0)
            high.append(np.inf)
            row = np.zeros(n)
            row[index[pct.count]] += 200
            row[index[pct.base]] -= 2 * p + 1  # 200c - (2p+1)b <= -1
            rows.append(row)
            low.append(-np.inf)
            high.append(-1)
        self.lower, self.upper = lower, upper
        self.rows = np.array(rows).reshape(len(rows), n)
        self.low, self.high = np.array(low), np.array(high)
        self.index = index
        self._labels = _components(self.rows, n)
        self._parts: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def narrowed(self, key: str, t: int) -> tuple[int, int] | None:
        """`key`'s interval when a reader can narrow it to some, not all, of
        1..t-1; else None. The largest value is found first: a count that can
        reach t needs no second program."""
        highest = self._end(key, -1)
        if highest > t - 1:
            return None
        lowest = self._end(key, 1)
        return (lowest, highest) if lowest >= 1 and (lowest, highest) != (1, t - 1) else None

    def interval(self, key: str) -> tuple[int, int]:
        return self._end(key, 1), self._end(key, -1)

    def _end(self, key: str, sign: int) -> int:
        """The smallest (sign 1) or largest (sign -1) value of `key`. Only the
        figures linked to it, through any chain of relations, can bound it, so
        only they go to the solver: the same answer from a program a fraction
        of the size (a report solves hundreds)."""
        from scipy.optimize import Bounds, LinearConstraint, milp

        i = self.index[key]
        part, rows = self._part(i)
        if not len(rows):  # nothing but its own bounds, which are whole numbers
            return round(self.lower[i] if sign > 0 else self.upper[i])
        at = int(np.searchsorted(part, i))
        matrix, low, high = self.rows[np.ix_(rows, part)], self.low[rows], self.high[rows]
        lower, upper = self.lower[part], self.upper[part]
        problem = hashlib.sha256(
            b"".join(a.tobytes() for a in (matrix, low, high, lower, upper))
            + f"{at} {sign} {matrix.shape}".encode()
        ).digest()
        if problem in _solved:
            return self._answer(problem, _solved[problem])
        objective = np.zeros(len(part))
        objective[at] = sign
        result = milp(
            objective,
            integrality=np.ones(len(part)),
            bounds=Bounds(lower, upper),
            constraints=[LinearConstraint(matrix, low, high)],
        )
        if result.status == 2:
            # The true values satisfy every relation, so this is a figure
            # registered wrongly; never read it as "nothing can be worked out".
            raise RuntimeError(
                f"the disclosure auditor found the published figures contradict each "
                f"other (solving for {key}): a registration bug in report.figures"
            )
        if result.status == 3 or result.x is None:  # unbounded: any large value
            end = UNBOUNDED if sign < 0 else 0
        elif result.status != 0:
            raise RuntimeError(f"the disclosure auditor could not solve for {key}: {result}")
        else:
            end = round(result.x[at])
        if len(_solved) >= _SOLVED_KEPT:
            _solved.clear()
        _solved[problem] = end
        return self._answer(problem, end)

    def _part(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        """The figures linked to figure `i` by any chain of constraint rows
        (sorted indices) and those rows. Worked out only for the figures
        asked about: secondary protection builds a model for each question
        about one figure, and most of a register's parts are never asked."""
        n, label = len(self.keys), self._labels[i]
        if label not in self._parts:
            self._parts[label] = (
                np.flatnonzero(self._labels[:n] == label),
                np.flatnonzero(self._labels[n:] == label),
            )
        return self._parts[label]

    @staticmethod
    def _answer(problem: bytes, end: int) -> int:
        if _used is not None:
            _used[problem] = end
        return end


def _components(rows: np.ndarray, n: int) -> np.ndarray:
    """A label for each figure (0..n-1) and then each constraint row: the
    same label where they are linked by any chain of rows naming figures."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    m = len(rows)
    row_at, figure_at = np.nonzero(rows)
    # Secondary protection asks about one figure after another while only
    # bounds change: most questions share the rows' pattern, so its
    # components are worked out once.
    pattern = b"".join((np.array([n, m]).tobytes(), row_at.tobytes(), figure_at.tobytes()))
    if pattern in _components_of:
        return _components_of[pattern]
    # One graph of figures (0..n-1) and rows (n..n+m-1), an edge where a row names a figure.
    graph = coo_matrix((np.ones(len(row_at)), (figure_at, n + row_at)), shape=(n + m, n + m))
    labels = connected_components(graph, directed=False)[1]
    labels.setflags(write=False)  # shared by every model of the same pattern
    if len(_components_of) >= _COMPONENTS_KEPT:
        _components_of.clear()
    _components_of[pattern] = labels
    return labels

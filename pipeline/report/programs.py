"""The published figures of a register as integer programs, and their
answers (the auditor's working part; `audit` asks the questions).

Every published figure becomes a constraint on whole numbers >= 0: an
exact count fixes its cell; `<t` bounds it to 1..t-1; a total rounded to r
bounds it to the r values that round to what is shown; AT_LEAST bounds it
below; relations and published statistics add rows (`register`,
`statistics`). Each question about one count is put to
scipy.optimize.milp over only the figures linked to it.

Answers are kept by the question's bytes (which include this code's and
SciPy's version, `code`), in this process and, through `audit.answers_kept`,
between processes."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import math
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import numpy as np

from pipeline.report import disclosure, rows
from pipeline.report.register import Key, Register, Shown

# A bound for counts nothing else bounds: larger than any count a file of
# the size learnrep accepts could hold.
UNBOUNDED = 10**9
# How far past a linear program's end its bound is rounded: well beyond
# HiGHS's tolerances, so the bound holds the true end.
_SLACK = 1e-4

# Answers of integer programs already solved, by the program's bytes: while
# secondary protection tries options one at a time, the same figures are
# solved again and again. A program is its answer, whatever register it came from.
_solved: dict[bytes, int] = {}
_SOLVED_KEPT = 50_000
# Whole-number solutions kept on a register while it is settled (`Model.narrowed`).
_WITNESSES_KEPT = 64
_used: dict[bytes, int] | None = None  # the answers of the settling under way


@functools.cache
def code() -> bytes:
    """What an answer depends on beyond its program: the auditor's code (how
    programs are made and read) and SciPy's version (its HiGHS solver)."""
    here = Path(__file__).parent
    names = ("audit.py", "programs.py", "rows.py", "statistics.py")
    sources = b"".join((here / name).read_bytes() for name in names)
    return hashlib.sha256(sources + metadata.version("scipy").encode()).digest()


def remember(answers: dict[bytes, int]) -> None:
    """Answers kept from another process, to be used before solving."""
    _solved.update(answers)


@contextlib.contextmanager
def recording() -> Iterator[dict[bytes, int] | None]:
    """Within this block, every answer used is recorded in the dict it
    gives (None when a recording is already under way)."""
    global _used
    if _used is not None:
        yield None
        return
    _used = {}
    try:
        yield _used
    finally:
        _used = None


class Model:
    """The published figures as a system of linear constraints on integers."""

    def __init__(self, register: Register):
        fixed = rows.fixed(register)
        self.keys, self.index, self.truth = fixed.keys, fixed.index, fixed.truth
        n = len(self.keys)
        lower, upper = np.zeros(n), np.full(n, float(UNBOUNDED))
        semi = np.zeros(n, dtype=bool)  # 0, or from its lower bound up
        r = register.rounding
        for i, cell in enumerate(register.cells.values()):
            t = cell.threshold or register.threshold
            if cell.shown is Shown.EXACT:
                lower[i] = upper[i] = cell.value
            elif cell.shown is Shown.SUPPRESSED:
                lower[i], upper[i] = 1, t - 1
            elif cell.shown is Shown.ROUNDED:
                shown = (2 * cell.value + r) // (2 * r) * r
                lower[i], upper[i] = max(0, shown - r // 2), shown + (r - 1) - r // 2
            elif cell.shown is Shown.AT_LEAST:
                lower[i] = cell.value
            elif cell.shown is Shown.WITHHELD and cell.known:
                lower[i], semi[i] = self._withheld(cell.value, t)
        from scipy.sparse import vstack

        published = [s for s in register.every_statistic() if s.publishes(register)]
        blocks = [fixed.relations] + [fixed.statistic(register, s) for s in published]
        self.lower, self.upper, self.semi = lower, upper, semi
        # Sparse: a register settled with its published versions has
        # hundreds of figures, each row naming a few.
        self.rows = vstack([b[0] for b in blocks], format="csr")
        self.low = np.concatenate([b[1] for b in blocks])
        self.high = np.concatenate([b[2] for b in blocks])
        self._labels = rows.components(self.rows, n)
        self._parts: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self._pool = register.solving["witnesses"]
        self._verdicts = register.solving["verdicts"]  # the last answer for each count
        self._fit: list[np.ndarray] | None = None

    @staticmethod
    def _withheld(value: int, t: int) -> tuple[int, bool]:
        """A withheld count's lower bound, and whether it may also be 0.
        Small counts read `<t`, so to a careful reader a withheld one is 0
        or t or more (an outsider used this: `<5` and withheld together
        making 7 left the `<5` at 1 or 2): so it is modelled, for every
        count withheld that is 0 or t or more. A small count withheld (a
        `<t` withheld to protect another) makes that reading wrong, and is
        taken, as before, for any number."""
        return (0, False) if disclosure.is_small(value, t) else (t, True)

    @property
    def integrality(self) -> np.ndarray:
        """For scipy.optimize.milp: whole numbers (1), and for the counts
        withheld, whole numbers that are 0 or within their bounds (3)."""
        return np.where(self.semi, 3, 1)

    def narrowed(self, key: Key, t: int) -> tuple[int, int] | None:
        """`key`'s interval when a reader can narrow it to some, not all, of
        1..t-1; else None. First, the whole-number solutions found before
        for this register: one that fits what is published now and gives
        `key` 0, or t or more, shows it is not narrowed. Then the largest
        value: a count that can reach t needs no second program. Where the
        count was narrowed when last asked, each end is bounded first by
        the linear program without whole numbers (several times quicker, and
        its interval holds the whole-number one): when that interval lies
        inside 1..t-1 and is narrower, the count is narrowed whatever the
        whole-number ends are, and those bounds stand for them."""
        i = self.index[key]
        part, rows = self._part(i)
        if len(rows):  # the answer is kept, as the programs' are, by the question's bytes
            question = self._question(i, part, rows, f"narrowed {t}")
            if question in _solved:
                end = self._answer(question, _solved[question])
                return None if end < 0 else divmod(end, UNBOUNDED + 1)
        if any(w[i] <= 0 or w[i] >= t for w in self._fitting()):
            found = None
        else:
            found = self._narrowed(key, t, relaxed_first=self._verdicts.get(key) is not None)
        self._verdicts[key] = found
        if len(rows):
            self._keep(question, -1 if found is None else found[0] * (UNBOUNDED + 1) + found[1])
        return found

    def _narrowed(self, key: Key, t: int, relaxed_first: bool) -> tuple[int, int] | None:
        bound = self._end(key, -1, relaxed=True) if relaxed_first else t
        highest = self._end(key, -1) if bound > t - 1 else None
        if highest is not None and highest > t - 1:
            return None
        top = bound if highest is None else highest
        bottom = self._end(key, 1, relaxed=True)
        if bottom >= 1 and (bottom, top) != (1, t - 1):
            return bottom, top
        lowest = self._end(key, 1)
        highest = self._end(key, -1) if highest is None else highest
        return (lowest, highest) if lowest >= 1 and (lowest, highest) != (1, t - 1) else None

    def interval(self, key: Key) -> tuple[int, int]:
        return self._end(key, 1), self._end(key, -1)

    def _end(self, key: Key, sign: int, relaxed: bool = False) -> int:
        """The smallest (sign 1) or largest (sign -1) value of `key`; with
        `relaxed`, a bound on it from the linear program (whole numbers not
        required), rounded outwards. Only the figures linked to it, through
        any chain of relations, can bound it, so only they go to the solver:
        the same answer from a program a fraction of the size (a report
        solves hundreds)."""
        from scipy.optimize import Bounds, LinearConstraint, milp

        i = self.index[key]
        part, rows = self._part(i)
        if not len(rows):  # nothing but its own bounds, which are whole numbers
            return round(self.lower[i] if sign > 0 else self.upper[i])
        at = int(np.searchsorted(part, i))
        matrix, low, high = self._matrix(part, rows), self.low[rows], self.high[rows]
        lower, upper = self.lower[part], self.upper[part]
        problem = self._question(i, part, rows, f"{sign} {relaxed}")
        if problem in _solved:
            return self._answer(problem, _solved[problem])
        objective = np.zeros(len(part))
        objective[at] = sign
        if relaxed:  # a count that may be 0 takes any value from 0 up: a relaxation
            lower = np.where(self.semi[part], 0.0, lower)
        result = milp(
            objective,
            integrality=np.zeros(len(part)) if relaxed else self.integrality[part],
            bounds=Bounds(lower, upper),
            constraints=[LinearConstraint(matrix, low, high)],
        )
        if result.status == 2:
            # The true values satisfy every relation, so this is a figure
            # registered wrongly; never read it as "nothing can be worked out".
            # The message names the figure, never a value.
            raise RuntimeError(
                f"the disclosure auditor found the published figures contradict each "
                f"other (solving for {key}): a registration bug in report.figures"
            )
        if result.status == 3 or result.x is None:  # unbounded: any large value
            end = UNBOUNDED if sign < 0 else 0
        elif result.status != 0:
            raise RuntimeError(
                f"the disclosure auditor could not solve for {key}: status {result.status}"
            )
        elif relaxed:  # outwards, past the solver's tolerance
            value = float(result.x[at])
            end = math.ceil(value - _SLACK) if sign > 0 else math.floor(value + _SLACK)
            end = min(max(end, 0), UNBOUNDED)
        else:
            end = round(result.x[at])
            self._keep_witness(part, result.x)
        return self._keep(problem, end)

    def _matrix(self, part: np.ndarray, rows: np.ndarray):
        """The rows linking the figures in `part`, over those figures only,
        in one canonical sparse form (so equal programs hash alike)."""
        matrix = self.rows[rows][:, part].tocsr()
        matrix.sum_duplicates()
        matrix.sort_indices()
        return matrix

    def _question(self, i: int, part: np.ndarray, rows: np.ndarray, what: str) -> bytes:
        """A question about figure `i`, by what it depends on: the figures
        linked to it, their bounds and the rows that link them."""
        matrix = self._matrix(part, rows)
        at = int(np.searchsorted(part, i))
        arrays = (
            matrix.data.astype(float),
            matrix.indices.astype(np.int64),
            matrix.indptr.astype(np.int64),
            self.low[rows],
            self.high[rows],
            self.lower[part],
            self.upper[part],
            self.semi[part],
        )
        return hashlib.sha256(
            code() + b"".join(a.tobytes() for a in arrays) + f"{at} {what} {matrix.shape}".encode()
        ).digest()

    def _keep(self, question: bytes, answer: int) -> int:
        if len(_solved) >= _SOLVED_KEPT:
            _solved.clear()
        _solved[question] = answer
        return self._answer(question, answer)

    def _keep_witness(self, part: np.ndarray, x: np.ndarray) -> None:
        """Keep a whole-number solution for the figures in `part`, completed
        by the true values elsewhere (which fit every constraint), for the
        questions that follow: publishing less never makes it unfit."""
        witness = self.truth.copy()
        witness[part] = np.round(x)
        if self._fits(witness):
            self._pool.append(witness)
            del self._pool[:-_WITNESSES_KEPT]

    def _fitting(self) -> list[np.ndarray]:
        if self._fit is None:
            self._fit = [w for w in self._pool if self._fits(w)]
        return self._fit

    def _fits(self, w: np.ndarray) -> bool:
        if np.any(((w < self.lower) & ~(self.semi & (w == 0))) | (w > self.upper)):
            return False
        if not self.rows.shape[0]:
            return True
        values = self.rows @ w
        return bool(np.all(values >= self.low - 1e-9) and np.all(values <= self.high + 1e-9))

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

"""A register's constraints as sparse rows, for the auditor's programs
(`programs`): what stays the same while a register is settled (its
figures' order and true values, its relations, each statistic's rows),
made once, and the groups of figures the rows link."""

from __future__ import annotations

import numpy as np

from pipeline.report.register import Register

_components_of: dict[bytes, np.ndarray] = {}  # by the constraint rows' pattern
_COMPONENTS_KEPT = 1_000


class Fixed:
    """What stays the same while a register is settled: its figures' order
    and true values, its relations as rows, and each statistic's rows."""

    def __init__(self, register: Register):
        self.keys = list(register.cells)
        self.index = {key: i for i, key in enumerate(self.keys)}
        self.truth = np.array([float(c.value) for c in register.cells.values()])
        self.relations = self._rows(
            [
                ({k: c for k, c in r.terms}, -np.inf if r.at_most else 0, 0)
                for r in register.relations
            ]
        )
        self._statistics: dict[int, tuple] = {}

    def statistic(self, register: Register, statistic) -> tuple:
        if id(statistic) not in self._statistics:
            self._statistics[id(statistic)] = (statistic, self._rows(statistic.rows(register)))
        return self._statistics[id(statistic)][1]

    def _rows(self, found) -> tuple:
        from scipy.sparse import csr_matrix

        at, columns, values = [], [], []
        for number, (terms, _, _) in enumerate(found):
            for key, coefficient in terms.items():
                at.append(number)
                columns.append(self.index[key])
                values.append(float(coefficient))
        rows = csr_matrix((values, (at, columns)), shape=(len(found), len(self.keys)))
        rows.sum_duplicates()
        return (
            rows,
            np.array([low for _, low, _ in found], dtype=float),
            np.array([high for _, _, high in found], dtype=float),
        )


def fixed(register: Register) -> Fixed:
    """The register's `Fixed`, made again only if figures, relations or
    statistics were added since (and its solutions then forgotten)."""
    shape = (len(register.cells), len(register.relations), len(register.every_statistic()))
    if register.solving.get("shape") != shape:
        register.solving.update(shape=shape, fixed=Fixed(register), witnesses=[], verdicts={})
    return register.solving["fixed"]


def components(rows, n: int) -> np.ndarray:
    """A label for each figure (0..n-1) and then each constraint row: the
    same label where they are linked by any chain of rows naming figures."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    m = rows.shape[0]
    named = rows.tocoo()
    kept = named.data != 0
    row_at, figure_at = named.row[kept].astype(np.int64), named.col[kept].astype(np.int64)
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

"""What reports published before give away by themselves, whatever a new
version shows (`history`): what the reader is taken to know of the
groups of units, counts already out (a version published under a lower
threshold, a group only earlier reports count), and which of the new
version's small counts are out already, said to the steward."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from pipeline.report import programs
from pipeline.report.register import Register
from pipeline.report.statistics import Key, Shown


def changed(key: Key) -> bool:
    """Whether a figure is a group of units' part of a published one (`linked`)."""
    return key[0] == "changed"


def mine(key: Key) -> bool:
    """Whether a figure of the register settled together is the candidate's."""
    return key[0] not in ("published", "changed")


def left_out(grouped: dict, new: int) -> bool:
    """Whether some units of a published version are not in the new one.
    The published versions' figures then say something of those units by
    themselves, which the new one cannot take back: a strand area that
    published 14 social prescribers and 6 tutors, and a later area
    reusing the 14's ids without tutors, leave the tutors a group of
    their own, whose means and median the first report gave (a sixteenth
    outsider's N3, which failed the later report's disclosure check). A
    version republished with late returns only leaves none out, and is
    spared the search."""
    return any(new not in g.members for groups in grouped.values() for g in groups)


def assumed_known(together: Register) -> None:
    """A split figure that the reader is taken to know without any published
    figure (those added who answered their age, when age must be answered
    and how many were added is known) is not protected: it is part of the
    assumption, not something a publication gives away. Each small one is
    asked with every figure of both sides hidden."""
    from pipeline.report import audit

    with _hidden(together, lambda key: not changed(key), lambda statistic: True):
        for cell in audit.targets(together):
            if changed(cell.key) and audit.narrowed(together, cell.key):
                cell.protected = False


def already_out(together: Register) -> None:
    """A count that a version published under a lower threshold narrows
    down by itself (7 shown exactly, now that counts below 10 are
    protected) is out: nothing this version withholds can hide it. Each
    small count is asked with every figure of this version hidden; what a
    reader learns of it then is kept (`Cell.already`), and only narrowing
    it further is a disclosure."""
    from pipeline.report import audit

    def uses_mine(statistic) -> bool:
        return any(mine(k) for k in statistic.uses())

    # What the groups of units are taken to be known by (how many each has,
    # which delivery rows) is known from this version too: hidden with it.
    # Left known, an area of 14 social prescribers reusing ids of one that
    # showed 17 trained, the 3 tutors <5, had "3 only in the first" taken
    # as out already, and published its 14 (an eighteenth outsider's Q1).
    with _hidden(together, mine, uses_mine, even_fixed=changed):
        model = programs.Model(together)
        for cell in audit.targets(together):
            cell.already = model.narrowed(cell.key, together.threshold)


def exposed(candidate: Register) -> list[str]:
    """The candidate's small counts that reports published before narrow
    down by themselves, said to the steward (never in the report): a
    county published after one strand area and before the other gave the
    second's coaches as its own less the first's, and the second's report
    could only confirm it."""
    return [
        f"the number of {cell.about} in this report could already be worked out from reports "
        "published before; what is published cannot be taken back (docs/security.md)"
        for cell in candidate.cells.values()  # the objects `already_out` asked
        if cell.already is not None and cell.protected
    ]


@contextmanager
def _hidden(
    together: Register,
    cells: Callable[[Key], bool],
    statistics: Callable,
    even_fixed: Callable[[Key], bool] = lambda key: False,
) -> Iterator:
    """Within it, every figure of `together` not fixed whose key `cells`
    picks, and every one `even_fixed` picks, is withheld, and every
    statistic `statistics` picks; as they were after it, whatever the
    auditor raised."""
    hidden = [
        c for c in together.cells.values() if (cells(c.key) and not c.fixed) or even_fixed(c.key)
    ]
    shown = {c.key: c.shown for c in hidden}
    picked = [(s, s.withheld) for s in together.every_statistic() if statistics(s)]
    for cell in hidden:
        cell.shown = Shown.HELD_BACK  # any number, as if never published
    for statistic, _ in picked:
        statistic.withheld = True
    try:
        yield
    finally:
        for cell in hidden:
            cell.shown = shown[cell.key]
        for statistic, withheld in picked:
            statistic.withheld = withheld

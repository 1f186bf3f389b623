"""An area's publications linked through the units they share (`history`):
each figure of every publication the sum of the same figure of the groups
of units it counts (`membership`), each group a count of people the
auditor protects, with every relation of its publications, and what a
reader is taken to know of the groups."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.held_back import CHANGED_WORDS
from pipeline.report import published, questions
from pipeline.report.pool import Group
from pipeline.report.questions import COMBINED
from pipeline.report.register import Cell, Register, Relation
from pipeline.report.statistics import Key, Shown

ROOTS = (("survey", "respondents"), ("training", "people"))  # how many units: taken as known


@dataclass
class Side:
    """One publication as linked: a published version's name (None for the
    one being decided), the figures it links and its relations."""

    name: str | None
    cells: dict[Key, Cell]
    relations: list[Relation]
    span: tuple[str, str]  # its period's first and last days

    def key(self, key: Key) -> Key:
        return key if self.name is None else ("published", self.name, *key)


def link(
    together: Register, sides: list[Side], grouped: dict[str, list[Group]], since: str
) -> None:
    """Every figure of each of `sides` split into the same figure of each
    group of units (`membership.groups`, positions as in `sides`) it
    counts. `since`: the day the first of them was published, in words."""
    for dataset, groups in grouped.items():
        for group in groups:
            _group(together, group, _label(sides, group), dataset, sides, since)
        for at, side in enumerate(sides):
            for key in sorted(k for k in side.cells if k[0] == dataset):
                parts = [("changed", _label(sides, g), *key) for g in groups if at in g.members]
                together.total(side.key(key), parts)
    _same_measures(together, sides)
    _measures_summed(together, sides)


# How many ways of summing one measure are tied, and how many choices the
# search for them makes, at most: enough for a year of months, quarters
# and halves; past them the search stops (`docs/security.md` says what is
# then not guaranteed).
MOST_SUMS = 64
MOST_STEPS = 200_000


def _measures_summed(together: Register, sides: list[Side]) -> None:
    """A reach measure of a period that is the sum of the same measure in
    periods inside it that do not overlap each other, is their sum to a
    reader: an outsider read a quarter's "Coaches trained <5" as the
    half-year's 10 less the other quarter's 7, and a month's as a year's
    less five months and a half-year, the other measures adding up
    exactly. Tied only where the counts add up, so what the model assumes
    is true; parts counting 0 add nothing a tie without them does not."""
    for whole in sides:
        inside = sorted(
            (s for s in sides if s is not whole and _within(s.span, whole.span)),
            key=lambda s: s.span,
        )
        for key, cell in whole.cells.items():
            if key[0] != "reach":
                continue
            parts = [s for s in inside if key in s.cells and s.cells[key].value > 0]
            for chosen in _summing(parts, [s.cells[key].value for s in parts], cell.value):
                together.total(whole.key(key), [part.key(key) for part in chosen])


def _summing(parts: list[Side], values: list[int], target: int) -> list[list[Side]]:
    """Every set of two or more of `parts` (in order of their dates), no two
    overlapping, whose `values` add up to `target`: a search that drops a
    branch once its sum passes the target."""
    found: list[list[Side]] = []
    steps = 0

    def search(start: int, chosen: list[int], total: int) -> None:
        nonlocal steps
        if total == target and len(chosen) > 1:
            found.append([parts[at] for at in chosen])
        for at in range(start, len(parts)):
            steps += 1
            if len(found) >= MOST_SUMS or steps > MOST_STEPS:
                return
            if total + values[at] > target:
                continue
            if any(_overlap(parts[at].span, parts[other].span) for other in chosen):
                continue
            search(at + 1, [*chosen, at], total + values[at])

    search(0, [], 0)
    return found


def _within(inner: tuple[str, str], outer: tuple[str, str]) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def _overlap(one: tuple[str, str], other: tuple[str, str]) -> bool:
    return one[0] <= other[1] and other[0] <= one[1]


def _same_measures(together: Register, sides: list[Side]) -> None:
    """A reach measure with the same count in two versions is the same
    figure to a reader, though the table (one unit) changed: an outsider
    published the under-18s of 35 club volunteers as <5, then again at 5
    of 37 with the adults' 32 shown, and took the adults to be unchanged
    (35 - 32 = 3). Tied only where the counts are equal, so what the
    model assumes is true."""
    for at, side in enumerate(sides):
        for other in sides[at + 1 :]:
            for key, cell in side.cells.items():
                if (
                    key[0] == "reach"
                    and key in other.cells
                    and other.cells[key].value == cell.value
                ):
                    together.total(side.key(key), [other.key(key)])


def linked_cells(register: Register, fresh: Register) -> dict[Key, Cell]:
    """A published version's figures that count the same units now as when
    it was published, and the categories it showed together."""
    cells = {
        k: c
        for k, c in register.cells.items()
        if k in fresh.cells and fresh.cells[k].value == c.value
    }
    for within in register.shown_with.values():
        cells.setdefault(within, register.cells[within])
    return cells


def _label(sides: list[Side], group: Group) -> str:
    return "in " + " and ".join(sides[at].name or "the new version" for at in sorted(group.members))


def _group(together: Register, group: Group, label: str, dataset: str, sides, since) -> None:
    """One group's figures, its publications' relations, and what is known of it."""
    cells: dict[Key, Cell] = {}
    for at in sorted(group.members):
        for key, cell in sides[at].cells.items():
            if key[0] == dataset:
                cells.setdefault(key, cell)
    for key in sorted(cells):
        source = cells[key]
        # A category shown together (or only tried, in the candidate) is no
        # unit's own figure: the group's is that of its members.
        members = questions.members(key) if COMBINED in key else [key]
        # Its words never name the figure: only counts of 1 to 4 are
        # protected, so "those aged 80+, among those added" would say,
        # when one return was added, that they are 80+. What is held back
        # for it is named (run and report); what it protects is not.
        together.count(
            ("changed", label, *key),
            sum(group.figures.get(member, 0) for member in members),
            "people giving one of the answers, among those counted differently in this "
            f"version or {CHANGED_WORDS} on {since}",
            source.keep,
            derived=True,
            protected=source.protected,
        )
    prefix, seen = ("changed", label), set()
    for at in sorted(group.members):
        for relation in sides[at].relations:
            if relation.terms not in seen and all(k in cells for k in relation.keys):
                seen.add(relation.terms)
                together.relations.append(published.renamed_relation(relation, prefix))
    _known(together, prefix, cells, group)


def _known(together: Register, prefix: tuple, cells: dict, group: Group) -> None:
    """What the auditor takes a reader to know of a group: how many units
    are in it (the worst case: a revision note may say "3 late returns
    added"), and which delivery rows are not (a row's key names its
    organisation, activity and dates)."""
    fixed = [key for key in ROOTS if key in cells]
    fixed += [key for key in cells if key[:2] == ("delivery", "row") and key not in group.figures]
    for key in fixed:
        cell = together.cells[(*prefix, *key)]
        cell.shown, cell.fixed, cell.protected = Shown.EXACT, True, False

"""Two versions of an area-period's figures linked through the units they
share (`history`): each figure split into the units both count unchanged
and the rest of each side, with each side's relations, and what a reader
is taken to know of the split."""

from __future__ import annotations

from pipeline.held_back import CHANGED_WORDS
from pipeline.report import published, units
from pipeline.report.questions import COMBINED
from pipeline.report.register import Register
from pipeline.report.statistics import Key, Shown

ROOTS = (("survey", "respondents"), ("training", "people"))  # how many units: taken as known


def link(together, candidate, version, fresh, splits: dict[str, units.Split]) -> None:
    """Each figure of both versions split into the units they share
    unchanged and the rest of each side, with each side's relations."""
    name, when = version.name, version.when
    both: dict[Key, int] = {}
    for split in splits.values():
        for key, value in split.both.items():
            both[key] = both.get(key, 0) + value
    unchanged = {dataset for dataset, split in splits.items() if split.same}
    # Its figures that count the same units now as when it was published.
    old_cells = {
        k: c
        for k, c in version.register.cells.items()
        if k in fresh.cells and fresh.cells[k].value == c.value
    }
    for within in version.register.shown_with.values():  # categories it showed together
        old_cells.setdefault(within, version.register.cells[within])
    new_cells = dict(candidate.cells)
    for key in set(old_cells) | set(new_cells):
        # A category shown together (or only tried, in the candidate) is
        # no unit's own figure: its shared units are those of its members.
        if COMBINED in key:
            both[key] = sum(both.get(member, 0) for member in _members(key))
    for key in sorted(set(old_cells) & set(new_cells)):
        if key[0] in unchanged:  # the same people, counted alike: the same figure
            together.total(("published", name, *key), [key])
    old_cells = {k: c for k, c in old_cells.items() if k[0] not in unchanged}
    new_cells = {k: c for k, c in new_cells.items() if k[0] not in unchanged}
    for key in sorted(set(old_cells) | set(new_cells)):
        source, shared = new_cells.get(key) or old_cells[key], both.get(key, 0)
        sides = {
            "both": (shared, "unchanged"),
            "before": (_value(old_cells, key) - shared, "removed or corrected"),
            "after": (_value(new_cells, key) - shared, "added or corrected"),
        }
        for side, (value, words) in sides.items():
            # Its words never name the figure: only counts of 1 to 4 are
            # protected, so "those aged 80+, among those added" would say,
            # when one return was added, that they are 80+. What is held
            # back for it is named (run and report); what it protects is not.
            together.count(
                ("changed", name, side, *key),
                value,
                f"people giving one of the answers, among those {words} {CHANGED_WORDS} on {when}",
                source.keep,
                derived=True,
                protected=source.protected,
            )
        split = [("changed", name, "both", *key)]
        if key in old_cells:
            together.total(("published", name, *key), [*split, ("changed", name, "before", *key)])
        if key in new_cells:
            together.total(key, [*split, ("changed", name, "after", *key)])
    _replicate(together, version.register.relations, old_cells, ("changed", name, "before"))
    _replicate(together, candidate.relations, new_cells, ("changed", name, "after"))
    _known(together, name, splits)


def tie(together: Register, links: list[tuple[str, dict[str, units.Split]]]) -> None:
    """Sides of different comparisons that hold units counting alike count
    alike, figure by figure. Each comparison is modelled on its own, and
    a third outsider read a count none of them showed across three: with
    January to March and November to January published beside November to
    March, both of the first two less the third is January, whose "80+"
    (3) January's own report showed as <5. Tied, the November and December
    people on the side of each comparison are one group to the auditor
    too, and January's figures follow from the published ones as they do
    for a reader."""
    groups: dict[tuple[str, bytes], list[tuple[str, str]]] = {}
    for name, splits in links:
        for dataset, split in splits.items():
            for side, kind in split.kinds.items():
                groups.setdefault((dataset, kind), []).append((name, side))
    for (dataset, _), sides in groups.items():
        first, *others = sides
        for other in others:
            for key in [k for k in together.cells if k[:3] == ("changed", *first)]:
                if key[3] != dataset:
                    continue
                twin = ("changed", *other, *key[3:])
                if twin in together.cells:
                    together.total(key, [twin])


def _members(combined: Key) -> list[Key]:
    """The categories a combined category's key names (`Register.combined`)."""
    at = combined.index(COMBINED)
    return [(*combined[:at], name) for name in combined[at + 1 :]]


def _value(cells: dict, key: Key) -> int:
    return cells[key].value if key in cells else 0


def _replicate(together: Register, relations, cells: dict, prefix: tuple) -> None:
    """The relations of one side, for its units that are not shared."""
    for relation in relations:
        if all(k in cells for k in relation.keys):
            together.relations.append(published.renamed_relation(relation, prefix))


def _known(together: Register, name: str, splits: dict[str, units.Split]) -> None:
    """What the auditor takes a reader to know: how many units are not
    shared unchanged on each side (so, where none are, that all of that
    side's figures are 0), which delivery rows changed, and whether the
    reach table did (a unit each: where it is unchanged, so is its figure)."""
    fixed = []
    for root in ROOTS:
        fixed += [("changed", name, side, *root) for side in ("before", "after")]
    for dataset, split in splits.items():
        for side, count in (("before", split.before), ("after", split.after)):
            if not count:  # no such unit: every figure of it is 0
                fixed += [
                    key
                    for key in together.cells
                    if key[:3] == ("changed", name, side) and key[3] == dataset
                ]
    for unit in splits["delivery"].unchanged if "delivery" in splits else ():
        row = tuple(unit.split(units.ROW_SEPARATOR))  # its key: a row's own figure
        fixed += [("changed", name, side, *row) for side in ("before", "after")]
    for key in fixed:
        if key in together.cells:
            cell = together.cells[key]
            cell.shown, cell.fixed, cell.protected = Shown.EXACT, True, False

"""An area's publications linked through the units they share (`history`):
each figure of every publication the sum of the same figure of the groups
of units it counts (`membership`), each group a count of people the
auditor protects, with every relation of its publications, and what a
reader is taken to know of the groups."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.held_back import CHANGED_WORDS
from pipeline.report import published, questions, sums
from pipeline.report.names import matching_name, words_of
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
    area: str

    @property
    def place(self) -> tuple[str, tuple[str, str]]:
        return self.area, self.span

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


def _measures_summed(together: Register, sides: list[Side]) -> None:
    """A reach measure of a publication that is the sum of the same measure
    in publications inside its dates, none counting the same people (other
    areas, or periods that do not overlap), is their sum to a reader: an
    outsider read a quarter's "Coaches trained <5" as the half-year's 10
    less the other quarter's 7, a month's as a year's less five months and
    a half-year, and a strand area's as its county's less the other
    strand's, the other measures adding up exactly. Tied only where the
    counts add up, so what the model assumes is true (`sums`); parts
    counting 0 add nothing a tie without them does not."""
    for whole in sides:
        inside = sorted(
            (s for s in sides if s is not whole and sums.part_of(s.place, whole.place)),
            key=lambda s: s.span,
        )
        for key, cell in whole.cells.items():
            if key[0] != "reach":
                continue
            named = [(s, _measure(s, key)) for s in inside]
            parts = [(s, k) for s, k in named if k is not None and s.cells[k].value > 0]
            found = sums.summing(
                [(s.cells[k].value,) for s, k in parts],
                (cell.value,),
                lambda a, b, parts=parts: sums.apart(parts[a][0].place, parts[b][0].place),
            )
            for chosen in found:
                together.total(whole.key(key), [parts[at][0].key(parts[at][1]) for at in chosen])
            _rest_protected(together, whole, key, parts)


def _measure(side: Side, key: Key) -> Key | None:
    """`side`'s key of the reach measure `key`, its name lined up as a
    reader would (a strand's "coaches trained" is its county's "Coaches
    Trained")."""
    if key in side.cells:
        return key
    measures = [k for k in side.cells if k[0] == "reach"]
    # Asides in brackets aside (an eighteenth outsider's Q0), unless that
    # leaves two of the side's measures one name.
    for asides in (True, False):
        name = matching_name(key[1], asides=asides)
        alike = [k for k in measures if matching_name(k[1], asides=asides) == name]
        if len(alike) == 1:
            return alike[0]
    # Then the one measure whose words hold this one's, or are held by them
    # ("County coaches trained", "No. of coaches trained": a nineteenth
    # outsider's, each 10 - 7 = 3).
    mine = words_of(key[1])
    alike = [k for k in measures if mine and (mine <= words_of(k[1]) or words_of(k[1]) <= mine)]
    return alike[0] if len(alike) == 1 else None


def _rest_protected(
    together: Register, whole: Side, key: Key, parts: list[tuple[Side, Key]]
) -> None:
    """What a measure of a whole counts outside the parts published inside
    it is a count too, though no report shows it: an outsider published
    October's 21 coaches, November's 19 and then the quarter's 43, and
    December's 3 was read off before December's report, which could then
    only say <5. Each such rest of 1 to 4 is protected, as the count of a
    period no report covers yet (`sums`: the sets falling short by it)."""
    cell = whole.cells[key]
    if not cell.protected:
        return
    for rest in range(1, min(together.threshold, cell.value + 1)):
        found = sums.summing(
            [(s.cells[k].value,) for s, k in parts],
            (cell.value - rest,),
            lambda a, b, parts=parts: sums.apart(parts[a][0].place, parts[b][0].place),
            least=1,
        )
        for chosen in found:
            names = [parts[at][0].name or "new" for at in chosen]
            outside = together.count(
                ("outside", whole.name or "new", *key, *names),
                rest,
                f"{cell.about} outside the periods published inside it",
                cell.keep,
                derived=True,
            )
            chosen_keys = (parts[at][0].key(parts[at][1]) for at in chosen)
            together.total(whole.key(key), [*chosen_keys, outside])


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
    # Only versions of one area-period have a revision note to say how
    # many were added; between areas or periods, how many they share is a
    # count like any other (an eighteenth outsider's Q1: 17 trained less an
    # area reusing 14 of their ids gave the other 3).
    revisions = all(side.place == sides[-1].place for side in sides)
    _known(together, prefix, cells, group, sizes=revisions)


def _known(together: Register, prefix: tuple, cells: dict, group: Group, sizes: bool) -> None:
    """What the auditor takes a reader to know of a group: with `sizes`,
    how many units are in it (the worst case: a revision note may say "3
    late returns added"), and which delivery rows are not (a row's key
    names its organisation, activity and dates)."""
    fixed = [key for key in ROOTS if key in cells and sizes]
    fixed += [key for key in cells if key[:2] == ("delivery", "row") and key not in group.figures]
    for key in fixed:
        cell = together.cells[(*prefix, *key)]
        cell.shown, cell.fixed, cell.protected = Shown.EXACT, True, False

"""Categories shown together, as a secondary protection tried before any is
withheld: "same or worse" as one bar rather than "worse <5" beside a
withheld "same". Statistical offices redesign a table this way before
they suppress cells in it (tau-ARGUS's "global recoding"; ONS tables merge
age bands): the chart still says something.

A breakdown says which neighbours may be combined (`Register.breakdown`):
ordered scales (age bands, activity levels, improved-same-worse) and the
nominal categories where a joint name reads well ("Another term or prefer
not to say"). A combined category is a new figure, registered when first
tried (its count and its percentage of the base), and published only while
the combination is kept; its parts are then shown only within it
(`Shown.COMBINED`). A breakdown is never combined into a single category:
that would say nothing."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.report import disclosure
from pipeline.report.register import Keep, Key, Register, Shown

COST = 2 * Keep.PART - 1  # after the statistical test (0), before any category (2)


def options(register: Register, key: Key) -> list[Combine]:
    """Each way to show the category `key` (or the combined category it is
    shown within) together with a neighbour."""
    members = _members(register, key)
    found = register.breakdowns.get(members[0])
    if found is None:
        return []
    groups = register.groups(list(found.parts))
    at = next(i for i, g in enumerate(groups) if members[0] in g)
    found_options = []
    for other in (at - 1, at + 1):
        if not 0 <= other < len(groups) or len(groups) <= 2:
            continue  # two groups made one would show the base alone
        first, second = sorted((at, other))
        join = found.parts.index(groups[first][-1])
        if join not in found.joins:
            continue
        joined = groups[first] + groups[second]
        value = sum(register.cells[m].value for m in joined)
        found_options.append(Combine(joined, found.base, value))
    return found_options


def _members(register: Register, key: Key) -> tuple[Key, ...]:
    """The parts a category stands for: itself, or those it combines."""
    parts = tuple(p for p, within in register.shown_with.items() if within == key)
    return parts or (key,)


@dataclass
class Combine:
    """Show `members` (neighbours in a breakdown over `base`) as one category."""

    members: tuple[Key, ...]
    base: Key
    value: int
    applied: bool = False
    before: dict = field(default_factory=dict)  # what it changed, to undo

    cost = COST

    @property
    def name(self) -> tuple:
        return ("combine", *self.members)

    @property
    def figures(self) -> tuple[Key, ...]:
        return self.members

    def apply(self, register: Register) -> None:
        key = register.combined(self.members)
        if key not in register.cells:
            about = _either([register.cells[m].about for m in self.members])
            register.count(key, self.value, about, derived=True, protected=False)
            register.total(key, list(self.members))
            keep = max(
                (
                    p.keep
                    for (c, b), p in register.percents.items()
                    if c in self.members and b == self.base
                ),
                default=Keep.PART,
            )
            register.percent_of(key, self.base, keep)
        earlier = {register.shown_with.get(m) for m in self.members} - {None}
        self.before = {
            "shown": {m: register.cells[m].shown for m in self.members},
            "within": {m: register.shown_with.get(m) for m in self.members},
            "earlier": earlier,
        }
        for old in earlier:  # a combination this one takes in is no longer shown
            _unpublish(register, old, self.base)
        for member in self.members:
            register.cells[member].shown = Shown.COMBINED
            register.shown_with[member] = key
        cell = register.cells[key]
        small = disclosure.is_small(cell.value, register.threshold)
        cell.shown, cell.protected = (Shown.SUPPRESSED if small else Shown.EXACT), True
        register.percents[(key, self.base)].withheld = False
        self.applied = True

    def undo(self, register: Register) -> None:
        _unpublish(register, register.combined(self.members), self.base)
        for member in self.members:
            register.cells[member].shown = self.before["shown"][member]
            within = self.before["within"][member]
            if within is None:
                register.shown_with.pop(member, None)
            else:
                register.shown_with[member] = within
        for old in self.before["earlier"]:
            cell = register.cells[old]
            small = disclosure.is_small(cell.value, register.threshold)
            cell.shown, cell.protected = (Shown.SUPPRESSED if small else Shown.EXACT), True
            register.percents[(old, self.base)].withheld = False
        self.applied = False

    def words(self, register: Register) -> str:
        about = register.cells[register.combined(self.members)].about
        return f"{about} are shown as one category"


def _unpublish(register: Register, key: Key, base: Key) -> None:
    cell = register.cells[key]
    cell.shown, cell.protected = Shown.DERIVED, False
    register.percents[(key, base)].withheld = True


def _either(abouts: list[str]) -> str:
    """What categories shown together count, in words: the words they share
    said once ("participants whose confidence stayed the same or got worse")."""
    words = [a.split(" ") for a in abouts]
    head = 0
    while all(len(w) > head + 1 and w[head] == words[0][head] for w in words):
        head += 1
    tail = 0
    while all(len(w) > head + tail + 1 and w[-1 - tail] == words[0][-1 - tail] for w in words):
        tail += 1
    middles = [" ".join(w[head : len(w) - tail]) for w in words]
    ends = [
        " ".join(words[0][:head]),
        _join(middles, "or"),
        " ".join(words[0][len(words[0]) - tail :]),
    ]
    return " ".join(e for e in ends if e)


def _join(items: list[str], last: str = "and") -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {last} " + items[-1]

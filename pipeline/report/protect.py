"""Secondary protection: deciding how each registered figure is published,
over all of an area-period's figures at once, not cell by cell.

1. Primary suppression: a count from 1 to threshold-1 is shown as `<t` (or
   withheld, where it is never shown as `<t`); no percentage is given of it
   or over a base below the threshold.
2. While the auditor can narrow a small count down from what would be
   published, publish less among the figures linked to it, least important
   first (the statistical test; then a category shown together with its
   neighbour, as tau-ARGUS users and ONS tables do before they suppress:
   "same or worse", ages "61-80 or 80+"; then a percentage or category
   withheld; a base, a headline total rounded to the register's `rounding`,
   then withheld), until the auditor finds it safe; then publish again
   whatever turned out not to be needed. It ends when the auditor finds
   nothing, which it must: with everything withheld, nothing can be worked
   out."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.report import audit, combine, disclosure
from pipeline.report.keys import question_of
from pipeline.report.register import Keep, Key, Percent, Register, Shown, Statistic


def settle(register: Register) -> list:
    """Decide how every figure is published. Returns what the auditor
    still finds: nothing, unless secondary protection ran out of things
    to withhold (the report then fails its disclosure check)."""
    for cell in register.cells.values():
        if cell.fixed or not cell.known:
            continue  # published as it is (not people), or not known to be small
        if cell.shown is Shown.EXACT and disclosure.is_small(cell.value, register.threshold):
            cell.shown = Shown.SUPPRESSED if cell.small_shown else Shown.WITHHELD
    found = audit.disclosures(register)
    while found:
        kept = _protect(register, found[0])
        if not kept:
            break
        # Publishing less only widens what a reader can work out: a count
        # found safe stays safe, so only those found before are asked again.
        # A combined category is a figure not published before: all are.
        new = any(isinstance(option, combine.Combine) for option in kept)
        found = audit.disclosures(register, among=None if new else found)
    register.settled = True
    return found


def _protect(register: Register, found) -> list:
    """Publish less among what took part in narrowing `found` down: add
    the least important options (then the smallest) one at a time until
    the auditor finds `found` safe, then publish again each added option
    that turns out not to be needed, most important first. Returns the
    options kept: none when nothing is left to withhold."""
    applied: list = []
    # The figures near it first; all those linked to it only when they are
    # not enough (a withheld count is 0 or t or more to a reader, so in a
    # small survey the respondents' total, three links away, may have to
    # be rounded to protect one category).
    for hops in (2, None, 0):
        tried = {o.name for o in applied}
        if hops == 0:
            # Last, the count itself withheld rather than <t: a group of 4
            # on two courses, every figure near it withheld (0 or t or more
            # each), still read as 3 or 4 beside its returns.
            options = _itself(register, found.key)
        else:
            options = _options(register, found.key, hops) + combine.options(register, found.key)
        options = sorted(
            (o for o in options if o.name not in tried), key=lambda o: (o.cost, o.value, o.name)
        )
        if _first_enough(register, found.key, options, applied):
            break
    if not applied:
        return []
    for option in sorted(applied, key=lambda o: (-o.cost, -o.value, o.name)):
        option.undo(register)
        if audit.narrowed(register, found.key):
            option.apply(register)
    kept = [o for o in applied if o.applied]
    for option in kept:
        # A total rounded before and now withheld is said once, as it ends up.
        subject = option.words(register).rsplit(" is ", 1)[0] + " is "
        register.actions = [a for a in register.actions if not a.startswith(subject)]
        words = option.words(register)
        action = f"{words}, so that the number of {found.about} cannot be worked out"
        register.actions.append(action)
        register.deciding[action] = (found.key, option.figures, words)
    return kept


def _itself(register: Register, key: Key) -> list:
    cell = register.cells[key]
    if cell.fixed or cell.shown is not Shown.SUPPRESSED:
        return []
    return [_Option(key, cell.keep, cell.value, False)]


def _first_enough(register: Register, key: Key, options: list, applied: list) -> bool:
    """Apply `options` in order (adding each to `applied`) until the
    auditor finds `key` safe; whether it did."""
    for option in options:
        option.apply(register)
        applied.append(option)
        if not audit.narrowed(register, key):
            return True
    return False


_PROTECTS = ", so that the number of "
# Why a figure is published less, as a report says it (`as_published`).
AS_PUBLISHED = ", so that no number too small to publish can be worked out from the others"


def as_published(action: str) -> str:
    """An action as a report says it: never naming the count it protects.
    That a count is protected says it is from 1 to 4, which with the figures
    published can pin it (an outsider found "the number who did not answer"
    was 2 from such a line and a rounded total). The register keeps the
    name, for the ledger's comparisons (`published`)."""
    head, protects, _ = action.partition(_PROTECTS)
    if not protects:
        return action
    return f"{head}{AS_PUBLISHED}"


def _options(register: Register, key: Key, hops: int | None) -> list[_Option]:
    """What could be published less: every exact count or published
    statistic linked to `key` within `hops` links (None: through any chain)."""
    links = [set(r.keys) for r in register.relations] + [
        s.uses() for s in register.every_statistic() if s.publishes(register)
    ]
    near, reached = {key}, 0
    while hops is None or reached < hops:
        before = len(near)
        for linked in links:
            if near & linked:
                near |= linked
        reached += 1
        if len(near) == before:
            break
    options = []
    for other in sorted(near - {key}):
        cell = register.cells[other]
        if cell.fixed:
            continue
        if cell.shown is Shown.EXACT and cell.value > 0:
            total = any(r.keys[0] == other and not r.at_most for r in register.relations)
            # A headline or base total is worth keeping approximately; when
            # rounding is not enough, it may be withheld in the same step.
            if total and cell.value >= register.threshold and cell.keep >= Keep.BASE:
                options.append(_Option(other, cell.keep, cell.value, True))
            options.append(_Option(other, cell.keep, cell.value, False))
        elif cell.shown in (Shown.ROUNDED, Shown.SUPPRESSED, Shown.AT_LEAST):
            # Withheld rather than <t, a small count may be 0 to a reader.
            options.append(_Option(other, cell.keep, cell.value, False))
        elif cell.shown is Shown.WITHHELD and register.holding_back and question_of(other):
            # Withheld, a count reads as 0 or t or more; held back with its
            # whole question, as any number (an outsider's January to March,
            # beside November to March and November to December, had no
            # other way to protect one workforce group's missing scores).
            options.append(_Option(other, cell.keep, cell.value, False))
    for statistic in register.every_statistic():
        if all(register.cells[k].fixed for k in statistic.uses()):
            continue  # decided with its figures (one already published is out)
        if statistic.publishes(register) and statistic.uses() & near:
            # A percentage weighs as much as its count; another statistic as its largest.
            counts = [statistic.count] if isinstance(statistic, Percent) else statistic.uses()
            largest = max(register.cells[k].value for k in counts)
            options.append(_Option(statistic, statistic.keep, largest, False))
    return options


@dataclass
class _Option:
    """One figure that could be published less: a count withheld (or a
    total rounded first), or a statistic withheld."""

    target: Key | Statistic
    keep: Keep
    value: int
    rounds: bool  # a total: rounded rather than withheld
    applied: bool = False
    before: Shown | None = None

    @property
    def cost(self) -> float:
        """Withholding costs twice a figure's importance (`Keep`), a
        percentage one more (a chart's bars are its percentages: its counts
        go first), a total a half more than rounding it; combining
        categories comes between the statistical test and a category."""
        if isinstance(self.target, Statistic):
            return 2 * self.keep + isinstance(self.target, Percent)
        cell_total = self.keep >= Keep.BASE and not self.rounds
        return 2 * self.keep + 0.5 * cell_total

    @property
    def name(self) -> tuple:
        t = self.target
        if isinstance(t, Statistic):
            return ("statistic", *sorted(t.uses()))
        return ("rounded" if self.rounds else "withheld", *t)

    @property
    def figures(self) -> tuple[Key, ...]:
        """What it publishes less: a count, or the figure a statistic is of."""
        t = self.target
        if isinstance(t, Percent):
            return (t.count,)
        return (t.key,) if isinstance(t, Statistic) else (t,)

    def level(self, register: Register) -> Shown:
        if self.rounds:
            return Shown.ROUNDED
        held = register.holding_back and question_of(self.target) is not None
        return Shown.HELD_BACK if held else Shown.WITHHELD

    def apply(self, register: Register) -> None:
        """A total both rounded and withheld (two options) ends withheld,
        whichever was applied first."""
        if isinstance(self.target, Statistic):
            self.target.withheld = True
        else:
            cell = register.cells[self.target]
            if cell.shown not in (self.level(register), Shown.HELD_BACK):
                self.before = cell.shown
                cell.shown = self.level(register)
        self.applied = True

    def undo(self, register: Register) -> None:
        """Options are undone most costly first, so a total withheld after it
        was rounded goes back to rounded, then to exact."""
        if isinstance(self.target, Statistic):
            self.target.withheld = False
        elif register.cells[self.target].shown is self.level(register) and self.before is not None:
            register.cells[self.target].shown = self.before
        self.applied = False

    def words(self, register: Register) -> str:
        if isinstance(self.target, Statistic):
            return f"{self.target.about(register)} is withheld"
        cell = register.cells[self.target]
        if self.rounds:
            return f"the number of {cell.about} is rounded to the nearest {register.rounding}"
        return f"the number of {cell.about} is withheld"

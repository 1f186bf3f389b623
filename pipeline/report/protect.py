"""Secondary protection: deciding how each registered figure is published,
over all of an area-period's figures at once, not cell by cell.

1. Primary suppression: a count from 1 to threshold-1 is shown as `<t` (or
   withheld, where it is never shown as `<t`); no percentage is given of it
   or over a base below the threshold.
2. While the auditor can narrow a small count down from what would be
   published, publish less among the figures linked to it, least important
   first (a percentage, a category, a base, a headline total rounded to the
   register's `rounding`, then withheld), until the auditor finds it safe;
   then publish again whatever turned out not to be needed. It ends when the
   auditor finds nothing, which it must: with everything withheld, nothing
   can be worked out."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.report import audit, disclosure
from pipeline.report.register import Keep, Key, Register, Shown, Statistic


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
    while found and _protect(register, found[0]):
        # Publishing less only widens what a reader can work out: a count
        # found safe stays safe, so only those found before are asked again.
        found = audit.disclosures(register, among=found)
        if not found:
            found = audit.disclosures(register) if _unsure(register) else []
    register.settled = True
    return found


def _unsure(register: Register) -> bool:
    """Whether the last protection published something new (never, until
    categories can be combined), so that everything must be asked again."""
    return False


def _protect(register: Register, found) -> bool:
    """Publish less among what took part in narrowing `found` down: add
    the least important options (then the smallest) one at a time until
    the auditor finds `found` safe, then publish again each added option
    that turns out not to be needed, most important first. False when
    nothing is left to withhold."""
    options = sorted(_options(register, found.key), key=lambda o: (o.keep, o.value, o.name))
    if not options:
        return False
    applied = []
    for option in options:
        option.apply(register)
        applied.append(option)
        if not audit.narrowed(register, found.key):
            break
    for option in sorted(applied, key=lambda o: (-o.keep, -o.value, o.name)):
        option.undo(register)
        if audit.narrowed(register, found.key):
            option.apply(register)
    kept = [o for o in applied if o.applied]
    for option in kept:
        # A total rounded before and now withheld is said once, as it ends up.
        subject = option.words(register).rsplit(" is ", 1)[0] + " is "
        register.actions = [a for a in register.actions if not a.startswith(subject)]
        register.actions.append(
            f"{option.words(register)}, so that the number of {found.about} cannot be worked out"
        )
    return bool(kept)


def _options(register: Register, key: Key) -> list[_Option]:
    """What could be published less: every exact count or published
    statistic linked to `key`, directly or through one other count."""
    links = [set(r.keys) for r in register.relations] + [
        s.uses() for s in register.every_statistic() if s.publishes(register)
    ]
    near = {key}
    for _ in range(2):
        for linked in links:
            if near & linked:
                near |= linked
    options = []
    for other in sorted(near - {key}):
        cell = register.cells[other]
        if cell.fixed:
            continue
        if cell.shown is Shown.EXACT and cell.value > 0:
            total = any(r.keys[0] == other and not r.at_most for r in register.relations)
            # A headline or base total is worth keeping approximately.
            rounds = total and cell.value >= register.threshold and cell.keep >= Keep.BASE
            options.append(_Option(other, cell.keep, cell.value, rounds))
        elif cell.shown in (Shown.ROUNDED, Shown.SUPPRESSED, Shown.AT_LEAST):
            # Withheld rather than <t, a small count may be 0 to a reader.
            options.append(_Option(other, cell.keep, cell.value, False))
    for statistic in register.every_statistic():
        if statistic.publishes(register) and statistic.uses() & near:
            largest = max(register.cells[k].value for k in statistic.uses())
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
    def name(self) -> tuple:
        t = self.target
        return ("statistic", *sorted(t.uses())) if isinstance(t, Statistic) else ("count", *t)

    def apply(self, register: Register) -> None:
        if isinstance(self.target, Statistic):
            self.target.withheld = True
        else:
            cell = register.cells[self.target]
            self.before = self.before or cell.shown
            cell.shown = Shown.ROUNDED if self.rounds else Shown.WITHHELD
        self.applied = True

    def undo(self, register: Register) -> None:
        if isinstance(self.target, Statistic):
            self.target.withheld = False
        else:
            register.cells[self.target].shown = self.before
        self.applied = False

    def words(self, register: Register) -> str:
        if isinstance(self.target, Statistic):
            return f"{self.target.about(register)} is withheld"
        cell = register.cells[self.target]
        if self.rounds:
            return f"the number of {cell.about} is rounded to the nearest {register.rounding}"
        return f"the number of {cell.about} is withheld"

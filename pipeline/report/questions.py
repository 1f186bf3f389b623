"""What publishing again forces to be held back is held back by whole
question (issue 34, item 2; `history`).

Secondary protection chooses what to withhold by what it protects. Settled
with the version published before, after one late return it withholds the
added person's own age band and a neighbour, and the report says so: a
reader of both versions learns that the person is in one of the two, and
one who knows how protection chooses learns which. The auditor models what
is published, not how it was chosen (nor do tau-ARGUS and sdcTable), so
the choice is taken out of it: when settling with the published versions
publishes anything of a question less than settling alone would, the new
version withholds the whole question (every answer, combined category,
percentage and statistic of it, and how many answered) and says so naming
the question, never an answer. With fewer people added or corrected than
the threshold, each question they answered or left blank has a count of 1
to 4 among them, so every such question is held back whatever they
answered: what is held back says nothing about them. Withholding more only
widens what a reader can work out, so nothing becomes unsafe."""

from __future__ import annotations

from pipeline.report.keys import question_of, question_words, split_by_group
from pipeline.report.register import Key, Register, Shown

COMBINED = "combined"  # in the key of a category shown together (`Register.combined`)


def members(combined: Key) -> list[Key]:
    """The categories a combined category's key names (`Register.combined`)."""
    at = combined.index(COMBINED)
    return [(*combined[:at], name) for name in combined[at + 1 :]]


def hold_back(
    candidate: Register, alone: list[str], deciding: dict, together, reason: str, forced=()
) -> None:
    """Withhold in `candidate` every question that settling it `together`
    with the published versions published less of, after it was settled
    alone (its actions then `alone`, with their `deciding`), and every
    question `forced`, and say what was withheld: `reason` for what the
    comparison forced. What settling alone did to a question held back is
    not said apart (it would name an answer), nor is what settling together
    did within one."""
    held = sorted(
        {
            question
            for action in together.actions
            for figure in together.deciding[action][1]
            if (question := question_of(figure)) is not None
        }
        | set(forced)
    )
    actions = []
    for action in alone:
        if action not in deciding:  # said as an unchanged dataset was published
            actions.append(action)
            continue
        found, figures, words = deciding[action]
        if not _of(held, (found, *figures)):
            actions.append(action)
        elif not _of(held, figures):  # published less outside them, for one of them
            actions.append(f"{words}, so that a small count cannot be worked out")
    for question in held:
        actions.append(
            f"everything about {question_words(question)} (each answer, how many answered and "
            f"the percentages) is withheld in this version, {reason}"
        )
    for action in together.actions:
        _, figures, words = together.deciding[action]
        if not _of(held, figures):
            actions.append(f"{words}, {reason}")
    candidate.actions = list(dict.fromkeys(actions))
    for question in held:
        withhold(candidate, question)


def _of(held: list[Key], figures) -> bool:
    return any(question_of(figure) in held for figure in figures)


def withhold(register: Register, question: Key) -> None:
    """Every figure of `question` withheld: categories shown together are
    shown apart again, each withheld."""
    for part in [p for p in register.shown_with if question_of(p) == question]:
        del register.shown_with[part]
    for cell in register.cells.values():
        if cell.fixed or (
            question_of(cell.key) != question and not split_by_group(cell.key, question)
        ):
            continue
        if COMBINED in cell.key:  # a category shown together, or tried: not shown
            cell.shown, cell.protected = Shown.DERIVED, False
        elif cell.shown is not Shown.DERIVED:
            cell.shown = Shown.HELD_BACK
    for (count, base), percent in register.percents.items():
        if question in (question_of(count), question_of(base)):
            percent.withheld = True
    for statistic in register.statistics.values():
        if question_of(statistic.key) == question:
            statistic.withheld = True

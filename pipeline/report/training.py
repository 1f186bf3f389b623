"""The workforce training figures of an area-period's register (see
`figures`): people trained and returns, those with both scores and those
without, improved, same and worse, each workforce group's, the follow-up
question's, and the unknowns behind the means, medians and the statistical
test: how many changed by each amount and the sum of scores before."""

from __future__ import annotations

import numpy as np

from pipeline.processed import Processed
from pipeline.report.keys import (
    CHANGED,
    CHANGES,
    DIRECTION_JOINS,
    DIRECTIONS,
    FOLLOWED_UP,
    MEDIAN_CHANGE,
    PAIRS,
    PEOPLE,
    RETURNS,
    SCORES,
    TEST,
    UNMATCHED,
    WORDS,
    direction,
    follow_up,
    group,
)
from pipeline.report.register import Keep, Key, Register, Relation


def small_groups(data: Processed, threshold: int) -> set[str]:
    """The workforce groups with fewer than `threshold` returns with both
    scores: their means and medians are never published, so their changes
    are held together (`_scores`)."""
    groups = data.frame("distance_travelled")["workforce_group"].astype(str)
    names = data.frame("training")["workforce_group"].dropna().astype(str).unique()
    return {n for n in names if int((groups == n).sum()) < threshold}


def _returns_per_person(register: Register, people, returns, one_each: bool, courses: int):
    """How a group's returns stand to its people: one each, a reader may
    count returns as people; else each person has from one to as many
    returns as there are courses (the contract: one row per participant
    and course). An outsider read a group shown <5 as 3 or 4 from its
    median (so 5 or more returns) and the report's "on 2 courses"."""
    if one_each:
        register.total(people, [returns])
        return
    register.at_most(people, returns)
    register.relations.append(Relation(((people, -courses), (returns, 1)), at_most=True))


def register_training(register: Register, data: Processed, small: set | None = None) -> None:
    """`small`: the groups to hold together, when they are not this data's
    own (`small_groups`): one participant's figures, counted alone, keep
    the keys of the whole (`units`)."""
    training, pairs = data.frame("training"), data.frame("distance_travelled")
    people = training["participant_id"].nunique()
    register.count(PEOPLE, people, "people trained", Keep.HEADLINE)
    # Never published (the data steward's page, which counts rows, is not).
    returns = register.count(RETURNS, len(training), "training returns", derived=True)
    courses = training["course"].nunique()
    _returns_per_person(register, PEOPLE, returns, people == len(training), courses)
    register.count(PAIRS, len(pairs), "participants with both scores", Keep.BASE)
    unmatched = int(training["confidence_after"].isna().sum())
    register.count(UNMATCHED, unmatched, "participants who returned no score after the course")
    register.total(returns, [PAIRS, UNMATCHED])
    _follow_up(register, training, returns)
    directions = [
        register.count(
            direction(d),
            int((pairs["direction"] == d).sum()),
            f"participants whose confidence {WORDS[d]}",
        )
        for d in DIRECTIONS
    ]
    register.total(PAIRS, directions)
    register.breakdown(PAIRS, directions, DIRECTION_JOINS)
    for each in directions:
        register.percent_of(each, PAIRS, Keep.BASE)
    changed = int((pairs["direction"] != "same").sum())
    # Only ever in the statistical test's sentence.
    register.count(CHANGED, changed, "participants whose score changed", Keep.DETAIL, derived=True)
    register.total(CHANGED, [directions[0], directions[2]])
    names = sorted(training["workforce_group"].dropna().unique())
    groups, returned, unmatched_by_group = [], [], []
    for name in names:
        in_group = training[training["workforce_group"] == name]
        members = register.count(
            group(name), in_group["participant_id"].nunique(), f"{name} trained"
        )
        rows = register.count(
            group(name, "returns"), len(in_group), f"{name} training returns", derived=True
        )
        one_each = register.cells[members].value == len(in_group)
        _returns_per_person(register, members, rows, one_each, courses)
        returned.append(
            register.count(
                group(name, "returned"),
                int((pairs["workforce_group"] == name).sum()),
                f"{name} with both scores",
            )
        )
        unmatched_by_group.append(
            register.count(
                group(name, "unmatched"),
                int(in_group["confidence_after"].isna().sum()),
                f"{name} who returned no score after the course",
                derived=True,
            )
        )
        register.total(rows, [returned[-1], unmatched_by_group[-1]])
        groups.append(rows)
    register.total(returns, groups)
    register.total(PAIRS, returned)
    register.total(UNMATCHED, unmatched_by_group)
    if sum(register.cells[group(n)].value for n in names) == people:  # each person in one group
        register.total(PEOPLE, [group(n) for n in names])
    if small is None:
        small = small_groups(data, register.threshold)
    _scores(register, pairs, names, small)


def _scores(register: Register, pairs, names: list[str], small: set[str]) -> None:
    """What the means, medians, directions and the test are worked out from,
    as unknowns a reader can reason about (never published themselves): for
    each workforce group whose means may be published (at least t with both
    scores), how many changed by each amount from -4 to +4 and the sum of
    their scores before; the other groups' changes together. That is all of
    a group's scores that any published figure depends on, and it is exact:
    n people whose changes are known can have any sum of scores before from
    the sum of their lowest possible (a change of +3 starts at 1 or 2) to
    the sum of their highest, and nothing else. A group's mean after is its
    mean before plus the changes."""
    change_of = pairs["confidence_after"].astype(int) - pairs["confidence_before"].astype(int)
    groups = pairs["workforce_group"].astype(str)
    small = sorted(n for n in names if n in small)
    change: dict = {}  # every changes cell, by its change
    for name in [n for n in names if n not in small] + ([None] if small else []):
        mine = groups.isin(small) if name is None else groups == name
        label = "the other groups" if name is None else name
        cells = {}
        for d in CHANGES:
            where = ("training", "other groups") if name is None else group(name)
            cells[d] = register.count(
                (*where, "changed by", str(d)),
                int((change_of[mine] == d).sum()),
                f"{label} whose confidence changed by {d:+d}",
                derived=True,
                protected=False,
            )
            change[cells[d]] = d
        if name is None:  # the small groups' returns with both scores, together
            register.relations.append(
                Relation(
                    tuple((group(n, "returned"), -1) for n in small)
                    + tuple((c, 1) for c in cells.values())
                )
            )
            continue
        register.total(group(name, "returned"), list(cells.values()))
        before = register.count(
            group(name, "sum before"),
            int(pairs.loc[mine, "confidence_before"].astype(int).sum()),
            f"the sum of the scores before the course of {name}",
            derived=True,
            protected=False,
        )
        lowest = {cells[d]: max(SCORES[0], SCORES[0] - d) for d in CHANGES}
        highest = {cells[d]: min(SCORES[-1], SCORES[-1] - d) for d in CHANGES}
        register.relations.append(
            Relation(((before, -1), *lowest.items()), at_most=True)
        )  # sum before >= each one's lowest possible
        register.relations.append(
            Relation(((before, 1), *((c, -v) for c, v in highest.items())), at_most=True)
        )  # and <= each one's highest
        n = {c: 1 for c in cells.values()}
        register.mean(
            group(name, "mean before"),
            {before: 1},
            n,
            f"mean confidence before the course of {name}",
        )
        register.mean(
            group(name, "mean after"),
            {before: 1, **{c: d for d, c in cells.items()}},
            n,
            f"mean confidence after the course of {name}",
        )
        register.median(
            group(name, "median change"),
            {c: d for d, c in cells.items()},
            f"median change in confidence of {name}",
        )
        # Never shown by group, but a group's means, median and the whole's
        # directions can pin them: 6 tutors whose confidence rose by 5
        # points in all (means 2.2 and 3.0), a median of +1 and nobody
        # worse had 1 to 3 tutors stay the same.
        for d, sign in zip(DIRECTIONS, (1, 0, -1), strict=True):
            register.count(
                group(name, d),
                int((np.sign(change_of[mine]) == sign).sum()),
                f"{name} whose confidence {WORDS[d]}",
                derived=True,
            )
            register.total(
                group(name, d), [c for v, c in cells.items() if (v > 0) - (v < 0) == sign]
            )
    for d, sign in zip(DIRECTIONS, (1, 0, -1), strict=True):
        register.total(direction(d), [c for c, v in change.items() if (v > 0) - (v < 0) == sign])
    register.median(MEDIAN_CHANGE, change, "median change in confidence", Keep.HEADLINE)
    register.reveals(
        TEST,
        [[c for c, v in change.items() if v == d] for d in CHANGES if d] + [list(change)],
        "statistical test of the change in confidence (its n, W and p)",
        enough=[c for c, v in change.items() if v],
    )


def _follow_up(register: Register, training, returns: Key) -> None:
    """How many returns said they followed up, said not, or left it blank."""
    answers = training["follow_up"].astype("string")
    parts = [
        register.count(
            follow_up(answer),
            int((answers == answer).sum()),
            "participants recorded as " + ("followed up" if answer == "yes" else "not followed up"),
        )
        for answer in ("yes", "no")
    ]
    blank = register.count(
        follow_up("blank"), int(answers.isna().sum()), "returns not saying", derived=True
    )
    answered = register.count(
        FOLLOWED_UP,
        sum(register.cells[p].value for p in parts),
        "returns answering the follow-up question",
        Keep.BASE,
    )
    register.total(answered, parts)
    register.total(returns, [answered, blank])
    register.percent_of(parts[0], answered, Keep.BASE)

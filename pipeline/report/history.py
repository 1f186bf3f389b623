"""Publishing again: an area-period's figures audited together with every
version of them already published, and with the published versions of
the periods of the same area linked to it by overlapping dates (contract
section 5, "Publishing again"; issue 34, item 2).

Every unit of all of them (a respondent or participant, a delivery row,
the reach table as a whole) is matched across the publications, by id
and what it counts, else by what it counts (`membership`), and the units
are grouped by the set of publications each is in. For every figure k of
every publication P:

    P_k = sum of G_k over the groups G whose units P counts

Each group's G_k is a count of people the auditor protects, like any
other, and each group obeys the relations of its publications (their
answers add up, everyone chose an option). The auditor also takes the
reader to know how many units each group has (the worst case: a
revision note may say "3 late returns added"), and which delivery rows
are in it. A late return added to 200 is a group of 1: every question
then says which category the added person is in, unless the new version
withholds or combines enough to hide it, which secondary protection
does, as for any other small count. Groups rather than pairs: November
to March less November to December less February to March is January,
which no comparison of two of them shows.

All of it goes into one register with the figures of every published
version fixed as they were shown, and is settled once (`protect.settle`):
only the new version's figures can be published less. What the published
versions already give away together, whatever the new one shows, is
theirs, not the new version's (`given.already_out`)."""

from __future__ import annotations

from pipeline.held_back import CHANGED_WORDS, LINKED_WORDS, LOWER_THRESHOLD_WORDS
from pipeline.processed import Processed
from pipeline.report import (
    given,
    linked,
    membership,
    pool,
    protect,
    published,
    questions,
    units,
    versions,
)
from pipeline.report.keys import question_of
from pipeline.report.register import Register
from pipeline.report.statistics import Key


def settle(candidate: Register, data: Processed, found: list[versions.Version], registered) -> list:
    """Settle `candidate` together with the versions `found`, whose figures
    `registered(data, threshold)` counts again from their tables. Returns
    what the auditor still finds (nothing, unless protection ran out)."""
    together = Register(candidate.threshold, candidate.rounding, holding_back=True)
    mine = units.weights(data, candidate)
    counted = []
    for version in found:
        theirs_data = versions.processed(version, data)
        fresh = registered(theirs_data, candidate.threshold)
        counted.append((version, fresh, units.weights(theirs_data, fresh)))
    here = (data.manifest["area"], data.manifest["period"])
    latest = [c for c in counted if (c[0].entry["area"], c[0].entry["period"]) == here][-1:]
    for version, _, theirs in latest:
        if (version.register.threshold, version.register.rounding) != (
            candidate.threshold,
            candidate.rounding,
        ):
            continue  # decided again under the new parameters
        # A dataset whose rows are as they were is published as it was:
        # nothing new about its people, and nothing to decide again.
        same = {d for d, split in units.compare(mine, theirs).items() if split.same}
        for key in published.decide_as(candidate, version.register, same):
            candidate.cells[key].fixed = True
    # Settled alone first: what settling with the published versions adds
    # to it is then what they force, held back by whole question.
    protect.settle(candidate)
    alone, deciding = list(candidate.actions), dict(candidate.deciding)
    # Every unit of all of them matched at once, and grouped by the
    # publications it is in (`membership`).
    span = (str(data.period["start"]), str(data.period["end"]))
    grouped = membership.groups(
        [
            pool.Publication(theirs, v.entry["start"], v.entry["end"], v.entry["area"])
            for v, _, theirs in counted
        ]
        + [pool.Publication(mine, *span, data.manifest["area"])]
    )
    # Compared with the new version: those of its area overlapping it,
    # and any that shares people with it (`versions`).
    new, area = len(counted), data.manifest["area"]
    sharing = {
        at for groups in grouped.values() for g in groups if new in g.members for at in g.members
    }
    overlapping = [
        at
        for at, (version, _, _) in enumerate(counted)
        if at in sharing
        or (version.entry["area"] == area and versions.overlap(version.entry, span))
    ]
    # Held back by rule before the auditor looks: it then finds nothing
    # left of them to narrow down (their 0s too, which it never withholds).
    forced = _few_changed(candidate, grouped, overlapping, new)
    for question in forced:
        questions.withhold(candidate, question)
    # Compared one at a time with the versions it overlaps, to say who changed.
    splits = [pair for at in overlapping for pair in units.compare(mine, counted[at][2]).items()]
    _take(together, candidate)
    sides = []
    for version, fresh, _ in counted:
        published.add_renamed(
            together,
            version.register,
            ("published", version.name),
            f"as published on {version.when}",
        )
        cells = linked.linked_cells(version.register, fresh)
        dates = (version.entry["start"], version.entry["end"])
        sides.append(
            linked.Side(
                version.name, cells, version.register.relations, dates, version.entry["area"]
            )
        )
    sides.append(linked.Side(None, dict(candidate.cells), list(candidate.relations), span, area))
    linked.link(together, sides, grouped, counted[0][0].when)
    given.assumed_known(together)
    if (
        len(found) > 1
        or found[0].register.threshold != candidate.threshold
        or given.left_out(grouped, new)
    ):
        given.already_out(together)
        candidate.exposed = given.exposed(candidate)
    undisclosed = protect.settle(together)
    _give_back(together, candidate)
    newest = max(found, key=lambda version: versions.when(version.entry))
    if all(split.same for _, split in splits) and any(
        version.register.threshold < candidate.threshold for version in found
    ):
        reason = (
            f"so that the small counts the version published on {newest.when} showed "
            f"{LOWER_THRESHOLD_WORDS} cannot be narrowed down further"
        )
    elif all(split.same for _, split in splits):
        # Nobody changed: what forces it is other areas' or periods'
        # reports (outsiders 15 and 16 were told of a lower threshold
        # that never was).
        reason = (
            f"so that, {LINKED_WORDS} (the latest on {newest.when}), no small count can "
            "be worked out"
        )
    elif all((v.entry["area"], v.entry["period"]) == here for v in found):
        who = _who_changed([split for _, split in splits])
        reason = (
            f"so that the answers of the people {who} {CHANGED_WORDS} on {newest.when} "
            "cannot be worked out"
        )
    else:
        # Other areas' or periods' reports: no earlier version of this one,
        # nothing "added" or "removed" since (an eighteenth outsider's Q2).
        reason = (
            f"so that, {LINKED_WORDS} (the latest on {newest.when}), the answers of the "
            "people counted in only some of them cannot be worked out"
        )
    questions.hold_back(candidate, alone, deciding, together, reason, forced)
    return undisclosed


def _few_changed(candidate: Register, grouped: dict, published: list[int], new: int) -> set[Key]:
    """Every question of a dataset in which fewer people than the threshold
    (but some) are on one side only: added or corrected in the new version,
    or removed or corrected from a published one. Each such question has a
    count of 1 to 4 among them, and how the versions show it can say which:
    a category shown together in one version and apart in the other (a
    reader who knows that categories are shown together to protect a small
    one), or a category withheld in one only. The auditor models the
    figures, not how protection chose them, so these are held back by rule,
    whatever the people answered (questions.py). Either side alone counts:
    a whole-pilot report of two published halves less one withdrawn return
    has one person on the first half's side only, and 200 on its own side,
    and an outsider read the withdrawn person's answers off the three."""
    t = candidate.threshold
    few = set()
    for dataset, groups in grouped.items():
        for at in published:  # `at`'s units not in the new one; the new one's not in `at`
            before = sum(g.size for g in groups if at in g.members and new not in g.members)
            after = sum(g.size for g in groups if new in g.members and at not in g.members)
            if 0 < before < t or 0 < after < t:
                few.add(dataset)
    return {q for key in candidate.cells if key[0] in few and (q := question_of(key)) is not None}


def _who_changed(splits: list[units.Split]) -> str:
    """How the people changed between versions that are not the same:
    "added", "removed", "added or corrected", ... (a unit in both versions
    but counted differently is corrected)."""
    kinds = [
        word
        for word, how_many in (
            ("added", sum(s.added for s in splits)),
            ("removed", sum(s.removed for s in splits)),
            ("corrected", sum(s.corrected for s in splits)),
        )
        if how_many
    ]
    return ", ".join(kinds[:-1]) + (" or " if len(kinds) > 1 else "") + kinds[-1]


def _take(together: Register, candidate: Register) -> None:
    """The candidate's figures, the same objects: decisions land in it."""
    together.cells.update(candidate.cells)
    together.relations += candidate.relations
    together.percents.update(candidate.percents)
    together.statistics.update(candidate.statistics)
    together.breakdowns.update(candidate.breakdowns)
    together.shown_with.update(candidate.shown_with)  # its categories shown together


def _give_back(together: Register, candidate: Register) -> None:
    """What settling added for the candidate: categories shown together."""
    for key, cell in together.cells.items():
        if given.mine(key) and key not in candidate.cells:
            candidate.cells[key] = cell
    for relation in together.relations[len(candidate.relations) :]:
        if all(given.mine(k) for k in relation.keys):
            candidate.relations.append(relation)  # a category shown together
    for pair, percent in together.percents.items():
        if given.mine(pair[0]):
            candidate.percents[pair] = percent
    candidate.shown_with = {p: c for p, c in together.shown_with.items() if given.mine(p)}
    candidate.settled = True


def _prefixed(prefix: tuple, key: Key) -> Key:
    return (*prefix, *key)

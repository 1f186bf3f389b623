"""Who each registered figure counts: for each respondent, each training
participant, each delivery row and the reach table as a whole (the units),
how much it adds to each figure of the register (`figures`, `training`).
Every figure of these datasets is a sum over units, so the figures of any
set of units obey the same relations as the whole: that is what lets the
auditor split a figure into the people two publications share and those
only one has (`history`).

The weights are worked out here from the same processed tables and the
same keys as the registering code, vectorised; their sums are checked
against the register, and a figure that is not such a sum is a bug."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline.contract import ACTIVITY_LEVELS, INACTIVE_LEVELS, LANGUAGES
from pipeline.processed import Processed
from pipeline.report import keys as k
from pipeline.report.register import Register
from pipeline.report.statistics import Key

ROW_SEPARATOR = "\x1f"  # a delivery row's id is its key's names joined by it


@dataclass
class Units:
    """One dataset's units (`ids`, one row of `weights` each) and the figures
    they count (`keys`, one column each)."""

    ids: list[str]
    keys: list[Key]
    weights: np.ndarray  # units x keys, whole numbers

    def by_id(self) -> dict[str, int]:
        return {unit: row for row, unit in enumerate(self.ids)}


def weights(data: Processed, register: Register) -> dict[str, Units]:
    """For each dataset of `data` with units, what each unit adds to each figure."""
    found = {}
    if data.has("survey"):
        survey = data.frame("survey")["respondent_id"].astype(str)
        found["survey"] = _table(list(survey), _survey(data))
    if data.has("training"):
        found["training"] = _training(data, register)
    if data.has("delivery"):
        found["delivery"] = _delivery(data)
    if data.has("reach"):
        cells = [(key, c.value) for key, c in register.cells.items() if key[0] == "reach"]
        found["reach"] = Units(
            ["reach"], [key for key, _ in cells], np.array([[v for _, v in cells]])
        )
    _check(found, register)
    return found


def _table(ids: list[str], columns: dict[Key, pd.Series]) -> Units:
    """Columns keyed by figure (tuples, so kept apart from pandas' labels)."""
    keys = list(columns)
    matrix = np.column_stack(
        [pd.Series(columns[key]).fillna(0).to_numpy(dtype=np.int64) for key in keys]
    )
    return Units(ids, keys, matrix)


def _survey(data: Processed) -> dict[Key, pd.Series]:
    """One column per figure, one row per respondent: 1 where counted."""
    survey = data.frame("survey").set_index(data.frame("survey")["respondent_id"].astype(str))
    found: dict[Key, pd.Series] = {k.RESPONDENTS: pd.Series(1, index=survey.index)}

    def answered(question: str, asked: pd.Series, categories: dict[str, pd.Series]) -> None:
        found[k.key(question)] = asked.astype(int)
        found[k.unanswered(question)] = (~asked).astype(int)
        for category, chosen in categories.items():
            found[k.key(question, category)] = chosen.astype(int)

    for question, (categories, _) in k.SINGLE_CHOICE.items():
        values = survey[question].astype("string")
        answered(question, values.notna(), {c: values.eq(c).fillna(False) for c in categories})
    from pipeline.process import activity_level

    band = activity_level(survey["minutes_per_week"]).astype("string")
    answered("minutes", band.notna(), {b: band.eq(b).fillna(False) for b in ACTIVITY_LEVELS})
    found[k.INACTIVE] = band.isin(INACTIVE_LEVELS).astype(int)
    others = [c for c in LANGUAGES if c != "en"]
    found[k.NOT_ENGLISH] = survey["language"].astype("string").isin(others).astype(int)
    answers = data.frame("survey_answers")
    for question, (categories, _) in k.MULTI_CHOICE.items():
        asked = answers[answers["question"] == question]
        who = pd.Index(asked["respondent_id"].astype(str).unique())
        chosen = {
            c: survey.index.isin(asked.loc[asked["answer"] == c, "respondent_id"].astype(str))
            for c in categories
        }
        answered(
            question,
            pd.Series(survey.index.isin(who), index=survey.index),
            {c: pd.Series(v, index=survey.index) for c, v in chosen.items()},
        )
    return found


def _training(data: Processed, register: Register) -> Units:
    """One row per participant: the sum over their rows (returns, scores),
    and 1 for each group they were trained in."""
    from pipeline.report import training

    rows = data.frame("training").reset_index(drop=True)
    who = rows["participant_id"].astype(str)
    after, before = rows["confidence_after"], rows["confidence_before"]
    both = after.notna() & before.notna()
    change = (after.astype("Float64") - before.astype("Float64")).where(both)
    group = rows["workforce_group"].astype(str)
    small = training.small_groups(data, register.threshold)
    answer = rows["follow_up"].astype("string")
    per_row: dict[Key, pd.Series] = {
        k.RETURNS: pd.Series(1, index=rows.index),
        k.PAIRS: both,
        k.UNMATCHED: after.isna(),
        k.follow_up("yes"): answer.eq("yes").fillna(False),
        k.follow_up("no"): answer.eq("no").fillna(False),
        k.follow_up("blank"): answer.isna(),
        k.FOLLOWED_UP: answer.isin(["yes", "no"]).fillna(False),
        k.direction("improved"): change.gt(0).fillna(False),
        k.direction("same"): change.eq(0).fillna(False),
        k.direction("worse"): change.lt(0).fillna(False),
        k.CHANGED: change.ne(0).fillna(False) & both,
    }
    for name in sorted(group.unique()):
        mine = group.eq(name)
        per_row[k.group(name, "returns")] = mine
        per_row[k.group(name, "returned")] = mine & both
        per_row[k.group(name, "unmatched")] = mine & after.isna()
        where = ("training", "other groups") if name in small else k.group(name)
        for d in k.CHANGES:
            key = (*where, "changed by", str(d))
            per_row[key] = per_row.get(key, False) | (mine & change.eq(d).fillna(False))
        if name not in small:
            per_row[k.group(name, "sum before")] = before.astype("Int64").where(mine & both)
            for d in k.DIRECTIONS:
                per_row[k.group(name, d)] = mine & per_row[k.direction(d)]
    keys = list(per_row)
    matrix = np.column_stack(
        [pd.Series(per_row[key]).fillna(0).to_numpy(dtype=np.int64) for key in keys]
    )
    summed = pd.DataFrame(matrix).groupby(who.to_numpy()).sum()
    people = {k.PEOPLE: np.ones(len(summed), dtype=np.int64)}
    for name in sorted(group.unique()):
        trained = group.eq(name).groupby(who.to_numpy()).any().reindex(summed.index)
        people[k.group(name)] = trained.to_numpy(dtype=np.int64)
    return Units(
        [str(i) for i in summed.index],
        keys + list(people),
        np.column_stack([summed.to_numpy(), *people.values()]),
    )


def _delivery(data: Processed) -> Units:
    """Each row: its participants in its row, organisation, activity and the total."""
    rows = k.delivery_rows(data.frame("delivery"))
    keys = list(
        dict.fromkeys(
            key
            for row, organisation, activity, _ in rows
            for key in (
                row,
                k.delivered("organisation", organisation),
                k.delivered("activity", activity),
                k.PARTICIPANTS,
            )
        )
    )
    at = {key: column for column, key in enumerate(keys)}
    matrix = np.zeros((len(rows), len(keys)), dtype=np.int64)
    for number, (row, organisation, activity, participants) in enumerate(rows):
        for key in (
            row,
            k.delivered("organisation", organisation),
            k.delivered("activity", activity),
            k.PARTICIPANTS,
        ):
            matrix[number, at[key]] = participants
    return Units([ROW_SEPARATOR.join(row) for row, *_ in rows], keys, matrix)


def _check(found: dict[str, Units], register: Register) -> None:
    """Every figure of these datasets is the sum of its units' weights."""
    totals: dict[Key, int] = {}
    for units in found.values():
        for key, total in zip(units.keys, units.weights.sum(axis=0), strict=True):
            totals[key] = totals.get(key, 0) + int(total)
    for key, cell in register.cells.items():
        if key[0] in found and "combined" not in key and totals.get(key, 0) != cell.value:
            # A bug: the figure is not the sum over units. Its name, never its counts.
            raise RuntimeError(f"{cell.about} is not a sum over units")


@dataclass
class Split:
    """One dataset's units in two publications: how many are on one side
    only (the auditor's model of them is `membership`'s)."""

    before: int  # units of the published version not carried unchanged
    after: int  # units of the new one not in the published version unchanged
    added: int = 0  # of `after`, units not in the published version at all
    removed: int = 0  # of `before`, units no longer in the new one

    @property
    def corrected(self) -> int:
        """Units in both versions whose answers changed."""
        return self.after - self.added

    @property
    def same(self) -> bool:
        return self.before == self.after == 0


def compare(mine: dict[str, Units], theirs: dict[str, Units]) -> dict[str, Split]:
    """Each dataset's units matched: unchanged when counted alike."""
    found = {}
    for dataset in set(mine) | set(theirs):
        ours, old = mine.get(dataset), theirs.get(dataset)
        if ours is None or old is None:
            before, after = len(old.ids) if old else 0, len(ours.ids) if ours else 0
            found[dataset] = Split(before, after, after, before)
            continue
        keys = list(dict.fromkeys(ours.keys + old.keys))
        ours_rows, old_rows = aligned(ours, keys), aligned(old, keys)
        pairs = _matched(ours, ours_rows, old, old_rows)
        taken = set(pairs.values())
        left = [row for row in range(len(old.ids)) if row not in taken]
        new = [row for row in range(len(ours.ids)) if row not in pairs]
        # A unit left over on both sides under one id had its answers corrected.
        corrected = len({ours.ids[row] for row in new} & {old.ids[row] for row in left})
        before, after = len(old.ids) - len(pairs), len(ours.ids) - len(pairs)
        found[dataset] = Split(before, after, after - corrected, before - corrected)
    return found


def _matched(ours: Units, ours_rows: np.ndarray, old: Units, old_rows: np.ndarray) -> dict:
    """Each of our units counted alike in the published version -> its row
    there: by id first; then a unit whose id the other side does not have
    at all, by what it counts, to one such unit there. Ids re-exported or
    renumbered must not hide who is the same: an outsider lined up two
    versions' tables (a late return added to a re-export with new ids, a
    whole-pilot report of two periods' rows) and read the difference. A
    unit whose id is on both sides and counted differently was corrected."""
    at = old.by_id()
    pairs = {
        row: at[unit]
        for row, unit in enumerate(ours.ids)
        if unit in at and np.array_equal(ours_rows[row], old_rows[at[unit]])
    }
    taken = set(pairs.values())
    spare: dict[bytes, list[int]] = {}
    for row in range(len(old.ids) - 1, -1, -1):  # popped from the end: first rows first
        if row not in taken:
            spare.setdefault(old_rows[row].tobytes(), []).append(row)
    for row in range(len(ours.ids)):
        if row not in pairs and (alike := spare.get(ours_rows[row].tobytes())):
            pairs[row] = alike.pop()
    return pairs


def aligned(found: Units, keys: list[Key]) -> np.ndarray:
    matrix = np.zeros((len(found.ids), len(keys)), dtype=np.int64)
    at = {key: column for column, key in enumerate(keys)}
    matrix[:, [at[key] for key in found.keys]] = found.weights
    return matrix

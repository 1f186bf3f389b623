"""A settled register as the ledger keeps it, and back (`pipeline.ledger`):
every figure's true value and how it was shown, the relations between
them, the statistics and whether each was published, the categories shown
together. What is recorded is what was published, and nothing a later
audit would have to guess.

`fingerprint` names what a register would publish before it is settled:
its figures, their relations and statistics, and the auditor's code. Two
builds with the same fingerprint publish the same decisions, so a rebuild
of figures already published publishes them again exactly, without
solving anything (`figures.of`)."""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

from pipeline.report import programs, questions
from pipeline.report.questions import COMBINED
from pipeline.report.register import Cell, Register, Relation
from pipeline.report.statistics import Keep, Mean, Median, Percent, Reveals, Shown


def to_entry(register: Register) -> dict:
    """The register, settled, as plain JSON values."""
    return {
        "threshold": register.threshold,
        "rounding": register.rounding,
        "cells": [
            [
                list(c.key),
                c.value,
                c.about,
                int(c.keep),
                str(c.shown),
                c.small_shown,
                c.fixed,
                c.protected,
                c.known,
            ]
            for c in register.cells.values()
        ],
        "relations": [[[list(k), v] for k, v in r.terms] + [r.at_most] for r in register.relations],
        "statistics": [_statistic(s) for s in register.every_statistic()],
        "breakdowns": [
            [list(b.base), [list(p) for p in b.parts], sorted(b.joins)]
            for b in {id(b): b for b in register.breakdowns.values()}.values()
        ],
        "shown_with": [[list(p), list(c)] for p, c in register.shown_with.items()],
        "actions": list(register.actions),
    }


def from_entry(entry: dict) -> Register:
    """The register a ledger entry records, settled as it was published."""
    register = Register(entry["threshold"], entry["rounding"])
    for key, value, about, keep, shown, small, fixed, protected, known in entry["cells"]:
        register.cells[tuple(key)] = Cell(
            tuple(key), value, about, Keep(keep), Shown(shown), small, fixed, protected, known
        )
    for *terms, at_most in entry["relations"]:
        register.relations.append(Relation(tuple((tuple(k), v) for k, v in terms), at_most))
    for found in entry["statistics"]:
        statistic = _from_statistic(found)
        if isinstance(statistic, Percent):
            register.percents[(statistic.count, statistic.base)] = statistic
        else:
            register.statistics[statistic.key] = statistic
    for base, parts, joins in entry["breakdowns"]:
        register.breakdown(tuple(base), [tuple(p) for p in parts], joins)
    register.shown_with = {tuple(p): tuple(c) for p, c in entry["shown_with"]}
    register.actions = list(entry["actions"])
    register.settled = True
    return register


def fingerprint(register: Register) -> str:
    """What an unsettled register would publish, as a digest: with the code
    that decides it (the auditor's, and what protection and history
    withhold and say), so that changed code decides again."""
    what = {**to_entry(register), "actions": [], "code": programs.code().hex()}
    what["deciding"] = _deciding_code()
    return hashlib.sha256(json.dumps(what, sort_keys=True).encode()).hexdigest()


@functools.cache
def _deciding_code() -> str:
    here = Path(__file__).parent
    names = (
        "protect.py",
        "combine.py",
        "history.py",
        "linked.py",
        "membership.py",
        "versions.py",
        "units.py",
        "published.py",
        "questions.py",
        "keys.py",
    )
    return hashlib.sha256(b"".join((here / name).read_bytes() for name in names)).hexdigest()


def version(entry: dict) -> str:
    """A publication's name in the ledger: a digest of what it published."""
    return hashlib.sha256(json.dumps(entry, sort_keys=True).encode()).hexdigest()[:16]


def decide_as(register: Register, published: Register, datasets=None) -> list:
    """Publish `register`'s figures exactly as `published` did (the same
    figures), all of them, or those of `datasets` only (whose rows are the
    same in both). Returns the keys decided."""

    def ours(key) -> bool:
        return datasets is None or key[0] in datasets

    decided = []
    for key, cell in published.cells.items():
        if not ours(key):
            continue
        if key not in register.cells:
            if not _shown_together(register, key):
                # Registered by older code under another name (a delivery
                # row's key before it named its dates): no figure of this
                # version, so nothing to publish as it was.
                continue
            register.cells[key] = Cell(**vars(cell))  # added when settling
        register.cells[key].shown = cell.shown
        register.cells[key].protected = cell.protected
        decided.append(key)
    for relation in published.relations:  # those of categories shown together
        added = relation.keys[0] not in register.cells or COMBINED in relation.keys[0]
        if (
            added
            and all(ours(k) and k in register.cells for k in relation.keys)
            and relation not in register.relations
        ):
            register.relations.append(relation)
    for pair, percent in published.percents.items():
        if ours(pair[0]):
            found = register.percents.setdefault(pair, Percent(percent.keep, *pair))
            found.withheld = percent.withheld
    for key, statistic in published.statistics.items():
        # One the register does not have (a group's mean, when the code
        # registering it changed) has nothing to publish.
        if key in register.statistics and all(ours(k) for k in statistic.uses()):
            register.statistics[key].withheld = statistic.withheld
    register.shown_with.update({p: c for p, c in published.shown_with.items() if ours(p)})
    abouts = {published.cells[k].about for k in decided}
    for action in published.actions:  # what protected them, said as it was
        if (
            datasets is None
            or action.split("so that the number of ")[-1].rsplit(" cannot be worked out", 1)[0]
            in abouts
        ):
            register.actions.append(action)
    if datasets is None:
        register.settled = True
    return decided


def _shown_together(register: Register, key) -> bool:
    """Whether `key` is a category showing together categories `register` has."""
    return COMBINED in key and all(m in register.cells for m in questions.members(key))


def _pairs(terms: dict) -> list:
    return [[list(k), v] for k, v in terms.items()]


def _statistic(s) -> dict:
    common = {"keep": int(s.keep), "withheld": s.withheld}
    if isinstance(s, Percent):
        return {**common, "type": "percent", "count": list(s.count), "base": list(s.base)}
    if isinstance(s, Mean):
        return {
            **common,
            "type": "mean",
            "key": list(s.key),
            "total": _pairs(s.total),
            "over": _pairs(s.over),
            "what": s.what,
        }
    if isinstance(s, Median):
        return {
            **common,
            "type": "median",
            "key": list(s.key),
            "counts": _pairs(s.counts),
            "what": s.what,
        }
    return {
        **common,
        "type": "reveals",
        "key": list(s.key),
        "sums": [[list(k) for k in keys] for keys in s.sums],
        "what": s.what,
        "enough": [list(k) for k in s.enough],
    }


def _from_statistic(found: dict):
    keep, withheld = Keep(found["keep"]), found["withheld"]

    def terms(pairs) -> dict:
        return {tuple(k): v for k, v in pairs}

    if found["type"] == "percent":
        return Percent(keep, tuple(found["count"]), tuple(found["base"]), withheld=withheld)
    key = tuple(found["key"])
    if found["type"] == "mean":
        return Mean(
            keep, key, terms(found["total"]), terms(found["over"]), found["what"], withheld=withheld
        )
    if found["type"] == "median":
        return Median(keep, key, terms(found["counts"]), found["what"], withheld=withheld)
    sums = tuple(tuple(tuple(k) for k in keys) for keys in found["sums"])
    enough = tuple(tuple(k) for k in found["enough"])
    return Reveals(keep, key, sums, found["what"], enough, withheld=withheld)


def add_renamed(together: Register, register: Register, prefix: tuple, words: str) -> None:
    """A published register's figures, relations and statistics, each key
    after `prefix` and each figure's words after `words`, fixed as they
    were shown (`history`: several versions settled as one)."""
    for key, cell in register.cells.items():
        renamed = (*prefix, *key)
        together.cells[renamed] = Cell(
            renamed,
            cell.value,
            f"{cell.about} {words}",
            cell.keep,
            cell.shown,
            cell.small_shown,
            True,  # fixed: already published
            cell.protected,
            cell.known,
            threshold=cell.threshold or register.threshold,
        )
    for relation in register.relations:
        together.relations.append(renamed_relation(relation, prefix))
    for statistic in register.every_statistic():
        copied = _renamed_statistic(statistic, prefix)
        if isinstance(copied, Percent):
            together.percents[(copied.count, copied.base)] = copied
        else:
            together.statistics[copied.key] = copied


def renamed_relation(relation: Relation, prefix: tuple) -> Relation:
    return Relation(tuple(((*prefix, *k), c) for k, c in relation.terms), relation.at_most)


def _renamed_statistic(statistic, prefix: tuple):
    """A statistic over the same figures, renamed."""

    def named(terms: dict) -> dict:
        return {(*prefix, *k): v for k, v in terms.items()}

    keep, withheld = statistic.keep, statistic.withheld
    if isinstance(statistic, Percent):
        count, base = (*prefix, *statistic.count), (*prefix, *statistic.base)
        return Percent(keep, count, base, withheld=withheld)
    key = (*prefix, *statistic.key)
    if isinstance(statistic, Mean):
        total, over = named(statistic.total), named(statistic.over)
        return Mean(keep, key, total, over, statistic.what, withheld=withheld)
    if isinstance(statistic, Median):
        return Median(keep, key, named(statistic.counts), statistic.what, withheld=withheld)
    sums = tuple(tuple((*prefix, *k) for k in keys) for keys in statistic.sums)
    enough = tuple((*prefix, *k) for k in statistic.enough)
    return Reveals(keep, key, sums, statistic.what, enough, withheld=withheld)

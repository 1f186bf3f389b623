"""Every count an area-period publishes, registered with the relations a
reader could use to work one out from others, and read back as published.

`of(data, threshold)` registers them all and settles the register once per
area-period (kept on the `Processed` object), so the report, its comparison
with the previous period, the index and the programme overview all publish
the same decisions. A breakdown, its total and its percentages are one
linked set: the register's auditor sees them together.

What is linked (and why a reader could link it):
- each question's answers add up to the respondents who answered it, and
  those who answered and those who did not add up to all respondents;
- an option of a multi-select question is no larger than its base, and
  everyone who answered chose at least one option;
- the inactive are the None and Under 30 bands; "another language" is every
  language but English;
- participants with both scores and those who returned none add up to the
  training returns (one per person where each person took one course);
  improved, same and worse add up to those with both scores, improved and
  worse to those whose score changed; each workforce group's returns add
  up to all returns;
- scores are whole numbers from 1 to 5: how many of each workforce group
  scored each before and after (unknowns a reader can reason about, never
  published) add up to the group's returns with both scores, and give the
  improved, same and worse, the group's means and medians, the headline
  median and the statistical test, each modelled as the constraint it is;
- delivery participants: each organisation's and each activity's totals are
  sums of the same organisation-by-activity rows, which add up to the total;
- a reach measure that is part of another is no larger than it, and the
  rest of the whole is a count too. Only counts of people are protected:
  a reach measure of organisations, sessions, events or items is shown as
  it is, and sessions delivered are not registered at all."""

from __future__ import annotations

import weakref

import pandas as pd

from pipeline import held_back
from pipeline.contract import ACTIVITY_LEVELS, INACTIVE_LEVELS, LANGUAGES, SURVEY
from pipeline.processed import Processed
from pipeline.report import audit, history, protect, published, training, versions

# The figures' names, read by the sections through this module.
from pipeline.report.keys import (  # noqa: F401
    CHANGED,
    DIRECTIONS,
    FOLLOWED_UP,
    INACTIVE,
    JOINS,
    MEDIAN_CHANGE,
    MULTI_CHOICE,
    NOT_ENGLISH,
    PAIRS,
    PARTICIPANTS,
    PEOPLE,
    RESPONDENTS,
    RETURNS,
    SINGLE_CHOICE,
    TEST,
    UNMATCHED,
    WORDS,
    delivered,
    delivery_rows,
    direction,
    follow_up,
    group,
    key,
    reach,
    unanswered,
)
from pipeline.report.register import Keep, Key, Register, Shown
from pipeline.report.words import LEVEL_WORDS

_settled: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def of(data: Processed, threshold: int) -> Register:
    """The settled register of `data`'s published figures (worked out once),
    audited with what the ledger says was published before (`history`)."""
    cached = _settled.get(data)
    if cached is not None and cached.threshold == threshold:
        return cached
    register = registered(data, threshold)
    register.fingerprint = published.fingerprint(register)
    with audit.answers_kept(data.manifest["area"], data.manifest["period"]):
        # Empty unless nothing was left to withhold.
        register.undisclosed = _settle(register, data)
    register.held_back = [a for a in register.actions if held_back.is_held_back(a)]
    _settled[data] = register
    return register


def registered(data: Processed, threshold: int) -> Register:
    """Every figure of `data`, registered, not yet settled."""
    register = Register(threshold)
    if data.has("survey"):
        register_survey(register, data)
    if data.has("training"):
        training.register_training(register, data)
    if data.has("delivery"):
        _delivery(register, data)
    if data.has("reach"):
        _reach(register, data)
    return register


def _settle(register: Register, data: Processed) -> list:
    """Alone when nothing was published before; exactly as before when the
    same figures were; else with every version published (`history`)."""
    found = versions.versions(data, register.threshold)
    if not found:
        return protect.settle(register)
    here = (data.manifest["area"], data.manifest["period"])
    for version in found:
        mine = (version.entry["area"], version.entry["period"]) == here
        if mine and version.fingerprint == register.fingerprint:
            published.decide_as(register, version.register)
            return []
    return history.settle(register, data, found, registered)


def publication(data: Processed, threshold: int) -> tuple[str, str, dict]:
    """What a report publishes of `data`, as the ledger records it."""
    register = of(data, threshold)
    entry = published.to_entry(register)
    return (
        data.manifest["area"],
        data.manifest["period"],
        {
            "version": published.version(entry),
            "area": data.manifest["area"],
            "period": data.manifest["period"],
            "start": str(data.period["start"]),
            "end": str(data.period["end"]),
            "fingerprint": register.fingerprint,
            "register": entry,
        },
    )


# -- registering -----------------------------------------------------------------


def register_survey(register: Register, data: Processed) -> None:
    survey = data.frame("survey")
    everyone = register.count(RESPONDENTS, len(survey), "respondents", Keep.HEADLINE)
    for question, (categories, about) in SINGLE_CHOICE.items():
        answered = survey[question].dropna()
        counts = {c: int((answered == c).sum()) for c in categories}
        _breakdown(register, everyone, question, about, len(answered), counts)
    levels = data.frame("activity_levels")
    counts = dict(zip(levels["activity_level"].astype(str), levels["respondents"], strict=True))
    counts = {band: int(counts.get(band, 0)) for band in ACTIVITY_LEVELS}
    _breakdown(register, everyone, "minutes", "their minutes a week", sum(counts.values()), counts)
    inactive = register.count(
        INACTIVE, sum(counts[b] for b in INACTIVE_LEVELS), "inactive respondents", derived=True
    )
    register.total(inactive, [key("minutes", b) for b in INACTIVE_LEVELS])
    register.percent_of(inactive, key("minutes"), Keep.HEADLINE)
    others = [c for c in LANGUAGES if c != "en"]
    answered = survey["language"].dropna()
    other = register.count(
        NOT_ENGLISH,
        int(answered.isin(others).sum()),
        "those answering in another language",
        derived=True,
    )
    register.total(other, [key("language", c) for c in others])
    register.percent_of(other, key("language"))
    answers = data.frame("survey_answers")
    for question, (categories, about) in MULTI_CHOICE.items():
        asked = answers[answers["question"] == question]
        base = _answered(register, everyone, question, about, int(asked["respondent_id"].nunique()))
        options = []
        for category in categories:
            # People, not mentions: an option typed twice by one respondent is one.
            n = int(asked.loc[asked["answer"] == category, "respondent_id"].nunique())
            part = register.count(key(question, category), n, f"those choosing {category}")
            register.at_most(part, base)
            register.percent_of(part, base)
            options.append(part)
        register.at_least_one(base, options)


def _answered(register: Register, everyone: Key, question: str, about: str, n: int) -> Key:
    """The base of a question, linked to all respondents through those who
    did not answer. Where the contract requires an answer (age, gender,
    language), a reader knows nobody left it blank: that count is 0, known."""
    base = register.count(key(question), n, f"those who answered {about}", Keep.BASE)
    required = question in SURVEY.column_names and SURVEY.column(question).required
    missing = register.count(
        unanswered(question),
        register.cells[everyone].value - n,
        f"those who did not answer {about}",
        derived=not required,
        fixed=required,
        protected=not required,
    )
    register.total(everyone, [base, missing])
    return base


def _breakdown(register, everyone, question, about, answered, counts) -> None:
    base = _answered(register, everyone, question, about, answered)
    parts = [
        register.count(
            key(question, c),
            n,
            f"those doing {LEVEL_WORDS[c]} a week"
            if question == "minutes"
            else f"those answering {c!r} for {about}",
        )
        for c, n in counts.items()
    ]
    register.total(base, parts)
    register.breakdown(base, parts, JOINS[question])
    for part in parts:
        register.percent_of(
            part, base, Keep.HEADLINE if part == key(question, "Yes") else Keep.PART
        )


def _delivery(register: Register, data: Processed) -> None:
    delivery = data.frame("delivery")
    total = register.count(
        PARTICIPANTS, int(delivery["participants"].sum()), "participants", Keep.HEADLINE
    )
    rows, by = [], {"organisation": {}, "activity": {}}
    for cell, organisation, activity, participants in delivery_rows(data.frame("delivery")):
        register.count(
            cell, participants, f"participants in {activity} at {organisation}", derived=True
        )
        rows.append(cell)
        by["organisation"].setdefault(organisation, []).append(cell)
        by["activity"].setdefault(activity, []).append(cell)
    register.total(total, rows)
    for column, groups in by.items():
        totals = []
        for label, cells in sorted(groups.items()):
            part = register.count(
                delivered(column, label),
                sum(register.cells[c].value for c in cells),
                f"participants {'at' if column == 'organisation' else 'in'} {label}",
            )
            register.total(part, cells)
            totals.append(part)
        register.total(total, totals)


def _reach(register: Register, data: Processed) -> None:
    """Outputs counted in aggregate. A count of people is a count like any
    other (3 coaches trained is a small number of people); a count of
    organisations, sessions, events or items is shown as it is. A measure
    written 400+ is at least 400, its true value unknown even here. A part
    of another measure of people is linked to it: no larger, and the rest of
    the whole is a count of people too."""
    frame = data.frame("reach")
    people = {}
    for row in frame.itertuples(index=False):
        measure, unit = str(row.measure), _unit(row)
        at_least = bool(getattr(row, "count_at_least", False))
        cell = register.count(
            reach(measure),
            int(row.count),
            measure,
            fixed=unit != "people",
            protected=unit == "people",
        )
        if at_least:
            register.cells[cell].shown = Shown.AT_LEAST
            register.cells[cell].known = False
        if unit == "people":
            people[measure] = cell
    for row in frame.itertuples(index=False):
        part, whole = str(row.measure), getattr(row, "part_of", None)
        if part not in people or pd.isna(whole) or str(whole) not in people:
            continue
        whole = str(whole)
        rest = register.count(
            (*reach(whole), "not", part),
            register.cells[people[whole]].value - register.cells[people[part]].value,
            f"{whole} who are not {part}",
            derived=True,
        )
        if not (register.cells[people[whole]].known and register.cells[people[part]].known):
            register.cells[rest].known = False
        register.total(people[whole], [people[part], rest])


def _unit(row) -> str:
    unit = getattr(row, "unit", None)
    return "people" if unit is None or pd.isna(unit) else str(unit)

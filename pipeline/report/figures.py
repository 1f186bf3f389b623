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
- an option of a multi-select question is no larger than its base;
- the inactive are the None and Under 30 bands; "another language" is every
  language but English;
- participants with both scores and those who returned none add up to the
  training returns (one per person where each person took one course);
  improved, same and worse add up to those with both scores, improved and
  worse to those whose score changed (the statistical test's n);
  each workforce group's returns add up to all returns;
- delivery participants: each organisation's and each activity's totals are
  sums of the same organisation-by-activity rows, which add up to the total."""

from __future__ import annotations

import weakref

from pipeline.contract import (
    ACTIVITIES,
    ACTIVITY_LEVELS,
    AGE_BANDS,
    BARRIERS,
    GENDERS,
    HEALTH,
    INACTIVE_LEVELS,
    LANGUAGES,
)
from pipeline.processed import Processed
from pipeline.report import audit, protect
from pipeline.report.register import Keep, Register
from pipeline.report.words import LEVEL_WORDS

SINGLE_CHOICE = {
    "age_band": (AGE_BANDS, "their age"),
    "gender": (GENDERS, "their gender"),
    "language": (LANGUAGES, "the survey's language"),
    "health_condition": (HEALTH, "whether a health condition limits them"),
}
MULTI_CHOICE = {
    "activities": (ACTIVITIES, "what they do now"),
    "interests": (ACTIVITIES, "what they would like to do"),
    "barriers": (BARRIERS, "what stops them"),
}
DIRECTIONS = ("improved", "same", "worse")
WORDS = {"improved": "improved", "same": "stayed the same", "worse": "got worse"}
RESPONDENTS, INACTIVE, MINUTES = "survey.respondents", "survey.inactive", "survey.minutes"
NOT_ENGLISH = "survey.language=not English"
PEOPLE, PAIRS, UNMATCHED, CHANGED = (
    "training.people",
    "training.pairs",
    "training.unmatched",
    "training.changed",
)
PARTICIPANTS = "delivery.participants"
FOLLOWED_UP = "training.follow_up"  # returns answering; =yes, =no: their answers

_settled: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def of(data: Processed, threshold: int) -> Register:
    """The settled register of `data`'s published figures (worked out once)."""
    cached = _settled.get(data)
    if cached is not None and cached.threshold == threshold:
        return cached
    register = Register(threshold)
    if data.has("survey"):
        _survey(register, data)
    if data.has("training"):
        _training(register, data)
    if data.has("delivery"):
        _delivery(register, data)
    if data.has("reach"):
        _reach(register, data)
    _steward(register, data)
    with audit.answers_kept(data.manifest["area"], data.manifest["period"]):
        register.undisclosed = protect.settle(register)  # empty unless nothing was left to withhold
    _settled[data] = register
    return register


def key(question: str, category: str | None = None) -> str:
    return f"survey.{question}" if category is None else f"survey.{question}={category}"


# -- registering -----------------------------------------------------------------


def _survey(register: Register, data: Processed) -> None:
    survey = data.frame("survey")
    # The steward's page gives each file's rows read: the respondents, exactly.
    everyone = register.count(RESPONDENTS, len(survey), "respondents", Keep.HEADLINE, fixed=True)
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
        NOT_ENGLISH, int(answered.isin(others).sum()), "those answering in another language",
        derived=True,
    )  # fmt: skip
    register.total(other, [key("language", c) for c in others])
    register.percent_of(other, key("language"))
    answers = data.frame("survey_answers")
    for question, (categories, about) in MULTI_CHOICE.items():
        asked = answers[answers["question"] == question]
        base = _answered(register, everyone, question, about, int(asked["respondent_id"].nunique()))
        for category in categories:
            n = int((asked["answer"] == category).sum())
            part = register.count(key(question, category), n, f"those choosing {category}")
            register.at_most(part, base)
            register.percent_of(part, base)


def _answered(register: Register, everyone: str, question: str, about: str, n: int) -> str:
    """The base of a question, linked to all respondents through those who did not answer."""
    base = register.count(key(question), n, f"those who answered {about}", Keep.BASE)
    missing = register.count(
        key(question, "not answered"),
        register.cells[everyone].value - n,
        f"those who did not answer {about}",
        derived=True,
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
    for part in parts:
        register.percent_of(
            part, base, Keep.HEADLINE if part == key(question, "Yes") else Keep.PART
        )


def _training(register: Register, data: Processed) -> None:
    training, pairs = data.frame("training"), data.frame("distance_travelled")
    people = training["participant_id"].nunique()
    register.count(PEOPLE, people, "people trained", Keep.HEADLINE)
    # The steward's page gives training.csv's rows read: the returns, exactly.
    returns = register.count("training.returns", len(training), "training returns", fixed=True)
    if people == len(training):  # one course each: a reader may count returns as people
        register.total(PEOPLE, [returns])
    register.count(PAIRS, len(pairs), "participants with both scores", Keep.BASE)
    unmatched = int(training["confidence_after"].isna().sum())
    register.count(UNMATCHED, unmatched, "participants who returned no score after the course")
    register.total(returns, [PAIRS, UNMATCHED])
    _follow_up(register, training, returns)
    directions = [
        register.count(
            f"training.direction={d}",
            int((pairs["direction"] == d).sum()),
            f"participants whose confidence {WORDS[d]}",
        )
        for d in DIRECTIONS
    ]
    register.total(PAIRS, directions)
    for direction in directions:
        register.percent_of(direction, PAIRS, Keep.BASE)
    changed = int((pairs["direction"] != "same").sum())
    # Only ever in the statistical test's sentence, exactly or not at all.
    register.count(
        CHANGED, changed, "participants whose score changed", Keep.DETAIL, small_shown=False
    )
    register.total(CHANGED, [directions[0], directions[2]])
    groups, returned, unmatched_by_group = [], [], []
    for group in sorted(training["workforce_group"].dropna().unique()):
        in_group = training[training["workforce_group"] == group]
        members = register.count(
            f"training.group={group}", in_group["participant_id"].nunique(), f"{group} trained"
        )
        rows = register.count(
            f"training.group={group}.returns", len(in_group), f"{group} training returns",
            derived=True,
        )  # fmt: skip
        if register.cells[members].value == len(in_group):  # one course each, as above
            register.total(members, [rows])
        returned.append(
            register.count(
                f"training.group={group}.returned",
                int((pairs["workforce_group"] == group).sum()),
                f"{group} with both scores",
            )
        )
        unmatched_by_group.append(
            register.count(
                f"training.group={group}.unmatched",
                int(in_group["confidence_after"].isna().sum()),
                f"{group} who returned no score after the course",
                derived=True,
            )
        )
        register.total(rows, [returned[-1], unmatched_by_group[-1]])
        groups.append(rows)
    register.total(returns, groups)
    register.total(PAIRS, returned)
    register.total(UNMATCHED, unmatched_by_group)
    members = [f"training.group={g}" for g in sorted(training["workforce_group"].dropna().unique())]
    if sum(register.cells[m].value for m in members) == people:  # each person in one group
        register.total(PEOPLE, members)


def _delivery(register: Register, data: Processed) -> None:
    delivery = data.frame("delivery")
    total = register.count(
        PARTICIPANTS, int(delivery["participants"].sum()), "participants", Keep.HEADLINE
    )
    rows, by = [], {"organisation": {}, "activity": {}}
    for number, row in enumerate(delivery.itertuples(index=False)):
        cell = register.count(
            f"delivery.row={number}", int(row.participants),
            f"participants of {row.activity} at {row.organisation}", derived=True,
        )  # fmt: skip
        rows.append(cell)
        for column in by:
            by[column].setdefault(str(getattr(row, column)), []).append(cell)
    register.total(total, rows)
    for column, groups in by.items():
        totals = []
        for label, cells in sorted(groups.items()):
            part = register.count(
                f"delivery.{column}={label}",
                sum(register.cells[c].value for c in cells),
                f"participants of {label}",
            )
            register.total(part, cells)
            totals.append(part)
        register.total(total, totals)


def _reach(register: Register, data: Processed) -> None:
    """Outputs counted in aggregate: each measure is a count like any other
    (a measure of 3 coaches trained is a small number of people)."""
    for row in data.frame("reach").itertuples(index=False):
        register.count(f"reach.measure={row.measure}", int(row.count), str(row.measure))


def _follow_up(register: Register, training, returns: str) -> None:
    """How many returns said they followed up, said not, or left it blank."""
    answers = training["follow_up"].astype("string")
    parts = [
        register.count(
            f"{FOLLOWED_UP}={answer}", int((answers == answer).sum()), f"returns saying {answer}"
        )
        for answer in ("yes", "no")
    ]
    blank = register.count(
        f"{FOLLOWED_UP}=blank", int(answers.isna().sum()), "returns not saying", derived=True
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


def _steward(register: Register, data: Processed) -> None:
    """What the steward's page publishes about the same rows: each file's
    rows read and how many rows fail each check (warnings, since the
    area-period passed), all published exactly (`fixed`), so the auditor
    proves no report count can be worked out with them either."""
    linked = {"survey": RESPONDENTS, "training": "training.returns"}
    for name, about in data.manifest["datasets"].items():
        if about.get("state") != "present" or "rows" not in about:
            continue  # a manifest from before rows were recorded
        rows = register.count(
            f"steward.{name}.rows", int(about.get("rows", 0)), f"rows read from {name}", fixed=True
        )
        same = register.cells.get(linked.get(name, ""))
        if same is not None and same.value == register.cells[rows].value:
            register.total(same.key, [rows])
        for check, failing in sorted(about.get("failing", {}).items()):
            cell = register.count(
                f"steward.{name}.failing={check}", int(failing), f"{name} rows failing: {check}",
                fixed=True,
            )  # fmt: skip
            register.at_most(cell, rows)

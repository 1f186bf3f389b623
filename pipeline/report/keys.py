"""The names of an area-period's figures in its register, and the
questions and categories they are about. Keys are tuples of names, never
strings joined by a separator: a workforce group called "Tutors.returns"
or an organisation called "x=y" names its own figures and no other's."""

from __future__ import annotations

from pipeline.contract import ACTIVITIES, AGE_BANDS, BARRIERS, GENDERS, HEALTH, LANGUAGES
from pipeline.report.statistics import Key

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
# Which neighbours of a breakdown may be shown as one category (`combine`):
# i for each i, i+1 in the contract's order. Ordered scales join their
# neighbours; nominal ones only where the joint name reads well.
JOINS = {
    "age_band": (0, 1, 2, 3),  # Under 20 .. 80+, not with Prefer not to say
    "gender": (2,),  # Another term or prefer not to say
    "language": (1, 2),  # Polish, Romanian, another language
    "health_condition": (1,),  # No or prefer not to say
    "minutes": (0, 1, 2),  # the Active Lives bands
}
DIRECTION_JOINS = (0, 1)  # improved or same; same or worse
DIRECTIONS = ("improved", "same", "worse")
WORDS = {"improved": "improved", "same": "stayed the same", "worse": "got worse"}
SCORES = range(1, 6)  # confidence before and after: whole numbers from 1 to 5
CHANGES = range(SCORES[0] - SCORES[-1], SCORES[-1] - SCORES[0] + 1)  # after minus before
RESPONDENTS, INACTIVE = ("survey", "respondents"), ("survey", "inactive")
NOT_ENGLISH = ("survey", "not English")
PEOPLE, RETURNS, PAIRS, UNMATCHED, CHANGED = (
    ("training", "people"),
    ("training", "returns"),
    ("training", "pairs"),
    ("training", "unmatched"),
    ("training", "changed"),
)
MEDIAN_CHANGE = ("training", "median change")  # the headline's
TEST = ("training", "signed-rank test")
PARTICIPANTS = ("delivery", "participants")
FOLLOWED_UP = ("training", "follow-up")  # returns answering; (..., "yes"), (..., "no")


def key(question: str, category: str | None = None) -> Key:
    return ("survey", question) if category is None else ("survey", question, category)


def unanswered(question: str) -> Key:
    return ("survey", "not answered", question)


# The questions a figure can be of (`question_of`), beyond the survey's own.
DIRECTIONS_OF = ("training", "direction")  # how confidence changed, and of how many
GROUPS_OF = ("training", "group")  # the workforce groups' figures
QUESTION_WORDS = {
    DIRECTIONS_OF: "how many participants' confidence improved, stayed the same or got worse",
    GROUPS_OF: "the workforce groups",
    FOLLOWED_UP: "the follow-up",
}


def question_of(figure: Key) -> Key | None:
    """The question `figure` is part of (each answer, a combined category,
    how many answered or did not, a total of some answers), or None for a
    figure of no question (a headline total, a delivery row, the test)."""
    if figure == INACTIVE:
        return key("minutes")
    if figure == NOT_ENGLISH:
        return key("language")
    if figure[:2] == ("survey", "not answered"):
        return key(figure[2])
    if figure[0] == "survey" and figure[1] in (*SINGLE_CHOICE, *MULTI_CHOICE, "minutes"):
        return figure[:2]
    # Who gave no score after the course is the other side of who gave both:
    # held back with how confidence changed, or a republication one return
    # apart shows it <5, then withheld (5 or more), and pins it (an outsider).
    if figure in (PAIRS, UNMATCHED) or figure[:2] == DIRECTIONS_OF:
        return DIRECTIONS_OF
    if figure[:2] == GROUPS_OF:
        return GROUPS_OF
    if figure[:2] == FOLLOWED_UP:
        return FOLLOWED_UP
    return None


def split_by_group(figure: Key, question: Key) -> bool:
    """Whether `figure` is a workforce group's part of `question`: its
    returns with both scores or without one, of how confidence changed.
    With one group they are the whole's: a sixteenth outsider read "Gave
    both scores 25" in the group table beside the whole's, held back."""
    return (
        question == DIRECTIONS_OF
        and figure[:2] == GROUPS_OF
        and len(figure) == 4
        and figure[3] in ("returned", "unmatched", *DIRECTIONS)
    )


def question_words(question: Key) -> str:
    """A question in words ("their age"), naming none of its answers."""
    if question[0] == "survey":
        return {**SINGLE_CHOICE, **MULTI_CHOICE}.get(question[1], ((), "their minutes a week"))[1]
    return QUESTION_WORDS[question]


def direction(name: str) -> Key:
    return ("training", "direction", name)


def group(name: str, part: str | None = None) -> Key:
    """A workforce group's people trained, or `part` of it: "returns",
    "returned" (with both scores), "unmatched", "mean before", ..."""
    return ("training", "group", name) if part is None else ("training", "group", name, part)


def follow_up(answer: str) -> Key:
    return (*FOLLOWED_UP, answer)


def delivered(column: str, label: str) -> Key:
    return ("delivery", column, label)


def reach(measure: str) -> Key:
    return ("reach", measure)


def delivery_rows(delivery) -> list[tuple[Key, str, str, int]]:
    """Each delivery row's key (its organisation, activity, dates and which
    such row it is, not its place in the file: a row added above must not
    rename it, nor a period's rows put after another's in a file covering
    both, as an outsider's twelve-month report of two halves did),
    organisation, activity and participants."""
    found, seen = [], {}
    for row in delivery.itertuples(index=False):
        pair = (str(row.organisation), str(row.activity))
        which = (*pair, _day(row.start_date), _day(row.end_date))
        seen[which] = seen.get(which, 0) + 1
        found.append((("delivery", "row", *which, str(seen[which])), *pair, int(row.participants)))
    return found


def _day(value) -> str:
    return "" if value is None or value != value else str(value)[:10]  # NaT != NaT

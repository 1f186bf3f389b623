"""A survey question's answers as published (from the area-period's register,
`report.figures`), in the words sentences use, and two periods side by side:
shared by the survey section, the headline figures and the training section."""

from __future__ import annotations

from pipeline.contract import ACTIVITY_LEVELS, BARRIERS
from pipeline.report import analysis, blocks, disclosure, figures, words
from pipeline.report.analysis import Share
from pipeline.report.register import Register


def shares(register: Register, question: str, categories) -> tuple[list[Share], str]:
    """A question's categories as published, and its base as shown: where
    neighbouring categories are shown together ("61-80 or 80+"), one share
    for them (`Share.parts`)."""
    base = figures.key(question)
    found = []
    for members in register.groups([figures.key(question, c) for c in categories]):
        key, parts = register.read(members), tuple(m[-1] for m in members)
        percent = register.percent(key, base)
        found.append(
            Share(
                words.either(list(parts)),
                register.value(key),
                implied(register.shown(key), percent, register.value(base)),
                percent,
                parts,
            )
        )
    return found, register.shown(base)


def implied(shown: str, percent: int | None, base: int | None) -> str:
    """A withheld count beside its published percentage of a base shown
    exactly, as the counts that percentage leaves ("33 or 34"): "withheld"
    beside 28% of 120 read as careless to a reviewer, and says no less.
    Anything else as shown."""
    if shown != disclosure.WITHHELD or percent is None or not base:
        return shown
    counts = [c for c in range(base + 1) if disclosure.round_half_up(c, base) == percent]
    if not counts:
        return shown
    low, high = counts[0], counts[-1]
    if low == high:
        return f"{low:,}"
    return f"{low:,} or {high:,}" if high == low + 1 else f"{low:,} to {high:,}"


def levels(register: Register) -> list[Share]:
    """Respondents by Active Lives band."""
    return shares(register, "minutes", ACTIVITY_LEVELS)[0]


def inactive_percent(register: Register) -> int | None:
    return register.percent(figures.INACTIVE, figures.key("minutes"))


def barrier_shares(register: Register) -> list[Share]:
    """Barriers, most common first."""
    return analysis.ranked(shares(register, "barriers", BARRIERS)[0])


def share(s: Share, of: str = "") -> str:
    """ " (51% of those who answered)" after a category's name; nothing when
    its percentage is not published."""
    return f" ({s.percent}%{of})" if s.percent is not None else ""


def barriers_finding(register: Register) -> str:
    ranked = barrier_shares(register)
    published = [s for s in ranked if s.count]
    if analysis.any_withheld(ranked):
        return unranked("barrier", "barriers'")
    if not published:
        return "Too few people answered to say which barrier was the most common."
    first = published[0]
    tied = [s for s in published if s.count == first.count]
    if len(tied) > 1:
        names = words.join([tied[0].category] + [words.mid(s.category) for s in tied[1:]])
        return f"{names} were the most common barriers, equally{share(first, ' chose each')}."
    text = f"{first.category} was the most common barrier{share(first, ' of those who answered')}"
    if len(published) > 1:
        text += f", then {words.mid(published[1].category)}{share(published[1])}"
    return text + "."


def unranked(what: str, whose: str) -> str:
    """Why no category is named the most common while one is withheld: it
    could be the largest, and naming another would say it is not."""
    return (
        f"The most common {what} is not named: some {whose} numbers are not published, "
        f"{words.PROTECTED}."
    )


BEFORE, NOW = "Previous period", "This period"  # the series when two periods are compared


def compared(before: list[Share], now: list[Share]) -> tuple[list[Share], list[Share], dict]:
    """Two periods' shares row by row (`blocks.aligned`: a category one
    period shows together with another, "same or worse", is never drawn
    beside a different one), and their bars for `charts.paired_bars`."""
    before, now = blocks.aligned(before, now)
    bars = {
        BEFORE: (blocks.values(before), blocks.labels(before)),
        NOW: (blocks.values(now), blocks.labels(now)),
    }
    return before, now, bars

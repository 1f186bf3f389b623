"""Distance travelled: how participants' confidence changed between before
and after the course, from the area-period's register (`report.figures`),
as figures and in words, saying what is published and nothing where
nothing is."""

from __future__ import annotations

from pipeline.processed import Processed
from pipeline.report import analysis, disclosure, figures, words
from pipeline.report.analysis import DistanceTravelled, Share
from pipeline.report.register import Register


def directions(register: Register) -> list[Share]:
    """Improved, same and worse among participants with both scores."""
    found = []
    for members in register.groups([figures.direction(d) for d in figures.DIRECTIONS]):
        key, parts = register.read(members), tuple(m[-1] for m in members)
        found.append(
            Share(
                words.either(list(parts)),
                register.value(key),
                register.shown(key),
                register.percent(key, figures.PAIRS),
                parts,
            )
        )
    return found


def distance(data: Processed, threshold: int) -> DistanceTravelled:
    register = figures.of(data, threshold)
    pairs = data.frame("distance_travelled")
    # The test's numbers are published only where the auditor allows them.
    publishable = register.publishes(register.statistics[figures.TEST])
    return DistanceTravelled(
        pairs=len(pairs),
        pairs_shown=register.shown(figures.PAIRS),
        unmatched=register.shown(figures.UNMATCHED),
        median_change=register.statistic(figures.MEDIAN_CHANGE),
        directions=directions(register),
        wilcoxon=analysis.wilcoxon_sentence(pairs, threshold, publishable),
        test=analysis.wilcoxon_test(pairs, threshold, publishable),
    )


def finding(d: DistanceTravelled) -> str:
    """Distance travelled in words, as far as its figures are published."""
    sentences = [_pairs_sentence(d.pairs_shown, d.unmatched)]
    sentences.append(median_sentence(d.median_change))
    sentences.append(directions_sentence(d.directions))
    if d.test is not None:  # the test itself is described in "About this report"
        chance = "is unlikely to be" if d.test.p < 0.05 else "could be"
        sentences.append(f"The change {chance} chance ({analysis.p_value(d.test.p)}).")
    return " ".join(s for s in sentences if s)


def median_sentence(median: str) -> str:
    if median == disclosure.WITHHELD:
        return ""
    if median == "0":
        return "Their median change in confidence was nil."
    points = median.lstrip("+-")
    unit = "point" if points == "1" else "points"
    direction = "rose" if median.startswith("+") else "fell"
    return f"Their confidence {direction} by a median of {points} {unit}."


def _pairs_sentence(pairs: str, unmatched: str) -> str:
    """How many gave both scores and how many no score afterwards, as far
    as either is published: "All but fewer than 5 participants gave ..."
    where only the second is; nothing where neither is (a reviewer read
    "A number of participants (not published ...) gave a score" as saying
    nothing)."""
    if pairs == disclosure.WITHHELD:
        if unmatched.startswith("<"):
            return (
                f"All but fewer than {unmatched[1:]} participants gave a score both before and "
                "after the course."
            )
        if unmatched in (disclosure.WITHHELD, "0"):
            return ""
        return f"{words.counted(unmatched, 'participant')} gave no score afterwards."
    both = words.counted(pairs, "participant")
    sentence = f"{both[:1].upper() + both[1:]} gave a score both before and after the course"
    if unmatched == "0":
        return sentence + "."
    if unmatched == disclosure.WITHHELD:
        return sentence + "."
    return sentence + f"; {words.counted(unmatched, 'other')} gave none afterwards."


def directions_sentence(shares: list[Share]) -> str:
    """ "76% improved, 15% stayed the same and none got worse", naming the
    shares not published in one clause; categories shown together read as
    one ("24% stayed the same or got worse")."""
    shown, withheld = [], []
    for s in shares:
        if s.percent is not None:
            shown.append(f"{share_words(s)} {_did(s)}")
        elif s.shown != disclosure.WITHHELD:  # its count, where its share is withheld
            count = f"fewer than {s.shown[1:]}" if s.shown.startswith("<") else s.shown
            shown.append(f"{count} {_did(s)}")
        else:
            withheld += [words.DIRECTION_WORDS[p] for p in s.parts]
    if not shown:
        return ""  # a sentence saying only what is not published says nothing (a reviewer)
    text = f"Of those with both scores, {words.join(shown)}."
    if withheld:
        text += f" How many {words.join(withheld, 'or')} is not published, {words.PROTECTED}."
    return text


def _did(share: Share) -> str:
    """What the participants of a share did: "got worse", "stayed the same or got worse"."""
    return words.join([words.DIRECTION_WORDS[p] for p in share.parts], "or")


def share_words(share: Share) -> str:
    """A published share in words: "none" only when its count is published
    as 0; a 0% whose count is not published is under half of one percent."""
    if share.count == 0:
        return "none"
    return "less than 1%" if share.percent == 0 else f"{share.percent}%"

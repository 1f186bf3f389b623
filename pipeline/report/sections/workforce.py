"""Workforce development: who was trained, confidence before and after the
course by workforce group, and distance travelled. Every count and
percentage is read from the area-period's register (`report.figures`)."""

from __future__ import annotations

from pipeline import markdown
from pipeline.processed import Processed
from pipeline.report import analysis, blocks, charts, figures, words
from pipeline.report.analysis import DistanceTravelled, GroupConfidence, Share
from pipeline.report.blocks import Figure, Table, Text
from pipeline.report.disclosure import show_percent
from pipeline.report.register import Register
from pipeline.report.sections.base import Section, needs


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
    return DistanceTravelled(
        pairs=len(pairs),
        pairs_shown=register.shown(figures.PAIRS),
        unmatched=register.shown(figures.UNMATCHED),
        median_change=register.statistic(figures.MEDIAN_CHANGE),
        directions=directions(register),
        wilcoxon=analysis.wilcoxon_sentence(
            pairs, threshold, register.publishes(register.statistics[figures.TEST])
        ),
    )


class Workforce(Section):
    def _confidence(self) -> list[GroupConfidence]:
        """Before and after means over participants with both scores, per
        workforce group, with how many took part and how many returned."""
        training = self.data.frame("training")
        rows = []
        for name in sorted(training["workforce_group"].dropna().unique()):
            rows.append(
                GroupConfidence(
                    str(name),
                    self.figures.shown(figures.group(name)),
                    self.figures.shown(figures.group(name, "returned")),
                    self.figures.statistic(figures.group(name, "mean before")),
                    self.figures.statistic(figures.group(name, "mean after")),
                    self.figures.statistic(figures.group(name, "median change")),
                )
            )
        return rows

    @needs("training", absent_sentence=True)
    def text(self) -> Text | None:
        training = self.data.frame("training")
        courses = sorted(training["course"].dropna().unique())
        people = self.figures.shown(figures.PEOPLE)
        course_words = "the course" if len(courses) == 1 else "these courses"
        return Text(
            f"{people} people took part in training, on {course_words}: "
            f"{words.join([markdown.escape(c) for c in courses])}. They rated their "
            "confidence from 1 (low) to 5 (high) before the course and again "
            "afterwards.\n\n### Confidence by workforce group"
        )

    @needs("training")
    def follow_up(self) -> Text | None:
        """How many returns said they followed the course up with action."""
        answered = self.figures.shown(figures.FOLLOWED_UP)
        if self.figures.value(figures.FOLLOWED_UP) == 0:
            return Text("### Follow-up\n\nNo return answered the follow-up question.")
        yes = figures.follow_up("yes")
        percent = self.figures.percent(yes, figures.FOLLOWED_UP)
        share = f" ({show_percent(percent)})" if percent is not None else ""
        said = words.subject(self.figures.shown(yes))
        return Text(
            f"### Follow-up\n\nOf {words.the(answered, 'returns')} that answered whether they "
            f"followed the course up, {said}{share} said they did."
        )

    @needs("training")
    def confidence_figure(self) -> Figure | None:
        rows = self._confidence()
        labels = [r.group for r in rows]
        svg = charts.paired_bars(
            labels,
            {
                "Before": (
                    [words.score(r.mean_before) for r in rows],
                    [r.mean_before for r in rows],
                ),
                "After": ([words.score(r.mean_after) for r in rows], [r.mean_after for r in rows]),
            },
            "Mean confidence (1-5), participants with both scores",
            maximum=5,
        )
        rose = [
            r.group
            for r in rows
            if words.score(r.mean_before) is not None
            and words.score(r.mean_after) > words.score(r.mean_before)
        ]
        shown = [r for r in rows if words.score(r.mean_before) is not None]
        alt = (
            f"Mean confidence was higher after the course than before in {len(rose)} of "
            f"{len(shown)} workforce groups with enough returns to show."
        )
        return Figure(svg, alt)

    @needs("training")
    def confidence_table(self) -> Table | None:
        rows = tuple(
            (r.group, r.participants, r.returned, r.mean_before, r.mean_after, r.median_change)
            for r in self._confidence()
        )
        columns = (
            "Workforce group",
            "Participants",
            "Returned both scores",
            "Mean before",
            "Mean after",
            "Median change",
        )
        return Table(columns, rows, (False, True, True, True, True, True))

    def _distance(self):
        return distance(self.data, self.threshold)

    @needs("training")
    def distance_text(self) -> Text | None:
        d = self._distance()
        return Text(
            "### Distance travelled\n\nThe change in each participant's confidence, after "
            f"minus before, for {words.the(d.pairs_shown)} with both scores; "
            f"{words.subject(d.unmatched)} returned "
            f"no score after the course (unmatched returns). Median change: "
            f"**{d.median_change}**. {markdown.escape(self._distance_finding(d))}\n\n"
            + markdown.escape(d.wilcoxon)
        )

    def _distance_finding(self, d) -> str:
        shown = [
            f"{show_percent(s.percent)} {s.category}" for s in d.directions if s.percent is not None
        ]
        withheld = [s for s in d.directions if s.percent is None]
        text = f"Of participants with both scores, {words.join(shown)}." if shown else ""
        if withheld:
            who = words.join([words.DIRECTION_WORDS[p] for w in withheld for p in w.parts], "or")
            text += f" The shares who {who} are withheld: too few people to publish."
        return text.strip()

    @needs("training")
    def distance_figure(self) -> Figure | None:
        d = self._distance()
        svg = charts.bars(
            [blocks.label(s, capitalise=True) for s in d.directions],
            blocks.values(d.directions),
            blocks.labels(d.directions),
            "Participants with both scores (%)",
        )
        alt = self._distance_finding(d) + f" Median change {d.median_change}."
        return Figure(svg, alt)

    @needs("training")
    def distance_table(self) -> Table | None:
        d = self._distance()
        rows = tuple(
            (blocks.label(s, capitalise=True), s.shown, show_percent(s.percent))
            for s in d.directions
        )
        return Table(
            ("Confidence after the course", "Participants", "%"), rows, (False, True, True)
        )

"""Workforce development: who was trained, confidence before and after the
course by workforce group, and distance travelled. Every count and
percentage is read from the area-period's register (`report.figures`)."""

from __future__ import annotations

from pipeline import markdown
from pipeline.processed import Processed
from pipeline.report import analysis, blocks, charts, disclosure, figures, words
from pipeline.report.analysis import GroupConfidence, Share
from pipeline.report.blocks import Figure, Table, Text
from pipeline.report.disclosure import show_percent
from pipeline.report.sections import answers as survey
from pipeline.report.sections import travelled
from pipeline.report.sections.base import Section, needs


class Workforce(Section):
    """Where the previous period had training too, its distance travelled is
    drawn beside this period's, in the one figure and table."""

    dataset = "training"

    def _before(self) -> Processed | None:
        if self.previous is None or not self.previous.has("training"):
            return None
        return self.previous

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
                    self._statistic(figures.group(name, "mean before")),
                    self._statistic(figures.group(name, "mean after")),
                    self._statistic(figures.group(name, "median change")),
                )
            )
        return rows

    def _statistic(self, key) -> str:
        """A group's mean or median as published: a group with fewer returns
        with both scores than the threshold has none registered, since none
        is ever published (`training.small_groups`)."""
        if key not in self.figures.statistics:
            return disclosure.WITHHELD
        return self.figures.statistic(key)

    @needs("training")
    def text(self) -> Text | None:
        training = self.data.frame("training")
        courses = [markdown.escape(c) for c in sorted(training["course"].dropna().unique())]
        people = markdown.escape(
            words.counted(self.figures.shown(figures.PEOPLE), "person", "people")
        )
        on = (
            f"on one course, {courses[0]}"
            if len(courses) == 1
            else f"on {len(courses)} courses: {words.join(courses)}"
        )
        text = (
            f"{people} took part in training, {on}. They rated their "
            "confidence from 1 (low) to 5 (high) before the course and again afterwards."
            "\n\n### Confidence by workforce group"
        )
        rows = self._confidence()
        if not _means_drawn(rows):  # no chart: its finding is said here
            text += "\n\n" + markdown.escape(self._confidence_finding(rows))
        return Text(text)

    @needs("training")
    def follow_up(self) -> Text | None:
        """How many were followed up after the course (the data dictionary's
        `follow_up`), of those whose follow-up was recorded; nothing when none
        was, or when how many were is withheld: a sentence saying only that
        a number is not published says nothing (a reviewer)."""
        if self.figures.value(figures.FOLLOWED_UP) == 0:
            return None
        answered = self.figures.shown(figures.FOLLOWED_UP)
        yes = figures.follow_up("yes")
        said = self.figures.shown(yes)
        if said == disclosure.WITHHELD:
            return None
        percent = self.figures.percent(yes, figures.FOLLOWED_UP)
        of = f"Of {words.the(answered)} whose follow-up was recorded"
        if said == "0":
            found = "none had been followed up"
        else:
            found = f"{said}{f' ({percent}%)' if percent is not None else ''} had been followed up"
        return Text(f"### Follow-up\n\n{markdown.escape(f'{of}, {found}.')}")

    @needs("training")
    def confidence_figure(self) -> Figure | None:
        rows = self._confidence()
        if not _means_drawn(rows):
            return None
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
            "Average confidence (1-5), participants with both scores",
            maximum=5,
        )
        return Figure(svg, self._confidence_finding(rows))

    def _confidence_finding(self, rows: list[GroupConfidence]) -> str:
        # A group with both averages published: protection may withhold one
        # and not the other (an outsider's file failed the report here).
        shown = [
            r
            for r in rows
            if words.score(r.mean_before) is not None and words.score(r.mean_after) is not None
        ]
        rose = [r for r in shown if words.score(r.mean_after) > words.score(r.mean_before)]
        if not shown:
            # Registered means were withheld by protection (or held back):
            # "too few" would then be untrue (an outsider's 23 of them).
            if any(figures.group(r.group, "mean before") in self.figures.statistics for r in rows):
                return f"The workforce groups' average confidence is withheld, {words.PROTECTED}."
            return "Too few participants in any one group gave both scores to show its average."
        if len(shown) == 1:
            r = shown[0]
            return (
                f"Average confidence of {r.group} went from {r.mean_before} before the course "
                f"to {r.mean_after} after it."
            )
        groups = f"{len(shown)} workforce groups with enough scores to show"
        if len(rose) == len(shown):
            every = "both" if len(shown) == 2 else f"all {len(shown)}"
            return (
                f"Average confidence was higher after the course than before in {every} "
                "workforce groups with enough scores to show."
            )
        return (
            f"Average confidence was higher after the course than before in {len(rose)} of "
            f"the {groups}."
        )

    @needs("training")
    def confidence_table(self) -> Table | None:
        rows = tuple(
            (r.group, r.participants, r.returned, r.mean_before, r.mean_after, r.median_change)
            for r in self._confidence()
        )
        columns = (
            "Workforce group",
            "Participants",
            "Gave both scores",
            "Average before",
            "Average after",
            "Median change",
        )
        return Table(columns, rows, (False, True, True, True, True, True))

    def _distance(self):
        return travelled.distance(self.data, self.threshold)

    @needs("training")
    def distance_text(self) -> Text | None:
        d = self._distance()
        return Text("### Distance travelled\n\n" + markdown.escape(travelled.finding(d)))

    def _directions_pair(self) -> tuple[list[Share] | None, list[Share]]:
        """This period's directions, and the previous period's row by row
        beside them (`blocks.aligned`) where it had training too."""
        before = self._before()
        now = self._distance().directions
        if before is None:
            return None, now
        return blocks.aligned(travelled.directions(figures.of(before, self.threshold)), now)

    @needs("training")
    def distance_figure(self) -> Figure | None:
        before, now = self._directions_pair()
        if not blocks.drawn(now):
            return None
        labels = [blocks.label(s, capitalise=True) for s in now]
        axis = "Participants with both scores (%)"
        # A period whose every bar is withheld is left out of the chart: a
        # legend entry with no bars read as a broken chart (a reviewer's).
        if before is not None and not blocks.drawn(before):
            before = None
        if before is not None:
            svg = charts.paired_bars(labels, survey.compared(before, now)[2], axis)
        else:
            svg = charts.bars(labels, blocks.values(now), blocks.labels(now), axis)
        alt = travelled.directions_sentence(now)
        was = analysis.alone(before, "improved") if before is not None else None
        if was is not None and was.percent is not None:
            alt += f" In the previous period, {travelled.share_words(was)} improved."
        return Figure(svg, alt or travelled.median_sentence(self._distance().median_change))

    @needs("training")
    def distance_table(self) -> Table | None:
        before, now = self._directions_pair()
        if before is not None:
            return blocks.paired_table(
                "Confidence after the course",
                before,
                now,
                (survey.BEFORE, survey.NOW),
                capitalise=True,
            )
        rows = tuple(
            (blocks.label(s, capitalise=True), s.shown, show_percent(s.percent)) for s in now
        )
        return Table(
            ("Confidence after the course", "Participants", "%"), rows, (False, True, True)
        )


def _means_drawn(rows: list[GroupConfidence]) -> bool:
    """Whether any group's average is published: a chart of none says nothing."""
    return any(words.score(m) is not None for r in rows for m in (r.mean_before, r.mean_after))

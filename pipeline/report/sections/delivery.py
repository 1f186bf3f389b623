"""Delivery: sessions, participants and funding by organisation and activity.
Participants are people, so they are read from the area-period's register
(`report.figures`); sessions and funding are not counts of people."""

from __future__ import annotations

from pipeline import markdown
from pipeline.report import analysis, charts, figures
from pipeline.report.analysis import DeliveryLine
from pipeline.report.blocks import Figure, Table, Text
from pipeline.report.sections.base import Section, needs


class Delivery(Section):
    def _lines(self, key: str) -> list[DeliveryLine]:
        """Sessions, participants and funding per organisation or activity."""
        delivery = self.data.frame("delivery")
        return [
            DeliveryLine(
                str(label),
                int(part["sessions"].sum()),
                self.figures.shown(figures.delivered(key, str(label))),
                self.figures.value(figures.delivered(key, str(label))),
                analysis.money(part["funding_gbp"]),
            )
            for label, part in delivery.groupby(key, sort=True, observed=True)
        ]

    @needs("delivery", absent_sentence=True)
    def text(self) -> Text | None:
        delivery = self.data.frame("delivery")
        people = self.figures.shown(figures.PARTICIPANTS)
        return Text(
            f"{int(delivery['sessions'].sum()):,} sessions reached {people} participants, "
            f"with funding of {analysis.money(delivery['funding_gbp'])}. "
            + markdown.escape(self._finding())
        )

    def _finding(self) -> str:
        lines = self._lines("organisation")
        best = max(lines, key=lambda line: line.sessions)
        return f"{best.label} delivered the most sessions ({best.sessions:,})."

    @needs("delivery")
    def figure(self) -> Figure | None:
        lines = self._lines("organisation")
        lines = sorted(lines, key=lambda line: -line.sessions)
        svg = charts.bars(
            [line.label for line in lines],
            [line.sessions for line in lines],
            [f"{line.sessions:,}" for line in lines],
            "Sessions delivered",
        )
        return Figure(svg, self._finding())

    @needs("delivery")
    def _table(self, key: str, heading: str) -> Table | None:
        rows = tuple(
            (line.label, f"{line.sessions:,}", line.participants, line.funding)
            for line in self._lines(key)
        )
        return Table(
            (heading, "Sessions", "Participants", "Funding"), rows, (False, True, True, True)
        )

    def by_organisation(self) -> Table | None:
        return self._table("organisation", "Organisation")

    def by_activity(self) -> Table | None:
        return self._table("activity", "Activity")

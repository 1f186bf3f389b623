"""Delivery: sessions, participants and funding by organisation and activity."""

from __future__ import annotations

from pipeline import markdown
from pipeline.report import analysis, charts, disclosure
from pipeline.report.blocks import Figure, Table, Text
from pipeline.report.sections.base import Section, needs


class Delivery(Section):
    @needs("delivery", absent_sentence=True)
    def text(self) -> Text | None:
        delivery = self.data.frame("delivery")
        people = disclosure.show_count(int(delivery["participants"].sum()), self.threshold)
        return Text(
            f"{int(delivery['sessions'].sum()):,} sessions reached {people} participants, "
            f"with funding of {analysis.money(delivery['funding_gbp'])}. "
            + markdown.escape(self._finding())
        )

    def _finding(self) -> str:
        lines = analysis.delivery_by(self.data.frame("delivery"), "organisation", self.threshold)
        best = max(lines, key=lambda line: line.sessions)
        return f"{best.label} delivered the most sessions ({best.sessions:,})."

    @needs("delivery")
    def figure(self) -> Figure | None:
        lines = analysis.delivery_by(self.data.frame("delivery"), "organisation", self.threshold)
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
            for line in analysis.delivery_by(self.data.frame("delivery"), key, self.threshold)
        )
        return Table(
            (heading, "Sessions", "Participants", "Funding"), rows, (False, True, True, True)
        )

    def by_organisation(self) -> Table | None:
        return self._table("organisation", "Organisation")

    def by_activity(self) -> Table | None:
        return self._table("activity", "Activity")

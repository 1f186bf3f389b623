"""Delivery: sessions, participants and funding by organisation and activity.
Participants are people, so they are read from the area-period's register
(`report.figures`); sessions and funding are not counts of people."""

from __future__ import annotations

from pipeline import markdown
from pipeline.report import analysis, charts, disclosure, figures, words
from pipeline.report.analysis import DeliveryLine
from pipeline.report.blocks import Figure, Table, Text
from pipeline.report.sections.base import Section, needs


class Delivery(Section):
    dataset = "delivery"

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

    @needs("delivery")
    def text(self) -> Text | None:
        return Text(markdown.escape(self._summary() + " " + self._finding()).strip())

    def _summary(self) -> str:
        delivery = self.data.frame("delivery")
        organisations = words.counted(int(delivery["organisation"].nunique()), "organisation")
        sessions = words.counted(int(delivery["sessions"].sum()), "session")
        people = self.figures.shown(figures.PARTICIPANTS)
        if people == disclosure.WITHHELD:
            text = f"{organisations} ran {sessions} (how many took part is not published)"
        else:
            text = f"{organisations} ran {sessions} for {words.counted(people, 'participant')}"
        funding = delivery["funding_gbp"].dropna()
        if not funding.empty:
            among = " between them" if delivery["organisation"].nunique() > 1 else ""
            text += f", with {analysis.money(funding)} of funding{among}"
        return text[:1].upper() + text[1:] + "."

    def _finding(self) -> str:
        lines = self._lines("organisation")
        most = max(line.sessions for line in lines)
        if len(lines) < 2 or most == 0:
            return ""
        best = [line.label for line in lines if line.sessions == most]
        if len(best) == 1:
            return f"{best[0]} ran the most ({words.counted(most, 'session')})."
        return f"{words.join(best)} ran the most ({words.counted(most, 'session')} each)."

    @needs("delivery")
    def figure(self) -> Figure | None:
        """Sessions by organisation; none for one organisation, whose one bar
        would only repeat the sentence above it."""
        lines = self._lines("organisation")
        if len(lines) < 2:
            return None
        lines = sorted(lines, key=lambda line: -line.sessions)
        svg = charts.bars(
            [line.label for line in lines],
            [line.sessions for line in lines],
            [f"{line.sessions:,}" for line in lines],
            "Sessions delivered",
        )
        # What the chart shows, not the sentence above it again.
        bars = [f"{line.label} {line.sessions:,}" for line in lines]
        return Figure(svg, f"Sessions delivered by each organisation: {words.join(bars)}.")

    def _one_each(self) -> bool:
        """Whether each organisation ran one activity, run by it alone: then
        the tables by organisation and by activity would repeat each other,
        row for row, and one table names both."""
        pairs = self.data.frame("delivery")[["organisation", "activity"]].astype(str)
        pairs = pairs.drop_duplicates()
        return pairs["organisation"].is_unique and pairs["activity"].is_unique

    @needs("delivery")
    def _table(self, key: str, heading: str) -> Table | None:
        activity = {}
        if key == "organisation" and self._one_each():
            delivery = self.data.frame("delivery").astype({key: str, "activity": str})
            activity = dict(zip(delivery[key], delivery["activity"], strict=True))
        named = (heading, "Activity") if activity else (heading,)
        rows = tuple(
            (line.label, *([activity[line.label]] if activity else []))
            + (f"{line.sessions:,}", line.participants, line.funding)
            for line in self._lines(key)
        )
        return Table(
            (*named, "Sessions", "Participants", "Funding"),
            rows,
            (False,) * len(named) + (True, True, True),
        )

    def by_organisation(self) -> Table | None:
        """Delivery by organisation, with each one's activity when it ran one."""
        return self._table("organisation", "Organisation")

    def by_activity(self) -> Table | None:
        """Delivery by activity, unless the table by organisation names them."""
        if self.data.has("delivery") and self._one_each():
            return None
        return self._table("activity", "Activity")

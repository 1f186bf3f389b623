"""Funding: money secured against money spent, with bids applied for and
bids that were unsuccessful. Money is not a count of people: shown exactly."""

from __future__ import annotations

import pandas as pd

from pipeline import markdown
from pipeline.contract import FUNDING_STATUSES
from pipeline.redaction import redact
from pipeline.report import charts, words
from pipeline.report.blocks import Figure, Table, Text
from pipeline.report.sections.base import Section, needs

STATUS_WORDS = {
    "secured": "secured",
    "spent": "spent",
    "applied": "applied for, awaiting a decision",
    "unsuccessful": "bid for without success",
}


def pounds(value: float) -> str:
    return f"£{value:,.0f}"


class Funding(Section):
    dataset = "funding"

    def _funding(self) -> pd.DataFrame:
        return self.data.frame("funding")

    def _totals(self) -> dict[str, float]:
        funding = self._funding()
        return {s: float(funding.loc[funding["status"] == s, "amount_gbp"].sum())
                for s in FUNDING_STATUSES}  # fmt: skip

    @needs("funding")
    def text(self) -> Text | None:
        return Text(markdown.escape(self._finding()))

    def _finding(self) -> str:
        totals = self._totals()
        sentence = f"{pounds(totals['secured'])} secured and {pounds(totals['spent'])} spent"
        if totals["secured"]:
            sentence += f" ({totals['spent'] / totals['secured']:.0%} of what was secured)"
        others = [
            f"{pounds(totals[s])} {STATUS_WORDS[s]}" for s in ("applied", "unsuccessful")
            if totals[s]
        ]  # fmt: skip
        if others:
            sentence += "; " + words.join(others)
        return sentence + "."

    @needs("funding")
    def figure(self) -> Figure | None:
        totals = self._totals()
        labels = [s.capitalize() for s in FUNDING_STATUSES]
        svg = charts.bars(
            labels,
            [totals[s] for s in FUNDING_STATUSES],
            [pounds(totals[s]) for s in FUNDING_STATUSES],
            "Pounds",
        )
        return Figure(svg, self._finding())

    @needs("funding")
    def table(self) -> Table | None:
        funding = self._funding().sort_values(["status", "source"], kind="stable")
        rows = tuple(
            (redact(str(r.source)), str(r.status), pounds(float(r.amount_gbp)),
             "" if pd.isna(r.date) else words.date(r.date))
            for r in funding.itertuples()
        )  # fmt: skip
        return Table(("Source", "Status", "Amount", "Date"), rows, (False, False, True, False))

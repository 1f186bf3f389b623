"""Funding: money secured against money spent, with bids applied for and
bids that were unsuccessful. Money is not a count of people: shown exactly.
An amount left blank is not stated: it is said so, and never added in as 0."""

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
    "applied": "applied for and awaiting a decision",
    "unsuccessful": "bid for without success",
}
# A bar's label: the status in a word or two ("Bid" said nothing of a bid
# refused).
STATUS_LABELS = {
    "secured": "Secured",
    "spent": "Spent",
    "applied": "Applied for",
    "unsuccessful": "Bid refused",
}
NOT_STATED = "not stated"


def pounds(value: float) -> str:
    return f"£{value:,.0f}"


class Funding(Section):
    dataset = "funding"

    def _funding(self) -> pd.DataFrame:
        return self.data.frame("funding")

    def _statuses(self) -> list[str]:
        """The statuses the file has, in the contract's order."""
        present = set(self._funding()["status"].astype(str))
        return [s for s in FUNDING_STATUSES if s in present]

    def _known(self, status: str) -> tuple[float, int]:
        """The stated amounts' total for a status, and how many were not stated."""
        funding = self._funding()
        amounts = funding.loc[funding["status"] == status, "amount_gbp"]
        return float(amounts.dropna().sum()), int(amounts.isna().sum())

    @needs("funding")
    def text(self) -> Text | None:
        return Text(markdown.escape(self._finding()))

    def _amount(self, status: str) -> str:
        total, unstated = self._known(status)
        rows = int((self._funding()["status"] == status).sum())
        if unstated == rows:
            amounts = "its amount" if rows == 1 else "their amounts"
            return f"{words.counted(rows, 'sum')} {STATUS_WORDS[status]}, {amounts} {NOT_STATED}"
        text = f"{pounds(total)} {STATUS_WORDS[status]}{self._by(status)}"
        if unstated:
            text += f" (and {words.counted(unstated, 'more sum')} {NOT_STATED})"
        return text

    def _by(self, status: str) -> str:
        """ " by 30 June 2022" for money spent when every row of it is dated:
        a funding file states where the money stands at its dates, so the
        spend may run from the pilot's start, not this period's."""
        funding = self._funding()
        rows = funding[funding["status"] == status]
        if status != "spent" or rows["date"].isna().any():
            return ""
        latest = rows.loc[rows["date"].idxmax()]
        return f" by {words.when(latest['date'], latest.get('date_precision', 'day'))}"

    def _finding(self) -> str:
        """Secured, then spent (as a share of secured when both are stated in
        full), then bids waiting and bids refused."""
        statuses = self._statuses()
        money = [s for s in ("secured", "spent") if s in statuses]
        bids = [s for s in ("applied", "unsuccessful") if s in statuses]
        sentence = words.join([self._amount(s) for s in money]) + self._share_spent()
        if bids:
            others = words.join([self._amount(s) for s in bids])
            sentence = f"{sentence}; {others}" if sentence else others
        return sentence[:1].upper() + sentence[1:] + "." + self._delivered()

    def _share_spent(self) -> str:
        """What was spent as a share of what was secured from the sources it
        was spent from, when every amount of those is stated: Bolsover's
        £71,200 spent of Sport England's £75,000 was "89% of what was
        secured" beside a council's £5,000 nobody had spent from (a
        reviewer). Nothing when money was spent from a source with nothing
        secured recorded."""
        funding = self._funding()
        source = funding["source"].astype(str).str.strip()
        spent = funding[funding["status"] == "spent"]
        sources = set(source[spent.index])
        secured = funding[(funding["status"] == "secured") & source.isin(sources)]
        every = set(source[funding["status"] == "secured"])
        amounts = pd.concat([spent["amount_gbp"], secured["amount_gbp"]])
        if spent.empty or not sources <= every or amounts.isna().any():
            return ""
        base = float(secured["amount_gbp"].sum())
        if not base:
            return ""
        share = f"{float(spent['amount_gbp'].sum()) / base:.0%}"
        if sources == every:
            return f" ({share} of what was secured)"
        # Not in brackets: a source's name often ends in its own.
        if len(sources) == 1:
            return f", {share} of the {pounds(base)} from {redact(next(iter(sources)))}"
        return f", {share} of the {pounds(base)} secured from the sources it was spent from"

    def _delivered(self) -> str:
        """The delivery records' funding (the headline's "Funding for
        delivery"), said to be this period's, so that the page's two pounds
        figures are not read as two answers to one question (Sheffield's
        £17,500 to the organisations beside £41,000 spent since the pilot
        began)."""
        if not self.data.has("delivery"):
            return ""
        given = self.data.frame("delivery")["funding_gbp"].dropna()
        if given.empty:
            return ""
        return (
            f" In this period's delivery records, {pounds(float(given.sum()))} went to the "
            "organisations that ran activities (see Delivery)."
        )

    @needs("funding")
    def figure(self) -> Figure | None:
        statuses = self._statuses()
        known = [self._known(s) for s in statuses]
        labels = [STATUS_LABELS[s] for s in statuses]
        shown = [pounds(t) + (" + not stated" if u else "") for t, u in known]
        svg = charts.bars(labels, [t for t, _ in known], shown, "Amount", ticks="£{x:,.0f}")
        # What the chart shows, not the sentence above it again.
        bars = [f"{label.lower()} {amount}" for label, amount in zip(labels, shown, strict=True)]
        return Figure(svg, f"Funding by status: {words.join(bars)}.")

    @needs("funding")
    def table(self) -> Table | None:
        funding = self._funding().sort_values(["status", "source"], kind="stable")
        rows = tuple(
            (
                redact(str(r.source)),
                str(r.status),
                NOT_STATED if pd.isna(r.amount_gbp) else pounds(float(r.amount_gbp)),
                "" if pd.isna(r.date) else words.when(r.date, getattr(r, "date_precision", "day")),
            )
            for r in funding.itertuples()
        )
        return Table(("Source", "Status", "Amount", "Date"), rows, (False, False, True, False))

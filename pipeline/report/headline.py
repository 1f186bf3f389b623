"""The headline figures of an area-period: the report's summary, the index,
the programme overview and the comparison with the previous period all
show these, so they are worked out in one place, as published."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pipeline.contract import HEALTH
from pipeline.processed import Processed
from pipeline.report import analysis, disclosure
from pipeline.report import figures as published
from pipeline.report.register import Register
from pipeline.report.sections import answers as survey


@dataclass(frozen=True)
class Headline:
    """One summary figure: what is published, and the number behind it when
    that number is itself publishable (so two periods can be compared)."""

    name: str
    shown: str
    value: float | str | None  # None when suppressed, withheld or not given
    kind: str  # count | percent | money | score | text


def _count(name: str, register: Register, key: str) -> Headline:
    return Headline(name, register.shown(key), register.value(key), "count")


def figures(data: Processed, t: int) -> list[Headline]:
    """The summary figures, as published, with suppression threshold `t`."""
    register = published.of(data, t)
    figures: list[Headline] = []
    if data.has("survey"):
        figures.append(_count("Respondents", register, published.RESPONDENTS))
        inactive = survey.inactive_percent(register)
        figures.append(
            Headline(
                "Inactive (under 30 minutes a week)",
                disclosure.show_percent(inactive),
                inactive,
                "percent",
            )
        )
        health, _ = survey.shares(register, "health_condition", HEALTH)
        figures.append(
            Headline(
                "Health condition limits activity",
                disclosure.show_percent(health[0].percent),
                health[0].percent,
                "percent",
            )
        )
        barriers = survey.barrier_shares(register)
        best = analysis.top(barriers)
        figures.append(
            Headline(
                "Top barrier",
                f"{best.category} ({disclosure.show_percent(best.percent)})"
                if best
                else disclosure.WITHHELD
                if analysis.any_withheld(barriers)
                else "no single one",
                best.category if best else None,
                "text",
            )
        )
    if data.has("training"):
        figures.append(_count("People trained", register, published.PEOPLE))
        median = register.statistic(published.MEDIAN_CHANGE)
        figures.append(
            Headline(
                "Median confidence change",
                median,
                None if median == disclosure.WITHHELD else float(median),
                "score",
            )
        )
    if data.has("delivery"):
        delivery = data.frame("delivery")
        sessions = int(delivery["sessions"].sum())
        figures.append(Headline("Sessions delivered", f"{sessions:,}", sessions, "count"))
        figures.append(_count("Participants", register, published.PARTICIPANTS))
        funding = delivery["funding_gbp"].dropna()
        if not funding.empty:
            total = round(float(funding.sum()))
            figures.append(
                Headline("Funding for delivery this period", f"£{total:,}", total, "money")
            )
    if data.has("funding"):
        # funding.csv's money secured: a different thing from delivery's
        # funding, so a different name (one figure for one thing).
        funding = data.frame("funding")
        rows = funding[funding["status"] == "secured"]
        secured = rows["amount_gbp"]
        if not secured.empty:
            total = round(float(secured.sum()))
            unstated = int(secured.isna().sum())
            shown = f"£{total:,}" + (
                f" and {unstated} sum{'s' if unstated > 1 else ''} not stated" if unstated else ""
            )
            # A sum not stated makes the total no figure to compare.
            value = None if unstated else total
            figures.append(Headline(_secured_name(rows, data), shown, value, "money"))
    return figures


def _secured_name(rows, data: Processed) -> str:
    """ "Funding secured to date" when a sum was secured before the period
    began (the grant, listed again each period): a reviewer read the same
    £60,000 in two periods' figures as two grants."""
    before = rows["date"].notna() & (rows["date"] < pd.Timestamp(data.period["start"]))
    return "Funding secured to date" if before.any() else "Funding secured"


def shown(data: Processed, threshold: int) -> dict[str, str]:
    """Each headline figure's name and what is published for it."""
    return {figure.name: figure.shown for figure in figures(data, threshold)}


def change(before: Headline, now: Headline) -> str:
    """How a headline figure moved between two periods, in words. Only two
    published figures are ever compared, so a change never reveals a
    suppressed count."""
    if before.value is None or now.value is None:
        return "not compared (a figure is withheld or not stated)"
    if now.kind == "text":
        return "same" if before.value == now.value else f"was {before.value}"
    delta = now.value - before.value
    if delta == 0:
        return "no change"
    if now.kind == "percent":
        return f"{delta:+d} percentage point{'s' if abs(delta) != 1 else ''}"
    if now.kind == "money":
        return f"{'+' if delta > 0 else '-'}£{abs(delta):,.0f}"
    if now.kind == "score":
        return analysis.signed(delta)
    return f"{delta:+,}"

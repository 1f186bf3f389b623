"""The headline figures of an area-period: the report's summary, the index,
the programme overview and the comparison with the previous period all
show these, so they are worked out in one place, as published."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.contract import HEALTH
from pipeline.processed import Processed
from pipeline.report import analysis, disclosure


@dataclass(frozen=True)
class Headline:
    """One summary figure: what is published, and the number behind it when
    that number is itself publishable (so two periods can be compared)."""

    name: str
    shown: str
    value: float | str | None  # None when suppressed, withheld or not given
    kind: str  # count | percent | money | score | text


def _count(name: str, n: int, threshold: int) -> Headline:
    shown = disclosure.show_count(n, threshold)
    return Headline(name, shown, None if disclosure.is_small(n, threshold) else n, "count")


def figures(data: Processed, t: int) -> list[Headline]:
    """The summary figures, as published, with suppression threshold `t`."""
    figures: list[Headline] = []
    if data.has("survey"):
        figures.append(_count("Respondents", len(data.frame("survey")), t))
        inactive = analysis.inactive_percent(data.frame("activity_levels"), t)
        figures.append(
            Headline(
                "Inactive (under 30 minutes a week)",
                disclosure.show_percent(inactive),
                inactive,
                "percent",
            )
        )
        health, _ = analysis.single_choice(data.frame("survey")["health_condition"], HEALTH, t)
        figures.append(
            Headline(
                "Health condition limits activity",
                disclosure.show_percent(health[0].percent),
                health[0].percent,
                "percent",
            )
        )
        best = analysis.top(analysis.barriers(data.frame("survey_answers"), t)[0])
        figures.append(
            Headline(
                "Top barrier",
                f"{best.category} ({disclosure.show_percent(best.percent)})"
                if best
                else "no single one",
                best.category if best else None,
                "text",
            )
        )
    if data.has("training"):
        training = data.frame("training")
        figures.append(_count("People trained", training["participant_id"].nunique(), t))
        median = analysis.median(data.frame("distance_travelled")["change"].astype("Float64"), t)
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
        figures.append(_count("Participants", int(delivery["participants"].sum()), t))
        funding = delivery["funding_gbp"].dropna()
        figures.append(
            Headline(
                "Funding",
                analysis.money(delivery["funding_gbp"]),
                None if funding.empty else round(float(funding.sum())),
                "money",
            )
        )
    return figures


def shown(data: Processed, threshold: int) -> dict[str, str]:
    """Each headline figure's name and what is published for it."""
    return {figure.name: figure.shown for figure in figures(data, threshold)}


def change(before: Headline, now: Headline) -> str:
    """How a headline figure moved between two periods, in words. Only two
    published figures are ever compared, so a change never reveals a
    suppressed count."""
    if before.value is None or now.value is None:
        return "not compared (a figure is withheld)"
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

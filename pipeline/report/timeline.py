"""Milestones on a timeline, as SVG text, drawn as the other charts are
(`charts`: theme, reproducible SVG, text as paths). Each milestone is a row,
named on the left by its date and its words, wrapped rather than cut, and
marked by its status with a shape and a fill, never colour alone."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from pipeline.redaction import redact
from pipeline.report import charts, drawn

STATUS_MARKERS = {
    "done": ("o", charts.SINGLE, "full"),
    "in progress": ("D", charts.SINGLE, "left"),
    "planned": ("o", "white", "full"),
}


@drawn.kept
def timeline(
    dates: Sequence,
    labels: Sequence[str],
    statuses: Sequence[str],
    period,
    precisions: Sequence[str] | None = None,
) -> str:
    """Milestones in date order, one row each (named on the left), placed on
    an axis from the period's start to its end, marked by status. Points are
    not joined: milestones are events, not a series. A milestone dated by
    its month alone is named by its month ("Aug 2017"), never a false day."""
    plt, _ = charts.plotting()

    precisions = precisions or ["day"] * len(dates)
    names = [
        f"{d:%b %Y}: " if precision == "month" else f"{d.day} {d:%b %Y}: "
        for d, precision in zip(dates, precisions, strict=True)
    ]
    # Redacted before it is wrapped, which could cut a number in two.
    names = [_wrapped(name + label) for name, label in zip(names, map(redact, labels), strict=True)]
    # A row is as tall as its name's lines; its marker sits at its middle.
    tall = [0.45 + 0.55 * (name.count("\n") + 1) for name in names]
    ys = [sum(tall[:row]) + tall[row] / 2 for row in range(len(names))]
    figure, axes = plt.subplots(figsize=(7, 1.2 + 0.42 * sum(tall)))
    for status, (marker, face, fill) in STATUS_MARKERS.items():
        mine = [(d, y) for d, y, s in zip(dates, ys, statuses, strict=True) if s == status]
        if mine:
            axes.plot(
                [d for d, _ in mine],
                [y for _, y in mine],
                linestyle="none",
                marker=marker,
                markersize=9,
                markerfacecolor=face,
                markerfacecoloralt="white",
                fillstyle=fill,
                markeredgecolor=charts.EDGE,
                label=status.capitalize(),
                zorder=3,
            )
    axes.set_yticks(ys, names)
    axes.set_ylim(sum(tall), 0)
    axes.grid(False, axis="y")
    start, end = period
    first = min([start, *dates])
    last = max([end, *dates])
    pad = (last - first) * 0.03
    axes.set_xlim(first - pad, last + pad)
    date_axis(axes, first, last)
    axes.set_xlabel("Date")
    axes.tick_params(axis="x", labelrotation=30)
    axes.legend(loc="lower left", bbox_to_anchor=(0, 1.01), ncols=3, frameon=False)
    charts.despine(axes)
    return charts.svg_of(figure)


def date_axis(axes, first, last) -> None:
    """Ticks on the first of a month, each month named once (matplotlib's own
    choice put two ticks in a month on a six-month axis: "Jul 2021, Jul
    2021"), at most about eight; a span under two months is marked by day."""
    from matplotlib.dates import DateFormatter, MonthLocator, num2date
    from matplotlib.ticker import FuncFormatter

    months = (last.year - first.year) * 12 + last.month - first.month
    if months >= 2:
        axes.xaxis.set_major_locator(MonthLocator(interval=-(-months // 8)))
        axes.xaxis.set_major_formatter(DateFormatter("%b %Y"))
    else:
        # "5 Nov 2021" as the text says it, not "05 Nov 2021" (strftime's
        # %-d is not on every system).
        axes.xaxis.set_major_formatter(
            FuncFormatter(lambda x, _: f"{num2date(x).day} {num2date(x):%b %Y}")
        )


def _wrapped(name: str, width: int = 32, most: int = 3) -> str:
    """A milestone's name on up to `most` lines of about `width` characters,
    broken between words; only a name longer than that is shortened, at a
    word, and marked so (the table beside the chart gives it whole)."""
    lines = textwrap.wrap(name, width)
    if len(lines) > most:
        last = lines[most - 1]
        if len(last) > width - 2:
            last = last[: width - 2].rsplit(" ", 1)[0]
        lines = [*lines[: most - 1], last + " …"]
    return "\n".join(lines)

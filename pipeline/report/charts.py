"""Figures for the report, as SVG text.

Bar charts of counts and shares are drawn with seaborn (its "whitegrid"
theme and `barplot`), lines with matplotlib (and milestones in
`timeline`, in the same style), all on
matplotlib's SVG backend, with what reproducibility and
accessibility need: no date or random ids in the file (a fixed hash salt,
no metadata date), text drawn as paths so the file does not depend on the
fonts of the reader's machine, a colour-blind-safe palette whose colours
contrast with the white background (or carry a dark edge where they don't),
and a second cue wherever colour tells series apart: value labels on every
bar, a hatch pattern on the second series, distinct markers and dashes on
lines. Suppressed values are drawn as no bar with their `<5` label, so a
figure discloses nothing its table does not."""

from __future__ import annotations

import functools
import io
import textwrap
from collections.abc import Sequence

import pandas as pd

from pipeline.redaction import redact
from pipeline.report import drawn

# Okabe-Ito blue (5.2:1 on white) for single series; navy (11.3:1) and
# Okabe-Ito orange, edged in navy because it is light, for pairs.
SINGLE = "#0072B2"
PAIR = ("#003F5C", "#E69F00")
LINES = ("#003F5C", "#D55E00")
EDGE = "#1A1A1A"
TEXT = "#1A1A1A"

# seaborn's "whitegrid" (a light grid behind the bars, no tick marks), with
# learnrep's fonts, text colour and reproducible SVG on top.
THEME = {
    "svg.hashsalt": "learnrep",
    # A label is text, never mathtext: "$5 to $10" or "$\\frac" would
    # otherwise be parsed, and fail the figure.
    "text.parse_math": False,
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "font.size": 12,
    "axes.labelsize": 12,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "legend.fontsize": 11,
    "text.color": TEXT,
    "axes.labelcolor": TEXT,
    "xtick.color": TEXT,
    "ytick.color": TEXT,
    "axes.edgecolor": ".8",
    "axes.linewidth": 1.25,
    "axes.grid": True,
    "axes.axisbelow": True,
    "grid.color": ".8",
    "grid.linewidth": 1.0,
    "xtick.bottom": False,
    "ytick.left": False,
}


@functools.cache
def plotting():
    """matplotlib's pyplot and seaborn, themed; imported on the first figure,
    not with this module. The report package is imported by processes that
    never draw (the run itself, for the programme overview; the report
    workers, for the disclosure register), and importing seaborn (so
    scipy.stats) and pyplot cost them about 3.5 s of CPU each. The kernel
    template calls this once, so a report kernel does not pay for it."""
    import matplotlib

    matplotlib.use("svg")
    import matplotlib.pyplot as plt
    import seaborn as sns

    sns.set_theme(style="whitegrid", rc=THEME)
    return plt, sns


def svg_of(figure) -> str:
    # Cropped to what is drawn, as bbox_inches="tight" would, but measured
    # without the whole extra drawing pass that "tight" makes first (a fifth
    # of a report's figure time); the files come out the same.
    plt, _ = plotting()
    drawn = figure.get_tightbbox().padded(plt.rcParams["savefig.pad_inches"])
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches=drawn, metadata={"Date": None})
    plt.close(figure)
    return buffer.getvalue()


def _height(rows: float, lines: int = 2) -> float:
    """A chart's height for `rows` of bars whose labels run to `lines` lines."""
    return 1.2 + max(0.42, 0.15 * lines + 0.14) * rows


# How long a line of a bar's label is, at most: longer ones are wrapped, so
# the labels take a third of the chart, and a phone's screen, which shows
# the first 375 pixels of it, still shows the bars (the partners chart's
# "Mind (Bucks and Milton Keynes) – Voluntary and community" left none).
LABEL_WIDTH = 28


def wrapped(labels: Sequence[str]) -> list[str]:
    """Each label in lines of at most LABEL_WIDTH characters (its own line
    breaks kept), with contact details redacted: labels come from data."""
    return [
        "\n".join(
            line
            for part in redact(str(label)).split("\n")
            for line in textwrap.wrap(part, LABEL_WIDTH, break_on_hyphens=False) or [""]
        )
        for label in labels
    ]


def _lines(labels: Sequence[str]) -> int:
    return max((label.count("\n") + 1 for label in labels), default=1)


@drawn.kept
def bars(
    labels: Sequence[str],
    values: Sequence[float | None],
    shown: Sequence[str],
    axis_label: str,
    maximum: float | None = None,
    ticks: str | None = None,
) -> str:
    """Horizontal bars, largest value first as given, each labelled; the
    axis's numbers as `ticks` formats them ("£{x:,.0f}": "£10,000")."""
    plt, sns = plotting()
    labels = wrapped(labels)
    figure, axes = plt.subplots(figsize=(7, _height(len(labels), _lines(labels))))
    heights = [0 if v is None else v for v in values]
    # Rows by position, not by label: two rows may read the same.
    rows = pd.DataFrame({"row": range(len(labels)), "value": heights})
    _name_axes(axes, axis_label)
    sns.barplot(
        rows,
        x="value",
        y="row",
        orient="y",
        native_scale=True,
        width=0.8,
        color=SINGLE,
        saturation=1,
        edgecolor=EDGE,
        linewidth=0.6,
        errorbar=None,
        ax=axes,
    )
    _categories(axes, labels)
    _label_bars(axes, heights, shown)
    _finish(axes, maximum or max(heights + [1]))
    if ticks:
        from matplotlib.ticker import StrMethodFormatter

        axes.xaxis.set_major_formatter(StrMethodFormatter(ticks))
    return svg_of(figure)


@drawn.kept
def paired_bars(
    labels: Sequence[str],
    series: dict[str, tuple[Sequence[float | None], Sequence[str]]],
    axis_label: str,
    maximum: float | None = None,
) -> str:
    """Two series side by side per label; the second is hatched and every bar
    carries its value, so colour is never the only cue."""
    series = {redact(name): values for name, values in series.items()}
    names = list(series)
    plt, sns = plotting()
    labels = wrapped(labels)
    figure, axes = plt.subplots(figsize=(7, _height(len(labels) * 1.7, _lines(labels))))
    rows = pd.DataFrame(
        [
            {"row": y, "series": name, "value": 0 if v is None else v}
            for name in names
            for y, v in enumerate(series[name][0])
        ]
    )
    _name_axes(axes, axis_label)
    sns.barplot(
        rows,
        x="value",
        y="row",
        hue="series",
        hue_order=names,
        orient="y",
        native_scale=True,
        width=0.8,
        palette=dict(zip(names, PAIR, strict=False)),
        saturation=1,
        edgecolor=EDGE,
        linewidth=0.6,
        errorbar=None,
        ax=axes,
    )
    for container, hatch, name in zip(axes.containers, ("", "//"), names, strict=False):
        for patch in container:
            patch.set_hatch(hatch)
        _label_container(axes, container, series[name][1])
    _categories(axes, labels)
    _finish(axes, maximum or max([1, *rows["value"]]))
    # Above the bars, never over them: either series can reach the right edge.
    axes.legend(title=None, loc="lower left", bbox_to_anchor=(0, 1.01), ncols=2, frameon=False)
    return svg_of(figure)


@drawn.kept
def lines(
    releases: Sequence[str], series: dict[str, Sequence[float | None]], axis_label: str
) -> str:
    """One line per geography across releases: distinct colour, marker and dash."""
    plt, _ = plotting()
    figure, axes = plt.subplots(figsize=(7, 3.6))
    # From zero, so the gap between the lines is not exaggerated.
    top = max([v for values in series.values() for v in values if v is not None] + [1])
    ends = []
    for (name, values), colour, marker, dash in zip(
        series.items(), LINES, ("o", "s"), ("-", "--"), strict=False
    ):
        xs = [i for i, v in enumerate(values) if v is not None]
        ys = [v for v in values if v is not None]
        axes.plot(
            xs, ys, color=colour, marker=marker, linestyle=dash, linewidth=2, label=redact(name)
        )
        if xs:
            ends.append((xs[-1], ys[-1]))
    for (x, y), rise in zip(ends, _apart(ends, top * 1.15), strict=True):
        axes.annotate(
            f"{y:.1f}",
            (x, y),
            xytext=(6, rise),
            textcoords="offset points",
            va="center",
            color=TEXT,
        )
    axes.set_xticks(range(len(releases)), [redact(r) for r in releases])
    axes.set_ylim(0, top * 1.15)
    axes.set_ylabel(axis_label)
    axes.set_xlabel("Release")
    axes.legend(frameon=True)
    despine(axes, left=False)
    return svg_of(figure)


# How far apart, in points, two end labels' middles must be to be read.
LABEL_GAP = 13


def _apart(ends: list[tuple[float, float]], span: float) -> list[float]:
    """Each line's end label moved up or down, in points, so that two ending
    at one release near the same value are not printed over each other
    ("424.1" on "421.2", a reviewer's self-harm chart). The axes are about
    190 points tall for `span`, the chart's height in data."""
    rises = [0.0] * len(ends)
    for a in range(len(ends)):
        for b in range(a + 1, len(ends)):
            (xa, ya), (xb, yb) = ends[a], ends[b]
            gap = abs(ya - yb) * 190 / span
            if xa == xb and gap < LABEL_GAP:
                push = (LABEL_GAP - gap) / 2
                higher, lower = (a, b) if ya >= yb else (b, a)
                rises[higher] += push
                rises[lower] -= push
    return rises


# Each status has its own marker as well as its own fill, so print and
# colour-blind readers tell them apart: filled, half-filled, hollow.
def _label_bars(axes, heights: Sequence[float], shown: Sequence[str]) -> None:
    for y, (height, text) in enumerate(zip(heights, shown, strict=True)):
        axes.annotate(
            text, (height, y), xytext=(4, 0), textcoords="offset points", va="center", color=TEXT
        )


def _label_container(axes, container, shown: Sequence[str]) -> None:
    for patch, text in zip(container, shown, strict=True):
        y = patch.get_y() + patch.get_height() / 2
        axes.annotate(
            text,
            (patch.get_width(), y),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            color=TEXT,
            fontsize=9,
        )


def _name_axes(axes, axis_label: str) -> None:
    # Named before barplot, which names only unnamed axes, and to do so lays
    # out every tick label to see if any shows (a seventh of a bar chart
    # under cProfile).
    axes.set_xlabel(axis_label)
    axes.set_ylabel(" ")  # cleared by _finish: the labels name the rows


def _finish(axes, top: float) -> None:
    axes.set_xlim(0, top * 1.18)
    axes.set_ylabel("")
    despine(axes)


def _categories(axes, labels: Sequence[str]) -> None:
    """One row per label (`wrapped`), the first at the top."""
    axes.set_yticks(range(len(labels)), labels)
    axes.set_ylim(len(labels) - 0.5, -0.5)
    axes.grid(False, axis="y")


def despine(axes, left: bool = True) -> None:
    axes.spines[["top", "right"]].set_visible(False)
    axes.spines["left"].set_visible(not left)

"""Figures for the report, as SVG text.

Plain matplotlib on its SVG backend, with what reproducibility and
accessibility need: no date or random ids in the file (a fixed hash salt,
no metadata date), text drawn as paths so the file does not depend on the
fonts of the reader's machine, a colour-blind-safe palette whose colours
contrast with the white background (or carry a dark edge where they don't),
and a second cue wherever colour tells series apart: value labels on every
bar, a hatch pattern on the second series, distinct markers and dashes on
lines. Suppressed values are drawn as no bar with their `<5` label, so a
figure discloses nothing its table does not."""

from __future__ import annotations

import io
from collections.abc import Sequence

import matplotlib

matplotlib.use("svg")

import matplotlib.pyplot as plt  # noqa: E402

# Okabe-Ito blue (5.2:1 on white) for single series; navy (11.3:1) and
# Okabe-Ito orange, edged in navy because it is light, for pairs.
SINGLE = "#0072B2"
PAIR = ("#003F5C", "#E69F00")
LINES = ("#003F5C", "#D55E00")
EDGE = "#1A1A1A"
TEXT = "#1A1A1A"

# A light grid behind the bars and no tick marks (the look of seaborn's
# "whitegrid", without importing seaborn and scipy into every report kernel).
matplotlib.rcParams.update(
    {
        "svg.hashsalt": "learnrep",
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
)


def _svg(figure) -> str:
    # Cropped to what is drawn, as bbox_inches="tight" would, but measured
    # without the whole extra drawing pass that "tight" makes first (a fifth
    # of a report's figure time); the files come out the same.
    drawn = figure.get_tightbbox().padded(matplotlib.rcParams["savefig.pad_inches"])
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches=drawn, metadata={"Date": None})
    plt.close(figure)
    return buffer.getvalue()


def _height(rows: int) -> float:
    return 1.2 + 0.42 * rows


def bars(
    labels: Sequence[str],
    values: Sequence[float | None],
    shown: Sequence[str],
    axis_label: str,
    maximum: float | None = None,
) -> str:
    """Horizontal bars, largest value first as given, each labelled."""
    figure, axes = plt.subplots(figsize=(7, _height(len(labels))))
    heights = [0 if v is None else v for v in values]
    axes.barh(range(len(labels)), heights, height=0.8, color=SINGLE, edgecolor=EDGE, linewidth=0.6)
    _categories(axes, labels)
    _label_bars(axes, heights, shown)
    _finish(axes, axis_label, maximum or max(heights + [1]))
    return _svg(figure)


def paired_bars(
    labels: Sequence[str],
    series: dict[str, tuple[Sequence[float | None], Sequence[str]]],
    axis_label: str,
    maximum: float | None = None,
) -> str:
    """Two series side by side per label; the second is hatched and every bar
    carries its value, so colour is never the only cue."""
    names = list(series)
    figure, axes = plt.subplots(figsize=(7, _height(len(labels) * 1.7)))
    tallest = 1
    for number, (name, colour, hatch) in enumerate(zip(names, PAIR, ("", "//"), strict=False)):
        heights = [0 if v is None else v for v in series[name][0]]
        tallest = max([tallest, *heights])
        container = axes.barh(
            [y - 0.2 + 0.4 * number for y in range(len(labels))],
            heights,
            height=0.4,
            color=colour,
            edgecolor=EDGE,
            linewidth=0.6,
            hatch=hatch,
            label=name,
        )
        _label_container(axes, container, series[name][1])
    _categories(axes, labels)
    top = maximum or tallest
    _finish(axes, axis_label, top)
    # Above the bars, never over them: either series can reach the right edge.
    axes.legend(title=None, loc="lower left", bbox_to_anchor=(0, 1.01), ncols=2, frameon=False)
    return _svg(figure)


def lines(
    releases: Sequence[str], series: dict[str, Sequence[float | None]], axis_label: str
) -> str:
    """One line per geography across releases: distinct colour, marker and dash."""
    figure, axes = plt.subplots(figsize=(7, 3.6))
    for (name, values), colour, marker, dash in zip(
        series.items(), LINES, ("o", "s"), ("-", "--"), strict=False
    ):
        xs = [i for i, v in enumerate(values) if v is not None]
        ys = [v for v in values if v is not None]
        axes.plot(xs, ys, color=colour, marker=marker, linestyle=dash, linewidth=2, label=name)
        if xs:
            axes.annotate(
                f"{ys[-1]:.1f}",
                (xs[-1], ys[-1]),
                xytext=(6, 0),
                textcoords="offset points",
                va="center",
                color=TEXT,
            )
    axes.set_xticks(range(len(releases)), list(releases))
    # From zero, so the gap between the lines is not exaggerated.
    top = max([v for values in series.values() for v in values if v is not None] + [1])
    axes.set_ylim(0, top * 1.15)
    axes.set_ylabel(axis_label)
    axes.set_xlabel("Active Lives release")
    axes.legend(frameon=True)
    _despine(axes, left=False)
    return _svg(figure)


def timeline(dates: Sequence, labels: Sequence[str]) -> str:
    """Milestones in date order, one per row, labelled with date and text."""
    figure, axes = plt.subplots(figsize=(7, _height(len(labels))))
    ys = list(range(len(labels)))[::-1]
    axes.scatter(list(dates), ys, color=SINGLE, edgecolor=EDGE, zorder=3, s=50)
    axes.plot(list(dates), ys, color=SINGLE, alpha=0.4)
    for date, y, label in zip(dates, ys, labels, strict=True):
        text = label if len(label) <= 60 else label[:57] + "..."
        axes.annotate(
            f"{date:%d %b %Y}: {text}",
            (date, y),
            xytext=(8, 0),
            textcoords="offset points",
            va="center",
            color=TEXT,
        )
    axes.set_yticks([])
    axes.set_ylim(-0.8, len(labels) - 0.2)
    axes.margins(x=0.05)
    axes.set_xlabel("Date")
    axes.tick_params(axis="x", labelrotation=30)
    # Room on the right for the labels of the last milestones.
    left, right = axes.get_xlim()
    axes.set_xlim(left, right + (right - left) * 1.4)
    _despine(axes)
    return _svg(figure)


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


def _finish(axes, axis_label: str, top: float) -> None:
    axes.set_xlim(0, top * 1.18)
    axes.set_xlabel(axis_label)
    axes.set_ylabel("")
    _despine(axes)


def _categories(axes, labels: Sequence[str]) -> None:
    """One row per label, the first at the top."""
    axes.set_yticks(range(len(labels)), list(labels))
    axes.set_ylim(len(labels) - 0.5, -0.5)
    axes.grid(False, axis="y")


def _despine(axes, left: bool = True) -> None:
    axes.spines[["top", "right"]].set_visible(False)
    axes.spines["left"].set_visible(not left)

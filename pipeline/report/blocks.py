"""What a report cell shows: `Text` (Markdown), a `Table` or a `Figure` (SVG
with the alt text that states its finding). Each displays itself in a
notebook through its MIME bundle, so the notebook's cells only call a
section and show what it returns. The bundle's plain text is given too,
as what the report shows: otherwise IPython would store the object's repr,
the table's values as they came from data, in the published notebook.
A table is a pipe table of escaped cells, its columns sized for pandoc
(`pipe_table`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline import markdown
from pipeline.redaction import redact
from pipeline.report.disclosure import WITHHELD, show_percent


@dataclass(frozen=True)
class Text:
    markdown: str

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/markdown": self.markdown, "text/plain": self.markdown}


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]

    def _repr_mimebundle_(self, include=None, exclude=None):
        shown = pipe_table(self.columns, self.rows, self.numeric)
        key = self.key()
        if key:
            shown += f"\n\n*{markdown.escape(key)}*"
        return {"text/markdown": shown, "text/plain": shown}

    def key(self) -> str:
        """What `<5` and "withheld" mean, under a table that shows both:
        side by side in one column with nothing near to tell them apart,
        reviewers took both for the same."""
        cells = {str(cell) for row in self.rows for cell in row}
        small = sorted({c for c in cells if re.fullmatch(r"<\d+", c)})
        if not small or WITHHELD not in cells:
            return ""
        below = int(small[0][1:]) - 1
        return (
            f"{small[0]}: from 1 to {below}, too few to show. Withheld: not published, so "
            "that no number that small can be worked out from the others."
        )


@dataclass(frozen=True)
class Figure:
    svg: str
    alt: str  # moved into the cell's `#| fig-alt` option after execution

    def _repr_mimebundle_(self, include=None, exclude=None):
        # Alt text where IPython puts an image's (and nbconvert reads it), and
        # for learnrep, which moves it into the cell's `#| fig-alt`; as the
        # plain text too, which IPython would otherwise fill with the repr.
        alt = redact(self.alt)
        metadata = {"image/svg+xml": {"alt": alt}, "learnrep": {"fig-alt": alt}}
        return {"image/svg+xml": self.svg, "text/plain": alt}, metadata


def shares_table(first: str, shares, base_label: str = "%", names: dict | None = None) -> Table:
    """`names`: the rows' names as the chart beside it names its bars."""
    rows = tuple(
        (label(s, names) if names else s.category, s.shown, show_percent(s.percent)) for s in shares
    )
    return Table((first, "Respondents", base_label), rows, (False, True, True))


GROUPED_DIFFERENTLY = "grouped differently"


def aligned(before, now) -> tuple[list, list]:
    """The two periods' shares row by row: this period's categories, then
    any only the previous period shows. Where one period shows categories
    together that the other shows apart ("same or worse"), each period's
    row reads `GROUPED_DIFFERENTLY` where it has no such category."""
    from pipeline.report.analysis import Share

    names = list(dict.fromkeys([s.category for s in now] + [s.category for s in before]))
    by = [{s.category: s for s in shares} for shares in (before, now)]
    parts = {s.category: s.parts for s in [*before, *now]}  # to name the row in either period

    def side(found: dict, name: str):
        return found.get(name) or Share(name, None, GROUPED_DIFFERENTLY, None, parts[name])

    return [side(by[0], n) for n in names], [side(by[1], n) for n in names]


def paired_table(
    first: str, before, now, names, capitalise: bool = False, labels: dict | None = None
) -> Table:
    """One row per category: count and percentage in each period (`labels`:
    the rows' names as the chart beside it names its bars)."""

    def name(share) -> str:
        if labels:
            return label(share, labels, capitalise)
        return share.category.capitalize() if capitalise else share.category

    before, now = aligned(before, now)
    rows = tuple(
        (name(b), b.shown, percent(b), n.shown, percent(n))
        for b, n in zip(before, now, strict=True)
    )
    old, new = names
    columns = (first, f"{old}: number", f"{old}: %", f"{new}: number", f"{new}: %")
    return Table(columns, rows, (False, True, True, True, True))


def percent(share) -> str:
    return "" if share.shown == GROUPED_DIFFERENTLY else show_percent(share.percent)


def values(shares) -> list[int | None]:
    """Bar heights: each share's percentage, None where it is withheld."""
    return [s.percent for s in shares]


def drawn(*series) -> bool:
    """Whether a chart of these shares would draw a bar: one whose every bar
    is withheld says nothing, so it is left out (its table still shows them)."""
    return any(s.percent is not None for shares in series for s in shares)


def labels(shares) -> list[str]:
    """Bar labels: the percentage where published, else why there is no bar
    ("withheld", "grouped differently"); never the count the table may show,
    which on an axis of percentages would read as one ("28" for 28%)."""
    return [
        show_percent(s.percent)
        if s.percent is not None
        else s.shown
        if s.shown == GROUPED_DIFFERENTLY
        else WITHHELD
        for s in shares
    ]


def label(share, names: dict | None = None, capitalise: bool = False) -> str:
    """A share's name for a chart or table row (`words.named`)."""
    from pipeline.report import words

    found = words.named(share, names)
    return found[:1].upper() + found[1:] if capitalise else found


# A cell longer than this wraps: it needs no more of the width than this.
WRAPPED_AT = 40
# Pandoc lays out a pipe table with a line longer than this (its --columns)
# across the page's width, by the rule's dashes; a shorter one as it fits.
PANDOC_COLUMNS = 72
# About how many characters of a table's text fit across the page (A4 with
# the PDF's and Word's margins, their table type), and what a cell adds to
# its longest word: its insets, and a bold heading's wider letters.
LINE = 84
PADDING = 4


def pipe_table(
    columns: Sequence[str], rows: Sequence[Sequence[object]], numeric: Sequence[bool]
) -> str:
    """A pipe table; numeric columns are right-aligned. A table too wide for
    a line of text (PANDOC_COLUMNS) wraps its cells, and pandoc then shares
    the page's width between the columns as the rule's dashes do, in the
    PDF, Word and HTML alike: `widths` sets them. Equal shares squeezed a
    recommendation's words into a sixth of the page and ran its heading into
    the next ("RecommendationTheme"); shares by length alone broke short
    headings mid-word in Word ("Sessio|ns")."""
    header = "| " + " | ".join(markdown.escape(c) for c in columns) + " |"
    body = ["| " + " | ".join(markdown.escape(v) for v in row) + " |" for row in rows]
    dashes = [3] * len(columns)
    if max(len(line) for line in [header, *body]) > PANDOC_COLUMNS:
        dashes = widths([[name, *(row[i] for row in rows)] for i, name in enumerate(columns)])
    rule = "|".join(
        "-" * d + ":" if n else ":" + "-" * d for d, n in zip(dashes, numeric, strict=True)
    )
    return "\n".join([header, f"|{rule}|", *body])


def widths(columns: Sequence[Sequence[object]]) -> list[int]:
    """Each column's share of a wide table's line, in characters: first the
    room its longest word needs (a word is never broken), then what is left
    of the line shared by how much more its longer cells want (up to
    WRAPPED_AT; longer ones wrap)."""
    least, wanted = [], []
    for column in columns:
        cells = [str(cell) for cell in column]
        word = max((len(w) for cell in cells for w in cell.split()), default=0)
        least.append(word + PADDING)
        wanted.append(max(word, min(max(map(len, cells)), WRAPPED_AT)) + PADDING)
    more = [w - n for w, n in zip(wanted, least, strict=True)]
    spare = LINE - sum(least)
    if sum(wanted) <= LINE or spare <= 0 or not sum(more):
        return wanted if sum(wanted) <= LINE else least
    return [n + round(spare * m / sum(more)) for n, m in zip(least, more, strict=True)]

"""What a report cell shows: `Text` (Markdown), a `Table` or a `Figure` (SVG
with the alt text that states its finding). Each displays itself in a
notebook through its MIME bundle, so the notebook's cells only call a
section and show what it returns. The bundle's plain text is given too,
as what the report shows: otherwise IPython would store the object's repr,
the table's values as they came from data, in the published notebook."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline import markdown
from pipeline.redaction import redact
from pipeline.report.disclosure import show_percent


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
        shown = markdown.table(self.columns, self.rows, self.numeric)
        return {"text/markdown": shown, "text/plain": shown}


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


def shares_table(first: str, shares, base_label: str = "%") -> Table:
    rows = tuple((s.category, s.shown, show_percent(s.percent)) for s in shares)
    return Table((first, "Respondents", base_label), rows, (False, True, True))


def paired_table(first: str, before, now, names, capitalise: bool = False) -> Table:
    """One row per category: count and percentage in each period."""

    def name(category: str) -> str:
        return category.capitalize() if capitalise else category

    rows = tuple(
        (name(b.category), b.shown, show_percent(b.percent), n.shown, show_percent(n.percent))
        for b, n in zip(before, now, strict=True)
    )
    old, new = names
    columns = (first, f"{old}: number", f"{old}: %", f"{new}: number", f"{new}: %")
    return Table(columns, rows, (False, True, True, True, True))


def values(shares) -> list[int | None]:
    """Bar heights: each share's percentage, None where it is withheld."""
    return [s.percent for s in shares]


def labels(shares) -> list[str]:
    """Bar labels: the percentage where published, else what the table shows."""
    return [show_percent(s.percent) if s.count is not None else s.shown for s in shares]

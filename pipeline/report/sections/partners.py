"""The system around the pilot: partners by sector and by how closely they
work with it (1-5), a readable stand-in for a system map, with the partners
new this period. Partners are organisations, not people: named in full."""

from __future__ import annotations

import pandas as pd

from pipeline import markdown
from pipeline.redaction import redact
from pipeline.report import charts, words
from pipeline.report.blocks import Figure, Table, Text
from pipeline.report.sections.base import Section, needs

ENGAGEMENT = {1: "aware", 2: "informed", 3: "involved", 4: "working together", 5: "leading"}


class Partners(Section):
    dataset = "partners"

    def _partners(self) -> pd.DataFrame:
        partners = self.data.frame("partners")
        return partners.sort_values(
            ["engagement", "organisation"], ascending=[False, True], kind="stable"
        )

    def _new(self) -> list[str]:
        """Partners new this period: absent from the previous period's list,
        or, without one, joined inside this period."""
        partners = self._partners()
        if self.previous is not None and self.previous.has("partners"):
            before = set(self.previous.frame("partners")["organisation"].astype(str))
            return [str(o) for o in partners["organisation"] if str(o) not in before]
        start, end = pd.Timestamp(self.data.period["start"]), pd.Timestamp(self.data.period["end"])
        joined = partners["joined"]
        inside = joined.notna() & (joined >= start) & (joined <= end)
        return [str(o) for o in partners.loc[inside, "organisation"]]

    @needs("partners")
    def text(self) -> Text | None:
        lines = [markdown.escape(self._finding())]
        for group, members in self._groups():
            named = words.join([redact(m) for m in members])
            lines.append(f"**{markdown.escape(redact(group))}:** {markdown.escape(named)}.")
        return Text("\n\n".join(lines))

    def _groups(self) -> list[tuple[str, list[str]]]:
        """The groups partners sit in (partners.csv's `group`), each with its members."""
        partners = self._partners()
        if "group" not in partners:
            return []
        named = partners.dropna(subset=["group"])
        return [
            (str(group), [str(o) for o in part["organisation"]])
            for group, part in named.groupby(named["group"].astype(str), sort=True)
        ]

    def _finding(self) -> str:
        partners = self._partners()
        close = int((partners["engagement"] >= 4).sum())
        # Not "the pilot": a programme's report (an Active Partnership's
        # system story, Move More) is about no pilot.
        are = "is" if len(partners) == 1 else "are"
        sentence = f"{words.counted(len(partners), 'partner')} {are} involved"
        if close:
            sentence += ", closely" if len(partners) == 1 else f", {close} of them closely"
            sentence += " (4 or 5 on a scale of 1 to 5)"
        sentence += "."
        sectors = partners["sector"].astype(str).value_counts()
        by_sector = [f"{s} {n}" for s, n in sorted(sectors.items(), key=lambda x: (-x[1], x[0]))]
        if sectors.max() > 1:  # one of each would list every partner again
            sentence += f" By sector: {', '.join(by_sector)}."
        new = self._new()
        if new:
            sentence += f" New this period: {words.join([redact(n) for n in new])}."
        return sentence[:1].upper() + sentence[1:]

    @needs("partners")
    def figure(self) -> Figure | None:
        partners = self._partners()
        # A dash, not brackets: names hold brackets of their own ("BCVS
        # (Bolsover Together) (Voluntary and community)" read as two asides).
        labels = [f"{redact(str(r.organisation))} – {r.sector}" for r in partners.itertuples()]
        values = [int(e) for e in partners["engagement"]]
        shown = [f"{v}: {ENGAGEMENT[v]}" for v in values]
        svg = charts.bars(labels, values, shown, "How closely each is involved (1-5)", maximum=5)
        return Figure(svg, self._finding())

    @needs("partners")
    def table(self) -> Table | None:
        new = set(self._new())
        rows = tuple(
            (
                redact(str(r.organisation)),
                str(r.sector),
                f"{int(r.engagement)} ({ENGAGEMENT[int(r.engagement)]})",
                "" if pd.isna(r.joined) else words.date(r.joined),
                "yes" if str(r.organisation) in new else "",
            )
            for r in self._partners().itertuples()
        )
        return Table(
            ("Partner", "Sector", "Engagement", "Joined", "New this period"),
            rows,
            (False, False, False, False, False),
        )

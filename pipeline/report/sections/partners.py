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

    def _lead(self) -> str | None:
        lead = self.data.area.get("lead_organisation")
        return str(lead) if lead else None

    def _new(self) -> list[str]:
        """Partners new this period: absent from the previous period's list,
        or, without one, joined inside this period. Never the lead, which is
        no partner of its own (a reviewer read "New this period: Leap" in
        Leap's own story)."""
        partners = self._partners()
        if self.previous is not None and self.previous.has("partners"):
            before = set(self.previous.frame("partners")["organisation"].astype(str))
            new = [str(o) for o in partners["organisation"] if str(o) not in before]
        else:
            start = pd.Timestamp(self.data.period["start"])
            end = pd.Timestamp(self.data.period["end"])
            joined = partners["joined"]
            inside = joined.notna() & (joined >= start) & (joined <= end)
            new = [str(o) for o in partners.loc[inside, "organisation"]]
        return [o for o in new if o != self._lead()]

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
        """How many partners, how closely involved, from which sectors and
        which are new: the lead, listed among them, is not counted."""
        everyone = self._partners()
        partners = everyone[everyone["organisation"].astype(str) != (self._lead() or "")]
        if partners.empty:
            return (
                f"{markdown.escape(redact(self._lead() or ''))} leads; no other partner is listed."
            )
        close = int((partners["engagement"] >= 4).sum())
        # Not "the pilot": a programme's report (an Active Partnership's
        # system story, Move More) is about no pilot.
        are = "is" if len(partners) == 1 else "are"
        sentence = f"{words.counted(len(partners), 'partner')} {are} involved"
        if len(partners) < len(everyone):
            sentence = f"Besides {redact(self._lead() or '')}, which leads, {sentence}"
        if close:
            sentence += ", closely" if len(partners) == 1 else f", {close} of them closely"
            sentence += " (4 or 5 on a scale of 1 to 5)"
        sentence += "."
        sectors = partners["sector"].astype(str).value_counts()
        if sectors.max() > 1:  # one of each would list every partner again
            sentence += f" {_by_sector(sectors)}"
        new = self._new()
        if new and (self.previous is not None or len(new) < len(partners)):
            # In a first report every partner joining in it is no news.
            sentence += f" New this period: {words.join([redact(n) for n in new])}."
        return sentence[:1].upper() + sentence[1:]

    @needs("partners")
    def figure(self) -> Figure | None:
        partners = self._partners()
        # The sector on a line of its own, not in brackets: names hold
        # brackets of their own ("BCVS (Bolsover Together) (Voluntary and
        # community)" read as two asides).
        labels = [f"{redact(str(r.organisation))}\n{r.sector}" for r in partners.itertuples()]
        values = [int(e) for e in partners["engagement"]]
        shown = [f"{v}: {ENGAGEMENT[v]}" for v in values]
        svg = charts.bars(labels, values, shown, "How closely each is involved (1-5)", maximum=5)
        # What the chart shows, not the sentence above it again.
        each = [f"{redact(str(r.organisation))} {int(r.engagement)}" for r in partners.itertuples()]
        return Figure(
            svg,
            "How closely each partner is involved, from 1 (aware) to 5 (leading): "
            f"{words.join(each)}.",
        )

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


# A sector as a sentence names it ("one each from the NHS and education").
SECTOR_WORDS = {
    "NHS": "the NHS",
    "Voluntary and community": "the voluntary and community sector",
    "Local authority": "local government",
    "Public health": "public health",
    "Sport and leisure": "sport and leisure",
    "Education": "education",
    "Business": "business",
    "Other": "other sectors",
}


def _by_sector(sectors: pd.Series) -> str:
    """ "Two are from the NHS, two from education and one each from business
    and local government": those with one partner together."""
    if len(sectors) == 1:
        n = int(sectors.iloc[0])
        every = "Both" if n == 2 else f"All {words.spelled(n)}"
        return f"{every} are from {SECTOR_WORDS.get(sectors.index[0], sectors.index[0])}."
    ordered = sorted(sectors.items(), key=lambda item: (-item[1], item[0]))
    parts = [f"{words.spelled(int(n))} from {SECTOR_WORDS.get(s, s)}" for s, n in ordered if n > 1]
    ones = [SECTOR_WORDS.get(s, s) for s, n in ordered if n == 1]
    if ones:
        parts.append(f"one {'each ' if len(ones) > 1 else ''}from {words.join(ones)}")
    said = words.join(parts).replace(" from ", " are from ", 1)
    return f"{said[:1].upper()}{said[1:]}."

"""The opening section: the pilot, who leads it, its grant and its aims
(area.yml), and the headline figures, each once, with how it moved since the
previous period. The evaluators' own introduction (the narrative's text
before its first heading, or under a heading naming this section) goes
above all of it (`Report.section`)."""

from __future__ import annotations

from pipeline import markdown
from pipeline.redaction import redact
from pipeline.report import disclosure, headline
from pipeline.report.blocks import Text
from pipeline.report.sections.base import Section


class Introduction(Section):
    def text(self) -> Text:
        area = self.data.area
        sentence = f"{area['name']} is part of {area['programme']}"
        if area.get("lead_organisation"):
            sentence += f", led by {area['lead_organisation']}"
        if area.get("grant_gbp") is not None:
            sentence += f", with a grant of £{int(area['grant_gbp']):,}"
        lines = []
        if area.get("synthetic"):
            lines += ["*This report is built from made-up sample data, not from real people.*", ""]
        lines.append(markdown.escape(redact(sentence + ".")))
        aims = area.get("aims") or []
        if aims:
            lines += ["", "It set out to:", ""]
            lines += [f"- {markdown.escape(redact(str(aim)))}" for aim in aims]
        return Text("\n".join(lines))

    def key_figures(self) -> Text | None:
        """The headline figures, each once, with the previous period's beside
        it. A figure withheld is left out ("Top barrier: withheld" tells a
        reader nothing; "About this report" says what was withheld)."""
        figures = [
            f for f in headline.figures(self.data, self.threshold) if f.shown != disclosure.WITHHELD
        ]
        if not figures:
            return None
        before = (
            {f.name: f for f in headline.figures(self.previous, self.threshold)}
            if self.previous is not None
            else {}
        )
        lines = ["### Key figures", ""]
        for figure in figures:
            line = f"- {markdown.escape(figure.name)}: **{markdown.escape(figure.shown)}**"
            if figure.name in before:
                line += f"; previous period: {markdown.escape(before[figure.name].shown)}"
            lines.append(line)
        return Text("\n".join(lines))

"""The summary: who ran the pilot and when, the headline figures (with their
change since the previous period) and which datasets the report draws on."""

from __future__ import annotations

from pipeline import markdown
from pipeline.report import headline, words
from pipeline.report.blocks import Text
from pipeline.report.sections.base import Section


class Summary(Section):
    def text(self) -> Text:
        lines = []
        front, _ = self.inputs.narrative
        if front.get("summary"):
            lines += [markdown.escape(str(front["summary"])), ""]
        who = [f"**Programme:** {markdown.escape(self.data.area['programme'])}"]
        if self.data.area.get("lead_organisation"):
            who.append(
                f"**Lead organisation:** {markdown.escape(self.data.area['lead_organisation'])}"
            )
        who.append(
            f"**Period:** {markdown.escape(self.data.period['label'])} "
            f"({markdown.escape(words.date(self.data.period['start']))} to "
            f"{markdown.escape(words.date(self.data.period['end']))})"
        )
        lines += [" \\\n".join(who), ""]
        if self.data.area.get("synthetic"):
            lines += ["*This report is built from made-up sample data, not from real people.*", ""]
        figures = headline.figures(self.data, self.threshold)
        before = (
            {f.name: f for f in headline.figures(self.previous, self.threshold)}
            if self.previous is not None
            else {}
        )
        if figures:
            lines += ["### Headline figures", ""]
            for figure in figures:
                line = f"- {markdown.escape(figure.name)}: **{markdown.escape(figure.shown)}**"
                if figure.name in before:
                    then = before[figure.name]
                    line += " " + markdown.escape(
                        f"(previous period: {then.shown}; {headline.change(then, figure)})"
                    )
                lines.append(line)
            lines.append("")
        present = [words.DATASET_NAMES[d] for d in words.DATASET_NAMES if self.data.has(d)]
        missing = [words.DATASET_NAMES[d] for d in words.DATASET_NAMES if not self.data.has(d)]
        lines.append(
            f"This report draws on the {words.join(present)}."
            if present
            else "No datasets were provided for this period."
        )
        if missing:
            lines[-1] += f" This period has no {words.join(missing, 'or')}."
        return Text("\n".join(lines))

"""Introduction: the pilot, who leads it, its grant and its aims (area.yml)."""

from __future__ import annotations

from pipeline import markdown
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
        lines = [markdown.escape(sentence + ".")]
        aims = area.get("aims") or []
        if aims:
            lines += ["", "The pilot set out to:", ""]
            lines += [f"- {markdown.escape(str(aim))}" for aim in aims]
        else:
            lines += ["", "area.yml lists no aims for the pilot."]
        return Text("\n".join(lines))

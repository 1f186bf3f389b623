"""Data quality (validation status and warnings) and the method and
provenance: definitions, disclosure control, and what the report was built
from."""

from __future__ import annotations

from pipeline import markdown
from pipeline.report.blocks import Text
from pipeline.report.sections.base import Section

PARAMETER_NAMES = {
    "suppression_threshold": "suppression threshold",
    "rows_listed_per_check": "rows listed per check on the steward's page",
    "max_raw_file_mb": "largest raw file read (MB)",
}


class Quality(Section):
    def _protected(self) -> list[str]:
        """What secondary protection withheld or rounded in this report."""
        actions = self.figures.actions
        if not actions:
            return []
        lines = ["To protect small counts, in this report:", ""]
        lines += [f"- {markdown.escape(action)}" for action in actions]
        return [*lines, ""]

    def text(self) -> Text:
        status = self.data.manifest.get("validation_status", "passed")
        problems = self.data.manifest.get("problems", [])
        warnings = [p for p in problems if p["level"] == "warning"]
        verdict = str(status).removesuffix(" with warnings")
        counted = (
            "no warnings"
            if not warnings
            else f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''}"
        )
        # The warnings' own words name files, rows and values: they stay on
        # the data steward's page, which is kept with the team, not published.
        return Text(
            f"Great Expectations validation **{verdict}**, with {counted}. "
            "Every check, and the rows at fault, are on the data steward's "
            "validation page, which the evaluation team keeps."
        )

    def method(self) -> Text:
        p = self.inputs.provenance
        t = self.threshold
        lines = [
            "**Activity levels** follow Sport England's Active Lives bands on minutes a week: "
            "None (0), Under 30 (1-29), 30-149 and 150+; *inactive* means under 30 minutes. "
            "**Percentages** are of respondents who answered the question, rounded half-up to "
            "whole numbers; for questions allowing several answers they can add up to more "
            "than 100%. **Distance travelled** is confidence after minus confidence before, "
            "for participants with both scores.",
            "",
            f"**Disclosure control:** any count from 1 to {t - 1} is shown as `<{t}` and "
            "percentages built on it are withheld. Because totals, breakdowns, percentages "
            "and the statistical test sit side by side, every figure of this report was "
            "checked together before publication: an integer program worked out, for each "
            "small count, every value it could take given everything the report publishes, "
            "and figures were withheld or rounded (to the nearest 5, shown as *about*) "
            f"until no small count could be narrowed down beyond `<{t}`. "
            f"Medians and means need at least {t} contributors. No respondent or participant "
            "identifier, and no individual record, is published.",
            "",
            *self._protected(),
            "### Provenance",
            "",
            f"- learnrep version: {markdown.escape(p.get('learnrep_version', 'unknown'))}",
            f"- Pipeline code SHA-256: {markdown.escape(p.get('code_sha256', 'unknown'))}",
            f"- Notebook SHA-256: {markdown.escape(p.get('notebook', 'unknown'))}",
            "- Parameters: "
            + "; ".join(
                f"{markdown.escape(PARAMETER_NAMES.get(k, k.replace('_', ' ')))}: "
                f"{markdown.escape(v)}"
                for k, v in sorted(p.get("parameters", {}).items())
            ),
            "- Software: "
            + ", ".join(
                f"{markdown.escape(k)} {markdown.escape(v)}"
                for k, v in sorted(p.get("software", {}).items())
            ),
            "",
        ]
        inputs = p.get("inputs", {})
        if inputs:
            table = markdown.table(
                ("Input file", "Keyed checksum"), sorted(inputs.items()), (False, False)
            )
            caption = (
                "Inputs and their checksums, keyed with the project's secret (HMAC-SHA256, "
                f"key {p.get('inputs_key', 'unknown')}): the team can check this report "
                "against its data, and nobody else can test a guess of the data against them"
            )
            lines += [table, "", f": {markdown.escape(caption)}", ""]
        return Text("\n".join(lines))

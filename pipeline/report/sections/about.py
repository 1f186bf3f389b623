"""The closing "About this report": what this period had no data for, how
the figures are worked out, how small numbers are protected, whether the
data passed its checks, and what the report was made from. Short, and the
only place for any of it: the body of the report is the evaluators' story
and its evidence."""

from __future__ import annotations

from pipeline import markdown
from pipeline.report import protect, words
from pipeline.report.blocks import Text
from pipeline.report.sections.base import Section
from pipeline.report.sections.travelled import distance


class About(Section):
    def not_provided(self) -> Text | None:
        """What the period had no data for, once, instead of a line in each section."""
        missing = [words.DATASET_NAMES[d] for d in words.DATASET_NAMES if not self.data.has(d)]
        lines = []
        if missing:
            lines.append(
                f"This period had no {words.join(missing, 'or')}, so the report has no "
                f"section on {'it' if len(missing) == 1 else 'them'}."
            )
        if self.previous_period and self.previous is None:
            lines.append(
                "The period before this one could not be compared with it: its data has not "
                "been processed, or did not pass its checks."
            )
        return Text(markdown.escape(" ".join(lines))) if lines else None

    def method(self) -> Text | None:
        """How the figures shown are worked out: only what this report shows."""
        lines = []
        if self.data.has("survey"):
            lines.append(
                "**Activity levels** follow Sport England's Active Lives bands on minutes of "
                "activity a week: none, under 30, 30 to 149 and 150 or more; *inactive* means "
                "under 30 minutes. **Percentages** are of those who answered the question, "
                "rounded to whole numbers; where people could give several answers they can "
                "add up to more than 100%."
            )
        if self.data.has("training"):
            lines.append(
                "**Distance travelled** is each participant's confidence after the course "
                "minus their confidence before it, for those who gave both scores. Whether "
                "the change is more than chance is tested with the paired Wilcoxon "
                "signed-rank test (two-sided, leaving out those whose score did not change). "
                + markdown.escape(self._test_here())
            )
        # Said where people's answers are compared: not of recommendations'
        # statuses, nor in a report with no survey or training records.
        if self.previous is not None and any(
            self.data.has(d) and self.previous.has(d) for d in ("survey", "training")
        ):
            lines.append(
                "**Comparisons** with the previous period set two published figures side by "
                "side. Each period's figures are for the people who took part in it, so a "
                "change reflects who took part as well as what they said."
            )
        return Text("\n\n".join(lines)) if lines else None

    def _test_here(self) -> str:
        """The signed-rank test's numbers in this report, or why there are none."""
        detail = distance(self.data, self.threshold).wilcoxon.split("): ", 1)[-1]
        return f"The test here: {detail}"

    def disclosure(self) -> Text:
        t = self.threshold
        lines = [
            f"**Small numbers.** Any count from 1 to {t - 1} is shown as `<{t}`, and "
            "percentages that would reveal one are withheld; averages and medians need at "
            f"least {t} people. Every figure in the report was checked together, so that "
            "no small count can be worked out from the others: where one could, another "
            "figure is withheld or rounded to the nearest 5 (shown as *about*). No one's "
            "own answers are published."
        ]
        held_back = self.figures.held_back
        actions = [protect.as_published(a) for a in self.figures.actions if a not in held_back]
        if actions:
            # The reason most share is said once, above them, not after each.
            lines += [
                "",
                "So that no small count can be worked out from the other figures, these "
                "are withheld or rounded:",
                "",
            ]
            lines += [
                f"- {markdown.escape(action.removesuffix(protect.AS_PUBLISHED))}"
                for action in actions
            ]
        if held_back:
            # Said as the run says it (`console`): what was held back because
            # a version was published before, and why, never which answer.
            lines += [
                "",
                "Held back because reports already published count some of the same "
                "people or activities (an earlier version of this report, reports of "
                "the same dates, or of other areas):",
                "",
            ]
            lines += [f"- {markdown.escape(action)}" for action in held_back]
        return Text("\n".join(lines))

    def quality(self) -> Text:
        problems = self.data.manifest.get("problems", [])
        warnings = sum(1 for p in problems if p["level"] == "warning")
        checked = (
            "The data passed every check before this report was made."
            if not warnings
            else "The data passed its checks before this report was made; "
            f"{warnings} warning{'s' if warnings != 1 else ''} went to the data steward."
        )
        return Text(checked)

    def provenance(self) -> Text:
        """What the report was made from, in a few lines: the inputs by name,
        the code and the software. The inputs' keyed checksums, the settings
        and everything else `learnrep verify` checks are in provenance.json
        beside the report; a table of 64-digit checksums told a reader nothing."""
        p = self.inputs.provenance
        lines = [
            "### What the report was made from",
            "",
            f"- Inputs: {markdown.escape(self._inputs_named(p.get('inputs', {})))}.",
            f"- learnrep {markdown.escape(p.get('learnrep_version', 'unknown'))}: pipeline code "
            f"SHA-256 {markdown.escape(p.get('code_sha256', 'unknown'))}, notebook SHA-256 "
            f"{markdown.escape(p.get('notebook', 'unknown'))}.",
            # Package versions, as installed: typst's is its Python package's,
            # which may differ from the compiler's own in the PDF's metadata.
            "- Software (Python and its packages, as installed): "
            + ", ".join(
                f"{markdown.escape(k)} {markdown.escape(v)}"
                for k, v in sorted(p.get("software", {}).items())
            )
            + ".",
            "- The inputs' checksums, keyed with the project's secret so that the team can "
            "check this report against its data and nobody else can test a guess of the data "
            "against them, and the settings it was made with are in provenance.json beside "
            "it (`learnrep verify` reads them).",
            "",
        ]
        return Text("\n".join(lines))

    @staticmethod
    def _inputs_named(inputs: dict[str, str]) -> str:
        """The input files by name, grouped by their folder."""
        if not inputs:
            return "none recorded"
        folders: dict[str, list[str]] = {}
        for path in sorted(inputs):
            folder, _, name = path.rpartition("/")
            folders.setdefault(folder, []).append(name)
        return "; ".join(f"{', '.join(names)} (in {folder}/)" for folder, names in folders.items())

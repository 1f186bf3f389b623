"""What a report says, section by section. The notebook in notebooks/ makes
one `Report`; each section begins with a cell calling `report.section(key,
title)`, which shows its heading and the evaluators' words for it (or
nothing at all when the section has neither data nor words), and each of
its other cells shows one part, e.g. `report.survey.levels_figure()`. A part
returns `Text`, a `Figure` or a `Table` (see `blocks`), or None when there is
nothing to show. Every value from data reaches the page through
`markdown.escape`, and every number through `analysis` and `disclosure` (so
through disclosure control).

To add a section: a module in `sections/` with a `Section` subclass, an
attribute here (named as its key), and its cells in `tools/notebooks.py`,
which writes the notebooks of every report kind."""

from __future__ import annotations

from pipeline import markdown
from pipeline.processed import Processed
from pipeline.report import drawn
from pipeline.report.blocks import Text
from pipeline.report.outline import Slot
from pipeline.report.sections.about import About
from pipeline.report.sections.base import Inputs, Section
from pipeline.report.sections.context import Context
from pipeline.report.sections.delivery import Delivery
from pipeline.report.sections.funding import Funding
from pipeline.report.sections.introduction import Introduction
from pipeline.report.sections.milestones import Milestones
from pipeline.report.sections.narrative import Narrative
from pipeline.report.sections.partners import Partners
from pipeline.report.sections.quotes import Quotes
from pipeline.report.sections.reach import Reach
from pipeline.report.sections.recommendations import Recommendations
from pipeline.report.sections.survey import Survey
from pipeline.report.sections.workforce import Workforce

OPENING = "introduction"  # the section the narrative's words before its first heading open


class Report:
    """One area-period's report: its inputs, read once from the processed
    data, and one object per section of the notebook. The arguments are the
    notebook's parameters."""

    def __init__(
        self,
        processed_dir,
        threshold: int,
        provenance: dict,
        previous_period: str = "",
        previous_processed_dir: str = "",
    ):
        drawn.keep_for(processed_dir)
        data = Processed(processed_dir)
        self.inputs = Inputs(
            data=data,
            threshold=threshold,
            # The period compared with, when period.yml names one and it was processed.
            previous=Processed.find(previous_processed_dir),
            previous_period=previous_period,
            narrative=data.narrative(),
            provenance=provenance,
            images=data.images(),
        )
        self.introduction = Introduction(self.inputs)
        self.context = Context(self.inputs)
        self.survey = Survey(self.inputs)
        self.workforce = Workforce(self.inputs)
        self.delivery = Delivery(self.inputs)
        self.milestones = Milestones(self.inputs)
        self.reach = Reach(self.inputs)
        self.funding = Funding(self.inputs)
        self.partners = Partners(self.inputs)
        self.recommendations = Recommendations(self.inputs)
        self.quotes = Quotes(self.inputs)
        self.narrative = Narrative(self.inputs)
        self.about = About(self.inputs)

    def section(self, key: str, title: str) -> Text | None:
        """A section's heading with the evaluators' words for it, or nothing
        when the section has neither words nor data: an empty section is
        left out of the report and its contents."""
        words = self.narrative.words_for(Slot(key, title))
        if key == OPENING:
            words = "\n\n".join(w for w in (self.narrative.preamble(), words) if w)
        own = getattr(self, key, None)
        has_data = isinstance(own, Section) and own is not self.narrative and own.has_data()
        if not words and not has_data:
            return None
        heading = f"## {markdown.escape(title)}"
        return Text(f"{heading}\n\n{words}" if words else heading)

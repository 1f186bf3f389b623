"""What a report says, section by section. The notebook in notebooks/ makes
one `Report` and each of its cells shows one part of one section, e.g.
`report.survey.levels_figure()`. A part returns `Text`, a `Figure` or a
`Table` (see `blocks`), or None when its dataset is absent, so an absent
dataset leaves only its plain sentence. Every value from data reaches the
page through `markdown.escape`, and every number through `analysis` and
`disclosure` (so through disclosure control).

To add a section: a module in `sections/` with a `Section` subclass, an
attribute here, and its cells in `tools/notebooks.py`, which writes the
notebooks of every report kind."""

from __future__ import annotations

from pathlib import Path

from pipeline.processed import Processed
from pipeline.raw import read_narrative
from pipeline.report import drawn
from pipeline.report.sections.base import Inputs
from pipeline.report.sections.compare import Comparison
from pipeline.report.sections.context import Context
from pipeline.report.sections.delivery import Delivery
from pipeline.report.sections.funding import Funding
from pipeline.report.sections.introduction import Introduction
from pipeline.report.sections.learning import Learning
from pipeline.report.sections.milestones import Milestones
from pipeline.report.sections.narrative import Narrative
from pipeline.report.sections.partners import Partners
from pipeline.report.sections.quality import Quality
from pipeline.report.sections.quotes import Quotes
from pipeline.report.sections.reach import Reach
from pipeline.report.sections.recommendations import Recommendations
from pipeline.report.sections.summary import Summary
from pipeline.report.sections.survey import Survey
from pipeline.report.sections.workforce import Workforce


class Report:
    """One area-period's report: its inputs, read once, and one object per
    section of the notebook. The arguments are the notebook's parameters."""

    def __init__(
        self,
        processed_dir,
        narrative_path,
        threshold: int,
        provenance: dict,
        previous_period: str = "",
        previous_processed_dir: str = "",
    ):
        drawn.keep_for(processed_dir)
        self.inputs = Inputs(
            data=Processed(processed_dir),
            threshold=threshold,
            # The period compared with, when period.yml names one and it was processed.
            previous=Processed.find(previous_processed_dir),
            previous_period=previous_period,
            narrative=read_narrative(Path(narrative_path)),
            provenance=provenance,
        )
        self.summary = Summary(self.inputs)
        self.introduction = Introduction(self.inputs)
        self.compare = Comparison(self.inputs)
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
        self.learning = Learning(self.inputs)
        self.narrative = Narrative(self.inputs)
        self.quality = Quality(self.inputs)

"""What every section of a report starts from, and the rule that a section
about a dataset the period does not have shows nothing."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from pipeline.processed import Processed
from pipeline.report import figures
from pipeline.report.register import Register


@dataclass
class Inputs:
    """One report's inputs: this period's processed data, the threshold
    below which counts are suppressed, the previous period's data when
    there is one to compare with, the evaluators' narrative and the
    provenance record."""

    data: Processed
    threshold: int
    previous: Processed | None = None
    previous_period: str = ""  # named in period.yml, whether or not it has data
    narrative: tuple[dict, str] = ({}, "")  # front matter, Markdown body
    provenance: dict = field(default_factory=dict)
    images: dict[str, str] = field(default_factory=dict)  # the narrative's, as data URIs


class Section:
    # The dataset the section is about: without it, and without the
    # evaluators' words, the section is left out of the report.
    dataset: str | None = None

    def __init__(self, inputs: Inputs):
        self.inputs = inputs
        self.data = inputs.data
        self.threshold = inputs.threshold
        self.previous = inputs.previous
        self.previous_period = inputs.previous_period

    def has_data(self) -> bool:
        """Whether the section has anything of its own to show."""
        return self.dataset is None or self.data.has(self.dataset)

    @property
    def figures(self) -> Register:
        """This period's published figures, settled (see `report.figures`)."""
        return figures.of(self.data, self.threshold)


def needs(dataset: str):
    """A section part that shows nothing when the period does not have
    `dataset` (what was not provided is said once, in "About this report")."""

    def decorate(part):
        @functools.wraps(part)
        def shown(self: Section, *args, **kwargs):
            if not self.data.has(dataset):
                return None
            return part(self, *args, **kwargs)

        return shown

    return decorate

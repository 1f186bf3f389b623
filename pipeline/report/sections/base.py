"""What every section of a report starts from, and the rule that a section
about a dataset the period does not have shows only its plain sentence."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from pipeline.processed import Processed
from pipeline.report import figures, words
from pipeline.report.blocks import Text
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


class Section:
    def __init__(self, inputs: Inputs):
        self.inputs = inputs
        self.data = inputs.data
        self.threshold = inputs.threshold
        self.previous = inputs.previous
        self.previous_period = inputs.previous_period

    @property
    def figures(self) -> Register:
        """This period's published figures, settled (see `report.figures`)."""
        return figures.of(self.data, self.threshold)


def absent(data: Processed, dataset: str) -> Text | None:
    """The plain sentence for a dataset this period does not have."""
    state = data.state(dataset)
    if state == "present":
        return None
    what = words.DATASET_NAMES[dataset]
    if state == "template":
        return Text(f"The {what} template was left unfilled, so this period has no {what}.")
    return Text(
        f"No {what} were provided for this period."
        if what.endswith("s")
        else f"No {what} was provided for this period."
    )


def needs(dataset: str, absent_sentence: bool = False):
    """A section part that shows nothing (or, with `absent_sentence`, the plain
    sentence) when the period does not have `dataset`."""

    def decorate(part):
        @functools.wraps(part)
        def shown(self: Section, *args, **kwargs):
            if not self.data.has(dataset):
                return absent(self.data, dataset) if absent_sentence else None
            return part(self, *args, **kwargs)

        return shown

    return decorate

"""The only reader of data/raw. Nothing in this package writes a file.

`meta` reads area.yml and period.yml, `narrative` narrative.md or .docx; `tables`
reads the datasets (`.csv` through `values`, `.xlsx` through `workbook`, the
header row through `header`);
`inventory` sorts out what a period's folder holds (nothing in it passes
unremarked); `paths` names files as a user would and refuses links out of
data/raw."""

from pipeline.raw.inventory import Inventory, inventory
from pipeline.raw.meta import kind_of, overlapping, read_area, read_period
from pipeline.raw.narrative import find_narrative, read_narrative
from pipeline.raw.paths import checked_path, display_path
from pipeline.raw.tables import RawTable, decode, find_table, read_table

__all__ = [
    "Inventory",
    "RawTable",
    "checked_path",
    "decode",
    "display_path",
    "find_narrative",
    "find_table",
    "inventory",
    "kind_of",
    "overlapping",
    "read_area",
    "read_narrative",
    "read_period",
    "read_table",
]

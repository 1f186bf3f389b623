"""A column of the data contract and a dataset of them: what each kind of
value is, in words, for messages, the Great Expectations suites, the data
dictionary and the templates."""

from __future__ import annotations

import re
from dataclasses import dataclass

# An ONS geography code: E07000033 (a district), E92000001 (England).
ONS_CODE = re.compile(r"[EWSNK]\d{8}")
MULTI_SELECT_SEPARATOR = ";"


@dataclass(frozen=True)
class Column:
    name: str
    # id: unique key text; text: free text; enum: one allowed value;
    # multi: ;-separated allowed values; int/decimal: numbers; date; code: ONS code;
    # slug: a short stable name (a recommendation's id)
    kind: str
    required: bool = True
    allowed: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    in_period: bool = False  # a date outside the reporting period is a warning
    # The column may be left out of the file altogether (columns the contract
    # added in a later round, so older files stay valid). Every other column
    # must be in the file, even where its values may be blank.
    may_be_absent: bool = False
    # A date column that may also hold a month, YYYY-MM (contract section 5):
    # published as "August 2017", never given a false day.
    months: bool = False
    # A whole number that may also be written N+ ("400+": at least 400, the
    # exact number not known), shown as written.
    plus: bool = False
    # Names another row of the same file by that row's value in this column
    # (reach's part_of names another measure).
    names_row_by: str | None = None
    # For the data dictionary (docs/data-dictionary.md, the templates' guide
    # sheet): what the column holds, and a value it accepts.
    description: str = ""
    example: str = ""

    @property
    def shows_values(self) -> bool:
        """Whether an offending value may be quoted back on the steward's page.

        Only closed columns (a fixed vocabulary, numbers, dates, codes) qualify,
        and even there only a short, code-like value is quoted (`quoting`):
        ids and free text can hold personal data, so only their rows are listed."""
        return self.kind in {"enum", "multi", "int", "decimal", "date", "code", "slug"}

    def expected(self) -> str:
        """What a valid value looks like, in words, for messages and Data Docs."""
        if self.kind in {"enum", "multi"}:
            listed = ", ".join(self.allowed)
            return f"one of: {listed}" if self.kind == "enum" else f"answers from: {listed}"
        if self.kind in {"int", "decimal"}:
            noun = "a whole number" if self.kind == "int" else "a number"
            if self.minimum is None and self.maximum is None:
                return noun
            if self.maximum is None:
                found = f"{noun} of at least {self.minimum:g}"
            else:
                found = f"{noun} from {self.minimum:g} to {self.maximum:g}"
            if self.plus:
                return f"{found}, or one written with a plus (400+: at least 400)"
            return found
        if self.names_row_by:
            return f"the {self.names_row_by} of another row of the file"
        if self.kind == "date":
            month = ", or a month written YYYY-MM" if self.months else ""
            return f"a real date, written YYYY-MM-DD or DD/MM/YYYY{month}"
        if self.kind == "code":
            return "an ONS geography code such as E07000033"
        if self.kind == "slug":
            return "a short name of lower-case letters, digits and hyphens, such as rec-1"
        return "a value"


@dataclass(frozen=True)
class UnitRule:
    """A number column checked against the unit named beside it on the same
    row (contract section 5): `ranges` gives, per unit, the rule its values
    follow, as a Column; a blank unit means `default`."""

    value: str
    unit: str
    default: str
    ranges: tuple[tuple[str, Column], ...]


@dataclass(frozen=True)
class Dataset:
    name: str
    columns: tuple[Column, ...]
    unique: tuple[str, ...] = ()  # these columns together identify a row
    ordered: tuple[str, str] | None = None  # (earlier, later) date columns
    description: str = ""  # what the file holds and what one row is, for the dictionary
    units: UnitRule | None = None

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def one_of(name: str, allowed: tuple[str, ...], required: bool = True, **words) -> Column:
    return Column(name, "enum", required, allowed, **words)


def many_of(name: str, allowed: tuple[str, ...], **words) -> Column:
    return Column(name, "multi", False, allowed, **words)

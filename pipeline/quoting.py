"""What a message may quote of a raw value that failed a check. Messages go
to the console and the data steward's pages (`validation/`), which the team
keeps, and still they quote a value only when it is short and code-like: an
allowed answer mistyped ("Femle"), a number, a date, a code. Anything else
is described ("[text of 17 characters]"), since a name, an address or a
postcode typed into the wrong column is personal data, and the steward opens
the raw file at the row the message names. Contact details and postcodes
are never quoted ("[phone number removed]")."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from pipeline.redaction import REDACTED_EMAIL, REDACTED_PHONE, REDACTED_POSTCODE, redact

LONGEST = 30  # characters: a date with its time, a long number, an answer mistyped
# How close a value must be to an allowed answer to be taken for it mistyped:
# "Femle" and "Prefer not to sy" are; a name ("Marie" against "Male") is not.
CLOSE = 0.75
MONTH = re.compile(
    r"jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sept?(ember)?"
    r"|oct(ober)?|nov(ember)?|dec(ember)?|am|pm|t"
)
# Words that go with numbers when people type them where a number belongs.
NUMBER_WORD = re.compile(
    r"to|and|or|about|approx|mins?|minutes|h|hrs?|hours|a|per|week|pw|n/a|na|none|nil|yes|no|x"
)
_TOKENS = re.compile(r"[^\s/.,:;\-–+()%£$€'×]+")
_DIGIT = re.compile(r"\d")
_CODE = re.compile(r"[A-Za-z]{0,2}\d{5,10}")
_SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}")


def sanitised(value: object, kind: str, allowed: Sequence[str] = ()) -> str:
    """The value itself when a message may quote it, else what it is, in
    brackets. `kind` and `allowed` are the column's (`contract.Column`)."""
    text = str(value).strip()
    redacted = redact(text)
    if redacted != text:
        removed = (REDACTED_EMAIL, REDACTED_PHONE, REDACTED_POSTCODE)
        return next(label for label in removed if label in redacted)
    if text and len(text) <= LONGEST and _code_like(text, kind, allowed):
        return text
    return f"[text of {len(text)} character{'s' if len(text) != 1 else ''}]"


def column_name(name: object, columns: Sequence[str]) -> str:
    """A column name of a file as a message may quote it: as it is when it
    reads as a column name (one word, "Notes", "complted_on") or is close
    to one of `columns` ("Age band"); described otherwise. A header row
    typed over with a name and an address ("Jo Bloggs 12 High Street") was
    quoted on the console and the steward's pages."""
    text = str(name).strip()
    redacted = redact(text)
    if redacted != text:
        removed = (REDACTED_EMAIL, REDACTED_PHONE, REDACTED_POSTCODE)
        return next(label for label in removed if label in redacted)
    typed = "_".join(text.casefold().split())
    if len(text) <= LONGEST and (
        re.fullmatch(r"[\w.\-]+", text)
        or difflib.get_close_matches(typed, [c.casefold() for c in columns], 1, CLOSE)
    ):
        return text
    return f"[a column name of {len(text)} character{'s' if len(text) != 1 else ''}]"


def in_words(shown: str) -> str:
    """A sanitised value as a message says it: quoted, or its description."""
    return shown if shown.startswith("[") and shown.endswith("]") else f'"{shown}"'


def _code_like(text: str, kind: str, allowed: Sequence[str]) -> bool:
    if kind == "enum":
        return _an_answer(text, allowed) or _number_like(text) or _date_like(text)
    if kind == "multi":
        return all(not part.strip() or _an_answer(part, allowed) for part in text.split(";"))
    if kind in ("int", "decimal"):
        return _number_like(text)
    if kind == "date":
        return _date_like(text) or _number_like(text)
    if kind == "code":
        return bool(_CODE.fullmatch(text))
    if kind == "slug":
        return bool(_SLUG.fullmatch(text))
    return False  # ids and free text are never quoted


def _an_answer(text: str, allowed: Sequence[str]) -> bool:
    answers = [a.casefold() for a in allowed]
    typed = " ".join(text.casefold().split())
    return typed in answers or bool(difflib.get_close_matches(typed, answers, 1, CLOSE))


def _number_like(text: str) -> bool:
    tokens = _TOKENS.findall(text.casefold())
    return bool(_DIGIT.search(text)) and all(
        t.isdigit() or NUMBER_WORD.fullmatch(t) or _digits_and_unit(t) for t in tokens
    )


def _digits_and_unit(token: str) -> bool:
    """ "30mins", "2h", "5k": a number run into its unit."""
    digits = token.rstrip("abcdefghijklmnopqrstuvwxyz")
    unit = token[len(digits) :]
    return digits.isdigit() and bool(NUMBER_WORD.fullmatch(unit) or unit in ("k", "m", "s"))


def _date_like(text: str) -> bool:
    tokens = _TOKENS.findall(text.casefold())
    return bool(_DIGIT.search(text)) and all(
        t.isdigit() or MONTH.fullmatch(t) or t.rstrip("stndrh").isdigit() for t in tokens
    )

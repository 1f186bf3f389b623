"""Numbers said in words, as people type a phone number they read out
(`redaction`): "oh seven nine one one, one two three four five six",
"07911 123 four five six", "seven nine eleven, twelve thirty four",
"double" and "triple", "nine hundred", in English, Polish and Romanian,
the languages of the communities the reports are about."""

from __future__ import annotations

import re
from collections.abc import Callable

_DIGIT_NAMES = {
    "en": ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine"),
    "pl": ("jeden", "dwa", "trzy", "cztery", "pięć", "sześć", "siedem", "osiem", "dziewięć"),
    "ro": ("unu", "doi", "trei", "patru", "cinci", "șase", "șapte", "opt", "nouă"),
}
_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen")
_TEENS += ("seventeen", "eighteen", "nineteen")
_TENS = {w: str(n) for n, w in enumerate(("twenty", "thirty", "forty", "fifty"), 2)}
_TENS |= {w: str(n) for n, w in enumerate(("sixty", "seventy", "eighty", "ninety"), 6)}
_SAID = {
    **dict.fromkeys(("zero", "oh", "o", "nought", "nil"), "0"),
    **{w: str(n) for names in _DIGIT_NAMES.values() for n, w in enumerate(names, 1)},
    **{w: str(n) for n, w in enumerate(_TEENS, 10)},
    **{w: f"{n}0" for w, n in _TENS.items()},
}
_REPEAT = {"double": 2, "triple": 3}
_HUNDRED = ("hundred", "sto", "sută")  # "07700 nine hundred one two three": 900
_TOKEN = rf"(?:\d+|{'|'.join(sorted([*_SAID, *_REPEAT, *_HUNDRED], key=len, reverse=True))})"
NUMBER_WORD = re.compile(rf"(?<![^\W_])(?:{'|'.join(_SAID)})(?![^\W_])", re.IGNORECASE)
_SAID_NUMBER = re.compile(
    rf"(?<![^\W_])\+?{_TOKEN}(?:[\s,-]+{_TOKEN}){{2,}}(?![^\W_])", re.IGNORECASE
)


def numbers_said(text: str, replacement: str, is_number: Callable[[str], bool]) -> str:
    """`text` with each run of three or more digits said in words (or in
    words and digits) that `is_number` takes, read as its digits, for a
    number replaced by `replacement`."""

    def digits(match: re.Match) -> str:
        said, repeat, previous = [], 1, ""
        for token in re.split(r"[\s,+-]+", match.group().lower()):
            if not token:
                continue
            if token in _REPEAT:
                repeat = _REPEAT[token]
                continue
            if token in _HUNDRED:
                said.append("00")
                continue
            if previous in _TENS and _SAID.get(token, "0") in "123456789":
                said[-1] = said[-1][:-1]  # "thirty four": 34, not 304
            said.append(_SAID.get(token, token) * repeat)
            previous, repeat = token, 1
        return "".join(said)

    def replaced(match: re.Match) -> str:
        if not NUMBER_WORD.search(match.group()):
            return match.group()
        return replacement if is_number(digits(match)) else match.group()

    return _SAID_NUMBER.sub(replaced, text)

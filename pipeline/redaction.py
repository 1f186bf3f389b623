"""Contact details removed from free text before anything publishes it:
narrative, quotes, every text column of the data, error messages. The
report's Markdown (`markdown.escape`, `markdown.safe_markdown`), its charts,
the published pages and the steward's pages all redact through here, so the
rule lives in one place.

Text is redacted as a reader would read it: after Markdown has been parsed
(so `jo\\@example.org` and `jo&#64;example.org` are the address they show),
with invisible characters taken out, HTML entities and backslash escapes
read as what they stand for, and spelled-out addresses ("jo at example dot
com", "jo [at] example [dot] org") recognised. Phone numbers are found by
Google's libphonenumber (`phonenumbers`), in national formats of the
communities' countries (UK, Poland, Romania) and in international format
for any country."""

from __future__ import annotations

import functools
import re
import unicodedata

from pipeline import spoken

REDACTED_EMAIL = "[e-mail removed]"
REDACTED_PHONE = "[phone number removed]"
REDACTED_POSTCODE = "[postcode removed]"
# A full UK postcode names a street or a few houses, an outward code alone
# ("NG20") a district, which reports name. Written in capitals, with its
# space, a hyphen or neither; the inward code's letters are never C, I, K,
# M, O or V.
POSTCODE = re.compile(
    r"(?<![\w-])(?:[A-Z]{1,2}[0-9][A-Z0-9]?|GIR)[ -]?[0-9][ABD-HJLNP-UW-Z]{2}(?![\w-])"
)
# National numbers are read as these countries write them; a number written
# with its country code (+48 ..., 0040 ...) is found whichever country it is.
REGIONS = ("GB", "PL", "RO")
# A possible number that libphonenumber does not know to be in use (the UK's
# 07700 900xxx range reserved for drama, a new range) is still redacted when
# it is written like a phone number: with a country code or a trunk 0, and as
# many digits as the shortest of these countries' numbers (Poland's 9).
MIN_DIGITS = 9
# Characters that show nothing but can split an address so that a pattern
# misses it: zero-width spaces and joiners, the soft hyphen, the BOM.
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")

_LOCAL = r"[\w%+'-]+(?:\.[\w%+'-]+)*"
_LABEL = r"[^\W_](?:[\w-]*[^\W_])?"
# A dot as the full-width, ideographic and half-width ideographic stops
# write it too; with a space before it ("example . com", "example .com"),
# never only after it, which is how a sentence ends ("jo@example.org. Then").
# The middle dots (·, ‧) too, and a space after a dot before a lower-case
# label ("example. com"), which a sentence's next word is not.
_DOTS = "[.\uff0e\u3002\uff61\ufe52\u2024\u00b7\u2027]"
# A comma typed for the dot ("jo@example,com"), only with no space after it
# and only after an at sign: a sentence's comma has a space after it.
_DOT = rf"(?:{_DOTS}|\s{_DOTS}\s?|{_DOTS}\s(?-i:(?=[a-z])))"
_COMMA_DOT = r",(?=[^\W\d_]{2,24}\b)"
# The at sign, full-width and small, and the circled and squared letters a
# that stand for it ("jo.bloggsⓐexample.com"); doubled by a slip too.
_AT_SIGNS = "@\uff20\ufe6b\u24d0\u24b6\U0001f130\U0001f150"
_AT = f"[{_AT_SIGNS}]+"
EMAIL = re.compile(rf"{_LOCAL}\s?{_AT}\s?{_LABEL}(?:(?:{_DOT}|{_COMMA_DOT}){_LABEL})+")
# An address with no ending after its domain ("oli.gmail@gmail"): a letter
# either side of the at sign, no space, and a name of two letters or more
# after it. A handle ("@bolsovertogether") has nothing before its at sign.
BARE_EMAIL = re.compile(rf"(?<![\w.]){_LOCAL}(?<=[^\W\d_]){_AT}[^\W\d_]{{2,}}\w*\b")


# What people put round a spelled "at" or "dot": brackets, marks, slashes, quotes.
_AROUND = "[\\[\\](){}<>_#*~=|+/'\"\u2018\u2019\u201c\u201d-]"


def _word(word: str) -> str:
    """`at` or `dot` as people spell them out: bracketed ("[at]", "-at-",
    "_at_", "#at#", "*at*", "/at/", "'at'"), or between spaces."""
    return rf"(?:\s*{_AROUND}\s*{word}\s*{_AROUND}\s*|\s+{word}\s+)"


# "jo at example dot com", "jo.bloggs at example.org", "jo (at) example (dot) org",
# "jo dot bloggs at example dot co dot uk", "jo[at]example[.]com" (defanged).
# A bare "at" before a dotted name ("more at www.nhs.uk") is a web address,
# not a mailbox: www. is left alone.
_SPELLED_DOT = _word(r"(?:dot|period|full\s+stop|\.)")
SPELLED_EMAIL = re.compile(
    rf"(?<![\w.]){_LOCAL}(?:{_SPELLED_DOT}{_LOCAL})*(?:{_word('(?:at|@)')}|{_AT})(?!www\.)"
    rf"{_LABEL}(?:(?:{_SPELLED_DOT}|{_DOT}){_LABEL})*(?:{_SPELLED_DOT}|{_DOT})[^\W\d_]{{2,24}}\b",
    re.IGNORECASE,
)
# A real at sign with dots spelled out ("jo@example dot com"), matched before
# the spelled form, which would take "me at jo.bloggs" of "Mail me at
# jo.bloggs@example dot com" and leave the domain.
MIXED_EMAIL = re.compile(
    rf"{_LOCAL}\s?{_AT}\s?{_LABEL}(?:(?:{_SPELLED_DOT}|{_DOT}){_LABEL})*"
    rf"(?:{_SPELLED_DOT}|{_DOT})[^\W\d_]{{2,24}}\b",
    re.IGNORECASE,
)
# A mailbox at a provider everyone knows, with no ending ("jo.bloggs at
# gmail"): only names that are no English word, so "meet at live music"
# stays.
_PROVIDERS = "gmail|googlemail|hotmail|btinternet|icloud|yahoo|protonmail|virginmedia|onet|interia"
PROVIDER_EMAIL = re.compile(
    rf"(?<![\w.]){_LOCAL}(?:{_word('at')}|{_AT})(?:{_PROVIDERS})(?![^\W_])", re.IGNORECASE
)
# "at" with no letter or digit either side: " at ", "[at]", "_at_".
_MAY_HOLD_EMAIL = re.compile(rf"[{_AT_SIGNS}]|(?<![^\W_])at(?![^\W_])", re.IGNORECASE)
_DIGIT = re.compile(r"\d")


def redact(text: str) -> str:
    """Remove e-mail addresses, phone numbers and full postcodes from free text."""
    text = _INVISIBLE.sub("", str(text))
    found = _redacted(_unspaced(text))
    if found != text:
        return found
    # Read as a reader reads it: `jo&#64;example.org` and `jo\@example.org`
    # show an address. The text is given back decoded only when it held one.
    # So do `mailto:jo%40example.org` (percent-encoded) and `jo&#64;example.org`.
    decoded = _ESCAPED.sub(r"\1", _unescaped(text)) if set("&\\%") & set(text) else text
    if not decoded.isascii():  # lookalikes as what they look like: "﹒" a dot, "⑦" a 7
        decoded = unicodedata.normalize("NFKC", decoded)
    if decoded != text:
        redacted = _redacted(decoded)
        if redacted != decoded:
            return redacted
    return text


# Characters spaced out one by one ("j o . b l o g g s @ e x a m p l e . o r g"):
# eight or more, single spaces between.
_SPACED = re.compile(r"(?<!\S)(?:\S ){7,}\S(?!\S)")


def _unspaced(text: str) -> str:
    """`text` with a run of characters spaced out one by one that holds an
    e-mail address redacted (phone numbers so spaced are found as they are)."""
    if "@" not in text and "\uff20" not in text:
        return text

    def read(spaced: re.Match) -> str:
        joined = spaced[0].replace(" ", "")
        redacted = _redacted(joined)
        return redacted if redacted != joined else spaced[0]

    return _SPACED.sub(read, text)


def _unescaped(text: str) -> str:
    import html  # its table of entities, only for a text with an "&", "\\" or "%" in it
    from urllib.parse import unquote

    # Encoded twice over ("%2540" is "%40", which is "@"), a few times at most.
    for _ in range(3):
        text, was = unquote(text), text
        if text == was:
            break
    return html.unescape(text)


def holds_contact_details(text: str) -> bool:
    return redact(text) != _INVISIBLE.sub("", str(text))


def _redacted(text: str) -> str:
    if _MAY_HOLD_EMAIL.search(text):
        text = EMAIL.sub(REDACTED_EMAIL, text)
        text = MIXED_EMAIL.sub(REDACTED_EMAIL, text)
        text = SPELLED_EMAIL.sub(REDACTED_EMAIL, text)
        text = BARE_EMAIL.sub(REDACTED_EMAIL, text)
        text = PROVIDER_EMAIL.sub(REDACTED_EMAIL, text)
    text = POSTCODE.sub(REDACTED_POSTCODE, text)
    if spoken.NUMBER_WORD.search(text):
        text = spoken.numbers_said(text, REDACTED_PHONE, _said_is_phone)
    digits = len(_DIGIT.findall(text))
    if digits >= 7 or digits >= 2 and len(_DIGIT.findall(_lookalikes_read(text))) >= 7:
        text = _without_phone_numbers(text)
    return text


# Letters typed for digits inside a number ("O7911 l23456"): O for 0, l and
# I for 1, in a run of digits and those letters only, with two digits or
# more, so that no word is read as a number.
_LOOKALIKE = re.compile(r"(?<![^\W\d_])(?=(?:[OolI|]*\d){2})[\dOolI|]+(?![^\W\d_])")
_AS_DIGITS = str.maketrans("OolI|", "00111")


def _lookalikes_read(text: str) -> str:
    """`text` with letters standing for digits read as them (same length)."""
    return _LOOKALIKE.sub(lambda m: m.group().translate(_AS_DIGITS), text)


def _said_is_phone(number: str) -> bool:
    """Whether digits said in words are a phone number: nine or more that
    start with 0, make a valid number of one of the three countries, or a
    UK mobile without its 0 ("seven nine one one five one five one five
    one", a twentieth outsider's)."""
    if len(number) < MIN_DIGITS:
        return False
    mobile = len(number) == 10 and number.startswith("7")
    return number.startswith("0") or mobile or _valid_somewhere(number)


def _valid_somewhere(digits: str) -> bool:
    library = _phonenumbers()
    for region in REGIONS:
        try:
            if library.is_valid_number(library.parse(digits, region)):
                return True
        except library.NumberParseException:
            continue
    return False


def prepare() -> None:
    """Load the phone-number library and its countries' rules now (a report
    kernel's template does, so that no kernel forked from it loads them)."""
    redact(" ".join(f"+{_phonenumbers().country_code_for_region(r)} 20 0000 0000" for r in REGIONS))


@functools.cache
def _phonenumbers():
    """Imported on the first text with enough digits to hold a number (40 ms
    that a run with nothing to rebuild does not spend)."""
    import phonenumbers

    return phonenumbers


def _without_phone_numbers(text: str) -> str:
    library = _phonenumbers()
    spans: list[tuple[int, int]] = []
    # An underscore between digits ("07911_123456") is read as the space it
    # stands for; of the same length, so the matches' places hold in `text`.
    # Letters for digits are read as the digits they stand for, the same way.
    scanned = _lookalikes_read(re.sub(r"(?<=\d)[_\u00b7\u2027](?=\d)", " ", text))
    for region in REGIONS:
        matches = library.PhoneNumberMatcher(scanned, region, library.Leniency.POSSIBLE)
        for match in matches:
            if _is_phone_number(match, scanned):
                # "(07700 900123)": the bracket that opens a number is kept
                # when the one that closes it is not part of the match.
                unclosed = match.raw_string.startswith("(") and ")" not in match.raw_string
                spans.append((match.start + unclosed, match.end))
    if not spans:
        return text
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    for start, end in reversed(merged):
        text = text[:start] + REDACTED_PHONE + text[end:]
    return text


def _is_phone_number(match, text: str) -> bool:
    # Digits run into letters are part of a word or a code (a SHA-256, a
    # reference), not a number someone rings: libphonenumber checks this
    # only at stricter leniencies than the one used here.
    before, after = text[match.start - 1 : match.start], text[match.end : match.end + 1]
    if before.isalnum() or after.isalnum():
        return False
    library = _phonenumbers()
    if library.is_valid_number(match.number):
        return True
    # Digits of other scripts read as theirs ("٠٧٩١١..." starts with 0).
    written = "".join(
        str(unicodedata.decimal(c)) if c.isdecimal() else c for c in match.raw_string.lstrip("(")
    )
    digits = "".join(_DIGIT.findall(written))
    if written.startswith(("+", "0")):
        return len(digits) >= MIN_DIGITS
    if len(digits) == 10 and digits.startswith("7"):
        return True  # a UK mobile without its 0 ("7911 535353", an eighteenth outsider's)
    # A country's code written without its "+" ("447911 515151"), in a
    # range libphonenumber's metadata does not know yet (a seventeenth
    # outsider's M2): a run of 11 or more digits that makes a possible
    # number with a "+" is taken for one; few other numbers run so long.
    return len(digits) >= MIN_DIGITS + 2 and _possible_with_plus(digits)


def _possible_with_plus(digits: str) -> bool:
    library = _phonenumbers()
    try:
        return library.is_possible_number(library.parse("+" + digits, None))
    except library.NumberParseException:
        return False

"""Names as a reader lines them up across reports: an organisation's, an
activity's, a reach measure's (`membership`, `versions`, `reach_links`,
`linked`). Names that are two things to a reader may come out the same:
that only audits more together."""

from __future__ import annotations

import functools
import re
import unicodedata


def matching_name(text: str, asides: bool = True) -> str:
    """A name as a reader lines it up with another: case, accents,
    punctuation, hyphens and spaces, a plural, "&" or "+" for "and", "The",
    "Ltd", "Inc" and an aside in brackets aside, British and American
    spellings, "St" for "Saint", and letters of other alphabets that look
    alike ("Manor castle trust" and "The Manor Castle Trust Ltd (Sheffield)"
    are "Manor Castle Trust", "Walking groups" "Walking group", "Mens"
    "Men's", "Café" "Cafe", "Well-being" "Wellbeing"; strand rows spelled so
    were once never linked to the first area's). Names that are two things
    to a reader may come out the same: that only audits more together.
    `asides=False` keeps what is in brackets or after a comma, which tells
    reach measures apart ("Volunteers (under 18)", "Volunteers (18+)")."""
    text = text.translate(_LOOKALIKE_CAPITALS).casefold()
    text = unicodedata.normalize("NFKD", text).translate(_LOOKALIKE)
    text = "".join(_latin(c) for c in text if not unicodedata.combining(c))
    if asides:
        text = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", text)  # "(Sheffield)", "[north]"
        # What follows a comma, a colon or a dash between spaces: "Manor
        # Castle Trust, Sheffield", "Coaches trained - north", "...: county".
        text = re.split(r",|:|\s[-\u2013\u2014]\s", text)[0]
    text = re.sub(r"[&+]", " and ", text)
    # Letters with dots between them are one word ("C.I.O.", "o.o.").
    text = re.sub(r"\b(?:[^\W\d_]\.\s?){2,}", lambda m: re.sub(r"[.\s]", "", m[0]) + " ", text)
    # Apostrophes and hyphens join what they stand between ("men's",
    # "menʼs", "co-operative"); any other mark parts words.
    text = re.sub(r"[\-\u2010\u2011'\u2018\u2019\u02bc\uff07`\u00b4]", "", text)
    words = " ".join(re.findall(r"[^\W_]+", text))
    for form in _LEGAL_FORMS:  # "Manor Castle Community Interest Company"
        words = re.sub(rf"\b{form}\b", " ", words)
    return "".join(name_words(words))


def name_words(words: str) -> list[str]:
    """Words of a name, as `matching_name` leaves them, each as a reader
    reads it ("walks" "walk", "centre" "center"), without those that do not
    name anything."""
    return [_stem(word) for word in words.split() if word not in _NOT_NAMING]


def words_of(text: str) -> frozenset[str]:
    """The words of a name that say what it is, each stemmed, whatever is
    around them: "County coaches trained", "No. of coaches trained" and
    "Coaches trained - north" hold "coach" and "train"; "Walks", "Walking
    group" and "Health walks" hold "walk" (an eighteenth and a nineteenth
    outsider lined these up where no rule did)."""
    folded = unicodedata.normalize("NFKD", text.casefold()).translate(_LOOKALIKE)
    found = set()
    for word in re.findall(r"[^\W\d_]+", folded):
        stem = _stem(word)
        if len(stem) > 5 and stem.endswith(("ing", "ed")):  # "training", "trained"
            stem = stem.removesuffix("ing").removesuffix("ed")
        if stem not in _NOT_NAMING and stem not in _NOT_SAYING:
            found.add(stem)
    return frozenset(found)


# Words around what a measure or an activity is: "No. of", "number of",
# "all", "county", "group", "club", "session"...
_NOT_SAYING = frozenset(
    [
        "no",
        "number",
        "of",
        "all",
        "and",
        "for",
        "in",
        "at",
        "by",
        "county",
        "north",
        "south",
        "east",
        "west",
        "area",
        "strand",
        "total",
        "group",
        "club",
        "session",
        "class",
        "adult",
        "child",
        "people",
        "person",
        "a",
        "an",
    ]
)


@functools.lru_cache(maxsize=4096)
def _latin(letter: str) -> str:
    """A letter that Unicode names a form of a Latin one ("ᴍ", LATIN LETTER
    SMALL CAPITAL M, "ʀ", modifier letters), as that letter; anything else
    as it is."""
    if letter.isascii() or not letter.isalpha():
        return letter
    found = re.fullmatch(
        r"LATIN (?:SMALL |CAPITAL )?LETTER (?:SMALL CAPITAL |MODIFIER )?([A-Z])",
        unicodedata.name(letter, ""),
    )
    return found[1].lower() if found else letter


# Words that do not tell one organisation from another ("The Manor Castle
# Trust Ltd" is "Manor Castle Trust" to a reader): legal forms of the UK,
# Poland and Romania, written short.
_NOT_NAMING = frozenset(
    {
        "the",
        "ltd",
        "limited",
        "cic",
        "cio",
        "scio",
        "plc",
        "inc",
        "incorporated",
        "llp",
        "llc",
        "co",
        "company",
        "srl",
    }
)
# Legal forms written in full, read after the words are split.
_LEGAL_FORMS = (
    "community interest company",
    "and co",
    "(?:scottish )?charitable incorporated organi[sz]ation",
    "limited liability (?:partnership|company)",
    "sp z oo",
    "spolka z ograniczona odpowiedzialnoscia",
    "societate cu raspundere limitata",
)
# Capitals of other alphabets that look like Latin capitals ("Μanor" with a
# Greek Mu), read before case is folded: folded, they look like nothing.
_LOOKALIKE_CAPITALS = str.maketrans(
    "АВЕКМНОРСТХЅІЈΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
    "ABEKMHOPCTXSIJABEZHIKMNOPTYX",
)
# Letters of other alphabets that look like Latin ones ("Mаnor" with a
# Cyrillic a), and Latin letters that do not decompose into a plain one.
_LOOKALIKE = str.maketrans(
    "аеорсухіјѕԁһӏαοερτυνικłđøı",
    "aeopcyxijsdhlaoeptuvikldoi",
)
# Words written short or long ("St Mary's", "Saint Mary's").
_SHORT = {"saint": "st", "street": "st", "road": "rd", "avenue": "ave", "mount": "mt"}
# British endings as American ones ("centre", "colour", "organise").
_ENDINGS = (
    ("isation", "ization"),
    ("ised", "ized"),
    ("ising", "izing"),
    ("ise", "ize"),
    ("yse", "yze"),
    ("our", "or"),
    ("re", "er"),
)


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    word = _SHORT.get(word, word)
    for british, american in _ENDINGS:
        if len(word) > 4 and word.endswith(british):
            word = word[: -len(british)] + american
            break
    return word[:-1] if len(word) > 3 and word.endswith("e") else word

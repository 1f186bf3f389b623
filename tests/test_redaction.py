"""Contact details removed from free text (`pipeline.redaction`): phone
numbers as people in the UK, Poland and Romania write them and in
international format for any country, e-mail addresses however they are
disguised, and none of the numbers a report is made of."""

from __future__ import annotations

import pytest

from pipeline.redaction import REDACTED_EMAIL, REDACTED_PHONE, REDACTED_POSTCODE, redact

PHONE_NUMBERS = [
    "07700 900123",  # the UK's drama range: possible, never in use
    "+44 (0)114 496 0000",
    "0114-496-0000",
    "(+44) 7700 900 123",
    "07700.900.123",
    "07700/900123",
    "0 7 7 0 0 9 0 0 1 2 3",
    "512 345 678",  # Poland, national
    "+48 22 123 45 67",
    "0048 601 234 567",
    "0721 234 567",  # Romania, national
    "+40 21 312 3456",
    "021 312 3456",
    "+1 415 555 2671",  # anywhere, written with its country code
    "+33 1 23 45 67 89",
    "07911_123456",  # an underscore for a space
    "07911\u00b7223344",  # a middle dot
    "\u24ea\u2466\u2468\u2460\u2460 \u2464\u2464\u2465\u2465\u2466\u2466",  # circled digits
    # A thirteenth outsider's: letters typed for digits, and digits in words.
    "O7911 123456",
    "07911 l23456",
    "oh seven nine one one, one two three four five six",
    "zero seven nine one one 123456",
    "07911 123 four five six",
    "double oh seven nine one one, one two three four five six",
    # A fifteenth outsider's: numbers said in pairs, and in Polish and Romanian.
    "oh seven nine eleven, twelve thirty four fifty six",
    "zero seven nine double one, one twenty three, four five six",
    "zero siedem dziewięć jeden jeden jeden dwa trzy cztery pięć sześć",
    "zero șapte nouă unu unu unu doi trei patru cinci șase",
    # A seventeenth outsider's: in a range libphonenumber does not know yet,
    # with the country's code and no "+", or in Arabic-Indic digits.
    "447911515151",
    "44 7911 515151",
    "7911 535353",  # an eighteenth outsider's: a UK mobile without its 0
    # A twentieth outsider's: the same in words, and "nine hundred".
    "seven nine one one five one five one five one",
    "07700 nine hundred one two three",
    "٠٧٩١١٥٢٥٢٥٢",
]


@pytest.mark.parametrize("number", PHONE_NUMBERS)
def test_phone_numbers_of_the_communities_and_any_international_one_are_removed(number):
    assert redact(f"Ring {number} after six.") == f"Ring {REDACTED_PHONE} after six."


EMAILS = [
    "jo.bloggs@example.org",
    "jo@example.co.uk",
    "jo @ example.org",
    "jo\u200b@example.org",  # a zero-width space inside
    "jo&#64;example.org",  # an HTML entity, as typed into a spreadsheet cell
    "jo\\@example\\.org",  # backslash escapes
    "jo\uff20example\uff0eorg",  # full-width at sign and dot
    "jo at example dot com",
    "j o . b l o g g s @ e x a m p l e . o r g",  # a seventeenth outsider's, spaced out
    "Jo.Bloggs AT example DOT co DOT uk",
    "jo [at] example [dot] org",
    "jo(at)example(dot)org",
    "jo dot bloggs at example dot com",
    "jo.bloggs at example.org",
    "zażółć@przykład.pl",
    "jo.bloggs @ example . com",  # spaces round the symbols
    "jo.bloggs@example .com",
    "jo.bloggs[at]example[.]com",  # "defanged", as security advisories write them
    "jo.bloggs@example\u3002com",  # the ideographic full stop, a dot to IDNA
    "jo%40example.org",  # percent-encoded, as a mailto: link's target is
    # The next outsider's: a real @ with the dots spelled, lookalike dots,
    # a space after the dot, a doubled @, and other spellings.
    "ann.smith@example dot com",
    "bob.jones@example dot co dot uk",
    "cat.brown -at- example -dot- org",
    "jo.bloggs_at_example_dot_com",
    "jo.bloggs at example period com",
    "dan.green@example\ufe52com",
    "eve.white@example\u2024com",
    "fay.black@example\u00b7com",
    "hal.reed@example. com",
    "ivy.hill@@example.com",
    # A twelfth outsider's: a comma for the dot, circled and squared letters
    # a for the at sign, the dot as "full stop", no ending after the domain,
    # and an at sign percent-encoded twice.
    "kay.comma@example,com",
    "jo.bloggs\u24d0example.com",
    "jo.bloggs\U0001f130example.com",
    "jo.bloggs at example full stop com",
    "oli.gmail@gmail",
    "jo.bloggs%2540example.org",
    # A thirteenth outsider's: "at" and "dot" between other marks.
    "ann.hash #at# example #dot# com",
    "bea.star*at*example*dot*com",
    # A fifteenth outsider's: slashes and quotes, and a provider with no ending.
    "jo.slash/at/example/dot/org",
    "jo.curly\u2019at\u2019example\u2019dot\u2019org",
    "jo.gmail at gmail",
]


@pytest.mark.parametrize("address", EMAILS)
def test_email_addresses_are_removed_however_they_are_written(address):
    assert redact(f"Write to {address} today.") == f"Write to {REDACTED_EMAIL} today."


POSTCODES = ["S20 1AB", "NG20 8RY", "SW1A 1AA", "EC1A1BB", "M1 1AE", "DN55 1PT", "GIR 0AA"]
POSTCODES.append("S9-3AB")  # a twentieth outsider's: a hyphen for the space


@pytest.mark.parametrize("postcode", POSTCODES)
def test_full_postcodes_are_removed(postcode):
    """A seventeenth outsider saw postcodes published in prose."""
    assert redact(f"She lives at {postcode}, by the park.") == (
        f"She lives at {REDACTED_POSTCODE}, by the park."
    )


NOT_CONTACT_DETAILS = [
    "NG20 key workers in S20 and S21 met DN55 staff; E07000033, route B2, 3RD floor, A1 road",
    "In 2021-2022 we had 120 respondents and £75,000 from 01/11/2021 to 31/03/2022",
    "Grant 75000 over 2021 2022; 12 345 678 people",
    "Budget 2021/22: £12,345,678.90, 1,234,567 leaflets",
    "E07000033 against E92000001, release May 2019-20 and Nov 2020-21",
    "Monday 07:00-09:00, 1 Jan 2022, ids 1234567 8901234",
    "Find out more at www.nhs.uk or https://example.org",
    "We met at 10.30 at the hall. Then we walked at Shirebrook.",
    "Sessions at the hall . Then at home. 68% of 120 said so (100% of those asked).",
    "Well-at-ease walkers met at_home; first_at_last.",
    "Zażółć gęślą jaźń; Română; Eat, Drink & Move, Repeat",
    "Follow @bolsovertogether and #WeAreUndefeatable; 50% off, 2 for 1.",
    "One, two or three sessions a week in 2021 2022; 120 one-to-one chats, 45 two-hour walks.",
    "Lola, Ollie and Isla led 10 walks; room l01, block IO2, Oct 2021 to 31 Mar 2022.",
    "We walked twenty miles in thirty days with forty-five people; meet at live music.",
]


@pytest.mark.parametrize("text", NOT_CONTACT_DETAILS)
def test_the_figures_and_words_of_a_report_are_left_alone(text):
    assert redact(text) == text


def test_digits_inside_a_code_are_not_a_phone_number():
    digest = "153b22c51e999d1326922192dd22cc05ad7a20b923b32b7b206915b7fbd0a8cb"
    assert redact(f"Notebook SHA-256: {digest}") == f"Notebook SHA-256: {digest}"
    assert redact("ref AB07700900123X") == "ref AB07700900123X"


def test_a_percent_encoded_mailto_link_is_not_published():
    """An outsider's narrative linked "write to the coordinator" to
    mailto:jo.bloggs%40example.com, published as a working link."""
    from pipeline import markdown

    shown = markdown.safe_markdown("Please [write to us](mailto:jo.bloggs%40example.com).")
    assert "example" not in shown and "write to us" in shown


def test_the_words_before_an_address_with_its_dots_spelled_are_kept():
    """The spelled form once took "me at ann.smith" of the sentence below
    and left "@example dot com" published."""
    shown = redact("Mail me at ann.smith@example dot com today")
    assert shown == f"Mail me at {REDACTED_EMAIL} today"


def test_a_comma_after_an_address_is_the_sentence_s_not_the_address_s():
    assert redact("Mail jo@example.org, then call.") == f"Mail {REDACTED_EMAIL}, then call."
    assert redact("Mail jo@example,com today.") == f"Mail {REDACTED_EMAIL} today."


def test_at_and_dot_in_italics_are_read_as_the_words_they_show():
    """Markdown reads `*at*` as italics: the page showed "bea.star at
    example dot com", with "at" and "dot" slanted, and the text run
    together ("bea.staratexampledotcom") held no address to find."""
    from pipeline import markdown

    shown = markdown.safe_markdown("Write to bea.star*at*example*dot*com today.")
    assert "example" not in shown and "mail removed" in shown


def test_a_link_s_title_is_redacted():
    """A fifteenth outsider's narrative link carried "Ring Jo Bloggs on
    07911 222333 or jo.link@example.org" as its title, the tooltip a reader
    sees, published as typed."""
    from pipeline import markdown

    shown = markdown.safe_markdown(
        'See [our site](https://example.org "Ring 07911 222333 or jo.link@example.org").'
    )
    assert "222333" not in shown and "jo.link" not in shown and "our site" in shown

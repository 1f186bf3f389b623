"""Text on its way into a report: data values escaped, the evaluators'
Markdown made safe. Checked by rendering with pandoc and parsing the HTML,
which is what a browser would run."""

import re

import pytest
from bs4 import BeautifulSoup

from pipeline import markdown, pandoc
from pipeline.report import blocks

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[link](javascript:alert(1))",
    "[span]{onclick=alert(1)}",
    "[ok](https://example.org){onmouseover=alert(1)}",
    "# Heading {onclick=alert(1)}",
    "![tracker](https://evil.example/pixel.png)",
    "```{=html}\n<script>alert(1)</script>\n```",
    "`code`{=html}",
    "<div onclick=alert(1)>block</div>",
    "{{< include /etc/passwd >}}",
]


def rendered(source: str) -> BeautifulSoup:
    html = pandoc.run(source, ["--from", "markdown", "--to", "html5"])
    return BeautifulSoup(html, "html.parser")


def assert_inert(page: BeautifulSoup) -> None:
    assert page.find_all(["script", "img", "div", "iframe"]) == []
    for element in page.find_all(True):
        assert not [a for a in element.attrs if a.startswith("on")], element
        assert not element.get("href", "").lower().startswith("javascript:")


@pytest.mark.parametrize("source", HOSTILE)
def test_narrative_markdown_is_inert_even_for_a_reader_allowing_raw_html(source):
    # The full `markdown` reader above is what Quarto uses; ours is stricter.
    safe = markdown.safe_markdown(source)
    assert_inert(rendered(safe))


@pytest.mark.parametrize("source", HOSTILE)
def test_escaped_data_values_are_literal_text(source):
    page = rendered(markdown.escape(source))
    assert_inert(page)
    assert page.get_text().strip() == " ".join(source.split())


def test_raw_html_in_the_narrative_is_shown_as_text():
    page = rendered(markdown.safe_markdown("Hello <script>alert(1)</script> world"))
    assert "<script>alert(1)</script>" in page.get_text()


def test_narrative_keeps_its_formatting_links_and_accents():
    source = "## Heard\n\n*Zażółć* **Română** [site](https://example.org)\n\n- one\n- two\n"
    page = rendered(markdown.safe_markdown(source, under=2))
    assert page.find("h3").text == "Heard"
    assert page.find("em").text == "Zażółć" and page.find("strong").text == "Română"
    assert page.find("a")["href"] == "https://example.org"
    assert [li.text for li in page.find_all("li")] == ["one", "two"]


def test_narrative_headings_nest_under_their_section_and_never_skip_a_level():
    source = "# Top\n\n#### Deep\n\n###### Deeper\n\n> ## Quoted\n\n### Back"
    page = rendered(markdown.safe_markdown(source, under=2))
    levels = [(h.name, h.text) for h in page.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
    assert levels == [
        ("h3", "Top"),
        ("h4", "Deep"),
        ("h5", "Deeper"),
        ("h3", "Quoted"),
        ("h3", "Back"),
    ]
    assert markdown.safe_markdown("#### As written") == "#### As written"


def test_narrative_contact_details_are_redacted_and_images_described():
    safe = markdown.safe_markdown("Mail jo@example.org, ring 0114 496 0000. ![a map](map.png)")
    text = " ".join(rendered(safe).get_text().split())
    assert "example.org" not in text and "496" not in text
    assert "[e-mail removed]" in text and "[phone number removed]" in text
    assert "[image: a map]" in text


def test_a_table_escapes_its_cells():
    source = blocks.pipe_table(["Name", "n"], [["a|b <i>x</i>", "<5"]], [False, True])
    page = rendered(source)
    assert [td.text for td in page.find_all("td")] == ["a|b <i>x</i>", "<5"]
    assert page.find("i") is None


@pytest.mark.parametrize(
    ("columns", "row"),
    [
        (
            ["Recommendation", "Theme", "Timescale", "Owner", "Status now", "Status before"],
            [
                "Open the walking groups to carers and to the people they care for, from May",
                "Partnerships",
                "2019-20",
                "Steering Group",
                "in progress",
                "not listed",
            ],
        ),
        (
            ["Organisation", "Activity", "Sessions", "Participants", "Funding"],
            ["Pitsmoor Adventure Playground", "Family play sessions", "25", "<5", "£1,000"],
        ),
    ],
)
def test_a_wide_table_gives_every_word_its_room_and_the_long_column_the_rest(columns, row):
    """Pandoc shares a wide table's width by the rule's dashes, in the PDF,
    Word and HTML alike. Equal shares left a recommendation in a sixth of the
    page, its heading running into the next column's ("RecommendationTheme");
    shares by length alone broke short headings in Word ("Sessio|ns")."""
    page = rendered(blocks.pipe_table(columns, [row], [False] * len(columns)))
    shares = [float(re.search(r"([\d.]+)%", c["style"]).group(1)) for c in page.find_all("col")]
    assert sum(shares) == pytest.approx(100, abs=len(shares))  # each rounded down
    for share, cells in zip(shares, zip(columns, row, strict=True), strict=True):
        longest_word = max(len(w) for cell in cells for w in cell.split())
        assert share / 100 * blocks.LINE >= longest_word + 2, (cells, share)
    assert shares[0] == max(shares)
    # A narrow table is left to pandoc to fit as it is.
    assert blocks.pipe_table(["Band", "n"], [["None", "12"]], [False, True]).splitlines()[1] == (
        "|:---|---:|"
    )


@pytest.mark.parametrize(
    "source",
    [
        "Mail jo&#64;example.org today",  # an HTML entity
        "Mail jo\\@example\\.org today",  # backslash escapes
        "Mail `jo@example.org` today",  # a code span
        "Mail jo@*example*.org today",  # formatting inside the address
        "[Mail jo](mailto:jo@example.org) today",  # a link's target
        "Mail jo at\nexample dot org today",  # spelled out across a line break
        "Ring 07700\n900123 today",  # a number across a line break
        "![Ring 0721 234 567](photo.png) today",  # an image's description
        "```\nRing +48 22 123 45 67\n```",  # a code block
    ],
)
def test_contact_details_are_redacted_from_the_text_as_a_reader_sees_it(source):
    page = rendered(markdown.safe_markdown(source))
    text = " ".join(page.get_text().split())
    assert "removed]" in text or "mailto" in source
    for leak in ("jo@", "example", "07700", "900123", "0721", "234 567", "123 45 67"):
        assert leak not in str(page), (source, str(page))


def test_an_at_sign_before_a_name_is_text_not_a_citation():
    # Pandoc reads "@bob" as a citation, which typst cannot make a PDF of.
    html = pandoc.run(markdown.safe_markdown("Thanks to @bob"), ["--to", "html5"])
    assert "@bob" in BeautifulSoup(html, "html.parser").get_text()
    assert "cite" not in html


def test_escaped_values_are_redacted():
    assert markdown.escape("Ring 07700 900123") == "Ring \\[phone number removed\\]"

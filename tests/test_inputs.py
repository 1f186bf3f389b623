"""The inputs real reports need (contract section 5), from raw file through
real Great Expectations and processing to the report's words: months for
dates, amounts not stated, indicators' units, recommendations' theme and
timescale, partners' group. One Validator for the module: GX's import is the
slow part."""

from __future__ import annotations

import base64
import io
import shutil

import pypdf
import pytest
from bs4 import BeautifulSoup
from test_render import alt_texts

from pipeline import render
from pipeline.discover import AreaPeriod
from pipeline.process import process
from pipeline.processed import Processed
from pipeline.report.outline import Slot
from pipeline.report.sections.base import Inputs
from pipeline.report.sections.context import Context
from pipeline.report.sections.funding import Funding
from pipeline.report.sections.milestones import Milestones
from pipeline.report.sections.narrative import Narrative

AP = AreaPeriod("testarea", "2022-q1")


@pytest.fixture(scope="module")
def validator(tmp_path_factory):
    from conftest import make_project

    from pipeline.validate import Validator

    project = make_project(tmp_path_factory.mktemp("inputs"), "valid_survey")
    return project, Validator(project)


def run(validator, **files: str):
    """Write the files into the period, validate and process it."""
    project, checker = validator
    folder = project.raw_dir(AP.area, AP.period)
    for name in ("milestones.csv", "funding.csv", "indicators.csv"):
        (folder / name).unlink(missing_ok=True)
    for name, text in files.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    outcome = checker.validate(AP)
    if outcome.status.failed:
        return outcome, None
    return outcome, Processed(process(project, outcome))


def errors(outcome) -> list[str]:
    return [p.message for p in outcome.problems if p.level == "error"]


def said(block) -> str:
    return block.markdown.replace("\\", "") if hasattr(block, "markdown") else block.alt


def test_a_month_is_shown_as_a_month_never_with_a_false_day(validator):
    outcome, data = run(
        validator,
        milestones="date,milestone,status\n2022-01,Pots open,done\nMar 2022,Walks begin,\n"
        "2022-02-14,Launch,done\n",
        funding="source,amount_gbp,status,date\nCouncil,5000,secured,2022-02\n",
    )
    assert errors(outcome) == []
    frame = data.frame("milestones")
    assert list(frame["date_precision"]) == ["month", "month", "day"]
    milestones = Milestones(Inputs(data, 5))
    assert said(milestones.text()) == (
        "All three milestones, due between January 2022 and March 2022, were met."
    )
    assert [row[0] for row in milestones.table().rows] == [
        "January 2022",
        "14 February 2022",
        "March 2022",
    ]
    assert "Jan 2022: Pots open" in milestones.figure().svg or "<svg" in milestones.figure().svg
    assert Funding(Inputs(data, 5)).table().rows[0][3] == "February 2022"
    # A day at one end and a month at the other: both ends said as months.
    outcome, data = run(
        validator, milestones="date,milestone,status\nSep 2018,Pots open,done\n2019-04-29,Launch,\n"
    )
    said_now = said(Milestones(Inputs(data, 5)).text())
    assert said_now == ("Both milestones, due between September 2018 and April 2019, were met.")


def test_a_month_outside_the_period_is_a_warning_and_a_bad_month_an_error(validator):
    outcome, _ = run(
        validator, milestones="date,milestone\n2021-12,Before\n2022-03,In\n2022-13,Bad\n"
    )
    assert [e for e in errors(outcome) if "milestones.csv" in e] == [
        "data/raw/testarea/2022-q1/milestones.csv row 4, column date: expected a real date, "
        'written YYYY-MM-DD or DD/MM/YYYY, or a month written YYYY-MM, got "2022-13"'
    ]
    outside = [p.message for p in outcome.problems if "inside the reporting period" in p.message]
    assert len(outside) == 1 and "milestones.csv row 2, column date" in outside[0]


def test_an_amount_not_stated_is_said_so_and_never_added_in(validator):
    outcome, data = run(
        validator,
        funding="source,amount_gbp,status,date\nSport England,75000,secured,\n"
        "District council,,secured,2022-01\n",
    )
    assert errors(outcome) == []
    funding = Funding(Inputs(data, 5))
    assert said(funding.text()) == "£75,000 secured (and 1 more sum not stated)."
    assert [row[2] for row in funding.table().rows] == ["not stated", "£75,000"]


INDICATORS = "geography_code,geography_name,indicator,release,value,unit\n"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "E07000033,Bolsover,inactive_pct,2021,112,%",
            'expected a number from 0 to 100, as its unit is %, got "112"',
        ),
        (
            "E07000033,Bolsover,inactive_pct,2021,112,",
            'expected a number from 0 to 100, as its unit is %, got "112"',
        ),  # a blank unit is %
        (
            "E07000033,Bolsover,deaths,2021,140000,per 100,000",
            'expected a number from 0 to 100000, as its unit is per 100,000, got "140000"',
        ),
        (
            "E07000033,Bolsover,clubs,2021,2.5,count",
            'expected a whole number of at least 0, as its unit is count, got "2.5"',
        ),
        (
            "E07000033,Bolsover,clubs,2021,12,people",
            # a word no unit resembles is described, not quoted (quoting.sanitised)
            "expected one of: %, per 100,000, count, score, £, got [text of 6 characters]",
        ),
    ],
)
def test_an_indicator_s_value_is_checked_against_its_unit(validator, row, message):
    quoted = row.replace("per 100,000", '"per 100,000"')
    outcome, _ = run(validator, indicators=INDICATORS + quoted + "\n")
    assert any(e.endswith(message) and "row 2, column" in e for e in errors(outcome)), errors(
        outcome
    )


def test_indicators_in_any_unit_are_read_for_their_district(validator):
    rows = [
        "E07000033,Bolsover District,inactive_pct,May 2019-20,39.2,",
        "E07000033,Bolsover District,inactive_pct,May 2020-21,39.6,%",
        "E92000001,England,inactive_pct,May 2020-21,27.5,%",
        'E07000033,Bolsover District,covid_deaths,Jan 2021,290.8,"per 100,000"',
        'E07000033,Bolsover District,covid_deaths,Jan 2022,412.3,"per 100,000"',
        "E07000033,Bolsover District,wellbeing,2021,-1.5,score",
    ]
    outcome, data = run(validator, indicators=INDICATORS + "\n".join(rows) + "\n")
    assert errors(outcome) == []
    context = Context(Inputs(data, 5))
    text = said(context.text())
    assert (
        "Inactive adults: 39.6% in Bolsover District (May 2020-21), against 27.5% in England; "
        "up 0.4 percentage points since May 2019-20." in text
    )
    # A change is said in the indicator's unit ("up 121.5" said nothing of what).
    assert (
        "Covid deaths: 412.3 per 100,000 in Bolsover District (Jan 2022); "
        "up 121.5 per 100,000 since Jan 2021." in text
    )
    assert "Wellbeing: -1.5 in Bolsover District (2021)." in text
    assert "Test Town" not in text  # the pilot area's name is not the district's
    assert context.table().columns[2] == "Bolsover District"


# -- images ------------------------------------------------------------------------


def photo(path, with_gps: bool = True) -> bytes:
    """A JPEG as a phone would write it: EXIF with the camera's owner and GPS."""
    from PIL import Image as Pillow

    picture = Pillow.new("RGB", (64, 48), (200, 120, 40))
    exif = Pillow.Exif()
    exif[0x013B] = "Jo Bloggs"  # Artist
    if with_gps:
        exif[0x8825] = {1: "N", 2: (53.0, 10.0, 30.0), 3: "W", 4: (1.0, 15.0, 0.0)}
    picture.save(path, "JPEG", exif=exif.tobytes(), comment=b"taken at 12 High Street")
    return path.read_bytes()


def narrate(validator, body: str, **images: bytes):
    project, _ = validator
    folder = project.raw_dir(AP.area, AP.period)
    shutil.rmtree(folder / "images", ignore_errors=True)
    (folder / "images").mkdir()
    for name, data in images.items():
        (folder / "images" / name).write_bytes(data)
    (folder / "narrative.md").write_text(body, encoding="utf-8")
    return run(validator)


def test_a_photo_is_published_with_its_alt_text_and_without_its_metadata(validator, tmp_path):
    from PIL import Image as Pillow

    raw = photo(tmp_path / "walk.jpg")
    assert b"Jo Bloggs" in raw and b"High Street" in raw
    outcome, data = narrate(
        validator,
        "## Introduction\n\n![The Tuesday walk setting off](images/walk.jpg)\n",
        **{"walk.jpg": raw},
    )
    assert errors(outcome) == []
    stored = (data.folder / "images" / "walk.jpg").read_bytes()
    for secret in (b"Jo Bloggs", b"High Street", b"Exif", b"GPS"):
        assert secret not in stored
    with Pillow.open(io.BytesIO(stored)) as reopened:
        assert reopened.size == (64, 48) and not reopened.getexif()
    # Shown in the page (and the PDF) from the processed copy, with its alt text.
    words = Narrative(Inputs(data, 5, narrative=data.narrative(), images=data.images()))
    text = words.words_for(Slot("introduction", "Introduction"))
    assert text.startswith("![The Tuesday walk setting off](data:image/jpeg;base64,")
    out = render.render_builtin(notebook_showing(text), ("html", "pdf"))
    image = BeautifulSoup(out["html"], "html.parser").find("main").find("img")
    assert image["alt"] == "The Tuesday walk setting off"
    assert image["src"].startswith("data:image/jpeg;base64,")
    assert base64.b64decode(image["src"].split(",", 1)[1]) == stored
    reader = pypdf.PdfReader(io.BytesIO(out["pdf"]))
    assert len(reader.pages[0].images) == 1
    assert "The Tuesday walk setting off" in alt_texts(reader.trailer["/Root"]["/StructTreeRoot"])


def notebook_showing(markdown_text: str):
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_raw_cell("---\ntitle: 'Images'\nlang: en-GB\n---"),
        nbformat.v4.new_code_cell(
            "report.section()",
            outputs=[
                nbformat.v4.new_output(
                    "display_data", data={"text/markdown": f"## Introduction\n\n{markdown_text}"}
                )
            ],
        ),
    ]
    return nb


SVG_HEAD = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"'


def stored_svg(validator, svg: str) -> str:
    """The SVG as stored for publication, once a narrative showing it validated."""
    outcome, data = narrate(validator, "![A map](images/map.svg)\n", **{"map.svg": svg.encode()})
    assert errors(outcome) == []
    return (data.folder / "images" / "map.svg").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("svg", "refused"),
    [
        (f"{SVG_HEAD}><script>alert(1)</script></svg>", "with a <script> element"),
        (f'{SVG_HEAD}><rect width="4" height="4" onclick="x()"/></svg>', "with an onclick handler"),
        (
            f'{SVG_HEAD} xmlns:xlink="http://www.w3.org/1999/xlink"><image '
            'xlink:href="https://tracker.example/p.png"/></svg>',
            "links or loads anything outside",
        ),
        (
            f"{SVG_HEAD}><style>@import url(https://e.org/a.css);</style></svg>",
            "style loads anything outside",
        ),
        (
            '<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg"/>',
            "document type or entities",
        ),
        ("<html><body>not a drawing</body></html>", "is not an SVG drawing"),
    ],
)
def test_an_svg_that_could_run_or_fetch_anything_is_refused_in_one_line(validator, svg, refused):
    outcome, data = narrate(
        validator, "![A map](images/map.svg)\n", **{"map.svg": svg.encode("utf-8")}
    )
    assert data is None
    (message,) = errors(outcome)
    assert message.startswith("data/raw/testarea/2022-q1/images/map.svg: ") and refused in message


def test_an_svg_s_editor_metadata_is_dropped_and_its_drawing_kept(validator):
    svg = (
        f'{SVG_HEAD} xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" '
        'inkscape:export-filename="/home/jo/Desktop/map.png"><metadata><rdf>Jo Bloggs</rdf>'
        '</metadata><!-- drawn by Jo --><title>Partners</title><rect width="40" height="20" '
        'inkscape:label="Jo\'s box" fill="#0072B2"/></svg>'
    )
    stored = stored_svg(validator, svg)
    assert "Jo" not in stored and "home" not in stored and "metadata" not in stored
    assert "<title>Partners</title>" in stored and 'fill="#0072B2"' in stored


def test_contact_details_in_an_svg_s_words_are_redacted_and_its_drawing_kept(validator):
    """A fifteenth outsider's route map carried a phone number or an e-mail
    address in its <title>, <desc>, drawn <text>, an id and an aria-label,
    all published inside the page's picture."""
    svg = (
        f"{SVG_HEAD}><title>Route by jo.bloggs@example.org</title><desc>call 07911 654321"
        '</desc><text x="1" y="9">ring 07911 777888</text><rect id="jo.id@example.org" '
        'aria-label="07911 999000" width="40" height="20" d="M 0 7911 654321 1"/></svg>'
    )
    stored = stored_svg(validator, svg)
    for secret in ("example.org", "654321</desc>", "777888", "999000"):
        assert secret not in stored, secret
    assert stored.count("[phone number removed]") == 3 and "[e-mail removed]" in stored
    assert 'd="M 0 7911 654321 1"' in stored  # its geometry as drawn


def test_contact_details_drawn_in_pieces_in_an_svg_are_redacted(validator):
    """A sixteenth outsider's picture drew `07911 626262` and an address as
    pieces (<tspan>), as design tools write text: no piece is a phone number
    or an address, the line a reader sees is."""
    svg = (
        f'{SVG_HEAD}><text x="1" y="9">call 07911 <tspan>626</tspan><tspan>262</tspan></text>'
        '<text x="1" y="19">jo.split<tspan>@</tspan><tspan>example.org</tspan></text>'
        '<text x="1" y="29">0</text><text x="9" y="29">10</text><text x="19" y="29">20</text>'
        "</svg>"
    )
    stored = stored_svg(validator, svg)
    assert "626" not in stored and "example.org" not in stored
    assert "[phone number removed]" in stored and "[e-mail removed]" in stored
    assert ">0</text>" in stored and ">10</text>" in stored  # an axis's numbers as drawn


def test_contact_details_on_lines_of_an_svg_text_box_or_hidden_inside_are_redacted(validator):
    """A seventeenth outsider's: a text box of lines (one <tspan> each,
    nothing between, as Inkscape writes it) reading "Jo Bloggs" / "07911
    656" / "565", read run on as "Bloggs07911 656565", digits run into a
    word; and a number with a piece the page never draws inside it."""
    svg = (
        f'{SVG_HEAD}><text x="5" y="12"><tspan x="5" y="12">Jo Bloggs</tspan>'
        '<tspan x="5" y="24">07911 656</tspan><tspan x="5" y="36">565</tspan></text>'
        '<text x="5" y="48">Mobile<tspan x="5" y="60">07911</tspan><tspan x="5" y="72">676767'
        '</tspan></text><text x="5" y="84">ring 07911<tspan font-size="0">ext</tspan>696969'
        '</text><text x="5" y="96">Walks<tspan style="display: none">secret</tspan> weekly'
        "</text></svg>"
    )
    stored = stored_svg(validator, svg)
    for secret in ("656", "565", "676767", "696969", ">ext<", "secret"):
        assert secret not in stored, (secret, stored)
    assert stored.count("[phone number removed]") == 3
    assert ">Walks weekly</text>" in stored  # what is drawn around a hidden piece


def test_contact_details_in_words_placed_side_by_side_in_an_svg_are_redacted(validator):
    """A seventeenth outsider's: "07911" and "616161", and "jo.sbs" and
    "@example.org", each a <text> of its own on one line, as PDF and slide
    exports place words; an eighteenth's "Mobile: 07911" over "464646". An
    axis's numbers on one line stay as drawn."""
    svg = (
        f'{SVG_HEAD}><text x="40" y="10">616161</text><text x="5" y="10">call 07911</text>'
        '<text x="5" y="20">jo.sbs</text><text x="30" y="20">@example.org</text>'
        '<text x="0" y="30">0</text><text x="10" y="30">10</text><text x="20" y="30">20</text>'
        '<text x="30" y="30">30</text><text x="40" y="30">40</text><text x="50" y="30">50</text>'
        '<text x="5" y="40">Walks</text><text x="30" y="40">weekly</text>'
        '<text x="60" y="50">Mobile: 07911</text><text x="60" y="62">464646</text></svg>'
    )
    stored = stored_svg(validator, svg)
    for secret in ("616161", "07911", "example.org", "jo.sbs", "464646"):
        assert secret not in stored, (secret, stored)
    assert "[phone number removed]" in stored and "[e-mail removed]" in stored
    for tick in ("0", "10", "20", "30", "40", "50"):
        assert f">{tick}</text>" in stored
    assert ">Walks</text>" in stored and ">weekly</text>" in stored


def test_an_image_without_alt_text_or_file_fails_and_an_unused_one_is_a_warning(
    validator, tmp_path
):
    outcome, _ = narrate(
        validator,
        "![](images/walk.jpg) ![A map](images/map.png) ![Web](https://e.org/x.png)\n",
        **{"walk.jpg": photo(tmp_path / "w.jpg"), "spare.jpg": photo(tmp_path / "s.jpg")},
    )
    assert errors(outcome) == [
        "data/raw/testarea/2022-q1/narrative.md: the image images/walk.jpg has no alt text; say "
        "what it shows between the brackets, e.g. ![a map of the pilot's partners]"
        "(images/walk.jpg)",
        "data/raw/testarea/2022-q1/narrative.md: shows images/map.png, which is not in "
        "data/raw/testarea/2022-q1/images/; add the file or correct its name",
    ]
    warnings = [p.message for p in outcome.problems if p.level == "warning"]
    assert any("images/spare.jpg: the narrative does not show it" in w for w in warnings)
    assert any(
        "shows 'https://e.org/x.png', which is not in the period's images/" in w for w in warnings
    )
    # A photo renamed .png is not a PNG: refused rather than guessed at.
    outcome, _ = narrate(
        validator, "![A walk](images/walk.png)\n", **{"walk.png": photo(tmp_path / "x.jpg")}
    )
    assert errors(outcome) == [
        "data/raw/testarea/2022-q1/images/walk.png: is not a PNG image inside (it is JPEG); "
        "save it again with the right extension"
    ]
    narrate(validator, "")  # leave the module's project without images

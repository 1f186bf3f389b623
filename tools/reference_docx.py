"""Writes pipeline/templates/reference.docx, the styles pandoc gives the Word
report: pandoc's own reference document with the HTML report's look (Arial,
dark headings, tables with a rule under a shaded header row and light cell
borders, italic captions kept with what they caption, contents entries), on
A4 with the PDF's margins (pandoc takes the page from here; its own default
is US Letter). Run after editing:
`python -m tools.reference_docx`. The zip is written with fixed dates so
the committed file only changes when a style does."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

from pipeline import pandoc

TARGET = Path(__file__).resolve().parents[1] / "pipeline" / "templates" / "reference.docx"
TEXT, RULE, SHADE = "1A1A1A", "B1B4B6", "E8EEF2"

TABLE_STYLE = f"""<w:style w:type="table" w:default="1" w:styleId="Table">
    <w:name w:val="Table" />
    <w:basedOn w:val="TableNormal" />
    <w:qFormat />
    <w:tblPr>
      <w:tblInd w:w="0" w:type="dxa" />
      <w:tblBorders>
        <w:top w:val="single" w:sz="4" w:space="0" w:color="{RULE}" />
        <w:left w:val="single" w:sz="4" w:space="0" w:color="{RULE}" />
        <w:bottom w:val="single" w:sz="4" w:space="0" w:color="{RULE}" />
        <w:right w:val="single" w:sz="4" w:space="0" w:color="{RULE}" />
        <w:insideH w:val="single" w:sz="4" w:space="0" w:color="{RULE}" />
        <w:insideV w:val="single" w:sz="4" w:space="0" w:color="{RULE}" />
      </w:tblBorders>
      <w:tblCellMar>
        <w:top w:w="40" w:type="dxa" />
        <w:left w:w="108" w:type="dxa" />
        <w:bottom w:w="40" w:type="dxa" />
        <w:right w:w="108" w:type="dxa" />
      </w:tblCellMar>
    </w:tblPr>
    <w:tblStylePr w:type="firstRow">
      <w:rPr><w:b /></w:rPr>
      <w:tcPr>
        <w:tcBorders><w:bottom w:val="single" w:sz="12" w:space="0" w:color="{TEXT}" /></w:tcBorders>
        <w:shd w:val="clear" w:color="auto" w:fill="{SHADE}" />
        <w:vAlign w:val="bottom" />
      </w:tcPr>
    </w:tblStylePr>
  </w:style>"""


def styles(xml: str) -> str:
    xml = re.sub(
        r'<w:style w:type="table" w:default="1" w:styleId="Table">.*?</w:style>',
        TABLE_STYLE,
        xml,
        flags=re.S,
    )
    # Theme colours and fonts out, the report's in: headings in its text colour.
    xml = re.sub(
        r'<w:color w:val="[0-9A-F]{6}" w:themeColor="accent1"\s+w:themeShade="BF" />',
        f'<w:color w:val="{TEXT}" />',
        xml,
    )
    xml = re.sub(
        r"<w:rFonts w:asciiTheme=\"\w+\"\s+w:eastAsiaTheme=\"\w+\" w:hAnsiTheme=\"\w+\"\s+"
        r"w:cstheme=\"\w+\" />",
        '<w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial" />',
        xml,
    )
    xml = xml.replace(
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal">\n'
        '    <w:name w:val="Normal" />\n    <w:qFormat />',
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal">\n'
        '    <w:name w:val="Normal" />\n    <w:qFormat />\n'
        '    <w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial" />'
        f'<w:color w:val="{TEXT}" /><w:sz w:val="22" /><w:szCs w:val="22" /></w:rPr>',
    )
    xml = xml.replace(
        '<w:style w:type="paragraph" w:customStyle="1" w:styleId="ImageCaption">\n'
        '    <w:name w:val="Image Caption" />\n    <w:basedOn w:val="Caption" />',
        '<w:style w:type="paragraph" w:customStyle="1" w:styleId="ImageCaption">\n'
        '    <w:name w:val="Image Caption" />\n    <w:basedOn w:val="Caption" />\n'
        "    <w:pPr><w:keepNext /><w:keepLines /></w:pPr>",
    )
    return xml.replace("</w:styles>", TOC_ENTRY)


# A4 (11906 x 16838 twentieths of a point) with the PDF's margins: 2 cm and 2.2 cm.
PAGE = (
    '<w:pgSz w:w="11906" w:h="16838" />'
    '<w:pgMar w:top="1247" w:right="1134" w:bottom="1247" w:left="1134" w:header="709" '
    'w:footer="709" w:gutter="0" />'
)
TOC_ENTRY = """<w:style w:type="paragraph" w:styleId="TOC1">
    <w:name w:val="toc 1" />
    <w:basedOn w:val="Normal" />
    <w:next w:val="Normal" />
    <w:uiPriority w:val="39" />
    <w:unhideWhenUsed />
    <w:pPr><w:spacing w:before="0" w:after="60" /></w:pPr>
  </w:style>
</w:styles>"""


def page(xml: str) -> str:
    return xml.replace("<w:sectPr>", f"<w:sectPr>{PAGE}", 1)


def build() -> bytes:
    default = subprocess.run(
        [pandoc.path(), "--print-default-data-file", "reference.docx"],
        capture_output=True,
        check=True,
    ).stdout
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(default)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for name in sorted(source.namelist()):
            data = source.read(name)
            if name == "word/styles.xml":
                data = styles(data.decode("utf-8")).encode("utf-8")
            if name == "word/document.xml":
                data = page(data.decode("utf-8")).encode("utf-8")
            target.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data)
    return out.getvalue()


def main() -> int:
    TARGET.write_bytes(build())
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Text on its way into a published report. Everything the report says is
Markdown (pandoc's dialect, which Quarto also reads), so text from data is
escaped here, and the evaluators' own Markdown is rewritten here so that raw
HTML shows as text, links can only go to the web or e-mail, images cannot
make the page fetch anything, and contact details are redacted in the text
as parsed (so an entity, a backslash escape or a code span cannot hide an
address from `redaction`).

Pandoc does the parsing (pypandoc_binary ships it), because a sanitiser that
understands less Markdown than the renderer is a sanitiser with holes."""

from __future__ import annotations

import json
import re

from pipeline import pandoc
from pipeline.redaction import holds_contact_details, redact

# What our own renderer reads: pandoc Markdown without any way to pass raw
# markup through. The escaping below is what keeps Quarto (which does allow
# raw HTML) equally safe.
READER = "markdown" + "".join(
    f"-{extension}"
    for extension in (
        "raw_html",
        "raw_attribute",
        "raw_tex",
        "tex_math_dollars",
        "tex_math_single_backslash",
        "markdown_in_html_blocks",
        "native_divs",
        "native_spans",
        "fenced_divs",
        "bracketed_spans",
        "link_attributes",
        "header_attributes",
        "inline_code_attributes",
        "fenced_code_attributes",
        "implicit_figures",
        # `@name` would be a citation, which typst reads as a reference and
        # fails the PDF on ("the document does not contain a bibliography").
        "citations",
    )
)
# Elements whose first field (or, for headers, second) is an attribute
# block, which pandoc's HTML writer turns into HTML attributes (onclick=...).
_ATTR_AT = {
    "Header": 1,
    "Div": 0,
    "Span": 0,
    "Code": 0,
    "CodeBlock": 0,
    "Link": 0,
    "Table": 0,
    "Figure": 0,
}
NO_ATTR = ["", [], []]
_OURS = "markdown"  # raw Markdown only we create: user raw input is disabled above
_PUNCTUATION = set(r"""!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~""")
SAFE_LINK_SCHEMES = ("https://", "http://", "mailto:")


def escape(text: object) -> str:
    """Any value as literal Markdown text on one line, contact details
    redacted: every ASCII punctuation character is backslash-escaped, which
    pandoc defines as literal. Every text from data reaches a report through
    here, so every one of them is redacted."""
    flat = redact(" ".join(str(text).split()))
    return "".join("\\" + c if c in _PUNCTUATION else c for c in flat)


def safe_markdown(text: str, under: int = 0, images: dict | None = None) -> str:
    """The evaluators' Markdown, made safe to publish (see module docstring).
    With `under`, the text sits under a heading of that level: its own
    headings go below it and never skip a level (`###` then `#####` becomes
    `###` then `####`), which tagged PDFs and screen readers need. `images`
    are the period's own images, cleaned (`raw.images`), as data URIs by the
    target the narrative uses ("images/map.png"): those, and only those, are
    shown as images; any other image is shown as its description."""
    tree = json.loads(pandoc.run(text, ["--from", READER, "--to", "json"]))
    tree["blocks"] = _walk(_redacted(tree["blocks"]), images or {})
    if under:
        _nest_headings(tree["blocks"], under)
    # Pipe tables only: the indented kinds can fold into a preceding list.
    writer = "markdown-simple_tables-multiline_tables-grid_tables"
    args = ["--from", "json", "--to", writer, "--wrap=none"]
    return pandoc.run(json.dumps(tree), args).strip()


def _nest_headings(node, under: int, last: list[int] | None = None) -> None:
    """Every heading, in document order, at least one level below `under`
    and at most one below the heading before it."""
    last = last if last is not None else [under]
    if isinstance(node, list):
        for item in node:
            _nest_headings(item, under, last)
    elif isinstance(node, dict):
        if node.get("t") == "Header":
            level = max(under + 1, min(node["c"][0], last[0] + 1, 6))
            node["c"][0] = last[0] = level
        elif isinstance(node.get("c"), list):
            _nest_headings(node["c"], under, last)


_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)


def strip_comments(text: str) -> str:
    """HTML comments removed: the narrative template's guidance, and anything
    an evaluator hid in one, is never published (an unclosed comment hides
    the rest of the text, as it would in a browser)."""
    return _COMMENT.sub("", text)


def inline_text(inlines, apart: str = "") -> str:
    """The plain text of a list of pandoc inline elements; `apart` between
    a formatted element and the text either side of it."""
    parts = []
    for item in inlines:
        kind = item.get("t")
        if kind == "Str":
            parts.append(item["c"])
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            parts.append(" ")
        elif kind in ("Code", "Math"):
            parts.append(apart + item["c"][1] + apart)
        elif kind in ("Link", "Image"):  # attributes, text, target: the text
            parts.append(apart + inline_text(item["c"][1], apart) + apart)
        elif isinstance(item.get("c"), list):
            content = item["c"]
            if not all(isinstance(c, dict) for c in content):  # Quoted, Span, Cite: the last list
                nested = [c for c in content if isinstance(c, list)]
                content = nested[-1] if nested else []
            parts.append(apart + inline_text(content, apart) + apart)
    return "".join(parts)


# Pandoc's inline elements: a list of these is a run of text to redact as one.
_INLINES = {
    "Str",
    "Emph",
    "Underline",
    "Strong",
    "Strikeout",
    "Superscript",
    "Subscript",
    "SmallCaps",
    "Quoted",
    "Cite",
    "Code",
    "Space",
    "SoftBreak",
    "LineBreak",
    "Math",
    "RawInline",
    "Link",
    "Image",
    "Note",
    "Span",
}
_WORDS = {"Str", "Space", "SoftBreak"}


def _redacted(node):
    """Contact details removed from the parsed document: from each run of
    words (an address or a number can span several), code, link targets, and,
    when one spans formatting (`jo@*example*.org`), from the paragraph's plain
    text, which then replaces its formatting."""
    if isinstance(node, list):
        if node and all(isinstance(i, dict) and i.get("t") in _INLINES for i in node):
            return _redacted_inlines(node)
        return [_redacted(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _redacted(value) for key, value in node.items()}
    kind = node.get("t")
    if kind in ("Code", "CodeBlock"):
        node["c"] = [node["c"][0], redact(node["c"][1])]
    elif kind == "Link" and redact(node["c"][2][0]) != node["c"][2][0]:
        return {"t": "Span", "c": [NO_ATTR, node["c"][1]]}  # a mailto: or ?email= link
    elif kind in ("Link", "Image"):
        # Its title, the tooltip a reader sees on hovering: "Ring Jo on
        # 07911 222333" was published there.
        target, title = node["c"][2]
        node["c"][2] = [target, redact(title)]
    return node


def _redacted_inlines(inlines: list) -> list:
    inlines = [_redacted(item) for item in inlines]
    out: list = []
    run: list = []
    for item in [*inlines, None]:
        if item is not None and item["t"] in _WORDS:
            run.append(item)
            continue
        text = "".join(i["c"] if i["t"] == "Str" else " " for i in run)
        out += _words(redact(text)) if run and holds_contact_details(text) else run
        run = []
        if item is not None:
            out.append(item)
    # Formatting read as running on (`jo@*example*.org`), or as words of
    # their own ("bea.star*at*example*dot*com" shows "at" and "dot" in italics).
    for plain in (inline_text(out), inline_text(out, apart=" ")):
        if holds_contact_details(plain):
            return _words(redact(plain))
    return out


def _words(text: str) -> list:
    """Text as pandoc's inlines: words and the spaces between them."""
    inlines: list = []
    for word in re.split(r"(\s+)", text):
        if word.isspace():
            inlines.append({"t": "Space"})
        elif word:
            inlines.append({"t": "Str", "c": word})
    return inlines


def images(text: str) -> list[tuple[str, str]]:
    """Every image the Markdown shows, as (target, alt text), in order."""
    found: list[tuple[str, str]] = []

    def visit(node) -> None:
        if isinstance(node, list):
            for item in node:
                visit(item)
        elif isinstance(node, dict):
            if node.get("t") == "Image":
                _, alt, (target, _) = node["c"]
                found.append((target, inline_text(alt)))
            visit(node.get("c"))

    visit(json.loads(pandoc.run(text, ["--from", READER, "--to", "json"]))["blocks"])
    return found


def _walk(node, images: dict):
    """Bottom-up, so that what _safe_element builds is never visited again."""
    if isinstance(node, list):
        return [_walk(item, images) for item in node]
    if isinstance(node, dict):
        walked = {key: _walk(value, images) for key, value in node.items()}
        return _safe_element(walked, images) if "t" in walked else walked
    return node


def _safe_element(element: dict, images: dict) -> dict:
    kind = element["t"]
    if kind in _ATTR_AT:
        element = {"t": kind, "c": list(element["c"])}
        element["c"][_ATTR_AT[kind]] = NO_ATTR
    if kind == "RawInline" and element["c"][0] == _OURS:
        return element
    if kind in {"Str", "Code", "RawInline"}:
        # Pandoc's Markdown writer does not escape everything its reader (or
        # Quarto's, with shortcodes and attributes) would interpret, so every
        # piece of literal text is written pre-escaped.
        text = element["c"] if kind == "Str" else element["c"][1]
        return _literal(text)
    if kind in {"CodeBlock", "RawBlock"}:
        lines = element["c"][1].splitlines() or [""]
        inlines = [_literal(lines[0])]
        for line in lines[1:]:
            inlines += [{"t": "LineBreak"}, _literal(line)]
        return {"t": "Para", "c": inlines}
    if kind == "Link":
        _, content, (target, _) = element["c"]
        if not target.lower().startswith(SAFE_LINK_SCHEMES):
            return {"t": "Span", "c": [NO_ATTR, content]}
        return element
    if kind == "Image":
        _, content, (target, _) = element["c"]
        described = any(i.get("t") == "RawInline" and i["c"][1].strip() for i in content)
        if target in images and described:
            # One of the period's own images, cleaned, inside the page: its
            # alt text is the description (already made literal above).
            return {"t": "Image", "c": [NO_ATTR, content, [images[target], ""]]}
        # Anything else would make the page call out (a published report
        # opens offline and fetches nothing), so it becomes its description.
        described = [_literal("[image:"), {"t": "Space"}, *content, _literal("]")]
        return {"t": "Span", "c": [NO_ATTR, described]}
    return element


def _literal(text: str) -> dict:
    return {"t": "RawInline", "c": [_OURS, escape(text)]}

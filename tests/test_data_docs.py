"""The Great Expectations Data Docs site (pipeline/validate/data_docs.py and
offline.py) works offline: in a real Chromium with the network shut, every
page is styled, runs its scripts without an error, requests nothing outside
the site, and the index lists its pages."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import great_expectations
import pytest

from pipeline.validate import offline

pytestmark = pytest.mark.slow  # a real browser


@pytest.fixture(scope="module")
def validated(tmp_path_factory):
    """Two area-periods validated by the real `learnrep validate` (one fails)."""
    from conftest import learnrep, make_project

    root = tmp_path_factory.mktemp("docs")
    project = make_project(root, "valid_survey", "out_of_range_confidence")
    assert learnrep(root, "validate").returncode == 1  # the second fails, as it should
    return project


@pytest.fixture(scope="module")
def site(validated):
    return validated.data_docs


GX_TEMPLATES = Path(great_expectations.__file__).parent / "render" / "view" / "templates"
CDN = re.compile(r"""(?:src|href)="(https://[^"]+)"(?:\s+integrity="([^"]+)")?""")


def test_every_file_gx_loads_from_a_cdn_is_vendored_and_is_the_file_it_names():
    """A new GX naming another CDN file fails here; where GX's page gives a
    file's hash (integrity), the copy must be that very file."""
    named = {
        match[1]: match[2]
        for template in GX_TEMPLATES.glob("*.j2")
        for match in CDN.finditer(template.read_text(encoding="utf-8"))
        if not re.match(r"https://(docs\.)?greatexpectations\.io", match[1])
    }
    assert len(named) >= 14
    assert set(named) <= set(offline.LOCAL), set(named) - set(offline.LOCAL)
    for url, integrity in named.items():
        copy = offline.VENDOR / offline.LOCAL[url]
        assert copy.is_file(), copy
        if integrity:
            algorithm, digest = integrity.split("-", 1)
            found = base64.b64encode(hashlib.new(algorithm, copy.read_bytes()).digest()).decode()
            assert found == digest, f"{copy.name} is not the file {url} names"
    assert (offline.VENDOR / "README.md").is_file()


def test_a_warning_reads_as_a_warning_in_the_data_docs(site, validated):
    """GX's pages mark every unmet expectation with a red cross whatever its
    severity; a newcomer steward read a warning as a failure. A warning's
    description says it is one, on every result page; an error's does not;
    the steward's own page, whose level has a column, lists it without."""
    pages = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    assert "Warning only (the report is still made): the file has only the contract" in pages
    # An error ("column x is in the file") reads as it did.
    assert "Warning only (the report is still made): column" not in pages
    steward = (validated.root / "validation" / "index.html").read_text(encoding="utf-8")
    assert "Warning only" not in steward


def test_no_page_names_a_resource_outside_the_site(site):
    """Links to GX's own web pages may stay (they are followed only when
    clicked); nothing the page loads by itself may be remote."""
    loaded = re.compile(
        r"""(?:<script[^>]+src|<link[^>]+href|<img[^>]+src|url\()\s*=?\s*["']?(https?:[^"')\s]+)"""
    )
    pages = list(site.rglob("*.html"))
    assert len(pages) >= 4
    remote = {m[1] for page in pages for m in loaded.finditer(page.read_text(encoding="utf-8"))}
    assert remote == set()


def test_the_site_is_styled_and_its_index_lists_its_pages_with_the_network_off(browser, site):
    context = browser.new_context(offline=True)
    requested: list[str] = []
    context.route(
        "**/*",
        lambda route: (
            requested.append(route.request.url),
            route.continue_() if route.request.url.startswith("file:") else route.abort(),
        ),
    )
    problems: list[str] = []
    page = context.new_page()
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))

    page.goto((site / "index.html").as_uri(), wait_until="load")
    assert page.evaluate("() => typeof window.jQuery === 'function'")
    assert page.evaluate("() => typeof window.jQuery.fn.bootstrapTable === 'function'")
    assert page.evaluate("() => typeof window.vegaEmbed === 'function'")
    # Bootstrap's stylesheet is applied: its grid and navigation bar are flex boxes
    # (unstyled, both are plain blocks).
    shown = page.evaluate(
        "() => ['.row', '.navbar'].map(s => getComputedStyle(document.querySelector(s)).display)"
    )
    assert shown == ["flex", "flex"]
    # bootstrap-table builds the lists of results from the page's data.
    listed = " ".join(page.locator("table tbody tr").all_inner_texts())
    assert "testarea.2022-q1" in listed and "testarea.2022-q2" in listed, listed
    assert page.locator("table tbody tr").count() >= 4  # two results, two suites
    # Font Awesome's font is loaded from the site.
    fonts = page.evaluate(
        "async () => { await document.fonts.ready; return [...document.fonts]"
        ".filter(f => f.status === 'loaded').map(f => f.family) }"
    )
    assert any("Font Awesome" in family for family in fonts), fonts

    for other in (
        sorted(site.glob("validations/**/*.html"))[:2]
        + sorted(site.glob("expectations/*.html"))[:1]
    ):
        page.goto(other.as_uri(), wait_until="load")
        assert page.evaluate("() => typeof window.jQuery === 'function'"), other
    assert problems == []
    assert [url for url in requested if not url.startswith("file:")] == []
    context.close()


def test_the_stewards_own_pages_work_with_the_network_off(browser, validated):
    context = browser.new_context(offline=True)
    requested: list[str] = []
    context.route("**/*", lambda route: (requested.append(route.request.url), route.continue_()))
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    for path in (
        validated.validation / "index.html",
        validated.steward_dir("testarea", "2022-q2") / "validation.html",
    ):
        page.goto(path.as_uri(), wait_until="load")
        assert "confidence_after" in page.inner_text("main"), path
    # Each page is one self-contained file: nothing else is requested.
    assert problems == [] and len(requested) == 2, requested
    context.close()

"""Every published page of the built sample in a real headless Chromium:
axe-core's WCAG 2.0/2.1/2.2 A and AA rules, reflow at 320 CSS pixels (what a
1280-pixel window shows at 400% zoom), keyboard use, console errors and
failed requests, and a full-page screenshot of each report. Chromium is the
system's (Debian's `chromium`); Playwright drives it and never downloads one.
Also: the chart palette's contrast, computed from the colours themselves."""

import os
from pathlib import Path

import axe_playwright_python
import pytest
from conftest import SAMPLE_AREA_PERIODS

from pipeline.report import charts

# A full sample build, a real browser, DVC or the reliability suite: not in make test-fast.
pytestmark = pytest.mark.slow

AXE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
REPORTS = SAMPLE_AREA_PERIODS


def pages(project) -> list[Path]:
    reports = project.reports
    found = [reports / "index.html", *sorted((reports / "programme").glob("*.html"))]
    for area, period in REPORTS:
        found += [
            reports / area / period / "learning-report.html",
            reports / area / period / "notebook.html",  # the working, for analysts
            project.steward_dir(area, period) / "validation.html",
        ]
    return [*found, project.validation / "index.html"]


def open_page(browser, path: Path, width: int = 1280):
    page = browser.new_page(viewport={"width": width, "height": 900})
    problems: list[str] = []

    def console(message) -> None:
        if message.type == "error":
            problems.append(f"console error: {message.text}")

    page.on("console", console)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("requestfailed", lambda request: problems.append(f"failed request: {request.url}"))
    page.goto(path.as_uri(), wait_until="load")
    return page, problems


def test_every_page_passes_axe_with_no_serious_or_critical_violation(browser, sample_built):
    project, _ = sample_built
    checked = pages(project)
    assert len(checked) == 1 + 3 + 3 * len(REPORTS) + 1  # and the steward's index
    report = {}
    for path in checked:
        page, problems = open_page(browser, path)
        page.add_script_tag(content=AXE)
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA
        )
        assert result["passes"], f"axe ran no rule on {path}"
        serious = [
            f"{v['id']} ({v['impact']}): {v['nodes'][0]['html'][:120]}"
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        name = path.relative_to(project.root).as_posix()
        report[name] = serious + problems
        page.close()
    assert {name: found for name, found in report.items() if found} == {}


def test_pages_reflow_at_400_percent_zoom_without_sideways_scrolling(browser, sample_built):
    project, _ = sample_built
    for path in pages(project):
        page, _ = open_page(browser, path, width=320)
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1], f"{path.name} is {widths[0]}px wide at 320px"
        page.close()


def test_the_report_is_usable_by_keyboard_and_screenshots_are_taken(
    browser, sample_built, tmp_path
):
    project, _ = sample_built
    shots = Path(os.environ.get("LEARNREP_SCREENSHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    for area, period in REPORTS:
        path = project.report_dir(area, period) / "learning-report.html"
        page, problems = open_page(browser, path)
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.className") == "skip-link"
        page.keyboard.press("Enter")
        assert page.evaluate("() => location.hash") == "#main"
        toc = page.locator("nav.toc a")
        assert toc.count() >= 5
        for i in range(toc.count()):
            target = toc.nth(i).get_attribute("href")
            assert target.startswith("#") and page.locator(target).count() == 1, target
        assert page.locator("h1").count() == 1
        levels = page.evaluate(
            "() => [...document.querySelectorAll('main h1, main h2, main h3, main h4')]"
            ".map(h => Number(h.tagName[1]))"
        )
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels
        picture = shots / f"{area}-{period}.png"
        page.screenshot(path=str(picture), full_page=True)
        assert picture.stat().st_size > 50_000
        assert page.evaluate("() => document.documentElement.scrollHeight") > 3 * 900
        assert problems == []
        page.close()


# Every word of four letters or more in the report's text, and whether the
# browser laid it out on more than one line; and every chart's scale.
SMALL_SCREEN = r"""() => {
  const broken = [];
  const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    for (const m of node.data.matchAll(/\S+/g)) {
      if (/[0-9a-f]{16}/.test(m[0])) continue;  // a SHA-256 may break anywhere
      const word = m[0].match(/[A-Za-z\u00c0-\u017f'\u2019]{4,}/);
      if (!word) continue;
      const range = document.createRange();
      range.setStart(node, m.index + word.index);
      range.setEnd(node, m.index + word.index + word[0].length);
      const lines = new Set([...range.getClientRects()].filter(r => r.width > 0)
                                                        .map(r => Math.round(r.top)));
      if (lines.size > 1) broken.push(word[0]);
    }
  }
  const scales = [...document.querySelectorAll('figure img')].map(
    i => [i.getAttribute('alt'), i.getBoundingClientRect().width / i.naturalWidth]);
  return [broken, scales];
}"""
SMALLEST_CHART_TEXT_PX = 9 * 4 / 3  # 9pt, the smallest text a chart draws, in CSS pixels


def test_on_a_375_pixel_screen_no_word_breaks_and_chart_text_stays_readable(browser, sample_built):
    """At a phone's width, table cells once broke words mid-way ("withhel|d")
    and charts shrank their text to 5-6 pixels."""
    project, _ = sample_built
    scrolling = 0
    for area, period in REPORTS:
        path = project.report_dir(area, period) / "learning-report.html"
        page, _ = open_page(browser, path, width=375)
        broken, scales = page.evaluate(SMALL_SCREEN)
        assert broken == [], f"{area}/{period}: words broken across lines: {broken[:10]}"
        for alt, scale in scales:
            assert SMALLEST_CHART_TEXT_PX * scale >= 9, f"{area}/{period}: {scale:.2f} ({alt})"
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1]  # the page itself never scrolls sideways
        # A table that scrolls says so: shadows that stay with its region,
        # covers that scroll with the table (none of it at 375 px once).
        cues = page.evaluate(
            "() => [...document.querySelectorAll('.table-scroll')]"
            ".filter(r => r.scrollWidth > r.clientWidth).map(r => getComputedStyle(r))"
            ".map(s => [s.backgroundImage.split('gradient').length - 1, s.backgroundAttachment])"
        )
        for gradients, attachment in cues:
            assert gradients == 4 and attachment == "local, local, scroll, scroll", cues
        scrolling += len(cues)
        page.close()
    assert scrolling, "no table scrolls at 375 px, so the cue was never checked"


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_chart_colours_meet_3_to_1_against_the_background_and_each_other():
    white = "#FFFFFF"
    assert contrast(charts.SINGLE, white) >= 3
    assert contrast(charts.LINES[0], white) >= 3 and contrast(charts.LINES[1], white) >= 3
    dark, light = charts.PAIR
    assert contrast(dark, white) >= 3
    assert contrast(dark, light) >= 3  # neighbouring bars
    # The light bar is below 3:1 on white, so its outline carries the boundary.
    assert contrast(light, white) < 3 and contrast(charts.EDGE, white) >= 3
    assert contrast(charts.EDGE, light) >= 3


def test_the_programme_overview_shows_every_column_at_1280_pixels(browser, sample_built):
    """Its ten-column table used to run past its 960-pixel container, the
    last column hidden behind a scroll bar."""
    project, _ = sample_built
    overviews = sorted((project.reports / "programme").glob("*.html"))
    assert overviews
    for path in overviews:
        page, _ = open_page(browser, path, width=1280)
        region = page.evaluate(
            "() => { const r = document.querySelector('.wide');"
            " return [r.scrollWidth, r.clientWidth] }"
        )
        assert region[0] <= region[1], f"{path.name}: the table is {region[0]}px in {region[1]}px"
        page.close()

"""A run through the real CLI when things go wrong: a notebook that raises,
and text in the data and narrative written to attack the page."""

import json
import shutil

import nbformat
import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES, assert_no_traceback, learnrep

from pipeline.publish import superseded

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(1)>"


# A full sample build, a real browser, DVC or the reliability suite: not in make test-fast.
pytestmark = pytest.mark.slow


def test_a_failing_notebook_marks_only_its_area_period_failed_and_keeps_the_last_good_report(
    project_with,
):
    project = project_with("valid_survey")
    shutil.copytree(FIXTURES / "valid_survey", project.raw_dir("testarea", "2022-q2"))
    first = learnrep(project.root, "run", "--format", "html")
    assert first.returncode == 0, first.stderr
    good = project.report_dir("testarea", "2022-q1") / "learning-report.html"
    good_bytes = good.read_bytes()

    # The notebook now fails for 2022-q1 only, with words that name this
    # machine's folder and quote a row of the raw data.
    path = project.root / "notebooks" / "learning-report.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(
        3,
        nbformat.v4.new_code_cell(
            'if period == "2022-q1":\n    import os\n'
            '    row = open(f"data/raw/{area}/{period}/survey.csv").read().splitlines()[1]\n'
            '    raise ValueError(f"no survey weights in {os.getcwd()} for {row}")'
        ),
    )
    nbformat.write(nb, path)
    second = learnrep(project.root, "run", "--format", "html")

    assert second.returncode == 1
    assert_no_traceback(second)
    line = next(x for x in second.stdout.splitlines() if "FAILED  testarea/2022-q1" in x)
    assert "failed execution" in line and "raised ValueError; what ran" in line
    assert line.endswith("is in validation/testarea/2022-q1/learning-report.failed.ipynb")
    assert "ok      testarea/2022-q2" in second.stdout
    # Nothing shown or published carries the error's words, a traceback or a
    # path of this machine: the console, the build record, reports/.
    shown = second.stdout + second.stderr + learnrep(project.root, "list").stdout
    shown += "".join(
        p.read_text(errors="replace") for p in project.reports.rglob("*") if p.is_file()
    )
    row = (project.raw_dir("testarea", "2022-q1") / "survey.csv").read_text().splitlines()[1]
    for leak in (str(project.root), row[:15], "Traceback", "/tmp/"):
        assert leak not in shown, leak
    assert not list(project.reports.rglob("*.failed.ipynb"))
    # The last good report stays as it was, with a banner saying it is superseded.
    kept = good.read_text()
    assert superseded.BANNER.sub("", kept).encode() == good_bytes
    banner = BeautifulSoup(kept, "html.parser").find(class_="superseded")
    assert banner["role"] == "alert" and "Superseded: this period's data or code" in banner.text
    assert "(failed execution)" in banner.text
    failed = project.steward_dir("testarea", "2022-q1") / "learning-report.failed.ipynb"
    outputs = [o for c in json.loads(failed.read_text())["cells"] for o in c.get("outputs", [])]
    assert any(o.get("ename") == "ValueError" for o in outputs)  # the team has the detail

    index = BeautifulSoup((project.reports / "index.html").read_text(), "html.parser")
    sections = index.find_all("section")
    assert sections[0].find(class_="status").text == "failed execution"
    assert "superseded" in sections[0].get_text()
    said = " ".join(sections[0].get_text().split())
    assert "The report could not be built (1 problem); the evaluation team has the details" in said
    assert "no survey weights" not in said and "ValueError" not in said
    links = [a["href"] for a in sections[0].find_all("a")]
    assert not [link for link in links if "failed" in link]
    assert sections[1].find(class_="status").text == "up to date"

    # A good build replaces the report: no banner any more.
    nb.cells.pop(3)
    nbformat.write(nb, path)
    third = learnrep(project.root, "run", "--format", "html")
    assert third.returncode == 0, third.stdout
    assert not failed.exists()  # the failure is over
    assert "superseded" not in good.read_text()


def test_hostile_text_in_names_and_narrative_is_shown_never_run(project_with):
    project = project_with("valid_survey")
    area = project.raw_dir("testarea") / "area.yml"
    area.write_text(area.read_text().replace("Test Town", f"Test Town {HOSTILE}"))
    (project.raw_dir("testarea", "2022-q1") / "narrative.md").write_text(
        f"---\nsummary: 'Summary {HOSTILE}'\n---\n\n## What we heard {HOSTILE}\n\n"
        f"Contact jo.bloggs@example.org or 07700 900123. {HOSTILE}\n\n"
        "[click](javascript:alert(1)) [span]{onclick=alert(1)}\n",
        encoding="utf-8",
    )
    result = learnrep(project.root, "run")
    assert result.returncode == 0, result.stdout + result.stderr
    folder = project.report_dir("testarea", "2022-q1")
    for page_path in (
        folder / "learning-report.html",
        project.reports / "index.html",
        project.steward_dir("testarea", "2022-q1") / "validation.html",
    ):
        page = BeautifulSoup(page_path.read_text(), "html.parser")
        assert page.find_all("script") == [], page_path
        assert all(i["src"].startswith("data:") for i in page.find_all("img")), page_path
        for element in page.find_all(True):
            assert not [a for a in element.attrs if a.startswith("on")], (page_path, element)
            assert not element.get("href", "").startswith("javascript:"), page_path
        assert "Test Town <script>alert(1)</script>" in page.get_text(), page_path
    report = BeautifulSoup((folder / "learning-report.html").read_text(), "html.parser")
    text = report.get_text()
    assert "What we heard <script>alert(1)</script>" in text
    assert "Summary <script>" in text
    assert "example.org" not in text and "900123" not in text
    assert "[e-mail removed]" in text and "[phone number removed]" in text
    notebook = (folder / "learning-report.ipynb").read_text()
    assert "example.org" not in notebook and "900123" not in notebook


def test_five_respondents_publish_nothing_that_identifies_a_small_group(project_with):
    """valid_survey has five respondents, so every breakdown is small."""
    project = project_with("valid_survey")
    assert learnrep(project.root, "run", "--format", "html").returncode == 0
    page = BeautifulSoup(
        (project.report_dir("testarea", "2022-q1") / "learning-report.html").read_text(),
        "html.parser",
    )
    counts = [td.text for td in page.find_all("td") if "right" in td.get("style", "")]
    assert counts and "<5" in counts
    assert not [c for c in counts if c in {"1", "2", "3", "4"}], counts
    summary = " ".join(page.find(id="key-figures").find_next("ul").get_text().split())
    assert "Respondents: <5" not in summary and "Respondents: 5" in summary
    for image in page.find_all("img"):
        alt = image.get("alt") or image.get("aria-label")
        assert not any(f" {n} " in f" {alt} " for n in "1234"), alt

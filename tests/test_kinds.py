"""Report kinds through the real CLI: the kind area.yml or period.yml names
picks the notebook, a team's own notebook can be selected, one whose
parameters do not fit is refused in one line, and a change of kind or of
the kind's notebook is noticed by the next run."""

import json
import shutil

import nbformat
import pytest
from bs4 import BeautifulSoup
from conftest import assert_no_traceback, learnrep

pytestmark = pytest.mark.slow


def executed_from(project, period: str) -> str:
    folder = project.report_dir("testarea", period)
    nb = json.loads((folder / "learning-report.ipynb").read_text(encoding="utf-8"))
    return nb["metadata"]["papermill"]["input_path"]


def kind_line(project, period: str) -> str:
    page = BeautifulSoup(
        (project.reports / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    section = page.find(id=f"h-testarea-{period}").find_parent("section")
    return section.find("p").get_text(" ", strip=True)


def test_the_kind_picks_the_notebook_and_a_teams_own_is_refused_when_it_does_not_fit(
    project_with,
):
    project = project_with("valid_survey")
    period_yml = project.raw_dir("testarea", "2022-q1") / "period.yml"
    first = learnrep(project.root, "run", "--format", "html")
    assert first.returncode == 0, first.stderr
    assert executed_from(project, "2022-q1") == "notebooks/learning-report.ipynb"
    assert kind_line(project, "2022-q1").startswith("Learning report.")

    # A shipped kind, chosen in period.yml: the next run notices and says why.
    period_yml.write_text(period_yml.read_text() + "report: system-impact\n")
    listed = learnrep(project.root, "list").stdout
    assert "the report kind changed" in listed and "the notebook changed" in listed
    second = learnrep(project.root, "run", "--format", "html")
    assert second.returncode == 0, second.stderr
    assert executed_from(project, "2022-q1") == "notebooks/system-impact.ipynb"
    assert kind_line(project, "2022-q1").startswith("System-impact story.")

    # A team's own notebook: a copy with its own heading.
    ours = project.root / "notebooks" / "our-story.ipynb"
    nb = nbformat.read(project.root / "notebooks" / "learning-report.ipynb", as_version=4)
    nb.cells.insert(3, nbformat.v4.new_markdown_cell("## Our own opening"))
    nbformat.write(nb, ours)
    period_yml.write_text(period_yml.read_text().replace("system-impact", "our-story"))
    third = learnrep(project.root, "run", "--format", "html")
    assert third.returncode == 0, third.stderr
    html = (project.report_dir("testarea", "2022-q1") / "learning-report.html").read_text()
    assert "Our own opening" in html
    assert kind_line(project, "2022-q1").startswith("Our-story.")
    assert "Nothing to rebuild" in learnrep(project.root, "run", "--format", "html").stdout

    # Its parameters cell now lacks one learnrep passes: refused, in one line.
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    cell.source = cell.source.replace("provenance = {}\n", "")
    nbformat.write(nb, ours)
    fourth = learnrep(project.root, "run", "--format", "html")
    assert fourth.returncode == 1
    assert_no_traceback(fourth)
    refusal = [line for line in fourth.stdout.splitlines() if "our-story.ipynb" in line]
    assert refusal and "lacks provenance, which learnrep passes" in refusal[0]
    # The last good report stays.
    assert (
        "Our own opening"
        in (project.report_dir("testarea", "2022-q1") / "learning-report.html").read_text()
    )

    # A kind that names no notebook: one line naming what notebooks/ has.
    period_yml.write_text(period_yml.read_text().replace("our-story", "no-such-kind"))
    shutil.copy(project.root / "notebooks" / "learning-report.ipynb", ours)
    fifth = learnrep(project.root, "run", "--format", "html")
    assert fifth.returncode == 1
    assert "no-such-kind names notebooks/no-such-kind.ipynb, which does not exist" in fifth.stdout

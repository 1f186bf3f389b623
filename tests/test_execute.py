"""Papermill runs the report notebook (pipeline/execute/): parameters are
relative to the project, the executed notebook carries each figure's alt
text and nothing that differs between two runs, and a missing notebook or a
raising cell is one line."""

from __future__ import annotations

import json
import shutil

import pytest

from pipeline import execute, notebook
from pipeline.discover import AreaPeriod
from pipeline.errors import ExecutionError, InputError, ProjectFileMissing
from pipeline.processed import Processed

Q1 = AreaPeriod("bolsover", "2022-q1")
H2 = AreaPeriod("bolsover", "2021-h2")


def test_parameters_are_paths_relative_to_the_project(sample_processed):
    params = execute.parameters(sample_processed, Q1, 5, {"x": 1}, H2, previous_ready=True)
    assert params["processed_dir"] == "data/processed/bolsover/2022-q1"
    assert not any("data/raw" in str(value) for value in params.values())  # one store
    assert params["previous_processed_dir"] == "data/processed/bolsover/2021-h2"
    stale = execute.parameters(sample_processed, Q1, 5, {}, H2, previous_ready=False)
    assert stale["previous_period"] == "2021-h2" and stale["previous_processed_dir"] == ""


def test_the_title_block_comes_from_the_narrative_escaped_for_markdown(tmp_path):
    from conftest import processed_in_memory

    data = processed_in_memory(tmp_path)
    data.manifest["area_meta"].update(name="A *bold* town", lead_organisation=None)
    data.manifest["period_meta"]["label"] = "Q1 <b>"
    front = execute.front_for(data)
    assert front["title"] == r"A \*bold\* town\: Q1 \<b\>"
    assert front["subtitle"] == "We Are Undefeatable · 1 January 2022 to 31 March 2022"
    assert "abstract" not in front and "author" not in front

    # The narrative's title is the report's title, its summary the first line.
    narrative = {"title": "Moving *more*", "summary": "Walks [worked]", "authors": ["A. Team"]}
    (tmp_path / "narrative.json").write_text(json.dumps({"front": narrative, "body": ""}))
    front = execute.front_for(data)
    assert front["title"] == r"Moving \*more\*"
    assert front["subtitle"].startswith(r"A \*bold\* town · We Are Undefeatable")
    assert front["abstract"] == r"Walks \[worked\]" and front["author"] == [r"A\. Team"]


def test_the_sections_are_arranged_as_the_narrative_and_the_outline_ask(tmp_path):
    import nbformat
    from conftest import REPO, processed_in_memory

    data = processed_in_memory(tmp_path)
    body = "## Our pilot\n\nWords.\n\n## Legacy\n\nMore.\n\n## Reflections\n\nYes.\n"
    (tmp_path / "narrative.json").write_text(json.dumps({"front": {}, "body": body}))
    nb = nbformat.read(REPO / "notebooks" / "learning-report.ipynb", as_version=4)
    execute.arrange(nb, data)
    order = [title for _, title in notebook.sections(nb)]
    assert order[:2] == ["Introduction", "Our pilot"]
    assert order[order.index("Legacy") + 1] == "Reflections" and order[-1] == "About this report"
    own = next(c for c in nb.cells if notebook.section_of(c) == ("", "Reflections"))
    assert own.source.endswith("report.narrative.section(2)")  # by number: no words in code
    # Every cell of every section is still there, once.
    before = nbformat.read(REPO / "notebooks" / "learning-report.ipynb", as_version=4)
    assert sorted(c.id for c in before.cells) == sorted(
        c.id for c in nb.cells if not c.id.startswith("narrative-")
    )

    data.manifest["period_meta"]["outline"] = ["Recommendations", "Nothing like this"]
    with pytest.raises(InputError) as refused:
        execute.arrange(nb, data)
    assert str(refused.value).startswith("data/raw/testarea/2022-q1/period.yml, column outline:")


def test_a_missing_notebook_is_one_line_naming_it(tmp_path):
    from pipeline.config import Project

    with pytest.raises(ProjectFileMissing, match="notebooks/learning-report.ipynb is missing"):
        execute.notebook_path(Project(tmp_path))


def test_a_report_kind_without_a_notebook_is_one_line_listing_the_notebooks(tmp_path):
    from conftest import copy_notebook

    from pipeline.config import Project
    from pipeline.errors import NotebookUnfit

    copy_notebook(tmp_path)
    with pytest.raises(
        NotebookUnfit,
        match=r"report: our-story names notebooks/our-story.ipynb, "
        r"which does not exist \(notebooks/ has: learning-report, progress-report, "
        r"system-impact\)",
    ):
        execute.notebook_path(Project(tmp_path), "our-story")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("provenance = {}\n", "lacks provenance, which learnrep passes"),
        ("suppression_threshold = 5\n", "lacks suppression_threshold, which learnrep passes"),
        ("area = ", "asks for colour, which learnrep does not pass"),
    ],
)
def test_a_notebook_whose_parameters_do_not_fit_is_refused_in_one_line(
    sample_processed, tmp_path, change, message
):
    import nbformat

    from pipeline.errors import NotebookUnfit

    nb = nbformat.read(sample_processed.notebook, as_version=4)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    if change == "area = ":
        cell.source += '\ncolour = "blue"'
    else:
        cell.source = cell.source.replace(change, "")
    path = tmp_path / "our-story.ipynb"
    nbformat.write(nb, path)
    params = execute.parameters(sample_processed, Q1, 5, {}, H2, previous_ready=True)
    with pytest.raises(NotebookUnfit, match=message) as raised:
        execute.check_parameters(path, params)
    assert "\n" not in str(raised.value) and str(raised.value).startswith(
        "notebooks/our-story.ipynb"
    )
    execute.check_parameters(sample_processed.notebook, params)  # the shipped one fits


def test_the_executed_notebook_has_alt_text_and_no_run_times(sample_processed, tmp_path):
    """A real kernel runs the real notebook on real processed data."""
    project = sample_processed
    params = execute.parameters(project, Q1, 5, {}, H2, previous_ready=True)
    data = Processed.of(project, Q1)
    front = execute.front_for(data)
    failed = tmp_path / "learning-report.failed.ipynb"
    nb = execute.execute(project, Q1, params, front, failed, data=data)
    assert not failed.exists()
    figures = [
        notebook.cell_options(c.source)[0]
        for c in nb.cells
        if c.cell_type == "code" and any("image/svg+xml" in o.get("data", {}) for o in c.outputs)
    ]
    assert figures and all("filled in when" not in f["fig-alt"] for f in figures)
    assert "Inactive" in " ".join(f["fig-alt"] for f in figures)
    assert "start_time" not in nb.metadata["papermill"]
    assert [c.id for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])] == [
        "injected-parameters"
    ]
    assert notebook.front_matter(nb)["title"] == front["title"]
    # The template's defaults, another area-period's, are not left to be read as this one's.
    defaults = [c.source for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert defaults == [execute.DEFAULTS_REPLACED]


def test_a_raising_cell_keeps_what_ran_and_is_one_line(sample_processed, tmp_path):
    project = sample_processed
    broken = tmp_path / "project"
    shutil.copytree(project.root, broken)
    path = broken / "notebooks" / "learning-report.ipynb"
    path.write_text(path.read_text().replace("report.survey.text()", "1 / 0"))
    from pipeline.config import Project

    failed = tmp_path / "learning-report.failed.ipynb"
    with pytest.raises(ExecutionError) as caught:
        execute.execute(
            Project(broken), Q1, execute.parameters(Project(broken), Q1, 5, {}), {}, failed
        )
    # The kind of error, not its words (they may quote data), and where what ran is.
    assert "raised ZeroDivisionError; what ran, with the error's words" in str(caught.value)
    assert "division by zero" not in str(caught.value)
    assert "\n" not in str(caught.value)
    assert failed.is_file()

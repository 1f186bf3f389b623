"""The committed report notebook and Quarto's cell options."""

import nbformat
import pytest
from conftest import REPO

from pipeline import notebook

KINDS = ["learning-report", "system-impact", "progress-report"]


@pytest.mark.parametrize("kind", KINDS)
def test_the_notebook_is_committed_without_outputs_and_with_a_parameters_cell(kind):
    nb = nbformat.read(REPO / "notebooks" / f"{kind}.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.outputs == [] and c.execution_count is None for c in code)
    assert "parameters" in code[0].metadata.get("tags", [])
    assert notebook.front_matter(nb)["lang"] == "en-GB"


@pytest.mark.parametrize("kind", KINDS)
def test_every_figure_and_table_cell_has_quarto_options_for_caption_and_alt(kind):
    nb = nbformat.read(REPO / "notebooks" / f"{kind}.ipynb", as_version=4)
    labelled = [notebook.cell_options(c.source)[0] for c in nb.cells if c.cell_type == "code"]
    labelled = [o for o in labelled if "label" in o]
    figures = [o for o in labelled if o["label"].startswith("fig-")]
    tables = [o for o in labelled if o["label"].startswith("tbl-")]
    assert len(figures) == 12 and len(tables) == 14
    assert all(o["fig-cap"] and o["fig-alt"] and o["echo"] is False for o in figures)
    assert all(o["tbl-cap"] and o["echo"] is False for o in tables)


def test_setting_an_option_keeps_the_others_and_quotes_the_value():
    source = '#| label: fig-x\n#| fig-alt: "old"\n#| echo: false\nreport.x()'
    changed = notebook.set_option(source, "fig-alt", 'She said "yes": 50% \\ more')
    options, code = notebook.cell_options(changed)
    assert options == {"label": "fig-x", "fig-alt": 'She said "yes": 50% \\ more', "echo": False}
    assert code == "report.x()"


def test_options_read_again_are_not_those_a_caller_changed():
    # The parsed options are cached: each caller must get its own copy.
    source = "#| label: fig-y\n#| fig-cap: Bars\nreport.y()"
    first, _ = notebook.cell_options(source)
    first["fig-cap"] = "changed"
    first["fig-alt"] = "added"
    again, _ = notebook.cell_options(source)
    assert again == {"label": "fig-y", "fig-cap": "Bars"}
    assert notebook.set_option(source, "fig-alt", "Alt").splitlines()[:3] == [
        '#| label: "fig-y"',
        '#| fig-cap: "Bars"',
        '#| fig-alt: "Alt"',
    ]

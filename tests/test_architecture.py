"""The package's shape, as docs/architecture.md draws it: dependencies point
down the flow only (never a cycle), every exception lives in errors.py with
a docstring, no module grows past ~300 lines, and statuses are enums."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "pipeline"

# Lowest first: a module may import its own layer or any layer below it.
LAYERS = [
    (
        "foundation",
        [
            "errors",
            "status",
            "config",
            "contract",
            "files",
            "digests",
            "discover",
            "spoken",
            "redaction",
            "quoting",
            "markdown",
            "pandoc",
            "held_back",
            "notebook",
            "pages",
            "patches",
        ],
    ),
    ("stores", ["raw", "processed", "ledger"]),
    ("stages before the report", ["validate", "process", "scaffold"]),
    ("report content", ["report"]),
    ("execute and render", ["execute", "render"]),
    ("publish", ["publish"]),
    ("run", ["run"]),
    ("command line", ["cli", "arguments", "console", "__main__"]),
]
LAYER_OF = {top: number for number, (_, tops) in enumerate(LAYERS) for top in tops}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports_of(path: Path, known: dict[str, Path]) -> set[str]:
    """Every pipeline module `path` imports, at the top or inside a function
    (a lazy import is still a dependency)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("pipeline")}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("pipeline"):
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                found.add(child if child in known else node.module)
    return found & set(known)


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports_of(path, known) - {name} for name, path in known.items()}


def layer(module: str) -> int:
    parts = module.split(".")
    return LAYER_OF.get(parts[1], -1) if len(parts) > 1 else 0


def test_every_module_has_a_layer():
    assert [m for m in modules() if layer(m) < 0] == []


def test_dependencies_only_point_down_the_flow():
    wrong = [
        f"{module} ({LAYERS[layer(module)][0]}) imports {target} ({LAYERS[layer(target)][0]})"
        for module, targets in graph().items()
        for target in targets
        if layer(target) > layer(module)
    ]
    assert wrong == []


def test_there_is_no_import_cycle():
    edges = graph()
    state: dict[str, str] = {}
    cycles = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for target in sorted(edges[module]):
            if state.get(target) == "open":
                cycles.append(" -> ".join([*path[path.index(target) :], target]))
            elif target not in state:
                visit(target, [*path, target])
        state[module] = "done"

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_the_checks_see_a_cycle_and_an_upward_import(tmp_path, monkeypatch):
    """The two checks above can fail: a planted cycle and a stage importing
    the CLI are both found."""
    fake = tmp_path / "pipeline"
    (fake / "report").mkdir(parents=True)
    (fake / "__init__.py").write_text("")
    (fake / "cli.py").write_text("from pipeline.report import charts\n")
    (fake / "report" / "__init__.py").write_text("")
    (fake / "report" / "charts.py").write_text("from pipeline import cli\n")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", fake)
    with pytest.raises(AssertionError, match="cli -> pipeline.report.charts -> pipeline.cli"):
        test_there_is_no_import_cycle()
    with pytest.raises(AssertionError, match="report.charts .report content. imports pipeline.cli"):
        test_dependencies_only_point_down_the_flow()


def test_every_exception_lives_in_errors_with_a_docstring():
    defined_elsewhere = []
    for name, path in modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and any(
                re.search(r"(Error|Exception|Failed|Incomplete)$", ast.unparse(b))
                for b in node.bases
            ):
                if name != "pipeline.errors":
                    defined_elsewhere.append(f"{name}.{node.name}")
                else:
                    assert ast.get_docstring(node), f"errors.{node.name} has no docstring"
    assert defined_elsewhere == []


def test_no_module_is_much_over_300_lines():
    long = {
        name: n
        for name, path in modules().items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 330
    }
    assert long == {}


def test_statuses_are_compared_as_enums_not_strings():
    """A status word in quotes next to == or != is a status compared as a string."""
    words = "|".join(
        re.escape(w)
        for w in (
            "passed",
            "warnings",
            "failed",
            "built",
            "up to date",
            "out of date",
            "never built",
            "not built",
            "failed execution",
            "failed rendering",
            "failed writing",
            "failed validation",
        )
    )
    compared = re.compile(rf"""[!=]=\s*["']({words})["']|["']({words})["']\s*[!=]=""")
    found = [
        f"{name}: {line.strip()}"
        for name, path in modules().items()
        for line in path.read_text(encoding="utf-8").splitlines()
        if compared.search(line)
    ]
    assert found == []

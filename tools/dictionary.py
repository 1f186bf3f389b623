"""Writes docs/data-dictionary.md from the contract's definitions
(`pipeline.contract.dictionary`). Run after changing a dataset, a column or
a rule: `python -m tools.dictionary`; tests/test_dictionary.py checks the
committed file matches."""

from __future__ import annotations

from pathlib import Path

from pipeline.contract import dictionary

TARGET = Path(__file__).resolve().parents[1] / "docs" / "data-dictionary.md"


def main() -> None:
    TARGET.write_text(dictionary.markdown() + "\n", encoding="utf-8")
    print(f"wrote {TARGET.relative_to(TARGET.parents[1])}")


if __name__ == "__main__":
    main()

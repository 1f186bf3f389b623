"""Writes docs/commands.md from the command line's parser
(`pipeline.arguments.reference`). Run after changing a command or an option:
`python -m tools.commands`; tests/test_cli.py checks the committed file
matches."""

from __future__ import annotations

from pathlib import Path

from pipeline.arguments import reference

TARGET = Path(__file__).resolve().parents[1] / "docs" / "commands.md"


def main() -> None:
    TARGET.write_text(reference() + "\n", encoding="utf-8")
    print(f"wrote {TARGET.relative_to(TARGET.parents[1])}")


if __name__ == "__main__":
    main()

"""Compare two builds of the sample outputs, for a change that must not
change behaviour: every report, validation page, index and processed file
byte-identical, except the code's and the notebook's SHA-256 (which any code
change moves), the inputs' keyed digests (each project keys them with its
own secret) and, in the executed notebook, the cells' source.

    python tools/compare_outputs.py OLD_ROOT NEW_ROOT

PDFs are compared as their text (pdftotext -layout) and page count, since
a hash of a different length of digits could move bytes without changing
a word; every other file byte for byte. Exits 1 on any difference."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def hashes(root: Path) -> dict[str, str]:
    """The code and notebook SHA-256 of a build, and its inputs' keyed
    digests (each project has its own provenance key), to blank out."""
    blank = {}
    for path in sorted(root.glob("reports/*/*/provenance.json")):
        record = json.loads(path.read_text())
        blank[record["code_sha256"]] = "CODE-SHA256"
        blank[record["notebook"]] = "NOTEBOOK-SHA256"
        blank.update({digest: f"INPUT-{name}" for name, digest in record["inputs"].items()})
        if record.get("inputs_key"):
            blank[record["inputs_key"]] = "KEY-ID"
    return blank


def normalised(path: Path, blank: dict[str, str]) -> bytes:
    if path.suffix == ".pdf":
        pages = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
        text = subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True
        ).stdout
        data = (pages.split("Pages:")[1].split()[0] + "\n" + text).encode()
    elif path.suffix == ".ipynb":
        nb = json.loads(path.read_text())
        for cell in nb["cells"]:
            cell["source"] = ""
        data = json.dumps(nb, sort_keys=True).encode()
    else:
        data = path.read_bytes()
    for digest, name in blank.items():
        data = data.replace(digest.encode(), name.encode())
        # PDFs may break a long hash across lines: blank its halves too.
        data = data.replace(digest[:32].encode(), b"H1").replace(digest[32:].encode(), b"H2")
    return data


def main(old: Path, new: Path) -> int:
    old_blank, new_blank = hashes(old), hashes(new)
    differ = []
    folders = ("reports", "data/processed")
    names = sorted(
        {
            p.relative_to(r).as_posix()
            for r in (old, new)
            for f in folders
            for p in (r / f).rglob("*")
            if p.is_file()
        }
    )
    for name in names:
        a, b = old / name, new / name
        if not a.is_file() or not b.is_file():
            differ.append(f"only in {'new' if b.is_file() else 'old'}: {name}")
        elif normalised(a, old_blank) != normalised(b, new_blank):
            differ.append(f"differs: {name}")
    for line in differ:
        print(line)
    print(f"{len(names)} files compared, {len(differ)} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))

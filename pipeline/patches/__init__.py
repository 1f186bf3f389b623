"""Every place learnrep reaches into a library's internals, for speed or
safety, kept here so that an upgrade has one folder to check: `gx` (Great
Expectations), `jupyter` (jupyter_client), `kernel` (ipykernel, in report
kernels) and `imports` (modules turned away at start-up).

Each patch applies only to the exact releases it was written against and
tested with (`PATCHES`), checked when it would be applied; on any other
release learnrep runs without it, with the same results, only slower, and
the command line says so once (`not_applying`). Nothing is applied by
importing these modules: each has an `apply` (or is a subclass used only
where its patch applies). `tests/test_patches.py` fails, naming the patch,
when a library changes what a patch relies on, and the suite also runs with
every patch off (LEARNREP_PATCHES_OFF=all), so the fallback is tested."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from importlib import metadata

# An operator's switch, read in this one place: a comma-separated list of
# patch names to leave out, or "all". For measuring what a patch buys, and
# for running the suite without any (docs/operators.md).
SWITCH = "LEARNREP_PATCHES_OFF"


@dataclass(frozen=True)
class Patch:
    package: str  # the distribution whose internals it relies on
    versions: tuple[str, ...]  # the exact releases it was written against and tested with
    buys: str  # what it saves, as docs/performance.md measured it


_GX = ("great_expectations", ("1.24.1",))
_JUPYTER_CLIENT = ("jupyter_client", ("8.10.0",))
_IPYKERNEL = ("ipykernel", ("7.4.0",))
_JSONSCHEMA = ("jsonschema", ("4.26.0",))

PATCHES = {
    "gx.no_table_hash": Patch(*_GX, "1.3 s of a 1,000,000-row survey's validation"),
    "gx.one_column_records": Patch(*_GX, "about 1 s of a 1,000,000-row survey's validation"),
    "gx.quick_metric_ids": Patch(*_GX, "a tenth of validation's CPU"),
    "gx.compiled_templates": Patch(*_GX, "0.1-0.3 s of each Data Docs build"),
    "gx.configurations_kept": Patch(*_GX, "a quarter of validation's CPU on small files"),
    "gx.atomic_results": Patch(*_GX, "safety: a killed run leaves no truncated stored result"),
    "jupyter.quick_reconnect": Patch(*_JUPYTER_CLIENT, "about 0.1 s a report's kernel start"),
    "jupyter.ready_without_drain": Patch(*_JUPYTER_CLIENT, "0.2 s a report's kernel start"),
    "jupyter.quick_shutdown": Patch(*_JUPYTER_CLIENT, "about 0.07 s a report's kernel stop"),
    "jupyter.no_interrupt_on_shutdown": Patch(
        *_JUPYTER_CLIENT, "no stray 'KeyboardInterrupt caught in kernel' on the run's terminal"
    ),
    "kernel.flush_if_written": Patch(*_IPYKERNEL, "about 0.1 s a report's cells"),
    "imports.rfc3987_syntax": Patch(*_JSONSCHEMA, "1.6 s of CPU in every process"),
    "imports.lazy_for_gx": Patch(*_GX, "about 0.5-1 s of every validation's start"),
    "imports.hidden_from_gx": Patch(*_GX, "0.7 s of GX's import where SQLAlchemy is installed"),
}


@functools.cache
def version_of(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def turned_off() -> frozenset[str]:
    """The patches the operator's switch leaves out; "all" for every one."""
    return frozenset(name.strip() for name in os.environ.get(SWITCH, "").split(",") if name)


def applies(name: str) -> bool:
    """Whether patch `name` is to be applied in this process."""
    patch = PATCHES[name]
    off = turned_off()
    if "all" in off or name in off:
        return False
    return version_of(patch.package) in patch.versions


def not_applying() -> str | None:
    """One line for the command line, or None: the patches left out because
    a library is at a release they were not written for (the switch is the
    operator's own choice, and says nothing)."""
    skipped: dict[tuple[str, str | None], list[str]] = {}
    for name, patch in PATCHES.items():
        found = version_of(patch.package)
        if found not in patch.versions:
            skipped.setdefault((patch.package, found), []).append(name)
    if not skipped:
        return None
    parts = [
        f"{package} is {found or 'not installed'}, not "
        f"{' or '.join(PATCHES[names[0]].versions)} ({', '.join(names)})"
        for (package, found), names in skipped.items()
    ]
    return (
        f"learnrep: running without {sum(map(len, skipped.values()))} speed patches, "
        f"written for other releases: {'; '.join(parts)}. Reports are the same, only "
        "slower; `make setup` installs the tested versions (docs/operators.md)"
    )

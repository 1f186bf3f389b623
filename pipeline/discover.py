"""Find the grid of area-periods: a folder data/raw/<area>/<period>/ is an
area-period exactly when it holds a period.yml. Nothing is configured, so a
new period is picked up by dropping its folder in place."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pipeline.config import Project
from pipeline.errors import UsageError

SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")


def check_slug(value: str, flag: str) -> str:
    """Arguments name slugs, never paths: `../x` is refused before any file is touched."""
    if not SLUG.fullmatch(value):
        raise UsageError(
            f"{flag} {value!r} is not a valid name: use lower-case letters, digits and "
            "hyphens, starting with a letter or digit (e.g. bolsover, 2022-q1)"
        )
    return value


@dataclass(frozen=True, order=True)
class AreaPeriod:
    area: str
    period: str

    def __str__(self) -> str:
        return f"{self.area}/{self.period}"


def is_inside(path: Path, root: Path) -> bool:
    """True when `path`, with every link followed, is still under `root`."""
    return path.resolve().is_relative_to(root.resolve())


def _slug_dirs(parent: Path, root: Path) -> list[Path]:
    """`parent`'s folders named as slugs, `parent` being inside `root`: a
    folder that is not a link is inside too, so only links are resolved."""
    return sorted(
        p
        for p in parent.iterdir()
        if SLUG.fullmatch(p.name) and p.is_dir() and (not p.is_symlink() or is_inside(p, root))
    )


def discover_all(project: Project) -> list[AreaPeriod]:
    """Every folder with a period.yml, and every one with period.yml
    misnamed (`misnamed_period_file`), which then fails as missing its
    period.yml: a newcomer's `period.yaml` once left the period out of
    every run, and the run said all was up to date."""
    root = project.raw
    return [
        AreaPeriod(area_dir.name, period_dir.name)
        for area_dir in _slug_dirs(root, root)
        for period_dir in _slug_dirs(area_dir, root)
        if (period_dir / "period.yml").is_file() or misnamed_period_file(period_dir)
    ]


_PERIOD_FILE = re.compile(r"period\.ya?ml(\.txt)?", re.IGNORECASE)


def misnamed_period_file(folder: Path) -> str | None:
    """The name of a file in `folder` that is period.yml named otherwise
    (`period.yaml`, `Period.yml`, `period.yml.txt`), if there is one."""
    for path in sorted(folder.iterdir()):
        if path.name != "period.yml" and _PERIOD_FILE.fullmatch(path.name) and path.is_file():
            return path.name
    return None


def select(
    project: Project, areas: Iterable[str] = (), periods: Iterable[str] = ()
) -> list[AreaPeriod]:
    """The discovered area-periods matching every --area and --period given."""
    areas = {check_slug(a, "--area") for a in areas}
    periods = {check_slug(p, "--period") for p in periods}
    found = discover_all(project)
    chosen = [
        ap
        for ap in found
        if (not areas or ap.area in areas) and (not periods or ap.period in periods)
    ]
    if not chosen and (areas or periods):
        known = ", ".join(str(ap) for ap in found) or "none"
        hint = _suggest(areas, {ap.area for ap in found}, "--area") + _suggest(
            periods, {ap.period for ap in found}, "--period"
        )
        raise UsageError(
            f"no area-period matches {_describe(areas, periods)}{hint}; discovered: {known}"
        )
    return chosen


def _suggest(asked: set[str], known: set[str], flag: str) -> str:
    """A close match for a name given that no area-period has."""
    for name in sorted(asked - known):
        close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
        if close:
            return f" (did you mean {flag} {close[0]}?)"
    return ""


def _describe(areas: set[str], periods: set[str]) -> str:
    parts = [f"--area {a}" for a in sorted(areas)] + [f"--period {p}" for p in sorted(periods)]
    return " ".join(parts)

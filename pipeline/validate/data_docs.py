"""The Great Expectations Data Docs site (validation/data-docs/: the team's,
never published): every stored, sanitised result, built aside and swapped in whole, with pages made
deterministic (no remote logo, no random ids) and inert (no markup from data)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import re
import shutil
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import OutputError
from pipeline.files import refused_writes, replace_folder, shown, write_text_atomic
from pipeline.validate import offline
from pipeline.validate.outcome import SUITE_PREFIX, ValidationOutcome


def list_stored(context) -> dict[str, list]:
    """The stored results' keys, by area-period (GX's run name)."""
    stored: dict[str, list] = {}
    for key in context.validation_results_store.list_keys():
        stored.setdefault(key.run_id.run_name, []).append(key)
    return stored


@dataclass
class Changes:
    """What the site lacks since it was last built: the results stored
    since, and the area-periods whose earlier results they replace."""

    keys: list = field(default_factory=list)
    replaced: set[str] = field(default_factory=set)  # GX run names: "<area>.<period>"


def store(context, stored: dict[str, list], outcome: ValidationOutcome, changes: Changes) -> None:
    """Keep the outcome's (sanitised) results for the Data Docs site, in
    place of what an earlier run stored for the same area-period. `stored`
    lists the store's keys by area-period, listed once per run: listing per
    area-period would grow with the project."""
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    store = context.validation_results_store
    run_name = f"{outcome.ap.area}.{outcome.ap.period}"
    for key in stored.pop(run_name, []):
        store.remove_key(key)
    changes.replaced.add(run_name)
    stored_at = run_time()
    for name, gx_result in outcome.gx_results.items():
        for res in gx_result.results:  # the messages are made; this copy is for GX's pages
            res.result = inert(res.result)
            res.exception_info = inert(res.exception_info)
        key = ValidationResultIdentifier(
            expectation_suite_identifier=ExpectationSuiteIdentifier(name=SUITE_PREFIX + name),
            run_id=RunIdentifier(run_name=run_name, run_time=stored_at),
            batch_identifier=f"{outcome.ap.area}.{outcome.ap.period}.{name}",
        )
        store.set(key, gx_result)
        stored.setdefault(run_name, []).append(key)
        changes.keys.append(key)


def build(context, building: Path, site: Path, changes: Changes, marker: Path) -> Path:
    """The site from every stored result, built beside the old one and
    swapped in: an interrupted build never leaves half a site.

    Rendering a result's page is most of the cost, so when the site was
    built by this same GX and this module, it is copied and only the pages
    of `changes` are rendered (the index always is); a project of 160
    area-periods rebuilt every page for one changed file. `marker` records
    what built the site."""
    made_by = _builder()
    shutil.rmtree(building, ignore_errors=True)
    incremental = (site / "index.html").is_file() and _read_marker(marker) == made_by
    try:
        if incremental:
            try:
                shutil.copytree(site, building)
            except OSError:  # shutil.Error too: build it whole, which says what failed
                shutil.rmtree(building, ignore_errors=True)
                incremental = False
        if incremental:
            for run_name in changes.replaced:  # their pages were of the results replaced
                for suite in (building / "validations").glob("*"):
                    shutil.rmtree(suite / run_name, ignore_errors=True)
        with _page_failures_raised(site):
            # GX renders every page when given no identifiers; with nothing
            # new, the index alone is rebuilt (an expectation suite's key
            # names no result page).
            only = (changes.keys or [_NO_PAGE]) if incremental else None
            context.build_data_docs(site_names=["learnrep"], resource_identifiers=only)
        _deterministic_pages(building)
        replace_folder(building, site)
        write_text_atomic(marker, json.dumps(made_by, sort_keys=True) + "\n")
    finally:
        shutil.rmtree(building, ignore_errors=True)
    changes.keys.clear()
    changes.replaced.clear()
    return site / "index.html"


_NO_PAGE = object()  # matches no stored key


def _builder() -> dict:
    """What a site's pages depend on besides the results: GX and this module."""
    import great_expectations

    return {
        "great_expectations": great_expectations.__version__,
        "data_docs.py": hashlib.sha256(Path(__file__).read_bytes()).hexdigest(),
        "offline.py": hashlib.sha256(Path(offline.__file__).read_bytes()).hexdigest(),
    }


def _read_marker(marker: Path) -> dict | None:
    try:
        return json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


@contextmanager
def _page_failures_raised(site: Path):
    """GX logs a page it could not write and carries on; a site with pages
    missing must not replace a whole one. Its log lines, tracebacks and all,
    are kept off the user's terminal and become one OutputError."""
    failures: list[logging.LogRecord] = []
    handler = logging.Handler(logging.ERROR)
    handler.emit = failures.append
    gx_logger = logging.getLogger("great_expectations")
    gx_logger.addHandler(handler)
    propagate, gx_logger.propagate = gx_logger.propagate, False
    failed, kept = "could not build the Data Docs site", "the previous site is unchanged"
    try:
        with refused_writes(site, failed, kept):
            yield
    finally:
        gx_logger.removeHandler(handler)
        gx_logger.propagate = propagate
    if failures:
        reason = re.search(r"\[Errno \d+\] ([^:'\"]+)", failures[0].getMessage())
        raise OutputError(
            f"{failed} ({reason[1] if reason else _first_line(failures[0])}); {kept}",
            file=shown(site),
        )


# GX points every page's logo at its own web server with the build time in the
# query string (a request to a third party whenever a steward opens a page),
# and gives collapsible blocks random UUIDs. Both would make two builds of the
# same results differ, so the logo is the site's own copy and the UUIDs are
# numbered in order of appearance.
_REMOTE_LOGO = re.compile(
    r"https://great-expectations-web-assets\.s3\.[a-z0-9-]+\.amazonaws\.com/"
    r"logo-long\.png\?d=[0-9TZ.]+(?:&amp;|&)?(?:dataContextId=[0-9a-f-]*)?"
)
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _deterministic_pages(site: Path) -> None:
    """Every page made deterministic, and pointed at the site's own copies
    of what it would load from the web (`offline`)."""
    logo = site / "static" / "images" / "logo-long.png"
    offline.copy_assets(site)
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        local = os.path.relpath(logo, page.parent).replace(os.sep, "/")
        fixed = offline.localised(_numbered(_REMOTE_LOGO.sub(local, text)), page, site)
        if fixed != text:
            write_text_atomic(page, fixed)


def _numbered(text: str) -> str:
    numbers: dict[str, str] = {}
    return _UUID.sub(lambda m: numbers.setdefault(m[0], f"n{len(numbers) + 1}"), text)


_MARKUP = re.compile(r"[<>&\"'`]")


def inert(value):
    """GX 1.x writes quoted values and column names into Data Docs pages
    without escaping them, so a value such as `<img onerror=...>` in a
    closed column would run in the steward's browser. What Data Docs are
    given loses the characters markup is made of; the steward's own page
    shows the value exactly, escaped."""
    if isinstance(value, str):
        return _MARKUP.sub("", value)
    if isinstance(value, list):
        return [inert(v) for v in value]
    if isinstance(value, dict):
        return {k: inert(v) for k, v in value.items()}
    return value


def _first_line(record: logging.LogRecord) -> str:
    """What GX logged, in one line, without its traceback."""
    lines = record.getMessage().strip().splitlines()
    return lines[0][:200] if lines else "GX gave no reason"


def run_time() -> dt.datetime:
    """Now, unless SOURCE_DATE_EPOCH pins it for a reproducible build."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)

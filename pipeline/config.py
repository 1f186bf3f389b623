"""Where everything lives. Every path is built from one project root, so the
pipeline can never be pointed outside it by an argument."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from pipeline.errors import UsageError

NOTEBOOKS = Path("notebooks")
NOTEBOOK = NOTEBOOKS / "learning-report.ipynb"  # the default kind's
DEFAULT_PARAMS = {"suppression_threshold": 5, "rows_listed_per_check": 50, "max_raw_file_mb": 150}


def load_yaml(text: str):
    """YAML's safe subset, by libyaml where PyYAML was built with it: ten times
    faster, which a run over hundreds of area-periods with nothing to
    rebuild notices. A date that does not exist (2022-02-30) is read as the
    text written, for the check that wants a date to name; PyYAML would
    raise a bare ValueError."""
    try:
        return yaml.load(text, Loader=_FastLoader)
    except yaml.YAMLError:
        # Parsed again to raise the pure-Python parser's error, whose words
        # ("expected ',' or ']', but got ':'") say more than libyaml's.
        return yaml.load(text, Loader=_WordyLoader)


def _date_or_text(loader, node):
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


class _WordyLoader(yaml.SafeLoader):
    pass


for _loader in (_FastLoader, _WordyLoader):
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _date_or_text)


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def raw(self) -> Path:
        return self.root / "data" / "raw"

    @property
    def processed(self) -> Path:
        return self.root / "data" / "processed"

    @property
    def reports(self) -> Path:
        return self.root / "reports"

    @property
    def validation(self) -> Path:
        """The data steward's tree: validation results, failing rows and Data
        Docs. It stays with the team: nothing under reports/ links here, and
        nothing here is published (contract section 5)."""
        return self.root / "validation"

    @property
    def data_docs(self) -> Path:
        return self.validation / "data-docs"

    @property
    def state(self) -> Path:
        """Working files that are neither inputs nor published outputs."""
        return self.root / ".learnrep"

    @property
    def ledger(self) -> Path:
        """Every publication of every area-period (`pipeline.ledger`): the
        team's private data, beside data/raw, never published."""
        return self.root / "data" / "ledger"

    @property
    def figures_kept(self) -> Path:
        """Figures report kernels drew, by what they were drawn from (`report.drawn`)."""
        return self.state / "figures"

    @property
    def audit_answers(self) -> Path:
        """The disclosure auditor's answers, kept between processes (`report.audit`)."""
        return self.state / "audit"

    @property
    def digests(self) -> Path:
        """The files' digests kept between runs (see `pipeline.digests`)."""
        return self.state / "digests.json"

    @property
    def provenance_key(self) -> Path:
        """The secret that keys the inputs' digests in published provenance
        (`run.provenance_key`): never published, never committed."""
        return self.root / "secret" / "provenance.key"

    @property
    def notebook(self) -> Path:
        """The default kind's notebook (learning-report)."""
        return self.root / NOTEBOOK

    def notebook_for(self, kind: str) -> Path:
        """The notebook of a report kind (`report:` in area.yml or period.yml)."""
        return self.root / NOTEBOOKS / f"{kind}.ipynb"

    def raw_dir(self, area: str, period: str | None = None) -> Path:
        return self.raw / area if period is None else self.raw / area / period

    def processed_dir(self, area: str, period: str) -> Path:
        return self.processed / area / period

    def report_dir(self, area: str, period: str) -> Path:
        return self.reports / area / period

    def steward_dir(self, area: str, period: str) -> Path:
        """An area-period's validation results, for the data steward only."""
        return self.validation / area / period

    def params(self) -> dict:
        path = self.root / "params.yaml"
        params = dict(DEFAULT_PARAMS)
        if path.exists():
            loaded = load_yaml(path.read_text(encoding="utf-8")) or {}
            params.update(loaded)
        threshold = params["suppression_threshold"]
        if not isinstance(threshold, int) or threshold < 1:
            raise UsageError(
                f"suppression_threshold must be a whole number of at least 1, got {threshold!r}",
                file=path,
            )
        return params


def find_project(root: str | Path | None = None) -> Project:
    """The project is LEARNREP_ROOT if set, else the current directory; it must
    hold data/raw so that a command run in the wrong folder says so."""
    chosen = root or os.environ.get("LEARNREP_ROOT")
    if not chosen:
        try:
            chosen = Path.cwd()
        except FileNotFoundError:  # the folder the shell is in was deleted or moved
            raise UsageError(
                "the current folder no longer exists (deleted or moved since the shell "
                "entered it); cd into the project folder again or set LEARNREP_ROOT"
            ) from None
    base = Path(chosen).resolve()
    if not (base / "data" / "raw").is_dir():
        raise UsageError(
            f"{base} is not a learnrep project (no data/raw folder); "
            "run learnrep from the project folder or set LEARNREP_ROOT"
        )
    return Project(base)

"""The only reader of data/processed: an area-period's manifest (what it was
made from, its metadata, which datasets it has, its validation problems), its
tidy tables and the evaluators' narrative. `process` writes the folder; everything downstream (the
report, headline figures, programme overviews, the run's plan) reads it here.

pandas is imported only when a table is read: a run with nothing to rebuild
reads manifests alone."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.config import Project
from pipeline.discover import AreaPeriod

if TYPE_CHECKING:
    import pandas as pd

MANIFEST = "manifest.json"
NARRATIVE = "narrative.json"
IMAGES = "images"  # the images the narrative shows, cleaned
IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
}


def read_manifest(folder: Path) -> dict | None:
    """The folder's manifest, or None when the folder holds no processed data."""
    path = Path(folder) / MANIFEST
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


class Processed:
    """One area-period's processed data, read lazily: each table once."""

    def __init__(self, folder: Path | str, manifest: dict | None = None):
        self.folder = Path(folder)
        found = manifest if manifest is not None else read_manifest(self.folder)
        if found is None:
            raise FileNotFoundError(f"{self.folder / MANIFEST} does not exist")
        self.manifest = found
        self._frames: dict[str, pd.DataFrame] = {}

    @classmethod
    def of(cls, project: Project, ap: AreaPeriod) -> Processed:
        return cls(project.processed_dir(ap.area, ap.period))

    @classmethod
    def find(cls, folder: Path | str) -> Processed | None:
        """The processed data in `folder`, or None when there is none."""
        manifest = read_manifest(Path(folder)) if folder else None
        return cls(folder, manifest) if manifest is not None else None

    def has(self, dataset: str) -> bool:
        return self.state(dataset) == "present"

    def state(self, dataset: str) -> str:
        """present | absent | template | unreadable"""
        return self.manifest["datasets"].get(dataset, {}).get("state", "absent")

    def frame(self, name: str) -> pd.DataFrame:
        if name not in self._frames:
            import pandas as pd

            self._frames[name] = pd.read_parquet(self.folder / f"{name}.parquet")
        return self._frames[name]

    def narrative(self) -> tuple[dict, str]:
        """The narrative's front matter (title, authors, summary) and its
        Markdown body as written; both empty when the period has none."""
        path = self.folder / NARRATIVE
        if not path.is_file():
            return {}, ""
        found = json.loads(path.read_text(encoding="utf-8"))
        return found.get("front", {}), found.get("body", "")

    def images(self) -> dict[str, str]:
        """The narrative's images as data URIs, by the target the narrative
        uses ("images/map.png"): they go inside the published page."""
        import base64

        folder = self.folder / IMAGES
        if not folder.is_dir():
            return {}
        return {
            f"{IMAGES}/{path.name}": f"data:{IMAGE_TYPES[path.suffix.lower()]};base64,"
            + base64.b64encode(path.read_bytes()).decode("ascii")
            for path in sorted(folder.iterdir())
            if path.suffix.lower() in IMAGE_TYPES
        }

    @property
    def area(self) -> dict:
        return self.manifest["area_meta"]

    @property
    def period(self) -> dict:
        return self.manifest["period_meta"]

    @property
    def source(self) -> dict | None:
        """What the data was made from (see `run.plan.source`)."""
        return self.manifest.get("source")

    @property
    def validation_status(self) -> str:
        return self.manifest.get("validation_status", "passed")

    @property
    def problems(self) -> list[dict]:
        return self.manifest.get("problems", [])

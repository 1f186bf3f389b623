"""Validated raw tables -> tidy, typed parquet in data/processed/<area>/<period>/.

Only contract columns are written. Alongside them go the derived tables the
report needs (activity levels, multi-select answers in long form, training
distance travelled), the evaluators' narrative as read (`narrative.json`: its
front matter and Markdown body, from narrative.md or narrative.docx), the
images it shows (`images/`, cleaned of their metadata) and
`manifest.json`, which records which datasets were present, absent or
unfilled templates. So the report reads one store, never data/raw. The
folder is built aside and swapped in whole, so a reader never sees a mix of
two runs, and a dataset removed from data/raw does not linger here."""

from __future__ import annotations

import json
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.config import Project
from pipeline.contract import (
    ACTIVITY_LEVELS,
    AT_LEAST_SUFFIX,
    CONSENT,
    DATASETS,
    FOLLOW_UP,
    INACTIVE_LEVELS,
    MULTI_SELECT_SEPARATOR,
    SURVEY,
    Column,
    Dataset,
)
from pipeline.files import refused_writes, replace_folder, temporary_prefix
from pipeline.processed import IMAGES, NARRATIVE
from pipeline.raw.narrative import FRONT_FIELDS
from pipeline.raw.values import by_distinct
from pipeline.validate.outcome import ValidationOutcome

MULTI_SELECT_QUESTIONS = ("activities", "barriers", "interests")


PRECISION = "_precision"  # `date` and `date_precision`: "day" or "month"


def typed(frame: pd.DataFrame, dataset: Dataset) -> pd.DataFrame:
    """Contract columns with their contract types; validation has already
    guaranteed every value converts. An optional column the file leaves out
    (milestones.csv from before it had a status) is blank throughout. A date
    column that may hold months is stored as the month's first day, with
    `<column>_precision` beside it saying "day" or "month", so the report
    never gives a month a false day. A number that may be written N+
    (`Column.plus`) is kept as N, with a column beside it (`<name>_at_least`)
    saying which rows gave only a lower bound."""
    blank = pd.Series(pd.NA, index=frame.index, dtype="string")
    columns = {}
    for column in dataset.columns:
        values = frame.get(column.name, blank)
        if column.plus:
            text = values.astype("string").str.strip()
            columns[column.name] = _convert(text.str.removesuffix("+"), column)
            at_least = text.str.endswith("+").fillna(False).astype(bool)
            columns[column.name + AT_LEAST_SUFFIX] = at_least
        else:
            columns[column.name] = _convert(values, column)
        if column.kind == "date" and column.months:
            month = values.astype("string").str.fullmatch(r"\d{4}-\d{2}").fillna(False)
            precision = pd.Series("day", index=frame.index, dtype="string").mask(month, "month")
            columns[column.name + PRECISION] = precision.where(values.notna())
    return pd.DataFrame(columns)


def _convert(values: pd.Series, column: Column) -> pd.Series:
    if column.kind == "int":
        return by_distinct(values, lambda v: pd.to_numeric(v).astype("Int64"))
    if column.kind == "decimal":
        return by_distinct(values, lambda v: pd.to_numeric(v).astype("Float64"))
    if column.kind == "date":

        def day(v: pd.Series) -> pd.Series:
            # A month (YYYY-MM, where the column allows it) is its first day.
            text = v.astype("string")
            text = text.where(~text.str.fullmatch(r"\d{4}-\d{2}").fillna(False), text + "-01")
            return pd.to_datetime(text, format="%Y-%m-%d").astype("datetime64[s]")

        return by_distinct(values, day)
    if column.kind == "enum":
        dtype = pd.CategoricalDtype(
            column.allowed, ordered=column.allowed not in (FOLLOW_UP, CONSENT)
        )
        return by_distinct(values, lambda v: v.astype(dtype))
    return values.astype("string")


def activity_level(minutes: pd.Series) -> pd.Series:
    """Active Lives bands: None (0), Under 30 (1-29), 30-149, 150+."""
    bands = pd.cut(
        minutes.astype("Float64"),
        bins=[-1, 0, 29, 149, float("inf")],
        labels=list(ACTIVITY_LEVELS),
        ordered=True,
    )
    return pd.Series(bands, index=minutes.index, name="activity_level")


def activity_levels(survey: pd.DataFrame) -> pd.DataFrame:
    """Respondents per band, of those who answered minutes_per_week."""
    counts = activity_level(survey["minutes_per_week"]).value_counts(sort=False)
    table = counts.rename_axis("activity_level").reset_index(name="respondents")
    table["inactive"] = table["activity_level"].isin(INACTIVE_LEVELS)
    return table


def survey_answers(survey: pd.DataFrame) -> pd.DataFrame:
    """One row per respondent per multi-select answer, for every question."""
    parts = []
    for number, question in enumerate(MULTI_SELECT_QUESTIONS):
        answered = survey[["respondent_id", question]].dropna()
        # A survey repeats a few combinations of answers many times: split each
        # distinct combination once and index into the pieces (a million
        # respondents split row by row took 9 s).
        codes, combinations = pd.factorize(answered[question])
        pieces = [str(c).split(MULTI_SELECT_SEPARATOR) for c in combinations]
        sizes = np.array([len(p) for p in pieces], dtype=np.int64)
        counts = sizes[codes]
        rows = np.repeat(np.arange(len(answered)), counts)
        # Answer k of row r is piece number starts[codes[r]] + k of them all.
        starts = np.cumsum(sizes) - sizes
        within = np.arange(len(rows)) - np.repeat(np.cumsum(counts) - counts, counts)
        flat = pd.array([a for p in pieces for a in p], dtype="string")
        parts.append(
            pd.DataFrame(
                {
                    "respondent_id": answered["respondent_id"].array.take(rows),
                    "question": pd.Categorical.from_codes(
                        np.full(len(rows), number), categories=MULTI_SELECT_QUESTIONS
                    ),
                    "answer": flat.take(starts[codes][rows] + within),
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def distance_travelled(training: pd.DataFrame) -> pd.DataFrame:
    """Confidence change for participants with both scores."""
    both = training.dropna(subset=["confidence_before", "confidence_after"]).copy()
    both["change"] = (both["confidence_after"] - both["confidence_before"]).astype("Int64")
    both["direction"] = pd.Categorical(
        ["improved" if c > 0 else "worse" if c < 0 else "same" for c in both["change"]],
        categories=["improved", "same", "worse"],
        ordered=True,
    )
    columns = [
        "participant_id",
        "course",
        "workforce_group",
        "confidence_before",
        "confidence_after",
        "change",
        "direction",
    ]
    return both[columns].reset_index(drop=True)


def tidy(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The typed tables as published downstream, with the derived tables the
    report reads beside them."""
    tables = dict(tables)
    if SURVEY.name in tables:
        tables["activity_levels"] = activity_levels(tables["survey"])
        tables["survey_answers"] = survey_answers(tables["survey"])
    if "training" in tables:
        tables["distance_travelled"] = distance_travelled(tables["training"])
    if "quotes" in tables:
        # Words given without consent never leave data/raw, not even into data/processed.
        quotes = tables["quotes"]
        tables["quotes"] = quotes[quotes["consent"] == "yes"].reset_index(drop=True)
    if "milestones" in tables:
        milestones = tables["milestones"].copy()
        milestones["status"] = milestones["status"].fillna("done")  # the contract: blank is done
        tables["milestones"] = milestones
    return tables


def process(
    project: Project,
    outcome: ValidationOutcome,
    source: dict | None = None,
    target: Path | None = None,
) -> Path:
    """Write the processed folder for one validated area-period. `source` is
    what it was made from (see `run.plan.source`), kept in the manifest so
    the next run can tell whether it is still current. `target` is the
    folder's place when it is not data/processed (a speculative report's)."""
    if outcome.status.failed:
        raise ValueError(f"{outcome.ap} failed validation and must not be processed")
    target = target or project.processed_dir(outcome.ap.area, outcome.ap.period)
    with refused_writes(target):  # the disk may refuse any of what follows
        target.parent.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix=temporary_prefix(target), dir=target.parent))
        try:
            _write_tables(outcome, source, building)
            replace_folder(building, target)
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
    return target


def _write_tables(outcome: ValidationOutcome, source: dict | None, building: Path) -> None:
    tables = tidy({name: typed(raw.frame, DATASETS[name]) for name, raw in outcome.tables.items()})
    # Arrow encodes a file without holding the GIL: the largest tables (a
    # survey and its answers in long form) are written side by side.
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="learnrep-parquet") as writers:
        written = [
            writers.submit(frame.to_parquet, building / f"{name}.parquet", index=False)
            for name, frame in sorted(tables.items(), key=lambda item: -len(item[1]))
        ]
        for done in written:
            done.result()  # the first error, if any, as it would be raised in turn
    _write_narrative(outcome, building)
    manifest = {
        "area": outcome.ap.area,
        "period": outcome.ap.period,
        "area_meta": outcome.area,
        "period_meta": outcome.period,
        "datasets": {
            name: {
                "state": result.state,
                "rows": result.rows,
                "file": result.file,
                # The steward's page gives these counts too: the register
                # audits them with the report's (`report.figures`).
                "failing": {
                    c.description: c.unexpected_count
                    for c in result.checks
                    if not c.success and c.unexpected_count
                },
            }
            for name, result in outcome.datasets.items()
        },
        "validation_status": outcome.status,
        "source": source,
        # Already sanitised by validation: row numbers and closed values only.
        "problems": [{"level": p.level, "message": p.message} for p in outcome.problems],
    }
    (building / "manifest.json").write_text(
        json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )


def _write_narrative(outcome: ValidationOutcome, building: Path) -> None:
    found = outcome.narrative
    front = {}
    for key in FRONT_FIELDS:
        value = found.front.get(key)
        if isinstance(value, list):
            front[key] = [str(v) for v in value if v is not None]
        elif value is not None and str(value).strip():
            front[key] = str(value).strip()
    (building / NARRATIVE).write_text(
        json.dumps({"front": front, "body": found.body}, indent=2, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    if outcome.images:
        # Already cleaned (`raw.images`): the pixels, or the SVG, without metadata.
        (building / IMAGES).mkdir()
        for image in outcome.images.values():
            (building / IMAGES / image.name).write_bytes(image.data)

import random

import pandas as pd
import pytest

from pipeline.contract import MULTI_SELECT_SEPARATOR
from pipeline.discover import AreaPeriod
from pipeline.process import MULTI_SELECT_QUESTIONS, activity_level, process, survey_answers
from pipeline.validate import Validator

AP = AreaPeriod("testarea", "2022-q1")


def processed(project):
    outcome = Validator(project).validate(AP)
    return process(project, outcome), outcome


def test_survey_becomes_typed_parquet_with_contract_columns_only(project_with):
    folder, _ = processed(project_with("unknown_email_column"))
    survey = pd.read_parquet(folder / "survey.parquet")
    assert "contact_email" not in survey.columns
    assert str(survey["minutes_per_week"].dtype) == "Int64"
    assert str(survey["completed_on"].dtype).startswith("datetime64")
    assert list(survey["age_band"].cat.categories)[:2] == ["Under 20", "20-40"]
    for parquet in folder.glob("*.parquet"):
        assert "example.org" not in pd.read_parquet(parquet).to_csv()


def test_activity_levels_use_active_lives_bands():
    minutes = pd.Series([0, 1, 29, 30, 149, 150, 2000, None], dtype="Int64")
    bands = [None if pd.isna(b) else b for b in activity_level(minutes)]
    assert bands == ["None", "Under 30", "Under 30", "30-149", "30-149", "150+", "150+", None]


def test_derived_tables(project_with):
    folder, _ = processed(project_with("valid_survey"))
    levels = pd.read_parquet(folder / "activity_levels.parquet")
    # valid_survey minutes: 45, 0, 10, 200 and one blank (not answered)
    assert dict(zip(levels["activity_level"].astype(str), levels["respondents"], strict=True)) == {
        "None": 1,
        "Under 30": 1,
        "30-149": 1,
        "150+": 1,
    }
    assert levels.loc[levels["inactive"], "respondents"].sum() == 2
    answers = pd.read_parquet(folder / "survey_answers.parquet")
    barriers = answers[answers["question"] == "barriers"]
    assert sorted(barriers["answer"]) == ["Confidence", "Cost", "My health", "Time", "Time"]


def test_survey_answers_match_splitting_row_by_row():
    """The long form is built from each distinct combination of answers; it
    must equal splitting every respondent's answers in turn, order included."""
    rng = random.Random(5)
    options = ["Walking", "Cost", "Time", "My health", "Other"]

    def answer():
        if rng.random() < 0.2:
            return None
        return MULTI_SELECT_SEPARATOR.join(rng.sample(options, rng.randint(1, 4)))

    survey = pd.DataFrame(
        {
            "respondent_id": pd.array([f"R{i:04d}" for i in range(500)], dtype="string"),
            **{
                q: pd.array([answer() for _ in range(500)], dtype="string")
                for q in MULTI_SELECT_QUESTIONS
            },
        }
    )
    expected = [
        (row.respondent_id, question, piece)
        for question in MULTI_SELECT_QUESTIONS
        for row in survey.itertuples()
        if not pd.isna(getattr(row, question))
        for piece in getattr(row, question).split(MULTI_SELECT_SEPARATOR)
    ]
    long = survey_answers(survey)
    assert list(long.itertuples(index=False, name=None)) == expected
    assert list(long["question"].cat.categories) == list(MULTI_SELECT_QUESTIONS)
    assert str(long["answer"].dtype) == str(long["respondent_id"].dtype) == "string"
    assert survey_answers(survey.iloc[:0]).empty


def test_distance_travelled_counts_only_participants_with_both_scores(project_with):
    folder, _ = processed(project_with("ddmmyyyy_date"))
    change = pd.read_parquet(folder / "distance_travelled.parquet")
    assert change[["confidence_before", "confidence_after", "change"]].values.tolist() == [
        [3, 4, 1]
    ]
    assert change["direction"].astype(str).tolist() == ["improved"]


def test_template_and_absent_datasets_are_recorded_not_written(project_with):
    folder, _ = processed(project_with("header_only"))
    assert not (folder / "survey.parquet").exists()
    manifest = pd.read_json(folder / "manifest.json", typ="series")
    assert manifest["datasets"]["survey"]["state"] == "template"
    assert manifest["datasets"]["delivery"]["state"] == "absent"


def test_a_removed_dataset_does_not_linger_after_reprocessing(project_with):
    project = project_with("header_only")
    folder, _ = processed(project)
    assert (folder / "training.parquet").exists()
    (project.raw_dir("testarea", "2022-q1") / "training.csv").unlink()
    folder, _ = processed(project)
    assert not (folder / "training.parquet").exists()


def test_a_failed_area_period_is_never_processed(project_with):
    project = project_with("duplicate_ids")
    outcome = Validator(project).validate(AP)
    with pytest.raises(ValueError, match="failed validation"):
        process(project, outcome)


def test_a_file_without_an_optional_column_is_processed_with_it_blank(project_with):
    """milestones.csv as written before it had a status: every milestone done."""
    from pipeline.processed import Processed

    project = project_with("valid_survey")
    (project.raw_dir("testarea", "2022-q1") / "milestones.csv").write_text(
        "date,milestone\n2022-01-10,Launch\n2022-02-01,First walk\n", encoding="utf-8"
    )
    ap = AreaPeriod("testarea", "2022-q1")
    outcome = Validator(project).validate(ap)
    assert outcome.status == "passed", outcome.problems
    process(project, outcome)
    milestones = Processed.of(project, ap).frame("milestones")
    assert list(milestones["status"]) == ["done", "done"]

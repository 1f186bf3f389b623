import filecmp

import pandas as pd
from conftest import REPO

from tools.synthetic import sample


def test_the_committed_sample_is_what_the_seeded_generator_makes(tmp_path):
    sample(tmp_path)
    for committed in sorted((REPO / "data" / "raw").rglob("*")):
        if committed.is_file() and committed.suffix in {".csv", ".yml", ".md", ".svg"}:
            if committed.name == "README.md" and committed.parent.name == "raw":
                continue
            made = tmp_path / committed.relative_to(REPO / "data" / "raw")
            assert filecmp.cmp(committed, made, shallow=False), committed


def test_bolsover_sample_has_the_pilots_shape():
    survey = pd.read_csv(REPO / "data/raw/bolsover/2022-q1/survey.csv")
    answered = survey["minutes_per_week"].dropna()
    inactive = (answered < 30).mean()
    assert 0.39 <= inactive <= 0.43
    assert survey["language"].isin(["pl", "ro"]).mean() == 0.18
    assert (survey["health_condition"] == "Yes").mean() == 0.29
    walking = survey["activities"].str.contains("Walking").mean()
    assert all(
        walking >= survey["activities"].str.contains(a, regex=False).mean()
        for a in ["Gardening", "Housework/Shopping", "Activity classes"]
    )

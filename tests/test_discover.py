import os

import pytest

from pipeline.discover import AreaPeriod, check_slug, discover_all, select
from pipeline.errors import UsageError


@pytest.mark.parametrize("bad", ["../x", "Bolsover", "-x", "a/b", "", "x" * 64, "a b", "é"])
def test_a_name_that_is_not_a_slug_is_a_usage_error(bad):
    with pytest.raises(UsageError) as caught:
        check_slug(bad, "--area")
    assert caught.value.exit_code == 2
    assert "--area" in str(caught.value)


def test_an_area_period_is_a_folder_with_period_yml(project_with):
    project = project_with("valid_survey", "valid_survey")
    (project.raw / "testarea" / "notes").mkdir()  # no period.yml: not a period
    (project.raw / "testarea" / "Bad_Name").mkdir()
    (project.raw / "testarea" / "Bad_Name" / "period.yml").write_text("label: x\n")
    assert discover_all(project) == [
        AreaPeriod("testarea", "2022-q1"),
        AreaPeriod("testarea", "2022-q2"),
    ]


def test_a_new_period_folder_is_discovered_without_configuration(project_with):
    project = project_with("valid_survey")
    new = project.raw / "testarea" / "2023-q1"
    new.mkdir()
    (new / "period.yml").write_text("label: x\nstart: 2023-01-01\nend: 2023-03-31\n")
    assert AreaPeriod("testarea", "2023-q1") in discover_all(project)


@pytest.mark.parametrize("name", ["period.yaml", "Period.yml", "period.yml.txt"])
def test_a_misnamed_period_yml_fails_its_period_instead_of_hiding_it(project_with, name):
    """A newcomer's period.yaml once left the period out of every run, which
    said all was up to date: it is now a period that fails, saying why."""
    from pipeline.errors import InputError
    from pipeline.raw import read_period

    project = project_with("valid_survey")
    new = project.raw / "testarea" / "2023-q1"
    new.mkdir()
    (new / name).write_text("label: x\nstart: 2023-01-01\nend: 2023-03-31\n")
    ap = AreaPeriod("testarea", "2023-q1")
    assert ap in discover_all(project)
    with pytest.raises(InputError, match=f"the folder has {name.replace('.', '[.]')}: name it"):
        read_period(project, ap)


def test_a_linked_folder_leading_outside_data_raw_is_ignored(project_with, tmp_path):
    project = project_with("valid_survey")
    outside = tmp_path / "elsewhere" / "2022-q9"
    outside.mkdir(parents=True)
    (outside / "period.yml").write_text("label: x\nstart: 2022-01-01\nend: 2022-03-31\n")
    os.symlink(outside, project.raw / "testarea" / "2022-q9")
    assert AreaPeriod("testarea", "2022-q9") not in discover_all(project)


def test_selecting_an_unknown_area_names_what_exists(project_with):
    project = project_with("valid_survey")
    with pytest.raises(UsageError, match="discovered: testarea/2022-q1"):
        select(project, ["nowhere"])

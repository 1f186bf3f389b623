"""Nothing personal or executable reaches a published file. Reports are built
from data salted with unique markers where personal data would be (ids, an
unknown column of e-mail addresses, a free-text column), and with attack
text where text is published (names, labels, a closed column's invalid
value); then every output file is searched, the PDF by its extracted text."""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid

import numpy as np
import pytest
from bs4 import BeautifulSoup
from conftest import learnrep, make_project
from pypdf import PdfReader

from pipeline.validate.steward import spreadsheet_safe
from tools.synthetic import survey, training

# A full sample build, a real browser, DVC or the reliability suite: not in make test-fast.
pytestmark = pytest.mark.slow

AREA = "testarea"
ATTACK = "<img src=x onerror=alert(1)><script>alert(2)</script>"


def _every_text(folder) -> dict[str, str]:
    """Each output file as text: PDFs by their extracted text as well as their bytes."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        text = path.read_bytes().decode("utf-8", errors="replace")
        if path.suffix == ".pdf":
            text += "\n".join(page.extract_text() for page in PdfReader(path).pages)
        found[path.relative_to(folder).as_posix()] = text
    return found


@pytest.fixture(scope="module")
def salted(tmp_path_factory):
    salt = uuid.uuid4().hex[:10]
    markers = {
        "respondent id": f"RSALT{salt}",
        "participant id": f"PSALT{salt}",
        "unknown column value": f"salt{salt}@example.org",
        "free-text answer": f"FREETEXT{salt} I live at 4 Privet Drive",
    }
    project = make_project(tmp_path_factory.mktemp("salted"))
    folder = project.raw_dir(AREA, "2022-q1")
    folder.mkdir()
    (folder / "period.yml").write_text(
        f"label: 'Quarter {ATTACK}'\nstart: 2022-01-01\nend: 2022-03-31\n"
    )
    area = project.raw_dir(AREA) / "area.yml"
    area.write_text(area.read_text().replace("Test Town", f"Test Town {ATTACK}"))
    rng = np.random.default_rng(5)
    start, end = dt.date(2022, 1, 1), dt.date(2022, 3, 31)
    answers = survey(rng, 40, start, end, markers["respondent id"])
    answers["email"] = markers["unknown column value"]
    answers["comments"] = markers["free-text answer"]
    answers.to_csv(folder / "survey.csv", index=False)
    groups = {f"Tutors {ATTACK}": 12, "Social prescribers": 9}
    training(rng, groups, f"Healthy Chats {ATTACK}", start, end, markers["participant id"]).to_csv(
        folder / "training.csv", index=False
    )
    (folder / "delivery.csv").write_text(
        "organisation,activity,sessions,participants,funding_gbp,start_date,end_date\n"
        f'"Club {ATTACK}","Walk {ATTACK}",10,25,1500,2022-01-01,2022-03-31\n'
        '"Other club","Swim",4,12,300,2022-01-01,2022-03-31\n',
        encoding="utf-8",
    )
    # A second period whose closed column holds the attack: validation fails
    # and quotes the value on the steward's page and in Data Docs (the team's
    # validation/ tree); the published index says only that it failed.
    spoilt = project.raw_dir(AREA, "2022-q2")
    spoilt.mkdir()
    (spoilt / "period.yml").write_text("label: Spring\nstart: 2022-04-01\nend: 2022-06-30\n")
    answers = survey(rng, 10, dt.date(2022, 4, 1), dt.date(2022, 6, 30), "Q2R")
    answers.loc[3, "gender"] = ATTACK
    answers[f"note {ATTACK}"] = ""  # an unknown column, named by the attacker
    answers.to_csv(spoilt / "survey.csv", index=False)
    result = learnrep(project.root, "run")
    assert result.returncode == 1, result.stdout + result.stderr
    failed = [line for line in result.stdout.splitlines() if "FAILED" in line]
    assert failed == [f"  FAILED  {AREA}/2022-q2: 1 error"], result.stdout
    assert (
        "column gender: expected one of: Male, Female, Another term, Prefer not to say, "
        f'got "{ATTACK}"' in result.stdout
    )
    return project, markers


def test_salted_personal_data_reaches_no_published_file(salted):
    """Not the published reports/, nor even the steward's validation/."""
    project, markers = salted
    published, steward = _every_text(project.reports), _every_text(project.validation)
    assert any(name.endswith(".pdf") for name in published)
    assert any(name.startswith("data-docs/") for name in steward)
    assert "index.html" in published and "testarea/2022-q1/learning-report.ipynb" in published
    assert "testarea/2022-q1/validation.html" in steward
    outputs = {f"reports/{k}": v for k, v in published.items()}
    outputs |= {f"validation/{k}": v for k, v in steward.items()}
    for what, marker in markers.items():
        leaks = [name for name, text in outputs.items() if marker in text]
        assert leaks == [], f"the {what} appears in {leaks}"
    # Not even its start: ids are never quoted in part.
    assert not [n for n, t in outputs.items() if markers["respondent id"][:10] in t]


def test_attack_text_is_shown_as_text_on_every_page(salted):
    project, _ = salted
    pages = sorted([*project.reports.rglob("*.html"), *project.validation.rglob("*.html")])
    ours = [p for p in pages if "data-docs" not in p.parts]
    assert {p.name for p in ours} >= {"learning-report.html", "validation.html", "index.html"}
    assert any("programme" in p.parts for p in ours)
    spoilt = [p for p in pages if "2022-q2" in p.as_posix()]
    assert {p.name for p in spoilt} >= {"validation.html", "testarea.2022-q2.survey.html"}
    assert not [p for p in spoilt if project.reports in p.parents]  # nothing of it published
    for path in [*spoilt, project.validation / "index.html"]:  # the value is quoted, as text
        assert "Prefer not to say" in path.read_text(encoding="utf-8"), path
        text = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").get_text()
        assert "<img src=x onerror=alert(1)>" in text or path.name.startswith("testarea."), path
    index = (project.reports / "index.html").read_text(encoding="utf-8")
    assert "Prefer not to say" not in index  # the failing check's words stay with the team
    assert "1 problem in the data stops this report" in " ".join(index.split())
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for element in soup.find_all(True):
            handlers = [a for a in element.attrs if a.lower().startswith("on")]
            if path in ours:
                assert handlers == [], (path, element.name)
            else:  # Data Docs' own buttons have handlers; none may come from data
                assert not [a for a in handlers if "alert(" in element[a]], path
            assert not (element.name == "img" and element.get("src") == "x"), path
        if path in ours:
            assert soup.find_all("script") == [], path
        for script in soup.find_all("script"):  # Data Docs' own scripts
            assert "alert(" not in script.get_text(), path
    report = BeautifulSoup(
        (project.report_dir(AREA, "2022-q1") / "learning-report.html").read_text(), "html.parser"
    )
    text = " ".join(report.get_text().split())  # pandoc wraps lines anywhere
    for shown in ("Test Town <img src=x", "Healthy Chats <img", "Club <img", "Walk <img"):
        assert shown in text, shown


def test_spreadsheet_cells_cannot_hold_formulas():
    for attack in ("=HYPERLINK(\"http://x\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)",
                   "\t=1", "\r=1"):  # fmt: skip
        assert spreadsheet_safe(attack) == "'" + attack
    assert spreadsheet_safe("-12") == "-12" and spreadsheet_safe("3.5") == "3.5"
    assert spreadsheet_safe(7) == 7 and spreadsheet_safe(None) is None
    assert spreadsheet_safe("Female") == "Female"


def test_the_stewards_csv_neutralises_a_formula_in_the_data(project_with):
    project = project_with("valid_survey")
    path = project.raw_dir(AREA, "2022-q1") / "survey.csv"
    lines = path.read_text().splitlines()
    cells = lines[1].split(",")
    cells[4] = '"=HYPERLINK(""http://evil.example"",""x"")"'  # gender, a closed column
    lines[1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n")

    result = learnrep(project.root, "validate")

    assert result.returncode == 1
    exported = project.steward_dir(AREA, "2022-q1") / "failures.csv"
    assert exported.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    rows = list(csv.DictReader(io.StringIO(exported.read_text(encoding="utf-8-sig"))))
    gender = [r for r in rows if r["column"] == "gender"]
    assert gender and gender[0]["row"] == "2" and gender[0]["file"] == "survey.csv"
    assert gender[0]["value"].startswith("'=HYPERLINK(")
    assert not [r for r in rows for v in r.values() if v and v[0] in "=+@\t\r"]

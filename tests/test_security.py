"""Nothing personal or executable reaches a published file. Reports are built
from data salted with unique markers where personal data would be (ids, an
unknown column of e-mail addresses, a free-text column), and with attack
text where text is published (names, labels, a closed column's invalid
value); then every output file is searched, the PDF by its extracted text."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import itertools
import json
import re
import shutil
import uuid

import docx
import numpy as np
import pandas as pd
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import REPO, copy_notebook, learnrep, make_project
from pypdf import PdfReader

from pipeline.config import Project
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
    # and describes the value on the steward's page and in Data Docs (the
    # team's validation/ tree); it quotes the attacker's column name, as text;
    # the published index says only that it failed.
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
    assert (  # not code-like, so described, not quoted: the steward opens the file
        "column gender: expected one of: Male, Female, Another term, Prefer not to say, "
        f"got [text of {len(ATTACK)} characters]" in result.stdout
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
    for path in [*spoilt, project.validation / "index.html"]:  # the column name is shown, as text
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
    for attack in (
        '=HYPERLINK("http://x")',
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
    ):
        assert spreadsheet_safe(attack) == "'" + attack
    assert spreadsheet_safe("-12") == "-12" and spreadsheet_safe("3.5") == "3.5"
    assert spreadsheet_safe(7) == 7 and spreadsheet_safe(None) is None
    assert spreadsheet_safe("Female") == "Female"


def test_the_stewards_csv_neutralises_a_formula_in_the_data(project_with):
    project = project_with("valid_survey")
    path = project.raw_dir(AREA, "2022-q1") / "survey.csv"
    lines = path.read_text().splitlines()
    cells = lines[1].split(",")
    # A formula in words is never quoted (it is not code-like); one that
    # reads as a sum is, and must not run.
    cells[4] = '"=HYPERLINK(""http://evil.example"",""x"")"'  # gender, a closed column
    cells[5] = "-2+3"  # minutes_per_week
    lines[1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n")

    result = learnrep(project.root, "validate")

    assert result.returncode == 1
    exported = project.steward_dir(AREA, "2022-q1") / "failures.csv"
    assert exported.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    rows = list(csv.DictReader(io.StringIO(exported.read_text(encoding="utf-8-sig"))))
    gender = [r for r in rows if r["column"] == "gender"]
    assert gender and gender[0]["row"] == "2" and gender[0]["file"] == "survey.csv"
    assert gender[0]["value"] == "[text of 37 characters]"
    minutes = [r for r in rows if r["column"] == "minutes_per_week"]
    assert minutes and minutes[0]["value"] == "'-2+3"
    assert not [r for r in rows for v in r.values() if v and v[0] in "=+@\t\r"]


# -- contact details in every free-text field ----------------------------------------

CONTACT_AREA, CONTACT_PERIOD = "bolsover", "2022-q1"
# Codes rather than free text: a release names a period and is ordered by it.
NOT_FREE_TEXT = {("indicators", "indicator"), ("indicators", "release")}


def _contact_details(salt: str):
    """A new contact detail each time: a phone number in one of the forms
    people write them (UK, Polish, Romanian, international) or an e-mail
    address (plain or spelled out), with what gives it away if published:
    its address's mailbox, or its number's digits."""
    forms = [
        ("07700 900{n:03d}", "07700900{n:03d}"),
        ("+48 22 {n:03d} 45 67", "4822{n:03d}4567"),
        ("0721 {n:03d} 567", "0721{n:03d}567"),
        ("+33 1 23 {n:03d} 789", "33123{n:03d}789"),
        ("m{salt}x{n}@example.org", "m{salt}x{n}@"),
        ("m{salt}y{n} at example dot org", "m{salt}y{n} "),
    ]
    number = 100
    while True:
        for written, giveaway in forms:
            number += 1
            yield written.format(n=number, salt=salt), giveaway.format(n=number, salt=salt)


def _visible_text(path) -> str:
    """What a reader of the file can see or copy: a page's text and
    attributes, a PDF's text, a notebook's cells and text outputs."""
    if path.suffix == ".pdf":
        return "\n".join(page.extract_text() for page in PdfReader(path).pages)
    if path.suffix == ".html":
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        attributes = [
            str(value)
            for element in soup.find_all(True)
            for name, value in element.attrs.items()
            if not str(value).startswith("data:")
        ]
        return soup.get_text(" ") + "\n" + "\n".join(attributes)
    if path.suffix == ".ipynb":
        notebook = json.loads(path.read_text(encoding="utf-8"))
        parts = [json.dumps(notebook["metadata"])]
        for cell in notebook["cells"]:
            parts.append("".join(cell["source"]))
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                parts += ["".join(data.get(kind, "")) for kind in ("text/markdown", "text/plain")]
        return "\n".join(parts)
    return path.read_bytes().decode("utf-8", errors="replace")


@pytest.fixture(scope="module")
def contact_details_everywhere(tmp_path_factory):
    from pipeline.contract import DATASETS

    salt = uuid.uuid4().hex[:8]
    details = _contact_details(salt)
    planted: dict[str, str] = {}  # giveaway -> where it was planted

    def plant(where: str) -> str:
        written, giveaway = next(details)
        planted[giveaway] = where
        return written

    root = tmp_path_factory.mktemp("contacts")
    shutil.copytree(REPO / "data" / "raw" / CONTACT_AREA, root / "data" / "raw" / CONTACT_AREA)
    copy_notebook(root)
    project = Project(root)
    folder = project.raw_dir(CONTACT_AREA, CONTACT_PERIOD)
    for path in sorted(folder.glob("*.csv")):
        dataset = DATASETS[path.stem]
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:  # the sample has Windows-1250 exports too
            text = raw.decode("cp1250")
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        for column in dataset.columns:
            if column.kind != "text" or column.name not in frame:
                continue
            if (dataset.name, column.name) in NOT_FREE_TEXT:
                continue
            # The same words on every row, so categories stay as they were.
            detail = plant(f"{path.name} {column.name}")
            filled = frame[column.name] != ""
            frame.loc[filled, column.name] = frame.loc[filled, column.name] + f" ({detail})"
        frame.to_csv(path, index=False)
    area = project.raw_dir(CONTACT_AREA) / "area.yml"
    meta = yaml.safe_load(area.read_text())
    meta["name"] += f" {plant('area.yml name')}"
    meta["lead_organisation"] += f" {plant('area.yml lead_organisation')}"
    meta["aims"][0] += f" {plant('area.yml aims')}"
    area.write_text(yaml.safe_dump(meta, allow_unicode=True))
    period = folder / "period.yml"
    meta = yaml.safe_load(period.read_text())
    meta["label"] += f" {plant('period.yml label')}"
    period.write_text(yaml.safe_dump(meta, allow_unicode=True))
    (folder / "narrative.md").write_text(
        "---\n"
        f"title: Our year {plant('narrative title')}\n"
        f"authors: [Evaluation team {plant('narrative authors')}]\n"
        f"summary: A year of walking {plant('narrative summary')}\n"
        "---\n\n"
        f"## What worked\n\nWalking groups; ask `{plant('narrative code span')}`.\n\n"
        f"## Case study: the walk {plant('case-study heading')}\n\n"
        f"She leads it now, see ![a photo of {plant('alt text')}](walk.png).\n\n"
        f"## Other news\n\nWrite to {plant('narrative text').replace('@', '&#64;')} or "
        f"ring {plant('narrative text')}.\n",
        encoding="utf-8",
    )
    formats = ("--format", "html", "--format", "pdf", "--format", "docx")
    result = learnrep(root, "run", "--renderer", "builtin", *formats)
    assert result.returncode == 0, result.stdout + result.stderr
    return project, planted, result


def test_contact_details_in_every_free_text_field_reach_no_published_file(
    contact_details_everywhere,
):
    project, planted, result = contact_details_everywhere
    texts = {
        path.relative_to(project.root).as_posix(): _visible_text(path)
        for path in sorted(project.reports.rglob("*"))
        if path.is_file() and path.suffix != ".docx"
    }
    texts["the console"] = result.stdout + result.stderr
    report = project.report_dir(CONTACT_AREA, CONTACT_PERIOD)
    assert {"learning-report.html", "learning-report.pdf", "learning-report.ipynb"} <= {
        p.name for p in report.iterdir()
    }
    word = docx.Document(report / "learning-report.docx")
    texts["learning-report.docx"] = "\n".join(p.text for p in word.paragraphs) + "\n".join(
        cell.text for table in word.tables for row in table.rows for cell in row.cells
    )
    html = texts[f"reports/{CONTACT_AREA}/{CONTACT_PERIOD}/learning-report.html"]
    assert "[phone number removed]" in html and "[e-mail removed]" in html
    leaks = []
    for name, text in texts.items():
        digits = re.sub(r"\D", "", text)
        for giveaway, where in planted.items():
            found = giveaway in digits if giveaway.isdigit() else giveaway in text
            if found:
                leaks.append(f"{where} in {name}")
    assert leaks == [], "\n".join(leaks)


# -- attack class 1: provenance digests undo suppression ------------------------------

REACH_ROWS = [("Coaches trained", 3), ("Walks led", 41), ("Activity packs given out", 220)]


@pytest.fixture(scope="module")
def small_reach_report(tmp_path_factory):
    """A period whose only dataset is a three-line reach table, one count of
    people small enough to be shown as <5."""
    project = make_project(tmp_path_factory.mktemp("reach"))
    folder = project.raw_dir(AREA, "2022-q1")
    folder.mkdir()
    (folder / "period.yml").write_text("label: Spring\nstart: 2022-01-01\nend: 2022-03-31\n")
    lines = ["measure,count,note", *(f"{measure},{count}," for measure, count in REACH_ROWS)]
    (folder / "reach.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = learnrep(project.root, "run", "--format", "html")
    assert result.returncode == 0, result.stdout + result.stderr
    return project


def _outsiders_guess(reports) -> int | None:
    """An outsider with only reports/: read the reach table, rebuild the file
    it came from (as the contract's template writes it) with each count a
    `<5` could hide, in every row order, and compare each candidate's SHA-256
    with every digest published anywhere. The hidden count, if one matches."""
    page = BeautifulSoup(
        (reports / AREA / "2022-q1" / "learning-report.html").read_text(), "html.parser"
    )
    rows = []  # the reach section's list: "<count> <measure>", as written
    for item in page.find(id="reach").find_all("li"):
        count = item.find("strong").get_text()
        rows.append((count, " ".join(item.get_text().split()).removeprefix(count).strip(), ""))
    rows = [(measure, count, note) for count, measure, note in rows]
    assert len(rows) == len(REACH_ROWS)
    published = set()
    for path in reports.rglob("*"):
        if path.is_file():
            published |= set(re.findall(r"[0-9a-f]{64}", path.read_text(errors="replace")))
    for hidden in range(1, 5):
        shown = [(m, str(hidden) if n == "<5" else n, note) for m, n, note in rows]
        for order in itertools.permutations(shown):
            text = "measure,count,note\n" + "".join(f"{m},{n},{note}\n" for m, n, note in order)
            if hashlib.sha256(text.encode()).hexdigest() in published:
                return hidden
    return None


def test_a_published_digest_cannot_be_used_to_recover_a_suppressed_count(small_reach_report):
    reports = small_reach_report.reports
    page = (reports / AREA / "2022-q1" / "learning-report.html").read_text()
    assert "Coaches trained" in page and "&lt;5" in page  # the count is shown as <5
    assert _outsiders_guess(reports) is None
    raw = small_reach_report.raw_dir(AREA, "2022-q1")
    for path in raw.iterdir():  # no input's plain digest is published anywhere
        plain = hashlib.sha256(path.read_bytes()).hexdigest()
        assert not [
            p for p in reports.rglob("*") if p.is_file() and plain in p.read_text(errors="replace")
        ]
    assert learnrep(small_reach_report.root, "verify", f"reports/{AREA}/2022-q1").returncode == 0

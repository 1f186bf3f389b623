import pytest

from pipeline.contract import DATASETS
from pipeline.discover import AreaPeriod
from pipeline.errors import InputError
from pipeline.raw import decode, find_table, read_period, read_table

AP = AreaPeriod("testarea", "2022-q1")


def load(project, name):
    return read_table(project, find_table(project, AP, DATASETS[name]), DATASETS[name])


def test_windows_1250_text_survives_intact(project_with):
    table = load(project_with("cp1250_survey"), "training")
    assert table.encoding == "cp1250"
    assert table.frame["course"].tolist() == ["Zażółć gęślą jaźń", "Curs în limba română"]
    assert table.frame["workforce_group"].tolist() == ["Tutorzy", "Români"]


def test_windows_1252_pound_sign_and_accents_survive(project_with):
    table = load(project_with("cp1252_delivery"), "delivery")
    assert table.encoding == "cp1252"
    assert table.frame["organisation"].tolist() == ["Café Olé"]
    assert table.frame["funding_gbp"].tolist() == ["1500"]  # "£1,500" as Excel shows it


# Windows-1250 has Romanian's cedilla forms (ş, ţ), not the comma-below ones.
@pytest.mark.parametrize("text", ["Zażółć gęślą jaźń", "Română", "Mulţumim, Şcoala"])
def test_central_european_text_is_read_back_exactly(text):
    assert decode(text.encode("cp1250")) == (text, "cp1250")


def test_utf8_with_bom_and_semicolons_as_european_excel_saves(project_with):
    table = load(project_with("semicolon_bom"), "delivery")
    assert table.encoding == "utf-8-sig"
    assert table.frame.loc[2, "organisation"] == "Zest"
    assert table.frame.loc[2, "funding_gbp"] == "1500.50"


def test_day_first_dates_become_iso_and_are_never_read_month_first(project_with):
    table = load(project_with("ddmmyyyy_date"), "training")
    assert table.frame["session_date"].tolist() == ["2022-02-03", "2022-01-12"]


def test_workbook_first_sheet_blank_leading_rows_and_real_dates(project_with):
    table = load(project_with("xlsx_workbook"), "delivery")
    assert table.encoding is None
    assert list(table.frame.index) == [4, 5]  # spreadsheet rows, after two blank rows
    assert table.frame.loc[4, "start_date"] == "2022-01-01"
    assert table.frame.loc[4, "sessions"] == "12"
    assert table.frame.loc[4, "funding_gbp"] == "1500"
    assert any("ignored sheet(s) 'notes'" in note for note in table.notes)


def test_unknown_column_values_are_dropped_on_reading(project_with):
    table = load(project_with("unknown_email_column"), "survey")
    assert table.unknown == ["contact_email"]
    assert table.frame["contact_email"].isna().all()
    assert "example.org" not in table.frame.to_csv()


def test_rows_are_spreadsheet_rows_and_multi_select_is_tidied(project_with):
    table = load(project_with("valid_survey"), "survey")
    assert list(table.frame.index) == [2, 3, 4, 5, 6]
    assert table.frame.loc[3, "barriers"] == "My health;Cost"
    assert table.frame["health_condition"].isna().sum() == 1


def test_header_only_file_is_a_template(project_with):
    table = load(project_with("header_only"), "survey")
    assert table.is_template and table.missing == []


@pytest.mark.parametrize(
    ("fixture", "dataset", "expected"),
    [
        ("empty_file", "survey", "survey.csv: the file is empty"),
        ("binary_as_csv", "survey", "survey.csv: is not a CSV text file"),
        (
            "duplicated_column",
            "milestones",
            "milestones.csv row 1, column date: the column appears "
            "twice (spreadsheet columns A and C)",
        ),
    ],
)
def test_unreadable_files_name_file_row_and_column(project_with, fixture, dataset, expected):
    with pytest.raises(InputError) as caught:
        load(project_with(fixture), dataset)
    assert expected in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_file_of_separators_alone_is_empty(project_with):
    project = project_with("valid_survey")
    (project.raw_dir("testarea", "2022-q1") / "survey.csv").write_text(",,,\n;;\n\n")
    with pytest.raises(InputError, match="survey.csv: the file is empty"):
        load(project, "survey")


def test_a_header_after_a_megabyte_of_blank_lines_is_found(project_with):
    """The header is looked for in the first megabyte, then in the whole file."""
    project = project_with("valid_survey")
    path = project.raw_dir("testarea", "2022-q1") / "survey.csv"
    text = path.read_text(encoding="utf-8")
    blank = ",\n" * 600_000
    path.write_text(blank + text, encoding="utf-8")
    table = load(project, "survey")
    assert list(table.frame.index) == [600_002 + i for i in range(5)]
    assert table.frame.loc[600_003, "barriers"] == "My health;Cost"


def test_csv_and_xlsx_of_one_dataset_is_refused(project_with):
    project = project_with("xlsx_workbook")
    folder = project.raw_dir("testarea", "2022-q1")
    (folder / "delivery.csv").write_text("organisation\n")
    with pytest.raises(InputError, match="both delivery.csv and delivery.xlsx"):
        find_table(project, AP, DATASETS["delivery"])


def test_a_file_linked_from_outside_data_raw_is_refused(project_with, tmp_path):
    project = project_with("valid_survey")
    secret = tmp_path / "secret.csv"
    secret.write_text("respondent_id\nX\n")
    target = project.raw_dir("testarea", "2022-q1") / "survey.csv"
    target.unlink()
    target.symlink_to(secret)
    with pytest.raises(InputError, match="outside data/raw"):
        find_table(project, AP, DATASETS["survey"])


def test_malformed_period_yml_names_file_and_line(project_with):
    with pytest.raises(InputError) as caught:
        read_period(project_with("malformed_period"), AP)
    assert "data/raw/testarea/2022-q1/period.yml row" in str(caught.value)
    assert "not valid YAML" in str(caught.value)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("label: x\nstart: 2022-03-01\nend: 2022-01-01\n", "ends (2022-01-01) before it starts"),
        ("label: x\nstart: 2022-01-01\nend: 2022-03-31\nprevious: 2022-q1\n", "its own previous"),
        ("label: x\nstart: 2022-01-01\nend: 2022-03-31\nprevious: 2020-q1\n", "does not exist"),
        ("start: 2022-01-01\nend: 2022-03-31\n", "the field `label` is required"),
        ("label: x\nstart: 01/01/2022\nend: 2022-03-31\n", "expected a date written YYYY-MM-DD"),
        # A newcomer's typo once dropped the comparison without a word.
        (
            "label: x\nstart: 2022-01-01\nend: 2022-03-31\nprevous: 2021-q4\n",
            '"prevous" is not a field learnrep knows (did you mean `previous`',
        ),
        ("label: x\nstart: 2022-01-01\nend: 2022-03-31\nJo Bloggs: 1\n", "[text of 9 characters]"),
    ],
)
def test_period_yml_rules(project_with, content, expected):
    project = project_with("valid_survey")
    (project.raw_dir("testarea", "2022-q1") / "period.yml").write_text(content)
    with pytest.raises(InputError, match=expected.replace("(", r"\(").replace(")", r"\)")):
        read_period(project, AP)


def test_a_front_matter_field_the_report_does_not_use_is_a_warning_naming_the_closest(tmp_path):
    """A newcomer's `titel:` left the report under its stock title without a word."""
    from pipeline.raw import narrative

    path = tmp_path / "narrative.md"
    path.write_text("---\ntitel: Our pilot\nJo Bloggs: 1\nsummary: A year on\n---\n# Hi\n")
    read = narrative.read(path, "data/raw/testarea/2022-q1/narrative.md")
    assert read.front["summary"] == "A year on"
    assert len(read.notes) == 2
    assert read.notes[0].startswith(
        'data/raw/testarea/2022-q1/narrative.md: its front matter\'s "titel" is not used '
        "(did you mean `title`?); the report uses `title`, `authors`, `summary`"
    )
    assert "Jo Bloggs" not in read.notes[1]


REGULAR = [
    "a,b,c\n1,2,3\n",
    "a,b,c\r\n1,2,3\r\n4,5,6",
    'a,b,c\n"x, y","say ""hi""",3\n',
    'a,b,c\n"two\nlines",2,3\n4,5,6\n',
    "a;b;c\n1,5;2;3\n",
    "\n\na,b,c\n1,2,3\n",
    "a,b,c\n",
    "a,b,c\n,,\n1,,\n",
    "a,b,c\n  spaced  , x ,\tt\n",
    'a,b,c\nab"c,2,3\n',
    "a,b,c,\n1,2,3,\n",
    "Zażółć,b,c\nCafé,£5,€\n",
    "a,b,c\n1,2,3\n\n4,5,6\n",  # a blank line keeps its row number
    "a,b,c\n1,2,3\n\n",
    "a,b,c\r1,2,3\r",
    '"a,x",b,c\n1,2,3\n',
]
IRREGULAR = [
    '"a\nx",b,c\n1,2,3\n',  # a header cell across two lines
    "a,b,c\n1,2\n",  # a short row: pandas pads it
    "a,b,c\n1,2,3,4\n",  # a long row: pandas names its line
]


@pytest.mark.parametrize("text", REGULAR + IRREGULAR)
def test_the_fast_csv_reader_reads_as_pandas_does_or_declines(text):
    """pyarrow reads regular files; whatever it returns must be what pandas'
    reader returns for the same text (blank cells as "", as `_read_csv` makes
    them), and it must decline the rest."""
    import io

    import pandas as pd

    from pipeline.raw.tables import _read_regular_csv

    lines = text.splitlines()
    leading = next(i for i, line in enumerate(lines) if line.strip(" ,;\t"))
    delimiter = ";" if lines[leading].count(";") > lines[leading].count(",") else ","
    fast = _read_regular_csv(text.encode("utf-8"), delimiter, leading, lines[leading])
    if text in IRREGULAR:
        assert fast is None
        return
    expected = pd.read_csv(
        io.StringIO(text),
        sep=delimiter,
        header=None,
        dtype=str,
        keep_default_na=False,
        na_filter=False,
        skip_blank_lines=False,
        skiprows=leading,
        engine="c",
    )
    pd.testing.assert_frame_equal(fast, expected.fillna(""))


def test_only_commas_that_group_thousands_are_taken_out_of_a_number():
    """A newcomer's "5000,50" in a comma-separated funding.csv was read as
    £500,050, and "1,5" minutes as 15: a decimal comma is left as written,
    for validation to refuse, where it cannot be a thousands separator."""
    import pandas as pd

    from pipeline.raw.values import normalise

    amount = DATASETS["funding"].column("amount_gbp")
    written = ["£36,000", "1,200", "12,345,678.5", "5000,50", "1,5", "1,2345"]
    read = ["36000", "1200", "12345678.5", "5000,50", "1,5", "1,2345"]
    assert normalise(pd.Series(written), amount).tolist() == read


def test_a_workbook_cell_formatted_as_a_percentage_is_read_as_it_shows(tmp_path):
    """A cell showing 38.1% holds 0.381: a newcomer's indicators workbook
    was published as "0.4% in Bolsover against 0.3% in England"."""
    import openpyxl

    from pipeline.raw.workbook import read_workbook

    book = openpyxl.Workbook()
    book.active.append(["measure", "value", "count"])
    book.active.append(["Inactive adults", 0.381, 12])
    book.active["B2"].number_format = "0.0%"
    book.save(tmp_path / "context.xlsx")
    header, body, *_ = read_workbook(tmp_path / "context.xlsx", "context.xlsx")
    assert header == ["measure", "value", "count"]
    assert body.values.tolist() == [["Inactive adults", "38.1", "12"]]

"""The raw-data contract (shared/contract.md, section 1) written once as data.

The loaders, the Great Expectations suites, the typed parquet, the templates
that `new-period` writes and the steward's page all read these definitions, so
a rule changed here changes everywhere at once."""

from __future__ import annotations

import re
from dataclasses import dataclass

# An ONS geography code: E07000033 (a district), E92000001 (England).
ONS_CODE = re.compile(r"[EWSNK]\d{8}")
LANGUAGES = ("en", "pl", "ro", "other")
AGE_BANDS = ("Under 20", "20-40", "41-60", "61-80", "80+", "Prefer not to say")
GENDERS = ("Male", "Female", "Another term", "Prefer not to say")
HEALTH = ("Yes", "No", "Prefer not to say")
ACTIVITIES = (
    "Walking",
    "Housework/Shopping",
    "Gardening",
    "Leisure centre class",
    "Activity classes",
    "Other",
    "None",
)
BARRIERS = (
    "Time",
    "My health",
    "Family/caring responsibilities",
    "Cost",
    "Transport",
    "Confidence",
    "No one to take part with",
    "Other",
)
FOLLOW_UP = ("yes", "no")
CONFIDENCE = ("1", "2", "3", "4", "5")

# Sport England's Active Lives bands on minutes per week. "Inactive" is the
# first two together: fewer than 30 minutes.
ACTIVITY_LEVELS = ("None", "Under 30", "30-149", "150+")
INACTIVE_LEVELS = ("None", "Under 30")

MULTI_SELECT_SEPARATOR = ";"


@dataclass(frozen=True)
class Column:
    name: str
    # id: unique key text; text: free text; enum: one allowed value;
    # multi: ;-separated allowed values; int/decimal: numbers; date; code: ONS code;
    # slug: a short stable name (a recommendation's id)
    kind: str
    required: bool = True
    allowed: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    in_period: bool = False  # a date outside the reporting period is a warning
    # The column may be left out of the file altogether (columns the contract
    # added in a later round, so older files stay valid). Every other column
    # must be in the file, even where its values may be blank.
    may_be_absent: bool = False
    # A whole number that may also be written N+ ("400+": at least 400, the
    # exact number not known), shown as written.
    plus: bool = False
    # Names another row of the same file by that row's value in this column
    # (reach's part_of names another measure).
    names_row_by: str | None = None

    @property
    def shows_values(self) -> bool:
        """Whether an offending value may be quoted back on the steward's page.

        Only closed columns (a fixed vocabulary, numbers, dates, codes) qualify:
        ids and free text can hold personal data, so only their rows are listed."""
        return self.kind in {"enum", "int", "decimal", "date", "code", "slug"}

    def expected(self) -> str:
        """What a valid value looks like, in words, for messages and Data Docs."""
        if self.kind in {"enum", "multi"}:
            listed = ", ".join(self.allowed)
            return f"one of: {listed}" if self.kind == "enum" else f"answers from: {listed}"
        if self.kind in {"int", "decimal"}:
            noun = "a whole number" if self.kind == "int" else "a number"
            if self.maximum is None:
                found = f"{noun} of at least {self.minimum:g}"
            else:
                found = f"{noun} from {self.minimum:g} to {self.maximum:g}"
            if self.plus:
                return f"{found}, or one written with a plus (400+: at least 400)"
            return found
        if self.names_row_by:
            return f"the {self.names_row_by} of another row of the file"
        if self.kind == "date":
            return "a real date, written YYYY-MM-DD or DD/MM/YYYY"
        if self.kind == "code":
            return "an ONS geography code such as E07000033"
        if self.kind == "slug":
            return "a short name of lower-case letters, digits and hyphens, such as rec-1"
        return "a value"


@dataclass(frozen=True)
class Dataset:
    name: str
    columns: tuple[Column, ...]
    unique: tuple[str, ...] = ()  # these columns together identify a row
    ordered: tuple[str, str] | None = None  # (earlier, later) date columns

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _enum(name: str, allowed: tuple[str, ...], required: bool = True) -> Column:
    return Column(name, "enum", required, allowed)


def _multi(name: str, allowed: tuple[str, ...]) -> Column:
    return Column(name, "multi", False, allowed)


SURVEY = Dataset(
    "survey",
    (
        Column("respondent_id", "id"),
        Column("completed_on", "date", in_period=True),
        _enum("language", LANGUAGES),
        _enum("age_band", AGE_BANDS),
        _enum("gender", GENDERS),
        Column("minutes_per_week", "int", False, minimum=0, maximum=2000),
        _enum("health_condition", HEALTH, required=False),
        _multi("activities", ACTIVITIES),
        _multi("barriers", BARRIERS),
        _multi("interests", ACTIVITIES),
    ),
    unique=("respondent_id",),
)

TRAINING = Dataset(
    "training",
    (
        Column("participant_id", "id"),
        Column("course", "text"),
        Column("workforce_group", "text"),
        Column("session_date", "date", in_period=True),
        Column("confidence_before", "int", minimum=1, maximum=5),
        Column("confidence_after", "int", False, minimum=1, maximum=5),
        _enum("follow_up", FOLLOW_UP, required=False),
    ),
    unique=("participant_id", "course"),
)

DELIVERY = Dataset(
    "delivery",
    (
        Column("organisation", "text"),
        Column("activity", "text"),
        Column("sessions", "int", minimum=0),
        Column("participants", "int", minimum=0),
        Column("funding_gbp", "decimal", False, minimum=0),
        Column("start_date", "date"),
        Column("end_date", "date"),
    ),
    ordered=("start_date", "end_date"),
)

# An indicator's unit (contract section 5); blank means %.
INDICATOR_UNITS = ("%", "per 100,000", "count", "score", "£")
INDICATORS = Dataset(
    "indicators",
    (
        Column("geography_code", "code"),
        Column("geography_name", "text"),
        Column("indicator", "text"),
        Column("release", "text"),
        Column("value", "decimal", minimum=0, maximum=100),
        Column("unit", "enum", False, INDICATOR_UNITS, may_be_absent=True),
    ),
    unique=("geography_code", "indicator", "release"),
)

MILESTONE_STATUSES = ("done", "in progress", "planned")  # blank means done

MILESTONES = Dataset(
    "milestones",
    (
        Column("date", "date", in_period=True),
        Column("milestone", "text"),
        Column("status", "enum", False, MILESTONE_STATUSES, may_be_absent=True),
    ),
)

# -- section 4: learning content ------------------------------------------------

# What a reach measure counts (contract section 5): only people are
# disclosure-controlled.
REACH_UNITS = ("people", "organisations", "sessions", "events", "items")
REACH_PEOPLE = REACH_UNITS[0]  # a blank unit means people
REACH = Dataset(
    "reach",
    (
        Column("measure", "text"),
        Column("count", "int", minimum=0, plus=True),
        Column("note", "text", False),
        Column("unit", "enum", False, REACH_UNITS, may_be_absent=True),
        # Another measure of the file that this one is part of (wheelchair
        # users, part of disabled residents): linked in the disclosure audit.
        Column("part_of", "text", False, may_be_absent=True, names_row_by="measure"),
    ),
    unique=("measure",),
)
# How processed data marks a count written N+: a boolean column beside it.
AT_LEAST_SUFFIX = "_at_least"

FUNDING_STATUSES = ("secured", "applied", "unsuccessful", "spent")
FUNDING = Dataset(
    "funding",
    (
        Column("source", "text"),
        Column("amount_gbp", "decimal", minimum=0),
        _enum("status", FUNDING_STATUSES),
        Column("date", "date", False),
    ),
)

RECOMMENDATION_STATUSES = ("new", "in progress", "done", "dropped")
OPEN_RECOMMENDATIONS = ("new", "in progress")  # carried over by new-period --from
RECOMMENDATIONS = Dataset(
    "recommendations",
    (
        Column("id", "slug"),
        Column("recommendation", "text"),
        _enum("status", RECOMMENDATION_STATUSES),
        Column("owner", "text", False),
        Column("theme", "text", False, may_be_absent=True),
        Column("timescale", "text", False, may_be_absent=True),
    ),
    unique=("id",),
)

CONSENT = ("yes", "no")
QUOTES = Dataset(
    "quotes",
    (
        Column("quote", "text"),
        Column("role", "text"),
        Column("theme", "text", False),
        _enum("consent", CONSENT),
    ),
)

SECTORS = (
    "NHS",
    "Voluntary and community",
    "Local authority",
    "Public health",
    "Sport and leisure",
    "Education",
    "Business",
    "Other",
)
PARTNERS = Dataset(
    "partners",
    (
        Column("organisation", "text"),
        _enum("sector", SECTORS),
        Column("engagement", "int", minimum=1, maximum=5),
        Column("joined", "date", False),
        Column("group", "text", False, may_be_absent=True),
    ),
    unique=("organisation",),
)

DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in (
        SURVEY,
        TRAINING,
        DELIVERY,
        INDICATORS,
        MILESTONES,
        REACH,
        FUNDING,
        RECOMMENDATIONS,
        QUOTES,
        PARTNERS,
    )
}

AREA_FIELDS = {
    "name": True,
    "programme": True,
    "lead_organisation": False,
    "la_code": False,
    "region": False,
    "synthetic": False,
    "report": False,  # which notebook in notebooks/ makes the reports
    "grant_gbp": False,
    "aims": False,
}
PERIOD_FIELDS = {"label": True, "start": True, "end": True, "previous": False, "report": False}
REPORT_KINDS = ("learning-report", "system-impact", "progress-report")  # shipped notebooks
DEFAULT_REPORT = "learning-report"


def report_kind(area_meta: dict, period_meta: dict) -> str:
    """Which notebook makes an area-period's report: period.yml's `report:`
    wins over area.yml's, and learning-report is the default."""
    return period_meta.get("report") or area_meta.get("report") or DEFAULT_REPORT

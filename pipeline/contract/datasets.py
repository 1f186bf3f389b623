"""The datasets of contract section 1 (survey, training, delivery,
indicators, milestones): their columns, their rules, and the words the data
dictionary gives them."""

from __future__ import annotations

from pipeline.contract.columns import Column, Dataset, UnitRule, many_of, one_of

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


SURVEY = Dataset(
    "survey",
    (
        Column(
            "respondent_id",
            "id",
            description="The respondent's survey id (never a name).",
            example="BOLQ1-00001",
        ),
        Column(
            "completed_on",
            "date",
            in_period=True,
            description="When the survey was answered.",
            example="2022-01-18",
        ),
        one_of(
            "language",
            LANGUAGES,
            description="The language the survey was answered in.",
            example="pl",
        ),
        one_of("age_band", AGE_BANDS, description="The respondent's age band.", example="41-60"),
        one_of("gender", GENDERS, description="The respondent's gender.", example="Female"),
        Column(
            "minutes_per_week",
            "int",
            False,
            minimum=0,
            maximum=2000,
            description="Minutes of activity a week; blank when not answered. Sets the "
            "Active Lives band: None (0), Under 30 (1-29), 30-149, 150+.",
            example="149",
        ),
        one_of(
            "health_condition",
            HEALTH,
            required=False,
            description="Whether a health condition prevents the respondent being more "
            "active; blank when not answered.",
            example="Prefer not to say",
        ),
        many_of(
            "activities",
            ACTIVITIES,
            description="What the respondent does to be active.",
            example="Walking;Housework/Shopping",
        ),
        many_of(
            "barriers",
            BARRIERS,
            description="What stops the respondent being more active.",
            example="Time;Cost",
        ),
        many_of(
            "interests",
            ACTIVITIES,
            description="What the respondent would like to do.",
            example="Leisure centre class",
        ),
    ),
    unique=("respondent_id",),
    description="The community survey: one row per respondent.",
)

TRAINING = Dataset(
    "training",
    (
        Column(
            "participant_id",
            "id",
            description="The participant's id (never a name).",
            example="HCQ1-0001",
        ),
        Column("course", "text", description="The course taken.", example="Healthy Chats"),
        Column(
            "workforce_group",
            "text",
            description="The participant's workforce group.",
            example="Social prescribers",
        ),
        Column(
            "session_date",
            "date",
            in_period=True,
            description="When the course was taken.",
            example="2021-11-06",
        ),
        Column(
            "confidence_before",
            "int",
            minimum=1,
            maximum=5,
            description="Confidence before the course, 1 (low) to 5 (high).",
            example="2",
        ),
        Column(
            "confidence_after",
            "int",
            False,
            minimum=1,
            maximum=5,
            description="Confidence after the course; blank when there was no post-course "
            "return. Distance travelled is after minus before.",
            example="4",
        ),
        one_of(
            "follow_up",
            FOLLOW_UP,
            required=False,
            description="Whether the participant was followed up; blank when not known.",
            example="yes",
        ),
    ),
    unique=("participant_id", "course"),
    description="Workforce training: one row per participant per course.",
)

DELIVERY = Dataset(
    "delivery",
    (
        Column(
            "organisation",
            "text",
            description="The organisation that delivered.",
            example="County council",
        ),
        Column(
            "activity",
            "text",
            description="What was delivered.",
            example="Mental wellbeing workshops",
        ),
        Column("sessions", "int", minimum=0, description="Sessions delivered.", example="8"),
        Column("participants", "int", minimum=0, description="People who took part.", example="80"),
        Column(
            "funding_gbp",
            "decimal",
            False,
            minimum=0,
            description="Funding for the activity in pounds; blank when not known.",
            example="36000",
        ),
        Column(
            "start_date", "date", description="When the activity started.", example="2017-08-01"
        ),
        Column("end_date", "date", description="When the activity ended.", example="2018-07-31"),
    ),
    ordered=("start_date", "end_date"),
    description="Activity delivery: one row per organisation and activity.",
)

# An indicator's unit (contract section 5); blank means %.
INDICATOR_UNITS = ("%", "per 100,000", "count", "score", "£")
INDICATORS = Dataset(
    "indicators",
    (
        Column(
            "geography_code",
            "code",
            description="The ONS code of the area the figure is for (E92000001 for England).",
            example="E07000033",
        ),
        Column("geography_name", "text", description="That area's name.", example="Bolsover"),
        Column("indicator", "text", description="The indicator's code.", example="inactive_pct"),
        Column(
            "release", "text", description="The release the figure is from.", example="Nov 2020-21"
        ),
        Column(
            "value",
            "decimal",
            description="The figure, in its unit: 0 to 100 for %, 0 to 100,000 per 100,000, "
            "a whole number for a count, at least 0 in £, any number for a score.",
            example="31.5",
        ),
        Column(
            "unit",
            "enum",
            False,
            INDICATOR_UNITS,
            may_be_absent=True,
            description="The figure's unit; blank means %.",
            example="%",
        ),
    ),
    unique=("geography_code", "indicator", "release"),
    description="Published context such as Active Lives: one row per area, indicator and release.",
    units=UnitRule(
        "value",
        "unit",
        "%",
        (
            ("%", Column("value", "decimal", minimum=0, maximum=100)),
            ("per 100,000", Column("value", "decimal", minimum=0, maximum=100_000)),
            ("count", Column("value", "int", minimum=0)),
            ("£", Column("value", "decimal", minimum=0)),
            # A score may be on any scale: any number.
        ),
    ),
)

MILESTONE_STATUSES = ("done", "in progress", "planned")  # blank means done

MILESTONES = Dataset(
    "milestones",
    (
        Column(
            "date",
            "date",
            in_period=True,
            months=True,
            description="When the milestone was (or is planned to be) reached: a day, or a "
            "month written YYYY-MM.",
            example="2022-01-17",
        ),
        Column(
            "milestone",
            "text",
            description="What the milestone is.",
            example="Polish-language course launched",
        ),
        Column(
            "status",
            "enum",
            False,
            MILESTONE_STATUSES,
            may_be_absent=True,
            description="Where the milestone stands; blank means done.",
            example="planned",
        ),
    ),
    description="The pilot's milestones: one row per milestone.",
)

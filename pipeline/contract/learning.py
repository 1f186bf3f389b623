"""The learning datasets of contract section 4 (reach, funding,
recommendations, quotes, partners): their columns, their rules, and the
words the data dictionary gives them."""

from __future__ import annotations

from pipeline.contract.columns import Column, Dataset, one_of

# What a reach measure counts (contract section 5): only people are
# disclosure-controlled.
REACH_UNITS = ("people", "organisations", "sessions", "events", "items")
REACH_PEOPLE = REACH_UNITS[0]  # a blank unit means people
REACH = Dataset(
    "reach",
    (
        Column(
            "measure", "text", description="What was counted.", example="Activity packs distributed"
        ),
        Column(
            "count",
            "int",
            minimum=0,
            plus=True,
            description="How many; a count known only as at least N may be written N+.",
            example="220",
        ),
        Column(
            "note",
            "text",
            False,
            description="A note shown beside the count; may be blank.",
            example="Given out at the food bank",
        ),
        Column(
            "unit",
            "enum",
            False,
            REACH_UNITS,
            may_be_absent=True,
            description="What the count counts; blank means people. Only counts of people "
            "are disclosure-controlled.",
            example="items",
        ),
        Column(
            "part_of",
            "text",
            False,
            may_be_absent=True,
            # Linked in the disclosure audit (wheelchair users, part of disabled residents).
            names_row_by="measure",
            description="Another measure in the file that this one is part of; may be blank.",
            example="",
        ),
    ),
    unique=("measure",),
    description="Outputs counted in aggregate, never per person: one row per measure.",
)
# How processed data marks a count written N+: a boolean column beside it.
AT_LEAST_SUFFIX = "_at_least"

FUNDING_STATUSES = ("secured", "applied", "unsuccessful", "spent")
FUNDING = Dataset(
    "funding",
    (
        Column(
            "source",
            "text",
            description="Where the money is from.",
            example="Bolsover District Council",
        ),
        Column(
            "amount_gbp",
            "decimal",
            False,
            minimum=0,
            description="The amount in pounds; blank if not stated (never counted as 0).",
            example="12000",
        ),
        one_of(
            "status", FUNDING_STATUSES, description="Where the money stands.", example="secured"
        ),
        Column(
            "date",
            "date",
            False,
            months=True,
            description="When: a day, or a month written YYYY-MM; may be blank.",
            example="2021-12-01",
        ),
    ),
    description="Money secured, applied for, refused and spent: one row per amount.",
)

RECOMMENDATION_STATUSES = ("new", "in progress", "done", "dropped")
OPEN_RECOMMENDATIONS = ("new", "in progress")  # carried over by new-period --from
RECOMMENDATIONS = Dataset(
    "recommendations",
    (
        Column(
            "id",
            "slug",
            description="A short name that stays the same from one period to the next.",
            example="translated-materials",
        ),
        Column(
            "recommendation",
            "text",
            description="The recommendation.",
            example="Keep translating materials into Polish and Romanian",
        ),
        one_of(
            "status",
            RECOMMENDATION_STATUSES,
            description="Where it stands now.",
            example="in progress",
        ),
        Column(
            "owner", "text", False, description="Who carries it out; may be blank.", example="BCVS"
        ),
        Column(
            "theme",
            "text",
            False,
            may_be_absent=True,
            description="A theme to group it under; may be blank.",
            example="Reach",
        ),
        Column(
            "timescale",
            "text",
            False,
            may_be_absent=True,
            description="When it should happen; may be blank.",
            example="Next six months",
        ),
    ),
    unique=("id",),
    description="Recommendations, followed from one period to the next: one row each. "
    "`new-period --from` carries the open ones over.",
)

CONSENT = ("yes", "no")
QUOTES = Dataset(
    "quotes",
    (
        Column(
            "quote",
            "text",
            description="The words, as said or written.",
            example="I can walk to the shops again without stopping.",
        ),
        Column(
            "role", "text", description="The speaker's role, never their name.", example="Resident"
        ),
        Column(
            "theme",
            "text",
            False,
            description="A theme to group it under; may be blank.",
            example="Confidence",
        ),
        one_of(
            "consent",
            CONSENT,
            description="Whether the speaker agreed to publication: only "
            "rows with yes are ever published.",
            example="yes",
        ),
    ),
    description="Participants' and partners' words: one row per quote.",
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
        Column(
            "organisation",
            "text",
            description="The partner organisation.",
            example="Bolsover District Council",
        ),
        one_of("sector", SECTORS, description="The partner's sector.", example="Local authority"),
        Column(
            "engagement",
            "int",
            minimum=1,
            maximum=5,
            description="How closely the partner works with the pilot, 1 (loosely) to 5 (closely).",
            example="5",
        ),
        Column(
            "joined",
            "date",
            False,
            description="When the partner joined; may be blank.",
            example="2021-06-01",
        ),
        Column(
            "group",
            "text",
            False,
            may_be_absent=True,
            description="A group the partner sits on; may be blank.",
            example="Strategic Steering Group",
        ),
    ),
    unique=("organisation",),
    description="The system around the pilot: one row per partner organisation. "
    "`new-period --from` carries them over.",
)

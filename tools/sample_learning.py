"""The learning content of the sample areas (contracts sections 4 and 5):
reach, funding (months, an amount not stated), recommendations with a theme
and timescale, quotes, partners with their group, milestones with a status
and months, and the images the narratives show (their words are in
`sample_narratives`). Written by hand, not drawn at random, so
each area reads like the kind of published report it stands in for:
Bolsover a We Are Undefeatable pilot's final learning report, Buckinghamshire
and Milton Keynes a Leap system-impact story, Sheffield a Move More
Empowered Communities progress report. Everything here is made up."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

REACH, FUNDING, RECS, QUOTES, PARTNERS = (
    ["measure", "count", "note", "unit"],
    ["source", "amount_gbp", "status", "date"],
    ["id", "recommendation", "status", "owner", "theme", "timescale"],
    ["quote", "role", "theme", "consent"],
    ["organisation", "sector", "engagement", "joined", "group"],
)
# What each sample reach measure counts, where it is not people (contract
# section 5): only counts of people are disclosure-controlled.
UNITS = {
    "Activity packs distributed": "items",
    "Translated leaflets distributed": "items",
    "Community events held": "events",
    "Clubs engaged": "organisations",
    "Activation pots awarded": "items",
    "Organisations funded": "organisations",
}
STEERING, SYSTEM = "Strategic Steering Group", "Mental wellbeing partners group"

AREA_KEYS = {
    "bolsover": {
        "report": "learning-report",
        "grant_gbp": 75000,
        "aims": [
            "Inspire, reassure and support people with long-term conditions to be more active",
            "Reach Polish and Romanian speaking residents that English-only materials miss",
            "Give front-line workers the confidence to talk about activity",
        ],
    },
    "bucks-mk": {
        "report": "system-impact",
        "aims": [
            "Make mental wellbeing part of how sport and activity are offered",
            "Bring clubs, coaches and health partners into one system",
        ],
    },
    "sheffield": {
        "report": "progress-report",
        "grant_gbp": 60000,
        "aims": [
            "Fund trusted community organisations to try new ways of moving more",
            "Learn what helps people who would not go to a leisure centre",
        ],
    },
}

CONTENT: dict[tuple[str, str], dict[str, list[list]]] = {
    ("bolsover", "2021-h2"): {
        "reach": [
            ["Activity packs distributed", 180, "Given out at the food bank and GP surgery"],
            ["Translated leaflets distributed", 240, "Polish and Romanian"],
            ["Community events held", 6, ""],
        ],
        "funding": [
            ["Sport England (We Are Undefeatable pilot)", 75000, "secured", "2021-06-01"],
            ["Sport England (We Are Undefeatable pilot)", 26500, "spent", "2021-10-31"],
            ["Bolsover District Council", 5000, "applied", "2021-09-15"],
        ],
        "recommendations": [
            [
                "translated-materials",
                "Keep translating materials into Polish and Romanian",
                "new",
                "BCVS",
            ],
            [
                "walking-prescribing",
                "Build walking into social prescribing",
                "new",
                "Primary care network",
            ],
            ["short-sessions", "Offer short sessions that fit around shift work", "new", "BCVS"],
        ],
        "quotes": [
            [
                "I didn't think exercise was for someone with my back. The walk showed me it is.",
                "Resident",
                "Confidence",
                "yes",
            ],
            [
                "Having the leaflet in Polish meant my mum came along too.",
                "Resident",
                "Language",
                "yes",
            ],
            [
                "Healthy Chats gave me the words to raise activity without preaching.",
                "Social prescriber",
                "Training",
                "yes",
            ],
            ["Please don't use this one.", "Resident", "Confidence", "no"],
        ],
        "partners": [
            ["BCVS (Bolsover Together)", "Voluntary and community", 5, "2021-06-01"],
            ["Bolsover District Council", "Local authority", 4, "2021-06-01"],
            ["Shirebrook Primary Care Network", "NHS", 3, "2021-07-12"],
            ["Derbyshire Public Health", "Public health", 3, "2021-07-01"],
            ["Shirebrook Leisure Centre", "Sport and leisure", 2, "2021-09-06"],
        ],
        "milestones": [
            ["2021-07-01", "Pilot relaunched in Shirebrook with partners", "done"],
            ["2021-07-01", "Translated survey goes live", "done"],
            ["2021-10-25", "Interim learning session", "done"],
        ],
    },
    ("bolsover", "2022-q1"): {
        "reach": [
            ["Activity packs distributed", 220, "Given out at the food bank and GP surgery"],
            ["Translated leaflets distributed", 310, "Polish and Romanian"],
            ["Community events held", 9, ""],
            ["Walk leaders trained", 14, "Volunteers, not in the Healthy Chats figures"],
        ],
        "funding": [
            ["Sport England (We Are Undefeatable pilot)", 75000, "secured", "2021-06-01"],
            ["Sport England (We Are Undefeatable pilot)", 71200, "spent", "2022-03-31"],
            ["Bolsover District Council", 5000, "secured", "2021-12-01"],
            ["National Lottery Community Fund", 10000, "unsuccessful", "2022-02-10"],
            ["Derbyshire County Council (legacy fund)", 12000, "applied", "2022-03-01"],
        ],
        "recommendations": [
            [
                "translated-materials",
                "Keep translating materials into Polish and Romanian",
                "in progress",
                "BCVS",
            ],
            [
                "walking-prescribing",
                "Build walking into social prescribing",
                "done",
                "Primary care network",
            ],
            [
                "short-sessions",
                "Offer short sessions that fit around shift work",
                "in progress",
                "BCVS",
            ],
            [
                "peer-champions",
                "Recruit peer champions from the Polish and Romanian communities",
                "new",
                "BCVS",
            ],
        ],
        "quotes": [
            [
                "The group is the reason I get out of the house on a Tuesday.",
                "Resident",
                "Connection",
                "yes",
            ],
            ["I can walk to the shops again without stopping.", "Resident", "Confidence", "yes"],
            [
                "Now I ask every patient what they enjoy doing, not how much they exercise.",
                "Social prescriber",
                "Training",
                "yes",
            ],
            [
                "The course in Polish made me feel the project was for us too.",
                "Tutor",
                "Training",
                "yes",
            ],
            [
                "I came for the walk and stayed for the people. I know faces in town now.",
                "Resident",
                "Connection",
                "yes",
            ],
        ],
        "partners": [
            ["BCVS (Bolsover Together)", "Voluntary and community", 5, "2021-06-01"],
            ["Bolsover District Council", "Local authority", 5, "2021-06-01"],
            ["Shirebrook Primary Care Network", "NHS", 4, "2021-07-12"],
            ["Derbyshire Public Health", "Public health", 3, "2021-07-01"],
            ["Shirebrook Leisure Centre", "Sport and leisure", 3, "2021-09-06"],
            ["Shirebrook Academy", "Education", 2, "2022-01-10"],
            ["Polish Community Association", "Voluntary and community", 4, "2021-12-06"],
        ],
        "milestones": [
            ["2021-11-05", "Second round of Healthy Chats training begins", "done"],
            ["2021-12-13", "Second Polish-language course begins", "done"],
            ["2022-03-31", "Final survey closes", "done"],
            ["2022-03-28", "Legacy plan agreed with the district council", "in progress"],
        ],
    },
    ("bucks-mk", "2017-18"): {
        "reach": [
            [
                "Coaches, instructors and professionals at MHASPA workshops",
                80,
                "Mental health awareness for sport and physical activity",
            ],
            ["Clubs engaged", 18, ""],
            ["Partners at the mental health partner forum", 50, "May 2018"],
        ],
        "funding": [
            ["Sport England and Mind (Get Set to Go)", 36000, "secured", "2018-06"],
            ["Sport in Mind", 20000, "applied", "2018-06"],
        ],
        "recommendations": [
            ["named-contacts", "Keep a named contact in every partner", "new", "Leap"],
            ["volunteer-workshops", "Open the workshops to club volunteers", "new", "Leap"],
        ],
        "quotes": [
            [
                "I used to think mental health was someone else's job. Now I know what to say.",
                "Coach",
                "Training",
                "yes",
            ],
            [
                "Leap gave us a seat at the table with the health people.",
                "Club secretary",
                "Partnership",
                "yes",
            ],
        ],
        "partners": [
            ["Leap (Active Partnership)", "Sport and leisure", 5, "2017-08-01"],
            ["Buckinghamshire County Council", "Local authority", 4, "2017-08-14"],
            ["Mind (Bucks and Milton Keynes)", "Voluntary and community", 4, "2017-08-14"],
            ["Clinical commissioning group", "NHS", 2, "2018-02-01"],
            ["Milton Keynes Council", "Local authority", 2, "2017-11-20"],
            ["County FA", "Sport and leisure", 3, "2017-11-20"],
        ],
        "milestones": [
            [
                "2017-08",
                "Mental wellbeing chosen as a challenge, from data and partners' priorities",
                "done",
            ],
            [
                "2017-11",
                "Good practice from pilot projects shared with the local Mind charities",
                "done",
            ],
            [
                "2018-01",
                "Two existing projects refocused on mental wellbeing, with new evaluation questions",
                "done",
            ],
            ["2018-04", "Partners start shaping a bid for national mental health funding", "done"],
            ["2018-05", "Mental health partner forum: about 50 partners", "done"],
            ["2018-06", "Buckinghamshire one of six areas to win the national investment", "done"],
            ["2018-07", "Invited onto the county's anti-stigma steering group", "done"],
        ],
    },
    ("bucks-mk", "2018-19"): {
        "reach": [
            [
                "Coaches, instructors and professionals at MHASPA workshops",
                95,
                "Since the programme began",
            ],
            ["Instructors and deliverers supported (girls' programme)", 25, ""],
            ["Teachers given anti-stigma and signposting packs", 90, ""],
            ["Coaches and deliverers given anti-stigma and signposting packs", 400, ""],
            [
                "Club volunteers at the workshops",
                35,
                "First year the workshops were open to volunteers",
            ],
        ],
        "funding": [
            ["Sport England and Mind (Get Set to Go)", 36000, "secured", "2018-06"],
            [
                "Sport in Mind (exit routes for people with serious mental illness)",
                20000,
                "secured",
                "2018-11",
            ],
            ["Buckinghamshire Public Health (Get Set to Go training)", None, "secured", "2019-01"],
            ["Sport England and Mind (Get Set to Go)", 34500, "spent", "2019-04-30"],
            [
                "Sport in Mind (exit routes for people with serious mental illness)",
                8000,
                "spent",
                "2019-04-30",
            ],
            ["Get Set to Go (Milton Keynes bid)", 40000, "unsuccessful", "2018-11"],
            ["MK Community Foundation", 15000, "applied", "2019-01"],
        ],
        "recommendations": [
            ["named-contacts", "Keep a named contact in every partner", "done", "Leap"],
            ["volunteer-workshops", "Open the workshops to club volunteers", "done", "Leap"],
            [
                "health-referrals",
                "Agree a referral route from GP practices to clubs",
                "new",
                "Clinical commissioning group",
            ],
            [
                "stagger-bids",
                "Stagger bids for different areas to the same fund, so partners never compete",
                "new",
                "Leap",
            ],
            [
                "whole-area",
                "Build strong relationships across the whole area, Milton Keynes as "
                "well as Buckinghamshire",
                "new",
                "Leap",
            ],
            [
                "partnership-agreements",
                "Put partnership agreements in place from the start",
                "new",
                "Leap",
            ],
        ],
        "quotes": [
            [
                "The workshop was the first time anyone asked volunteers how they were.",
                "Volunteer",
                "Training",
                "yes",
            ],
            [
                "We now plan together instead of bidding against each other.",
                "Council officer",
                "Partnership",
                "yes",
            ],
            [
                "Clubs are where people feel they belong, so that is where support should be.",
                "Mental health nurse",
                "Partnership",
                "yes",
            ],
        ],
        "partners": [
            ["Leap (Active Partnership)", "Sport and leisure", 5, "2017-08-01"],
            ["Buckinghamshire County Council", "Local authority", 5, "2017-08-14"],
            ["Mind (Bucks and Milton Keynes)", "Voluntary and community", 4, "2017-08-14"],
            ["Clinical commissioning group", "NHS", 4, "2018-02-01"],
            ["Milton Keynes Council", "Local authority", 3, "2017-11-20"],
            ["County FA", "Sport and leisure", 3, "2017-11-20"],
            ["Bucks New University", "Education", 2, "2018-09-10"],
            ["Public Health Buckinghamshire", "Public health", 4, "2018-10-01"],
        ],
        "milestones": [
            [
                "2018-09",
                "Delivery of Get Set to Go starts; workshops open to club volunteers",
                "done",
            ],
            ["2018-10", "Partner workshop designed and delivered", "done"],
            [
                "2018-12",
                "Joined the perinatal mental health steering group: new mums signposted to activity",
                "done",
            ],
            [
                "2019-01",
                "Bid to MK Community Foundation submitted; public health funds more training",
                "done",
            ],
            ["2019-02", "PE conference includes a mental wellbeing workshop for teachers", "done"],
            ["2019-03", "Asked to help review the next round of national investment", "done"],
            ["2019-04", "Wellbeing actions written into the county physical activity plan", "done"],
            ["2019-04-29", "Referral route agreed with two GP practices", "planned"],
        ],
    },
    ("sheffield", "2021-h2"): {
        "reach": [
            ["Activation pots awarded", 12, ""],
            ["Organisations funded", 12, ""],
            ["Community events held", 8, ""],
        ],
        "funding": [
            ["Sport England (Move More Empowered Communities)", 60000, "secured", "2021-06-01"],
            ["Sport England (Move More Empowered Communities)", 14500, "spent", "2021-12-31"],
        ],
        "recommendations": [
            [
                "simple-application",
                "Keep the activation-pot application to one page",
                "new",
                "Move More",
            ],
            ["share-learning", "Bring funded groups together every quarter", "new", "Move More"],
        ],
        "quotes": [
            [
                "Bird watching got my dad walking again without him noticing.",
                "Participant",
                "Enjoyment",
                "yes",
            ],
            [
                "A small pot let us try something we'd talked about for years.",
                "Community organiser",
                "Funding",
                "yes",
            ],
        ],
        "partners": [
            ["Move More Sheffield", "Public health", 5, "2021-07-01"],
            ["Sheffield City Council", "Local authority", 4, "2021-07-01"],
            ["Voluntary Action Sheffield", "Voluntary and community", 4, "2021-07-01"],
            ["Sheffield Hallam University", "Education", 3, "2021-07-01"],
        ],
        "milestones": [
            ["2021-07-12", "First round of activation pots opens", "done"],
            ["2021-09-30", "Twelve pots awarded", "done"],
            ["2021-12-06", "First learning circle", "done"],
            ["2021-12-20", "Second round opens", "planned"],
        ],
    },
    ("sheffield", "2022-h1"): {
        "reach": [
            ["Activation pots awarded", 4, "Second round"],
            ["Organisations funded", 16, "Both rounds"],
            ["Community events held", 11, ""],
        ],
        "funding": [
            ["Sport England (Move More Empowered Communities)", 60000, "secured", "2021-06-01"],
            ["Sport England (Move More Empowered Communities)", 41000, "spent", "2022-06-30"],
            ["Sheffield City Council (Local Area Committees)", 8000, "applied", "2022-05-01"],
        ],
        "recommendations": [
            [
                "simple-application",
                "Keep the activation-pot application to one page",
                "done",
                "Move More",
            ],
            [
                "share-learning",
                "Bring funded groups together every quarter",
                "in progress",
                "Move More",
            ],
            ["longer-pots", "Offer pots over twelve months, not six", "new", "Move More"],
        ],
        "quotes": [
            [
                "The dance group is the only place I speak to people all week.",
                "Participant",
                "Connection",
                "yes",
            ],
            [
                "Meeting the other groups showed us we weren't the only ones struggling.",
                "Community organiser",
                "Partnership",
                "yes",
            ],
            [
                "Six months isn't long enough to build trust.",
                "Community organiser",
                "Funding",
                "yes",
            ],
        ],
        "partners": [
            ["Move More Sheffield", "Public health", 5, "2021-07-01"],
            ["Sheffield City Council", "Local authority", 4, "2021-07-01"],
            ["Voluntary Action Sheffield", "Voluntary and community", 5, "2021-07-01"],
            ["Sheffield Hallam University", "Education", 3, "2021-07-01"],
            ["Sheffield Teaching Hospitals", "NHS", 2, "2022-02-14"],
            ["English Institute of Sport Sheffield", "Sport and leisure", 2, "2022-03-01"],
        ],
        "milestones": [
            ["2022-01-10", "Second round of pots opens", "done"],
            ["2022-03-07", "Four more pots awarded", "done"],
            ["2022-05-16", "Learning circle with all sixteen groups", "done"],
            ["2022-06-27", "Twelve-month report shared with partners", "in progress"],
        ],
    },
}

# Recommendations' theme and timescale, and partners' group (contract section 5).
THEMES = {
    "translated-materials": ("Trusted voices", "3-6 months"),
    "walking-prescribing": ("Prevention", "Ongoing"),
    "short-sessions": ("Local focus", "6-12 months"),
    "peer-champions": ("Trusted voices", "Spring 2022"),
    "named-contacts": ("Partnerships", "Ongoing"),
    "volunteer-workshops": ("Workforce", "Next season"),
    "health-referrals": ("Pathways", "2019-20"),
    "stagger-bids": ("Funding", "Every bid"),
    "whole-area": ("Partnerships", "2019-20"),
    "partnership-agreements": ("Partnerships", "From the outset"),
}
GROUPS = {
    "BCVS (Bolsover Together)": STEERING,
    "Shirebrook Primary Care Network": STEERING,
    "Derbyshire Public Health": STEERING,
    "Bolsover District Council": STEERING,
    "Buckinghamshire County Council": SYSTEM,
    "Mind (Bucks and Milton Keynes)": SYSTEM,
    "Clinical commissioning group": SYSTEM,
    "Public Health Buckinghamshire": SYSTEM,
}


def area_keys(area: str) -> dict:
    """area.yml's section 4 keys for a sample area."""
    return AREA_KEYS[area]


def write(area: str, period: str, folder: Path) -> None:
    """The period's learning-content files."""
    content = CONTENT[(area, period)]
    content = {
        **content,
        "recommendations": [[*r, *THEMES.get(r[0], ("", ""))] for r in content["recommendations"]],
        "partners": [[*p, GROUPS.get(p[0], "")] for p in content["partners"]],
        "reach": [[*r, UNITS.get(r[0], "")] for r in content["reach"]],
    }
    for name, columns in (
        ("reach", REACH),
        ("funding", FUNDING),
        ("recommendations", RECS),
        ("quotes", QUOTES),
        ("partners", PARTNERS),
        ("milestones", ["date", "milestone", "status"]),
    ):
        frame = pd.DataFrame(content[name], columns=columns)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.csv").write_bytes(
            frame.to_csv(index=False, lineterminator="\n").encode("utf-8")
        )

    for name, svg in IMAGES.get((area, period), {}).items():
        (folder / "images").mkdir(exist_ok=True)
        (folder / "images" / name).write_text(svg, encoding="utf-8")


def _boxes(labels: list[str]) -> str:
    """An infographic of four labelled boxes, as an evaluator might draw one."""
    cells = []
    for number, label in enumerate(labels):
        x, y = 20 + (number % 2) * 310, 20 + (number // 2) * 100
        cells.append(
            f'<rect x="{x}" y="{y}" width="290" height="80" rx="10" fill="#0072B2"/>'
            f'<text x="{x + 145}" y="{y + 47}" font-family="DejaVu Sans, Arial, sans-serif" '
            f'font-size="20" fill="#ffffff" text-anchor="middle">{label}</text>'
        )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="220" '
        'viewBox="0 0 640 220"><title>Four characteristics</title>' + "".join(cells) + "</svg>\n"
    )


def _system_map(centre: str, rings: list[list[str]]) -> str:
    """Partners on rings around the pilot: the closer, the closer they work."""
    import math

    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480" '
        'viewBox="0 0 640 480"><title>System map</title>',
        '<circle cx="320" cy="240" r="200" fill="none" stroke="#B1B4B6" stroke-width="2"/>',
        '<circle cx="320" cy="240" r="110" fill="none" stroke="#B1B4B6" stroke-width="2"/>',
        '<circle cx="320" cy="240" r="42" fill="#003F5C"/>',
        f'<text x="320" y="246" font-family="DejaVu Sans, Arial, sans-serif" font-size="16" '
        f'fill="#ffffff" text-anchor="middle">{centre}</text>',
    ]
    for radius, names in zip((110, 200), rings, strict=True):
        for number, name in enumerate(names):
            angle = 2 * math.pi * number / len(names) - math.pi / 2
            x, y = 320 + radius * math.cos(angle), 240 + radius * math.sin(angle)
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="7" fill="#E69F00" stroke="#1A1A1A"/>'
            )
            parts.append(
                f'<text x="{x:.1f}" y="{y - 12:.1f}" font-family="DejaVu Sans, Arial, '
                f'sans-serif" font-size="14" fill="#1A1A1A" text-anchor="middle">{name}</text>'
            )
    return "".join(parts) + "</svg>\n"


IMAGES = {
    ("bolsover", "2022-q1"): {
        "four-characteristics.svg": _boxes(
            ["Ethnic diversity", "Illness or disability", "Area deprivation", "Out of work"]
        ),
    },
    ("bucks-mk", "2018-19"): {
        "system-map.svg": _system_map(
            "Leap",
            [
                ["County council", "Public health", "CCG", "Mind"],
                ["Clubs", "County FA", "MK Council", "University"],
            ],
        ),
    },
}

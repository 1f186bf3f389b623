"""The learning content of the sample areas (contract section 4): reach,
funding, recommendations, quotes, partners, milestones with a status, and the
narrative's recognised sections. Written by hand, not drawn at random, so
each area reads like the kind of published report it stands in for:
Bolsover a We Are Undefeatable pilot's final learning report, Buckinghamshire
and Milton Keynes a Leap system-impact story, Sheffield a Move More
Empowered Communities progress report. Everything here is made up."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

REACH, FUNDING, RECS, QUOTES, PARTNERS = (
    ["measure", "count", "note"],
    ["source", "amount_gbp", "status", "date"],
    ["id", "recommendation", "status", "owner"],
    ["quote", "role", "theme", "consent"],
    ["organisation", "sector", "engagement", "joined"],
)

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
        "grant_gbp": 120000,
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
            ["2021-07-05", "Pilot launched with partners", "done"],
            ["2021-09-20", "Translated survey goes live", "done"],
            ["2021-10-25", "Interim learning session", "done"],
        ],
    },
    ("bolsover", "2022-q1"): {
        "reach": [
            ["Activity packs distributed", 220, "Given out at the food bank and GP surgery"],
            ["Translated leaflets distributed", 310, "Polish and Romanian"],
            ["Community events held", 9, ""],
            ["Walk leaders trained", 14, ""],
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
            ["Call me on 07700 900123 if you want to know more.", "Resident", "Connection", "yes"],
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
            ["2021-11-08", "Healthy Chats training begins", "done"],
            ["2022-01-17", "Polish-language course launched", "done"],
            ["2022-03-14", "Final survey closes", "done"],
            ["2022-03-28", "Legacy plan agreed with the district council", "in progress"],
        ],
    },
    ("bucks-mk", "2017-18"): {
        "reach": [
            ["Coaches trained", 80, "Mental wellbeing workshops"],
            ["Clubs engaged", 18, ""],
            ["Activity packs distributed", 250, ""],
        ],
        "funding": [
            ["Buckinghamshire County Council", 36000, "secured", "2018-03-05"],
            ["Buckinghamshire County Council", 21000, "spent", "2018-07-31"],
            ["Clinical commissioning group", 20000, "applied", "2018-06-01"],
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
            ["2017-08-14", "Mental wellbeing steering group formed", "done"],
            ["2017-11-20", "First coach workshop", "done"],
            ["2018-03-05", "£36,000 secured from the county council", "done"],
            ["2018-06-25", "Workshop programme reaches 80 coaches", "done"],
        ],
    },
    ("bucks-mk", "2018-19"): {
        "reach": [
            ["Coaches trained", 50, "Mental wellbeing workshops"],
            ["Clubs engaged", 27, ""],
            ["Activity packs distributed", 150, ""],
            ["Volunteers trained", 35, "First year the workshops were open to volunteers"],
        ],
        "funding": [
            ["Buckinghamshire County Council", 36000, "secured", "2018-03-05"],
            ["Clinical commissioning group", 20000, "secured", "2019-01-21"],
            ["Buckinghamshire County Council", 34500, "spent", "2019-04-30"],
            ["Clinical commissioning group", 8000, "spent", "2019-04-30"],
            ["Sport England (Tackling Inactivity)", 40000, "unsuccessful", "2018-11-12"],
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
            ["Public Health Buckinghamshire", "Public health", 3, "2018-10-01"],
        ],
        "milestones": [
            ["2018-09-10", "Workshops open to club volunteers", "done"],
            ["2019-01-21", "£20,000 secured from the CCG", "done"],
            ["2019-04-08", "Learning event with partners", "done"],
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

SECTIONS: dict[tuple[str, str], dict[str, str]] = {
    ("bolsover", "2021-h2"): {
        "What worked": "Walking is what residents already do and what they want more of. "
        "Translated surveys reached residents that English-only materials had missed.",
        "Challenges": "Time, then health, hold people back. Shift work makes fixed evening "
        "sessions hard to attend.",
        "What we will test next": "Short sessions at the start and end of shifts, and a "
        "Polish-language Healthy Chats course.",
    },
    ("bolsover", "2022-q1"): {
        "What worked": "Translated surveys and a Polish-language Healthy Chats course "
        "(Zdrowe rozmowy) reached residents that English-only materials had missed. "
        "Mulțumim!",
        "Challenges": "Recruiting Romanian-speaking tutors took longer than planned.",
        "Case study: the Tuesday walk": "A resident with a long-term back condition joined "
        "the Tuesday walk after a Healthy Chat at the GP surgery. Three months on, she leads "
        "the walk when the volunteer is away.",
        "Legacy": "Walking is now part of social prescribing in Shirebrook, and the district "
        "council has agreed to keep the translated materials going.",
    },
    ("bucks-mk", "2017-18"): {
        "What worked": "Leap brought together clubs, coaches and health partners. Coaches told "
        "us the workshops changed how they talk about mental wellbeing.",
        "Challenges": "Health partners joined later than clubs, and their priorities differed.",
        "What we will test next": "Workshops for club volunteers as well as coaches.",
    },
    ("bucks-mk", "2018-19"): {
        "What worked": "Named contacts in each partner, and funding secured early, kept the "
        "work going.",
        "Challenges": "A bid to Sport England was unsuccessful, which slowed the referral work.",
        "Case study: a club that changed": "A football club that sent two coaches to the first "
        "workshop now has a wellbeing lead and a quiet space on match days.",
        "Legacy": "Mental wellbeing is now a standing item at the county's physical activity "
        "partnership.",
    },
    ("sheffield", "2021-h2"): {
        "What worked": "Small grants let organisations try something new with people they "
        "already knew.",
        "Challenges": "Some groups found the monitoring form hard to fill in.",
        "What we will test next": "A one-page application and a quarterly learning circle.",
    },
    ("sheffield", "2022-h1"): {
        "What worked": "Activities run by trusted local groups brought in people who would not "
        "go to a leisure centre.",
        "Challenges": "Six-month pots ended just as trust had been built.",
        "What we will test next": "Twelve-month pots for the groups that want them.",
        "Case study: dance for health": "A women's dance group started with six members and "
        "now runs two sessions a week.",
    },
}


def area_keys(area: str) -> dict:
    """area.yml's section 4 keys for a sample area."""
    return AREA_KEYS[area]


def write(area: str, period: str, folder: Path) -> None:
    """The period's learning-content files."""
    content = CONTENT[(area, period)]
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


def sections(area: str, period: str) -> dict[str, str]:
    """The narrative's recognised sections for the period."""
    return SECTIONS[(area, period)]

"""Seeded generator of made-up raw data shaped like the real pilots.

`python -m tools.synthetic sample data/raw` writes the committed sample
(three areas, two periods each). `python -m tools.synthetic scale OUT
--areas 10 --periods 4 --survey-rows 500` makes data for benchmarks. The same
seed always gives the same values, and the same bytes but for the time a
workbook (delivery.xlsx) records it was written. Every area.yml says `synthetic: true`.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from pipeline.contract import ACTIVITIES, AGE_BANDS, BARRIERS, GENDERS
from tools import sample_learning, sample_narratives

ENGLAND = ("E92000001", "England")
INACTIVE_RELEASES = ("Nov 2017-18", "Nov 2018-19", "May 2019-20", "May 2020-21")
# Published context in units other than %: made-up figures, the models' kinds.
COVID_DEATHS = pd.DataFrame(
    {
        "geography_code": ["E07000033", ENGLAND[0]],
        "geography_name": ["Bolsover", ENGLAND[1]],
        "indicator": "covid_deaths",
        "release": "Jan 2022",
        "value": [352.4, 271.9],
        "unit": "per 100,000",
    }
)
SELF_HARM = pd.DataFrame(
    {
        "geography_code": ["E06000042"] * 3 + [ENGLAND[0]] * 3,
        "geography_name": ["Milton Keynes"] * 3 + [ENGLAND[1]] * 3,
        "indicator": "self_harm_admissions",
        "release": ["2013-14", "2015-16", "2017-18"] * 2,
        "value": [302.6, 371.8, 424.1, 398.8, 407.2, 421.2],
        "unit": "per 100,000",
    }
)


def _write_yaml(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _allocate(rng: np.random.Generator, n: int, shares: dict[str, float]) -> np.ndarray:
    """Exactly round(share * n) of each value, shuffled: the sample shows the
    intended proportions rather than a random draw's."""
    counts = {k: int(round(v * n)) for k, v in shares.items()}
    first = next(iter(counts))
    counts[first] += n - sum(counts.values())
    values = np.concatenate([np.repeat(k, c) for k, c in counts.items()])
    rng.shuffle(values)
    return values


def survey(
    rng: np.random.Generator, n: int, start: dt.date, end: dt.date, id_prefix: str
) -> pd.DataFrame:
    levels = _allocate(rng, n, {"None": 0.09, "Under 30": 0.32, "30-149": 0.35, "150+": 0.24})
    minutes = np.select(
        [levels == "None", levels == "Under 30", levels == "30-149"],
        [0, rng.integers(1, 30, n), rng.integers(30, 150, n)],
        rng.integers(150, 600, n),
    ).astype(object)
    minutes[rng.random(n) < 0.03] = ""  # a few skip the question
    days = (end - start).days
    completed = [start + dt.timedelta(days=int(d)) for d in rng.integers(0, days + 1, n)]

    def pick(options, weights, most=3):
        """1 to `most` distinct options per row, drawn by weight without
        replacement, for all rows at once (the Gumbel top-k method: the k
        largest of log-weight plus Gumbel noise), so a million rows take
        seconds; each row's choices are listed in the options' order."""
        keys = np.log(np.asarray(weights, float)) + rng.gumbel(size=(n, len(options)))
        ranks = np.argsort(np.argsort(-keys, axis=1), axis=1)
        chosen = ranks < rng.integers(1, most + 1, size=(n, 1))
        names = np.asarray(options, dtype=object)
        return [";".join(names[row]) for row in chosen]

    frame = pd.DataFrame(
        {
            "respondent_id": [f"{id_prefix}-{i:05d}" for i in range(1, n + 1)],
            "completed_on": [d.isoformat() for d in completed],
            "language": _allocate(rng, n, {"en": 0.82, "pl": 0.11, "ro": 0.07}),
            "age_band": rng.choice(AGE_BANDS, n, p=[0.05, 0.27, 0.33, 0.25, 0.07, 0.03]),
            "gender": rng.choice(GENDERS, n, p=[0.38, 0.58, 0.02, 0.02]),
            "minutes_per_week": minutes,
            "health_condition": _allocate(
                rng, n, {"No": 0.66, "Yes": 0.29, "Prefer not to say": 0.05}
            ),
            "activities": pick(ACTIVITIES[:-1], [10, 6, 4, 2, 3, 1]),
            "barriers": pick(BARRIERS, [10, 7, 5, 4, 3, 4, 3, 1]),
            "interests": pick(ACTIVITIES[:-1], [10, 3, 5, 4, 6, 1]),
        }
    )
    # Someone with no activity in a usual week does "None" of the activities
    # too, so the sample's two questions agree (set after the draws, which
    # keeps every other value the seed gives).
    frame.loc[levels == "None", "activities"] = "None"
    return frame


def training(
    rng: np.random.Generator,
    groups: dict[str, int],
    course: str,
    start: dt.date,
    end: dt.date,
    id_prefix: str,
    gain: float = 1.0,
) -> pd.DataFrame:
    rows = []
    days = (end - start).days
    number = 0
    for group, size in groups.items():
        for _ in range(size):
            number += 1
            before = int(rng.integers(1, 4))
            after = int(np.clip(before + round(rng.normal(gain, 0.8)), 1, 5))
            returned = rng.random() > 0.12
            rows.append(
                {
                    "participant_id": f"{id_prefix}-{number:04d}",
                    "course": course,
                    "workforce_group": group,
                    "session_date": (
                        start + dt.timedelta(days=int(rng.integers(0, days + 1)))
                    ).isoformat(),
                    "confidence_before": before,
                    "confidence_after": after if returned else "",
                    "follow_up": ("yes" if rng.random() < 0.4 else "no") if returned else "",
                }
            )
    return pd.DataFrame(rows)


def _write_csv(frame: pd.DataFrame, path: Path, encoding: str = "utf-8") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(frame.to_csv(index=False, lineterminator="\n").encode(encoding))


def _period(folder: Path, label: str, start: str, end: str, previous: str | None = None):
    data = {
        "label": label,
        "start": dt.date.fromisoformat(start),
        "end": dt.date.fromisoformat(end),
    }
    if previous:
        data["previous"] = previous
    _write_yaml(folder / "period.yml", data)
    return dt.date.fromisoformat(start), dt.date.fromisoformat(end)


def _narrative(folder: Path, area: str, period: str) -> None:
    """narrative.md from `sample_narratives`: front matter, then the text before
    the first heading (its "" section), then each section as written."""
    found = sample_narratives.narrative(area, period)
    front = yaml.safe_dump(
        {
            "title": found["title"],
            "authors": sample_narratives.AUTHORS,
            "summary": found["summary"],
        },
        sort_keys=False,
        allow_unicode=True,
        width=1000,
    )
    body = "\n".join(
        f"{text}\n" if not heading else f"## {heading}\n\n{text}\n"
        for heading, text in found["sections"].items()
    )
    (folder / "narrative.md").write_text(f"---\n{front}---\n\n{body}", encoding="utf-8")


def sample(out: Path, seed: int = 20220331) -> None:
    rng = np.random.default_rng(seed)
    _bolsover(out / "bolsover", rng)
    _bucks_mk(out / "bucks-mk", rng)
    _sheffield(out / "sheffield", rng)


def _bolsover(area: Path, rng: np.random.Generator) -> None:
    _write_yaml(
        area / "area.yml",
        {
            "name": "Bolsover (Shirebrook)",
            "programme": "We Are Undefeatable",
            "lead_organisation": "BCVS (Bolsover Together)",
            "la_code": "E07000033",
            "region": "East Midlands",
            "synthetic": True,
            **sample_learning.area_keys("bolsover"),
        },
    )
    periods = [
        (
            "2021-h2",
            "Interim learning report (Jul - Oct 2021)",
            "2021-07-01",
            "2021-10-31",
            None,
            120,
            {"Social prescribers": 8, "NG20 key workers": 10, "Tutors": 6},
        ),
        (
            "2022-q1",
            "Final learning report (Nov 2021 - Mar 2022)",
            "2021-11-01",
            "2022-03-31",
            "2021-h2",
            200,
            {"Social prescribers": 12, "NG20 key workers": 17, "Tutors": 9},
        ),
    ]
    bolsover = [38.1, 38.9, 39.2, 39.6]
    england = [25.1, 24.6, 27.1, 27.5]
    for slug, label, start, end, previous, n, groups in periods:
        folder = area / slug
        first, last = _period(folder, label, start, end, previous)
        _write_csv(survey(rng, n, first, last, f"BOL{slug[-2:].upper()}"), folder / "survey.csv")
        frame = training(rng, groups, "Healthy Chats", first, last, f"HC{slug[-2:].upper()}")
        # A Polish-language course run alongside; exported from Excel in Windows-1250.
        polish = training(
            rng,
            {"Tutors": 5},
            "Zdrowe rozmowy (zajęcia po polsku)",
            first,
            last,
            f"ZR{slug[-2:].upper()}",
        )
        _write_csv(pd.concat([frame, polish]), folder / "training.csv", encoding="cp1250")
        indicators = pd.DataFrame(
            {
                "geography_code": ["E07000033"] * 4 + [ENGLAND[0]] * 4,
                "geography_name": ["Bolsover"] * 4 + [ENGLAND[1]] * 4,
                "indicator": "inactive_pct",
                "release": list(INACTIVE_RELEASES) * 2,
                "value": bolsover + england,
                "unit": "%",
            }
        )
        if slug == "2022-q1":  # a rate per 100,000 beside the percentages
            indicators = pd.concat([indicators, COVID_DEATHS], ignore_index=True)
        _write_csv(indicators, folder / "indicators.csv")
        _narrative(folder, "bolsover", slug)
        sample_learning.write("bolsover", slug, folder)


def _bucks_mk(area: Path, rng: np.random.Generator) -> None:
    _write_yaml(
        area / "area.yml",
        {
            "name": "Buckinghamshire and Milton Keynes",
            "programme": "Active Partnerships",
            "lead_organisation": "Leap (Active Partnership)",
            "region": "South East",
            "synthetic": True,
            **sample_learning.area_keys("bucks-mk"),
        },
    )
    specs = [
        (
            "2017-18",
            "System impact story: year one (Aug 2017 - Jul 2018)",
            "2017-08-01",
            "2018-07-31",
            None,
            {"Coaches": 80},
        ),
        (
            "2018-19",
            "System impact story: year two (Aug 2018 - Apr 2019)",
            "2018-08-01",
            "2019-04-30",
            "2017-18",
            {"Coaches": 15, "Club volunteers": 35},
        ),
    ]
    # Leap ran the workshops: its funders are in funding.csv, and what the
    # workshops cost is not stated (a blank amount).
    for slug, label, start, end, previous, trained in specs:
        folder = area / slug
        first, last = _period(folder, label, start, end, previous)
        _write_csv(
            training(
                rng,
                trained,
                "Mental wellbeing workshop",
                first,
                last,
                f"LEAP{slug[:2]}",
                gain=1.3,
            ),
            folder / "training.csv",
        )
        _write_csv(
            pd.DataFrame(
                [
                    {
                        "organisation": "Leap (Active Partnership)",
                        "activity": "Mental wellbeing workshops",
                        "sessions": int(sum(trained.values()) / 10),
                        "participants": sum(trained.values()),
                        "funding_gbp": None,
                        "start_date": start,
                        "end_date": end,
                    }
                ]
            ),
            folder / "delivery.csv",
        )
        if slug == "2018-19":
            _write_csv(SELF_HARM, folder / "indicators.csv")
        _narrative(folder, "bucks-mk", slug)
        sample_learning.write("bucks-mk", slug, folder)


SHEFFIELD_GROUPS = [
    ("Firth Park Community Arts", "Bird watching walks"),
    ("Burngreave Voices", "Chair yoga"),
    ("Darnall Well Being", "Walking football"),
    ("SAVTE", "Conversation walks"),
    ("Zest Community Health", "Dance for health"),
    ("Shipshape Heeley", "Tai chi"),
    ("Pitsmoor Adventure Playground", "Family play sessions"),
    ("Sheffield Mencap", "Inclusive cycling"),
    ("Manor Castle Trust", "Allotment gardening"),
    ("Heeley City Farm", "Green gym"),
    ("ROSHNI", "Women's swimming"),
    ("Yemeni Community Association", "Badminton"),
    ("Sharrow Community Forum", "Boxercise"),
    ("Foxhill Forum", "Nordic walking"),
    ("Parson Cross Initiative", "Seated exercise"),
    ("Sheffield Dance Collective", "Bollywood dance"),
]


def _sheffield(area: Path, rng: np.random.Generator) -> None:
    _write_yaml(
        area / "area.yml",
        {
            "name": "Sheffield",
            "programme": "Move More Empowered Communities",
            "lead_organisation": "Voluntary Action Sheffield",
            "la_code": "E08000019",
            "region": "Yorkshire and The Humber",
            "synthetic": True,
            **sample_learning.area_keys("sheffield"),
        },
    )
    specs = [
        ("2021-h2", "Six-month report (Jul - Dec 2021)", "2021-07-01", "2021-12-31", None),
        (
            "2022-h1",
            "Twelve-month report: the second six months (Jan - Jun 2022)",
            "2022-01-01",
            "2022-06-30",
            "2021-h2",
        ),
    ]
    for index, (slug, label, start, end, previous) in enumerate(specs):
        folder = area / slug
        _period(folder, label, start, end, previous)
        groups = SHEFFIELD_GROUPS[: 12 + 4 * index]
        frame = pd.DataFrame(
            [
                {
                    "organisation": org,
                    "activity": activity,
                    "sessions": int(rng.integers(6, 26)),
                    "participants": int(rng.integers(3, 60)),
                    "funding_gbp": float(rng.choice([500, 750, 1000, 1500, 2000])),
                    # First-round pots were awarded by October 2021, the
                    # second round's in March 2022 (milestones.csv).
                    "start_date": max(start, "2021-10-01" if number < 12 else "2022-03-14"),
                    "end_date": end,
                }
                for number, (org, activity) in enumerate(groups)
            ]
        )
        # Evaluators keep delivery in a workbook; dates as real Excel dates.
        frame["start_date"] = pd.to_datetime(frame["start_date"])
        frame["end_date"] = pd.to_datetime(frame["end_date"])
        frame.to_excel(folder / "delivery.xlsx", index=False)
        _narrative(folder, "sheffield", slug)
        sample_learning.write("sheffield", slug, folder)


def scale(
    out: Path, areas: int, periods: int, survey_rows: int, training_rows: int, seed: int = 1
) -> None:
    """Many area-periods of the Bolsover shape, for benchmarks and scale tests."""
    rng = np.random.default_rng(seed)
    for a in range(areas):
        area = out / f"area-{a:03d}"
        _write_yaml(
            area / "area.yml",
            {"name": f"Synthetic area {a}", "programme": "We Are Undefeatable", "synthetic": True},
        )
        previous = None
        for p in range(periods):
            year, quarter = 2022 + p // 4, p % 4 + 1
            start = dt.date(year, 3 * quarter - 2, 1)
            end = dt.date(year + quarter // 4, 3 * quarter % 12 + 1, 1) - dt.timedelta(days=1)
            slug = f"{year}-q{quarter}"
            folder = area / slug
            _period(
                folder, f"Quarter {quarter} {year}", start.isoformat(), end.isoformat(), previous
            )
            _write_csv(survey(rng, survey_rows, start, end, f"A{a}P{p}"), folder / "survey.csv")
            _write_csv(
                training(
                    rng,
                    {
                        "Social prescribers": training_rows // 2,
                        "Tutors": training_rows - training_rows // 2,
                    },
                    "Healthy Chats",
                    start,
                    end,
                    f"A{a}P{p}",
                ),
                folder / "training.csv",
            )
            previous = slug


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.synthetic",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="what", required=True)
    s = sub.add_parser("sample", help="the committed sample data")
    s.add_argument("out", type=Path)
    c = sub.add_parser("scale", help="many area-periods for benchmarks")
    c.add_argument("out", type=Path)
    c.add_argument("--areas", type=int, default=10)
    c.add_argument("--periods", type=int, default=4)
    c.add_argument("--survey-rows", type=int, default=500)
    c.add_argument("--training-rows", type=int, default=60)
    c.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.what == "sample":
        sample(args.out)
    else:
        scale(args.out, args.areas, args.periods, args.survey_rows, args.training_rows, args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""What the learning-report notebook displays, section by section.

The notebook stays thin: each of its cells calls one method here and shows
what it returns. A method returns `Text` (Markdown), a `Figure` (SVG, with
the alt text that states its finding) or a `Table`, or None when its dataset
is absent, so an absent dataset leaves only its plain sentence. Every value
from data reaches the page through `markdown.escape`, and every number
through `analysis` (so through disclosure control)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from pipeline import analysis, charts, markdown
from pipeline.contract import AGE_BANDS, GENDERS, HEALTH, LANGUAGES
from pipeline.disclosure import WITHHELD, redact, show_percent

DATASET_NAMES = {
    "survey": "community survey",
    "training": "workforce training returns",
    "delivery": "delivery figures",
    "indicators": "Active Lives context indicators",
    "milestones": "milestones",
}
DIRECTION_WORDS = {"improved": "improved", "same": "stayed the same", "worse": "got worse"}
INDICATOR_NAMES = {"inactive_pct": "Inactive adults (%)", "active_pct": "Active adults (%)"}
LANGUAGE_NAMES = {"en": "English", "pl": "Polish", "ro": "Romanian", "other": "Another language"}


@dataclass(frozen=True)
class Text:
    markdown: str

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/markdown": self.markdown}


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/markdown": markdown.table(self.columns, self.rows, self.numeric)}


@dataclass(frozen=True)
class Figure:
    svg: str
    alt: str  # moved into the cell's `#| fig-alt` option after execution

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"image/svg+xml": self.svg}, {"learnrep": {"fig-alt": self.alt}}


def _shares_table(first: str, shares, base_label: str = "%") -> Table:
    rows = tuple((s.category, s.shown, show_percent(s.percent)) for s in shares)
    return Table((first, "Respondents", base_label), rows, (False, True, True))


def _values(shares) -> list[int | None]:
    return [s.percent for s in shares]


def _labels(shares) -> list[str]:
    return [show_percent(s.percent) if s.count is not None else s.shown for s in shares]


class Report:
    """One area-period's processed data, and the report's sections from it."""

    def __init__(
        self,
        processed_dir,
        narrative_path,
        threshold: int,
        provenance: dict,
        previous_period: str = "",
        previous_processed_dir: str = "",
    ):
        self.folder = Path(processed_dir)
        self.manifest = json.loads((self.folder / "manifest.json").read_text(encoding="utf-8"))
        self.threshold = threshold
        self.narrative_path = Path(narrative_path)
        self.provenance = provenance
        self._frames: dict[str, pd.DataFrame] = {}
        self.previous_period = previous_period
        # The period compared with, when period.yml names one and it was processed.
        self.previous: Report | None = None
        if previous_processed_dir and (Path(previous_processed_dir) / "manifest.json").is_file():
            self.previous = Report(previous_processed_dir, "", threshold, {})

    # -- data ----------------------------------------------------------------
    def has(self, dataset: str) -> bool:
        return self.manifest["datasets"].get(dataset, {}).get("state") == "present"

    def frame(self, name: str) -> pd.DataFrame:
        if name not in self._frames:
            self._frames[name] = pd.read_parquet(self.folder / f"{name}.parquet")
        return self._frames[name]

    @property
    def area(self) -> dict:
        return self.manifest["area_meta"]

    @property
    def period(self) -> dict:
        return self.manifest["period_meta"]

    def absent(self, dataset: str) -> Text | None:
        """The plain sentence for a dataset this period does not have."""
        state = self.manifest["datasets"].get(dataset, {}).get("state", "absent")
        if state == "present":
            return None
        what = DATASET_NAMES[dataset]
        if state == "template":
            return Text(f"The {what} template was left unfilled, so this period has no {what}.")
        return Text(
            f"No {what} were provided for this period."
            if what.endswith("s")
            else f"No {what} was provided for this period."
        )

    # -- summary ---------------------------------------------------------------
    def summary(self) -> Text:
        lines = []
        front, _ = self._narrative()
        if front.get("summary"):
            lines += [markdown.escape(redact(str(front["summary"]))), ""]
        who = [f"**Programme:** {markdown.escape(self.area['programme'])}"]
        if self.area.get("lead_organisation"):
            who.append(f"**Lead organisation:** {markdown.escape(self.area['lead_organisation'])}")
        who.append(
            f"**Period:** {markdown.escape(self.period['label'])} "
            f"({markdown.escape(_date(self.period['start']))} to "
            f"{markdown.escape(_date(self.period['end']))})"
        )
        lines += [" \\\n".join(who), ""]
        if self.area.get("synthetic"):
            lines += ["*This report is built from made-up sample data, not from real people.*", ""]
        figures = analysis.headline_figures(self)
        before = self._previous_headline()
        if figures:
            lines += ["### Headline figures", ""]
            for figure in figures:
                line = f"- {markdown.escape(figure.name)}: **{markdown.escape(figure.shown)}**"
                if figure.name in before:
                    then = before[figure.name]
                    line += " " + markdown.escape(
                        f"(previous period: {then.shown}; {analysis.change(then, figure)})"
                    )
                lines.append(line)
            lines.append("")
        present = [DATASET_NAMES[d] for d in DATASET_NAMES if self.has(d)]
        missing = [DATASET_NAMES[d] for d in DATASET_NAMES if not self.has(d)]
        lines.append(
            f"This report draws on the {_join(present)}."
            if present
            else "No datasets were provided for this period."
        )
        if missing:
            lines[-1] += f" This period has no {_join(missing, 'or')}."
        return Text("\n".join(lines))

    # -- compared with the previous period ------------------------------------------
    def _previous_headline(self) -> dict:
        if self.previous is None:
            return {}
        return {figure.name: figure for figure in analysis.headline_figures(self.previous)}

    def _both(self, dataset: str) -> bool:
        return self.previous is not None and self.has(dataset) and self.previous.has(dataset)

    def _series_names(self) -> tuple[str, str]:
        return (
            f"Previous period ({self.previous_period})",
            f"This period ({self.manifest['period']})",
        )

    def compare_text(self) -> Text:
        if not self.previous_period:
            return Text("period.yml names no previous period, so this report makes no comparison.")
        if self.previous is None:
            return Text(
                markdown.escape(
                    f"period.yml names {self.previous_period} as the previous period, but it "
                    "has no processed data (it has not been run, or its data failed "
                    "validation), so this report makes no comparison."
                )
            )
        before = self.previous.period
        lines = [
            markdown.escape(
                f"This period compared with the previous one, {before['label']} "
                f"({_date(before['start'])} to {_date(before['end'])}). Each period's figures "
                "are for the people who took part in it, so a change reflects who took part "
                "as well as what they said."
            )
        ]
        for dataset in ("survey", "training"):
            if not self._both(dataset):
                which = (
                    "only one of the two periods"
                    if self.has(dataset) or self.previous.has(dataset)
                    else "neither period"
                )
                lines.append(f"Not compared: {which} has the {DATASET_NAMES[dataset]}.")
        return Text("\n\n".join(lines))

    def compare_headline(self) -> Table | None:
        before = self._previous_headline()
        rows = tuple(
            (figure.name, before[figure.name].shown, figure.shown,
             analysis.change(before[figure.name], figure))
            for figure in analysis.headline_figures(self)
            if figure.name in before
        )  # fmt: skip
        if not rows:
            return None
        columns = ("Figure", *self._series_names(), "Change")
        return Table(columns, rows, (False, True, True, True))

    def _compare_shares(self, shares_of) -> tuple[list, list]:
        return shares_of(self.previous), shares_of(self)

    def _levels_pair(self):
        return self._compare_shares(lambda r: r._levels()[0])

    def compare_levels_figure(self) -> Figure | None:
        if not self._both("survey"):
            return None
        before, now = self._levels_pair()
        svg = charts.paired_bars(
            [f"{s.category} min" for s in now],
            self._pairs(before, now),
            "Respondents who answered (%)",
        )
        was = analysis.inactive_percent(self.previous.frame("activity_levels"), self.threshold)
        is_now = analysis.inactive_percent(self.frame("activity_levels"), self.threshold)
        return Figure(
            svg,
            f"Inactive (under 30 minutes a week): {show_percent(was)} in the previous period, "
            f"{show_percent(is_now)} in this one.",
        )

    def _pairs(self, before, now) -> dict:
        """The two periods' values and labels, named, for `charts.paired_bars`."""
        old, new = self._series_names()
        return {old: (_values(before), _labels(before)), new: (_values(now), _labels(now))}

    def compare_levels_table(self) -> Table | None:
        if not self._both("survey"):
            return None
        return _paired_table("Minutes a week", *self._levels_pair(), self._series_names())

    def _barriers_pair(self):
        before, now = self._compare_shares(
            lambda r: analysis.barriers(r.frame("survey_answers"), r.threshold)[0]
        )
        order = [s.category for s in now]
        by_name = {s.category: s for s in before}
        return [by_name[c] for c in order], now

    def compare_barriers_figure(self) -> Figure | None:
        if not self._both("survey"):
            return None
        before, now = self._barriers_pair()
        svg = charts.paired_bars(
            [s.category for s in now],
            self._pairs(before, now),
            "Respondents who answered (%)",
        )
        return Figure(svg, self._barriers_finding() + " " + self._barrier_change(before, now))

    def _barrier_change(self, before, now) -> str:
        top_before = analysis.top(before)
        if top_before is None:
            return "The previous period had no single most common barrier."
        return (
            f"In the previous period the most common was {top_before.category} "
            f"({show_percent(top_before.percent)})."
        )

    def compare_barriers_table(self) -> Table | None:
        if not self._both("survey"):
            return None
        return _paired_table("Barrier", *self._barriers_pair(), self._series_names())

    def _distance_pair(self):
        return self._compare_shares(lambda r: r._distance().directions)

    def compare_distance_figure(self) -> Figure | None:
        if not self._both("training"):
            return None
        before, now = self._distance_pair()
        svg = charts.paired_bars(
            [s.category.capitalize() for s in now],
            self._pairs(before, now),
            "Participants with both scores (%)",
        )
        return Figure(
            svg,
            f"Confidence improved for {show_percent(before[0].percent)} of participants with "
            f"both scores in the previous period and {show_percent(now[0].percent)} in this one.",
        )

    def compare_distance_table(self) -> Table | None:
        if not self._both("training"):
            return None
        return _paired_table(
            "Confidence after the course",
            *self._distance_pair(),
            self._series_names(),
            capitalise=True,
        )

    # -- context -----------------------------------------------------------------
    def _indicators(self) -> pd.DataFrame:
        return analysis.indicator_series(self.frame("indicators"), self.area.get("la_code"))

    def context_text(self) -> Text | None:
        if not self.has("indicators"):
            return self.absent("indicators")
        return Text(
            "Sport England's Active Lives Adult Survey gives the share of adults in the local "
            "authority and in England who do less than 30 minutes of activity a week. "
            + markdown.escape(self._context_finding())
        )

    def _context_finding(self) -> str:
        series = self._indicators()
        inactive = series[series["indicator"] == "inactive_pct"].dropna(subset=["area"])
        if inactive.empty:
            return "The file has no inactive_pct indicator for this area."
        last = inactive.iloc[-1]
        england = "" if pd.isna(last["england"]) else f", against {last['england']:.1f}% in England"
        return (
            f"In the latest release ({last['release']}), "
            f"{last['area']:.1f}% of adults in {self.area['name']} "
            f"were inactive{england}."
        )

    def context_figure(self) -> Figure | None:
        if not self.has("indicators"):
            return None
        inactive = self._indicators()
        inactive = inactive[inactive["indicator"] == "inactive_pct"]
        if inactive.empty:
            return None
        svg = charts.lines(
            list(inactive["release"]),
            {
                str(self.area["name"]): _optional(inactive["area"]),
                "England": _optional(inactive["england"]),
            },
            "Adults inactive (%)",
        )
        return Figure(svg, self._context_finding())

    def context_table(self) -> Table | None:
        if not self.has("indicators"):
            return None
        rows = tuple(
            (
                INDICATOR_NAMES.get(str(r.indicator), str(r.indicator)),
                str(r.release),
                _number(r.area),
                _number(r.england),
            )
            for r in self._indicators().itertuples()
        )
        return Table(
            ("Indicator", "Release", str(self.area["name"]), "England"),
            rows,
            (False, False, True, True),
        )

    # -- community survey --------------------------------------------------------
    def survey_text(self) -> Text | None:
        if not self.has("survey"):
            return self.absent("survey")
        n = analysis.disclosure.show_count(len(self.frame("survey")), self.threshold)
        return Text(
            f"{n} residents answered the community survey. Percentages are of those who "
            "answered each question.\n\n### Who responded"
        )

    def _profile(self):
        survey = self.frame("survey")
        age, _ = analysis.single_choice(survey["age_band"], AGE_BANDS, self.threshold)
        gender, _ = analysis.single_choice(survey["gender"], GENDERS, self.threshold)
        language, _ = analysis.single_choice(survey["language"], LANGUAGES, self.threshold)
        return age, gender, language

    def respondents_figure(self) -> Figure | None:
        if not self.has("survey"):
            return None
        age, _, language = self._profile()
        best = analysis.top(age)
        alt = (
            f"The largest age group among respondents was {best.category} "
            f"({show_percent(best.percent)})."
            if best
            else "No single age group led."
        )
        other = [s for s in language if s.category != "en" and s.count]
        if other:
            share = analysis.disclosure.percent(
                sum(s.count for s in other), sum(s.count or 0 for s in language), self.threshold
            )
            if share is not None:
                alt += f" {share}% answered in a language other than English."
        svg = charts.bars([s.category for s in age], _values(age), _labels(age), "Respondents (%)")
        return Figure(svg, alt)

    def respondents_table(self) -> Table | None:
        if not self.has("survey"):
            return None
        age, gender, language = self._profile()
        rows = []
        for heading, shares, names in (
            ("Age", age, {}),
            ("Gender", gender, {}),
            ("Survey language", language, LANGUAGE_NAMES),
        ):
            rows += [
                (heading, names.get(s.category, s.category), s.shown, show_percent(s.percent))
                for s in shares
            ]
        return Table(
            ("Question", "Answer", "Respondents", "%"), tuple(rows), (False, False, True, True)
        )

    def _levels(self):
        return analysis.activity_levels(self.frame("activity_levels"), self.threshold)

    def levels_text(self) -> Text | None:
        if not self.has("survey"):
            return None
        inactive = analysis.inactive_percent(self.frame("activity_levels"), self.threshold)
        _, base = self._levels()
        shown = analysis.disclosure.show_count(base, self.threshold)
        return Text(
            "### Activity levels\n\nMinutes of activity in a usual week, in Sport England's "
            f"Active Lives bands. Of the {shown} who answered, "
            f"**{show_percent(inactive)}** were inactive (under 30 minutes a week)."
        )

    def levels_figure(self) -> Figure | None:
        if not self.has("survey"):
            return None
        shares, _ = self._levels()
        inactive = analysis.inactive_percent(self.frame("activity_levels"), self.threshold)
        best = analysis.top(shares)
        alt = f"{show_percent(inactive)} of respondents who answered were inactive."
        if best:
            alt += f" The largest band was {best.category} minutes ({show_percent(best.percent)})."
        svg = charts.bars(
            [f"{s.category} min" for s in shares],
            _values(shares),
            _labels(shares),
            "Respondents who answered (%)",
        )
        return Figure(svg, alt)

    def levels_table(self) -> Table | None:
        if not self.has("survey"):
            return None
        shares, _ = self._levels()
        return _shares_table("Minutes a week", shares)

    def activities_text(self) -> Text | None:
        if not self.has("survey"):
            return None
        return Text(
            "### What people do, and what they would like to do\n\n"
            + markdown.escape(self._activities_finding())
        )

    def _activities_finding(self) -> str:
        both = analysis.activities_and_interests(self.frame("survey_answers"), self.threshold)
        now, wanted = analysis.top(both["now"]), analysis.top(both["wanted"])
        parts = []
        if now:
            parts.append(
                f"{now.category} is the most common activity now "
                f"({show_percent(now.percent)} of those who answered)"
            )
        if wanted:
            parts.append(
                f"{wanted.category} is what most would like to do ({show_percent(wanted.percent)})"
            )
        return ("; ".join(parts) + ".") if parts else "No single activity leads."

    def activities_figure(self) -> Figure | None:
        if not self.has("survey"):
            return None
        both = analysis.activities_and_interests(self.frame("survey_answers"), self.threshold)
        labels = [s.category for s in both["now"]]
        svg = charts.paired_bars(
            labels,
            {
                "Do now": (_values(both["now"]), _labels(both["now"])),
                "Would like to do": (_values(both["wanted"]), _labels(both["wanted"])),
            },
            "Respondents who answered (%)",
        )
        return Figure(svg, self._activities_finding())

    def activities_table(self) -> Table | None:
        if not self.has("survey"):
            return None
        both = analysis.activities_and_interests(self.frame("survey_answers"), self.threshold)
        rows = tuple(
            (a.category, a.shown, show_percent(a.percent), b.shown, show_percent(b.percent))
            for a, b in zip(both["now"], both["wanted"], strict=True)
        )
        columns = ("Activity", "Do now", "Do now %", "Would like to", "Would like to %")
        return Table(columns, rows, (False, True, True, True, True))

    def barriers_text(self) -> Text | None:
        if not self.has("survey"):
            return None
        return Text(
            "### Barriers\n\nWhat stops people being more active, most common first. "
            + markdown.escape(self._barriers_finding())
        )

    def _barriers_finding(self) -> str:
        shares, _ = analysis.barriers(self.frame("survey_answers"), self.threshold)
        published = [s for s in shares if s.count]
        if not published:
            return "Too few answered to rank the barriers."
        text = (
            f"{published[0].category} was the most common barrier "
            f"({show_percent(published[0].percent)} of those who answered)"
        )
        if len(published) > 1:
            text += f", then {published[1].category} ({show_percent(published[1].percent)})"
        return text + "."

    def barriers_figure(self) -> Figure | None:
        if not self.has("survey"):
            return None
        shares, _ = analysis.barriers(self.frame("survey_answers"), self.threshold)
        svg = charts.bars(
            [s.category for s in shares],
            _values(shares),
            _labels(shares),
            "Respondents who answered (%)",
        )
        return Figure(svg, self._barriers_finding())

    def barriers_table(self) -> Table | None:
        if not self.has("survey"):
            return None
        shares, _ = analysis.barriers(self.frame("survey_answers"), self.threshold)
        return _shares_table("Barrier", shares)

    def _health(self):
        return analysis.single_choice(
            self.frame("survey")["health_condition"], HEALTH, self.threshold
        )

    def health_text(self) -> Text | None:
        if not self.has("survey"):
            return None
        return Text(
            "### Health conditions\n\nAsked whether a health condition prevents them "
            "being more active. " + markdown.escape(self._health_finding())
        )

    def _health_finding(self) -> str:
        shares, _ = self._health()
        yes = shares[0]
        return (
            f"{show_percent(yes.percent)} of those who answered said yes."
            if yes.percent is not None
            else "The share who said yes is withheld."
        )

    def health_figure(self) -> Figure | None:
        if not self.has("survey"):
            return None
        shares, _ = self._health()
        svg = charts.bars(
            [s.category for s in shares],
            _values(shares),
            _labels(shares),
            "Respondents who answered (%)",
        )
        return Figure(
            svg, "A health condition prevents them being more active: " + self._health_finding()
        )

    def health_table(self) -> Table | None:
        if not self.has("survey"):
            return None
        return _shares_table("Answer", self._health()[0])

    # -- workforce development ---------------------------------------------------
    def _confidence(self):
        return analysis.confidence_by_group(
            self.frame("training"), self.frame("distance_travelled"), self.threshold
        )

    def training_text(self) -> Text | None:
        if not self.has("training"):
            return self.absent("training")
        training = self.frame("training")
        courses = sorted(training["course"].dropna().unique())
        people = analysis.disclosure.show_count(
            training["participant_id"].nunique(), self.threshold
        )
        return Text(
            f"{people} people took part in {_join([markdown.escape(c) for c in courses])}, "
            "rating their confidence from 1 (low) to 5 (high) before the course and again "
            "afterwards.\n\n### Confidence by workforce group"
        )

    def confidence_figure(self) -> Figure | None:
        if not self.has("training"):
            return None
        rows = self._confidence()
        labels = [r.group for r in rows]
        svg = charts.paired_bars(
            labels,
            {
                "Before": ([_float(r.mean_before) for r in rows], [r.mean_before for r in rows]),
                "After": ([_float(r.mean_after) for r in rows], [r.mean_after for r in rows]),
            },
            "Mean confidence (1-5), participants with both scores",
            maximum=5,
        )
        rose = [
            r.group
            for r in rows
            if _float(r.mean_before) is not None and _float(r.mean_after) > _float(r.mean_before)
        ]
        shown = [r for r in rows if _float(r.mean_before) is not None]
        alt = (
            f"Mean confidence was higher after the course than before in {len(rose)} of "
            f"{len(shown)} workforce groups with enough returns to show."
        )
        return Figure(svg, alt)

    def confidence_table(self) -> Table | None:
        if not self.has("training"):
            return None
        rows = tuple(
            (r.group, r.participants, r.returned, r.mean_before, r.mean_after, r.median_change)
            for r in self._confidence()
        )
        columns = (
            "Workforce group",
            "Participants",
            "Returned both scores",
            "Mean before",
            "Mean after",
            "Median change",
        )
        return Table(columns, rows, (False, True, True, True, True, True))

    def _distance(self):
        return analysis.distance_travelled(
            self.frame("training"), self.frame("distance_travelled"), self.threshold
        )

    def distance_text(self) -> Text | None:
        if not self.has("training"):
            return None
        d = self._distance()
        return Text(
            "### Distance travelled\n\nThe change in each participant's confidence, after "
            f"minus before, for the {d.pairs_shown} with both scores; {d.unmatched} returned "
            f"no score after the course (unmatched returns). Median change: "
            f"**{d.median_change}**. {markdown.escape(self._distance_finding(d))}\n\n"
            + markdown.escape(d.wilcoxon)
        )

    def _distance_finding(self, d) -> str:
        shown = [
            f"{show_percent(s.percent)} {s.category}" for s in d.directions if s.percent is not None
        ]
        withheld = [s.category for s in d.directions if s.percent is None]
        text = f"Of participants with both scores, {_join(shown)}." if shown else ""
        if withheld:
            who = _join([DIRECTION_WORDS[w] for w in withheld], "or")
            text += f" The shares who {who} are withheld: too few people to publish."
        return text.strip()

    def distance_figure(self) -> Figure | None:
        if not self.has("training"):
            return None
        d = self._distance()
        svg = charts.bars(
            [s.category.capitalize() for s in d.directions],
            _values(d.directions),
            _labels(d.directions),
            "Participants with both scores (%)",
        )
        alt = self._distance_finding(d) + f" Median change {d.median_change}."
        return Figure(svg, alt)

    def distance_table(self) -> Table | None:
        if not self.has("training"):
            return None
        d = self._distance()
        rows = tuple(
            (s.category.capitalize(), s.shown, show_percent(s.percent)) for s in d.directions
        )
        return Table(
            ("Confidence after the course", "Participants", "%"), rows, (False, True, True)
        )

    # -- delivery ----------------------------------------------------------------
    def delivery_text(self) -> Text | None:
        if not self.has("delivery"):
            return self.absent("delivery")
        delivery = self.frame("delivery")
        people = analysis.disclosure.show_count(int(delivery["participants"].sum()), self.threshold)
        return Text(
            f"{int(delivery['sessions'].sum()):,} sessions reached {people} participants, "
            f"with funding of {analysis.money(delivery['funding_gbp'])}. "
            + markdown.escape(self._delivery_finding())
        )

    def _delivery_finding(self) -> str:
        lines = analysis.delivery_by(self.frame("delivery"), "organisation", self.threshold)
        best = max(lines, key=lambda line: line.sessions)
        return f"{best.label} delivered the most sessions ({best.sessions:,})."

    def delivery_figure(self) -> Figure | None:
        if not self.has("delivery"):
            return None
        lines = analysis.delivery_by(self.frame("delivery"), "organisation", self.threshold)
        lines = sorted(lines, key=lambda line: -line.sessions)
        svg = charts.bars(
            [line.label for line in lines],
            [line.sessions for line in lines],
            [f"{line.sessions:,}" for line in lines],
            "Sessions delivered",
        )
        return Figure(svg, self._delivery_finding())

    def _delivery_table(self, key: str, heading: str) -> Table | None:
        if not self.has("delivery"):
            return None
        rows = tuple(
            (line.label, f"{line.sessions:,}", line.participants, line.funding)
            for line in analysis.delivery_by(self.frame("delivery"), key, self.threshold)
        )
        return Table(
            (heading, "Sessions", "Participants", "Funding"), rows, (False, True, True, True)
        )

    def delivery_by_organisation(self) -> Table | None:
        return self._delivery_table("organisation", "Organisation")

    def delivery_by_activity(self) -> Table | None:
        return self._delivery_table("activity", "Activity")

    # -- milestones ----------------------------------------------------------------
    def _milestones(self) -> pd.DataFrame:
        return self.frame("milestones").sort_values("date", kind="stable")

    def milestones_text(self) -> Text | None:
        if not self.has("milestones"):
            return self.absent("milestones")
        return Text(markdown.escape(self._milestones_finding()))

    def _milestones_finding(self) -> str:
        ms = self._milestones()
        first, last = ms.iloc[0], ms.iloc[-1]
        return (
            f"{len(ms)} milestones, from {_date(first['date'])} "
            f"({redact(first['milestone'])}) to {_date(last['date'])} "
            f"({redact(last['milestone'])})."
        )

    def milestones_figure(self) -> Figure | None:
        if not self.has("milestones"):
            return None
        ms = self._milestones()
        svg = charts.timeline(list(ms["date"]), [redact(str(m)) for m in ms["milestone"]])
        return Figure(svg, self._milestones_finding())

    def milestones_table(self) -> Table | None:
        if not self.has("milestones"):
            return None
        rows = tuple(
            (_date(r.date), redact(str(r.milestone))) for r in self._milestones().itertuples()
        )
        return Table(("Date", "Milestone"), rows, (False, False))

    # -- the evaluators' words -------------------------------------------------------
    def _narrative(self) -> tuple[dict, str]:
        if not self.narrative_path.is_file():
            return {}, ""
        text = self.narrative_path.read_text(encoding="utf-8-sig")
        front: dict = {}
        if text.startswith("---"):
            head, _, body = text[3:].partition("\n---")
            loaded = yaml.safe_load(head)
            front, text = (loaded if isinstance(loaded, dict) else {}), body.lstrip("-\n")
        return front, text

    def narrative(self) -> Text:
        front, body = self._narrative()
        if not body.strip():
            return Text("The evaluators did not provide a narrative for this period.")
        lines = []
        authors = front.get("authors")
        if authors:
            names = authors if isinstance(authors, list) else [authors]
            lines += [f"By {markdown.escape(redact(', '.join(str(a) for a in names)))}.", ""]
        lines.append(markdown.safe_markdown(body, shift_headings=1))
        return Text("\n".join(lines))

    # -- data quality and provenance ---------------------------------------------------
    def data_quality(self) -> Text:
        status = self.manifest.get("validation_status", "passed")
        problems = self.manifest.get("problems", [])
        warnings = [p for p in problems if p["level"] == "warning"]
        lines = [
            f"Great Expectations validation **{status}** "
            f"with {len(warnings)} warning{'s' if len(warnings) != 1 else ''}. "
            "Every check, and the rows at fault, are on "
            "[the data steward's validation page for this report](validation.html)."
        ]
        if warnings:
            lines.append("")
            lines += [f"- {markdown.escape(p['message'])}" for p in warnings[:20]]
            if len(warnings) > 20:
                lines.append(f"- ... and {len(warnings) - 20} more on the validation page")
        return Text("\n".join(lines))

    def method(self) -> Text:
        p = self.provenance
        t = self.threshold
        lines = [
            "**Activity levels** follow Sport England's Active Lives bands on minutes a week: "
            "None (0), Under 30 (1-29), 30-149 and 150+; *inactive* means under 30 minutes. "
            "**Percentages** are of respondents who answered the question, rounded half-up to "
            "whole numbers; for questions allowing several answers they can add up to more "
            "than 100%. **Distance travelled** is confidence after minus confidence before, "
            "for participants with both scores.",
            "",
            f"**Disclosure control:** any count from 1 to {t - 1} is shown as `<{t}` and "
            "percentages built on it are withheld; where one category of a question would "
            "otherwise be recoverable from the total, the next smallest is withheld too. "
            f"Medians and means need at least {t} contributors. No respondent or participant "
            "identifier, and no individual record, is published.",
            "",
            "### Provenance",
            "",
            f"- learnrep version: {markdown.escape(p.get('learnrep_version', 'unknown'))}",
            f"- Pipeline code SHA-256: {markdown.escape(p.get('code_sha256', 'unknown'))}",
            f"- Notebook SHA-256: {markdown.escape(p.get('notebook', 'unknown'))}",
            f"- Parameters: {markdown.escape(json.dumps(p.get('parameters', {}), sort_keys=True))}",
            "- Software: "
            + ", ".join(
                f"{markdown.escape(k)} {markdown.escape(v)}"
                for k, v in sorted(p.get("software", {}).items())
            ),
            "",
        ]
        inputs = p.get("inputs", {})
        if inputs:
            table = markdown.table(
                ("Input file", "SHA-256"), sorted(inputs.items()), (False, False)
            )
            lines += [table, "", ": Inputs and their SHA-256 checksums", ""]
        return Text("\n".join(lines))


def _paired_table(first: str, before, now, names, capitalise: bool = False) -> Table:
    """One row per category: count and percentage in each period."""

    def name(category: str) -> str:
        return category.capitalize() if capitalise else category

    rows = tuple(
        (name(b.category), b.shown, show_percent(b.percent), n.shown, show_percent(n.percent))
        for b, n in zip(before, now, strict=True)
    )
    old, new = names
    columns = (first, f"{old}: number", f"{old}: %", f"{new}: number", f"{new}: %")
    return Table(columns, rows, (False, True, True, True, True))


def _join(items: list[str], last: str = "and") -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def _date(value) -> str:
    return pd.Timestamp(value).strftime("%-d %B %Y")


def _number(value) -> str:
    return "not given" if pd.isna(value) else f"{float(value):.1f}"


def _optional(values: pd.Series) -> list[float | None]:
    return [None if pd.isna(v) else float(v) for v in values]


def _float(text: str) -> float | None:
    return None if text == WITHHELD else float(text)

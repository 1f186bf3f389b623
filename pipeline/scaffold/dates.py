"""A new period's dates: the ones given (`--start`, `--end`), else the ones
its name says (2022-q2), else following on from the period it follows
(`--from`) with the same length. A name that says no dates, with nothing
to follow, is refused: guessing would file a year's data under the wrong
dates."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from pipeline.errors import UsageError

NAMED_SPANS = "2022-q1 (a quarter), 2022-h1 (a half year), 2022-05 (a month), 2022, 2021-22"


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: dt.date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def following_dates(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The period after [start, end], of the same length: whole months when the
    previous period was whole months (a quarter follows a quarter), else days."""
    new_start = end + dt.timedelta(days=1)
    if start.day == 1 and end == _month_end(end.year, end.month):
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        return new_start, _month_end(*_add_months(new_start, months - 1))
    return new_start, new_start + (end - start)


def span_of(period: str) -> tuple[dt.date, dt.date] | None:
    """The dates a period's name says: 2022-q1 (a calendar quarter), 2021-h2
    (a half year), 2022-05 (a month), 2022 (a calendar year) and 2021-22 (the
    financial year, April to March); None for any other name."""
    if match := re.fullmatch(r"(\d{4})-q([1-4])", period):
        year, q = int(match[1]), int(match[2])
        return dt.date(year, 3 * q - 2, 1), _month_end(year, 3 * q)
    if match := re.fullmatch(r"(\d{4})-h([12])", period):
        year, h = int(match[1]), int(match[2])
        return dt.date(year, 6 * h - 5, 1), _month_end(year, 6 * h)
    if (match := re.fullmatch(r"(\d{4})-(\d{2})", period)) and 1 <= int(match[2]) <= 12:
        year, month = int(match[1]), int(match[2])
        return dt.date(year, month, 1), _month_end(year, month)
    if (match := re.fullmatch(r"(\d{4})-(\d{2})", period)) and int(match[2]) == (
        int(match[1]) + 1
    ) % 100:
        year = int(match[1])
        return dt.date(year, 4, 1), dt.date(year + 1, 3, 31)
    if re.fullmatch(r"\d{4}", period):
        return dt.date(int(period), 1, 1), dt.date(int(period), 12, 31)
    return None


def period_dates(
    period: str,
    given: tuple[dt.date | None, dt.date | None] = (None, None),
    previous: tuple[dt.date, dt.date] | None = None,
) -> tuple[dt.date, dt.date, str]:
    """The new period's (start, end), and where they came from, in words."""
    start, end = given
    if (start is None) != (end is None):
        flag = "--end" if start is not None else "--start"
        raise UsageError(f"{flag} is needed too: give a period's dates as --start and --end")
    if start is not None:
        if end < start:
            raise UsageError(f"--end {end} is before --start {start}")
        return start, end, "as given"
    if (span := span_of(period)) is not None:
        return *span, "from the period's name"
    if previous is not None:
        return *following_dates(*previous), "following on from the --from period"
    raise UsageError(
        f"--period {period}: learnrep cannot tell its dates from the name (names it can: "
        f"{NAMED_SPANS}); give them with --start YYYY-MM-DD --end YYYY-MM-DD, or name "
        "the period it follows with --from"
    )

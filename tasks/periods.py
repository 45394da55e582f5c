"""The periods a report covers, as the run register spells them: a month "2022-05", a quarter
"2022-Q2", a year "2022", a collection round "2022-06-03"; each parsed with a message naming what
is wrong, and each with the core ``Period`` it stands for."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from registers.core.periods import ROUND_DAYS, Period, month_end, reporting_period

MONTH, QUARTER, YEAR, ROUND = "month", "quarter", "year", "round"
EXAMPLES = {MONTH: "2022-05", QUARTER: "2022-Q2", YEAR: "2022", ROUND: "2022-06-03 或 2022-06-18"}


class PeriodError(ValueError):
    pass


@dataclass(frozen=True)
class ReportPeriod:
    type: str
    year: int
    month: int | None = None  # the month, or the quarter's last month
    quarter: int | None = None
    round_date: datetime.date | None = None

    @property
    def key(self) -> str:
        if self.type == MONTH:
            return f"{self.year}-{self.month:02d}"
        if self.type == QUARTER:
            return f"{self.year}-Q{self.quarter}"
        if self.type == ROUND:
            return self.round_date.isoformat()
        return str(self.year)

    @property
    def span(self) -> Period:
        if self.type == MONTH:
            return Period.of(self.year, month=self.month)
        if self.type == QUARTER:
            return Period.of(self.year, quarter=self.quarter)
        if self.type == ROUND:
            return Period.of(self.year, month=self.round_date.month)
        return Period.of(self.year)

    @property
    def figures_month(self) -> int:
        """The month whose cumulative figures the report reads (a year: December)."""
        if self.type == ROUND:
            return self.round_date.month
        return self.month or 12

    @property
    def end(self) -> datetime.date:
        return self.round_date if self.type == ROUND else self.span.end

    def label(self) -> str:
        if self.type == ROUND:
            day = self.round_date
            return f"{day.year}年{day.month}月{day.day}日批次"
        return self.span.label()

    def cumulative_label(self) -> str:
        """"2022年1-5月": what the 1-M月 figures of the period cover."""
        return f"{self.year}年{self.cumulative_months()}"

    def cumulative_months(self) -> str:
        month = self.figures_month
        return "1月" if month == 1 else f"1-{month}月"


def of_month(year: int, month: int) -> ReportPeriod:
    return ReportPeriod(MONTH, year, month=month)


def of_quarter(year: int, quarter: int) -> ReportPeriod:
    return ReportPeriod(QUARTER, year, month=quarter * 3, quarter=quarter)


def of_year(year: int) -> ReportPeriod:
    return ReportPeriod(YEAR, year)


def of_round(day: datetime.date) -> ReportPeriod:
    return ReportPeriod(ROUND, day.year, month=day.month, round_date=day)


def previous_month(day: datetime.date) -> ReportPeriod:
    """The month reported on ``day``: the register's reporting period (last month's figures)."""
    return of_month(*reporting_period(day))


def previous_quarter(day: datetime.date) -> ReportPeriod:
    quarter = (day.month - 1) // 3  # 0 in January–March: the last quarter of the year before
    return of_quarter(day.year - 1, 4) if quarter == 0 else of_quarter(day.year, quarter)


def next_round(day: datetime.date) -> ReportPeriod:
    """The collection round at or after ``day`` (a reminder on the 1st is for the 3rd)."""
    for round_day in ROUND_DAYS:
        if day.day <= round_day:
            return of_round(day.replace(day=round_day))
    following = month_end(day.year, day.month) + datetime.timedelta(days=1)
    return of_round(following.replace(day=ROUND_DAYS[0]))


def last_round(day: datetime.date) -> ReportPeriod:
    """The collection round at or before ``day`` (the agenda on the 4th is of the 3rd's round)."""
    for round_day in reversed(ROUND_DAYS):
        if day.day >= round_day:
            return of_round(day.replace(day=round_day))
    previous = day.replace(day=1) - datetime.timedelta(days=1)
    return of_round(previous.replace(day=ROUND_DAYS[-1]))


def parse(text: str, period_type: str) -> ReportPeriod:
    """``text`` as a period of ``period_type``; a month also reads "2022年5月", a round must be a round day."""
    text = (text or "").strip()
    example = EXAMPLES[period_type]
    try:
        period = _read(text, period_type)
    except (TypeError, ValueError, AttributeError) as exc:
        raise PeriodError(f"期间“{text}”无效，应写作 {example}。") from exc
    if period.type == ROUND and period.round_date.day not in ROUND_DAYS:
        first, second = ROUND_DAYS
        raise PeriodError(f"期间“{text}”不是收集批次：批次为每月{first}日和{second}日，应写作 {example}。")
    return _checked(period)


def _read(text: str, period_type: str) -> ReportPeriod:
    if period_type == MONTH:
        match = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?", text)
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise ValueError(month)
        return of_month(year, month)
    if period_type == QUARTER:
        match = (re.fullmatch(r"(\d{4})\s*-?\s*[Qq]([1-4])", text)
                 or re.fullmatch(r"(\d{4})年第?([1-4一二三四])季度?", text))
        quarter = "一二三四".find(match[2]) + 1 or int(match[2])
        return of_quarter(int(match[1]), quarter)
    if period_type == YEAR:
        return of_year(int(re.fullmatch(r"(\d{4})年?", text)[1]))
    return of_round(datetime.date.fromisoformat(text))


def _checked(period: ReportPeriod) -> ReportPeriod:
    if not 2000 <= period.year <= 2100:
        raise PeriodError(f"期间“{period.key}”的年份超出范围（2000–2100）。")
    return period

"""Calendar arithmetic the certification rules need (validity periods in months)."""

import calendar
import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day when it is shorter
    (31 January + 1 month = 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def period_end(day: datetime.date, months: int) -> datetime.date:
    """The last day of a period of `months` starting on `day` (valid 12 months from
    15 March 2026: until 14 March 2027)."""
    return add_months(day, months) - datetime.timedelta(days=1)

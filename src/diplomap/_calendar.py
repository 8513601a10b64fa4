"""Month and weekday names, shared by the date readers (publication dates and event dates)."""

from __future__ import annotations

__all__ = ["MONTHS", "MONTH_NAMES", "WEEKDAYS"]

MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# full names, three-letter abbreviations and "sept" -> month number
MONTHS: dict[str, int] = {
    **{name: number for number, name in enumerate(MONTH_NAMES, start=1)},
    **{name[:3]: number for number, name in enumerate(MONTH_NAMES, start=1)},
    "sept": 9,
}

"""Duration strings (``"30d"``, ``"1mo"``, ...), key expiry and budget reset times.

LiteLLM stores durations as strings (``budget_duration``) and turns them into points in time:
``expires = now + duration`` for keys, and ``budget_reset_at`` for budgets, which mid-2024
LiteLLM computes as ``now + duration`` and current LiteLLM aligns to calendar points.

Everything here is pure: the caller passes ``now``. Naive datetimes are taken as UTC (that is
what Prisma's ``TIMESTAMP(3)`` columns hold) and every returned datetime is UTC-aware.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, datetime, timedelta
from typing import Literal

ResetStyle = Literal["current", "legacy"]

UNITS: tuple[str, ...] = ("s", "m", "h", "d", "w", "mo")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}

# Current LiteLLM's words; each means one of the unit forms.
WORDS: dict[str, tuple[int, str]] = {
    "hourly": (1, "h"),
    "daily": (1, "d"),
    "weekly": (1, "w"),
    "monthly": (1, "mo"),
}

# Strict, unlike LiteLLM's prefix match (which reads "30days" as "30d" and "1M" as an error):
# whatever the console accepts must mean the same to every proxy version that reads it back.
# [0-9] rather than \d so non-ASCII digits are refused.
_DURATION_RE = re.compile(r"([0-9]+)(mo|[smhdw])")
_MAX_DIGITS = 9

# LiteLLM's UI sometimes sends these for "no duration"; current LiteLLM treats them as unset.
_EMPTY_VALUES = frozenset({"", "none", "null"})

_HELP = "use a whole number followed by s, m, h, d, w or mo (e.g. 30s, 15m, 1h, 30d, 1mo)"


def _as_utc(now: datetime) -> datetime:
    if not isinstance(now, datetime):
        raise TypeError(f"now must be a datetime, not {type(now).__name__}")
    if now.tzinfo is None:
        return now.replace(tzinfo=UTC)
    return now.astimezone(UTC)


def is_empty_duration(duration: str | None) -> bool:
    """Return True for a duration that means "none": None, blank, "none" or "null"."""
    return duration is None or (
        isinstance(duration, str) and duration.strip().lower() in _EMPTY_VALUES
    )


def split_duration(duration: str | None) -> tuple[int, str]:
    """Parse ``duration`` into ``(value, unit)`` with unit one of ``UNITS``.

    Words map to their unit form (``"weekly"`` -> ``(1, "w")``). Raises ``ValueError`` with a
    message fit for a form error on anything else, including zero.
    """
    if not isinstance(duration, str):
        raise ValueError(f"Invalid duration {duration!r}: {_HELP}")
    text = duration.strip()
    if not text:
        raise ValueError(f"The duration is empty: {_HELP}")
    word = WORDS.get(text.lower())
    if word is not None:
        return word
    match = _DURATION_RE.fullmatch(text)
    if match is None:
        raise ValueError(f"Invalid duration {duration!r}: {_HELP}, or hourly/daily/weekly/monthly")
    digits, unit = match.groups()
    if len(digits.lstrip("0")) > _MAX_DIGITS:
        raise ValueError(f"Duration {duration!r} is too large")
    value = int(digits)
    if value == 0:
        # LiteLLM accepts "0d" as "already due", which is never what a form means.
        raise ValueError(f"Duration {duration!r} must be greater than zero")
    return value, unit


def is_valid_duration(duration: str | None) -> bool:
    """Return True if ``split_duration`` accepts ``duration``."""
    try:
        split_duration(duration)
    except ValueError:
        return False
    return True


def normalize_duration(duration: str) -> str:
    """Return the canonical spelling of ``duration`` that every LiteLLM version reads.

    Mid-2024 LiteLLM knows only s/m/h/d/mo, so weeks become days (``"2w"`` -> ``"14d"``,
    ``"weekly"`` -> ``"7d"``); current LiteLLM treats ``Nw`` exactly as ``7N d``, so nothing
    changes for it. Other words become ``"1h"``, ``"1d"``, ``"1mo"``.
    """
    value, unit = split_duration(duration)
    if unit == "w":
        return f"{value * 7}d"
    return f"{value}{unit}"


def add_months(moment: datetime, months: int) -> datetime:
    """Return ``moment`` moved by ``months`` calendar months, clamping the day to the month.

    Jan 31 + 1 month is Feb 28 (29 in a leap year), as in LiteLLM's ``duration_in_seconds``.
    """
    total = moment.month - 1 + months
    year = moment.year + total // 12
    month = total % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def _length(value: int, unit: str, start: datetime | None) -> timedelta:
    if unit == "mo":
        if start is None:
            raise TypeError("parse_duration() needs now= for month durations")
        return add_months(start, value) - start
    return timedelta(seconds=value * _UNIT_SECONDS[unit])


def _too_large(duration: object) -> ValueError:
    # Python reports these as OverflowError (timedelta) or ValueError (year out of range); both
    # mean the same to a user.
    return ValueError(f"Duration {duration!r} reaches past the year 9999")


def parse_duration(duration: str, now: datetime | None = None) -> timedelta:
    """Return the length of ``duration`` as a ``timedelta``.

    Months are calendar months counted from ``now`` (as LiteLLM does), so ``"1mo"`` needs
    ``now``: it is 31 days from Jan 15 and 28 from Feb 15. Raises ``ValueError`` on bad input.
    """
    value, unit = split_duration(duration)
    start = None if now is None else _as_utc(now)
    try:
        return _length(value, unit, start)
    except (OverflowError, ValueError) as exc:
        raise _too_large(duration) from exc


def duration_in_seconds(duration: str, now: datetime) -> int:
    """Return ``duration`` in whole seconds from ``now``, like LiteLLM's function of that name."""
    return int(parse_duration(duration, now).total_seconds())


def expires_at(duration: str | None, now: datetime) -> datetime | None:
    """Return a key's ``expires`` for ``duration`` from ``now``; None (never) when empty."""
    if is_empty_duration(duration):
        return None
    value, unit = split_duration(duration)
    start = _as_utc(now)
    try:
        return start + _length(value, unit, start)
    except (OverflowError, ValueError) as exc:
        raise _too_large(duration) from exc


def _first_of_month(moment: datetime, months_ahead: int) -> datetime:
    first = moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return add_months(first, months_ahead)


def _current_reset(value: int, unit: str, now: datetime) -> datetime:
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    if unit == "w":
        value, unit = value * 7, "d"
    if unit == "d":
        if value == 1:
            return midnight + timedelta(days=1)
        if value == 7:
            # Next Monday; on a Monday that is a week away, never today.
            return midnight + timedelta(days=7 - now.weekday())
        if value == 30:
            return _first_of_month(now, 1)
        return midnight + timedelta(days=value)
    if unit == "mo":
        # LiteLLM only supports 1mo here (it raises for more); N months ahead is the natural
        # extension and keeps the reset on the 1st like 1mo does.
        return _first_of_month(now, value)
    # Nh/Nm/Ns: the next multiple of the step counted from today's midnight, strictly after now.
    # This equals LiteLLM's result for hour steps under 48 and for minute/second steps that
    # divide 60. For other steps (7m, 90m) LiteLLM counts within the hour or minute instead;
    # that changes only when the first reset falls, and the proxy computes every later one.
    step = timedelta(seconds=value * _UNIT_SECONDS[unit])
    return midnight + step * ((now - midnight) // step + 1)


def next_budget_reset(
    duration: str | None, now: datetime, style: ResetStyle = "current"
) -> datetime | None:
    """Return ``budget_reset_at`` for a budget of ``duration`` set at ``now``; None when empty.

    ``style="legacy"`` is mid-2024 LiteLLM: ``now + duration``. ``style="current"`` is current
    LiteLLM's calendar alignment in UTC: ``1d`` next midnight, ``7d``/``1w`` next Monday 00:00,
    ``30d``/``1mo`` the 1st of next month 00:00, other ``Nd`` today's midnight + N days, and
    ``Nh``/``Nm``/``Ns`` the next multiple counted from midnight.
    """
    if style not in ("current", "legacy"):
        raise ValueError(f"Unknown reset style {style!r}; expected 'current' or 'legacy'")
    if is_empty_duration(duration):
        return None
    start = _as_utc(now)
    value, unit = split_duration(duration)
    try:
        if style == "legacy":
            return start + _length(value, unit, start)
        return _current_reset(value, unit, start)
    except (OverflowError, ValueError) as exc:
        raise _too_large(duration) from exc

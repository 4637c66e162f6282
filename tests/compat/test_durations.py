"""Duration strings, key expiry and budget resets, including calendar edge cases."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from litellm_console.compat import durations


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# --- parsing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30s", (30, "s")),
        ("15m", (15, "m")),
        ("1h", (1, "h")),
        ("30d", (30, "d")),
        ("2w", (2, "w")),
        ("1mo", (1, "mo")),
        ("12mo", (12, "mo")),
        (" 7d ", (7, "d")),
        ("007d", (7, "d")),
        ("hourly", (1, "h")),
        ("Daily", (1, "d")),
        ("weekly", (1, "w")),
        ("MONTHLY", (1, "mo")),
    ],
)
def test_split_duration(text, expected):
    assert durations.split_duration(text) == expected


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "   ",
        None,
        30,
        "30",
        "d",
        "mo",
        "0d",
        "00s",
        "-1d",
        "1.5h",
        "30days",
        "1month",
        "1 d",
        "1D",
        "1M",
        "1y",
        "1d1h",
        "٣d",  # a non-ASCII digit
        "yearly",
        "1234567890s",
    ],
)
def test_bad_durations_raise_value_error(bad):
    with pytest.raises(ValueError):
        durations.split_duration(bad)
    assert not durations.is_valid_duration(bad)


def test_error_message_says_what_is_expected():
    with pytest.raises(ValueError, match=r"30d"):
        durations.split_duration("thirty days")
    with pytest.raises(ValueError, match="greater than zero"):
        durations.split_duration("0h")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30s", timedelta(seconds=30)),
        ("15m", timedelta(minutes=15)),
        ("2h", timedelta(hours=2)),
        ("30d", timedelta(days=30)),
        ("1w", timedelta(days=7)),
        ("daily", timedelta(days=1)),
    ],
)
def test_parse_duration_fixed_units(text, expected):
    assert durations.parse_duration(text) == expected


@pytest.mark.parametrize(
    ("now", "text", "days"),
    [
        (utc(2024, 1, 15), "1mo", 31),
        (utc(2023, 2, 15), "1mo", 28),
        (utc(2024, 2, 15), "1mo", 29),  # leap year
        (utc(2024, 1, 31), "1mo", 29),  # Jan 31 -> Feb 29 (clamped)
        (utc(2023, 1, 31), "1mo", 28),  # Jan 31 -> Feb 28
        (utc(2024, 12, 15), "1mo", 31),  # across the year end
        (utc(2024, 11, 30), "3mo", 90),  # Nov 30 -> Feb 28 2025
        (utc(2024, 1, 1), "12mo", 366),
        (utc(2024, 3, 10), "monthly", 31),
    ],
)
def test_months_are_calendar_months(now, text, days):
    assert durations.parse_duration(text, now) == timedelta(days=days)
    assert durations.duration_in_seconds(text, now) == days * 86400


def test_months_need_now():
    with pytest.raises(TypeError):
        durations.parse_duration("1mo")


def test_duration_in_seconds():
    assert durations.duration_in_seconds("90m", utc(2024, 1, 1)) == 5400


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30d", "30d"),
        (" 1h ", "1h"),
        ("1w", "7d"),
        ("2w", "14d"),
        ("weekly", "7d"),
        ("daily", "1d"),
        ("hourly", "1h"),
        ("monthly", "1mo"),
        ("007d", "7d"),
    ],
)
def test_normalize_duration_for_every_litellm_version(text, expected):
    assert durations.normalize_duration(text) == expected


def test_add_months_clamps_and_keeps_time():
    assert durations.add_months(utc(2024, 3, 31, 13, 5), 1) == utc(2024, 4, 30, 13, 5)
    assert durations.add_months(utc(2024, 12, 31), 2) == utc(2025, 2, 28)
    assert durations.add_months(utc(2024, 2, 29), 12) == utc(2025, 2, 28)


# --- expiry ----------------------------------------------------------------------------------


@pytest.mark.parametrize("empty", [None, "", "  ", "None", "null"])
def test_expires_at_empty_means_never(empty):
    assert durations.expires_at(empty, utc(2024, 6, 1)) is None


def test_expires_at():
    now = utc(2024, 12, 31, 23, 59, 59)
    assert durations.expires_at("1s", now) == utc(2025, 1, 1)
    assert durations.expires_at("30d", now) == utc(2025, 1, 30, 23, 59, 59)
    assert durations.expires_at("1mo", now) == utc(2025, 1, 31, 23, 59, 59)
    assert durations.expires_at("2mo", now) == utc(2025, 2, 28, 23, 59, 59)


def test_expires_at_rejects_bad_duration():
    with pytest.raises(ValueError):
        durations.expires_at("soon", utc(2024, 1, 1))


def test_naive_now_is_taken_as_utc_and_results_are_aware():
    result = durations.expires_at("1h", datetime(2024, 1, 1, 12))
    assert result == utc(2024, 1, 1, 13)
    assert result.utcoffset() == timedelta(0)


def test_aware_non_utc_now_is_converted_to_utc():
    ist = timezone(timedelta(hours=5, minutes=30))
    now = datetime(2024, 1, 1, 2, 0, tzinfo=ist)  # 2023-12-31 20:30 UTC
    assert durations.next_budget_reset("1d", now) == utc(2024, 1, 1)
    assert durations.next_budget_reset("1d", now).tzinfo is UTC


def test_overflow_is_a_value_error():
    with pytest.raises(ValueError, match="9999"):
        durations.expires_at("999999999d", utc(2024, 1, 1))
    with pytest.raises(ValueError, match="9999"):
        durations.expires_at("999999mo", utc(2024, 1, 1))
    with pytest.raises(ValueError, match="9999"):
        durations.next_budget_reset("999999999w", utc(2024, 1, 1))


def test_now_must_be_a_datetime():
    with pytest.raises(TypeError):
        durations.expires_at("1d", "2024-01-01")  # type: ignore[arg-type]


# --- budget resets: legacy (mid-2024) --------------------------------------------------------


def test_legacy_reset_is_now_plus_duration():
    now = utc(2024, 5, 15, 10, 30, 45)
    assert durations.next_budget_reset("1d", now, "legacy") == utc(2024, 5, 16, 10, 30, 45)
    assert durations.next_budget_reset("7d", now, "legacy") == utc(2024, 5, 22, 10, 30, 45)
    assert durations.next_budget_reset("30d", now, "legacy") == utc(2024, 6, 14, 10, 30, 45)
    assert durations.next_budget_reset("1mo", now, "legacy") == utc(2024, 6, 15, 10, 30, 45)
    assert durations.next_budget_reset("2h", now, "legacy") == utc(2024, 5, 15, 12, 30, 45)


def test_unknown_style_is_rejected():
    with pytest.raises(ValueError):
        durations.next_budget_reset("1d", utc(2024, 1, 1), "calendar")  # type: ignore[arg-type]


@pytest.mark.parametrize("style", ["current", "legacy"])
def test_empty_budget_duration_has_no_reset(style):
    assert durations.next_budget_reset(None, utc(2024, 1, 1), style) is None
    assert durations.next_budget_reset("", utc(2024, 1, 1), style) is None


# --- budget resets: current (calendar-aligned) -----------------------------------------------


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (utc(2024, 5, 15, 10, 30), utc(2024, 5, 16)),
        (utc(2024, 5, 15), utc(2024, 5, 16)),  # exactly midnight: the next one
        (utc(2024, 12, 31, 23, 59, 59, 999999), utc(2025, 1, 1)),  # Dec 31 -> Jan 1
        (utc(2024, 2, 28, 12), utc(2024, 2, 29)),  # leap day
        (utc(2023, 2, 28, 12), utc(2023, 3, 1)),  # no leap day
    ],
)
def test_daily_resets_at_next_midnight(now, expected):
    assert durations.next_budget_reset("1d", now) == expected
    assert durations.next_budget_reset("daily", now) == expected


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (utc(2024, 5, 15, 10), utc(2024, 5, 20)),  # Wednesday -> Monday
        (utc(2024, 5, 19, 23, 59), utc(2024, 5, 20)),  # Sunday -> the next day, Monday
        (utc(2024, 5, 20, 0, 0), utc(2024, 5, 27)),  # Monday midnight -> a week later
        (utc(2024, 5, 20, 9), utc(2024, 5, 27)),  # Monday -> next Monday, never today
        (utc(2024, 12, 29, 8), utc(2024, 12, 30)),  # Sunday Dec 29 -> Monday Dec 30
        (utc(2024, 12, 31, 8), utc(2025, 1, 6)),  # Tuesday Dec 31 -> Monday across the year
    ],
)
def test_weekly_resets_next_monday(now, expected):
    for text in ("7d", "1w", "weekly"):
        result = durations.next_budget_reset(text, now)
        assert result == expected
        assert result.weekday() == 0


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (utc(2024, 5, 15, 10), utc(2024, 6, 1)),
        (utc(2024, 5, 1, 0, 0), utc(2024, 6, 1)),  # on the 1st: the next 1st
        (utc(2024, 12, 31, 23, 59), utc(2025, 1, 1)),  # December -> January
        (utc(2024, 1, 31, 12), utc(2024, 2, 1)),
        (utc(2024, 2, 29, 12), utc(2024, 3, 1)),  # leap day
    ],
)
def test_monthly_resets_on_the_first(now, expected):
    for text in ("30d", "1mo", "monthly"):
        assert durations.next_budget_reset(text, now) == expected


def test_several_months_reset_on_a_later_first():
    assert durations.next_budget_reset("2mo", utc(2024, 11, 15)) == utc(2025, 1, 1)
    assert durations.next_budget_reset("3mo", utc(2024, 12, 31)) == utc(2025, 3, 1)


@pytest.mark.parametrize(
    ("text", "now", "expected"),
    [
        ("3d", utc(2024, 5, 15, 10), utc(2024, 5, 18)),
        ("2d", utc(2024, 12, 31, 23), utc(2025, 1, 2)),
        ("31d", utc(2024, 2, 1, 5), utc(2024, 3, 3)),  # leap February counted
        ("14d", utc(2024, 5, 15, 10), utc(2024, 5, 29)),
        ("2w", utc(2024, 5, 15, 10), utc(2024, 5, 29)),  # 2w is 14d, not a Monday
    ],
)
def test_other_day_counts_are_midnight_plus_n_days(text, now, expected):
    assert durations.next_budget_reset(text, now) == expected


@pytest.mark.parametrize(
    ("text", "now", "expected"),
    [
        ("1h", utc(2024, 5, 15, 10, 30), utc(2024, 5, 15, 11)),
        ("1h", utc(2024, 5, 15, 10, 0), utc(2024, 5, 15, 11)),  # on the hour: the next one
        ("hourly", utc(2024, 5, 15, 10, 30), utc(2024, 5, 15, 11)),
        ("2h", utc(2024, 5, 15, 9, 59), utc(2024, 5, 15, 10)),
        ("2h", utc(2024, 5, 15, 10, 0), utc(2024, 5, 15, 12)),
        ("5h", utc(2024, 5, 15, 22, 30), utc(2024, 5, 16, 1)),  # 25h from midnight
        ("6h", utc(2024, 12, 31, 18, 0, 1), utc(2025, 1, 1)),
        ("36h", utc(2024, 5, 15, 10), utc(2024, 5, 16, 12)),
        ("15m", utc(2024, 5, 15, 10, 7), utc(2024, 5, 15, 10, 15)),
        ("15m", utc(2024, 5, 15, 23, 50), utc(2024, 5, 16)),
        ("30m", utc(2024, 5, 15, 10, 30), utc(2024, 5, 15, 11)),
        ("30s", utc(2024, 5, 15, 10, 7, 12), utc(2024, 5, 15, 10, 7, 30)),
        ("10s", utc(2024, 12, 31, 23, 59, 55), utc(2025, 1, 1)),
    ],
)
def test_sub_day_resets_are_the_next_multiple_from_midnight(text, now, expected):
    assert durations.next_budget_reset(text, now) == expected


def test_current_reset_is_always_in_the_future():
    now = utc(2024, 2, 29, 23, 59, 59, 999999)
    for text in ("1s", "1m", "1h", "5h", "1d", "2d", "7d", "30d", "1mo", "2w", "45m", "7m"):
        assert durations.next_budget_reset(text, now) > now

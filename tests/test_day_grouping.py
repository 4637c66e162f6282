"""Grouping spend by day over Prisma's naive-UTC `startTime`, under any active time zone.

Two rows, one hour apart across UTC midnight: 2024-06-01 23:30 and 2024-06-02 00:30 UTC.
LiteLLM groups by `DATE("startTime")`, i.e. by UTC day: one row on each day.

What PostgreSQL actually does (checked, and pinned below):
- `TruncDay(AsUTC("start_time"), tzinfo=UTC)` / `TruncDate(..., tzinfo=UTC)`: UTC days, always.
- `AsUTC(...)` then `__date` (or TruncDay without tzinfo): days in the *active* zone, computed
  from the true instant: New York puts both rows on June 1 (19:30 and 20:30 local), Tokyo both
  on June 2 (08:30 and 09:30 local). Correct local days, but not LiteLLM's UTC days.
- The bare column with `__date` / `TruncDay` and no tzinfo: PostgreSQL reads the UTC wall time
  as *local* time, so the day is neither the UTC day nor the local one (New York: both June 2,
  Tokyo: both June 1). This is the danger AsUTC exists for.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.db import connection
from django.db.models import Count, F, Sum
from django.db.models.functions import TruncDate, TruncDay
from django.utils import timezone

from apps.spend.models import SpendLog
from litellm_console.fields import AsUTC
from tests import factories

UTC = dt.UTC
JUNE_1, JUNE_2 = dt.date(2024, 6, 1), dt.date(2024, 6, 2)
ZONES = ["America/New_York", "Asia/Tokyo"]


@pytest.fixture
def two_rows(db):
    for request_id, start in (
        ("late-june-1", dt.datetime(2024, 6, 1, 23, 30, tzinfo=UTC)),
        ("early-june-2", dt.datetime(2024, 6, 2, 0, 30, tzinfo=UTC)),
    ):
        factories.SpendLogFactory(request_id=request_id, start_time=start, spend=1.0)


def per_day(queryset, expression) -> dict:
    """{day: count} from a GROUP BY on `expression` (dates for datetimes)."""
    rows = (
        queryset.order_by()
        .annotate(day=expression)
        .values("day")
        .annotate(n=Count("request_id"))
        .values_list("day", "n")
    )
    return {(d.date() if isinstance(d, dt.datetime) else d): n for d, n in rows}


def day_of_each(expression) -> dict:
    return dict(
        SpendLog.objects.order_by().annotate(day=expression).values_list("request_id", "day")
    )


@pytest.mark.parametrize("zone", ZONES)
def test_truncday_of_asutc_in_utc_groups_by_utc_day(two_rows, zone):
    with timezone.override(zone):
        assert per_day(SpendLog.objects, TruncDay(AsUTC("start_time"), tzinfo=UTC)) == {
            JUNE_1: 1,
            JUNE_2: 1,
        }
        days = day_of_each(TruncDay(AsUTC("start_time"), tzinfo=UTC))
        assert days["late-june-1"] == dt.datetime(2024, 6, 1, tzinfo=UTC)
        assert days["early-june-2"] == dt.datetime(2024, 6, 2, tzinfo=UTC)
        assert per_day(SpendLog.objects, TruncDate(AsUTC("start_time"), tzinfo=UTC)) == {
            JUNE_1: 1,
            JUNE_2: 1,
        }


def test_every_form_agrees_when_utc_is_active(two_rows):
    with timezone.override("UTC"):
        for expression in (
            TruncDay(AsUTC("start_time"), tzinfo=UTC),
            TruncDay(AsUTC("start_time")),
            TruncDay("start_time"),
            TruncDate(AsUTC("start_time")),
            F("start_time__date"),
        ):
            assert per_day(SpendLog.objects, expression) == {JUNE_1: 1, JUNE_2: 1}, expression


@pytest.mark.parametrize(
    ("zone", "local_day"),
    [("America/New_York", JUNE_1), ("Asia/Tokyo", JUNE_2)],
)
def test_asutc_then_date_gives_the_active_zones_true_local_day(two_rows, zone, local_day):
    """AsUTC + `__date` is correct for the *local* calendar, not for LiteLLM's UTC days."""
    with timezone.override(zone):
        local = timezone.get_current_timezone()
        expected = {
            log.request_id: log.start_time.astimezone(local).date()
            for log in SpendLog.objects.all()
        }
        assert set(expected.values()) == {local_day}
        qs = SpendLog.objects.annotate(utc=AsUTC("start_time"))
        assert dict(qs.values_list("request_id", F("utc__date"))) == expected
        assert qs.filter(utc__date=local_day).count() == 2
        assert per_day(SpendLog.objects, TruncDay(AsUTC("start_time"))) == {local_day: 2}


@pytest.mark.parametrize(
    ("zone", "wrong_day"),
    [("America/New_York", JUNE_2), ("Asia/Tokyo", JUNE_1)],
)
def test_without_asutc_the_day_is_wrong(two_rows, zone, wrong_day):
    """The danger: on the bare naive column PostgreSQL treats UTC wall time as local time."""
    with timezone.override(zone):
        local = timezone.get_current_timezone()
        true_local_days = {
            log.start_time.astimezone(local).date() for log in SpendLog.objects.all()
        }
        assert wrong_day not in true_local_days

        bare_date = per_day(SpendLog.objects, F("start_time__date"))
        bare_trunc = per_day(SpendLog.objects, TruncDay("start_time"))
        assert bare_date == bare_trunc == {wrong_day: 2}
        assert bare_date != per_day(SpendLog.objects, TruncDay(AsUTC("start_time"), tzinfo=UTC))
        assert bare_date != per_day(SpendLog.objects, TruncDay(AsUTC("start_time")))
        # A filter on the bare column misses the rows' real day.
        assert SpendLog.objects.filter(start_time__date=wrong_day).count() == 2


@pytest.mark.parametrize("zone", ZONES)
def test_explicit_utc_tzinfo_on_the_bare_column_also_works(two_rows, zone):
    """TruncDay(col, tzinfo=UTC) is right too, because Django pins the session TimeZone to UTC.

    AsUTC stays the robust spelling: it does not depend on the session setting.
    """
    with timezone.override(zone):
        assert per_day(SpendLog.objects, TruncDay("start_time", tzinfo=UTC)) == {
            JUNE_1: 1,
            JUNE_2: 1,
        }


@pytest.mark.parametrize("zone", ZONES)
def test_daily_spend_totals_match_litellms_date_grouping(two_rows, zone):
    """The console's UTC-day totals equal LiteLLM's own `GROUP BY DATE("startTime")`."""
    with connection.cursor() as cursor:
        cursor.execute(
            'SELECT DATE("startTime"), SUM(spend) FROM "LiteLLM_SpendLogs" GROUP BY 1 ORDER BY 1'
        )
        litellm = cursor.fetchall()
    with timezone.override(zone):
        console = list(
            SpendLog.objects.order_by()
            .annotate(day=TruncDate(AsUTC("start_time"), tzinfo=UTC))
            .values("day")
            .annotate(total=Sum("spend"))
            .order_by("day")
            .values_list("day", "total")
        )
    assert console == litellm == [(JUNE_1, 1.0), (JUNE_2, 1.0)]

    counts = Counter(
        SpendLog.objects.annotate(day=TruncDate(AsUTC("start_time"), tzinfo=UTC)).values_list(
            "day", flat=True
        )
    )
    assert counts == {JUNE_1: 1, JUNE_2: 1}

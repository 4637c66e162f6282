"""The dashboard. Error pages use Django's default handlers with 403/404/500.html."""

from __future__ import annotations

import datetime as dt
import logging
import sys
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum
from django.shortcuts import render
from django.utils import timezone
from django.views import defaults

from apps.keys.models import VirtualKey
from apps.spend.models import SpendLog
from apps.teams.models import Team
from apps.users.models import ProxyUser
from litellm_console import access
from litellm_console.compat import roles
from litellm_console.formatting import format_usd
from litellm_console.middleware import database_error_response
from litellm_console.navigation import url_or_none

logger = logging.getLogger(__name__)

EXPIRY_WINDOW = dt.timedelta(days=7)
EXPIRING_LIST_LIMIT = 5


@dataclass(frozen=True)
class Figure:
    """One dashboard tile: `value` is already formatted for display."""

    key: str
    label: str
    value: str
    icon: str
    url: str | None = None
    hint: str = ""


def utc_day_and_month_starts(now: dt.datetime) -> tuple[dt.datetime, dt.datetime, dt.datetime]:
    """(start of this UTC month, start of today UTC, start of tomorrow UTC)."""
    today = now.astimezone(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return today.replace(day=1), today, today + dt.timedelta(days=1)


def spend_totals(logs: QuerySet, now: dt.datetime) -> dict:
    """Spend and request count today and this month (UTC), in one range scan of startTime."""
    month_start, today_start, tomorrow_start = utc_day_and_month_starts(now)
    today = Q(start_time__gte=today_start)
    totals = logs.filter(start_time__gte=month_start, start_time__lt=tomorrow_start).aggregate(
        month=Sum("spend"),
        today=Sum("spend", filter=today),
        requests_today=Count("pk", filter=today),
    )
    return {
        "month_start": month_start,
        "month": totals["month"] or 0.0,
        "today": totals["today"] or 0.0,
        "requests_today": totals["requests_today"],
    }


@dataclass(frozen=True)
class ExpiringKey:
    """A row of the "expiring soon" table, with owner and team by name rather than by id."""

    key: VirtualKey
    owner: str
    team: str


def expiring_rows(keys: QuerySet) -> list[ExpiringKey]:
    """The soonest-expiring keys with their owner's email and team's alias (two lookups)."""
    rows = list(keys.order_by("expires")[:EXPIRING_LIST_LIMIT])
    owners = dict(
        ProxyUser.objects.filter(user_id__in={k.user_id for k in rows if k.user_id}).values_list(
            "user_id", "user_email"
        )
    )
    teams = dict(
        Team.objects.filter(team_id__in={k.team_id for k in rows if k.team_id}).values_list(
            "team_id", "team_alias"
        )
    )
    return [
        ExpiringKey(
            key=k,
            owner=owners.get(k.user_id) or k.user_id or "",
            team=teams.get(k.team_id) or k.team_id or "",
        )
        for k in rows
    ]


def live_keys(keys: QuerySet, now: dt.datetime) -> QuerySet:
    """Keys that work right now: not blocked, not expired, not LiteLLM UI session keys."""
    return (
        keys.exclude(team_id=roles.UI_SESSION_TEAM_ID)
        .filter(Q(blocked__isnull=True) | Q(blocked=False))
        .filter(Q(expires__isnull=True) | Q(expires__gt=now))
    )


def home(request):
    """Live figures: everything for admin roles, the user's own keys and spend otherwise."""
    proxy_user = request.proxy_user
    now = timezone.now()
    everything = roles.reads_everything(proxy_user.user_role)

    keys = VirtualKey.objects.all()
    logs = SpendLog.objects.all()
    teams = Team.objects.all()
    if not everything:
        keys = keys.filter(user_id=proxy_user.user_id)
        logs = logs.filter(user=proxy_user.user_id)
        teams = access.visible(request, teams)  # their teams, however LiteLLM recorded it
    active = live_keys(keys, now)
    expiring = active.filter(expires__lte=now + EXPIRY_WINDOW)

    figures = [
        *_spend_figures(spend_totals(logs, now)),
        *_key_figures(active, expiring, everything),
        Figure(
            "teams",
            "Teams" if everything else "Your teams",
            f"{teams.count():,}",
            "people",
            url_or_none("teams:list"),
        ),
    ]
    if everything:
        users = ProxyUser.objects.exclude(user_id=roles.PROXY_BUDGET_USER_ID)
        figures.append(
            Figure("users", "Users", f"{users.count():,}", "person", url_or_none("users:list"))
        )
    else:
        figures.append(_budget_figure(proxy_user))

    context = {
        "figures": figures,
        "everything": everything,
        "proxy_user": proxy_user,
        "expiring_keys": expiring_rows(expiring),
        "keys_url": url_or_none("keys:list"),
    }
    return render(request, "home.html", context)


def _spend_figures(spend: dict) -> list[Figure]:
    spend_url = url_or_none("spend:report")
    requests = spend["requests_today"]
    return [
        Figure(
            "spend_today",
            "Spend today",
            format_usd(spend["today"] or 0.0),
            "currency-dollar",
            spend_url,
            f"{requests:,} request{'s' if requests != 1 else ''} since 00:00 UTC",
        ),
        Figure(
            "spend_month",
            "Spend this month",
            format_usd(spend["month"] or 0.0),
            "cash-stack",
            spend_url,
            f"Since 1 {spend['month_start']:%B} (UTC)",
        ),
    ]


def _key_figures(active: QuerySet, expiring: QuerySet, everything: bool) -> list[Figure]:
    keys_url = url_or_none("keys:list")
    return [
        Figure(
            "active_keys",
            "Active keys" if everything else "Your active keys",
            f"{active.count():,}",
            "key",
            keys_url,
            "Not blocked and not expired",
        ),
        Figure(
            "expiring_keys",
            "Expiring within 7 days",
            f"{expiring.count():,}",
            "hourglass-split",
            keys_url,
            "Active keys with an expiry date",
        ),
    ]


def _budget_figure(proxy_user: ProxyUser) -> Figure:
    """The user's own spend against their personal budget (LiteLLM's running total)."""
    if proxy_user.max_budget is None:
        hint = "No personal budget limit"
    else:
        hint = f"of {format_usd(proxy_user.max_budget)} budget"
        if proxy_user.budget_duration:
            hint += f", resets every {proxy_user.budget_duration}"
    return Figure(
        "own_spend",
        "Your spend",
        format_usd(proxy_user.spend or 0.0),
        "piggy-bank",
        url_or_none("accounts:profile"),
        hint,
    )


def server_error(request):
    """handler500: explain database failures the operator can fix, else the plain 500 page.

    Exceptions raised in middleware (the per-request LiteLLM user lookup, say) never reach
    DatabaseErrorPagesMiddleware.process_exception; Django calls this with the exception still
    being handled.
    """
    response = None
    try:
        response = database_error_response(request, sys.exc_info()[1])
    except Exception:  # noqa: BLE001  (the explanation itself failed: fall back to plain 500)
        logger.exception("could not render the database error page")
    return response or defaults.server_error(request)

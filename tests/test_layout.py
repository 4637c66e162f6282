"""The page frame, the dashboard's live figures, the side navigation and the error pages."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.test import Client, override_settings
from django.urls import include, path
from django.utils import timezone

from apps.accounts.forms import GENERIC_FAILURE
from apps.accounts.services import sync_django_user
from litellm_console import navigation
from litellm_console.compat import roles
from litellm_console.formatting import format_usd
from tests.factories import ProxyUserFactory, SpendLogFactory, TeamFactory, VirtualKeyFactory

pytestmark = pytest.mark.django_db

HOME_URL = "/"
SIGN_IN_URL = "/accounts/sign-in/"
PROFILE_URL = "/accounts/profile/"
PASSWORD_URL = "/accounts/password/"


def _boom(request):
    raise RuntimeError("secret-boom-detail: password=hunter2")


def _page(request):
    return HttpResponse("a page")


# A URLconf for the navigation tests (`@pytest.mark.urls("tests.test_layout")`): a dashboard, a
# "keys" section with a list and a detail page, and a view that fails.
_keys_patterns = (
    [path("", _page, name="list"), path("<str:pk>/", _page, name="detail")],
    "keys",
)
urlpatterns = [
    path("", _page, name="home"),
    path("keys/", include(_keys_patterns)),
    path("boom/", _boom),
]


def signed_in(client: Client, proxy_user) -> Client:
    client.force_login(sync_django_user(proxy_user))
    return client


def figures(response) -> dict[str, str]:
    return {f.key: f.value for f in response.context["figures"]}


class _NavLinks(HTMLParser):
    """Collects the side navigation's entries as {"text", "href" (or None), "classes"}."""

    def __init__(self):
        super().__init__()
        self.entries: list[dict] = []
        self._in_nav = False
        self._current: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "nav" and "lc-nav" in classes:
            self._in_nav = True
        elif self._in_nav and "nav-link" in classes:
            self._current = {"href": attrs.get("href"), "classes": classes, "text": ""}
            self.entries.append(self._current)

    def handle_endtag(self, tag):
        if tag == "nav" and self._in_nav:
            self._in_nav = False
            self._current = None

    def handle_data(self, data):
        if self._current is not None and data.strip():
            self._current["text"] = f"{self._current['text']} {data.strip()}".strip()


def nav_entries(html: str) -> dict[str, dict]:
    parser = _NavLinks()
    parser.feed(html)
    return {e["text"].removesuffix(" soon"): e for e in parser.entries}


# --- the dashboard -----------------------------------------------------------------------------


@pytest.fixture
def dashboard_data(internal_user):
    """Keys, teams, users and spend for `internal_user` and for somebody else.

    Spend rows sit on the edges of the UTC day and month, so the range filters are tested.
    """
    now = timezone.now()
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    month = today.replace(day=1)
    mine, other = internal_user.user_id, "someone-else"

    def spend(user, amount, when):
        SpendLogFactory(user=user, spend=amount, start_time=when)

    spend(mine, 1.5, today + dt.timedelta(seconds=1))  # today
    spend(mine, 0.25, month)  # this month (and today on the 1st)
    spend(mine, 9.0, month - dt.timedelta(seconds=1))  # last month
    spend(mine, 7.0, today + dt.timedelta(days=1, hours=1))  # tomorrow: not yet
    spend(other, 2.0, today + dt.timedelta(seconds=2))  # somebody else's, today

    in_days = lambda days: now + dt.timedelta(days=days)  # noqa: E731
    VirtualKeyFactory(user_id=mine, key_alias="mine-forever")
    VirtualKeyFactory(user_id=mine, key_alias="mine-blocked", blocked=True)
    VirtualKeyFactory(user_id=mine, key_alias="mine-expired", expires=in_days(-1))
    VirtualKeyFactory(user_id=mine, key_alias="mine-soon", expires=in_days(3), blocked=False)
    VirtualKeyFactory(user_id=mine, key_alias="mine-later", expires=in_days(10))
    VirtualKeyFactory(user_id=mine, team_id=roles.UI_SESSION_TEAM_ID, key_alias="ui-session")
    VirtualKeyFactory(user_id=other, key_alias="other-soon", expires=in_days(5))

    my_team = TeamFactory(team_alias="Mine")
    TeamFactory(team_alias="Not mine")
    internal_user.teams = [my_team.team_id]
    internal_user.save(update_fields=["teams"])
    ProxyUserFactory(user_id=roles.PROXY_BUDGET_USER_ID, user_role=None)  # not a person

    first_of_month = today.day == 1
    return {
        "mine_today": 1.5 + (0.25 if first_of_month else 0),
        "mine_month": 1.75,
        "all_today": 3.5 + (0.25 if first_of_month else 0),
        "all_month": 3.75,
    }


def test_dashboard_shows_everything_to_an_admin(client, proxy_admin, dashboard_data):
    response = signed_in(client, proxy_admin).get(HOME_URL)

    assert response.status_code == 200
    assert figures(response) == {
        "spend_today": format_usd(dashboard_data["all_today"]),
        "spend_month": "$3.75",
        "active_keys": "4",  # forever, soon, later, other-soon
        "expiring_keys": "2",  # mine-soon, other-soon
        "teams": "2",
        "users": "2",  # the admin and the internal user; not litellm-proxy-budget
    }
    html = response.content.decode()
    assert 'data-figure="active_keys"' in html
    assert "Admin (All Permissions)" in html
    assert [row.key.key_alias for row in response.context["expiring_keys"]] == [
        "mine-soon",
        "other-soon",
    ]
    assert "persona-internal@example.com" in html  # the owner, by email


def test_dashboard_shows_an_internal_user_only_their_own(client, internal_user, dashboard_data):
    response = signed_in(client, internal_user).get(HOME_URL)

    assert response.status_code == 200
    assert figures(response) == {
        "spend_today": format_usd(dashboard_data["mine_today"]),
        "spend_month": "$1.75",
        "active_keys": "3",  # forever, soon, later: not blocked, expired or UI session keys
        "expiring_keys": "1",
        "teams": "1",
        "own_spend": "$0.00",
    }
    assert [row.key.key_alias for row in response.context["expiring_keys"]] == ["mine-soon"]
    assert "Internal User (Create/Delete/View)" in response.content.decode()
    assert "users" not in figures(response)


def test_dashboard_for_an_admin_viewer_covers_everything(client, admin_viewer, dashboard_data):
    response = signed_in(client, admin_viewer).get(HOME_URL)

    assert figures(response)["active_keys"] == "4"
    assert response.context["everything"] is True


def test_dashboard_with_an_empty_database(client, internal_viewer):
    response = signed_in(client, internal_viewer).get(HOME_URL)

    assert figures(response)["spend_today"] == "$0.00"
    assert figures(response)["active_keys"] == "0"
    assert "No active key expires in the next 7 days." in response.content.decode()


def test_dashboard_query_count_is_bounded(
    client, proxy_admin, dashboard_data, django_assert_max_num_queries
):
    signed_in(client, proxy_admin)
    with django_assert_max_num_queries(15):
        client.get(HOME_URL)


def test_dashboard_requires_sign_in(client):
    response = client.get(HOME_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(SIGN_IN_URL)


@pytest.mark.parametrize(
    ("amount", "shown"),
    [(None, "—"), (0, "$0.00"), (0.0021, "$0.0021"), (12.345, "$12.35"), (1234.5, "$1,234.50")],
)
def test_format_usd(amount, shown):
    assert format_usd(amount) == shown


# --- navigation --------------------------------------------------------------------------------


def test_navigation_context_processor_is_configured():
    processors = settings.TEMPLATES[0]["OPTIONS"]["context_processors"]
    assert "litellm_console.navigation.navigation" in processors


@pytest.mark.urls("tests.test_layout")
def test_nav_items_resolve_urls_and_mark_the_longest_prefix_active(monkeypatch):
    monkeypatch.setattr(
        navigation,
        "NAV_ITEMS",
        [
            ("Dashboard", "home", "speedometer2"),
            ("Keys", "keys:list", "key"),
            ("Teams", "teams:list", "people"),
        ],
    )

    on_key = {i.label: i for i in navigation.build_nav_items("/keys/abc/")}
    on_home = {i.label: i for i in navigation.build_nav_items("/")}

    assert on_key["Keys"].url == "/keys/" and on_key["Keys"].active
    assert not on_key["Dashboard"].active  # "/" prefixes everything but is active only on itself
    assert on_key["Teams"].url is None and not on_key["Teams"].active
    assert on_home["Dashboard"].active and not on_home["Keys"].active


def test_every_nav_entry_is_a_known_domain():
    labels = [label for label, _, _ in navigation.NAV_ITEMS]
    assert labels == [
        "Dashboard", "Keys", "Teams", "Users", "Organizations", "Budgets", "Customers",
        "Models", "Settings", "Invitations", "Spend", "Logs", "Audit log",
    ]  # fmt: skip


def test_nav_renders_links_and_disabled_entries_without_href(client, proxy_admin, monkeypatch):
    monkeypatch.setattr(
        navigation, "NAV_ITEMS", [*navigation.NAV_ITEMS, ("Nowhere", "nowhere:list", "question")]
    )
    response = signed_in(client, proxy_admin).get(HOME_URL)
    entries = nav_entries(response.content.decode())

    items = response.context["nav_items"]
    assert entries["Dashboard"]["href"] == "/" and "active" in entries["Dashboard"]["classes"]
    for item in items:
        entry = entries[item.label]
        if item.url:
            assert entry["href"] == item.url
        else:
            assert entry["href"] is None
            assert "disabled" in entry["classes"]
    assert entries["Nowhere"]["href"] is None
    assert entries["Nowhere"]["text"] == "Nowhere soon"
    assert entries["Django admin"]["href"] == "/admin/"


def test_nav_has_no_django_admin_link_for_internal_users(client, internal_user):
    response = signed_in(client, internal_user).get(HOME_URL)

    assert "Django admin" not in nav_entries(response.content.decode())


def test_layout_has_user_menu_with_post_sign_out(client, proxy_admin):
    html = signed_in(client, proxy_admin).get(HOME_URL).content.decode()

    assert 'action="/accounts/sign-out/"' in html
    sign_out_form = html.split('action="/accounts/sign-out/"', 1)[1].split("</form>", 1)[0]
    assert "csrfmiddlewaretoken" in sign_out_form
    assert f'href="{PROFILE_URL}"' in html and f'href="{PASSWORD_URL}"' in html
    assert 'data-bs-target="#lc-sidebar"' in html  # the narrow-screen toggle
    assert "bootstrap-5.3." in html and "cdn" not in html.lower()


# --- account pages -----------------------------------------------------------------------------


def test_sign_in_page_renders_standalone_with_next(client):
    response = client.get(SIGN_IN_URL, {"next": "/accounts/profile/"})
    html = response.content.decode()

    assert response.status_code == 200
    assert 'id="lc-sidebar"' not in html and "lc-nav" not in html
    assert '<input type="hidden" name="next" value="/accounts/profile/">' in html
    assert 'name="username"' in html and 'name="password"' in html


def test_sign_in_shows_a_wrong_password_in_an_alert(client, proxy_admin):
    response = client.post(
        SIGN_IN_URL + "?next=/accounts/profile/",
        {"username": proxy_admin.user_email, "password": "not-the-password"},
    )
    html = response.content.decode()

    assert response.status_code == 200
    alert = html.split('class="alert alert-danger', 1)[1].split("</div>\n</div>", 1)[0]
    assert GENERIC_FAILURE in alert
    assert '<input type="hidden" name="next" value="/accounts/profile/">' in html


def test_profile_shows_role_teams_budget_and_keys(client, internal_user):
    team = TeamFactory(team_alias="Research")
    internal_user.teams = [team.team_id]
    internal_user.max_budget = 50.0
    internal_user.save(update_fields=["teams", "max_budget"])
    VirtualKeyFactory(user_id=internal_user.user_id)

    html = signed_in(client, internal_user).get(PROFILE_URL).content.decode()

    assert "Internal User (Create/Delete/View)" in html
    assert "Research" in html
    assert "$50.00" in html
    assert "1 key<" in html


def test_password_change_page_shows_field_errors(client, internal_user):
    response = signed_in(client, internal_user).post(
        PASSWORD_URL,
        {"current_password": "wrong", "new_password": "long-enough-1", "new_password_again": "x"},
    )
    html = response.content.decode()

    assert response.status_code == 200
    assert "Your current password is not correct." in html
    assert "The two new passwords differ." in html
    assert 'class="invalid-feedback d-block"' in html


def test_django_admin_is_branded_with_a_way_back(client, proxy_admin):
    html = signed_in(client, proxy_admin).get("/admin/").content.decode()

    assert "LiteLLM Console admin" in html
    assert 'href="/">Back to the console</a>' in html


# --- error pages -------------------------------------------------------------------------------


def test_404_uses_the_layout(client, proxy_admin):
    response = signed_in(client, proxy_admin).get("/no-such-page/")
    html = response.content.decode()

    assert response.status_code == 404
    assert "Page not found" in html
    assert 'id="lc-sidebar"' in html and "Admin (All Permissions)" in html


def test_404_for_an_anonymous_visitor_offers_sign_in(client):
    response = client.get("/no-such-page/")
    html = response.content.decode()

    assert response.status_code == 404
    assert 'id="lc-sidebar"' not in html
    assert f'href="{SIGN_IN_URL}"' in html


@override_settings(SECRET_KEY="a-distinctive-secret-that-must-never-show-9f3a")
def test_500_template_renders_without_any_context():
    html = render_to_string("500.html")

    assert "Something went wrong" in html
    assert "bootstrap.min.css" in html
    for leak in (settings.SECRET_KEY, "Traceback", "DATABASE", "DEBUG", "{%", "{{"):
        assert leak not in html


@pytest.mark.urls("tests.test_layout")
def test_500_response_leaks_nothing(proxy_admin):
    client = Client(raise_request_exception=False)
    signed_in(client, proxy_admin)

    response = client.get("/boom/")
    html = response.content.decode()

    assert response.status_code == 500
    assert "Something went wrong" in html
    assert "secret-boom-detail" not in html and "hunter2" not in html
    assert "RuntimeError" not in html


def test_schema_page_keeps_its_advice():
    html = render_to_string("errors/schema.html", {"detail": 'relation "LiteLLM_X" does not exist'})

    assert "check_litellm_schema" in html
    assert "DATABASE_URL" in html
    assert "relation &quot;LiteLLM_X&quot; does not exist" in html


def test_your_teams_counts_teams_that_list_the_user_as_a_member(client, internal_user):
    # LiteLLM records membership in the team's members_with_roles; the user's own `teams`
    # array can lag behind (older proxies, manual edits).
    TeamFactory(members_with_roles=[{"role": "user", "user_id": internal_user.user_id}])
    TeamFactory()  # someone else's
    response = signed_in(client, internal_user).get(HOME_URL)
    assert figures(response)["teams"] == "1"

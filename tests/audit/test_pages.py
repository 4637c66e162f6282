"""The audit log pages: list (filters, keyset pages, no COUNT), detail diff, access, History tag."""

from __future__ import annotations

import base64
import datetime as dt
import html
import re
import uuid

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.accounts.services import sync_django_user
from apps.audit.context import acting_as
from apps.audit.models import AuditLog
from apps.audit.query import Cursor
from apps.teams.models import Team
from tests import factories

pytestmark = pytest.mark.django_db

LIST_URL = "/audit/"
UTC = dt.UTC
T0 = dt.datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
ROW_LINK = re.compile(r'href="/audit/([0-9a-f-]{36})/"')


def entry(*, at: dt.datetime, **kwargs) -> AuditLog:
    kwargs.setdefault("id", str(uuid.uuid4()))
    return factories.AuditLogFactory(updated_at=at, **kwargs)


def listed_ids(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    return ROW_LINK.findall(response.content.decode())


def nav_link(response, label: str) -> str | None:
    """The href of the "Older"/"Newer" link, unescaped."""
    text = response.content.decode()
    for href, body in re.findall(r'<a[^>]*href="([^"]*)"[^>]*>(.*?)</a>', text, re.S):
        if label in body:
            return html.unescape(href)
    return None


def _signed_in(client, proxy_user):
    client.force_login(sync_django_user(proxy_user))
    # Creating the persona wrote its own "created" row; start each test from an empty log.
    AuditLog.objects.all().delete()
    return client


@pytest.fixture
def admin_client(client, proxy_admin):
    return _signed_in(client, proxy_admin)


@pytest.fixture
def internal_client(client, internal_user):
    return _signed_in(client, internal_user)


# --- list ---


def test_list_shows_rows_newest_first(admin_client):
    rows = [entry(at=T0 + dt.timedelta(minutes=i)) for i in (3, 1, 4, 2, 0)]
    expected = [r.id for r in sorted(rows, key=lambda r: r.updated_at, reverse=True)]
    assert listed_ids(admin_client.get(LIST_URL)) == expected


def test_list_shows_the_columns(admin_client):
    entry(
        at=T0,
        action="created",
        table_name="LiteLLM_VerificationToken",
        object_id="abc123hash",
        changed_by="alice",
    )
    text = admin_client.get(LIST_URL).content.decode()
    for part in ("created", "LiteLLM_VerificationToken", "abc123hash", "alice", "2025-03-10"):
        assert part in text


@pytest.fixture
def filter_rows():
    return {
        "key_created": entry(
            at=T0,
            action="created",
            table_name="LiteLLM_VerificationToken",
            object_id="tok-1",
            changed_by="alice",
        ),
        "team_updated": entry(
            at=T0 + dt.timedelta(days=1),
            action="updated",
            table_name="LiteLLM_TeamTable",
            object_id="team-1",
            changed_by="bob",
        ),
        "team_blocked": entry(
            at=T0 + dt.timedelta(days=1, hours=11, minutes=59, seconds=59, milliseconds=999),
            action="blocked",
            table_name="LiteLLM_TeamTable",
            object_id="team-2",
            changed_by="system:reset_budgets",
        ),
        "user_deleted": entry(
            at=T0 + dt.timedelta(days=2),
            action="deleted",
            table_name="LiteLLM_UserTable",
            object_id="user-9",
            changed_by="alice",
        ),
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"table_name": "LiteLLM_TeamTable"}, {"team_updated", "team_blocked"}),
        ({"action": "deleted"}, {"user_deleted"}),
        ({"action": "blocked"}, {"team_blocked"}),
        ({"changed_by": "alice"}, {"key_created", "user_deleted"}),
        ({"object_id": "team-2"}, {"team_blocked"}),
        # 2025-03-11 UTC: from T0+1d (12:00) to 23:59:59.999 that day.
        ({"date_from": "2025-03-11", "date_to": "2025-03-11"}, {"team_updated", "team_blocked"}),
        ({"date_from": "2025-03-11"}, {"team_updated", "team_blocked", "user_deleted"}),
        ({"date_to": "2025-03-10"}, {"key_created"}),
        ({"q": "team-"}, {"team_updated", "team_blocked"}),
        ({"q": "RESET_BUDGETS"}, {"team_blocked"}),
        ({"q": "usertable"}, {"user_deleted"}),
        ({"table_name": "LiteLLM_TeamTable", "changed_by": "bob"}, {"team_updated"}),
        ({"q": "nothing-matches"}, set()),
    ],
    ids=lambda v: "-".join(f"{k}={x}" for k, x in v.items()) if isinstance(v, dict) else None,
)
def test_list_filters(admin_client, filter_rows, params, expected):
    ids = listed_ids(admin_client.get(LIST_URL, params))
    assert set(ids) == {filter_rows[name].id for name in expected}


@pytest.mark.parametrize(
    "bad",
    [{"date_from": "not-a-date"}, {"action": "no-such-action"}, {"table_name": "LiteLLM_Nope"}],
    ids=["date", "action", "table"],
)
def test_invalid_filter_value_is_reported(admin_client, filter_rows, bad):
    response = admin_client.get(LIST_URL, {"changed_by": "bob", **bad})
    assert response.status_code == 200
    assert response.context["filter"].errors
    assert "invalid-feedback" in response.content.decode()


def test_invalid_filter_value_does_not_drop_the_other_filters(admin_client, filter_rows):
    ids = listed_ids(admin_client.get(LIST_URL, {"changed_by": "bob", "date_to": "2025-02-31"}))
    assert filter_rows["key_created"].id not in ids  # alice's entry: excluded by changed_by=bob


@pytest.mark.parametrize("tz", ["UTC", "America/New_York", "Asia/Tokyo"])
def test_date_filter_is_by_utc_day_whatever_the_time_zone(admin_client, settings, tz):
    settings.TIME_ZONE = tz
    late = entry(at=dt.datetime(2025, 3, 11, 23, 30, tzinfo=UTC))
    early = entry(at=dt.datetime(2025, 3, 12, 0, 30, tzinfo=UTC))
    with timezone.override(tz):
        ids = listed_ids(admin_client.get(LIST_URL, {"date_from": "2025-03-12"}))
    assert ids == [early.id]
    assert late.id not in ids


def _120_rows(same_moment: bool):
    rows = [entry(at=T0 if same_moment else T0 + dt.timedelta(seconds=i)) for i in range(120)]
    return [r.id for r in sorted(rows, key=lambda r: (r.updated_at, r.id), reverse=True)]


def _db_order() -> list[str]:
    # The database's own order (its collation), which the keyset comparison also uses.
    return list(AuditLog.objects.order_by("-updated_at", "-id").values_list("id", flat=True))


@pytest.mark.parametrize("same_moment", [False, True], ids=["distinct-times", "same-time"])
def test_keyset_paging_older_and_newer(admin_client, same_moment):
    _120_rows(same_moment)
    order = _db_order()
    page1 = admin_client.get(LIST_URL)
    ids1 = listed_ids(page1)
    assert ids1 == order[:50]
    assert nav_link(page1, "Newer") is None

    older = nav_link(page1, "Older")
    assert older
    page2 = admin_client.get(LIST_URL + older)
    ids2 = listed_ids(page2)
    assert ids2 == order[50:100]
    assert not set(ids1) & set(ids2)

    page3 = admin_client.get(LIST_URL + nav_link(page2, "Older"))
    ids3 = listed_ids(page3)
    assert ids3 == order[100:]
    assert nav_link(page3, "Older") is None

    back_to_2 = admin_client.get(LIST_URL + nav_link(page3, "Newer"))
    assert listed_ids(back_to_2) == ids2
    back_to_1 = admin_client.get(LIST_URL + nav_link(back_to_2, "Newer"))
    assert listed_ids(back_to_1) == ids1
    assert nav_link(back_to_1, "Newer") is None


def test_paging_keeps_the_filters(admin_client):
    for i in range(60):
        entry(at=T0 + dt.timedelta(seconds=i), changed_by="alice")
        entry(at=T0 + dt.timedelta(seconds=i), changed_by="bob")
    page1 = admin_client.get(LIST_URL, {"changed_by": "alice"})
    older = nav_link(page1, "Older")
    assert "changed_by=alice" in older
    page2 = admin_client.get(LIST_URL + older)
    ids = listed_ids(page1) + listed_ids(page2)
    assert len(ids) == len(set(ids)) == 60
    assert set(AuditLog.objects.filter(id__in=ids).values_list("changed_by", flat=True)) == {
        "alice"
    }


def _cursor(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage!!",
        "%%%",
        "",
        "a",
        _cursor("no-separator"),
        _cursor("not-a-date|abc"),
        _cursor("2025-13-45T99:00:00|abc"),
        base64.urlsafe_b64encode(b"\xff\xfe|x").decode(),
        _cursor("2025-03-10T12:00:00+00:00|" + "x" * 5000),
        pytest.param(_cursor("2025-03-10T12:00:00+00:00|a\x00b"), id="nul-in-id"),
        pytest.param(_cursor("0001-01-01T00:00:00+05:00|abc"), id="year-1-east-of-utc"),
        pytest.param(_cursor("9999-12-31T23:59:59-05:00|abc"), id="year-9999-west-of-utc"),
    ],
)
@pytest.mark.parametrize("direction", ["after", "before"])
def test_malformed_cursor_gives_a_page_not_a_500(client, proxy_admin, cursor, direction):
    client.raise_request_exception = False
    _signed_in(client, proxy_admin)
    rows = [entry(at=T0 + dt.timedelta(seconds=i)) for i in range(3)]
    response = client.get(LIST_URL, {direction: cursor})
    assert response.status_code == 200
    ids = listed_ids(response)
    decoded = Cursor.decode(cursor)
    if decoded is None:  # malformed: the first page
        assert ids == [r.id for r in reversed(rows)]


def test_list_runs_no_count(admin_client):
    for i in range(70):
        entry(at=T0 + dt.timedelta(seconds=i))
    for params in ({}, {"table_name": "LiteLLM_TeamTable"}, {"q": "x"}):
        with CaptureQueriesContext(connection) as queries:
            response = admin_client.get(LIST_URL, params)
        assert response.status_code == 200
        sqls = [q["sql"] for q in queries.captured_queries]
        assert any('"LiteLLM_AuditLog"' in s for s in sqls)
        counting = [s for s in sqls if "COUNT(" in s.upper()]
        assert not counting, counting
    with CaptureQueriesContext(connection) as queries:
        admin_client.get(LIST_URL + nav_link(admin_client.get(LIST_URL), "Older"))
    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]


def test_list_query_count_is_small(admin_client, django_assert_max_num_queries):
    for i in range(60):
        entry(at=T0 + dt.timedelta(seconds=i))
    admin_client.get(LIST_URL)  # warm caches (session, user sync)
    with django_assert_max_num_queries(12):
        assert admin_client.get(LIST_URL).status_code == 200


# --- detail ---


def _split_detail(text: str) -> tuple[str, str]:
    """(changed section, unchanged section) of the detail page."""
    main = text.split("Changed fields", 1)[1]
    if "<details" in main:
        changed, unchanged = main.split("<details", 1)
    else:
        changed, unchanged = main, ""
    return changed, unchanged


def test_detail_shows_changed_fields_side_by_side_and_unchanged_collapsed(admin_client):
    row = entry(
        at=T0,
        before_value={"team_alias": "Old name", "max_budget": 10.0, "tpm_limit": 1000},
        updated_values={"team_alias": "New name", "updated_at": "2025-03-10T12:00:00.000Z"},
    )
    response = admin_client.get(f"/audit/{row.id}/")
    assert response.status_code == 200
    changed, unchanged = _split_detail(response.content.decode())
    assert re.search(r"team_alias.*?Old name.*?New name", changed, re.S)
    assert "updated_at" in changed
    assert "max_budget" not in changed and "tpm_limit" not in changed
    assert "max_budget" in unchanged and "tpm_limit" in unchanged
    assert "team_alias" not in unchanged
    assert [r.field for r in response.context["changed_rows"]] == ["team_alias", "updated_at"]
    assert [r.field for r in response.context["unchanged_rows"]] == ["max_budget", "tpm_limit"]


def test_detail_of_a_real_update(admin_client):
    with acting_as("persona-admin"):
        team = factories.TeamFactory(team_alias="Before")
        team = Team.objects.get(pk=team.pk)
        team.team_alias = "After"
        team.save(update_fields=["team_alias"])
    row = AuditLog.objects.get(action="updated", object_id=team.team_id)
    response = admin_client.get(f"/audit/{row.id}/")
    changed, unchanged = _split_detail(response.content.decode())
    assert re.search(r"team_alias.*?Before.*?After", changed, re.S)
    assert "members_with_roles" in unchanged
    assert "persona-admin" in response.content.decode()


def test_detail_of_created_and_deleted_entries(admin_client):
    created = entry(at=T0, action="created", before_value=None, updated_values={"a": 1, "b": "x"})
    deleted = entry(at=T0, action="deleted", before_value={"a": 1, "b": "x"}, updated_values={})
    for row in (created, deleted):
        response = admin_client.get(f"/audit/{row.id}/")
        assert response.status_code == 200
        assert {r.field for r in response.context["changed_rows"]} == {"a", "b"}
        assert not response.context["unchanged_rows"]


def test_detail_of_a_password_change_lists_the_password_as_changed(admin_client):
    from apps.accounts.services import set_litellm_password
    from apps.users.models import ProxyUser

    user = factories.ProxyUserFactory(user_id="someone")
    user = ProxyUser.objects.get(pk=user.pk)
    with acting_as("persona-admin"):
        set_litellm_password(user, "new-Password-123")
    row = AuditLog.objects.get(action="updated", object_id="someone")
    assert row.updated_values["password"] == "***"
    response = admin_client.get(f"/audit/{row.id}/")
    assert "password" in [r.field for r in response.context["changed_rows"]]


def test_detail_of_an_api_key_rotation_lists_litellm_params_as_changed(admin_client):
    from litellm_console.compat.secretbox import encrypt_value

    deployment = factories.ModelDeploymentFactory(
        litellm_params={"model": "m", "api_key": encrypt_value("sk-1", "signing")}
    )
    deployment = type(deployment).objects.get(pk=deployment.pk)
    with acting_as("persona-admin"):
        deployment.litellm_params = {"model": "m", "api_key": encrypt_value("sk-2", "signing")}
        deployment.save(update_fields=["litellm_params"])
    row = AuditLog.objects.get(action="updated", object_id=deployment.pk)
    response = admin_client.get(f"/audit/{row.id}/")
    assert "litellm_params" in [r.field for r in response.context["changed_rows"]]


def _insert_raw(action: str, before_sql: str, after_sql: str, *, at=T0) -> str:
    """A row the way LiteLLM's own code may have written it (SQL expressions for the JSON)."""
    row_id = str(uuid.uuid4())
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO "LiteLLM_AuditLog"
                (id, updated_at, changed_by, changed_by_api_key, action, table_name, object_id,
                 before_value, updated_values)
            VALUES (%s, %s, 'litellm-proxy', 'hashed-key', %s, 'LiteLLM_VerificationToken',
                    'tok-raw', {before_sql}, {after_sql})
            """,
            [row_id, at.replace(tzinfo=None), action],
        )
    return row_id


LITELLM_SHAPES = {
    "json-string": (
        """to_jsonb('{"key_alias":"old","max_budget":5}'::text)""",
        """to_jsonb('{"key_alias":"new"}'::text)""",
    ),
    "nulls": ("NULL", "NULL"),
    "json-null": ("'null'::jsonb", "'null'::jsonb"),
    "not-json-string": ("to_jsonb('not json at all'::text)", "to_jsonb('{broken'::text)"),
    "array-and-number": ("'[1, 2, 3]'::jsonb", "'42'::jsonb"),
    "string-holding-array": ("to_jsonb('[1,2]'::text)", """'{"key_alias": null}'::jsonb"""),
}


@pytest.mark.parametrize("action", ["updated", "rotated", "weird", ""])
@pytest.mark.parametrize("shape", list(LITELLM_SHAPES))
def test_rows_written_by_litellm_render(admin_client, shape, action):
    before_sql, after_sql = LITELLM_SHAPES[shape]
    row_id = _insert_raw(action, before_sql, after_sql)
    listing = admin_client.get(LIST_URL)
    assert row_id in listed_ids(listing)
    detail = admin_client.get(f"/audit/{row_id}/")
    assert detail.status_code == 200
    if shape == "json-string":
        changed = {r.field: (r.before, r.after) for r in detail.context["changed_rows"]}
        assert changed == {"key_alias": ("old", "new")}
        assert [r.field for r in detail.context["unchanged_rows"]] == ["max_budget"]


def test_unknown_action_is_listed_and_filterable_by_search(admin_client):
    row_id = _insert_raw("rotated", "NULL", "NULL")
    response = admin_client.get(LIST_URL)
    assert "rotated" in response.content.decode()
    assert listed_ids(admin_client.get(LIST_URL, {"action": "rotated"})) == [row_id]


def test_unknown_detail_is_404(admin_client):
    assert admin_client.get(f"/audit/{uuid.uuid4()}/").status_code == 404


# --- access ---


def test_non_admin_gets_403_on_list_and_404_on_detail(internal_client):
    row = entry(at=T0, changed_by="persona-internal")
    assert internal_client.get(LIST_URL).status_code == 403
    assert internal_client.get(f"/audit/{row.id}/").status_code == 404


def test_anonymous_is_sent_to_sign_in(client):
    row = entry(at=T0)
    for url in (LIST_URL, f"/audit/{row.id}/"):
        response = client.get(url)
        assert response.status_code == 302
        assert "sign-in" in response["Location"] or "login" in response["Location"]


# --- History template tag ---


def test_history_tag_renders_the_objects_entries_newest_first():
    team = factories.TeamFactory()
    other = factories.TeamFactory()
    AuditLog.objects.filter(object_id=team.team_id).update(updated_at=T0)
    second = entry(
        at=T0 + dt.timedelta(hours=1),
        table_name="LiteLLM_TeamTable",
        object_id=team.team_id,
        action="updated",
        changed_by="alice",
    )
    third = entry(
        at=T0 + dt.timedelta(hours=2),
        table_name="LiteLLM_TeamTable",
        object_id=team.team_id,
        action="blocked",
        changed_by="bob",
    )
    entry(  # same id, other table: not this object's history
        at=T0 + dt.timedelta(hours=3),
        table_name="LiteLLM_UserTable",
        object_id=team.team_id,
    )
    first = AuditLog.objects.get(
        table_name="LiteLLM_TeamTable", object_id=team.team_id, action="created"
    )
    text = Template("{% load audit_tags %}{% audit_history obj %}").render(Context({"obj": team}))
    assert ROW_LINK.findall(text) == [third.id, second.id, first.id]
    assert "History" in text and "alice" in text and "bob" in text
    assert other.team_id not in text

    empty_team = Team(team_id="never-audited")
    text = Template("{% load audit_tags %}{% audit_history obj %}").render(
        Context({"obj": empty_team})
    )
    assert "No recorded changes" in text


def test_history_tag_for_a_team_membership_uses_the_composite_id():
    membership = factories.TeamMembershipFactory()
    text = Template("{% load audit_tags %}{% audit_history obj %}").render(
        Context({"obj": membership})
    )
    (row,) = AuditLog.objects.filter(table_name="LiteLLM_TeamMembership")
    assert ROW_LINK.findall(text) == [row.id]

"""Rows written the way LiteLLM's Prisma client writes them read back correctly, and back.

Prisma writes `DateTime` as naive UTC wall time into `timestamp(3)`, `Json` as JSONB, `String[]`
as TEXT[], generates `@default(uuid())` ids on the client and relies on the column defaults for
the rest. The console must read such rows as aware UTC values and native Python types, whatever
time zone is active, and write rows the proxy reads the same way.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
import zoneinfo

import pytest
from django.db import connection
from django.utils import timezone

from apps.audit.models import AuditLog
from apps.budgets.models import Budget
from apps.deployments.models import ModelDeployment
from apps.invitations.models import Invitation
from apps.keys.models import VirtualKey
from apps.organizations.models import Organization
from apps.spend.models import SpendLog
from apps.teams.models import ModelAliasSet, Team, TeamMembership
from apps.users.models import ProxyUser
from tests import factories

UTC = dt.UTC
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def execute(sql: str, params: list | tuple = ()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


@pytest.fixture(params=["UTC", "America/New_York", "Asia/Tokyo"])
def active_zone(request):
    """Reads must not depend on the active time zone (a user's display zone)."""
    with timezone.override(request.param):
        yield request.param


# --- Prisma-written rows read through the ORM --------------------------------------------------


def test_spend_log_written_by_prisma(db, active_zone):
    execute(
        """
        INSERT INTO "LiteLLM_SpendLogs"
            (request_id, call_type, api_key, spend, total_tokens, prompt_tokens,
             completion_tokens, "startTime", "endTime", "completionStartTime", model,
             metadata, request_tags, team_id, end_user)
        VALUES ('chatcmpl-1', 'acompletion', 'hash', 0.00042, 30, 20, 10,
                '2024-06-01 23:30:00', '2024-06-01 23:30:01.250', NULL, 'gpt-4o-mini',
                '{"user_api_key_alias": "ci", "user_api_key_team_alias": null,
                  "spend_logs_metadata": {"n": 1}}',
                '["prod", "team-a"]', 'team-1', 'customer-1')
        """
    )
    log = SpendLog.objects.get(pk="chatcmpl-1")
    assert log.start_time == dt.datetime(2024, 6, 1, 23, 30, tzinfo=UTC)
    assert log.start_time.tzinfo == UTC
    assert (log.start_time.hour, log.start_time.minute) == (23, 30)  # same wall time
    assert log.end_time == dt.datetime(2024, 6, 1, 23, 30, 1, 250000, tzinfo=UTC)
    assert log.completion_start_time is None
    assert log.metadata == {
        "user_api_key_alias": "ci",
        "user_api_key_team_alias": None,
        "spend_logs_metadata": {"n": 1},
    }
    assert log.request_tags == ["prod", "team-a"]
    assert log.spend == 0.00042
    # Column defaults fill what Prisma left out.
    assert (log.model_group, log.api_base, log.user, log.cache_hit) == ("", "", "", "")

    # Aggregates and values() go through the same field.
    first = SpendLog.objects.values_list("start_time", flat=True).get()
    assert first == log.start_time and first.tzinfo == UTC


def test_prisma_timestamps_filter_by_instant_not_wall_time(db, active_zone):
    execute(
        """
        INSERT INTO "LiteLLM_SpendLogs" (request_id, call_type, "startTime", "endTime")
        VALUES ('a', 'acompletion', '2024-06-01 23:30:00', '2024-06-01 23:30:01'),
               ('b', 'acompletion', '2024-06-02 00:30:00', '2024-06-02 00:30:01')
        """
    )
    # 19:45 in New York is 23:45 UTC: only 'b' is later.
    since = dt.datetime(2024, 6, 1, 19, 45, tzinfo=NEW_YORK)
    assert list(SpendLog.objects.filter(start_time__gte=since).values_list("pk", flat=True)) == [
        "b"
    ]
    assert SpendLog.objects.filter(start_time=dt.datetime(2024, 6, 1, 23, 30, tzinfo=UTC)).count()


def test_user_with_text_arrays_and_json(db, active_zone):
    execute(
        """
        INSERT INTO "LiteLLM_UserTable"
            (user_id, user_email, user_role, teams, models, metadata, budget_reset_at,
             model_max_budget, spend)
        VALUES ('u-prisma', 'p@example.com', 'internal_user', ARRAY['team-a','team-b'],
                ARRAY['gpt-4o'], '{"sso_user_id": "abc", "nested": [1, 2]}',
                '2024-06-01 23:30:00.5', '{"gpt-4o": 3.5}', 1.5)
        """
    )
    user = ProxyUser.objects.get(pk="u-prisma")
    assert user.teams == ["team-a", "team-b"]
    assert user.allowed_models == ["gpt-4o"]
    assert user.metadata == {"sso_user_id": "abc", "nested": [1, 2]}
    assert user.model_max_budget == {"gpt-4o": 3.5}
    assert user.budget_reset_at == dt.datetime(2024, 6, 1, 23, 30, 0, 500000, tzinfo=UTC)
    assert user.spend == 1.5
    # Defaults Prisma relies on.
    assert user.allowed_cache_controls == []
    assert user.model_spend == {}


def test_null_text_array_reads_as_none(db):
    execute(
        """INSERT INTO "LiteLLM_VerificationToken" (token, expires) VALUES
           ('tok-1', '2024-06-01 23:30:00'), ('tok-2', NULL)"""
    )
    key = VirtualKey.objects.get(pk="tok-1")
    assert key.allowed_models is None
    assert key.expires == dt.datetime(2024, 6, 1, 23, 30, tzinfo=UTC)
    assert key.aliases == {} and key.permissions == {} and key.spend == 0.0
    assert VirtualKey.objects.get(pk="tok-2").expires is None


def test_team_members_with_roles_default_object_means_no_members(db):
    execute("""INSERT INTO "LiteLLM_TeamTable" (team_id, team_alias) VALUES ('t-1', 'Legacy')""")
    team = Team.objects.get(pk="t-1")
    assert team.members_with_roles == {}  # the column default, as stored
    assert team.member_list == []
    assert team.admins is None and team.members is None
    assert team.spend == 0.0 and team.blocked is False
    assert team.created_at.tzinfo == UTC


def test_team_members_with_roles_array(db):
    members = [
        {"role": "admin", "user_id": "u1", "user_email": "u1@example.com"},
        {"role": "user", "user_id": "u2", "user_email": None},
    ]
    execute(
        """INSERT INTO "LiteLLM_TeamTable" (team_id, members_with_roles, admins, members)
           VALUES ('t-2', %s::jsonb, ARRAY['u1'], ARRAY['u1','u2'])""",
        [json.dumps(members)],
    )
    team = Team.objects.get(pk="t-2")
    assert team.members_with_roles == members
    assert team.member_list == members
    assert (team.admins, team.members) == (["u1"], ["u1", "u2"])


def test_audit_json_string_inside_jsonb_is_decoded_once_more(db):
    execute(
        """INSERT INTO "LiteLLM_AuditLog"
             (id, action, table_name, object_id, before_value, updated_values, updated_at)
           VALUES ('a-1', 'updated', 'LiteLLM_TeamTable', 't-1', %s::jsonb, %s::jsonb,
                   '2024-06-01 23:30:00')""",
        [json.dumps(json.dumps({"team_alias": "old"})), json.dumps({"team_alias": "new"})],
    )
    entry = AuditLog.objects.get(pk="a-1")
    assert entry.before_value == '{"team_alias": "old"}'
    assert entry.before == {"team_alias": "old"}
    assert entry.after == {"team_alias": "new"}
    assert entry.updated_at == dt.datetime(2024, 6, 1, 23, 30, tzinfo=UTC)
    assert (entry.changed_by, entry.changed_by_api_key) == ("", "")


def test_invitation_written_by_prisma(db, active_zone):
    factories.ProxyUserFactory(user_id="inv-user")
    factories.ProxyUserFactory(user_id="inv-admin", user_role="proxy_admin")
    execute(
        """INSERT INTO "LiteLLM_InvitationLink"
             (id, user_id, expires_at, created_at, created_by, updated_at, updated_by)
           VALUES ('i-1', 'inv-user', '2024-06-08 23:30:00', '2024-06-01 23:30:00',
                   'inv-admin', '2024-06-01 23:30:00', 'inv-admin')"""
    )
    invitation = Invitation.objects.select_related("user").get(pk="i-1")
    assert invitation.expires_at == dt.datetime(2024, 6, 8, 23, 30, tzinfo=UTC)
    assert invitation.is_accepted is False and invitation.accepted_at is None
    assert invitation.is_expired
    assert invitation.user.user_id == "inv-user"


# --- Console-written rows as the proxy reads them ----------------------------------------------


def test_console_writes_naive_utc_wall_time(db, active_zone):
    """Whatever the active zone, a datetime is stored as its UTC wall time."""
    log = factories.SpendLogFactory(
        request_id="w-1",
        start_time=dt.datetime(2024, 6, 1, 19, 30, tzinfo=NEW_YORK),
        end_time=dt.datetime(2024, 6, 1, 23, 30, 2, tzinfo=UTC),
    )
    rows = execute(
        """SELECT "startTime", "endTime", to_char("startTime", 'YYYY-MM-DD HH24:MI:SS')
           FROM "LiteLLM_SpendLogs" WHERE request_id = %s""",
        [log.pk],
    )
    start, end, text = rows[0]
    assert text == "2024-06-01 23:30:00"
    assert start.tzinfo is None and start == dt.datetime(2024, 6, 1, 23, 30)
    assert end == dt.datetime(2024, 6, 1, 23, 30, 2)


def test_console_writes_jsonb_arrays_and_text_arrays(db):
    team = factories.TeamFactory(
        members_with_roles=[{"role": "admin", "user_id": "u1", "user_email": None}],
        allowed_models=["gpt-4o", "all-proxy-models"],
    )
    empty = factories.TeamFactory(members_with_roles=[])
    rows = execute(
        """SELECT jsonb_typeof(members_with_roles), members_with_roles->0->>'role',
                  pg_typeof(models)::text, models
           FROM "LiteLLM_TeamTable" WHERE team_id = %s""",
        [team.team_id],
    )
    assert rows == [("array", "admin", "text[]", ["gpt-4o", "all-proxy-models"])]
    # LiteLLM appends to members_with_roles as a list: a new team must hold `[]`, not `{}`.
    assert execute(
        """SELECT jsonb_typeof(members_with_roles) FROM "LiteLLM_TeamTable"
           WHERE team_id = %s""",
        [empty.team_id],
    ) == [("array",)]


# --- Client-side ids and database defaults -----------------------------------------------------


def assert_uuid4(value: str) -> None:
    assert isinstance(value, str)
    parsed = uuid.UUID(value)
    assert parsed.version == 4
    assert str(parsed) == value  # canonical lower-case, hyphenated, like Prisma's uuid()


@pytest.mark.parametrize(
    ("model", "pk_name"),
    [
        (Budget, "budget_id"),
        (Organization, "organization_id"),
        (Team, "team_id"),
        (ModelDeployment, "model_id"),
        (Invitation, "id"),
        (AuditLog, "id"),
    ],
    ids=lambda v: getattr(v, "__name__", v),
)
def test_client_side_uuid4_ids(model, pk_name):
    """No database default exists for these ids: Python must make them before the INSERT."""
    first, second = model(), model()
    assert_uuid4(getattr(first, pk_name))
    assert getattr(first, pk_name) != getattr(second, pk_name)


def test_created_rows_get_uuid4_ids_and_db_defaults(db):
    before = timezone.now()
    budget = Budget.objects.create(created_by="test", updated_by="test")
    org = Organization.objects.create(
        organization_alias="Acme", budget=budget, created_by="t", updated_by="t"
    )
    team = Team.objects.create(team_alias="T")
    for obj, pk in ((budget, budget.budget_id), (org, org.organization_id), (team, team.team_id)):
        assert_uuid4(pk)
        assert type(obj).objects.filter(pk=pk).exists()

    # db_default values are on the instance right after create (RETURNING), and in the row.
    for obj in (org, team):
        assert obj.spend == 0.0
        assert obj.model_spend == {}
    for obj in (budget, org, team):
        obj_created = obj.created_at
        assert isinstance(obj_created, dt.datetime) and obj_created.tzinfo == UTC
        # CURRENT_TIMESTAMP is the transaction's start; the test transaction began just before.
        assert abs(obj_created - before) < dt.timedelta(minutes=1)
        reread = type(obj).objects.get(pk=obj.pk)
        assert reread.created_at == obj_created
        assert reread.updated_at.tzinfo == UTC

    key = VirtualKey.objects.create(token="t" * 64)
    assert key.spend == 0.0 and key.soft_budget_cooldown is False
    assert VirtualKey.objects.get(pk=key.pk).spend == 0.0

    membership = TeamMembership.objects.create(user_id="u", team_id=team.team_id)
    assert membership.spend == 0.0
    assert TeamMembership.objects.get(pk=("u", team.team_id)).spend == 0.0

    aliases = ModelAliasSet.objects.create(model_aliases={"a": "b"}, created_by="t", updated_by="t")
    assert isinstance(aliases.id, int)
    assert aliases.created_at.tzinfo == UTC

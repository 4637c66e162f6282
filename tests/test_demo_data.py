"""load_demo_data: a believable world, made only through the real code paths, and idempotent."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from apps.audit.models import AuditLog
from apps.budgets.models import Budget
from apps.customers.models import Customer
from apps.deployments.models import ModelDeployment
from apps.keys import services as key_services
from apps.keys.models import VirtualKey
from apps.organizations.models import Organization
from apps.proxy_settings.models import ProxySetting
from apps.spend.models import ErrorLog, SpendLog
from apps.teams.models import Team, TeamMembership
from apps.users.models import ProxyUser
from litellm_console import demo
from litellm_console.compat import roles, secretbox
from litellm_console.compat.keys import abbreviate_key, hash_key, is_hashed_token
from litellm_console.dbschema import litellm_tables
from tests.conftest import truncate_litellm_tables

SMALL = 2000
# What the demo writes, children first (so DELETE in this order respects the foreign keys).
DEMO_TABLES = [
    "LiteLLM_SpendLogs",
    "LiteLLM_ErrorLogs",
    "LiteLLM_UserNotifications",
    "LiteLLM_Config",
    "LiteLLM_ProxyModelTable",
    "LiteLLM_TeamMembership",
    "LiteLLM_EndUserTable",
    "LiteLLM_VerificationToken",
    "LiteLLM_TeamTable",
    "LiteLLM_UserTable",
    "LiteLLM_OrganizationTable",
    "LiteLLM_BudgetTable",
]
PRICES = {
    demo.uid("deployment", model): (name, p_in, p_out)
    for name, model, _, p_in, p_out, _ in demo.DEPLOYMENTS
}


def load(**options) -> str:
    out = StringIO()
    call_command("load_demo_data", stdout=out, **options)
    return out.getvalue()


def table_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(litellm_tables(connection)):
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


def spy_on_create_key(monkeypatch: pytest.MonkeyPatch) -> list[key_services.CreatedKey]:
    """Collect every key create_key makes, raw values included (only the test sees them)."""
    made: list[key_services.CreatedKey] = []
    real = key_services.create_key

    def spy(**kwargs):
        made.append(real(**kwargs))
        return made[-1]

    monkeypatch.setattr(key_services, "create_key", spy)
    return made


@pytest.fixture(scope="class")
def world(django_db_setup, django_db_blocker):
    """One committed demo load, shared by a class of read-only tests and wiped after them.

    Each test still runs in its own rolled-back transaction (they all ask for `db`).
    """
    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as monkeypatch:
        made = spy_on_create_key(monkeypatch)
        before = timezone.now()
        output = load(spend_rows=SMALL)
        try:
            yield {"output": output, "before": before, "after": timezone.now(), "keys": made}
        finally:
            truncate_litellm_tables()


@pytest.mark.usefixtures("db")
class TestLoadedWorld:
    def test_empty_database_gets_a_small_believable_world(self, world):
        assert Organization.objects.count() == 4
        assert Organization.objects.filter(budget__isnull=True).count() == 0
        assert Team.objects.count() == 10
        assert Team.objects.filter(organization__isnull=False).count() == 8
        assert ProxyUser.objects.count() == 50
        assert VirtualKey.objects.count() == 200
        assert Customer.objects.count() == 30
        assert Customer.objects.filter(budget__isnull=False).count() == 10
        assert ModelDeployment.objects.count() == 8
        assert set(ProxySetting.objects.values_list("param_name", flat=True)) == {
            "general_settings",
            "router_settings",
            "litellm_settings",
        }
        assert SpendLog.objects.count() == SMALL
        assert 100 <= ErrorLog.objects.count() <= 1000
        assert TeamMembership.objects.filter(budget__isnull=False).count() > 5
        assert re.search(
            r"Created .*\b200 keys\b.*\b2000 spend logs\b.* in [0-9.]+ s\.", world["output"]
        )
        # Every created row is attributed to the actor: in its own columns and in the audit log.
        assert set(Budget.objects.values_list("created_by", flat=True)) == {demo.DEFAULT_ACTOR}
        assert set(ModelDeployment.objects.values_list("updated_by", flat=True)) == {
            demo.DEFAULT_ACTOR
        }
        assert set(AuditLog.objects.values_list("changed_by", flat=True)) == {demo.DEFAULT_ACTOR}
        assert AuditLog.objects.filter(table_name="LiteLLM_VerificationToken").count() == 200

    def test_a_second_run_creates_nothing(self, world):
        before = table_counts()
        assert load(spend_rows=SMALL) == "Demo data is already present; nothing was created.\n"
        assert table_counts() == before
        assert demo.load_demo_data(spend_rows=SMALL).already_present

    def test_keys_come_from_create_key_and_their_raw_values_are_gone(self, world):
        made = world["keys"]
        assert len(made) == 200
        rows = {k.token: k for k in VirtualKey.objects.all()}
        assert len(rows) == 200  # distinct tokens
        assert len({k.key_alias for k in rows.values()}) == 200
        for created in made:
            row = rows[created.key.token]
            assert is_hashed_token(row.token)
            assert row.token == hash_key(created.raw)
            assert row.key_name == abbreviate_key(created.raw)
            assert re.fullmatch(r"sk-\.\.\.[A-Za-z0-9_-]{4}", row.key_name)
            assert created.raw not in world["output"]
        with connection.cursor() as cursor:
            cursor.execute(
                """SELECT count(*) FROM "LiteLLM_AuditLog" a, unnest(%s::text[]) AS raw(v)
                WHERE strpos(concat(a.before_value::text, a.updated_values::text), v) > 0""",
                [[c.raw for c in made]],
            )
            assert cursor.fetchone()[0] == 0

    def test_keys_have_owners_limits_and_a_mix_of_expiries(self, world):
        now = world["after"]
        keys = list(VirtualKey.objects.all())
        users = set(ProxyUser.objects.values_list("user_id", flat=True))
        teams = set(Team.objects.values_list("team_id", flat=True))
        assert all(k.user_id in users for k in keys if k.user_id)
        assert all(k.team_id in teams for k in keys if k.team_id)
        assert all(k.user_id or k.team_id for k in keys)
        assert any(k.user_id == roles.DEFAULT_USER_ID for k in keys)
        expired = [k for k in keys if k.expires and k.expires <= now]
        soon = [k for k in keys if k.expires and now < k.expires <= now + dt.timedelta(days=7)]
        never = [k for k in keys if k.expires is None]
        assert expired and soon
        assert len(never) > len(keys) / 2
        assert any(k.max_budget for k in keys) and any(k.budget_duration for k in keys)
        assert any(k.allowed_models == [] for k in keys)
        assert any(k.allowed_models == [roles.ALL_TEAM_MODELS] for k in keys)
        assert all(
            m in demo.MODEL_NAMES or m == roles.ALL_TEAM_MODELS
            for k in keys
            for m in k.allowed_models
        )

    def test_users_have_valid_roles_and_consistent_teams(self, world):
        users = {u.user_id: u for u in ProxyUser.objects.all()}
        assert users[roles.DEFAULT_USER_ID].user_role == "proxy_admin"
        assert users[roles.PROXY_BUDGET_USER_ID].user_role is None  # as LiteLLM creates it
        people = [u for u in users.values() if u.user_id not in roles.SYSTEM_USER_IDS]
        assert all(roles.is_known_role(u.user_role) for u in people)
        by_role = defaultdict(int)
        for u in people:
            by_role[u.user_role] += 1
        assert by_role["proxy_admin"] == 2 and by_role["proxy_admin_viewer"] == 1
        assert by_role["internal_user_viewer"] >= 3
        assert by_role["internal_user"] > len(people) / 2
        assert all(u.user_email and u.teams for u in people)

        for team in Team.objects.all():
            assert isinstance(team.members_with_roles, list) and team.members_with_roles
            assert any(m["role"] == "admin" for m in team.members_with_roles)
            for member in team.members_with_roles:
                assert set(member) == {"role", "user_id", "user_email"}
                assert member["role"] in ("admin", "user")
                user = users[member["user_id"]]
                assert member["user_email"] == user.user_email
                assert team.team_id in user.teams
                if member["role"] == "admin":
                    assert user.user_role != "internal_user_viewer"
        members = {(m["user_id"], t.team_id) for t in Team.objects.all() for m in t.member_list}
        assert {(u.user_id, t) for u in people for t in u.teams} == members
        for membership in TeamMembership.objects.all():
            assert (membership.user_id, membership.team_id) in members

    def test_spend_logs_belong_to_demo_keys_and_add_up(self, world):
        keys = {k.token: k for k in VirtualKey.objects.all()}
        teams = {t.team_id: t for t in Team.objects.all()}
        customers = set(Customer.objects.values_list("user_id", flat=True))
        earliest = world["before"] - dt.timedelta(days=30)
        logs = list(SpendLog.objects.all())
        for log in logs:
            key = keys[log.api_key]
            assert log.request_id.startswith("demo-")
            assert (log.user, log.team_id) == (key.user_id or "", key.team_id or "")
            assert log.metadata["user_api_key_alias"] == key.key_alias
            assert log.metadata["user_api_key_user_id"] == key.user_id
            assert log.metadata["user_api_key_team_id"] == key.team_id
            assert earliest <= log.start_time <= world["after"]
            assert log.start_time <= log.completion_start_time <= log.end_time
            assert key.expires is None or log.start_time < key.expires
            name, p_in, p_out = PRICES[log.model_id]
            assert log.model_group == name
            allowed = [m for m in key.allowed_models if m in demo.MODEL_NAMES]
            if key.team_id:
                allowed = allowed or teams[key.team_id].allowed_models
            assert not allowed or name in allowed
            assert log.call_type == ("aembedding" if "embedding" in name else "acompletion")
            assert log.total_tokens == log.prompt_tokens + log.completion_tokens > 0
            cost = (
                0.0
                if log.cache_hit == "True"
                else (log.prompt_tokens * p_in + log.completion_tokens * p_out) / 1e6
            )
            assert log.spend == pytest.approx(cost)
            assert log.cache_hit in ("True", "False")
            assert isinstance(log.request_tags, list)
            assert log.end_user == "" or log.end_user in customers
        assert sum(log.cache_hit == "False" for log in logs) > 0.9 * len(logs)
        assert {log.call_type for log in logs} == {"acompletion", "aembedding"}
        assert any(log.end_user for log in logs)
        # Working hours are busier than the night.
        day = sum(9 <= log.start_time.hour < 17 for log in logs)
        assert day > 0.6 * len(logs)
        for error in ErrorLog.objects.all():
            assert error.request_id.startswith("demo-err-")
            assert earliest <= error.start_time <= error.end_time
            assert error.exception_string.startswith(f"litellm.{error.exception_type}: ")
            assert error.model_id in PRICES

    def test_spend_columns_are_the_sums_of_the_logs(self, world):
        logs = SpendLog.objects.all()
        total = logs.aggregate(s=Sum("spend"))["s"]
        assert total > 0
        assert ProxyUser.objects.get(pk=roles.PROXY_BUDGET_USER_ID).spend == pytest.approx(total)
        by = defaultdict(float)
        for log in logs:
            by["key", log.api_key] += log.spend
            by["user", log.user] += log.spend
            by["team", log.team_id] += log.spend
            by["customer", log.end_user] += log.spend
            by["member", log.user, log.team_id] += log.spend
        for key in VirtualKey.objects.all():
            assert key.spend == pytest.approx(by["key", key.token])
        for user in ProxyUser.objects.exclude(pk=roles.PROXY_BUDGET_USER_ID):
            assert user.spend == pytest.approx(by["user", user.user_id])
        for team in Team.objects.all():
            assert team.spend == pytest.approx(by["team", team.team_id])
        for customer in Customer.objects.all():
            assert customer.spend == pytest.approx(by["customer", customer.user_id])
        for membership in TeamMembership.objects.all():
            assert membership.spend == pytest.approx(
                by["member", membership.user_id, membership.team_id]
            )
        for org in Organization.objects.all():
            assert org.spend == pytest.approx(sum(t.spend for t in org.teams.all()))


def test_deployments_are_encrypted_with_the_signing_key(db, settings):
    settings.LITELLM_MASTER_KEY = "sk-test-master"
    settings.LITELLM_SALT_KEY = "test-salt"
    load(spend_rows=10, actor="persona-admin")
    assert set(ModelDeployment.objects.values_list("created_by", flat=True)) == {"persona-admin"}
    assert set(AuditLog.objects.values_list("changed_by", flat=True)) == {"persona-admin"}
    expected = {
        demo.uid("deployment", m): demo.deployment_params(m, b) for _, m, b, *_ in demo.DEPLOYMENTS
    }
    for deployment in ModelDeployment.objects.all():
        stored = deployment.litellm_params
        plain = secretbox.decrypt_params(stored, "test-salt")  # the salt key wins
        assert plain == expected[deployment.model_id]
        assert plain["api_key"].startswith("os.environ/") and plain["api_base"].startswith(
            "https://"
        )
        for name, value in stored.items():
            assert value != plain[name] and "os.environ" not in value and "https" not in value
        with pytest.raises(secretbox.DecryptionError):
            secretbox.decrypt_params(stored, "sk-test-master")
        info = deployment.model_info
        assert info["id"] == deployment.model_id and info["db_model"] is True
        assert info["base_model"] == deployment.model_name
        assert info["mode"] == ("embedding" if "embedding" in deployment.model_name else "chat")


def test_without_any_signing_key_the_documented_demo_key_is_used(db, settings):
    settings.LITELLM_MASTER_KEY = None
    settings.LITELLM_SALT_KEY = None
    load(spend_rows=10)
    for deployment in ModelDeployment.objects.all():
        plain = secretbox.decrypt_params(deployment.litellm_params, demo.DEMO_SIGNING_KEY)
        assert plain["model"].split("/")[0] in ("openai", "azure", "anthropic", "mistral")


def test_rows_a_proxy_already_made_are_kept(db):
    ProxyUser.objects.create(
        user_id=roles.DEFAULT_USER_ID, user_role="proxy_admin", user_alias="Admin"
    )
    ProxySetting.objects.create(param_name="general_settings", param_value={"alerting": ["slack"]})
    output = load(spend_rows=SMALL)
    assert "49 users" in output and "2 config sections" in output
    admin = ProxyUser.objects.get(pk=roles.DEFAULT_USER_ID)
    assert admin.user_alias == "Admin"
    assert admin.spend == pytest.approx(
        SpendLog.objects.filter(user=roles.DEFAULT_USER_ID).aggregate(s=Sum("spend"))["s"]
    )
    assert ProxySetting.objects.get(pk="general_settings").param_value == {"alerting": ["slack"]}


def test_leftovers_of_a_partly_deleted_demo_are_reused(db):
    """Organizations deleted leave their budgets behind (LiteLLM never deletes those): reload."""
    load(spend_rows=SMALL)
    first = table_counts()
    spend_before = dict(VirtualKey.objects.values_list("token", "spend"))
    with connection.cursor() as cursor:
        for table in DEMO_TABLES:
            if table not in ("LiteLLM_BudgetTable", "LiteLLM_VerificationToken"):
                cursor.execute(f'DELETE FROM "{table}"')
    output = load(spend_rows=SMALL)
    assert "0 budgets" in output and "0 keys" in output and "2000 spend logs" in output
    again = table_counts()
    assert {t: again[t] for t in DEMO_TABLES} == {t: first[t] for t in DEMO_TABLES}
    # A kept key's spend grows by exactly what the new logs add, like the proxy's writer does.
    added = defaultdict(float)
    for token, spend in SpendLog.objects.values_list("api_key", "spend"):
        added[token] += spend
    for token, spend in VirtualKey.objects.values_list("token", "spend"):
        assert spend == pytest.approx(spend_before[token] + added[token])


def test_the_default_load_writes_at_least_100000_spend_logs(db):
    output = load()
    assert SpendLog.objects.count() >= 100_000
    assert f"{demo.DEFAULT_SPEND_ROWS} spend logs" in output


@pytest.mark.parametrize("real_row", ["user", "key", "spend log"])
def test_refuses_a_database_holding_real_litellm_data(db, real_row):
    from django.core.management.base import CommandError

    from tests import factories

    if real_row == "user":
        factories.ProxyUserFactory(user_id="real-person@corp.example")
    elif real_row == "key":
        factories.VirtualKeyFactory(user_id=None, team_id="a-real-team")
    else:
        factories.SpendLogFactory(request_id="chatcmpl-real")
    before = ProxyUser.objects.count(), VirtualKey.objects.count(), SpendLog.objects.count()
    with pytest.raises(CommandError, match="not the demo's"):
        call_command("load_demo_data", "--spend-rows", "10", stdout=StringIO())
    after = ProxyUser.objects.count(), VirtualKey.objects.count(), SpendLog.objects.count()
    assert after == before
    assert not Organization.objects.exists()

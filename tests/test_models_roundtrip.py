"""Every model over a LiteLLM table: create, read back, partial update, delete.

The proxy adds to `spend` (`spend = spend + x`) on its own schedule, so a console save must
write the columns it changed (plus Prisma's `@updatedAt` column) and nothing else. These tests
prove that on the SQL the ORM sends and on the row the database ends up with, for all 15 models.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import Model
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.audit.models import AuditLog
from apps.keys.models import VirtualKey
from apps.teams.models import TeamMembership
from litellm_console.fields import LiteLLMModel, UpdatedAtField
from tests import factories

UTC = dt.UTC
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")

# Millisecond values: Prisma's columns are TIMESTAMP(3). Some are given in other zones on
# purpose: they must be stored and read back as the same instant, in UTC.
T1 = dt.datetime(2024, 6, 1, 23, 30, 15, 123000, tzinfo=UTC)
T2 = dt.datetime(2024, 6, 1, 19, 45, 0, 456000, tzinfo=NEW_YORK)  # 23:45:00.456 UTC
T3 = dt.datetime(2024, 6, 2, 9, 15, 0, 789000, tzinfo=TOKYO)  # 2024-06-02 00:15:00.789 UTC
OLD = dt.datetime(2020, 1, 1, tzinfo=UTC)
BIG = 10_000_000_000  # needs BIGINT


def litellm_models() -> list[type[Model]]:
    return sorted(
        (
            m
            for m in apps.get_models()
            if not m._meta.managed and m._meta.db_table.startswith("LiteLLM_")
        ),
        key=lambda m: m._meta.label,
    )


MODELS = litellm_models()


@dataclass
class Spec:
    """How to make a fully populated row, and which field a console edit changes."""

    make: Callable[[], Model]
    field: str
    new_value: Callable[[], Any]


SPECS: dict[str, Spec] = {
    "access_requests.ModelAccessRequest": Spec(
        make=lambda: factories.ModelAccessRequestFactory(
            user_id="user-ar",
            requested_models=["gpt-4o", "claude-3-5-sonnet"],
            justification="Evaluation project",
            status="pending",
        ),
        field="status",
        new_value=lambda: "approved",
    ),
    "audit.AuditLog": Spec(
        make=lambda: factories.AuditLogFactory(
            updated_at=T2,
            changed_by="persona-admin",
            changed_by_api_key="ab" * 32,
            action="updated",
            table_name="LiteLLM_TeamTable",
            before_value={"team_alias": "old", "max_budget": None, "models": ["a"]},
            updated_values={"team_alias": "new", "max_budget": 10.5},
        ),
        field="action",
        new_value=lambda: "deleted",
    ),
    "budgets.Budget": Spec(
        make=lambda: factories.BudgetFactory(
            max_budget=100.0,
            soft_budget=80.5,
            max_parallel_requests=7,
            tpm_limit=BIG,
            rpm_limit=BIG + 1,
            model_max_budget={"gpt-4o": {"max_budget": 5.0, "budget_duration": "1d"}},
            budget_duration="30d",
            budget_reset_at=T2,
            created_by="creator",
            updated_by="editor",
        ),
        field="max_budget",
        new_value=lambda: 250.0,
    ),
    "customers.Customer": Spec(
        make=lambda: factories.CustomerFactory(
            user_id="customer-rt",
            alias="Acme app user",
            allowed_model_region="eu",
            default_model="gpt-4o-mini",
            budget=factories.BudgetFactory(),
            blocked=True,
        ),
        field="alias",
        new_value=lambda: "Renamed customer",
    ),
    "deployments.ModelDeployment": Spec(
        make=lambda: factories.ModelDeploymentFactory(
            model_name="gpt-4o-eu",
            litellm_params={"model": "bm9uY2UrY2lwaGVydGV4dA==", "rpm": 100, "tpm": BIG},
            model_info={"id": "m-1", "db_model": True, "input_cost_per_token": 2.5e-06},
            created_by="creator",
            updated_by="editor",
        ),
        field="model_name",
        new_value=lambda: "gpt-4o-eu-2",
    ),
    "invitations.Invitation": Spec(
        make=lambda: factories.InvitationFactory(
            user=factories.ProxyUserFactory(user_id="invitee-rt"),
            created_by=factories.ProxyUserFactory(user_id="inviter-rt", user_role="proxy_admin"),
            updated_by=factories.ProxyUserFactory(user_id="inviter-rt"),
            is_accepted=False,
            accepted_at=T3,
            expires_at=T2,
            created_at=T1,
        ),
        field="is_accepted",
        new_value=lambda: True,
    ),
    "keys.VirtualKey": Spec(
        make=lambda: factories.VirtualKeyFactory(
            key_alias="roundtrip-key",
            soft_budget_cooldown=True,
            expires=T2,
            allowed_models=["gpt-4o", "all-team-models"],
            aliases={"fast": "gpt-4o-mini"},
            config={"temperature": 0.2},
            user_id="persona-admin",
            team_id="team-rt",
            permissions={"allow_pii_controls": True},
            max_parallel_requests=3,
            metadata={"tags": ["prod"], "note": "é ✓"},
            blocked=False,
            tpm_limit=BIG,
            rpm_limit=600,
            max_budget=12.5,
            budget_duration="1d",
            budget_reset_at=T3,
            allowed_cache_controls=["no-cache", "no-store"],
            model_max_budget={"gpt-4o": 1.5},
            budget=factories.BudgetFactory(),
        ),
        field="key_alias",
        new_value=lambda: "renamed-key",
    ),
    "organizations.Organization": Spec(
        make=lambda: factories.OrganizationFactory(
            organization_alias="Acme",
            metadata={"cost_center": "42"},
            allowed_models=["gpt-4o"],
            created_by="creator",
            updated_by="editor",
        ),
        field="organization_alias",
        new_value=lambda: "Acme Corp",
    ),
    "proxy_settings.ProxySetting": Spec(
        make=lambda: factories.ProxySettingFactory(
            param_name="router_settings",
            param_value={"routing_strategy": "least-busy", "num_retries": 2, "x": [1, None]},
        ),
        field="param_value",
        new_value=lambda: {"routing_strategy": "simple-shuffle"},
    ),
    "spend.ErrorLog": Spec(
        make=lambda: factories.ErrorLogFactory(
            start_time=T1,
            end_time=T3,
            api_base="https://api.openai.com/v1",
            model_group="gpt-4o",
            litellm_model_name="openai/gpt-4o",
            model_id="m-1",
            request_kwargs={"model": "gpt-4o", "stream": False},
            exception_type="RateLimitError",
            exception_string="429 Too Many Requests",
            status_code="429",
        ),
        field="status_code",
        new_value=lambda: "500",
    ),
    "spend.SpendLog": Spec(
        make=lambda: factories.SpendLogFactory(
            request_id="chatcmpl-roundtrip",
            call_type="acompletion",
            spend=0.0123,
            prompt_tokens=100,
            completion_tokens=23,
            total_tokens=123,
            start_time=T1,
            end_time=T2,
            completion_start_time=T3,
            model="gpt-4o",
            model_id="m-1",
            model_group="gpt-4o",
            api_base="https://api.openai.com/v1",
            user="persona-admin",
            metadata={"user_api_key_alias": "k1", "user_api_key_team_alias": None},
            cache_hit="False",
            cache_key="",
            request_tags=["prod", "team-a"],
            team_id="team-rt",
            end_user="customer-rt",
            requester_ip_address="10.0.0.1",
        ),
        field="end_user",
        new_value=lambda: "customer-2",
    ),
    "teams.ModelAliasSet": Spec(
        make=lambda: factories.ModelAliasSetFactory(
            model_aliases={"fast": "gpt-4o-mini", "smart": "gpt-4o"},
            created_by="creator",
            updated_by="editor",
        ),
        field="model_aliases",
        new_value=lambda: {"fast": "claude-3-haiku"},
    ),
    "teams.Team": Spec(
        make=lambda: factories.TeamFactory(
            team_alias="Platform",
            organization=factories.OrganizationFactory(),
            admins=["legacy-admin"],
            members=["legacy-member"],
            members_with_roles=[
                {"role": "admin", "user_id": "u1", "user_email": "u1@example.com"},
                {"role": "user", "user_id": "u2", "user_email": None},
            ],
            metadata={"slack": "#platform"},
            max_budget=500.0,
            allowed_models=["gpt-4o", "all-proxy-models"],
            max_parallel_requests=10,
            tpm_limit=BIG,
            rpm_limit=1000,
            budget_duration="1mo",
            budget_reset_at=T1,
            blocked=True,
            model_max_budget={"gpt-4o": 50.0},
            model_aliases=factories.ModelAliasSetFactory(),
        ),
        field="team_alias",
        new_value=lambda: "Platform (renamed)",
    ),
    "teams.TeamMembership": Spec(
        make=lambda: factories.TeamMembershipFactory(budget=factories.BudgetFactory()),
        field="budget",
        new_value=lambda: factories.BudgetFactory(),
    ),
    "users.ProxyUser": Spec(
        make=lambda: factories.ProxyUserFactory(
            user_id="user-rt",
            user_alias="Round Trip",
            team_id="team-rt",
            organization=factories.OrganizationFactory(),
            teams=["team-a", "team-b"],
            user_role="internal_user",
            max_budget=20.0,
            user_email="rt@example.com",
            allowed_models=["gpt-4o"],
            metadata={"sso": False},
            max_parallel_requests=2,
            tpm_limit=BIG,
            rpm_limit=60,
            budget_duration="7d",
            budget_reset_at=T2,
            allowed_cache_controls=["no-cache"],
            model_max_budget={"gpt-4o": 2.0},
        ),
        field="user_alias",
        new_value=lambda: "Renamed",
    ),
}


def model_id(model: type[Model]) -> str:
    return model._meta.label


def updated_at_fields(model: type[Model]) -> list:
    return [f for f in model._meta.concrete_fields if isinstance(f, UpdatedAtField)]


def pk_where(obj: Model) -> tuple[str, list]:
    fields = obj._meta.pk_fields
    sql = " AND ".join(f'"{f.column}" = %s' for f in fields)
    return sql, [getattr(obj, f.attname) for f in fields]


def raw_row(obj: Model) -> dict:
    """The row as the database holds it (every column, mapped or not), via raw SQL."""
    where, params = pk_where(obj)
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT to_jsonb(t) FROM "{obj._meta.db_table}" t WHERE {where}', params)
        rows = cursor.fetchall()
    assert len(rows) == 1, rows
    value = rows[0][0]
    return value if isinstance(value, dict) else json.loads(value)


def raw_execute(obj: Model, set_sql: str, params: list | None = None) -> None:
    where, pk_params = pk_where(obj)
    with connection.cursor() as cursor:
        cursor.execute(
            f'UPDATE "{obj._meta.db_table}" SET {set_sql} WHERE {where}',
            [*(params or []), *pk_params],
        )
        assert cursor.rowcount == 1


def fresh(obj: Model) -> Model:
    return type(obj)._default_manager.get(pk=obj.pk)


def assert_utc(value: dt.datetime) -> None:
    assert value.tzinfo is not None, "naive datetime read from a Prisma column"
    assert value.utcoffset() == dt.timedelta(0)
    assert value.tzinfo == UTC


def writes_to(ctx: CaptureQueriesContext, table: str) -> list[str]:
    """The INSERT / UPDATE / DELETE statements captured on `table`."""
    pattern = re.compile(rf'^(INSERT INTO|UPDATE|DELETE FROM) "{re.escape(table)}"\s')
    return [q["sql"] for q in ctx.captured_queries if pattern.match(q["sql"])]


def all_writes(ctx: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"] for q in ctx.captured_queries if re.match(r"^(INSERT|UPDATE|DELETE)\b", q["sql"])
    ]


def set_columns(sql: str) -> list[str]:
    match = re.search(r"\bSET\b(.*?)\bWHERE\b", sql, re.S)
    assert match, sql
    return re.findall(r'"([^"]+)"\s*=', match.group(1))


# --- Coverage ----------------------------------------------------------------------------------


def test_there_are_exactly_15_litellm_models_and_each_has_a_spec():
    labels = [m._meta.label for m in MODELS]
    assert len(labels) == 15, labels
    assert sorted(SPECS) == sorted(labels)


# --- Create and read back ----------------------------------------------------------------------


@pytest.mark.parametrize("model", MODELS, ids=model_id)
def test_create_and_read_back_every_field(db, model):
    written = SPECS[model._meta.label].make()
    assert type(written) is model
    read = fresh(written)

    compared = 0
    for f in model._meta.concrete_fields:
        expected, actual = getattr(written, f.attname), getattr(read, f.attname)
        if isinstance(actual, dt.datetime) or isinstance(expected, dt.datetime):
            assert isinstance(actual, dt.datetime), (f.name, actual)
            assert_utc(actual)
            assert expected.tzinfo is not None, (f.name, expected)
            # Exact, auto_now included: the instance holds what TIMESTAMP(3) stored.
            assert actual == expected, f.name
        else:
            assert actual == expected, f.name
            assert type(actual) is type(expected), (f.name, type(actual), type(expected))
        compared += 1
    assert compared == len(model._meta.concrete_fields) >= 2


def test_other_zone_datetimes_are_stored_as_utc_wall_time(db):
    """T2 was given in New York time; the column must hold the UTC wall time, as Prisma does."""
    key = SPECS["keys.VirtualKey"].make()
    row = raw_row(key)
    # to_jsonb renders timestamp(3) as ISO text without an offset.
    assert row["expires"] == "2024-06-01T23:45:00.456"
    assert row["budget_reset_at"] == "2024-06-02T00:15:00.789"
    assert fresh(key).expires == dt.datetime(2024, 6, 1, 23, 45, 0, 456000, tzinfo=UTC)


# --- Partial update ----------------------------------------------------------------------------


# Console edits come two ways: an explicit `save(update_fields=[...])`, and a plain `save()`
# (ModelForm.save(), UpdateView) on a loaded LiteLLMModel, which must write only what changed.
# The log tables (AuditLog, SpendLog, ErrorLog) are plain models the console never edits.
UPDATE_CASES = [(m, "update_fields") for m in MODELS] + [
    (m, "save()") for m in MODELS if issubclass(m, LiteLLMModel)
]


@pytest.mark.parametrize(
    ("model", "how"), UPDATE_CASES, ids=[f"{m._meta.label}-{h}" for m, h in UPDATE_CASES]
)
def test_update_writes_only_the_changed_column(db, model, how):
    spec = SPECS[model._meta.label]
    obj = spec.make()
    stamps = updated_at_fields(model)
    if stamps:
        raw_execute(obj, ", ".join(f'"{f.column}" = %s' for f in stamps), [OLD] * len(stamps))
    has_spend = "spend" in {f.column for f in model._meta.concrete_fields}

    instance = fresh(obj)  # what a console view loads
    before = raw_row(obj)
    if has_spend:
        # The proxy's batched spend update lands between the console's load and its save.
        raw_execute(obj, '"spend" = "spend" + 5')

    new_value = spec.new_value()
    setattr(instance, spec.field, new_value)
    field = model._meta.get_field(spec.field)
    with CaptureQueriesContext(connection) as ctx:
        if how == "update_fields":
            instance.save(update_fields=[spec.field])
        else:
            instance.save()

    # Exactly one write to this table, an UPDATE setting only the changed column (and the
    # @updatedAt column where the model has one). Other statements (the audit trail's
    # SELECT ... FOR UPDATE and its INSERT into LiteLLM_AuditLog, savepoints) may come along.
    writes = writes_to(ctx, model._meta.db_table)
    assert len(writes) == 1, writes
    sql = writes[0]
    assert sql.startswith(f'UPDATE "{model._meta.db_table}" SET'), sql
    assert sorted(set_columns(sql)) == sorted({field.column, *(f.column for f in stamps)})

    after = raw_row(obj)
    assert set(after) == set(before)
    changed = {c for c in after if after[c] != before[c]}
    expected_changed = {field.column, *(f.column for f in stamps)} | (
        {"spend"} if has_spend else set()
    )
    assert changed == expected_changed, (changed, expected_changed)

    if has_spend:
        assert after["spend"] == pytest.approx(before["spend"] + 5)
        assert fresh(obj).spend == pytest.approx(before["spend"] + 5)
    reread = fresh(obj)
    expected_value = getattr(instance, field.attname)
    assert getattr(reread, field.attname) == expected_value
    for f in stamps:
        value = getattr(reread, f.attname)
        assert_utc(value)
        assert value > OLD
        assert abs(value - timezone.now()) < dt.timedelta(minutes=1)


@pytest.mark.parametrize(
    "model",
    [m for m in MODELS if "spend" in {f.column for f in m._meta.concrete_fields}],
    ids=model_id,
)
def test_concurrent_spend_increment_survives_a_console_edit(db, model):
    """The scenario from the compat notes, spelled out for every table that has `spend`."""
    spec = SPECS[model._meta.label]
    obj = spec.make()
    raw_execute(obj, '"spend" = %s', [1.25])
    instance = fresh(obj)
    assert instance.spend == 1.25
    raw_execute(obj, '"spend" = "spend" + 5')
    setattr(instance, spec.field, spec.new_value())
    instance.save(update_fields=[spec.field])
    assert raw_row(obj)["spend"] == pytest.approx(6.25)


def test_full_save_does_not_write_back_a_stale_spend(db):
    key = factories.VirtualKeyFactory()
    instance = fresh(key)
    raw_execute(key, '"spend" = "spend" + 5')
    instance.key_alias = "edited through a form"
    instance.save()
    assert raw_row(key)["spend"] == pytest.approx(5.0)


def test_full_save_keeps_tracking_after_create_and_after_each_save(db):
    """A created instance, and one saved before, write only later changes on the next save()."""
    key = factories.VirtualKeyFactory(key_alias="first")
    raw_execute(key, '"spend" = "spend" + 5')
    key.max_budget = 10.0
    with CaptureQueriesContext(connection) as ctx:
        key.save()
    (sql,) = writes_to(ctx, "LiteLLM_VerificationToken")
    assert set_columns(sql) == ["max_budget"]

    raw_execute(key, '"spend" = "spend" + 5')
    key.key_alias = "second"
    with CaptureQueriesContext(connection) as ctx:
        key.save()
    (sql,) = writes_to(ctx, "LiteLLM_VerificationToken")
    assert set_columns(sql) == ["key_alias"]
    row = raw_row(key)
    assert (row["spend"], row["max_budget"], row["key_alias"]) == (10, 10, "second")


def test_full_save_without_changes_writes_nothing(db):
    team = factories.TeamFactory()
    instance = fresh(team)
    audit_rows = AuditLog.objects.count()
    with CaptureQueriesContext(connection) as ctx:
        instance.save()
    assert all_writes(ctx) == []
    assert AuditLog.objects.count() == audit_rows


def test_full_save_sees_in_place_json_and_array_edits(db):
    team = factories.TeamFactory(metadata={"a": 1}, allowed_models=["gpt-4o"])
    instance = fresh(team)
    instance.metadata["b"] = 2
    instance.allowed_models.append("claude")
    with CaptureQueriesContext(connection) as ctx:
        instance.save()
    (sql,) = writes_to(ctx, "LiteLLM_TeamTable")
    assert sorted(set_columns(sql)) == ["metadata", "models", "updated_at"]
    reread = fresh(team)
    assert reread.metadata == {"a": 1, "b": 2}
    assert reread.allowed_models == ["gpt-4o", "claude"]


def test_full_save_after_refresh_from_db_does_not_write_refreshed_values(db):
    user = factories.ProxyUserFactory()
    instance = fresh(user)
    raw_execute(user, '"spend" = "spend" + 5')
    instance.refresh_from_db()
    assert instance.spend == 5.0
    raw_execute(user, '"spend" = "spend" + 5')
    instance.user_alias = "after refresh"
    with CaptureQueriesContext(connection) as ctx:
        instance.save()
    (sql,) = writes_to(ctx, "LiteLLM_UserTable")
    assert set_columns(sql) == ["user_alias"]
    assert raw_row(user)["spend"] == 10


@pytest.mark.parametrize("model", [m for m in MODELS if updated_at_fields(m)], ids=model_id)
def test_updated_at_advances_on_update(db, model):
    spec = SPECS[model._meta.label]
    obj = spec.make()
    stamps = updated_at_fields(model)
    raw_execute(obj, ", ".join(f'"{f.column}" = %s' for f in stamps), [OLD] * len(stamps))
    instance = fresh(obj)
    assert all(getattr(instance, f.attname) == OLD for f in stamps)
    setattr(instance, spec.field, spec.new_value())
    # Whole milliseconds: the column (and the saved instance) keep no more.
    now = timezone.now()
    started = now.replace(microsecond=now.microsecond // 1000 * 1000)
    instance.save(update_fields=[spec.field])
    for f in stamps:
        stored = getattr(fresh(obj), f.attname)
        assert stored > OLD
        assert stored >= started
        assert getattr(instance, f.attname) == stored


def test_empty_update_fields_writes_nothing(db):
    budget = factories.BudgetFactory()
    instance = fresh(budget)
    with CaptureQueriesContext(connection) as ctx:
        instance.save(update_fields=[])
    assert all_writes(ctx) == []


def test_update_fields_may_be_any_iterable(db):
    budget = factories.BudgetFactory(max_budget=1.0)
    instance = fresh(budget)
    instance.max_budget = 2.0
    instance.save(update_fields=(name for name in ["max_budget"]))
    assert fresh(budget).max_budget == 2.0


def test_saved_timestamp_equals_the_stored_one(db):
    expires = dt.datetime(2030, 1, 1, 12, 0, 0, 123456, tzinfo=UTC)
    key = factories.VirtualKeyFactory(expires=expires)
    budget = factories.BudgetFactory()
    assert fresh(key).expires == key.expires
    assert VirtualKey.objects.filter(expires=key.expires).exists()
    assert fresh(budget).updated_at == budget.updated_at


def test_changing_a_composite_key_part_is_not_silently_dropped(db):
    membership = factories.TeamMembershipFactory()
    other_team = factories.TeamFactory()
    instance = fresh(membership)
    instance.team_id = other_team.team_id
    with pytest.raises(ValueError, match="primary key"):
        instance.save()
    assert TeamMembership.objects.filter(pk=(membership.user_id, membership.team_id)).exists()


# --- Delete ------------------------------------------------------------------------------------


@pytest.mark.parametrize("model", MODELS, ids=model_id)
def test_delete(db, model):
    obj = SPECS[model._meta.label].make()
    pk = obj.pk
    manager = model._default_manager
    assert manager.filter(pk=pk).exists()
    deleted, per_model = obj.delete()
    assert per_model.get(model._meta.label) == 1
    assert not manager.filter(pk=pk).exists()
    where, params = pk_where(obj)
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{model._meta.db_table}" WHERE {where}', params)
        assert cursor.fetchone()[0] == 0


def test_team_membership_composite_primary_key(db):
    user = factories.ProxyUserFactory(user_id="member-1")
    team_a, team_b = factories.TeamFactory(), factories.TeamFactory()
    model = TeamMembership
    a = model.objects.create(user_id=user.user_id, team_id=team_a.team_id)
    b = model.objects.create(user_id=user.user_id, team_id=team_b.team_id)
    assert a.pk == (user.user_id, team_a.team_id)
    assert model.objects.get(pk=(user.user_id, team_b.team_id)).team_id == team_b.team_id

    # An update of one membership touches only that row.
    budget = factories.BudgetFactory()
    a.budget = budget
    with CaptureQueriesContext(connection) as ctx:
        a.save(update_fields=["budget"])
    (sql,) = writes_to(ctx, model._meta.db_table)
    assert '"user_id"' in sql.split("WHERE", 1)[1] and '"team_id"' in sql.split("WHERE", 1)[1]
    assert model.objects.get(pk=b.pk).budget_id is None
    assert model.objects.get(pk=a.pk).budget_id == budget.budget_id

    a.delete()
    assert list(model.objects.filter(user_id=user.user_id).values_list("team_id", flat=True)) == [
        team_b.team_id
    ]


def test_a_new_instance_with_an_existing_id_never_overwrites_that_row(db):
    from django.db import IntegrityError, transaction

    from apps.users.models import ProxyUser

    existing = factories.ProxyUserFactory(user_id="already-here", user_alias="kept")
    with connection.cursor() as cursor:
        cursor.execute(
            'UPDATE "LiteLLM_UserTable" SET spend = 12.5 WHERE user_id = %s', [existing.user_id]
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        ProxyUser(user_id="already-here", user_alias="clobbered").save()
    row = ProxyUser.objects.get(pk="already-here")
    assert (row.user_alias, row.spend) == ("kept", 12.5)

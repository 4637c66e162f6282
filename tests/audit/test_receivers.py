"""The audit receivers: one LiteLLM_AuditLog row per created, updated or deleted object."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from django.db import transaction

from apps.audit.context import acting_as, audit_action, current, fallback_actor
from apps.audit.models import AuditLog
from apps.audit.signals import AuditWriteError, audited_models
from apps.budgets.models import Budget
from apps.customers.models import Customer
from apps.invitations.models import Invitation
from apps.keys.models import VirtualKey
from apps.organizations.models import Organization
from apps.proxy_settings.models import ProxySetting
from apps.teams.models import ModelAliasSet, Team, TeamMembership
from apps.users.models import ProxyUser
from litellm_console.compat.passwords import make_password
from litellm_console.compat.secretbox import encrypt_value
from litellm_console.fields import UTCDateTimeField
from tests import factories
from tests.audit.conftest import (
    CHANGES,
    FACTORIES,
    columns,
    db_row,
    expected_object_id,
    refuse_audit_inserts,
    rows_for,
)

pytestmark = pytest.mark.django_db

AUDITED = audited_models()
by_name = pytest.mark.parametrize("model", AUDITED, ids=lambda m: m.__name__)


def prerequisites(model) -> dict:
    """Related rows a new object of `model` needs, created up front (and audited)."""
    if model is TeamMembership:
        return {
            "user_id": factories.ProxyUserFactory().user_id,
            "team_id": factories.TeamFactory().team_id,
        }
    if model is Invitation:
        user = factories.ProxyUserFactory()
        return {"user": user, "created_by": user, "updated_by": user}
    if model is Organization:
        return {"budget": factories.BudgetFactory()}
    if model is ProxySetting:
        return {"param_name": "router_settings"}
    return {}


def make(model, **kwargs):
    with acting_as("tester"):
        return FACTORIES[model](**kwargs)


def change(obj, actor="tester"):
    """Apply the model's small change with save(update_fields=[...]); return the new value."""
    spec = CHANGES[type(obj)]
    value = spec.new_value()
    with acting_as(actor):
        setattr(obj, spec.field, value)
        obj.save(update_fields=[spec.field])
    return spec, value


def assert_json_native(value, path="$"):
    """Only JSON types; timestamps as ISO-8601 strings in UTC ending with Z."""
    if isinstance(value, dict):
        for k, v in value.items():
            assert isinstance(k, str), path
            assert_json_native(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            assert_json_native(v, f"{path}[{i}]")
    else:
        assert value is None or isinstance(value, str | int | float | bool), (path, value)


def assert_timestamps_iso_z(model, values: dict):
    for field in model._meta.concrete_fields:
        if isinstance(field, UTCDateTimeField) and values.get(field.column) is not None:
            text = values[field.column]
            assert isinstance(text, str) and text.endswith("Z"), (field.column, text)
            parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
            assert parsed.utcoffset() == dt.timedelta(0)


# --- the list of audited models ---


def test_exactly_twelve_audited_models_each_with_a_factory():
    assert len(AUDITED) == 12, [m.__name__ for m in AUDITED]
    assert set(AUDITED) == set(FACTORIES) == set(CHANGES)


def test_every_audited_table_can_be_filtered_on_the_audit_page():
    from apps.audit.filtersets import AuditLogFilterSet

    offered = {value for value, _label in AuditLogFilterSet().form.fields["table_name"].choices}
    assert {m._meta.db_table for m in AUDITED} <= offered


# --- created ---


@by_name
def test_create_writes_one_created_row(model):
    obj = make(model)
    rows = rows_for(obj)
    assert len(rows) == 1, rows
    row = rows[0]
    assert row.action == "created"
    assert row.table_name == model._meta.db_table
    assert row.object_id == expected_object_id(obj)
    assert row.changed_by == "tester"
    assert row.before_value is None
    assert isinstance(row.updated_values, dict)
    assert set(row.updated_values) == columns(model)
    assert_json_native(row.updated_values)
    assert_timestamps_iso_z(model, row.updated_values)
    # The row as stored: the change column holds what the factory wrote.
    stored = db_row(obj)
    for field in model._meta.concrete_fields:
        value = stored[field.attname]
        if isinstance(value, str | bool | int | float) and field.column != "password":
            if field.column == "litellm_params":
                continue
            assert row.updated_values[field.column] == value, field.column


def test_virtual_key_object_id_is_the_hashed_token():
    key = make(VirtualKey)
    (row,) = rows_for(key)
    assert row.object_id == hashlib.sha256(key.raw_key.encode()).hexdigest() == key.token


def test_team_membership_object_id_is_user_then_team():
    membership = make(TeamMembership)
    row = AuditLog.objects.get(table_name="LiteLLM_TeamMembership")
    assert row.object_id == f"{membership.user_id},{membership.team_id}"


# --- updated ---


@by_name
def test_update_writes_one_updated_row_with_full_before_and_changed_after(model):
    obj = make(model)
    spec = CHANGES[model]
    obj = type(obj).objects.get(pk=obj.pk)  # as a page would load it
    before_row = rows_for(obj)[0].updated_values  # the created snapshot = the full old row
    old_stored = db_row(obj)
    _spec, value = change(obj)

    rows = rows_for(obj, action="updated")
    assert len(rows) == 1, rows
    row = rows[0]
    assert row.changed_by == "tester"
    assert row.table_name == model._meta.db_table
    assert row.object_id == expected_object_id(obj)
    assert isinstance(row.before_value, dict)
    assert set(row.before_value) == columns(model)
    column = model._meta.get_field(spec.field).column
    old_json = old_stored[model._meta.get_field(spec.field).attname]
    if isinstance(old_json, dt.datetime):
        old_json = old_json.isoformat()
    assert row.before_value[column] == before_row[column]
    for name, old in before_row.items():
        if name != "updated_at":
            assert row.before_value[name] == old, name
    assert row.updated_values[column] == spec.as_json(value)
    assert "spend" not in row.updated_values
    assert set(row.updated_values) <= {column, "updated_at", "updated_by"}
    assert_json_native(row.updated_values)
    assert_timestamps_iso_z(model, row.updated_values)


@by_name
def test_update_that_changes_nothing_writes_no_row(model):
    obj = make(model)
    obj = type(obj).objects.get(pk=obj.pk)
    spec = CHANGES[model]
    with acting_as("tester"):
        setattr(obj, spec.field, getattr(obj, spec.field))
        obj.save(update_fields=[spec.field])
        obj.save()
    assert [r.action for r in rows_for(obj)] == ["created"]


def test_update_keeps_a_concurrent_spend_increment_and_does_not_report_spend():
    key = make(VirtualKey)
    key = VirtualKey.objects.get(pk=key.pk)
    # The proxy adds spend while the console page is open.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            'UPDATE "LiteLLM_VerificationToken" SET spend = spend + 1.5 WHERE token = %s',
            [key.token],
        )
    with acting_as("tester"):
        key.key_alias = "edited"
        key.save()
    (row,) = rows_for(key, action="updated")
    assert row.before_value["spend"] == 1.5
    assert "spend" not in row.updated_values
    assert row.updated_values["key_alias"] == "edited"
    assert VirtualKey.objects.get(pk=key.pk).spend == 1.5


def test_audit_action_names_the_update():
    key = make(VirtualKey)
    with acting_as("tester"), audit_action("blocked"):
        key.blocked = True
        key.save(update_fields=["blocked"])
    with acting_as("tester"), audit_action("unblocked"):
        key.blocked = False
        key.save(update_fields=["blocked"])
    actions = [r.action for r in rows_for(key)]
    assert actions == ["created", "blocked", "unblocked"]
    (blocked,) = rows_for(key, action="blocked")
    assert blocked.updated_values["blocked"] is True
    assert blocked.changed_by == "tester"


def test_audit_action_refuses_unknown_actions():
    with pytest.raises(ValueError):
        with audit_action("weird"):
            pass


def test_audit_action_does_not_outlive_its_block():
    team = make(factories.TeamFactory._meta.model)
    with acting_as("tester"):
        with audit_action("blocked"):
            team.blocked = True
            team.save(update_fields=["blocked"])
        team.team_alias = "after the block"
        team.save(update_fields=["team_alias"])
    assert [r.action for r in rows_for(team)] == ["created", "blocked", "updated"]


def test_with_nothing_bound_the_actor_is_the_running_process():
    assert current().changed_by == fallback_actor()
    team = factories.TeamFactory()
    (row,) = rows_for(team)
    assert row.changed_by.startswith("system:")
    assert row.changed_by == fallback_actor()


def test_acting_as_is_restored_after_the_block():
    with acting_as("outer"):
        with acting_as("inner"):
            assert current().changed_by == "inner"
        team = factories.TeamFactory()
    assert current().changed_by == fallback_actor()
    assert rows_for(team)[0].changed_by == "outer"


# --- deleted ---


@by_name
def test_delete_writes_one_deleted_row(model):
    obj = make(model)
    obj = type(obj).objects.get(pk=obj.pk)
    object_id = expected_object_id(obj)
    created = rows_for(obj)[0].updated_values
    with acting_as("deleter"):
        obj.delete()
    rows = list(
        AuditLog.objects.filter(
            table_name=model._meta.db_table, object_id=object_id, action="deleted"
        )
    )
    assert len(rows) == 1, rows
    row = rows[0]
    assert row.changed_by == "deleter"
    assert row.updated_values == {}
    assert isinstance(row.before_value, dict)
    assert set(row.before_value) == columns(model)
    for name, value in created.items():
        if name != "updated_at":
            assert row.before_value[name] == value, name


def test_deleting_a_budget_detaches_every_referencing_row_with_an_audit_entry():
    budget = make(Budget)
    budget_id = budget.pk
    key = make(VirtualKey, budget=budget)
    customer = make(Customer, budget=budget)
    membership = make(TeamMembership, budget=budget)
    untouched = make(VirtualKey)
    with acting_as("deleter"):
        budget.delete()
    assert not Budget.objects.filter(pk=budget_id).exists()
    assert (
        AuditLog.objects.filter(
            table_name="LiteLLM_BudgetTable", object_id=budget_id, action="deleted"
        ).count()
        == 1
    )
    for obj in (key, customer, membership):
        assert type(obj).objects.get(pk=obj.pk).budget_id is None
        (detached,) = rows_for(obj, action="updated")
        assert detached.changed_by == "deleter"
        assert detached.before_value["budget_id"] == budget_id
        assert detached.updated_values["budget_id"] is None
        assert "spend" not in detached.updated_values
    assert not rows_for(untouched, action="updated")


def test_deleting_an_organization_detaches_its_teams_and_users_with_audit_entries():
    org = make(Organization)
    org_id = org.pk
    team = make(Team, organization=org)
    user = make(ProxyUser, organization=org)
    with acting_as("deleter"):
        org.delete()
    for obj in (team, user):
        assert type(obj).objects.get(pk=obj.pk).organization_id is None
        (detached,) = rows_for(obj, action="updated")
        assert detached.before_value["organization_id"] == org_id
        assert detached.updated_values["organization_id"] is None


def test_deleting_model_aliases_detaches_the_team_with_an_audit_entry():
    aliases = make(ModelAliasSet)
    team = make(Team, model_aliases=aliases)
    with acting_as("deleter"):
        aliases.delete()
    assert Team.objects.get(pk=team.pk).model_aliases_id is None
    (detached,) = rows_for(team, action="updated")
    assert detached.updated_values["model_id"] is None


def test_a_failing_audit_insert_while_detaching_keeps_the_budget_and_its_references():
    budget = make(Budget)
    key = make(VirtualKey, budget=budget)
    refuse_audit_inserts()
    with pytest.raises(AuditWriteError), transaction.atomic():
        budget.delete()
    assert Budget.objects.filter(pk=budget.pk).exists()
    assert VirtualKey.objects.get(pk=key.pk).budget_id == budget.pk


# --- transactions ---


@by_name
def test_rolled_back_change_leaves_no_audit_row_and_no_change(model):
    obj = make(model)
    obj = type(obj).objects.get(pk=obj.pk)
    stored = db_row(obj)
    count = AuditLog.objects.count()
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            change(obj)
            assert rows_for(obj, action="updated")  # written inside the transaction...
            raise RuntimeError("roll back")
    assert AuditLog.objects.count() == count  # ...and gone with it
    assert db_row(obj) == stored


@by_name
def test_failing_audit_insert_aborts_the_update(model):
    obj = make(model)
    obj = type(obj).objects.get(pk=obj.pk)
    stored = db_row(obj)
    count = AuditLog.objects.count()
    refuse_audit_inserts()
    with pytest.raises(AuditWriteError):
        change(obj)
    assert db_row(obj) == stored
    assert AuditLog.objects.count() == count


@by_name
def test_failing_audit_insert_aborts_the_create(model):
    with acting_as("tester"):
        kwargs = prerequisites(model)
    count_before = model.objects.count()
    refuse_audit_inserts()
    with pytest.raises(AuditWriteError):
        make(model, **kwargs)
    assert model.objects.count() == count_before


@by_name
def test_failing_audit_insert_aborts_the_delete(model):
    obj = make(model)
    obj = type(obj).objects.get(pk=obj.pk)
    stored = db_row(obj)
    refuse_audit_inserts()
    # Model.delete() runs in atomic(savepoint=False): in a caller's transaction the failure
    # breaks that transaction, so give it a savepoint of its own, as a request would.
    with pytest.raises(AuditWriteError), transaction.atomic():
        obj.delete()
    assert db_row(obj) == stored


def test_audit_write_error_is_a_database_error_with_a_readable_message(audit_inserts_fail):
    from django.db import DatabaseError

    with pytest.raises(DatabaseError) as excinfo:
        factories.TeamFactory()
    assert isinstance(excinfo.value, AuditWriteError)
    assert "audit" in str(excinfo.value)


# --- secrets ---

SIGNING_KEY = "sk-master-key-for-audit-tests"


def _strings(value):
    """Every string anywhere in a JSON value (keys too); JSON strings decoded once more."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, str):
        yield value
        try:
            decoded = json.loads(value)
        except ValueError:
            return
        if not isinstance(decoded, str):
            yield from _strings(decoded)


def _all_audit_text() -> list[str]:
    out = []
    for row in AuditLog.objects.all():
        out += [row.changed_by, row.changed_by_api_key, row.object_id]
        out += list(_strings(row.before_value))
        out += list(_strings(row.updated_values))
    return out


def assert_no_secret_in_audit_log(secrets: dict[str, str]):
    text = _all_audit_text()
    assert text, "expected audit rows to scan"
    leaks = [
        (label, s) for label, secret in secrets.items() for s in text if secret and secret in s
    ]
    assert not leaks, leaks


def test_no_secret_reaches_the_audit_log():
    secrets: dict[str, str] = {}
    with acting_as("tester"):
        # A user with a password (sha256 and scrypt forms), changed once.
        user = factories.ProxyUserFactory()
        secrets["password"] = user.password_plain
        secrets["password hash"] = user.password
        user = ProxyUser.objects.get(pk=user.pk)
        user.user_alias = "with password"
        new_plain = "another-Secret-pass-123"
        user.password = make_password(new_plain, "scrypt")
        secrets["new password"] = new_plain
        secrets["new password hash"] = user.password
        secrets["new password hash body"] = user.password.split(":", 1)[1]
        user.save(update_fields=["user_alias", "password"])

        # A deployment whose provider key is encrypted the way LiteLLM stores it.
        provider_key = "sk-provider-" + "A1b2C3d4E5f6G7h8"
        cipher = encrypt_value(provider_key, SIGNING_KEY)
        model_cipher = encrypt_value("openai/gpt-4o", SIGNING_KEY)
        secrets["provider key"] = provider_key
        secrets["provider key ciphertext"] = cipher
        deployment = factories.ModelDeploymentFactory(
            litellm_params={"model": model_cipher, "api_key": cipher, "rpm": 100}
        )
        deployment = type(deployment).objects.get(pk=deployment.pk)
        rotated = encrypt_value("sk-provider-rotated-9Z8Y7X6W", SIGNING_KEY)
        secrets["rotated ciphertext"] = rotated
        secrets["rotated key"] = "sk-provider-rotated-9Z8Y7X6W"
        deployment.litellm_params = {**deployment.litellm_params, "api_key": rotated, "rpm": 50}
        deployment.save(update_fields=["litellm_params"])

        # A virtual key (raw key on the factory instance) with a key-like value in metadata.
        plaintext_in_metadata = "sk-metadata-plaintext-QwErTy123456"
        secrets["metadata api_key"] = plaintext_in_metadata
        key = factories.VirtualKeyFactory(
            metadata={
                "api_key": plaintext_in_metadata,
                "nested": [{"openai_api_key": plaintext_in_metadata + "-nested"}],
                "team": "search",
            }
        )
        secrets["raw key"] = key.raw_key
        key = VirtualKey.objects.get(pk=key.pk)
        key.metadata = {**key.metadata, "secret": "a-shared-Secret-value-777"}
        secrets["metadata secret"] = "a-shared-Secret-value-777"
        key.save(update_fields=["metadata"])

        # Encrypted environment variables in the proxy's config.
        env_plain = "sk-env-plaintext-ZXCVBNM98765"
        env_cipher = encrypt_value(env_plain, SIGNING_KEY)
        secrets["env var"] = env_plain
        secrets["env var ciphertext"] = env_cipher
        setting = factories.ProxySettingFactory(
            param_name="environment_variables",
            param_value={
                "OPENAI_API_KEY": env_cipher,
                "LANGFUSE_HOST": encrypt_value("https://langfuse.internal.example", SIGNING_KEY),
            },
        )
        setting = ProxySetting.objects.get(pk=setting.pk)
        env_cipher2 = encrypt_value("sk-env-second-POIUYT", SIGNING_KEY)
        secrets["second env ciphertext"] = env_cipher2
        setting.param_value = {**setting.param_value, "ANTHROPIC_API_KEY": env_cipher2}
        setting.save(update_fields=["param_value"])

        # And everything deleted again (before_value is the whole row).
        for obj in (deployment, key, setting, user):
            obj.delete()

    assert AuditLog.objects.filter(action="deleted").count() == 4
    assert_no_secret_in_audit_log(secrets)
    # The masked columns are still named, so a reader sees that they exist.
    (deleted_user,) = AuditLog.objects.filter(table_name="LiteLLM_UserTable", action="deleted")
    assert deleted_user.before_value["password"] not in (None, "")
    (deleted_deployment,) = AuditLog.objects.filter(
        table_name="LiteLLM_ProxyModelTable", action="deleted"
    )
    assert set(deleted_deployment.before_value["litellm_params"]) == {"model", "api_key", "rpm"}
    assert deleted_deployment.before_value["litellm_params"]["rpm"] == 50


def test_header_style_secret_names_are_masked():
    secret = "sk-header-secret-LKJHGF54321"
    with acting_as("tester"):
        factories.VirtualKeyFactory(
            metadata={"headers": {"x-api-key": secret, "Authorization": f"Bearer {secret}"}}
        )
    assert_no_secret_in_audit_log({"header secret": secret})


def test_password_change_is_audited_without_the_password():
    from apps.accounts.services import set_litellm_password

    user = factories.ProxyUserFactory()
    user = ProxyUser.objects.get(pk=user.pk)
    with acting_as("tester"):
        set_litellm_password(user, "a-brand-new-Password-42")
    (row,) = rows_for(user, action="updated")
    assert "password" in row.updated_values
    assert_no_secret_in_audit_log(
        {"plain": "a-brand-new-Password-42", "hash": ProxyUser.objects.get(pk=user.pk).password}
    )


def test_rotating_a_deployment_api_key_is_audited():
    deployment = factories.ModelDeploymentFactory(
        litellm_params={"model": "x", "api_key": encrypt_value("sk-one", SIGNING_KEY)}
    )
    deployment = type(deployment).objects.get(pk=deployment.pk)
    with acting_as("tester"):
        deployment.litellm_params = {
            **deployment.litellm_params,
            "api_key": encrypt_value("sk-two", SIGNING_KEY),
        }
        deployment.save(update_fields=["litellm_params"])
    (row,) = rows_for(deployment, action="updated")
    assert "litellm_params" in row.updated_values


def test_changing_an_environment_variable_value_is_audited():
    setting = factories.ProxySettingFactory(
        param_name="environment_variables",
        param_value={"OPENAI_API_KEY": encrypt_value("sk-one", SIGNING_KEY)},
    )
    setting = ProxySetting.objects.get(pk=setting.pk)
    with acting_as("tester"):
        setting.param_value = {"OPENAI_API_KEY": encrypt_value("sk-two", SIGNING_KEY)}
        setting.save(update_fields=["param_value"])
    (row,) = rows_for(setting, action="updated")
    assert "param_value" in row.updated_values

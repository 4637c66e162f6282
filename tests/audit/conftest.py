"""Shared pieces for the audit tests: one factory and one "small change" per audited model."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection

from apps.access_requests.models import ModelAccessRequest
from apps.audit.models import AuditLog
from apps.budgets.models import Budget
from apps.customers.models import Customer
from apps.deployments.models import ModelDeployment
from apps.invitations.models import Invitation
from apps.keys.models import VirtualKey
from apps.organizations.models import Organization
from apps.proxy_settings.models import ProxySetting
from apps.teams.models import ModelAliasSet, Team, TeamMembership
from apps.users.models import ProxyUser
from tests import factories


@dataclass(frozen=True)
class Change:
    """One field to change on an existing row, and the JSON value its column should then hold."""

    field: str
    new_value: Callable[[], Any]
    as_json: Callable[[Any], Any] = lambda value: value


FACTORIES: dict[type, Callable[..., Any]] = {
    VirtualKey: factories.VirtualKeyFactory,
    ProxyUser: factories.ProxyUserFactory,
    Team: factories.TeamFactory,
    TeamMembership: factories.TeamMembershipFactory,
    ModelAliasSet: factories.ModelAliasSetFactory,
    Organization: factories.OrganizationFactory,
    Budget: factories.BudgetFactory,
    Customer: factories.CustomerFactory,
    ModelDeployment: factories.ModelDeploymentFactory,
    ProxySetting: factories.ProxySettingFactory,
    Invitation: factories.InvitationFactory,
    ModelAccessRequest: factories.ModelAccessRequestFactory,
}

CHANGES: dict[type, Change] = {
    VirtualKey: Change("key_alias", lambda: "renamed-key"),
    ProxyUser: Change("user_alias", lambda: "Renamed user"),
    Team: Change("team_alias", lambda: "Renamed team"),
    TeamMembership: Change(
        "budget", lambda: factories.BudgetFactory(), lambda budget: budget.budget_id
    ),
    ModelAliasSet: Change("model_aliases", lambda: {"smart": "gpt-4o"}),
    Organization: Change("organization_alias", lambda: "Renamed org"),
    Budget: Change("max_budget", lambda: 250.5),
    Customer: Change("alias", lambda: "Renamed customer"),
    ModelDeployment: Change("model_name", lambda: "renamed-model"),
    ProxySetting: Change("param_value", lambda: {"max_parallel_requests": 7}),
    Invitation: Change("is_accepted", lambda: True),
    ModelAccessRequest: Change("status", lambda: "approved"),
}


def expected_object_id(obj) -> str:
    """The primary key as text, written independently of apps.audit.snapshot."""
    if isinstance(obj, TeamMembership):
        return f"{obj.user_id},{obj.team_id}"
    return str(obj.pk)


def rows_for(obj, **filters) -> list[AuditLog]:
    """Audit rows about `obj`, oldest first."""
    return list(
        AuditLog.objects.filter(
            table_name=obj._meta.db_table, object_id=expected_object_id(obj), **filters
        ).order_by("updated_at", "id")
    )


def db_row(obj) -> dict | None:
    """The row as it is in the database now ({attname: value}), or None."""
    fields = [f.attname for f in obj._meta.concrete_fields]
    return type(obj)._base_manager.filter(pk=obj.pk).values(*fields).first()


def columns(model) -> set[str]:
    return {f.column for f in model._meta.concrete_fields}


def refuse_audit_inserts() -> None:
    """Make every new LiteLLM_AuditLog insert fail in the database (until the test rolls back)."""
    with connection.cursor() as cursor:
        cursor.execute(
            'ALTER TABLE "LiteLLM_AuditLog" '
            "ADD CONSTRAINT audit_tests_refuse_inserts CHECK (false) NOT VALID"
        )


@pytest.fixture
def audit_inserts_fail(db):
    refuse_audit_inserts()

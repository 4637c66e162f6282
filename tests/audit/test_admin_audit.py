"""Writes made through the Django admin are audited under the signed-in LiteLLM user."""

from __future__ import annotations

import pytest
from django.contrib.admin.utils import quote

from apps.accounts.services import sync_django_user
from apps.audit.models import AuditLog
from apps.customers.models import Customer
from apps.teams.models import Team
from tests import factories
from tests.admin_forms import change_form_data
from tests.audit.conftest import refuse_audit_inserts

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, proxy_admin):
    client.force_login(sync_django_user(proxy_admin))
    return client


def team_change_url(team) -> str:
    return f"/admin/teams/team/{quote(team.pk)}/change/"


def customer_delete_url(customer) -> str:
    return f"/admin/customers/customer/{quote(customer.pk)}/delete/"


def test_changing_a_team_alias_in_the_admin_writes_one_updated_row(admin_client, proxy_admin):
    team = factories.TeamFactory(team_alias="Before", metadata={"owner": "ml"}, max_budget=10.0)
    page = admin_client.get(team_change_url(team))
    audit_before = set(AuditLog.objects.values_list("id", flat=True))

    response = admin_client.post(team_change_url(team), change_form_data(page, team_alias="After"))
    assert response.status_code == 302, response.content.decode()[:2000]

    new_rows = AuditLog.objects.exclude(id__in=audit_before)
    assert new_rows.count() == 1, list(new_rows.values())
    row = new_rows.get()
    assert row.action == "updated"
    assert row.table_name == "LiteLLM_TeamTable"
    assert row.object_id == team.team_id
    assert row.changed_by == proxy_admin.user_id
    assert row.updated_values["team_alias"] == "After"
    assert row.before_value["team_alias"] == "Before"
    assert set(row.updated_values) <= {"team_alias", "updated_at"}
    assert Team.objects.get(pk=team.pk).team_alias == "After"


def test_saving_an_unchanged_team_form_writes_no_row(admin_client):
    team = factories.TeamFactory(team_alias="Same")
    page = admin_client.get(team_change_url(team))
    count = AuditLog.objects.count()
    response = admin_client.post(team_change_url(team), change_form_data(page))
    assert response.status_code == 302
    assert AuditLog.objects.count() == count


def test_deleting_a_customer_in_the_admin_writes_one_deleted_row(admin_client, proxy_admin):
    customer = factories.CustomerFactory(alias="Acme")
    confirm = admin_client.get(customer_delete_url(customer))
    assert confirm.status_code == 200
    audit_before = set(AuditLog.objects.values_list("id", flat=True))

    response = admin_client.post(customer_delete_url(customer), {"post": "yes"})
    assert response.status_code == 302

    assert not Customer.objects.filter(pk=customer.pk).exists()
    new_rows = AuditLog.objects.exclude(id__in=audit_before)
    assert new_rows.count() == 1
    row = new_rows.get()
    assert (row.action, row.table_name, row.object_id) == (
        "deleted",
        "LiteLLM_EndUserTable",
        customer.user_id,
    )
    assert row.changed_by == proxy_admin.user_id
    assert row.updated_values == {}
    assert row.before_value["alias"] == "Acme"


def test_delete_selected_action_writes_one_row_per_customer(admin_client, proxy_admin):
    customers = [factories.CustomerFactory() for _ in range(3)]
    audit_before = set(AuditLog.objects.values_list("id", flat=True))
    response = admin_client.post(
        "/admin/customers/customer/",
        {
            "action": "delete_selected",
            "_selected_action": [c.pk for c in customers],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    new_rows = AuditLog.objects.exclude(id__in=audit_before)
    assert sorted(new_rows.values_list("object_id", flat=True)) == sorted(
        c.user_id for c in customers
    )
    assert set(new_rows.values_list("action", "changed_by")) == {("deleted", proxy_admin.user_id)}


def test_admin_change_whose_audit_row_fails_is_refused_with_a_503(admin_client):
    team = factories.TeamFactory(team_alias="Before")
    page = admin_client.get(team_change_url(team))
    data = change_form_data(page, team_alias="After")
    refuse_audit_inserts()
    admin_client.raise_request_exception = False
    response = admin_client.post(team_change_url(team), data)
    assert response.status_code == 503
    assert Team.objects.get(pk=team.pk).team_alias == "Before"

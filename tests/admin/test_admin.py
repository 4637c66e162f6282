"""The Django admin over LiteLLM's tables: who may do what, and how writes reach the database."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models.signals import pre_save
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.accounts.services import sync_django_user
from apps.audit.models import AuditLog
from apps.budgets.models import Budget
from apps.organizations.models import Organization
from apps.proxy_settings.models import ProxySetting
from apps.spend.admin import SpendLogAdmin
from apps.spend.models import SpendLog
from apps.teams.models import Team, TeamMembership
from apps.users.models import ProxyUser
from litellm_console.admin_utils import LargeTablePaginator, estimated_row_count
from tests import factories
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db

# (factory, admin url prefix, may a proxy admin add one here?)
MODELS = [
    (factories.BudgetFactory, "budgets_budget", True),
    (factories.OrganizationFactory, "organizations_organization", True),
    (factories.ProxyUserFactory, "users_proxyuser", True),
    (factories.TeamFactory, "teams_team", True),
    (factories.ModelAliasSetFactory, "teams_modelaliasset", True),
    (factories.VirtualKeyFactory, "keys_virtualkey", False),
    (factories.CustomerFactory, "customers_customer", True),
    (factories.ModelDeploymentFactory, "deployments_modeldeployment", False),
    (factories.ProxySettingFactory, "proxy_settings_proxysetting", True),
    (factories.InvitationFactory, "invitations_invitation", True),
    (factories.ModelAccessRequestFactory, "access_requests_modelaccessrequest", True),
    (factories.SpendLogFactory, "spend_spendlog", False),
    (factories.ErrorLogFactory, "spend_errorlog", False),
    (factories.AuditLogFactory, "audit_auditlog", False),
]
MODEL_IDS = [prefix for _f, prefix, _a in MODELS]
READ_ONLY = {"spend_spendlog", "spend_errorlog", "audit_auditlog"}


def sign_in(client, persona):
    client.force_login(sync_django_user(persona))
    return client


def change_url(prefix: str, obj) -> str:
    return reverse(f"admin:{prefix}_change", args=[quote(obj.pk)])


def row_state(obj) -> dict:
    """Every column of `obj` as stored now."""
    fresh = type(obj)._base_manager.get(pk=obj.pk)
    return {f.attname: getattr(fresh, f.attname) for f in fresh._meta.concrete_fields}


@pytest.fixture
def admin_client_(client, proxy_admin):
    return sign_in(client, proxy_admin)


@pytest.fixture
def viewer_client(client, admin_viewer):
    return sign_in(client, admin_viewer)


def test_every_model_is_registered_except_the_composite_key_one():
    registered = {m._meta.db_table for m in admin.site._registry}
    for factory, _prefix, _add in MODELS:
        assert factory._meta.model._meta.db_table in registered
    assert not admin.site.is_registered(TeamMembership)


def test_django_admin_still_refuses_composite_primary_keys():
    """If a Django upgrade lifts this, register TeamMembership instead of listing it on teams."""
    site = admin.AdminSite(name="probe")
    with pytest.raises(ImproperlyConfigured, match="composite primary key"):
        site.register(TeamMembership)


# --- Proxy admin --------------------------------------------------------------------------------


@pytest.mark.parametrize(("factory", "prefix", "can_add"), MODELS, ids=MODEL_IDS)
def test_admin_sees_list_change_and_add(admin_client_, factory, prefix, can_add):
    obj = factory()
    response = admin_client_.get(reverse(f"admin:{prefix}_changelist"))
    assert response.status_code == 200
    assert change_url(prefix, obj) in response.content.decode()

    assert admin_client_.get(change_url(prefix, obj)).status_code == 200

    add = admin_client_.get(reverse(f"admin:{prefix}_add"))
    assert add.status_code == (200 if can_add else 403)


@pytest.mark.parametrize("prefix", sorted(READ_ONLY))
def test_logs_cannot_be_changed_or_deleted_even_by_a_superuser(admin_client_, prefix):
    factory = next(f for f, p, _a in MODELS if p == prefix)
    obj = factory()
    before = row_state(obj)
    page = admin_client_.get(change_url(prefix, obj))
    assert b'name="_save"' not in page.content
    assert admin_client_.post(change_url(prefix, obj), {"_save": "Save"}).status_code == 403
    delete_url = reverse(f"admin:{prefix}_delete", args=[quote(obj.pk)])
    assert admin_client_.post(delete_url, {"post": "yes"}).status_code == 403
    assert row_state(obj) == before


def test_team_memberships_are_listed_on_the_team_and_user_pages(admin_client_):
    membership = factories.TeamMembershipFactory(budget=factories.BudgetFactory())
    team = Team.objects.get(pk=membership.team_id)
    page = admin_client_.get(change_url("teams_team", team)).content.decode()
    assert reverse("admin:users_proxyuser_change", args=[quote(membership.user_id)]) in page
    assert reverse("admin:budgets_budget_change", args=[quote(membership.budget_id)]) in page
    user = factories.ProxyUserFactory(user_id=membership.user_id)
    page = admin_client_.get(change_url("users_proxyuser", user)).content.decode()
    assert reverse("admin:teams_team_change", args=[quote(team.team_id)]) in page


# --- Viewer and other roles ---------------------------------------------------------------------


@pytest.mark.parametrize(("factory", "prefix", "can_add"), MODELS, ids=MODEL_IDS)
def test_viewer_reads_but_cannot_change_or_delete(viewer_client, factory, prefix, can_add):
    obj = factory()
    before = row_state(obj)
    listing = viewer_client.get(reverse(f"admin:{prefix}_changelist"))
    assert listing.status_code == 200
    assert change_url(prefix, obj) in listing.content.decode()
    page = viewer_client.get(change_url(prefix, obj))
    assert page.status_code == 200
    assert b'name="_save"' not in page.content

    assert viewer_client.post(change_url(prefix, obj), {"_save": "Save"}).status_code == 403
    delete_url = reverse(f"admin:{prefix}_delete", args=[quote(obj.pk)])
    assert viewer_client.post(delete_url, {"post": "yes"}).status_code == 403
    viewer_client.post(
        reverse(f"admin:{prefix}_changelist"),
        {"action": "delete_selected", "_selected_action": [str(obj.pk)], "post": "yes"},
    )
    assert viewer_client.get(reverse(f"admin:{prefix}_add")).status_code == 403
    assert row_state(obj) == before


def test_viewer_sees_json_pretty_printed(viewer_client):
    team = factories.TeamFactory(metadata={"owner": "ml-platform", "tier": 2})
    page = viewer_client.get(change_url("teams_team", team)).content.decode()
    assert '<pre class="json-display">{\n  &quot;owner&quot;: &quot;ml-platform&quot;' in page


@pytest.mark.parametrize("persona", ["internal_user", "internal_viewer", "team_admin", "outsider"])
def test_non_admin_roles_get_no_admin(client, request, persona):
    sign_in(client, request.getfixturevalue(persona))
    team = factories.TeamFactory()
    for url in ("/admin/", reverse("admin:teams_team_changelist"), change_url("teams_team", team)):
        response = client.get(url)
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert "login" in response["Location"]


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "login" in response["Location"]


# --- How writes reach the database --------------------------------------------------------------


def test_saving_a_team_writes_only_changed_columns(admin_client_):
    team = factories.TeamFactory(team_alias="Before", metadata={"owner": "ml"})
    page = admin_client_.get(change_url("teams_team", team))
    assert page.status_code == 200

    def proxy_adds_spend(sender, instance, **kwargs):
        # The proxy's batched `spend = spend + x` lands after the admin loaded the row.
        with connection.cursor() as cursor:
            cursor.execute(
                'UPDATE "LiteLLM_TeamTable" SET spend = spend + 5 WHERE team_id = %s',
                [instance.team_id],
            )

    pre_save.connect(proxy_adds_spend, sender=Team)
    try:
        with CaptureQueriesContext(connection) as queries:
            response = admin_client_.post(
                change_url("teams_team", team), change_form_data(page, team_alias="After")
            )
    finally:
        pre_save.disconnect(proxy_adds_spend, sender=Team)
    assert response.status_code == 302, response.content.decode()[:2000]

    team.refresh_from_db()
    assert team.team_alias == "After"
    assert team.spend == 5
    updates = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "LiteLLM_TeamTable" SET "')]
    assert len(updates) == 1
    assert '"team_alias"' in updates[0] and '"updated_at"' in updates[0]
    assert '"spend"' not in updates[0] and '"metadata"' not in updates[0]
    entry = AuditLog.objects.get(object_id=team.team_id, action="updated")
    assert entry.changed_by == "persona-admin"
    assert entry.after == {"team_alias": "After"} | {"updated_at": entry.after["updated_at"]}


def test_saving_unchanged_form_writes_nothing(admin_client_):
    team = factories.TeamFactory(metadata={"owner": "ml"}, members_with_roles={})
    page = admin_client_.get(change_url("teams_team", team))
    with CaptureQueriesContext(connection) as queries:
        response = admin_client_.post(change_url("teams_team", team), change_form_data(page))
    assert response.status_code == 302
    assert not [q for q in queries if q["sql"].startswith('UPDATE "LiteLLM_TeamTable"')]


def test_budget_add_and_change_record_the_acting_user(admin_client_):
    data = {"max_budget": "50", "budget_duration": "7d", "model_max_budget": "null"}
    data |= {"budget_reset_at_0": "", "budget_reset_at_1": "", "_save": "Save"}
    response = admin_client_.post(reverse("admin:budgets_budget_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    budget = Budget.objects.get(max_budget=50)
    assert (budget.created_by, budget.updated_by) == ("persona-admin", "persona-admin")

    budget.created_by = budget.updated_by = "someone-else"
    budget.save(update_fields=["created_by", "updated_by"])
    page = admin_client_.get(change_url("budgets_budget", budget))
    response = admin_client_.post(
        change_url("budgets_budget", budget), change_form_data(page, max_budget="60")
    )
    assert response.status_code == 302
    budget.refresh_from_db()
    assert (budget.max_budget, budget.created_by, budget.updated_by) == (
        60,
        "someone-else",
        "persona-admin",
    )


def test_bulk_delete_deletes_object_by_object(admin_client_, monkeypatch):
    teams = [factories.TeamFactory(), factories.TeamFactory()]
    keep = factories.TeamFactory()
    deleted = []
    original_delete = Team.delete

    def spy(self, *args, **kwargs):
        deleted.append(self.pk)
        return original_delete(self, *args, **kwargs)

    monkeypatch.setattr(Team, "delete", spy)
    response = admin_client_.post(
        reverse("admin:teams_team_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [t.pk for t in teams],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert sorted(deleted) == sorted(t.pk for t in teams)
    audited = AuditLog.objects.filter(action="deleted", table_name="LiteLLM_TeamTable")
    assert sorted(audited.values_list("object_id", flat=True)) == sorted(t.pk for t in teams)
    assert set(audited.values_list("changed_by", flat=True)) == {"persona-admin"}
    assert list(Team.objects.values_list("pk", flat=True)) == [keep.pk]


def test_user_password_never_appears(admin_client_):
    user = factories.ProxyUserFactory(password_format="sha256")
    page = admin_client_.get(change_url("users_proxyuser", user)).content.decode()
    assert user.password not in page
    assert user.password_plain not in page
    assert 'name="password"' not in page
    add = admin_client_.get(reverse("admin:users_proxyuser_add")).content.decode()
    assert 'name="password"' not in add


def test_user_id_is_read_only_once_the_user_exists(admin_client_):
    user = factories.ProxyUserFactory()
    page = admin_client_.get(change_url("users_proxyuser", user)).content.decode()
    assert 'name="user_id"' not in page
    assert 'name="user_email"' in page


def test_key_hash_and_spend_are_read_only(admin_client_):
    key = factories.VirtualKeyFactory()
    page = admin_client_.get(change_url("keys_virtualkey", key)).content.decode()
    for column in ("token", "key_name", "spend", "model_spend"):
        assert f'name="{column}"' not in page
    assert key.token in page
    assert 'name="key_alias"' in page


def test_ui_session_keys_are_hidden(admin_client_):
    visible = factories.VirtualKeyFactory(team_id="team-1")
    session = factories.VirtualKeyFactory(team_id="litellm-dashboard")
    page = admin_client_.get(reverse("admin:keys_virtualkey_changelist")).content.decode()
    assert change_url("keys_virtualkey", visible) in page
    assert change_url("keys_virtualkey", session) not in page


def test_deployment_params_are_shown_as_stored_and_read_only(admin_client_):
    deployment = factories.ModelDeploymentFactory(
        litellm_params={"model": "bm9uY2UrY2lwaGVydGV4dA==", "rpm": 100}
    )
    page = admin_client_.get(change_url("deployments_modeldeployment", deployment))
    html = page.content.decode()
    assert 'name="litellm_params"' not in html
    assert "bm9uY2UrY2lwaGVydGV4dA==" in html
    assert 'name="model_name"' in html


def test_encrypted_settings_section_is_read_only(admin_client_):
    env = factories.ProxySettingFactory(
        param_name="environment_variables", param_value={"OPENAI_API_KEY": "Y2lwaGVy"}
    )
    general = factories.ProxySettingFactory(param_name="general_settings")
    assert (
        'name="param_value"'
        not in admin_client_.get(change_url("proxy_settings_proxysetting", env)).content.decode()
    )
    assert (
        'name="param_value"'
        in admin_client_.get(change_url("proxy_settings_proxysetting", general)).content.decode()
    )
    assert ProxySetting.objects.count() == 2


# --- Search -------------------------------------------------------------------------------------


def changelist(client, prefix: str, **params) -> str:
    response = client.get(reverse(f"admin:{prefix}_changelist"), params, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_a_pasted_raw_key_is_swapped_for_its_hash_and_never_echoed(admin_client_):
    key = factories.VirtualKeyFactory(key_alias="echo-check")
    response = admin_client_.get("/admin/keys/virtualkey/", {"q": key.raw_key})
    assert response.status_code == 302
    assert key.raw_key not in response["Location"]
    assert key.token in response["Location"]
    page = admin_client_.get(response["Location"]).content.decode()
    assert key.raw_key not in page
    assert "echo-check" in page


def test_search_users_by_email(admin_client_):
    alice = factories.ProxyUserFactory(user_id="u-alice", user_email="alice@corp.example")
    bob = factories.ProxyUserFactory(user_id="u-bob", user_email="bob@corp.example")
    page = changelist(admin_client_, "users_proxyuser", q="alice@corp")
    assert change_url("users_proxyuser", alice) in page
    assert change_url("users_proxyuser", bob) not in page


def test_search_teams_by_alias(admin_client_):
    research = factories.TeamFactory(team_alias="Research")
    sales = factories.TeamFactory(team_alias="Sales")
    page = changelist(admin_client_, "teams_team", q="resea")
    assert change_url("teams_team", research) in page
    assert change_url("teams_team", sales) not in page


def test_search_keys_by_raw_key_alias_and_hash(admin_client_):
    wanted = factories.VirtualKeyFactory(key_alias="billing-service")
    other = factories.VirtualKeyFactory(key_alias="search-service")
    for term in (wanted.raw_key, "billing", wanted.token):
        page = changelist(admin_client_, "keys_virtualkey", q=term)
        assert change_url("keys_virtualkey", wanted) in page, term
        assert change_url("keys_virtualkey", other) not in page, term


def test_search_spend_logs_exactly(admin_client_):
    key = factories.VirtualKeyFactory()
    mine = factories.SpendLogFactory(api_key=key.token, user="u-1")
    other = factories.SpendLogFactory(user="u-10")
    for term in (key.raw_key, mine.request_id, "u-1"):
        page = changelist(admin_client_, "spend_spendlog", q=term)
        assert change_url("spend_spendlog", mine) in page, term
        assert change_url("spend_spendlog", other) not in page, term


def test_audit_filters(admin_client_):
    created = factories.AuditLogFactory(action="created", table_name="LiteLLM_TeamTable")
    deleted = factories.AuditLogFactory(action="deleted", table_name="LiteLLM_UserTable")
    page = changelist(admin_client_, "audit_auditlog", action="deleted")
    assert change_url("audit_auditlog", deleted) in page
    assert change_url("audit_auditlog", created) not in page
    page = changelist(admin_client_, "audit_auditlog", table="LiteLLM_TeamTable")
    assert change_url("audit_auditlog", created) in page
    assert change_url("audit_auditlog", deleted) not in page


def test_audit_shows_json_stored_as_a_string_decoded(admin_client_):
    entry = factories.AuditLogFactory(
        before_value='{"team_alias": "old"}', updated_values={"team_alias": "new"}
    )
    page = admin_client_.get(change_url("audit_auditlog", entry)).content.decode()
    assert "&quot;team_alias&quot;: &quot;old&quot;" in page
    assert "&quot;team_alias&quot;: &quot;new&quot;" in page


# --- Big log tables -----------------------------------------------------------------------------


def spend_logs(count: int, start: dt.datetime) -> None:
    for n in range(count):
        factories.SpendLogFactory(start_time=start + dt.timedelta(hours=7 * n))


def test_spend_log_changelist_query_count_is_bounded(admin_client_, django_assert_max_num_queries):
    url = reverse("admin:spend_spendlog_changelist")
    start = timezone.now() - dt.timedelta(days=3)
    spend_logs(3, start)
    with django_assert_max_num_queries(10):
        assert admin_client_.get(url).status_code == 200
    spend_logs(120, start - dt.timedelta(days=60))
    with django_assert_max_num_queries(10):
        assert admin_client_.get(url).status_code == 200
    with django_assert_max_num_queries(10):
        assert admin_client_.get(url, {"q": "u-none"}).status_code == 200


def test_log_lists_refuse_sorting_by_unindexed_columns(admin_client_):
    factories.SpendLogFactory()
    spend_column = SpendLogAdmin.list_display.index("spend")
    with CaptureQueriesContext(connection) as queries:
        response = admin_client_.get(
            reverse("admin:spend_spendlog_changelist"), {"o": f"-{spend_column}"}
        )
    assert response.status_code == 200
    orderings = [
        q["sql"].split("ORDER BY")[-1] for q in queries if 'FROM "LiteLLM_SpendLogs"' in q["sql"]
    ]
    assert orderings
    assert not [o for o in orderings if '"spend"' in o]


def test_invitation_add_records_the_inviting_admin(admin_client_):
    invitee = factories.ProxyUserFactory(user_id="invitee")
    page = admin_client_.get(reverse("admin:invitations_invitation_add"))
    response = admin_client_.post(
        reverse("admin:invitations_invitation_add"), change_form_data(page, user="invitee")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    invitation = invitee.invitations.get()
    assert (invitation.created_by_id, invitation.updated_by_id) == ("persona-admin",) * 2
    assert invitation.expires_at > timezone.now() + dt.timedelta(days=6)


def test_date_hierarchy_probes_periods_without_distinct(admin_client_):
    url = reverse("admin:spend_spendlog_changelist")
    march = dt.datetime(2024, 3, 5, 23, 30, tzinfo=dt.UTC)
    factories.SpendLogFactory(start_time=march)
    factories.SpendLogFactory(start_time=march + dt.timedelta(days=2))
    factories.SpendLogFactory(start_time=dt.datetime(2023, 11, 1, 12, tzinfo=dt.UTC))
    with CaptureQueriesContext(connection) as queries:
        top = admin_client_.get(url).content.decode()
    assert "?start_time__year=2023" in top and "?start_time__year=2024" in top
    assert not [q for q in queries if "DISTINCT" in q["sql"].upper()]

    months = admin_client_.get(url, {"start_time__year": "2024"}).content.decode()
    assert "start_time__month=3" in months and "start_time__month=4" not in months

    days = admin_client_.get(url, {"start_time__year": "2024", "start_time__month": "3"})
    html = days.content.decode()
    assert "start_time__day=5" in html and "start_time__day=7" in html
    assert "start_time__day=6" not in html


def test_date_hierarchy_cuts_days_in_the_active_time_zone(admin_client_, settings):
    settings.TIME_ZONE = "America/New_York"
    # 02:30 UTC on 6 March is still 5 March in New York.
    factories.SpendLogFactory(start_time=dt.datetime(2024, 3, 6, 2, 30, tzinfo=dt.UTC))
    factories.SpendLogFactory(start_time=dt.datetime(2024, 3, 20, 12, tzinfo=dt.UTC))
    url = reverse("admin:spend_spendlog_changelist")
    html = admin_client_.get(
        url, {"start_time__year": "2024", "start_time__month": "3"}
    ).content.decode()
    assert "start_time__day=5" in html and "start_time__day=6" not in html


def test_paginator_counts_exactly_while_small():
    spend_logs(5, timezone.now() - dt.timedelta(days=1))
    paginator = LargeTablePaginator(SpendLog.objects.order_by("-start_time"), 2)
    assert (paginator.count, paginator.num_pages) == (5, 3)


def test_paginator_estimates_and_caps_pages_on_a_big_table():
    spend_logs(9, timezone.now() - dt.timedelta(days=1))
    with connection.cursor() as cursor:
        cursor.execute('ANALYZE "LiteLLM_SpendLogs"')
    assert estimated_row_count(SpendLog) == 9

    paginator = LargeTablePaginator(SpendLog.objects.order_by("-start_time"), 2)
    paginator.max_pages = 2
    with CaptureQueriesContext(connection) as queries:
        assert paginator.count == 9
    assert not [q for q in queries if "LIMIT" not in q["sql"] and "COUNT" in q["sql"].upper()]
    assert paginator.num_pages == 2

    filtered = LargeTablePaginator(SpendLog.objects.filter(model="gpt-4o-mini"), 2)
    filtered.max_pages = 2
    assert filtered.count >= 5
    assert filtered.num_pages == 2


def test_spend_columns_are_shown_as_dollars(admin_client_):
    factories.VirtualKeyFactory(key_alias="priced-key")
    with connection.cursor() as cursor:
        cursor.execute(
            'UPDATE "LiteLLM_VerificationToken" SET spend = 3.8426183499999986 '
            "WHERE key_alias = 'priced-key'"
        )
    html = admin_client_.get("/admin/keys/virtualkey/").content.decode()
    assert "$3.84" in html
    assert "3.8426183499999986" not in html


def test_mirrored_django_users_and_groups_are_not_offered(admin_client_):
    assert admin_client_.get("/admin/auth/user/").status_code == 404
    assert admin_client_.get("/admin/auth/group/").status_code == 404


def test_users_cannot_be_deleted_in_the_admin(admin_client_):
    user = factories.ProxyUserFactory(user_id="leaving@corp.example")
    factories.VirtualKeyFactory(user_id=user.user_id)
    response = admin_client_.post(change_url("users_proxyuser", user).replace("change", "delete"))
    assert response.status_code == 403
    assert ProxyUser.objects.filter(pk=user.pk).exists()


def test_the_proxy_admin_row_keeps_its_role(admin_client_):
    row = factories.ProxyUserFactory(user_id="default_user_id", user_role="proxy_admin")
    page = admin_client_.get(change_url("users_proxyuser", row)).content.decode()
    assert 'name="user_role"' not in page


def test_a_delete_postgresql_refuses_is_a_message_not_a_500(admin_client_, litellm_layout):
    if litellm_layout != "latest":
        pytest.skip("LiteLLM_OrganizationMembership exists only in current LiteLLM")
    org = factories.OrganizationFactory()
    member = factories.ProxyUserFactory()
    with connection.cursor() as cursor:
        cursor.execute(
            'INSERT INTO "LiteLLM_OrganizationMembership" (user_id, organization_id) '
            "VALUES (%s, %s)",
            [member.user_id, org.organization_id],
        )
    url = change_url("organizations_organization", org).replace("change", "delete")
    admin_client_.raise_request_exception = False
    response = admin_client_.post(url, {"post": "yes"}, follow=True)
    assert response.status_code == 200
    assert "Nothing was deleted" in response.content.decode()
    assert Organization.objects.filter(pk=org.pk).exists()


def test_a_budget_period_is_checked_spelled_for_litellm_and_gets_its_reset_time(admin_client_):
    from apps.keys.models import VirtualKey

    key = factories.VirtualKeyFactory(key_alias="period-key")
    url = change_url("keys_virtualkey", key)

    bad = admin_client_.post(
        url, change_form_data(admin_client_.get(url), budget_duration="2 weeks")
    )
    assert bad.status_code == 200
    assert "Use a number and a unit" in bad.content.decode()
    assert VirtualKey.objects.get(pk=key.pk).budget_duration is None

    good = admin_client_.post(url, change_form_data(admin_client_.get(url), budget_duration="2w"))
    assert good.status_code == 302
    saved = VirtualKey.objects.get(pk=key.pk)
    assert saved.budget_duration == "14d"  # mid-2024 LiteLLM knows no weeks
    assert saved.budget_reset_at is not None and saved.budget_reset_at > dt.datetime.now(dt.UTC)

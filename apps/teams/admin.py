from django.contrib import admin
from django.contrib.admin.utils import quote
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from apps.teams.models import ModelAliasSet, Team, TeamMembership
from litellm_console.admin_utils import EMPTY, ConsoleModelAdmin

# TeamMembership has a composite primary key (user_id, team_id). Django 5.2's admin refuses
# such models (`AdminSite.register` raises ImproperlyConfigured: admin URLs carry one object
# id), so memberships are listed read-only on the team and user change pages instead.


def membership_table(memberships: QuerySet[TeamMembership], *, show: str) -> str:
    """Memberships as a small table: the other side (`show` = "user" or "team"), spend, budget.

    Ids link to their admin change pages.
    """
    rows = list(memberships.select_related("budget").order_by("team_id", "user_id"))
    if not rows:
        return EMPTY
    url_name = "admin:users_proxyuser_change" if show == "user" else "admin:teams_team_change"

    def link(name: str, pk, text):
        return format_html('<a href="{}">{}</a>', reverse(name, args=[quote(pk)]), text)

    def cells(membership):
        other = membership.user_id if show == "user" else membership.team_id
        budget = membership.budget
        return (
            link(url_name, other, other),
            membership.spend,
            link("admin:budgets_budget_change", budget.pk, budget) if budget else EMPTY,
        )

    return format_html(
        "<table><thead><tr><th>{}</th><th>spend (USD)</th><th>budget</th></tr></thead>"
        "<tbody>{}</tbody></table>",
        show,
        format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", map(cells, rows)),
    )


@admin.register(Team)
class TeamAdmin(ConsoleModelAdmin):
    """Teams. Editing `members_with_roles` here changes that column only: the console's member
    pages also keep each user's `teams` list and membership budget rows in step."""

    list_display = (
        "team_alias",
        "team_id",
        "organization",
        "spend",
        "max_budget",
        "budget_duration",
        "blocked",
        "created_at",
    )
    list_filter = ("blocked", "organization")
    search_fields = ("team_alias", "team_id")
    autocomplete_fields = ("organization",)
    raw_id_fields = ("model_aliases",)
    readonly_fields = (
        "team_id",
        "spend",
        "model_spend",
        "memberships",
        "created_at",
        "updated_at",
    )

    @admin.display(description="member budgets (LiteLLM_TeamMembership)")
    def memberships(self, obj):
        return membership_table(TeamMembership.objects.filter(team_id=obj.team_id), show="user")


@admin.register(ModelAliasSet)
class ModelAliasSetAdmin(ConsoleModelAdmin):
    list_display = ("id", "aliases", "team", "created_at", "created_by")
    list_select_related = ("team",)
    search_fields = ("id__exact", "team__team_alias", "team__team_id")
    readonly_fields = ("created_at", "created_by", "updated_at", "updated_by")

    @admin.display(description="aliases")
    def aliases(self, obj):
        value = obj.model_aliases
        if not isinstance(value, dict) or not value:
            return EMPTY
        return ", ".join(f"{alias} → {model}" for alias, model in sorted(value.items()))

    @admin.display(description="team")
    def team(self, obj):
        try:
            return obj.team
        except Team.DoesNotExist:
            return EMPTY

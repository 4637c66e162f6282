"""Management commands built on AuditedCommand record their writes under a named actor."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from apps.audit.commands import AuditedCommand
from apps.audit.context import current, fallback_actor
from apps.audit.models import AuditLog
from apps.teams.models import Team
from tests import factories

pytestmark = pytest.mark.django_db


class RenameTeam(AuditedCommand):
    help = "Rename a team (test command)."

    def add_arguments(self, parser):
        parser.add_argument("team_id")
        parser.add_argument("alias")

    def handle(self, *args, **options):
        self.seen_actor = current().changed_by
        team = Team.objects.get(pk=options["team_id"])
        team.team_alias = options["alias"]
        team.save(update_fields=["team_alias"])


class CreateCustomer(AuditedCommand):
    def add_arguments(self, parser):
        parser.add_argument("customer_id")

    def handle(self, *args, **options):
        factories.CustomerFactory(user_id=options["customer_id"])


def _updated_row(team) -> AuditLog:
    (row,) = AuditLog.objects.filter(
        table_name="LiteLLM_TeamTable", object_id=team.team_id, action="updated"
    )
    return row


def test_command_write_is_recorded_as_system_and_the_command_name():
    team = factories.TeamFactory(team_alias="before")
    command = RenameTeam()
    call_command(command, team.team_id, "after")
    # call_command names an instance after its module (as manage.py names it after its file).
    assert command.seen_actor == "system:test_commands"
    row = _updated_row(team)
    assert row.changed_by == "system:test_commands"
    assert row.updated_values["team_alias"] == "after"
    assert current().changed_by == fallback_actor()  # nothing stays bound afterwards


def test_command_run_as_manage_py_subcommand_is_named_after_the_subcommand():
    team = factories.TeamFactory(team_alias="before")
    command = RenameTeam()
    # What run_from_argv does, without closing the test's database connection.
    parser = command.create_parser("manage.py", "rename_team")
    options = parser.parse_args([team.team_id, "after"])
    cmd_options = vars(options)
    args = cmd_options.pop("args", ())
    command.execute(*args, **cmd_options)
    assert _updated_row(team).changed_by == "system:rename_team"


@pytest.mark.parametrize(
    "how",
    [
        lambda cmd, team: call_command(cmd, team.team_id, "after", actor="alice@example.com"),
        lambda cmd, team: call_command(cmd, team.team_id, "after", "--actor", "alice@example.com"),
        lambda cmd, team: call_command(cmd, team.team_id, "after", "--actor=alice@example.com"),
    ],
    ids=["option", "argv", "argv-equals"],
)
def test_actor_option_names_who_the_audit_log_records(how):
    team = factories.TeamFactory(team_alias="before")
    command = RenameTeam()
    how(command, team)
    assert command.seen_actor == "alice@example.com"
    assert _updated_row(team).changed_by == "alice@example.com"


def test_create_in_a_command_is_audited_under_the_command():
    call_command(CreateCustomer(), "cust-from-command", actor="ops-bot")
    (row,) = AuditLog.objects.filter(table_name="LiteLLM_EndUserTable")
    assert (row.action, row.object_id, row.changed_by) == (
        "created",
        "cust-from-command",
        "ops-bot",
    )


def test_actor_option_is_listed_in_help():
    parser = RenameTeam().create_parser("manage.py", "rename_team")
    text = parser.format_help()
    assert "--actor" in text and "system:rename_team" in text

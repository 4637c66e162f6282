"""Role helpers: who reads and who writes everything."""

import pytest

from litellm_console.compat import roles
from litellm_console.compat.roles import UserRole


def test_role_values_are_litellms():
    assert [r.value for r in UserRole] == [
        "proxy_admin",
        "proxy_admin_viewer",
        "internal_user",
        "internal_user_viewer",
        "org_admin",
    ]
    assert UserRole.PROXY_ADMIN == "proxy_admin"


@pytest.mark.parametrize(
    ("role", "admin", "viewer", "writes", "reads"),
    [
        ("proxy_admin", True, False, True, True),
        ("proxy_admin_viewer", False, True, False, True),
        ("internal_user", False, False, False, False),
        ("internal_user_viewer", False, False, False, False),
        ("org_admin", False, False, False, False),
        (None, False, False, False, False),
        ("", False, False, False, False),
        ("PROXY_ADMIN", False, False, False, False),
    ],
)
def test_role_helpers(role, admin, viewer, writes, reads):
    assert roles.is_admin(role) is admin
    assert roles.is_admin_viewer(role) is viewer
    assert roles.can_write_everything(role) is writes
    assert roles.reads_everything(role) is reads


def test_labels_and_choices():
    assert UserRole.PROXY_ADMIN.label == "Admin (All Permissions)"
    assert dict(roles.USER_ROLE_CHOICES)["internal_user_viewer"] == "Internal User (View Only)"
    assert len(roles.USER_ROLE_CHOICES) == len(UserRole)
    assert roles.role_label("team") == "team"
    assert roles.role_label(None) == "No role"
    assert roles.is_known_role("org_admin")
    assert not roles.is_known_role("team")


def test_special_values():
    assert roles.DEFAULT_USER_ID == "default_user_id"
    assert roles.PROXY_BUDGET_USER_ID == "litellm-proxy-budget"
    assert roles.UI_SESSION_TEAM_ID == "litellm-dashboard"
    assert roles.TeamRole.ADMIN == "admin" and roles.TeamRole.USER == "user"
    assert roles.is_special_model_entry("all-team-models")
    assert roles.is_special_model_entry("all-proxy-models")
    assert not roles.is_special_model_entry("gpt-4o")

"""Roles and the special ids and model entries LiteLLM gives meaning to.

``LiteLLM_UserTable.user_role`` holds one of ``UserRole``; team membership roles live in the
JSONB array ``LiteLLM_TeamTable.members_with_roles`` as ``{"role": "admin"|"user", ...}``.
"""

from __future__ import annotations

from enum import StrEnum


class UserRole(StrEnum):
    """Values of ``LiteLLM_UserTable.user_role``."""

    PROXY_ADMIN = "proxy_admin"
    PROXY_ADMIN_VIEWER = "proxy_admin_viewer"
    INTERNAL_USER = "internal_user"
    INTERNAL_USER_VIEWER = "internal_user_viewer"
    # Current LiteLLM only; a mid-2024 proxy does not know it.
    ORG_ADMIN = "org_admin"

    @property
    def label(self) -> str:
        """The human name LiteLLM's UI uses for this role."""
        return USER_ROLE_LABELS[self]


# The labels follow LiteLLM's /user/available_roles, so users see the names they know.
USER_ROLE_LABELS: dict[str, str] = {
    UserRole.PROXY_ADMIN: "Admin (All Permissions)",
    UserRole.PROXY_ADMIN_VIEWER: "Admin (View Only)",
    UserRole.INTERNAL_USER: "Internal User (Create/Delete/View)",
    UserRole.INTERNAL_USER_VIEWER: "Internal User (View Only)",
    UserRole.ORG_ADMIN: "Org Admin",
}

# Ready for a form field's ``choices``; the module stays free of Django imports.
USER_ROLE_CHOICES: list[tuple[str, str]] = [
    (str(role), USER_ROLE_LABELS[role]) for role in UserRole
]

ADMIN_ROLES: frozenset[str] = frozenset({UserRole.PROXY_ADMIN, UserRole.PROXY_ADMIN_VIEWER})


class TeamRole(StrEnum):
    """The ``role`` of an entry in ``LiteLLM_TeamTable.members_with_roles``."""

    ADMIN = "admin"
    USER = "user"


TEAM_ROLE_CHOICES: list[tuple[str, str]] = [
    (TeamRole.ADMIN.value, "Team admin"),
    (TeamRole.USER.value, "Member"),
]

# The proxy admin that master-key and UI_USERNAME logins act as.
DEFAULT_USER_ID = "default_user_id"
# A pseudo-user whose spend row tracks the proxy's global spend; not a person.
PROXY_BUDGET_USER_ID = "litellm-proxy-budget"
# Keys of this team are LiteLLM UI session keys, not keys anybody created: hide them.
UI_SESSION_TEAM_ID = "litellm-dashboard"

# Entries of a key's or team's ``models`` array that are not model names. An empty array
# means "all models".
ALL_TEAM_MODELS = "all-team-models"
ALL_PROXY_MODELS = "all-proxy-models"
SPECIAL_MODEL_ENTRIES: frozenset[str] = frozenset({ALL_TEAM_MODELS, ALL_PROXY_MODELS})

# User rows that the proxy itself relies on and a console must never delete or demote.
SYSTEM_USER_IDS: frozenset[str] = frozenset({DEFAULT_USER_ID, PROXY_BUDGET_USER_ID})


def is_known_role(role: str | None) -> bool:
    """Return True if ``role`` is one of ``UserRole`` (rows may hold others or null)."""
    return role in USER_ROLE_LABELS


def role_label(role: str | None) -> str:
    """Return the human label for ``role``, or the raw value (or "No role") if unknown."""
    if role is None or role == "":
        return "No role"
    return USER_ROLE_LABELS.get(role, role)


def is_admin(role: str | None) -> bool:
    """Return True for ``proxy_admin``, the only role allowed to do everything."""
    return role == UserRole.PROXY_ADMIN


def is_admin_viewer(role: str | None) -> bool:
    """Return True for ``proxy_admin_viewer``: sees everything, changes nothing."""
    return role == UserRole.PROXY_ADMIN_VIEWER


def can_write_everything(role: str | None) -> bool:
    """Return True if ``role`` may change any row, not just its own keys or teams."""
    return is_admin(role)


def reads_everything(role: str | None) -> bool:
    """Return True if ``role`` may see every key, user, team and spend row."""
    return role in ADMIN_ROLES


def is_special_model_entry(model: str | None) -> bool:
    """Return True for ``all-team-models`` / ``all-proxy-models``, which are not model names."""
    return model in SPECIAL_MODEL_ENTRIES

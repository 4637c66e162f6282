"""Who may see and who may change what: the one module every view asks.

The answer for objects a user may not see is 404 (their existence is not revealed); for
objects they may see but not change it is 403. Rules by role (LiteLLM's semantics):

- proxy_admin: sees and changes everything.
- proxy_admin_viewer: sees everything, changes nothing.
- internal_user: sees their own keys, their teams, their own user row and spend; creates and
  deletes their own keys. As a team admin (`role: admin` in the team's members_with_roles) they
  also see and change the team, its keys and its members.
- internal_user_viewer: sees their own things, changes nothing.
- anyone else (no role, unknown role): their own user row only.

Per-model rules live in `_RULES` below: a model without a rule is admin-only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404

from litellm_console.compat import roles


@dataclass
class Actor:
    """The signed-in LiteLLM user as the access rules see them."""

    user_id: str | None
    role: str | None
    team_ids: tuple[str, ...] = ()

    @property
    def reads_everything(self) -> bool:
        return roles.reads_everything(self.role)

    @property
    def writes_everything(self) -> bool:
        return roles.can_write_everything(self.role)

    @property
    def has_own_things(self) -> bool:
        """Internal users (and viewers) have keys, teams and spend; other roles only a row."""
        return self.role in (
            roles.UserRole.INTERNAL_USER,
            roles.UserRole.INTERNAL_USER_VIEWER,
            roles.UserRole.ORG_ADMIN,
        )

    @property
    def may_write_own(self) -> bool:
        """Internal users may change their own things; viewers may not."""
        return self.role in (roles.UserRole.INTERNAL_USER, roles.UserRole.ORG_ADMIN)

    @cached_property
    def admin_team_ids(self) -> tuple[str, ...]:
        from apps.teams.models import Team

        if not self.user_id or not self.may_write_own:
            return ()
        return tuple(
            Team.objects.filter(
                members_with_roles__contains=[{"user_id": self.user_id, "role": "admin"}]
            ).values_list("team_id", flat=True)
        )

    @cached_property
    def member_team_ids(self) -> tuple[str, ...]:
        from apps.teams.models import Team

        if not self.user_id:
            return ()
        listed = Team.objects.filter(members_with_roles__contains=[{"user_id": self.user_id}])
        return tuple(set(self.team_ids) | set(listed.values_list("team_id", flat=True)))


def actor_for(request) -> Actor:
    """The Actor for a request (cached on it); anonymous requests get an Actor with no rights."""
    cached = getattr(request, "_access_actor", None)
    if cached is not None:
        return cached
    proxy_user = getattr(request, "proxy_user", None)
    if proxy_user is None:
        actor = Actor(user_id=None, role=None)
    else:
        actor = Actor(
            user_id=proxy_user.user_id,
            role=proxy_user.user_role,
            team_ids=tuple(proxy_user.teams or ()),
        )
    request._access_actor = actor
    return actor


# --- per-model rules: (who may see, who may change) as Q objects -----------------------------

Rule = Callable[[Actor], Q]
_NOTHING = Q(pk__in=[])


def _key_visible(a: Actor) -> Q:
    return Q(user_id=a.user_id) | Q(team_id__in=a.admin_team_ids)


def _key_changeable(a: Actor) -> Q:
    if not a.may_write_own:
        return _NOTHING
    return Q(user_id=a.user_id) | Q(team_id__in=a.admin_team_ids)


def _team_visible(a: Actor) -> Q:
    return Q(team_id__in=a.member_team_ids)


def _team_changeable(a: Actor) -> Q:
    return Q(team_id__in=a.admin_team_ids)


def _user_visible(a: Actor) -> Q:
    q = Q(user_id=a.user_id)
    for team_id in a.admin_team_ids:
        q |= Q(teams__contains=[team_id])
    return q


def _spend_visible(a: Actor) -> Q:
    return Q(user=a.user_id) | Q(team_id__in=a.admin_team_ids)


def _rules() -> dict[type[models.Model], tuple[Rule, Rule]]:
    from apps.keys.models import VirtualKey
    from apps.spend.models import SpendLog
    from apps.teams.models import Team, TeamMembership
    from apps.users.models import ProxyUser

    return {
        VirtualKey: (_key_visible, _key_changeable),
        Team: (_team_visible, _team_changeable),
        TeamMembership: (
            lambda a: Q(user_id=a.user_id) | Q(team_id__in=a.admin_team_ids),
            lambda a: Q(team_id__in=a.admin_team_ids),
        ),
        ProxyUser: (_user_visible, lambda a: _NOTHING),
        SpendLog: (_spend_visible, lambda a: _NOTHING),
    }


def visible(request, queryset: models.QuerySet) -> models.QuerySet:
    """`queryset` narrowed to what the signed-in user may see."""
    actor = actor_for(request)
    if actor.reads_everything:
        return queryset
    if actor.user_id is None:
        return queryset.none()
    if not actor.has_own_things:
        own_row_only = queryset.model is _user_model()
        return queryset.filter(user_id=actor.user_id) if own_row_only else queryset.none()
    rule = _rules().get(queryset.model)
    if rule is None:
        return queryset.none()
    return queryset.filter(rule[0](actor))


def _user_model():
    from apps.users.models import ProxyUser

    return ProxyUser


def changeable(request, queryset: models.QuerySet) -> models.QuerySet:
    """`queryset` narrowed to what the signed-in user may change (or delete)."""
    actor = actor_for(request)
    if actor.writes_everything:
        return queryset
    if actor.reads_everything or not actor.has_own_things or actor.user_id is None:
        return queryset.none()
    rule = _rules().get(queryset.model)
    if rule is None:
        return queryset.none()
    return queryset.filter(rule[0](actor) & rule[1](actor))


def can_see_model(request, model: type[models.Model]) -> bool:
    """May the user open the list of this kind of object at all?"""
    actor = actor_for(request)
    return actor.reads_everything or (actor.has_own_things and model in _rules())


def can_create(request, model: type[models.Model]) -> bool:
    """May the user create this kind of object? (Own keys for internal users; else admins.)"""
    from apps.keys.models import VirtualKey

    actor = actor_for(request)
    if actor.writes_everything:
        return True
    return model is VirtualKey and actor.may_write_own


def can_change(request, obj: models.Model) -> bool:
    """May the user change (or delete) this object?"""
    return changeable(request, type(obj)._default_manager.filter(pk=obj.pk)).exists()


def get_visible_or_404(request, queryset: models.QuerySet, **lookup) -> models.Model:
    """The object, or 404 when it does not exist or the user may not see it."""
    if any(isinstance(v, str) and "\x00" in v for v in lookup.values()):
        # PostgreSQL text cannot hold NUL, so no row has such an id.
        raise Http404(f"No {queryset.model._meta.verbose_name} found.")
    try:
        return visible(request, queryset).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404(f"No {queryset.model._meta.verbose_name} found.") from exc


def get_changeable_or_403(request, queryset: models.QuerySet, **lookup) -> models.Model:
    """The object for a change: 404 if the user may not see it, 403 if they may not change it."""
    obj = get_visible_or_404(request, queryset, **lookup)
    if not can_change(request, obj):
        raise PermissionDenied(
            f"You may view this {queryset.model._meta.verbose_name} but not change it."
        )
    return obj

"""The access helpers (litellm_console/access.py) for each persona."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from apps.keys.models import VirtualKey
from apps.teams.models import Team
from apps.users.models import ProxyUser
from litellm_console import access
from tests.factories import ProxyUserFactory, TeamFactory, VirtualKeyFactory

pytestmark = pytest.mark.django_db


def request_as(persona):
    """A fresh request (the actor is cached per request) signed in as `persona`."""
    request = RequestFactory().get("/")
    request.proxy_user = persona
    return request


def visible_tokens(persona) -> set[str]:
    return set(
        access.visible(request_as(persona), VirtualKey.objects.all()).values_list(
            "token", flat=True
        )
    )


def changeable_tokens(persona) -> set[str]:
    return set(
        access.changeable(request_as(persona), VirtualKey.objects.all()).values_list(
            "token", flat=True
        )
    )


@pytest.fixture
def world(proxy_admin, admin_viewer, internal_user, internal_viewer, team_admin, outsider):
    """Keys and teams spread over the personas, plus a stranger's."""
    stranger = ProxyUserFactory(user_id="stranger", user_role="internal_user")
    other_team = TeamFactory(
        team_alias="Other team",
        members_with_roles=[{"role": "admin", "user_id": stranger.user_id}],
    )
    team = team_admin.admin_of_team
    keys = {
        "internal": VirtualKeyFactory(user_id=internal_user.user_id),
        "internal_2": VirtualKeyFactory(user_id=internal_user.user_id),
        "internal_viewer": VirtualKeyFactory(user_id=internal_viewer.user_id),
        "team_admin_own": VirtualKeyFactory(user_id=team_admin.user_id),
        # A key in the team admin's team that belongs to somebody else.
        "team_member": VirtualKeyFactory(user_id=stranger.user_id, team_id=team.team_id),
        "stranger": VirtualKeyFactory(user_id=stranger.user_id, team_id=other_team.team_id),
        "admin": VirtualKeyFactory(user_id=proxy_admin.user_id),
        "unowned": VirtualKeyFactory(user_id=None, team_id=None),
    }
    return {"keys": keys, "team": team, "other_team": other_team, "stranger": stranger}


def tokens(world, *names) -> set[str]:
    return {world["keys"][name].token for name in names}


def all_tokens(world) -> set[str]:
    return {key.token for key in world["keys"].values()}


# --- proxy admin --------------------------------------------------------------------------------


def test_admin_sees_and_changes_every_key(world, proxy_admin):
    assert visible_tokens(proxy_admin) == all_tokens(world)
    assert changeable_tokens(proxy_admin) == all_tokens(world)
    key = world["keys"]["stranger"]
    request = request_as(proxy_admin)
    assert access.get_changeable_or_403(request, VirtualKey.objects.all(), pk=key.pk) == key
    assert access.can_create(request, VirtualKey)
    assert access.can_create(request, Team)
    assert access.can_create(request, ProxyUser)


# --- admin viewer -------------------------------------------------------------------------------


def test_admin_viewer_sees_everything_changes_nothing(world, admin_viewer):
    assert visible_tokens(admin_viewer) == all_tokens(world)
    assert changeable_tokens(admin_viewer) == set()

    request = request_as(admin_viewer)
    key = world["keys"]["internal"]
    assert access.get_visible_or_404(request, VirtualKey.objects.all(), pk=key.pk) == key
    with pytest.raises(PermissionDenied):
        access.get_changeable_or_403(request, VirtualKey.objects.all(), pk=key.pk)
    with pytest.raises(PermissionDenied):
        access.get_changeable_or_403(request, Team.objects.all(), team_id=world["team"].team_id)
    assert not access.can_change(request, key)
    assert not access.can_create(request, VirtualKey)
    assert not access.can_create(request, Team)
    assert set(access.visible(request, Team.objects.all())) == set(Team.objects.all())


# --- internal user ------------------------------------------------------------------------------


def test_internal_user_sees_and_changes_own_keys_only(world, internal_user):
    own = tokens(world, "internal", "internal_2")
    assert visible_tokens(internal_user) == own
    assert changeable_tokens(internal_user) == own

    request = request_as(internal_user)
    mine = world["keys"]["internal"]
    assert access.get_changeable_or_403(request, VirtualKey.objects.all(), pk=mine.pk) == mine
    assert access.can_change(request, mine)
    assert access.can_create(request, VirtualKey)
    assert not access.can_create(request, Team)
    assert not access.can_create(request, ProxyUser)


@pytest.mark.parametrize("name", ["stranger", "admin", "internal_viewer", "unowned"])
def test_internal_user_gets_404_for_other_peoples_keys(world, internal_user, name):
    key = world["keys"][name]
    request = request_as(internal_user)
    with pytest.raises(Http404):
        access.get_visible_or_404(request, VirtualKey.objects.all(), pk=key.pk)
    # Not 403: a change attempt must not reveal that the key exists either.
    with pytest.raises(Http404):
        access.get_changeable_or_403(request, VirtualKey.objects.all(), pk=key.pk)


def test_internal_user_sees_own_user_row_only(world, internal_user):
    rows = access.visible(request_as(internal_user), ProxyUser.objects.all())
    assert list(rows.values_list("user_id", flat=True)) == [internal_user.user_id]


# --- internal viewer ----------------------------------------------------------------------------


def test_internal_viewer_sees_own_keys_changes_none(world, internal_viewer):
    own = tokens(world, "internal_viewer")
    assert visible_tokens(internal_viewer) == own
    assert changeable_tokens(internal_viewer) == set()

    request = request_as(internal_viewer)
    mine = world["keys"]["internal_viewer"]
    assert access.get_visible_or_404(request, VirtualKey.objects.all(), pk=mine.pk) == mine
    with pytest.raises(PermissionDenied):
        access.get_changeable_or_403(request, VirtualKey.objects.all(), pk=mine.pk)
    with pytest.raises(Http404):
        access.get_visible_or_404(
            request, VirtualKey.objects.all(), pk=world["keys"]["internal"].pk
        )
    assert not access.can_create(request, VirtualKey)


# --- team admin ---------------------------------------------------------------------------------


def test_team_admin_sees_and_changes_team_keys(world, team_admin):
    expected = tokens(world, "team_admin_own", "team_member")
    assert visible_tokens(team_admin) == expected
    assert changeable_tokens(team_admin) == expected

    request = request_as(team_admin)
    team_key = world["keys"]["team_member"]
    assert (
        access.get_changeable_or_403(request, VirtualKey.objects.all(), pk=team_key.pk) == team_key
    )
    with pytest.raises(Http404):
        access.get_visible_or_404(
            request, VirtualKey.objects.all(), pk=world["keys"]["stranger"].pk
        )


def test_team_admin_sees_and_changes_their_team_only(world, team_admin):
    request = request_as(team_admin)
    team = world["team"]
    assert list(access.visible(request, Team.objects.all())) == [team]
    assert list(access.changeable(request, Team.objects.all())) == [team]
    assert access.get_changeable_or_403(request, Team.objects.all(), team_id=team.team_id) == team
    with pytest.raises(Http404):
        access.get_visible_or_404(request, Team.objects.all(), team_id=world["other_team"].team_id)


def test_team_admin_sees_team_members_user_rows(world, team_admin):
    member = ProxyUserFactory(user_id="teammate", teams=[world["team"].team_id])
    request = request_as(team_admin)
    visible_ids = set(access.visible(request, ProxyUser.objects.all()).values_list("pk", flat=True))
    assert visible_ids == {team_admin.user_id, member.user_id}
    assert not access.changeable(request, ProxyUser.objects.all()).exists()


def test_plain_team_member_sees_team_but_cannot_change_it(world, internal_user):
    team = world["team"]
    team.members_with_roles = [
        *team.members_with_roles,
        {"role": "user", "user_id": internal_user.user_id},
    ]
    team.save()
    request = request_as(internal_user)
    assert list(access.visible(request, Team.objects.all())) == [team]
    with pytest.raises(PermissionDenied):
        access.get_changeable_or_403(request, Team.objects.all(), team_id=team.team_id)
    # Being a plain member does not open the team's keys.
    assert world["keys"]["team_member"].token not in visible_tokens(internal_user)


# --- outsider and anonymous ---------------------------------------------------------------------


def test_outsider_sees_no_keys_or_teams(world, outsider):
    request = request_as(outsider)
    assert not access.visible(request, VirtualKey.objects.all()).exists()
    assert not access.visible(request, Team.objects.all()).exists()
    assert not access.changeable(request, VirtualKey.objects.all()).exists()
    assert not access.changeable(request, Team.objects.all()).exists()
    with pytest.raises(Http404):
        access.get_visible_or_404(
            request, VirtualKey.objects.all(), pk=world["keys"]["internal"].pk
        )
    with pytest.raises(Http404):
        access.get_visible_or_404(request, Team.objects.all(), team_id=world["team"].team_id)
    assert not access.can_create(request, VirtualKey)
    rows = access.visible(request, ProxyUser.objects.all())
    assert list(rows.values_list("user_id", flat=True)) == [outsider.user_id]


def test_outsider_with_a_key_and_a_team_still_sees_only_own_user_row(db, outsider):
    TeamFactory(members_with_roles=[{"role": "user", "user_id": outsider.user_id}])
    VirtualKeyFactory(user_id=outsider.user_id)
    request = request_as(outsider)
    assert not access.visible(request, VirtualKey.objects.all()).exists()
    assert not access.visible(request, Team.objects.all()).exists()


def test_anonymous_request_sees_nothing(world):
    request = RequestFactory().get("/")
    assert not access.visible(request, VirtualKey.objects.all()).exists()
    assert not access.visible(request, ProxyUser.objects.all()).exists()
    assert not access.can_create(request, VirtualKey)
    assert not access.can_see_model(request, VirtualKey)


# --- can_create / can_see_model by role ---------------------------------------------------------


@pytest.mark.parametrize(
    ("persona_name", "expected"),
    [
        ("proxy_admin", True),
        ("admin_viewer", False),
        ("internal_user", True),
        ("internal_viewer", False),
        ("team_admin", True),
        ("outsider", False),
    ],
)
def test_can_create_virtual_key_by_role(request, persona_name, expected):
    persona = request.getfixturevalue(persona_name)
    assert access.can_create(request_as(persona), VirtualKey) is expected


def test_actor_is_cached_per_request(internal_user):
    request = request_as(internal_user)
    assert access.actor_for(request) is access.actor_for(request)
    assert access.actor_for(request).user_id == internal_user.user_id

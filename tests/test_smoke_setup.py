from apps.keys.models import VirtualKey
from tests import factories


def test_factories_create_rows(db, proxy_admin, team_admin):
    key = factories.VirtualKeyFactory(user_id=proxy_admin.user_id)
    assert VirtualKey.objects.get(pk=key.token).user_id == "persona-admin"
    assert key.raw_key.startswith("sk-")
    assert team_admin.admin_of_team.member_list[0]["role"] == "admin"

import re
from tests import factories
from tests.admin.test_admin import sign_in, change_url
from apps.teams.models import Team

def test_dbg(client, proxy_admin):
    sign_in(client, proxy_admin)
    m = factories.TeamMembershipFactory(budget=factories.BudgetFactory())
    team = Team.objects.get(pk=m.team_id)
    html = client.get(change_url("teams_team", team)).content.decode()
    i = html.find("member budgets"); print(html[i-200:i+900])
    d = factories.ModelDeploymentFactory()
    html = client.get(change_url("deployments_modeldeployment", d)).content.decode()
    i = html.find("json-display"); print(html[i-300:i+300])
    factories.SpendLogFactory()
    html = client.get("/admin/spend/spendlog/").content.decode()
    i = html.find("xfull"); print(html[i-100:i+600])
    i = html.find("paginator"); print(html[i-100:i+300])
    assert 0

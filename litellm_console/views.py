from django.shortcuts import render

from apps.keys.models import VirtualKey
from apps.teams.models import Team
from apps.users.models import ProxyUser


def home(request):
    """Placeholder home page: a few live figures so a newcomer sees the database is wired."""
    context = {
        "key_count": VirtualKey.objects.count(),
        "team_count": Team.objects.count(),
        "user_count": ProxyUser.objects.count(),
    }
    return render(request, "home.html", context)

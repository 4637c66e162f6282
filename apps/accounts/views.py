from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_not_required, login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from apps.accounts.forms import PasswordChangeForm, SignInForm
from apps.accounts.services import set_litellm_password, sync_django_user
from apps.keys.models import VirtualKey
from apps.teams.models import Team
from litellm_console.compat import roles


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "/"


@login_not_required
@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def sign_in(request):
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    form = SignInForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.user, backend="apps.accounts.backends.LiteLLMBackend")
        return redirect(_next_url(request))
    status = 429 if form.has_error("__all__", "throttled") else 200
    return render(
        request, "accounts/sign_in.html", {"form": form, "next": _next_url(request)}, status=status
    )


@require_POST
def sign_out(request):
    logout(request)
    messages.success(request, "You have signed out.")
    return redirect("accounts:sign_in")


@login_required
@sensitive_post_parameters()
def password_change(request):
    proxy_user = request.proxy_user
    form = PasswordChangeForm(proxy_user, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        set_litellm_password(proxy_user, form.cleaned_data["new_password"])
        user = sync_django_user(proxy_user)
        # Keep this session; every other session of this user ends (their hash no longer fits).
        update_session_auth_hash(request, user)
        messages.success(request, "Your password has been changed. Other sessions were signed out.")
        return redirect("accounts:profile")
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
def profile(request):
    proxy_user = request.proxy_user
    team_ids = list(proxy_user.teams or [])
    context = {
        "proxy_user": proxy_user,
        "role_label": roles.role_label(proxy_user.user_role),
        "teams": Team.objects.filter(team_id__in=team_ids).order_by("team_alias"),
        "key_count": VirtualKey.objects.filter(user_id=proxy_user.user_id)
        .exclude(team_id=roles.UI_SESSION_TEAM_ID)
        .count(),
    }
    return render(request, "accounts/profile.html", context)

"""Keep the signed-in Django user in step with LiteLLM's user row on every request."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout

from apps.accounts.services import is_in_sync, password_marker, sync_django_user
from apps.users.models import ProxyUser


class LiteLLMUserMiddleware:
    """Binds `request.proxy_user`; applies role changes and removals made in LiteLLM at once.

    A role changed in LiteLLM takes effect on the next request (flags are re-derived here), a
    user deleted from LiteLLM loses their session, and so does one whose password was changed
    anywhere else.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.proxy_user = None
        if request.user.is_authenticated:
            proxy_user = ProxyUser.objects.filter(user_id=request.user.username).first()
            if proxy_user is None or password_marker(proxy_user) != request.user.password:
                logout(request)
                messages.info(request, "Your session has ended. Please sign in again.")
            else:
                if not is_in_sync(request.user, proxy_user):
                    request.user = sync_django_user(proxy_user)
                request.proxy_user = proxy_user
        return self.get_response(request)

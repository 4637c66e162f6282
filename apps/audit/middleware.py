from apps.audit.context import acting_as


class AuditContextMiddleware:
    """Binds the signed-in LiteLLM user as the actor of every write in this request.

    Runs after authentication (LiteLLMUserMiddleware sets `request.proxy_user`). Requests
    without a signed-in user (an invitee accepting a link) leave it to the service to bind.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        proxy_user = getattr(request, "proxy_user", None)
        if proxy_user is None:
            return self.get_response(request)
        with acting_as(proxy_user.user_id):
            return self.get_response(request)

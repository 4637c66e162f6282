from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import RedirectView

from litellm_console import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include("apps.accounts.urls")),
    path("audit/", include("apps.audit.urls")),
    # One sign-in page for everything: the admin's own would skip throttling.
    path(
        "admin/login/",
        login_not_required(
            RedirectView.as_view(pattern_name="accounts:sign_in", query_string=True)
        ),
    ),
    path("admin/", admin.site.urls),
]

handler500 = "litellm_console.views.server_error"

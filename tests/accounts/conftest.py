"""Fixtures for the sign-in tests.

The account pages' templates are written separately. Until they exist, a minimal fallback (a
locmem loader placed *after* the real loaders, so a real template always wins) renders the form
errors, which is all these tests read from the HTML: the generic failure and throttle messages.
"""

from __future__ import annotations

import copy

import pytest
from django.conf import settings
from django.test.utils import override_settings

FALLBACK_TEMPLATES = {
    "accounts/sign_in.html": (
        "<main>{{ form.non_field_errors }}"
        '<form method="post">{% csrf_token %}{{ form.as_p }}'
        '<input type="hidden" name="next" value="{{ next }}"></form></main>'
    ),
    "accounts/password_change.html": (
        '<main><form method="post">{% csrf_token %}{{ form.as_p }}</form></main>'
    ),
    "accounts/profile.html": (
        "<main>{{ proxy_user.user_id }} {{ role_label }}"
        "{% for team in teams %} {{ team.team_alias }}{% endfor %}</main>"
    ),
}


@pytest.fixture(autouse=True)
def _fallback_account_templates():
    templates = copy.deepcopy(settings.TEMPLATES)
    engine = templates[0]
    engine["APP_DIRS"] = False
    engine["OPTIONS"]["loaders"] = [
        "django.template.loaders.filesystem.Loader",
        "django.template.loaders.app_directories.Loader",
        ("django.template.loaders.locmem.Loader", FALLBACK_TEMPLATES),
    ]
    with override_settings(TEMPLATES=templates):
        yield


@pytest.fixture(autouse=True)
def _default_throttle_settings():
    """The documented defaults, whatever the environment says."""
    with override_settings(SIGNIN_FAILURE_LIMIT=5, SIGNIN_FAILURE_WINDOW=15 * 60):
        yield

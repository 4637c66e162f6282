from __future__ import annotations

import hmac

from django import forms
from django.contrib.auth import authenticate

from apps.accounts import throttle
from apps.accounts.backends import ui_password
from litellm_console.compat import roles
from litellm_console.compat.passwords import verify_password

GENERIC_FAILURE = "That email (or user id) and password do not match an account."


class SignInForm(forms.Form):
    username = forms.CharField(
        label="Email or user id",
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        max_length=1024,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request, *args, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not username or not password:
            return self.cleaned_data
        account = throttle.account_name(username)
        keys = throttle.throttle_keys(account, throttle.client_ip(self.request))
        minutes = throttle.retry_after(keys)
        if minutes:
            # Same message whether or not the account exists.
            raise forms.ValidationError(
                f"Too many failed sign-ins. Try again in {minutes} minute"
                f"{'s' if minutes != 1 else ''}.",
                code="throttled",
            )
        attempt = throttle.record_attempt(keys)
        self.user = authenticate(self.request, username=username, password=password)
        if self.user is None:
            raise forms.ValidationError(GENERIC_FAILURE, code="invalid_login")
        throttle.forget(attempt)
        throttle.clear_account(account)
        return self.cleaned_data


class PasswordChangeForm(forms.Form):
    current_password = forms.CharField(
        strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    new_password = forms.CharField(
        strip=False,
        min_length=8,
        max_length=256,
        help_text="At least 8 characters. It also becomes your password for LiteLLM's own UI.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password_again = forms.CharField(
        strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, proxy_user, *args, **kwargs):
        self.proxy_user = proxy_user
        super().__init__(*args, **kwargs)

    def clean_current_password(self):
        current = self.cleaned_data["current_password"]
        ok = verify_password(current, self.proxy_user.password)
        if not ok and self.proxy_user.user_id == roles.DEFAULT_USER_ID:
            # The proxy admin signs in with UI_PASSWORD / the master key.
            expected = ui_password()
            ok = bool(expected) and hmac.compare_digest(current.encode(), expected.encode())
        if not ok:
            raise forms.ValidationError("Your current password is not correct.")
        return current

    def clean(self):
        new = self.cleaned_data.get("new_password")
        again = self.cleaned_data.get("new_password_again")
        if new and again and new != again:
            self.add_error("new_password_again", "The two new passwords differ.")
        return self.cleaned_data

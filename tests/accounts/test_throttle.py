"""Failed sign-ins are throttled per account and per client address (5 per 15 minutes)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.test.utils import override_settings
from django.utils import timezone

from apps.accounts.forms import GENERIC_FAILURE
from apps.accounts.models import SignInFailure
from tests.accounts.helpers import form_errors, session_username, sign_in
from tests.factories import ProxyUserFactory

pytestmark = pytest.mark.django_db

THROTTLED = "Too many failed sign-ins. Try again in 15 minutes."


def fail(client, username, *, ip, times=1):
    for _ in range(times):
        response = sign_in(client, username, "definitely-wrong", ip=ip)
        assert response.status_code == 200, "a plain failure is not throttled yet"
        assert form_errors(response) == [GENERIC_FAILURE]


def assert_throttled(response, message=THROTTLED):
    assert response.status_code == 429
    assert form_errors(response) == [message]
    assert "Try again in" in response.content.decode()


@pytest.fixture
def victim(db):
    return ProxyUserFactory(user_id="victim", user_email="victim@example.com")


# --- per account --------------------------------------------------------------------------------


def test_sixth_attempt_on_an_account_is_refused_even_with_the_right_password(client, victim):
    # Five failures, each from a different address, so only the account counter reaches 5.
    for i in range(5):
        fail(client, victim.user_email, ip=f"10.0.0.{i + 1}")

    response = sign_in(client, victim.user_email, victim.password_plain, ip="10.9.9.9")

    assert_throttled(response)
    assert SESSION_KEY not in client.session


def test_four_failures_do_not_lock_the_account(client, victim):
    for i in range(4):
        fail(client, victim.user_email, ip=f"10.0.0.{i + 1}")
    response = sign_in(client, victim.user_email, victim.password_plain, ip="10.9.9.9")
    assert response.status_code == 302
    assert session_username(client) == victim.user_id


def test_account_counter_ignores_case_and_spaces_of_the_email(client, victim):
    variants = [
        "victim@example.com",
        "VICTIM@example.com",
        " Victim@Example.com ",
        "victim@EXAMPLE.COM",
    ]
    for i, variant in enumerate(variants + ["vIcTiM@example.com"]):
        fail(client, variant, ip=f"10.0.1.{i + 1}")
    assert_throttled(sign_in(client, victim.user_email, victim.password_plain, ip="10.9.9.9"))


def test_account_counter_is_shared_by_email_and_user_id(client, victim):
    for i in range(3):
        fail(client, victim.user_email, ip=f"10.0.2.{i + 1}")
    for i in range(2):
        fail(client, victim.user_id, ip=f"10.0.3.{i + 1}")

    assert_throttled(sign_in(client, victim.user_email, victim.password_plain, ip="10.9.9.9"))


def test_another_account_from_another_address_is_unaffected(client, victim):
    other = ProxyUserFactory(user_id="bystander", user_email="bystander@example.com")
    for _ in range(5):
        fail(client, victim.user_email, ip="10.0.0.1")
    assert_throttled(sign_in(client, victim.user_email, victim.password_plain, ip="10.0.0.1"))

    response = sign_in(client, other.user_email, other.password_plain, ip="10.0.0.2")

    assert response.status_code == 302
    assert session_username(client) == other.user_id


def test_throttled_attempts_are_not_counted_again(client, victim):
    for i in range(5):
        fail(client, victim.user_email, ip=f"10.0.0.{i + 1}")
    before = SignInFailure.objects.count()
    for _ in range(3):
        assert_throttled(sign_in(client, victim.user_email, "still-wrong", ip="10.9.9.9"))
    assert SignInFailure.objects.count() == before


def test_successful_sign_in_clears_the_account_counter(client, victim):
    for i in range(4):
        fail(client, victim.user_email, ip=f"10.0.0.{i + 1}")
    assert (
        sign_in(client, victim.user_email, victim.password_plain, ip="10.0.5.1").status_code == 302
    )
    client.logout()
    # A fresh budget of failures: four more do not lock the account.
    for i in range(4):
        fail(client, victim.user_email, ip=f"10.0.6.{i + 1}")
    assert (
        sign_in(client, victim.user_email, victim.password_plain, ip="10.0.5.2").status_code == 302
    )


# --- per client address -------------------------------------------------------------------------


def test_five_failures_across_accounts_from_one_address_block_that_address(client, victim):
    for i in range(5):
        fail(client, f"someone-{i}@example.com", ip="203.0.113.7")

    blocked = sign_in(client, victim.user_email, victim.password_plain, ip="203.0.113.7")
    assert_throttled(blocked)
    assert SESSION_KEY not in client.session

    # The same account from another address is fine: only the address is blocked.
    allowed = sign_in(client, victim.user_email, victim.password_plain, ip="203.0.113.8")
    assert allowed.status_code == 302
    assert session_username(client) == victim.user_id


@override_settings(TRUST_X_FORWARDED_FOR=False)
def test_spoofed_forwarded_for_does_not_dodge_the_address_counter(client, victim):
    for i in range(5):
        response = sign_in(
            client,
            f"someone-{i}@example.com",
            "definitely-wrong",
            ip="203.0.113.7",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{i + 1}",
        )
        assert response.status_code == 200
    blocked = sign_in(
        client,
        victim.user_email,
        victim.password_plain,
        ip="203.0.113.7",
        HTTP_X_FORWARDED_FOR="198.51.100.99",
    )
    assert_throttled(blocked)


@override_settings(TRUST_X_FORWARDED_FOR=True)
def test_forwarded_for_is_the_address_behind_a_trusted_proxy(client, victim):
    # The reverse proxy appends the address it saw; whatever the client wrote stays on the left.
    for i in range(5):
        sign_in(
            client,
            f"someone-{i}@example.com",
            "definitely-wrong",
            ip="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{i + 1}, 198.51.100.1",
        )
    # Same client, another made-up left-hand entry: still blocked.
    assert_throttled(
        sign_in(
            client,
            victim.user_email,
            victim.password_plain,
            ip="10.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.99, 198.51.100.1",
        )
    )
    # Another client behind the same proxy: allowed.
    allowed = sign_in(
        client,
        victim.user_email,
        victim.password_plain,
        ip="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.2",
    )
    assert allowed.status_code == 302


# --- the window ---------------------------------------------------------------------------------


def test_lock_is_released_after_the_window(client, victim):
    for i in range(5):
        fail(client, victim.user_email, ip=f"10.0.0.{i + 1}")
    assert_throttled(sign_in(client, victim.user_email, victim.password_plain, ip="10.9.9.9"))

    SignInFailure.objects.update(created_at=timezone.now() - timedelta(minutes=15, seconds=1))

    response = sign_in(client, victim.user_email, victim.password_plain, ip="10.9.9.9")
    assert response.status_code == 302
    assert session_username(client) == victim.user_id


def test_message_counts_down_the_minutes_left(client, victim):
    for i in range(5):
        fail(client, victim.user_email, ip=f"10.0.0.{i + 1}")
    SignInFailure.objects.update(created_at=timezone.now() - timedelta(minutes=10, seconds=30))

    response = sign_in(client, victim.user_email, victim.password_plain, ip="10.9.9.9")
    assert_throttled(response, "Too many failed sign-ins. Try again in 5 minutes.")

    SignInFailure.objects.update(created_at=timezone.now() - timedelta(minutes=14, seconds=30))
    response = sign_in(client, victim.user_email, victim.password_plain, ip="10.9.9.9")
    assert_throttled(response, "Too many failed sign-ins. Try again in 1 minute.")


@override_settings(SIGNIN_FAILURE_WINDOW=60)
def test_window_setting_is_honoured(client, victim):
    for i in range(5):
        fail(client, victim.user_email, ip=f"10.0.0.{i + 1}")
    assert_throttled(
        sign_in(client, victim.user_email, victim.password_plain, ip="10.9.9.9"),
        "Too many failed sign-ins. Try again in 1 minute.",
    )
    SignInFailure.objects.update(created_at=timezone.now() - timedelta(seconds=61))
    assert (
        sign_in(client, victim.user_email, victim.password_plain, ip="10.9.9.9").status_code == 302
    )


@override_settings(SIGNIN_FAILURE_LIMIT=2)
def test_limit_setting_is_honoured(client, victim):
    fail(client, victim.user_email, ip="10.0.0.1", times=2)
    assert_throttled(sign_in(client, victim.user_email, victim.password_plain, ip="10.9.9.9"))


def test_old_failures_do_not_count_toward_a_new_lock(client, victim):
    for i in range(4):
        fail(client, victim.user_email, ip=f"10.0.0.{i + 1}")
    SignInFailure.objects.update(created_at=timezone.now() - timedelta(minutes=16))
    fail(client, victim.user_email, ip="10.0.0.9")
    response = sign_in(client, victim.user_email, victim.password_plain, ip="10.9.9.9")
    assert response.status_code == 302


# --- no account enumeration through the throttle ------------------------------------------------


def test_unknown_and_known_accounts_are_throttled_identically(client, victim):
    for i in range(5):
        fail(client, victim.user_email, ip=f"10.0.0.{i + 1}")
        fail(client, "ghost@example.com", ip=f"10.0.1.{i + 1}")

    known = sign_in(client, victim.user_email, "definitely-wrong", ip="10.9.9.1")
    unknown = sign_in(client, "ghost@example.com", "definitely-wrong", ip="10.9.9.2")

    assert known.status_code == unknown.status_code == 429
    assert form_errors(known) == form_errors(unknown) == [THROTTLED]
    for response in (known, unknown):
        body = response.content.decode()
        assert THROTTLED in body
        assert GENERIC_FAILURE not in body

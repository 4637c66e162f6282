"""Sign in through a real browser, land on the dashboard, use it at desktop and phone width."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from apps.accounts.forms import GENERIC_FAILURE
from tests.browser.conftest import NARROW, WIDE
from tests.factories import ProxyUserFactory, SpendLogFactory, TeamFactory, VirtualKeyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

expect = pytest.importorskip("playwright.sync_api").expect

ADMIN_EMAIL = "ada.admin@example.com"
ROLE_LABEL = "Admin (All Permissions)"


@pytest.fixture
def admin_with_data():
    admin = ProxyUserFactory(
        user_id="browser-admin", user_email=ADMIN_EMAIL, user_role="proxy_admin"
    )
    ProxyUserFactory(user_id="browser-member", user_role="internal_user")
    for alias in ("search-prod", "search-staging", "chat-dev"):
        VirtualKeyFactory(user_id=admin.user_id, key_alias=alias)
    VirtualKeyFactory(user_id=admin.user_id, key_alias="revoked", blocked=True)
    TeamFactory(team_alias="Search")
    SpendLogFactory(user=admin.user_id, spend=1.25, start_time=timezone.now())
    SpendLogFactory(user="browser-member", spend=2.5, start_time=timezone.now())
    return admin


def figure(page, key: str):
    return page.locator(f'[data-figure="{key}"] .lc-figure-value')


def sign_in(page, base_url: str, email: str, password: str) -> None:
    page.goto(base_url + "/")
    expect(page).to_have_url(re.compile(r"/accounts/sign-in/\?next=/$"))
    page.get_by_label("Email or user id").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def assert_no_horizontal_overflow(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"page is {width}px wide"


def test_sign_in_lands_on_the_dashboard(live_server, new_page, artifacts, admin_with_data):
    page = new_page(WIDE)
    page.goto(live_server.url + "/accounts/sign-in/")
    page.screenshot(path=artifacts / "sign-in-1280.png", full_page=True)

    sign_in(page, live_server.url, ADMIN_EMAIL, admin_with_data.password_plain)

    expect(page).to_have_url(live_server.url + "/")
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    expect(figure(page, "spend_today")).to_have_text("$3.75")
    expect(figure(page, "active_keys")).to_have_text("3")
    expect(figure(page, "teams")).to_have_text("1")
    expect(figure(page, "users")).to_have_text("2")
    expect(page.locator("header [data-role-label]")).to_have_text(ROLE_LABEL)
    expect(page.locator("header [data-role-label]")).to_be_visible()
    expect(page.locator("main [data-role-label]")).to_have_text(ROLE_LABEL)
    expect(page.locator("#lc-sidebar")).to_be_visible()
    expect(page.locator(".lc-nav .nav-link.active")).to_have_text("Dashboard")
    assert_no_horizontal_overflow(page)
    page.screenshot(path=artifacts / "dashboard-1280.png", full_page=True)

    page.set_viewport_size(NARROW)
    expect(figure(page, "active_keys")).to_have_text("3")
    expect(page.locator("main [data-role-label]")).to_be_visible()
    assert_no_horizontal_overflow(page)
    page.screenshot(path=artifacts / "dashboard-390.png", full_page=True)


def test_nav_toggle_on_a_phone(live_server, new_page, artifacts, admin_with_data):
    page = new_page(NARROW)
    sign_in(page, live_server.url, ADMIN_EMAIL, admin_with_data.password_plain)
    expect(page).to_have_url(live_server.url + "/")

    sidebar = page.locator("#lc-sidebar")
    expect(sidebar).to_be_hidden()
    page.get_by_role("button", name="Open navigation").click()
    expect(sidebar).to_be_visible()
    expect(sidebar.get_by_role("link", name="Dashboard")).to_be_visible()
    expect(sidebar.get_by_role("link", name="Django admin")).to_be_visible()
    page.wait_for_timeout(400)  # let the slide-in transition finish for the screenshot
    page.screenshot(path=artifacts / "dashboard-nav-open-390.png")

    page.get_by_role("button", name="Close navigation").click()
    expect(sidebar).to_be_hidden()

    # The account menu works at this width too, and signing out is a POST with CSRF.
    page.get_by_role("button", name="Account menu").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/accounts/sign-in/"))
    expect(page.get_by_role("alert")).to_contain_text("You have signed out.")


def test_wrong_password_shows_the_error(live_server, new_page, artifacts, admin_with_data):
    page = new_page(NARROW)
    sign_in(page, live_server.url, ADMIN_EMAIL, "not-the-password")

    expect(page).to_have_url(re.compile(r"/accounts/sign-in/"))
    expect(page.get_by_role("alert")).to_contain_text(GENERIC_FAILURE)
    expect(page.get_by_label("Email or user id")).to_have_value(ADMIN_EMAIL)
    expect(page.locator('input[name="next"]')).to_have_value("/")
    assert_no_horizontal_overflow(page)
    page.screenshot(path=artifacts / "sign-in-error-390.png", full_page=True)

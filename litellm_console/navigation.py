"""The console's side navigation and the context processor that renders it.

Entries are plain (label, URL name, icon) tuples. A domain page that does not exist yet (its URL
name does not resolve) is shown disabled with a "soon" hint instead of a broken link, so adding
a domain is one `path()` line: the entry lights up by itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from litellm_console.compat.roles import role_label

# Icons are Bootstrap Icons names (without the `bi-` prefix).
NAV_ITEMS: list[tuple[str, str, str]] = [
    ("Dashboard", "home", "speedometer2"),
    ("Keys", "keys:list", "key"),
    ("Teams", "teams:list", "people"),
    ("Users", "users:list", "person"),
    ("Organizations", "organizations:list", "building"),
    ("Budgets", "budgets:list", "piggy-bank"),
    ("Customers", "customers:list", "person-badge"),
    ("Models", "deployments:list", "boxes"),
    ("Settings", "proxy_settings:list", "gear"),
    ("Invitations", "invitations:list", "envelope-paper"),
    ("Spend", "spend:report", "graph-up"),
    ("Logs", "spend:logs", "journal-text"),
    ("Audit log", "audit:list", "clock-history"),
]


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    icon: str
    url: str | None
    active: bool = False


def url_or_none(url_name: str, *args, **kwargs) -> str | None:
    """The path for `url_name`, or None while that page does not exist yet."""
    try:
        return reverse(url_name, args=args or None, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def _active_url(path: str, urls: list[str]) -> str | None:
    """The entry URL the current path belongs to: the longest one that prefixes it.

    "/" (the dashboard) is active only on itself, or it would prefix every page.
    """
    matches = [u for u in urls if u == path or (u != "/" and path.startswith(u))]
    return max(matches, key=len, default=None)


def build_nav_items(path: str) -> list[NavItem]:
    """The side navigation for a request to `path`, with URLs resolved and the active entry."""
    resolved = [(label, name, icon, url_or_none(name)) for label, name, icon in NAV_ITEMS]
    active = _active_url(path, [url for *_, url in resolved if url])
    return [
        NavItem(label, name, icon, url, active=url is not None and url == active)
        for label, name, icon, url in resolved
    ]


def navigation(request) -> dict:
    """Context processor: `nav_items` and the signed-in user's `current_role_label`.

    Touches no database, so it is safe on error pages and the schema-mismatch page.
    """
    proxy_user = getattr(request, "proxy_user", None)
    return {
        "nav_items": build_nav_items(request.path),
        "current_role_label": role_label(proxy_user.user_role) if proxy_user else "",
    }

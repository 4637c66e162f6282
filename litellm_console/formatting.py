"""How the console writes values for people, the same on every page and in the admin."""

from __future__ import annotations


def format_usd(amount: float | None, *, none: str = "—") -> str:
    """Dollars: cents, or four decimals for a non-zero amount under a cent (per-request costs).

    `none` is what an unset amount (no budget) shows as.
    """
    if amount is None:
        return none
    if 0 < abs(amount) < 0.01:
        return f"${amount:,.4f}"
    return f"${amount:,.2f}"

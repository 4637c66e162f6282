"""Reading the audit log fast on millions of rows: keyset pages and a cheap size estimate."""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from apps.audit.models import AuditLog
from litellm_console.admin_utils import estimated_row_count


@dataclass(frozen=True)
class Cursor:
    """A position in (updated_at DESC, id DESC) order."""

    updated_at: dt.datetime
    id: str

    def encode(self) -> str:
        raw = f"{self.updated_at.isoformat()}|{self.id}".encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str | None) -> Cursor | None:
        """A cursor from a URL parameter; None for anything malformed (means: first page)."""
        if not text:
            return None
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
            stamp, row_id = raw.split("|", 1)
            moment = dt.datetime.fromisoformat(stamp)
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=dt.UTC)
            # Must survive the trip to naive UTC; PostgreSQL text cannot hold NUL.
            moment = moment.astimezone(dt.UTC)
        except (ValueError, UnicodeDecodeError, OverflowError):
            return None
        if "\x00" in row_id or len(row_id) > 200:
            return None
        return cls(moment, row_id)


@dataclass
class Page:
    rows: list[AuditLog]
    next_cursor: str | None  # older rows
    prev_cursor: str | None  # newer rows


def keyset_page(
    qs: QuerySet, *, after: Cursor | None = None, before: Cursor | None = None, size: int = 50
) -> Page:
    """One page of `qs` newest first, after (older than) or before (newer than) a cursor."""
    if before is not None:
        newer = Q(updated_at__gt=before.updated_at) | Q(
            updated_at=before.updated_at, id__gt=before.id
        )
        chunk = list(qs.filter(newer).order_by("updated_at", "id")[: size + 1])
        has_more_newer = len(chunk) > size
        rows = list(reversed(chunk[:size]))
        has_more_older = True
    else:
        if after is not None:
            qs = qs.filter(
                Q(updated_at__lt=after.updated_at) | Q(updated_at=after.updated_at, id__lt=after.id)
            )
        chunk = list(qs.order_by("-updated_at", "-id")[: size + 1])
        rows = chunk[:size]
        has_more_older = len(chunk) > size
        has_more_newer = after is not None
    return Page(
        rows=rows,
        next_cursor=Cursor(rows[-1].updated_at, rows[-1].id).encode()
        if rows and has_more_older
        else None,
        prev_cursor=Cursor(rows[0].updated_at, rows[0].id).encode()
        if rows and has_more_newer
        else None,
    )


def estimated_total() -> int | None:
    """PostgreSQL's row estimate for the whole audit log (no COUNT(*) over millions of rows)."""
    return estimated_row_count(AuditLog) or None

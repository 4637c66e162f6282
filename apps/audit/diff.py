"""Before/after of one audit entry as rows for a side-by-side view."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from apps.audit.models import AuditLog
from apps.audit.snapshot import MASK


@dataclass(frozen=True)
class DiffRow:
    field: str
    before: str
    after: str
    changed: bool


def _show(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, str):
        return value
    return json.dumps(value, indent=2, sort_keys=True, default=str)


def _has_mask(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_has_mask(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_mask(v) for v in value)
    return value == MASK


def diff_rows(entry: AuditLog) -> list[DiffRow]:
    """Changed fields first, then unchanged ones; tolerant of LiteLLM's odd shapes.

    `updated_values` may be the whole row or only the changed columns; either may be null, a
    JSON string inside JSONB (decoded by the model), or not an object at all.
    """
    before = entry.before if isinstance(entry.before, dict) else {}
    after = entry.after if isinstance(entry.after, dict) else {}
    if entry.action == "deleted":
        names = sorted(before)
        rows = [DiffRow(n, _show(before[n]), "", True) for n in names]
        return rows
    rows = []
    for name in sorted(set(before) | set(after)):
        if name in after:
            old, new = before.get(name), after[name]
            # Masked values ("***" on both sides) only appear in `after` when they changed.
            changed = entry.before is None or old != new or _has_mask(new)
            rows.append(
                DiffRow(name, "" if entry.before is None else _show(old), _show(new), changed)
            )
        else:
            rows.append(DiffRow(name, _show(before[name]), _show(before[name]), False))
    rows.sort(key=lambda r: (not r.changed, r.field))
    return rows

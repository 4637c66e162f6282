"""Rows as JSON-native dicts for `before_value` / `updated_values`, with secrets masked."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from django.db import models

MASK = "***"
# Values under such names are masked anywhere in a JSON document (LiteLLM masks them too).
# Like LiteLLM's own masker: anything that names a secret, or ends in "key"/"token"
# (api_key, x-api-key, hf_token, azure_ad_token, a bare "key"); cost fields such as
# `input_cost_per_token` are prices, not secrets.
_SECRET_NAME = re.compile(
    r"(password|passwd|secret|authorization|bearer|credential|cookie|private|"
    r"(key|token)$)",
    re.IGNORECASE,
)
_NOT_SECRET_NAME = re.compile(r"cost", re.IGNORECASE)
# A virtual key pasted anywhere (metadata, settings) is masked whatever its name.
_RAW_KEY = re.compile(r"^sk-[A-Za-z0-9_\-]{16,}$")


def _is_secret_name(name: str) -> bool:
    return bool(_SECRET_NAME.search(name)) and not _NOT_SECRET_NAME.search(name)


# Whole columns that never go into the audit log.
_MASKED_COLUMNS = {"password"}
# JSON columns whose every value is a secret (environment_variables is encrypted throughout).
_ALL_SECRET_PARAMS = {"environment_variables"}


def _json_native(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _json_native(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_native(v) for v in value]
    return value


def mask_secrets(value: Any) -> Any:
    """`value` with every entry under a secret-looking name replaced by `***`."""
    if isinstance(value, dict):
        return {
            k: (MASK if _is_secret_name(str(k)) and v not in (None, "") else mask_secrets(v))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [mask_secrets(v) for v in value]
    if isinstance(value, str) and _RAW_KEY.match(value):
        return MASK
    return value


def _is_json_column(instance: models.Model, column: str) -> bool:
    return any(
        f.column == column and isinstance(f, models.JSONField)
        for f in instance._meta.concrete_fields
    )


def _mask_column(instance: models.Model, column: str, value: Any) -> Any:
    if isinstance(value, str) and value[:1] in "{[" and _is_json_column(instance, column):
        # Some LiteLLM paths stored JSON as a string inside JSONB: mask what is inside it.
        try:
            value = json.loads(value)
        except ValueError:
            pass
    if column in _MASKED_COLUMNS:
        return MASK if value else value
    if (
        column == "param_value"
        and getattr(instance, "param_name", None) in _ALL_SECRET_PARAMS
        and isinstance(value, dict)
    ):
        return {k: MASK for k in value}
    if column == "litellm_params" and isinstance(value, dict):
        # String params are stored encrypted; the audit log keeps only their names.
        return {k: (MASK if isinstance(v, str) else mask_secrets(v)) for k, v in value.items()}
    return mask_secrets(value)


def snapshot(instance: models.Model, values: dict[str, Any] | None = None) -> dict[str, Any]:
    """The row as {column: JSON-native value}, unmasked (for comparing, never for storing).

    `values` (attname -> value) overrides the instance's attributes.
    """
    out = {}
    for field in instance._meta.concrete_fields:
        raw = values[field.attname] if values is not None else getattr(instance, field.attname)
        out[field.column] = _json_native(raw)
    return out


def masked(instance: models.Model, row: dict[str, Any] | None) -> dict[str, Any] | None:
    """`row` (a snapshot or part of one) as it may be stored: secrets replaced by `***`."""
    if row is None:
        return None
    return {column: _mask_column(instance, column, value) for column, value in row.items()}


def object_id(instance: models.Model) -> str:
    """The primary key as LiteLLM's audit log writes it; `a,b` for a composite key."""
    pk = instance.pk
    if isinstance(pk, tuple):
        return ",".join(str(part) for part in pk)
    return str(pk)

"""LiteLLM's encryption of secrets stored in its tables.

Used for every string value of ``LiteLLM_ProxyModelTable.litellm_params`` and every value of the
``environment_variables`` row of ``LiteLLM_Config``. The key is
``sha256(LITELLM_SALT_KEY or LITELLM_MASTER_KEY).digest()``; a value is stored as standard
base64 of ``nonce(24) || ciphertext`` from ``nacl.secret.SecretBox``.

(Named ``secretbox`` rather than ``secrets`` so it never shadows the standard library module.)
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Mapping
from typing import Any

import nacl.exceptions
import nacl.secret

ENV_REFERENCE_PREFIX = "os.environ/"


class DecryptionError(ValueError):
    """A stored value could not be decrypted: wrong key, not LiteLLM's format, or corrupt."""


def signing_key_from(master_key: str | None, salt_key: str | None = None) -> str:
    """Pick the secret LiteLLM derives its key from: the salt key if set, else the master key.

    Once a deployment has stored encrypted values, changing ``LITELLM_SALT_KEY`` makes them
    unreadable, so the order matters.
    """
    chosen = salt_key or master_key
    if not chosen:
        raise ValueError("Neither LITELLM_SALT_KEY nor LITELLM_MASTER_KEY is set")
    return chosen


def derive_key(signing_key: str) -> bytes:
    """Return the 32-byte SecretBox key: ``sha256(signing_key.encode()).digest()``."""
    if not isinstance(signing_key, str) or not signing_key:
        raise ValueError("An empty signing key would encrypt with a publicly known key")
    return hashlib.sha256(signing_key.encode()).digest()


def encrypt_value(value: str, signing_key: str) -> str:
    """Encrypt ``value`` the way LiteLLM does and return standard base64 text.

    Standard (not URL-safe) base64 because mid-2024 LiteLLM can only read that.
    """
    if not isinstance(value, str):
        raise TypeError(f"encrypt_value() encrypts strings, not {type(value).__name__}")
    box = nacl.secret.SecretBox(derive_key(signing_key))
    # encrypt() picks a random 24-byte nonce and returns nonce || ciphertext.
    return base64.b64encode(bytes(box.encrypt(value.encode()))).decode("ascii")


def _b64decode_either(text: str) -> bytes:
    """Decode standard or URL-safe base64, strictly.

    Plain ``b64decode`` silently drops characters outside its alphabet, which would turn a
    URL-safe value into wrong bytes instead of an error; so choose the alphabet explicitly and
    validate.
    """
    text = text.strip()
    # LiteLLM always pads, but a value pasted or trimmed by hand may have lost its padding.
    text += "=" * (-len(text) % 4)
    if "-" in text or "_" in text:
        text = text.replace("-", "+").replace("_", "/")
    return base64.b64decode(text, validate=True)


def decrypt_value(value: str, signing_key: str) -> str:
    """Decrypt a value LiteLLM (or ``encrypt_value``) stored; accepts both base64 alphabets.

    Raises ``DecryptionError`` with a readable reason on any failure.
    """
    if not isinstance(value, str) or not value.strip():
        raise DecryptionError("Nothing to decrypt: the stored value is empty or not a string")
    try:
        blob = _b64decode_either(value)
    except (binascii.Error, ValueError) as exc:
        raise DecryptionError("The stored value is not base64") from exc
    if len(blob) <= nacl.secret.SecretBox.NONCE_SIZE + nacl.secret.SecretBox.MACBYTES:
        raise DecryptionError("The stored value is too short to be a SecretBox ciphertext")
    box = nacl.secret.SecretBox(derive_key(signing_key))
    try:
        plaintext = box.decrypt(blob)
    except nacl.exceptions.CryptoError as exc:
        raise DecryptionError(
            "Decryption failed: the value was encrypted with a different "
            "LITELLM_SALT_KEY/LITELLM_MASTER_KEY, or it is corrupt"
        ) from exc
    try:
        return plaintext.decode()
    except UnicodeDecodeError as exc:
        raise DecryptionError("The decrypted value is not UTF-8 text") from exc


def encrypt_params(params: Mapping[str, Any], signing_key: str) -> dict[str, Any]:
    """Return a copy of ``params`` with every string value encrypted.

    Numbers, booleans, None, lists and objects are stored by LiteLLM as they are, so they are
    copied unchanged. ``os.environ/NAME`` references are strings and are encrypted too: the
    proxy decrypts first and resolves the reference afterwards.
    """
    return {
        name: encrypt_value(value, signing_key) if isinstance(value, str) else value
        for name, value in params.items()
    }


def decrypt_params(
    params: Mapping[str, Any], signing_key: str, *, strict: bool = True
) -> dict[str, Any]:
    """Return a copy of ``params`` with every string value decrypted.

    With ``strict=False`` a string that does not decrypt is kept as it is instead of raising,
    for rows that hold plain values (written by hand or by an older tool); callers showing such
    values must still treat them as secrets.
    """
    result: dict[str, Any] = {}
    for name, value in params.items():
        if not isinstance(value, str):
            result[name] = value
            continue
        try:
            result[name] = decrypt_value(value, signing_key)
        except DecryptionError as exc:
            if strict:
                raise DecryptionError(f"{name}: {exc}") from exc
            result[name] = value
    return result


def is_env_reference(value: object) -> bool:
    """Return True for ``"os.environ/NAME"``, a secret the proxy reads from its environment."""
    return (
        isinstance(value, str)
        and value.startswith(ENV_REFERENCE_PREFIX)
        and len(value) > len(ENV_REFERENCE_PREFIX)
    )

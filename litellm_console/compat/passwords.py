"""``LiteLLM_UserTable.password``: every format LiteLLM has written, and how to check them.

- mid-2024 (1.41): plaintext, or unsalted ``sha256(pw).hexdigest()``; login accepted either.
- current (1.83+): ``"scrypt:" + b64(salt16 + scrypt(pw, n=16384, r=8, p=1, dklen=32))``, or
  ``"pbkdf2:" + b64(salt16 + pbkdf2_hmac("sha256", pw, salt, 600000, 32))`` in FIPS mode; it
  still accepts 64-hex SHA-256 but rejects plaintext.

Which format to write is the caller's choice: a mid-2024 proxy cannot read scrypt or pbkdf2, so
a console in front of one must write ``"sha256"``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
from typing import Literal

PasswordFormat = Literal["scrypt", "pbkdf2", "sha256"]
PASSWORD_FORMATS: tuple[str, ...] = ("scrypt", "pbkdf2", "sha256")

SCRYPT_PREFIX = "scrypt:"
PBKDF2_PREFIX = "pbkdf2:"

SALT_BYTES = 16
DKLEN = 32
SCRYPT_N = 16384
SCRYPT_R = 8
SCRYPT_P = 1
# scrypt needs 128 * n * r bytes (16 MiB here); OpenSSL's default limit of 32 MiB is too tight
# once its own overhead is counted, so raise it explicitly.
SCRYPT_MAXMEM = 64 * 1024 * 1024
PBKDF2_ITERATIONS = 600_000

_SHA256_HEX_RE = re.compile(r"[0-9a-fA-F]{64}")


def _scrypt(password: str, salt: bytes) -> bytes:
    return hashlib.scrypt(
        password.encode(),
        salt=salt,
        n=SCRYPT_N,
        r=SCRYPT_R,
        p=SCRYPT_P,
        dklen=DKLEN,
        maxmem=SCRYPT_MAXMEM,
    )


def _pbkdf2(password: str, salt: bytes) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, PBKDF2_ITERATIONS, DKLEN)


def make_password(password: str, fmt: str = "scrypt", *, salt: bytes | None = None) -> str:
    """Hash ``password`` in LiteLLM's ``fmt`` ("scrypt", "pbkdf2" or "sha256").

    ``salt`` (16 bytes) exists for known-answer tests only; leave it out so a fresh random salt
    is used. The "sha256" format is unsalted by design (that is what mid-2024 LiteLLM reads), so
    it refuses a salt.
    """
    if not isinstance(password, str) or not password:
        raise ValueError("make_password() needs a non-empty password string")
    if fmt not in PASSWORD_FORMATS:
        raise ValueError(f"Unknown password format {fmt!r}; expected one of {PASSWORD_FORMATS}")
    if fmt == "sha256":
        if salt is not None:
            raise ValueError("The sha256 password format is unsalted")
        return hashlib.sha256(password.encode()).hexdigest()
    if salt is None:
        salt = os.urandom(SALT_BYTES)
    elif len(salt) != SALT_BYTES:
        raise ValueError(f"salt must be {SALT_BYTES} bytes")
    if fmt == "scrypt":
        return SCRYPT_PREFIX + base64.b64encode(salt + _scrypt(password, salt)).decode("ascii")
    return PBKDF2_PREFIX + base64.b64encode(salt + _pbkdf2(password, salt)).decode("ascii")


def password_format(stored: str | None) -> str:
    """Name the format of a stored password: scrypt, pbkdf2, sha256, plaintext or none.

    Only the shape is checked: a malformed ``"scrypt:..."`` value still reports "scrypt" (and
    will never verify).
    """
    if not isinstance(stored, str) or not stored:
        return "none"
    if stored.startswith(SCRYPT_PREFIX):
        return "scrypt"
    if stored.startswith(PBKDF2_PREFIX):
        return "pbkdf2"
    if _SHA256_HEX_RE.fullmatch(stored):
        return "sha256"
    return "plaintext"


def _split_salted(stored: str, prefix: str) -> tuple[bytes, bytes] | None:
    """Decode ``prefix + b64(salt16 + dk32)``; None if it is not exactly that shape."""
    try:
        blob = base64.b64decode(stored[len(prefix) :], validate=True)
    except (binascii.Error, ValueError):
        return None
    if len(blob) != SALT_BYTES + DKLEN:
        return None
    return blob[:SALT_BYTES], blob[SALT_BYTES:]


def verify_password(password: str, stored: str | None) -> bool:
    """Return True if ``password`` matches the stored value in any format LiteLLM wrote.

    Never raises: a missing, empty or malformed stored value is simply False, so a login form
    cannot be turned into an error page. Every comparison is constant-time. An empty password
    never verifies.
    """
    if not isinstance(password, str) or not password:
        return False
    if not isinstance(stored, str) or not stored:
        return False
    fmt = password_format(stored)
    try:
        if fmt in ("scrypt", "pbkdf2"):
            prefix = SCRYPT_PREFIX if fmt == "scrypt" else PBKDF2_PREFIX
            parts = _split_salted(stored, prefix)
            if parts is None:
                return False
            salt, expected = parts
            derive = _scrypt if fmt == "scrypt" else _pbkdf2
            return hmac.compare_digest(derive(password, salt), expected)
        if fmt == "sha256":
            # A 64-hex value is only ever treated as a hash, never also as a plaintext password:
            # otherwise anyone who read the hash from the database could log in with it.
            actual = hashlib.sha256(password.encode()).hexdigest()
            return hmac.compare_digest(actual, stored.lower())
        # Legacy mid-2024 plaintext. Compare bytes: compare_digest rejects non-ASCII str.
        return hmac.compare_digest(password.encode(), stored.encode())
    except (ValueError, TypeError, MemoryError, UnicodeError):
        # e.g. a lone surrogate in the password that cannot be encoded.
        return False

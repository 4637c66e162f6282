"""Passwords in every format LiteLLM wrote must verify, and nothing else may."""

import base64
import hashlib

import pytest

from litellm_console.compat import passwords

SALT = bytes(range(16))
PASSWORD = "correct horse battery staple"


def independent_scrypt(pw: str, salt: bytes) -> str:
    # Written out from the compat doc, not from the module, so a drift in either shows.
    dk = hashlib.scrypt(pw.encode(), salt=salt, n=16384, r=8, p=1, dklen=32, maxmem=64 << 20)
    return "scrypt:" + base64.b64encode(salt + dk).decode()


def independent_pbkdf2(pw: str, salt: bytes) -> str:
    dk = hashlib.pbkdf2_hmac("sha256", pw.encode(), salt, 600000, 32)
    return "pbkdf2:" + base64.b64encode(salt + dk).decode()


@pytest.fixture(scope="module")
def scrypt_stored() -> str:
    return independent_scrypt(PASSWORD, SALT)


@pytest.fixture(scope="module")
def pbkdf2_stored() -> str:
    return independent_pbkdf2(PASSWORD, SALT)


def test_sha256_known_answer():
    assert (
        passwords.make_password("hunter2", "sha256")
        == "f52fbd32b2b3b86ff88ef6c490628285f482af15ddcb29541f94bcf526a3f6c7"
    )


def test_scrypt_with_fixed_salt_matches_independent_computation(scrypt_stored):
    assert passwords.make_password(PASSWORD, "scrypt", salt=SALT) == scrypt_stored
    assert scrypt_stored.startswith("scrypt:")
    assert len(base64.b64decode(scrypt_stored[7:])) == 48


def test_pbkdf2_with_fixed_salt_matches_independent_computation(pbkdf2_stored):
    assert passwords.make_password(PASSWORD, "pbkdf2", salt=SALT) == pbkdf2_stored


def test_default_format_is_scrypt_with_random_salt():
    first = passwords.make_password(PASSWORD)
    second = passwords.make_password(PASSWORD)
    assert first.startswith("scrypt:")
    assert first != second
    assert passwords.verify_password(PASSWORD, first)
    assert passwords.verify_password(PASSWORD, second)


def test_verify_scrypt(scrypt_stored):
    assert passwords.verify_password(PASSWORD, scrypt_stored)
    assert not passwords.verify_password(PASSWORD + "!", scrypt_stored)


def test_verify_pbkdf2(pbkdf2_stored):
    assert passwords.verify_password(PASSWORD, pbkdf2_stored)
    assert not passwords.verify_password("wrong", pbkdf2_stored)


def test_verify_sha256():
    stored = hashlib.sha256(b"hunter2").hexdigest()
    assert passwords.verify_password("hunter2", stored)
    assert passwords.verify_password("hunter2", stored.upper())
    assert not passwords.verify_password("hunter3", stored)


def test_sha256_value_is_never_accepted_as_a_plaintext_password():
    # Otherwise someone who read the hash from the database could log in with the hash.
    stored = hashlib.sha256(b"hunter2").hexdigest()
    assert not passwords.verify_password(stored, stored)


def test_verify_legacy_plaintext():
    assert passwords.verify_password("hunter2", "hunter2")
    assert passwords.verify_password("pässwörd", "pässwörd")
    assert not passwords.verify_password("hunter2", "Hunter2")
    assert not passwords.verify_password("hunter", "hunter2")


def test_unicode_password_round_trips():
    for fmt in passwords.PASSWORD_FORMATS:
        stored = passwords.make_password("пароль-密码-🔑", fmt)
        assert passwords.verify_password("пароль-密码-🔑", stored)
        assert not passwords.verify_password("пароль-密码", stored)


@pytest.mark.parametrize(
    "stored",
    [
        None,
        "",
        "scrypt:",
        "scrypt:not base64!!",
        "scrypt:" + base64.b64encode(b"short").decode(),
        "scrypt:" + base64.b64encode(bytes(49)).decode(),
        "scrypt:" + base64.b64encode(bytes(48)).decode()[:-1],
        "pbkdf2:",
        "pbkdf2:%%%%",
        "pbkdf2:" + base64.b64encode(bytes(47)).decode(),
        "scrypt:" + base64.urlsafe_b64encode(bytes(range(200, 248))).decode(),
        12345,
        b"hunter2",
    ],
)
def test_malformed_stored_values_are_false_not_errors(stored):
    assert passwords.verify_password("hunter2", stored) is False


def test_a_valid_shape_with_wrong_bytes_is_false():
    stored = "scrypt:" + base64.b64encode(bytes(48)).decode()
    assert passwords.verify_password("hunter2", stored) is False


@pytest.mark.parametrize("password", ["", None, 42])
def test_empty_or_non_string_password_never_verifies(password):
    assert passwords.verify_password(password, "") is False
    assert passwords.verify_password(password, hashlib.sha256(b"").hexdigest()) is False


def test_unencodable_password_is_false_not_an_error():
    assert passwords.verify_password("\ud800", "hunter2") is False
    assert passwords.verify_password("\ud800", hashlib.sha256(b"x").hexdigest()) is False


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        (None, "none"),
        ("", "none"),
        ("scrypt:abc", "scrypt"),
        ("pbkdf2:abc", "pbkdf2"),
        ("a" * 64, "sha256"),
        ("A" * 64, "sha256"),
        ("a" * 63, "plaintext"),
        ("hunter2", "plaintext"),
        ("bcrypt:abc", "plaintext"),
    ],
)
def test_password_format(stored, expected):
    assert passwords.password_format(stored) == expected


def test_make_password_formats_are_named_correctly():
    for fmt in passwords.PASSWORD_FORMATS:
        assert passwords.password_format(passwords.make_password("x", fmt)) == fmt


def test_make_password_rejects_bad_input():
    with pytest.raises(ValueError):
        passwords.make_password("x", "md5")
    with pytest.raises(ValueError):
        passwords.make_password("")
    with pytest.raises(ValueError):
        passwords.make_password("x", "scrypt", salt=b"short")
    with pytest.raises(ValueError):
        passwords.make_password("x", "sha256", salt=SALT)

"""Virtual keys must hash and abbreviate exactly as LiteLLM does, or the proxy rejects them."""

import base64
import hashlib
import re

import pytest

from litellm_console.compat import keys

# LiteLLM's documentation uses "sk-1234" as the example master key; this is its token.
SK_1234_TOKEN = "88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b"


def test_hash_key_known_answer():
    assert keys.hash_key("sk-1234") == SK_1234_TOKEN


def test_hash_key_includes_the_prefix():
    raw = "sk-AbCdEfGhIjKlMnOpQrStUv"
    assert keys.hash_key(raw) == hashlib.sha256(raw.encode()).hexdigest()
    assert keys.hash_key(raw) != hashlib.sha256(raw[3:].encode()).hexdigest()


def test_hash_key_always_hashes_even_a_hash():
    # Strict on purpose: re-hashing a token must not be mistaken for "already hashed".
    assert keys.hash_key(SK_1234_TOKEN) == hashlib.sha256(SK_1234_TOKEN.encode()).hexdigest()
    assert keys.hash_key(SK_1234_TOKEN) != SK_1234_TOKEN


@pytest.mark.parametrize("bad", ["", None, 1234])
def test_hash_key_rejects_non_keys(bad):
    with pytest.raises(ValueError):
        keys.hash_key(bad)


def test_generate_key_shape():
    raw = keys.generate_key()
    assert len(raw) == 25
    assert re.fullmatch(r"sk-[A-Za-z0-9_-]{22}", raw)


def test_generate_key_is_random_urlsafe_base64():
    generated = {keys.generate_key() for _ in range(200)}
    assert len(generated) == 200
    # 22 characters of URL-safe base64 carry 128 bits; hex or a narrower alphabet would not.
    alphabet = set("".join(raw[3:] for raw in generated))
    assert alphabet - set("0123456789abcdef")
    assert any(c.isupper() for c in alphabet)
    assert all(len(base64.urlsafe_b64decode(raw[3:] + "==")) == 16 for raw in generated)


def test_abbreviate_key():
    assert keys.abbreviate_key("sk-AbCdEfGhIjKlMnOpQrStUv") == "sk-...StUv"
    assert keys.abbreviate_key("sk-1234") == "sk-...1234"


def test_abbreviate_key_rejects_too_short():
    with pytest.raises(ValueError):
        keys.abbreviate_key("sk")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (SK_1234_TOKEN, True),
        ("0" * 64, True),
        (SK_1234_TOKEN.upper(), False),
        (SK_1234_TOKEN[:-1], False),
        (SK_1234_TOKEN + "0", False),
        ("g" * 64, False),
        ("sk-1234", False),
        ("", False),
        (None, False),
    ],
)
def test_is_hashed_token(value, expected):
    assert keys.is_hashed_token(value) is expected


def test_new_key_columns_match_the_raw_key():
    key = keys.new_key()
    assert key.token == hashlib.sha256(key.raw.encode()).hexdigest()
    assert key.key_name == "sk-..." + key.raw[-4:]
    assert keys.is_hashed_token(key.token)


def test_new_key_repr_hides_the_raw_key():
    key = keys.new_key()
    assert key.raw not in repr(key)
    assert key.token in repr(key)


def test_new_key_is_immutable():
    key = keys.new_key()
    with pytest.raises(AttributeError):
        key.raw = "sk-other"  # type: ignore[misc]

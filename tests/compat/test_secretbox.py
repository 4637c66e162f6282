"""Secrets must round-trip with LiteLLM's own SecretBox scheme in both base64 alphabets."""

import base64
import hashlib

import nacl.secret
import nacl.utils
import pytest

from litellm_console.compat import secretbox

MASTER = "sk-1234"


def litellm_box(signing_key: str) -> nacl.secret.SecretBox:
    # What LiteLLM does, written out independently of the module under test.
    return nacl.secret.SecretBox(hashlib.sha256(signing_key.encode()).digest())


def test_encrypt_output_is_standard_base64_that_litellm_decrypts():
    stored = secretbox.encrypt_value("sk-provider-secret", MASTER)
    raw = base64.b64decode(stored, validate=True)
    assert len(raw) == 24 + 16 + len("sk-provider-secret")
    assert litellm_box(MASTER).decrypt(raw) == b"sk-provider-secret"


def test_encrypt_uses_a_fresh_nonce():
    assert secretbox.encrypt_value("same", MASTER) != secretbox.encrypt_value("same", MASTER)


def test_encrypt_never_uses_url_safe_characters():
    # Mid-2024 LiteLLM only reads standard base64; 50 values make '+' and '/' near-certain.
    values = [secretbox.encrypt_value(f"secret-{i}", MASTER) for i in range(50)]
    assert not any("-" in v or "_" in v for v in values)
    assert any("+" in v or "/" in v for v in values)


def test_decrypt_known_nonce_vector():
    nonce = bytes(range(24))
    stored = base64.b64encode(bytes(litellm_box(MASTER).encrypt(b"azure-key", nonce))).decode()
    assert secretbox.decrypt_value(stored, MASTER) == "azure-key"


def test_decrypt_url_safe_base64_from_nacl_directly():
    # Find a nonce whose encoding differs between alphabets, so the test proves something.
    for i in range(256):
        nonce = bytes([i]) * 24
        raw = bytes(litellm_box(MASTER).encrypt(b"https://example.openai.azure.com/", nonce))
        url_safe = base64.urlsafe_b64encode(raw).decode()
        if url_safe != base64.b64encode(raw).decode():
            break
    else:  # pragma: no cover
        pytest.fail("no nonce produced URL-safe-only characters")
    assert "-" in url_safe or "_" in url_safe
    assert secretbox.decrypt_value(url_safe, MASTER) == "https://example.openai.azure.com/"


def test_decrypt_tolerates_missing_padding_and_whitespace():
    stored = secretbox.encrypt_value("abc", MASTER)
    assert stored.endswith("=")
    assert secretbox.decrypt_value("  " + stored.rstrip("=") + "\n", MASTER) == "abc"


def test_round_trip_unicode():
    value = "ключ-密钥-🔑"
    assert secretbox.decrypt_value(secretbox.encrypt_value(value, MASTER), MASTER) == value


def test_salt_key_takes_precedence_over_master_key():
    assert secretbox.signing_key_from(MASTER, "salty") == "salty"
    assert secretbox.signing_key_from(MASTER, None) == MASTER
    assert secretbox.signing_key_from(MASTER, "") == MASTER
    with pytest.raises(ValueError):
        secretbox.signing_key_from(None, None)


def test_derive_key_is_sha256_digest():
    assert secretbox.derive_key(MASTER) == hashlib.sha256(b"sk-1234").digest()
    with pytest.raises(ValueError):
        secretbox.derive_key("")


def test_wrong_key_raises_decryption_error():
    stored = secretbox.encrypt_value("secret", MASTER)
    with pytest.raises(secretbox.DecryptionError, match="different"):
        secretbox.decrypt_value(stored, "sk-other")


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "   ",
        None,
        "not base64 at all!",
        base64.b64encode(b"too short").decode(),
        base64.b64encode(bytes(41)).decode(),
        "gpt-4o",
    ],
)
def test_garbage_raises_decryption_error(stored):
    with pytest.raises(secretbox.DecryptionError):
        secretbox.decrypt_value(stored, MASTER)


def test_tampered_ciphertext_raises():
    raw = bytearray(base64.b64decode(secretbox.encrypt_value("secret", MASTER)))
    raw[-1] ^= 1
    with pytest.raises(secretbox.DecryptionError):
        secretbox.decrypt_value(base64.b64encode(bytes(raw)).decode(), MASTER)


def test_non_utf8_plaintext_raises():
    raw = bytes(litellm_box(MASTER).encrypt(b"\xff\xfe"))
    with pytest.raises(secretbox.DecryptionError, match="UTF-8"):
        secretbox.decrypt_value(base64.b64encode(raw).decode(), MASTER)


def test_decryption_error_is_a_value_error():
    assert issubclass(secretbox.DecryptionError, ValueError)


def test_encrypt_value_refuses_non_strings():
    with pytest.raises(TypeError):
        secretbox.encrypt_value(3, MASTER)  # type: ignore[arg-type]


PARAMS = {
    "model": "azure/gpt-4o",
    "api_base": "https://example.openai.azure.com/",
    "api_key": "os.environ/AZURE_API_KEY",
    "rpm": 100,
    "timeout": 30.5,
    "stream": True,
    "max_retries": None,
    "tags": ["a", "b"],
    "extra": {"nested": "not encrypted"},
}


def test_encrypt_params_encrypts_only_strings():
    encrypted = secretbox.encrypt_params(PARAMS, MASTER)
    assert set(encrypted) == set(PARAMS)
    for name in ("model", "api_base", "api_key"):
        assert encrypted[name] != PARAMS[name]
        raw = base64.b64decode(encrypted[name], validate=True)
        assert litellm_box(MASTER).decrypt(raw).decode() == PARAMS[name]
    for name in ("rpm", "timeout", "stream", "max_retries", "tags", "extra"):
        assert encrypted[name] == PARAMS[name]
    assert PARAMS["model"] == "azure/gpt-4o"  # the input is not mutated


def test_params_round_trip():
    encrypted = secretbox.encrypt_params(PARAMS, MASTER)
    assert secretbox.decrypt_params(encrypted, MASTER) == PARAMS


def test_decrypt_params_strict_names_the_failing_field():
    encrypted = secretbox.encrypt_params({"model": "gpt-4o"}, MASTER)
    encrypted["api_base"] = "https://plain.example.com"
    with pytest.raises(secretbox.DecryptionError, match="api_base"):
        secretbox.decrypt_params(encrypted, MASTER)


def test_decrypt_params_lenient_keeps_plain_values():
    encrypted = secretbox.encrypt_params({"model": "gpt-4o"}, MASTER)
    encrypted["api_base"] = "https://plain.example.com"
    assert secretbox.decrypt_params(encrypted, MASTER, strict=False) == {
        "model": "gpt-4o",
        "api_base": "https://plain.example.com",
    }


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("os.environ/AZURE_API_KEY", True),
        ("os.environ/", False),
        ("OS.ENVIRON/X", False),
        ("sk-123", False),
        (None, False),
        (5, False),
    ],
)
def test_is_env_reference(value, expected):
    assert secretbox.is_env_reference(value) is expected

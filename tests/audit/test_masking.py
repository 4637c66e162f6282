"""What the audit log masks (LiteLLM's own masker is the yardstick) and what it keeps."""

import pytest

from apps.audit.snapshot import MASK, mask_secrets


@pytest.mark.parametrize(
    "name",
    [
        "api_key",
        "x-api-key",
        "Authorization",
        "hf_token",
        "github_token",
        "azure_ad_token",
        "key",
        "aws_secret_access_key",
        "client_secret",
        "private_key_pem",
        "db_password",
    ],
)
def test_secret_names_are_masked(name):
    assert mask_secrets({name: "value"}) == {name: MASK}


@pytest.mark.parametrize(
    "name, value",
    [
        ("input_cost_per_token", 0.000003),
        ("output_cost_per_token", 0.00001),
        ("max_tokens", 512),
        ("key_alias", "billing"),
        ("model", "gpt-4o"),
        ("user_api_key_alias", "ci"),
    ],
)
def test_ordinary_names_are_kept(name, value):
    assert mask_secrets({name: value}) == {name: value}


def test_a_raw_virtual_key_is_masked_under_any_name_and_at_any_depth():
    raw = "sk-" + "A1b2C3d4E5f6G7h8I9j0Kl"
    doc = {"note": raw, "nested": [{"comment": f"{raw}"}], "abbrev": "sk-...Kl"}
    assert mask_secrets(doc) == {"note": MASK, "nested": [{"comment": MASK}], "abbrev": "sk-...Kl"}

"""The redaction patterns (scanner.redact): what the adversarial review found missed, and what
must be kept because rules need it as evidence."""

from __future__ import annotations

import json

import pytest

from scanner.redact import REDACTED, is_secret_name, redact, redact_text
from scanner.redact.jsontext import redact_json_text

S = "Zq7hunter2Secret"  # the planted secret of these tests


@pytest.mark.parametrize("name", [
    "password", "DB_PASS", "db-pass", "dbPass", "pwd", "passwd", "PASSWORD", "adminUserPassword", "privateKeyData",
    "accountKey", "AccountKey", "sasToken", "connectionString", "primaryConnectionString", "clientSecret", "client_secret",
    "apiKey", "api-key", "InstrumentationKey", "SharedAccessKey", "primaryKey", "key1", "token", "refreshToken",
    "credentials", "sshPrivateKey", "passphrase", "secret", "storageAccessKey",
])
def test_secret_names_by_normalised_name(name: str) -> None:
    assert is_secret_name(name)
    assert redact({name: S}) == {name: REDACTED}


@pytest.mark.parametrize("name", [
    "disableLocalAuth", "allowSharedKeyAccess", "keyVaultArmId", "keyVault", "keyName", "keyVersion", "keyVaultUri",
    "keySource", "keyIdentifier", "credentialsType", "secretsType", "secretName", "keyVaultSecretId", "bypass",
    "publicNetworkAccess", "$skipToken", "partitionKey", "sshPublicKey", "tokenType", "authType", "authMode",
    "passwordLastSet", "secretUri", "sasPolicy", "networkAclBypass", "cmk_vault_secrets",
])
def test_names_that_describe_secrets_are_kept(name: str) -> None:
    assert not is_secret_name(name)


def test_evidence_is_kept() -> None:
    kept = {
        "disableLocalAuth": True, "allowSharedKeyAccess": False, "adminPassword": None, "password": "",
        "keyVaultArmId": "/subscriptions/s/resourceGroups/r/providers/Microsoft.KeyVault/vaults/kv",
        "keyVaultUri": "https://kv.vault.azure.net/", "credentials": {"credentialsType": "None"},
        "keyCreationTime": {"key1": "2026-04-02T15:26:12Z"}, "accessPolicies": [{"permissions": {"keys": ["get"], "secrets": ["all"]}}],
        "networkAcls": {"bypass": "AzureServices", "defaultAction": "Deny"}, "sasPolicy": {"sasExpirationPeriod": "1.00:00:00"},
        "publicNetworkAccess": "Disabled", "message": "Forbidden: the client 'x' has no authorization to perform action 'read' at 12:30",
        "adminUserPassword": REDACTED,
    }
    assert redact(kept) is kept


@pytest.mark.parametrize("text, gone, kept", [
    (f"password: {S}", S, "password: "),
    (f"DB_PASS={S} next", S, " next"),
    (f"AccountName=st;AccountKey={S}==;EndpointSuffix=core.windows.net", S, "EndpointSuffix=core.windows.net"),
    (f"InstrumentationKey={S};IngestionEndpoint=https://x.in.applicationinsights.azure.com/", S, "IngestionEndpoint"),
    (f"Endpoint=sb://n.servicebus.windows.net/;SharedAccessKeyName=r;SharedAccessKey={S}=", S, "SharedAccessKeyName=r"),
    (f"https://st.blob.core.windows.net/c/b?sv=2024-08-04&se=2027-01-01&sig={S}%3D&sp=r", S, "https://st.blob.core.windows.net/c/b"),
    (f"https://user:{S}@github.com/org/repo.git", S, "github.com/org/repo.git"),
    (f"Authorization: Bearer {S}.x", S, "Authorization"),
    (f"Basic password: {S}", S, "Basic password: "),  # a word like a scheme, then an assignment
    (f"Basic Authorization: Bearer {S}", S, "Basic Authorization: "),
    ("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl", "eyJzdWIi", "token"),
    (f"-----BEGIN RSA PRIVATE KEY-----\nMIIE{S}\n-----END RSA PRIVATE KEY-----", S, ""),
    (f"{{\"clientSecret\": \"{S}\"}}", S, "clientSecret"),
    ("A" * 86 + "==", "A" * 86, ""),
])
def test_secret_parts_of_text_are_replaced(text: str, gone: str, kept: str) -> None:
    out = redact_text(text) if not text.startswith("{") else redact({"v": text})["v"]
    assert gone not in out and kept in out and REDACTED in out
    assert redact_text(out) == out  # idempotent


def test_json_held_in_strings_is_parsed_and_redacted_at_every_depth() -> None:
    inner = json.dumps({"settings": json.dumps({"DB_PASS": S, "host": "db"})})
    out = redact({"properties": {"config": inner}})
    assert S not in json.dumps(out) and "db" in json.loads(json.loads(out["properties"]["config"])["settings"])["host"]


def test_secret_names_as_keys_are_renamed_uniquely() -> None:
    out = redact({f"password={S}": 1, f"AccountKey={S}": 2, "x": 3})
    assert S not in json.dumps(out) and list(out) == ["<redacted-key-1>", "<redacted-key-2>", "x"]


def test_deterministic_and_input_untouched() -> None:
    doc = {"a": [{"password": S, "url": f"https://h/?sig={S}"}], "b": f"pwd={S}"}
    copy = json.loads(json.dumps(doc))
    assert json.dumps(redact(doc)) == json.dumps(redact(copy)) and doc == copy


def test_json_text_rewriter_matches_the_tree_and_keeps_lines() -> None:
    doc = {"w": {"password": S, "n": 42, "DB_PASS": 7, "credentials": {"credentialsType": "None", "k": [S, 1, True]}}, f"pwd={S}": "x",
           "j": json.dumps({"clientSecret": S}), "s": f"AccountKey={S};x=1", "u": "ünïcode \u2028"}
    text = json.dumps(doc, indent=2, ensure_ascii=False)
    for size in (1, 5, 64, 1 << 20):
        out = "".join(redact_json_text(text[i : i + size] for i in range(0, len(text), size)))
        assert json.loads(out) == redact(doc) and out.count("\n") == text.count("\n") and S not in out


@pytest.mark.parametrize("name", ["hipaa-hardened", "service-defaults", "mixed-forbidden", "pii-marketing"])
def test_the_bundled_fixtures_hold_nothing_to_redact(name: str) -> None:
    from tests.conftest import FIXTURES

    doc = json.loads((FIXTURES / f"{name}.json").read_text())
    assert redact(doc) is doc

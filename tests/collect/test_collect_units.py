"""Unit tests: redaction, the read-only guard, links off the endpoint, clouds, the token credential."""

from __future__ import annotations

import json

import pytest

from scanner.collect.arm import ArmClient, ArmError, ArmSettings, WriteAttemptError, is_allowed_request
from scanner.collect.auth import StaticTokenCredential, build_credential, tenant_from_token
from scanner.collect.clouds import resolve_cloud
from scanner.errors import UsageError
from scanner.redact import REDACTED, redact, redact_text
from tests.collect.conftest import ARM_TOKEN
from tests.collect.replay import SUB_MAIN, TENANT


def test_redact_by_key_and_by_shape():
    storage_key = "A" * 86 + "=="
    doc = {
        "properties": {
            "adminUserPassword": "hunter2",
            "keyName": "cmk",
            "keyVaultUri": "https://kv.vault.azure.net",
            "credentialsType": "AccountKey",
            "secretsType": "AccountKey",
            "ConnectionString": "InstrumentationKey=abc",
            "blob": "DefaultEndpointsProtocol=https;AccountName=x;AccountKey=abc==;EndpointSuffix=core.windows.net",
            "url": "https://x.blob.core.windows.net/c/b?sv=2024-08-04&sp=r&sig=abc%3D",
            "list": [storage_key, "plain"],
            "nested": {"clientSecret": "s3cr3t", "sshPort": 22, "enabled": True},
            "empty_password": "",
        }
    }
    out = redact(doc)["properties"]
    assert out["adminUserPassword"] == REDACTED
    assert out["keyName"] == "cmk" and out["keyVaultUri"] == "https://kv.vault.azure.net"
    assert out["credentialsType"] == "AccountKey" and out["secretsType"] == "AccountKey"
    assert out["ConnectionString"] == REDACTED
    # Inside text only the secret part goes: the account and the URL's host stay as evidence.
    assert out["blob"] == "DefaultEndpointsProtocol=https;AccountName=x;AccountKey=<redacted>;EndpointSuffix=core.windows.net"
    assert out["url"] == "https://x.blob.core.windows.net/c/b?sv=2024-08-04&sp=r&sig=<redacted>"
    assert out["list"] == [REDACTED, "plain"]
    assert out["nested"] == {"clientSecret": REDACTED, "sshPort": 22, "enabled": True}
    assert out["empty_password"] == ""
    assert doc["properties"]["adminUserPassword"] == "hunter2"  # input untouched


def test_redact_text_keeps_the_message():
    message = "Operation failed for https://a.blob.core.windows.net/c?sv=2024-01-01&sig=XYZ: AccountKey=abc; denied"
    out = redact_text(message)
    assert "XYZ" not in out and "AccountKey=abc" not in out and out.startswith("Operation failed")


@pytest.mark.parametrize(
    "method, path, allowed",
    [
        ("GET", "/subscriptions/s/resourceGroups/r/providers/Microsoft.Storage/storageAccounts/a", True),
        ("POST", "/providers/Microsoft.ResourceGraph/resources", True),
        ("POST", "/subscriptions/s/resourceGroups/r/providers/Microsoft.Storage/storageAccounts/a/listKeys", False),
        ("GET", "/subscriptions/s/providers/Microsoft.MachineLearningServices/workspaces/w/listSecrets", False),
        ("POST", "/subscriptions/s/providers/Microsoft.MachineLearningServices/workspaces/w/connections/c/listsecrets", False),
        ("GET", "/subscriptions/s/providers/Microsoft.ContainerRegistry/registries/a/listCredentials", False),
        ("POST", "/subscriptions/s/providers/Microsoft.Storage/storageAccounts/a/regenerateKey", False),
        ("PUT", "/subscriptions/s/resourceGroups/r", False),
        ("PATCH", "/subscriptions/s/resourceGroups/r", False),
        ("DELETE", "/subscriptions/s/resourceGroups/r", False),
        ("POST", "/subscriptions/s/providers/Microsoft.MachineLearningServices/register", False),
        ("GET", "/subscriptions/s/providers/Microsoft.MachineLearningServices/workspaces/w/listStorageAccountKeys", False),
        ("GET", "/subscriptions/s/providers/Microsoft.MachineLearningServices/workspaces/w/listNotebookKeys", False),
        ("GET", "/subscriptions/s/providers/Microsoft.Web/sites/a/config/appsettings/list", False),
        ("GET", "/subscriptions/s/providers/Microsoft.Storage/storageAccounts/a/listAccountSas", False),
        ("GET", "/subscriptions/s/resourceGroups/listing/providers/Microsoft.Storage/storageAccounts/a", True),
    ],
)
def test_read_only_rule(method, path, allowed):
    assert is_allowed_request(method, path) is allowed


def test_pipeline_refuses_writes_before_sending(clean_replay, ca_bundle):
    from azure.core.rest import HttpRequest

    client = ArmClient(ArmSettings(clean_replay.base, "https://management.azure.com/.default", str(ca_bundle), 2, 0), StaticTokenCredential(ARM_TOKEN))
    try:
        for method, path in (("PUT", f"/subscriptions/{SUB_MAIN}/resourceGroups/x"), ("POST", f"/subscriptions/{SUB_MAIN}/x/listKeys")):
            with pytest.raises(WriteAttemptError):
                client._pipeline.send_request(HttpRequest(method, clean_replay.base + path))
        with pytest.raises(ArmError, match="off the Resource Manager endpoint"):
            client.get_json("https://management.azure.com/subscriptions", "2022-12-01")
        with pytest.raises(ArmError, match="off the Resource Manager endpoint"):
            client.get_json(clean_replay.base.replace("https", "http") + "/subscriptions", "2022-12-01")
    finally:
        client.close()
    assert clean_replay.tenant.seen == []


def test_clouds():
    assert resolve_cloud("AzureCloud").arm_endpoint == "https://management.azure.com"
    gov = resolve_cloud("AzureUSGovernment")
    assert gov.arm_endpoint == "https://management.usgovcloudapi.net" and gov.scope == "https://management.usgovcloudapi.net/.default"
    assert resolve_cloud("AzureChinaCloud").authority_host == "https://login.chinacloudapi.cn"
    custom = resolve_cloud("AzureCloud", "https://arm.contoso.example:8443/")
    assert custom.arm_endpoint == "https://arm.contoso.example:8443" and custom.scope == "https://management.azure.com/.default"
    with pytest.raises(UsageError):
        resolve_cloud("AzureGermanCloud")
    with pytest.raises(UsageError):
        resolve_cloud("AzureCloud", "http://arm.contoso.example")


def test_token_credential_never_shows_the_token(monkeypatch):
    monkeypatch.setenv("AMLSCAN_ARM_TOKEN", ARM_TOKEN)
    credential = build_credential("token", resolve_cloud("AzureCloud"))
    assert ARM_TOKEN not in repr(credential) and ARM_TOKEN not in str(vars(credential))
    assert credential.get_token("https://management.azure.com/.default").token == ARM_TOKEN
    assert credential.get_token_info("https://management.azure.com/.default").expires_on == 4102444800
    assert tenant_from_token(ARM_TOKEN) == TENANT
    monkeypatch.delenv("AMLSCAN_ARM_TOKEN")
    with pytest.raises(UsageError):
        build_credential("token", resolve_cloud("AzureCloud"))


def test_help_does_not_import_the_azure_sdk():
    import subprocess
    import sys

    code = "import sys; from scanner.cli import build_parser; build_parser(); print(any(m.startswith('azure') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "False", out.stderr


def test_status_classification_past_the_retry_budget(clean_replay, ca_bundle):
    from tests.collect.replay import Response

    tenant = clean_replay.tenant
    tenant.add("/throttled", Response(429, {"error": {"code": "TooManyRequests", "message": "slow down"}}, headers={"Retry-After": "0"}))
    tenant.add("/unauthorized", Response(401, {"error": {"code": "InvalidAuthenticationToken", "message": "expired"}}))
    tenant.add("/broken", Response(503, {"error": {"code": "ServiceUnavailable", "message": "down"}}))
    tenant.add("/notalist", Response(body={"items": []}))
    client = ArmClient(ArmSettings(clean_replay.base, "https://management.azure.com/.default", str(ca_bundle), 2, 1, 0.01), StaticTokenCredential(ARM_TOKEN))
    try:
        with pytest.raises(ArmError) as throttled:
            client.get_json("/throttled", "1")
        assert throttled.value.status == "error" and "retry budget" in throttled.value.message
        with pytest.raises(ArmError) as unauthorized:
            client.get_json("/unauthorized", "1")
        assert unauthorized.value.status == "forbidden" and "InvalidAuthenticationToken" in unauthorized.value.message
        with pytest.raises(ArmError) as broken:
            client.get_json("/broken", "1")
        assert broken.value.status == "error" and "ServiceUnavailable" in broken.value.message
        with pytest.raises(ArmError, match="no 'value' array"):
            client.list_items("/notalist", "1")
    finally:
        client.close()
    counts = {p: sum(1 for r in tenant.seen if r.path == p) for p in ("/throttled", "/broken", "/unauthorized")}
    assert counts == {"/throttled": 2, "/broken": 2, "/unauthorized": 1}  # one retry each, none on 401


def test_progress_bar_on_does_not_break_collection(clean_replay, ca_bundle, arm_token):
    from scanner.collect import CollectOptions, collect_snapshot

    snapshot = collect_snapshot(CollectOptions(
        subscriptions=[SUB_MAIN], workspace="mlw-alpha", auth="token", arm_endpoint=clean_replay.base,
        ca_bundle=str(ca_bundle), progress=True, max_workers=1,
    ))
    assert [w["id"].rsplit("/", 1)[-1] for w in snapshot["workspaces"]] == ["mlw-alpha"]


def test_redaction_covers_tokens_headers_key_lists_and_url_credentials():
    from scanner.redact import REDACTED, redact

    planted = {
        "authorization": "Bearer 0.AAAA-opaque-token-value",
        "headers": {"Authorization": "Bearer abcdefghijkl"},
        "apiToken": "sk-proj-xyz",
        "subscriptionKey": "0123",
        "primaryMasterKey": "abc",
        "keys": ["0123", "4567"],
        "url": "https://user:P4ssw0rd!@example.com/repo.git",
        "note": "called with bearer eyJhbGciOi.payload-part",
    }
    out = redact(planted)
    text = json.dumps(out)
    assert not any(secret in text for secret in ("opaque-token", "abcdefghijkl", "sk-proj", "0123", "4567", "P4ssw0rd", "payload-part")), out
    assert out["keys"] == [REDACTED, REDACTED] and out["headers"] == {"Authorization": REDACTED}
    assert out["url"] == "https://<redacted>@example.com/repo.git" and out["note"] == "called with bearer <redacted>"
    kept = {"$skipToken": "page2", "authMode": "AADToken", "credentialsType": "AccountKey", "enableNodePublicIp": False}
    assert redact(kept) == kept

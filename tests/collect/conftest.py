"""Fixtures: a test CA, the recorded tenant with its faults, the loopback ARM server."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from tests.collect.replay import SUB_MAIN, SUB_OTHER, TENANT, ReplayServer, ReplayTenant, Response, Workspace

ALPHA = Workspace(SUB_MAIN, "rg-ml-prod", "mlw-alpha", "stalphadata", "kv-alpha-ml", "cralphaml", "appi-alpha")
BETA = Workspace(SUB_MAIN, "rg-ml-prod", "mlw-beta", "stbetadata", "kv-beta-ml", "crbetaml", "appi-beta")
GAMMA = Workspace(SUB_MAIN, "rg-ml-lab", "mlw-gamma", "stgammadata", "kv-gamma-ml", "crgammaml", "appi-gamma")
DELTA = Workspace(SUB_OTHER, "rg-ml-eu", "mlw-delta", "stdeltadata", "kv-delta-ml", "crdeltaml", "appi-delta")
ALL = [ALPHA, BETA, GAMMA, DELTA]

SLOW_SECONDS = 2.5
TIMEOUT_SECONDS = 1.0


def _fake_jwt() -> str:
    def part(obj: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")

    return ".".join([part({"alg": "none", "typ": "JWT"}), part({"tid": TENANT, "aud": "https://management.azure.com", "exp": 4102444800, "oid": "PLANTEDoid"}), "c2lnbmF0dXJlLW5vdC1jaGVja2Vk"])


ARM_TOKEN = _fake_jwt()


def add_faults(tenant: ReplayTenant) -> None:
    """The fault plan (see docs/collect.md): one workspace healthy, two with failures."""
    # beta: storage account deleted; role assignments at the workspace refused
    tenant.add(BETA.storage_id, Response(404, {"error": {"code": "ResourceNotFound", "message": f"The Resource 'Microsoft.Storage/storageAccounts/{BETA.st}' under resource group '{BETA.rg}' was not found."}}))
    tenant.add(f"{BETA.id}/providers/Microsoft.Authorization/roleAssignments",
               Response(403, {"error": {"code": "AuthorizationFailed", "message": "The client does not have authorization to perform action 'Microsoft.Authorization/roleAssignments/read'."}}))
    g = GAMMA.id
    page1 = tenant.routes[("GET", f"{g}/computes".lower(), "")][0]
    # gamma: throttled once (Retry-After), 500 once, malformed JSON, nextLink cycle, too slow
    tenant.add(f"{g}/computes", Response(429, {"error": {"code": "TooManyRequests", "message": "throttled"}}, headers={"Retry-After": "1"}), page1)
    datastores = tenant.routes[("GET", f"{g}/datastores".lower(), "")][0]
    tenant.add(f"{g}/datastores", Response(500, {"error": {"code": "InternalServerError", "message": "boom"}}), datastores)
    tenant.add(f"{g}/connections", Response(raw=b'{"value": [{"id": "/subscriptions/x", "properties": {"authType": '))
    endpoints = tenant.routes[("GET", f"{g}/onlineEndpoints".lower(), "")][0].body
    link = tenant.base + g + "/onlineEndpoints?api-version=2025-12-01&$skiptoken="
    tenant.add(f"{g}/onlineEndpoints", Response(body={**endpoints, "nextLink": link + "p2"}))
    tenant.add(f"{g}/onlineEndpoints", Response(body={"value": [], "nextLink": link + "p3"}), skiptoken="p2")
    tenant.add(f"{g}/onlineEndpoints", Response(body={"value": [], "nextLink": link + "p2"}), skiptoken="p3")
    batch = tenant.routes[("GET", f"{g}/batchEndpoints".lower(), "")][0].body
    tenant.add(f"{g}/batchEndpoints", Response(body=batch, delay=SLOW_SECONDS))


@pytest.fixture(scope="session")
def ca():
    trustme = pytest.importorskip("trustme")
    return trustme.CA()


@pytest.fixture(scope="session")
def ca_bundle(ca, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return path


@pytest.fixture()
def replay(ca):
    tenant = ReplayTenant(ALL)
    with ReplayServer(tenant, ca) as server:
        add_faults(tenant)
        yield server


@pytest.fixture()
def clean_replay(ca):
    """The same tenant with no faults (for discovery and budget tests that need no slow paths)."""
    with ReplayServer(ReplayTenant(ALL), ca) as server:
        yield server


@pytest.fixture()
def arm_token(monkeypatch) -> str:
    monkeypatch.setenv("AMLSCAN_ARM_TOKEN", ARM_TOKEN)
    return ARM_TOKEN

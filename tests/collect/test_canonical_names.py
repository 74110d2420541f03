"""The live path: resource providers do not always answer in ARM's canonical casing; the
collector writes canonical names, so rules see one spelling whatever the source."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner.cli import main
from tests.collect.conftest import ALL, ALPHA, ARM_TOKEN
from tests.collect.replay import SUB_MAIN, ReplayServer, ReplayTenant, Response

APPI = ALPHA.res("Microsoft.Insights/components", ALPHA.appi)


def test_collector_writes_canonical_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    trustme = pytest.importorskip("trustme")
    ca = trustme.CA()
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("AMLSCAN_ARM_TOKEN", ARM_TOKEN)
    tenant = ReplayTenant(ALL)
    with ReplayServer(tenant, ca) as server:
        body = json.loads(json.dumps(tenant.routes[("GET", ALPHA.id.lower(), "")][0].body))
        props = body["properties"]
        props["PublicNetworkAccess"] = props.pop("publicNetworkAccess")
        props["ManagedNetwork"] = {"IsolationMode": props.pop("managedNetwork")["isolationMode"]}
        tenant.add(ALPHA.id, Response(body=body))
        insights = json.loads(json.dumps(tenant.routes[("GET", APPI.lower(), "")][0].body))
        insights["properties"]["disableLocalAuth"] = True
        insights["properties"].pop("DisableLocalAuth", None)
        tenant.add(APPI, Response(body=insights))
        out = tmp_path / "snap.json"
        code = main(["collect", "--auth", "token", "--arm-endpoint", server.base, "--ca-bundle", str(bundle), "--output", str(out),
                     "--subscription", SUB_MAIN, "--workspace", ALPHA.ws, "--no-progress"])
    assert code == 0
    (entry,) = json.loads(out.read_text("utf-8"))["workspaces"]
    ws = entry["workspace"]["resource"]["properties"]
    assert ws["publicNetworkAccess"] == "Disabled" and "PublicNetworkAccess" not in ws
    assert ws["managedNetwork"] == {"isolationMode": "AllowOnlyApprovedOutbound"}
    assert entry["application_insights"]["resource"]["properties"]["DisableLocalAuth"] is True

"""Synthetic snapshots for the benchmark: N workspaces built from the bundled fixtures' shapes.

Each synthetic workspace is a copy of one of the four fixture workspaces (a HIPAA-hardened one,
two from the mixed/forbidden fixture, one on service defaults) renamed into its own subscription
and resource group, with a realistic mix of settings flipped at random: public network access,
customer-managed keys, managed network isolation, storage, Key Vault and registry hardening,
compute local auth and public IPs, missing diagnostic settings, sections refused (forbidden).
So sizes are the fixtures' sizes (20-55 kB of JSON per workspace) and verdicts are a mix of pass,
fail and unknown. Deterministic for a given (N, seed).

The file is written the way `amlscan collect` writes (sorted keys, two-space indent) but streamed
one workspace at a time, so generating 10,000 workspaces needs little memory.

    python bench/generate.py 1000 --seed 7 -o /tmp/snap-1000.json
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
WORKSPACES_PER_SUBSCRIPTION = 40
WORKSPACES_PER_RESOURCE_GROUP = 4
# (fixture file, workspace index, weight): most tenants are a mix of hardened and default workspaces.
TEMPLATES = (
    ("hipaa-hardened.json", 0, 35),
    ("mixed-forbidden.json", 0, 20),
    ("mixed-forbidden.json", 1, 10),
    ("service-defaults.json", 0, 35),
)
FLIP_PROBABILITY = 0.25
DELETE = object()

# (section, path inside its resource, candidate values): one setting a rule judges.
SETTINGS: tuple[tuple[str, tuple[str, ...], tuple[Any, ...]], ...] = (
    ("workspace", ("properties", "publicNetworkAccess"), ("Enabled", "Disabled", DELETE)),
    ("workspace", ("properties", "hbiWorkspace"), (True, False)),
    ("workspace", ("properties", "encryption"), (DELETE,)),
    ("workspace", ("properties", "managedNetwork", "isolationMode"), ("Disabled", "AllowInternetOutbound", "AllowOnlyApprovedOutbound")),
    ("workspace", ("properties", "systemDatastoresAuthMode"), ("identity", "accesskey")),
    ("workspace", ("properties", "allowPublicAccessWhenBehindVnet"), (True, False)),
    ("storage_account", ("properties", "allowBlobPublicAccess"), (True, False)),
    ("storage_account", ("properties", "minimumTlsVersion"), ("TLS1_0", "TLS1_2")),
    ("storage_account", ("properties", "allowSharedKeyAccess"), (True, False)),
    ("storage_account", ("properties", "publicNetworkAccess"), ("Enabled", "Disabled")),
    ("key_vault", ("properties", "enablePurgeProtection"), (True, DELETE)),
    ("key_vault", ("properties", "enableRbacAuthorization"), (True, False)),
    ("key_vault", ("properties", "publicNetworkAccess"), ("Enabled", "Disabled")),
    ("container_registry", ("properties", "adminUserEnabled"), (True, False)),
    ("container_registry", ("properties", "publicNetworkAccess"), ("Enabled", "Disabled")),
    ("application_insights", ("properties", "DisableLocalAuth"), (True, False)),
)
COMPUTE_SETTINGS = (
    (("properties", "disableLocalAuth"), (True, False)),
    (("properties", "properties", "enableNodePublicIp"), (True, False)),
)
# Sections an identity is often refused (Reader without Microsoft.Authorization/*/read etc.).
REFUSABLE = ("role_assignments", "policy_assignments", "metric_alerts")


def _guid(rng: random.Random) -> str:
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"


def _templates() -> list[tuple[str, dict[str, Any], dict[str, Any], int]]:
    """(entry JSON text, entry names, subscription entry, weight) per template."""
    out = []
    for name, index, weight in TEMPLATES:
        snapshot = json.loads((FIXTURES / name).read_text("utf-8"))
        entry = snapshot["workspaces"][index]
        parts = entry["id"].split("/")
        names = {"sub": parts[2], "rg": parts[4], "ws": parts[-1]}
        subscription = next(s for s in snapshot["subscriptions"] if s["subscription_id"].lower() == names["sub"].lower())
        out.append((json.dumps(entry), names, subscription, weight))
    return out


def _replace(text: str, old: str, new: str) -> str:
    return re.sub(re.escape(old), new, text, flags=re.IGNORECASE)


def _set(resource: Any, path: tuple[str, ...], value: Any) -> None:
    node = resource
    for key in path[:-1]:
        if not isinstance(node, dict) or not isinstance(node.get(key), dict):
            return
        node = node[key]
    if not isinstance(node, dict):
        return
    if value is DELETE:
        node.pop(path[-1], None)
    else:
        node[path[-1]] = value


def _mutate(entry: dict[str, Any], rng: random.Random) -> None:
    for section, path, values in SETTINGS:
        if rng.random() < FLIP_PROBABILITY:
            resource = (entry.get(section) or {}).get("resource")
            if isinstance(resource, dict):
                _set(resource, path, rng.choice(values))
    for compute in (entry.get("computes") or {}).get("items") or []:
        for path, values in COMPUTE_SETTINGS:
            if rng.random() < FLIP_PROBABILITY:
                _set(compute, path, rng.choice(values))
    for section in (entry.get("diagnostic_settings") or {}).values():
        if isinstance(section, dict) and rng.random() < FLIP_PROBABILITY / 2:
            section["items"] = []  # no diagnostic setting on this resource
    for name in REFUSABLE:
        section = entry.get(name)
        if isinstance(section, dict) and "status" in section and rng.random() < 0.04:
            entry[name] = {"status": "forbidden", "api_version": section.get("api_version", "2022-04-01"),
                           "message": "AuthorizationFailed: The client does not have authorization to perform this action.", "items": []}


def workspaces(n: int, seed: int = 1) -> Iterator[tuple[dict[str, Any], dict[str, Any] | None]]:
    """(workspace entry, subscription entry when this workspace opens a new subscription)."""
    rng = random.Random(seed)
    templates = _templates()
    weights = [t[3] for t in templates]
    subscription_id = ""
    resource_group = ""
    for i in range(n):
        text, names, subscription, _ = rng.choices(templates, weights)[0]
        new_subscription = None
        if i % WORKSPACES_PER_SUBSCRIPTION == 0:
            subscription_id = _guid(rng)
            new_subscription = json.loads(_replace(json.dumps(subscription), names["sub"], subscription_id))
            new_subscription["display_name"] = f"sub-bench-{i // WORKSPACES_PER_SUBSCRIPTION:04d}"
        if i % WORKSPACES_PER_RESOURCE_GROUP == 0:
            resource_group = f"rg-bench-{i // WORKSPACES_PER_RESOURCE_GROUP:05d}"
        workspace = f"mlw-bench-{i:06d}"
        # Longest names first: a workspace name can contain the resource group's name.
        text = _replace(text, names["ws"], workspace)
        text = _replace(text, names["rg"], resource_group)
        text = _replace(text, names["sub"], subscription_id)
        entry = json.loads(text)
        _mutate(entry, rng)
        yield entry, new_subscription


def _indented(value: Any, level: int) -> str:
    text = json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)
    pad = " " * (2 * level)
    return text.replace("\n", "\n" + pad)


def write(n: int, path: Path, seed: int = 1) -> dict[str, int]:
    """Write a snapshot of n workspaces; returns {bytes, workspaces, subscriptions}."""
    subscriptions: list[dict[str, Any]] = []
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".ws.tmp")
    count = 0
    # Workspaces first (to a side file), since the sorted top level puts subscriptions before them.
    with tmp.open("w", encoding="utf-8") as side:
        for entry, subscription in workspaces(n, seed):
            if subscription is not None:
                subscriptions.append(subscription)
            side.write(("" if count == 0 else ",\n") + "    " + _indented(entry, 2))
            count += 1
    head = {
        "collected_at": "2026-11-27T08:00:00Z",
        "scanner": {"name": "amlscan-bench-generator", "version": "1"},
        "schema_version": "1",
        "source": {"kind": "fixture", "location": f"bench/generate.py n={n} seed={seed}", "cloud": "AzureCloud",
                   "scope": [f"/subscriptions/{s['subscription_id']}" for s in subscriptions]},
        "subscriptions": subscriptions,
        "tenant_id": "7c1d4e2a-9b3f-4a6e-8d5c-2f0e1b9a7c43",
    }
    with path.open("w", encoding="utf-8") as out:
        out.write("{\n")
        for key in sorted(head):
            out.write(f'  "{key}": {_indented(head[key], 1)},\n')
        out.write('  "workspaces": [\n' if count else '  "workspaces": []\n}\n')
        if count:
            with tmp.open("r", encoding="utf-8") as side:
                while chunk := side.read(1 << 20):
                    out.write(chunk)
            out.write("\n  ]\n}\n")
    tmp.unlink()
    return {"bytes": path.stat().st_size, "workspaces": count, "subscriptions": len(subscriptions)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of workspaces")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args(argv)
    info = write(args.n, args.output, args.seed)
    print(json.dumps(info), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

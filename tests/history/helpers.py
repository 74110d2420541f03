"""Helpers for the history tests: a drifted copy of a fixture, scanning through the CLI in-process."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURES = ROOT / "fixtures"
HARDENED = FIXTURES / "hipaa-hardened.json"
NEW_OWNER_ID = "0000aaaa-1111-2222-3333-444455556666"
NEW_OWNER_PRINCIPAL = "99999999-8888-7777-6666-555555555555"


def drifted_copy(source: Path, target: Path, collected_at: str = "2026-11-21T08:00:00Z") -> dict[str, Any]:
    """The fixture with publicNetworkAccess flipped to Enabled and a new Owner role assignment on the workspace."""
    data = json.loads(source.read_text(encoding="utf-8"))
    workspace = data["workspaces"][0]
    workspace["workspace"]["resource"]["properties"]["publicNetworkAccess"] = "Enabled"
    items = workspace["role_assignments"][workspace["id"].lower()]["items"]
    owner = copy.deepcopy(items[0])
    owner["assignment"]["id"] = owner["assignment"]["id"].rsplit("/", 1)[0] + "/" + NEW_OWNER_ID
    owner["assignment"]["name"] = NEW_OWNER_ID
    owner["assignment"]["properties"]["principalId"] = NEW_OWNER_PRINCIPAL
    owner["assignment"]["properties"]["principalType"] = "User"
    owner["assignment"]["properties"]["roleDefinitionId"] = "/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635"
    owner["role_definition"]["id"] = owner["assignment"]["properties"]["roleDefinitionId"]
    owner["role_definition"]["properties"]["roleName"] = "Owner"
    items.append(owner)
    data["collected_at"] = collected_at
    target.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return data


def amlscan(*argv: str) -> int:
    from scanner.cli import main

    return main(list(argv))

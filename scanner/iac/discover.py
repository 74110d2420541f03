"""Walk a folder, classify JSON files (ARM template, parameters file, what-if result, Terraform
plan) and turn the scannable ones into one snapshot; also the entry point `amlscan scan` calls."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, cast

from scanner.errors import UsageError
from scanner.snapshot.load import Snapshot, validate_snapshot
from scanner.snapshot.model import SnapshotData

SKIP_DIRS = {".git", ".terraform", "node_modules", "__pycache__", ".venv"}


def classify(path: Path) -> str | None:
    """'arm-template', 'arm-parameters', 'arm-what-if', 'terraform-plan' or None (not IaC)."""
    try:
        head = path.read_bytes()[:4096].decode("utf-8-sig", errors="replace")
    except OSError:
        return None
    low = head.lower()  # subscriptionDeploymentTemplate.json, managementGroupDeploymentTemplate.json too
    if "deploymentparameters.json" in low:
        return "arm-parameters"
    if "deploymenttemplate.json" in low:
        return "arm-template"
    if '"format_version"' in head and ('"terraform_version"' in head or '"resource_changes"' in head or '"planned_values"' in head):
        return "terraform-plan"
    if '"changes"' in head and ('"changeType"' in head or '"resourceId"' in head):
        return "arm-what-if"
    return None


def discover(folder: Path) -> list[tuple[str, Path, Path | None]]:
    """(kind, file, parameters file) for every scannable file below folder, in path order.
    A template `x.json` pairs with `x.parameters.json` beside it when present."""
    found: list[tuple[str, Path, Path | None]] = []
    files = sorted(p for p in folder.rglob("*.json") if p.is_file() and not SKIP_DIRS.intersection(p.relative_to(folder).parts))
    for file in files:
        kind = classify(file)
        if kind is None or kind == "arm-parameters":
            continue
        params = file.with_name(file.name[: -len(".json")] + ".parameters.json") if kind == "arm-template" else None
        found.append((kind, file, params if params is not None and params.is_file() else None))
    return found


def _snapshot_of(kind: str, file: Path, params: Path | None) -> dict[str, Any]:
    if kind == "arm-template":
        from scanner.iac.arm_template import template_snapshot

        return template_snapshot(file, params)
    if kind == "arm-what-if":
        from scanner.iac.what_if import what_if_snapshot

        return what_if_snapshot(file)
    from scanner.iac.terraform_plan import plan_snapshot

    return plan_snapshot(file)


def _finish(data: dict[str, Any], shown: str, digest: str, validate: bool = False) -> Snapshot:
    """Normalised snapshots are valid by construction (tests/iac checks every fixture against the
    schema); validating each one costs as much as normalising it, so it is opt-in."""
    if validate:
        validate_snapshot(data, shown)
    return Snapshot(path=shown, data=cast(SnapshotData, data), text=None, sha256=digest, generated=True)


def iac_snapshot(kind: str, path: str, parameters: str | None = None) -> Snapshot:
    """One IaC input (or a folder when kind is 'folder') as a validated Snapshot."""
    file = Path(path)
    if kind == "folder":
        return folder_snapshot(file)
    if parameters and kind != "arm-template":
        raise UsageError("--parameters goes with --template")
    params = Path(parameters) if parameters else None
    data = _snapshot_of(kind, file, params)
    digest = hashlib.sha256(_evidence_bytes(file) + (_evidence_bytes(params) if params else b"")).hexdigest()
    return _finish(data, file.as_posix(), digest)


def _evidence_bytes(file: Path) -> bytes:
    """The input as the evidence bundle holds it: redacted when it holds a secret (scanner.redact)."""
    from scanner.redact.jsontext import redact_file_bytes

    return redact_file_bytes(file.read_bytes())


def folder_snapshot(folder: Path) -> Snapshot:
    if not folder.is_dir():
        raise UsageError(f"{folder.as_posix()}: not a folder")
    found = discover(folder)
    if not found:
        raise UsageError(f"{folder.as_posix()}: is a directory without ARM templates, what-if results or Terraform plans (expected a snapshot JSON file or a folder of infrastructure code)")
    digest = hashlib.sha256()
    workspaces: list[dict[str, Any]] = []
    subscriptions: list[dict[str, Any]] = []
    kinds: dict[str, int] = {}
    for kind, file, params in found:
        one = _snapshot_of(kind, file, params)
        workspaces += one["workspaces"]
        subscriptions += one.get("subscriptions", [])
        kinds[kind] = kinds.get(kind, 0) + 1
        for part in (file, params):
            if part is not None:
                digest.update(part.as_posix().encode() + b"\0" + hashlib.sha256(_evidence_bytes(part)).digest())
    from scanner.iac.assemble import assemble
    from scanner.iac.subscriptions import merge_subscriptions

    data = assemble([], found[0][0], folder.as_posix())
    data["subscriptions"] = merge_subscriptions(subscriptions)  # several files usually share the placeholder subscription
    data["workspaces"] = workspaces
    data["source"]["discovery"] = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
    return _finish(data, folder.as_posix(), digest.hexdigest())

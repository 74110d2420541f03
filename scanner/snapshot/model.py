"""The snapshot's shape as types: what collect/ and iac/ write and everything else reads.

scanner/schemas/snapshot-v1.schema.json is the contract (and is checked on every load); these
types say the same to the type checker. Each part of a snapshot is a section that records how its
collection went (`status`), around the resource or resources Azure returned.

Where `Any` stays, and why: an Azure resource (`ArmResource`) is kept exactly as Resource Manager
(or a template, what-if or plan) gave it, so its properties are JSON of any shape: the rules, not
the scanner, decide what in them matters. A workspace entry may also hold sections this version
does not name (an older or newer collector's), which readers pass through untouched.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal, TypedDict

# Raw JSON from Azure (or infrastructure code): an ARM resource or list item, any property shape.
ArmResource = dict[str, Any]
SectionStatus = Literal["ok", "forbidden", "not_found", "error"]


class _SectionStatus(TypedDict):
    status: str  # SectionStatus, read from files that may hold anything until the schema check


class Section(_SectionStatus, total=False):
    """One part of a snapshot: a single resource (`resource`, null when nothing is linked), a list
    (`items`), or why it could not be read (`message`)."""

    api_version: str | None
    message: str | None
    unresolved: list[str]  # IaC: paths whose value is known only after deployment
    resource: ArmResource | None
    resource_id: str | None
    items: list[ArmResource]
    vault_id: str | None  # cmk_vault_keys / cmk_vault_secrets: the vault listed
    # policy_assignments: each assignment's resolved definitions (by assignment id), and more
    resolved_policies: dict[str, list[dict[str, Any]]]
    definitions: dict[str, Any]
    effects: dict[str, Any]
    datastores: list[str]  # datastore_storage_accounts: the datastores pointing at the account


# Sections keyed by the lower-cased ARM id of the resource they belong to (role assignments,
# diagnostic settings, locks, private endpoint connections of the associated resources).
SectionsById = dict[str, Section]


class _WorkspaceId(TypedDict):
    id: str


class WorkspaceEntry(_WorkspaceId, total=False):
    """One workspace and its surroundings (snapshot-v1.schema.json#/$defs/workspaceEntry); the
    names of its sections are in scanner/snapshot/canonical_names.json."""

    workspace: Section
    source_locations: dict[str, dict[str, Any]]  # IaC: where each resource is declared (file, lines)


class _SubscriptionId(TypedDict):
    subscription_id: str


class SubscriptionEntry(_SubscriptionId, total=False):
    display_name: str | None
    activity_log_alerts: Section
    policy_assignments: Section
    defender_pricings: Section
    ml_registries: Section
    ml_registry_role_assignments: SectionsById


class SnapshotData(TypedDict, total=False):
    """A whole snapshot document (format v1)."""

    schema_version: str
    scanner: dict[str, str]
    collected_at: str | None
    source: dict[str, Any]  # how it was made: live scope, or the IaC inputs (kind, files, ...)
    tenant_id: str | None
    subscriptions: list[SubscriptionEntry]
    # A list when built in memory; for a loaded file, entries read from it as they are walked
    # (scanner/snapshot/stream.py): the parent of a scan never holds them all.
    workspaces: Sequence[WorkspaceEntry]


class WorkspaceContext(TypedDict):
    subscription: SubscriptionEntry | None
    source: dict[str, Any]
    tenant_id: str | None


class WorkspaceInput(WorkspaceEntry, total=False):
    """What a rule reads as `input`: one workspace entry plus its context (scanner/evaluate/inputs.py)."""

    context: WorkspaceContext


def json_object(value: Any) -> dict[str, Any]:
    """`value` when it is a JSON object, else an empty one: raw JSON may hold anything anywhere."""
    return value if isinstance(value, dict) else {}

"""Diagnostic settings, locks, alerts and Azure Policy assignments."""

from __future__ import annotations

from functools import partial
from typing import Any

from scanner.collect import apiversions as V
from scanner.collect.arm import ArmClient, ArmError
from scanner.collect.sections import Cache, list_section
from scanner.redact import redact
from scanner.snapshot.model import Section


def diagnostic_settings_section(client: ArmClient, resource_id: str) -> Section:
    return list_section(client, f"{resource_id}/providers/Microsoft.Insights/diagnosticSettings", V.DIAGNOSTIC_SETTINGS)


def locks_section(client: ArmClient, resource_id: str) -> Section:
    """Locks on the resource, including those inherited from its resource group and subscription."""
    return list_section(client, f"{resource_id}/providers/Microsoft.Authorization/locks", V.LOCKS)


def activity_log_alerts_section(client: ArmClient, subscription_id: str) -> Section:
    return list_section(
        client, f"/subscriptions/{subscription_id}/providers/Microsoft.Insights/activityLogAlerts", V.ACTIVITY_LOG_ALERTS
    )


def subscription_metric_alerts(client: ArmClient, cache: Cache, subscription_id: str) -> Section:
    return cache.get(
        "metricalerts:" + subscription_id,
        lambda: list_section(
            client, f"/subscriptions/{subscription_id}/providers/Microsoft.Insights/metricAlerts", V.METRIC_ALERTS
        ),
    )


def metric_alerts_for(all_alerts: Section, workspace_id: str) -> Section:
    """The subscription's metric alerts whose scopes are the workspace or one of its children."""
    if all_alerts.get("status") != "ok":
        return all_alerts.copy()
    ws = workspace_id.lower().rstrip("/")
    chosen = []
    for alert in all_alerts.get("items", []):
        scopes = (alert.get("properties") or {}).get("scopes") or []
        if any(isinstance(s, str) and (s.lower().rstrip("/") == ws or s.lower().startswith(ws + "/")) for s in scopes):
            chosen.append(alert)
    section = all_alerts.copy()
    section["items"] = chosen
    return section


def _policy_target(client: ArmClient, cache: Cache, definition_id: str) -> dict[str, Any] | None:
    def fetch() -> dict[str, Any] | None:
        try:
            body = client.get_json(definition_id, V.POLICY)
        except ArmError:
            return None
        return redact(body) if isinstance(body, dict) else None

    return cache.get("policydef:" + definition_id, fetch)


# More built-in member definitions than this to read for one section: list every built-in definition
# (about ten pages) instead of one GET each (a regulatory initiative has hundreds of members).
BUILTIN_BULK_THRESHOLD = 10
_BUILTIN_PREFIX = "/providers/microsoft.authorization/policydefinitions/"


def _seed_builtins(client: ArmClient, cache: Cache, ids: set[str]) -> None:
    """Read every built-in policy definition in one paged list and cache those in `ids`, so their
    GETs are not made; when the list cannot be read, the GETs are made as usual."""

    def fetch() -> dict[str, dict[str, Any]] | None:
        try:
            items, _ = client.list_items("/providers/Microsoft.Authorization/policyDefinitions", V.POLICY)
        except ArmError:
            return None
        return {i["id"].lower(): i for i in items if isinstance(i, dict) and isinstance(i.get("id"), str)}

    listed = cache.get("policydef-builtins", fetch)
    for definition_id in sorted(ids):
        body = (listed or {}).get(definition_id)
        if body is not None:
            cache.get("policydef:" + definition_id, partial(redact, body))


def _resolved_policies(client: ArmClient, cache: Cache, items: list[Any], definitions: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Lower-cased assignment id -> what it applies (policy_sets.resolve_assignment), reading the
    member definitions of the initiatives (once per id, shared by every section)."""
    from scanner.collect.policy_sets import member_definition_ids, resolve_assignment

    members = {m.lower() for d in definitions.values() for m in member_definition_ids(d)} - set(definitions)
    builtins = {m for m in members if m.startswith(_BUILTIN_PREFIX)}
    if len(builtins) > BUILTIN_BULK_THRESHOLD:
        _seed_builtins(client, cache, builtins)

    def lookup(definition_id: str) -> dict[str, Any] | None:
        key = definition_id.lower()
        return definitions[key] if key in definitions else _policy_target(client, cache, definition_id)

    return {a["id"].lower(): resolve_assignment(a, lookup) for a in items if isinstance(a, dict) and isinstance(a.get("id"), str)}


def _effect(assignment: dict[str, Any], definition: dict[str, Any] | None) -> str | None:
    params = (assignment.get("properties") or {}).get("parameters") or {}
    value = (params.get("effect") or {}).get("value") if isinstance(params.get("effect"), dict) else None
    if isinstance(value, str):
        return value
    if not definition or "policySetDefinitions" in str(definition.get("type", "")):
        return None
    dprops = definition.get("properties") or {}
    default = ((dprops.get("parameters") or {}).get("effect") or {}).get("defaultValue")
    if isinstance(default, str):
        return default
    then = ((dprops.get("policyRule") or {}).get("then") or {}).get("effect")
    if isinstance(then, str) and not then.startswith("["):
        return then
    return None


def policy_assignments_section(client: ArmClient, cache: Cache, scope: str) -> Section:
    """Policy assignments at or above `scope`, with the definitions they point to and their effect.

    Items stay the ARM assignment resources; `definitions` maps lower-cased definition ids to the
    ARM policy (set) definition, `effects` maps lower-cased assignment ids to the effect, and
    `resolved_policies` maps them to what they apply (initiatives expanded, see policy_sets.py).
    """
    section = list_section(
        client, f"{scope}/providers/Microsoft.Authorization/policyAssignments", V.POLICY, {"$filter": "atScope()"}
    )
    return _with_definitions(client, cache, section)


def _assignment_scope(assignment: dict[str, Any]) -> str | None:
    scope = (assignment.get("properties") or {}).get("scope")
    if isinstance(scope, str) and scope.strip():
        return scope
    # an assignment's id is {scope}/providers/Microsoft.Authorization/policyAssignments/{name}
    rid = str(assignment.get("id") or "")
    at = rid.lower().rfind("/providers/microsoft.authorization/policyassignments/")
    return rid[:at] if at > 0 else None


def _subscription_assignments(client: ArmClient, cache: Cache, subscription_id: str) -> tuple[list[dict[str, Any]], str | None] | ArmError:
    """Every assignment of the subscription: one GET without $filter, which ARM documents as the
    assignments of the management groups above it, of the subscription, and of every scope inside
    it. Read once per subscription and shared by its workspaces (`--discovery resource-graph`)."""

    def fetch() -> tuple[list[dict[str, Any]], str | None] | ArmError:
        try:
            items, note = client.list_items(f"/subscriptions/{subscription_id}/providers/Microsoft.Authorization/policyAssignments", V.POLICY)
        except ArmError as exc:
            return exc
        return [i for i in items if isinstance(i, dict)], note

    return cache.get("policy-all:" + subscription_id, fetch)


def derived_policy_assignments_section(client: ArmClient, cache: Cache, scope: str) -> Section | None:
    """The items `GET {scope}/...policyAssignments?$filter=atScope()` returns, taken from the
    subscription's unfiltered list: those of management groups (only the subscription's ancestors
    are in that list) and those whose scope is `scope` or one of its ancestors (not those below it).
    None when the unfiltered list could not be read: the caller then GETs the scope's own list."""
    from scanner.collect.graph import applies_to

    parts = scope.split("/")
    if len(parts) < 3 or parts[1].lower() != "subscriptions":
        return None
    listed = _subscription_assignments(client, cache, parts[2])
    if isinstance(listed, ArmError):
        return None
    items, note = listed
    chosen = []
    for assignment in items:
        at = _assignment_scope(assignment)
        if at is None:
            continue
        if not at.lower().startswith("/subscriptions/") or applies_to(at, scope):
            chosen.append(assignment)
    derivation = (f"derived from GET /subscriptions/{parts[2]}/providers/Microsoft.Authorization/policyAssignments (no $filter, "
                  "read once per subscription): the assignments whose scope is this scope, one of its ancestors or a management "
                  "group above it, as $filter=atScope() returns them")
    notes = [derivation, note]
    section: Section = {"status": "ok", "api_version": V.POLICY, "items": redact(chosen), "message": "; ".join(n for n in notes if n)}
    return _with_definitions(client, cache, section)


def _with_definitions(client: ArmClient, cache: Cache, section: Section) -> Section:
    """Adds `definitions` and `effects` to an ok policy assignments section (see above)."""
    if section["status"] != "ok":
        return section
    definitions: dict[str, Any] = {}
    effects: dict[str, str | None] = {}
    for assignment in section["items"]:
        definition_id = (assignment.get("properties") or {}).get("policyDefinitionId")
        definition = None
        if isinstance(definition_id, str):
            definition = _policy_target(client, cache, definition_id)
            definitions[definition_id.lower()] = definition
        if isinstance(assignment.get("id"), str):
            effects[assignment["id"].lower()] = _effect(assignment, definition)
    section["definitions"] = definitions
    section["effects"] = effects
    section["resolved_policies"] = _resolved_policies(client, cache, section["items"], definitions)
    return section


def defender_pricings_section(client: ArmClient, subscription_id: str) -> Section:
    """Every Defender for Cloud plan of the subscription (Containers, StorageAccounts, KeyVaults, AI, ...)."""
    return list_section(client, f"/subscriptions/{subscription_id}/providers/Microsoft.Security/pricings", V.SECURITY_PRICINGS)

"""Orchestration: discovery, bounded concurrency across workspaces, progress, the snapshot."""

from __future__ import annotations

import sys
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from scanner import SCANNER_NAME, __version__
from scanner.errors import RuntimeFailure, UsageError

if TYPE_CHECKING:
    from rich.progress import Progress

DISCOVERY_MODES = ("arm", "resource-graph")
# What a scope sets, named alike everywhere: the `collect` and `scan` flags (their destinations,
# commands/live_scope.py), the keys of a live target in amlscan.yaml (targets.schema.json; all but
# max_time) and the fields of CollectOptions below.
SCOPE_OPTIONS = ("subscriptions", "all_subscriptions", "resource_group", "workspace", "auth", "cloud", "arm_endpoint",
                 "ca_bundle", "discovery", "max_workers", "timeout", "max_time", "max_retries")


@dataclass
class CollectOptions:
    """What to collect and how to reach Azure. Mirrors the `collect` command's options."""

    subscriptions: list[str] = field(default_factory=list)
    all_subscriptions: bool = False
    resource_group: str | None = None
    workspace: str | None = None
    auth: str = "default"
    cloud: str = "AzureCloud"
    arm_endpoint: str | None = None
    ca_bundle: str | None = None
    discovery: str = "arm"
    max_workers: int = 4
    timeout: float = 30.0
    max_time: float = 21600.0
    """The whole collection's time limit in seconds: past it no request is sent (sections record why)."""
    max_retries: int = 4
    backoff_factor: float = 0.8
    progress: bool | None = None
    """True/False forces the progress bar; None shows it only when stderr is a terminal."""
    credential: Any = None
    """A ready TokenCredential (embedding callers, tests); overrides `auth`."""
    warn: Callable[[str], None] | None = None
    """Where warnings go (default: stderr)."""


def _validate(options: CollectOptions) -> None:
    from scanner.collect.discovery import check_scope

    if options.discovery not in DISCOVERY_MODES:
        raise UsageError(f"--discovery must be one of {', '.join(DISCOVERY_MODES)}")
    if options.max_workers < 1:
        raise UsageError("--max-workers must be at least 1")
    if options.timeout <= 0:
        raise UsageError("--timeout must be positive")
    if options.max_time <= 0:
        raise UsageError("--max-time must be positive")
    if options.max_retries < 0:
        raise UsageError("--max-retries must not be negative")
    if options.all_subscriptions and options.subscriptions:
        raise UsageError("give either --subscription or --all-subscriptions, not both")
    if not options.subscriptions and not options.all_subscriptions and options.discovery == "arm":
        raise UsageError("say what to collect: --subscription ID (repeatable), or --all-subscriptions, or --discovery resource-graph")
    if options.ca_bundle:
        import os

        if not os.path.isfile(options.ca_bundle):
            raise UsageError(f"--ca-bundle: no such file: {options.ca_bundle}")
    check_scope(options.subscriptions, options.resource_group, options.workspace)


def _progress(enabled: bool, label: str = "collecting") -> Progress:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=Console(stderr=True),
        disable=not enabled,
        transient=True,
    )


def _subscription_entry(client: Any, cache: Any, subscription_id: str, derive_policy: bool = False,
                        graph: Any = None) -> tuple[dict[str, Any], str | None]:
    from scanner.collect import apiversions as V
    from scanner.collect.arm import ArmError
    from scanner.collect.governance import (
        activity_log_alerts_section,
        defender_pricings_section,
        derived_policy_assignments_section,
        policy_assignments_section,
    )
    from scanner.collect.registries import subscription_registries

    entry: dict[str, Any] = {"subscription_id": subscription_id, "display_name": None}
    tenant = None
    try:
        body = client.get_json(f"/subscriptions/{subscription_id}", V.SUBSCRIPTIONS)
        if isinstance(body, dict):
            entry["display_name"] = body.get("displayName")
            tenant = body.get("tenantId") if isinstance(body.get("tenantId"), str) else None
    except ArmError:
        pass
    entry["activity_log_alerts"] = activity_log_alerts_section(client, subscription_id)
    scope = f"/subscriptions/{subscription_id}"
    # resource-graph: the subscription's unfiltered list is read anyway for its workspaces; derive from it
    policy = derived_policy_assignments_section(client, cache, scope) if derive_policy else None
    entry["policy_assignments"] = policy or policy_assignments_section(client, cache, scope)
    entry["defender_pricings"] = defender_pricings_section(client, subscription_id)
    entry.update(subscription_registries(client, cache, subscription_id, graph))
    return entry, tenant


def validate_snapshot(snapshot: dict[str, Any]) -> None:
    import json
    from importlib import resources

    import jsonschema

    schema = json.loads(resources.files("scanner").joinpath("schemas/snapshot-v1.schema.json").read_text("utf-8"))
    error = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(schema).iter_errors(snapshot))
    if error is not None:
        raise RuntimeFailure(f"collector produced an invalid snapshot at {error.json_path}: {error.message}")


def collect_snapshot(options: CollectOptions) -> dict[str, Any]:
    """Collect live state into a snapshot dict (format v1, validated against the schema).

    Raises UsageError for bad options (exit 2) and RuntimeFailure when collection cannot proceed
    (sign-in failed, nothing could be discovered: exit 3). Per-section failures do not raise: they
    are recorded on the section.
    """
    _validate(options)
    from scanner.collect.arm import ArmClient, ArmSettings, FatalCollectError
    from scanner.collect.auth import build_credential
    from scanner.collect.clouds import resolve_cloud
    from scanner.collect.discovery import discover_arm, discover_resource_graph, list_all_subscriptions
    from scanner.collect.sections import Cache
    from scanner.collect.workspace import collect_workspace

    warn = options.warn or (lambda msg: print(f"amlscan: warning: {msg}", file=sys.stderr))
    cloud = resolve_cloud(options.cloud, options.arm_endpoint)
    credential = options.credential or build_credential(options.auth, cloud)
    settings = ArmSettings(
        endpoint=cloud.arm_endpoint,
        scope=cloud.scope,
        ca_bundle=options.ca_bundle,
        timeout=options.timeout,
        max_retries=options.max_retries,
        backoff_factor=options.backoff_factor,
        pool_size=options.max_workers + 2,
    )
    client = ArmClient(settings, credential)
    import time

    client.deadline = time.monotonic() + options.max_time
    cache = Cache()
    collected_at = datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    try:
        subscriptions = list(options.subscriptions)
        if options.all_subscriptions and options.discovery == "arm":
            subscriptions = list_all_subscriptions(client)
        collect_one: Callable[..., dict[str, Any]] = collect_workspace
        index = None
        if options.discovery == "resource-graph":
            from functools import partial

            from scanner.collect.graph import GraphClient, build_index

            graph = GraphClient(client)
            try:
                found = discover_resource_graph(client, subscriptions, options.resource_group, options.workspace, graph)
                index = build_index(graph, found.subscriptions, found.workspace_rows)
            finally:
                graph.close()
            found.warnings.extend(index.warnings)
            collect_one = partial(collect_workspace, graph=index)
        else:
            found = discover_arm(client, subscriptions, options.resource_group, options.workspace)
        for message in found.warnings:
            warn(message)

        sub_entries: list[dict[str, Any]] = []
        tenant_id: str | None = None
        show = options.progress if options.progress is not None else sys.stderr.isatty()
        with _progress(bool(show), "subscriptions") as progress:  # per subscription: alerts, policy assignments
            task = progress.add_task("", total=len(found.subscriptions))
            for sub in found.subscriptions:
                progress.update(task, description=sub)
                entry, tenant = _subscription_entry(client, cache, sub, derive_policy=options.discovery == "resource-graph", graph=index)
                sub_entries.append(entry)
                tenant_id = tenant_id or tenant
                progress.update(task, advance=1)

        workspaces = _collect_workspaces(client, cache, found.workspace_ids, options, collect_one)
    except FatalCollectError as exc:
        raise RuntimeFailure(str(exc)) from None
    finally:
        client.close()

    scope = [f"/subscriptions/{s}" for s in found.subscriptions]
    if options.resource_group:
        scope = [f"{s}/resourceGroups/{options.resource_group}" for s in scope]
    snapshot: dict[str, Any] = {
        "schema_version": "1",
        "scanner": {"name": SCANNER_NAME, "version": __version__},
        "collected_at": collected_at,
        "source": {
            "kind": "live",
            "location": cloud.arm_endpoint,
            "scope": scope,
            "cloud": cloud.name,
            "discovery": options.discovery,
        },
        "tenant_id": tenant_id,
        "subscriptions": sub_entries,
        "workspaces": workspaces,
    }
    # Resource providers do not all answer in ARM's canonical casing: rules see one spelling.
    from scanner.snapshot.canonical import canonical_snapshot

    snapshot = canonical_snapshot(snapshot, strict=False)
    validate_snapshot(snapshot)
    return snapshot


def _collect_workspaces(
    client: Any, cache: Any, workspace_ids: list[str], options: CollectOptions, collect_one: Callable[..., dict[str, Any]]
) -> list[dict[str, Any]]:
    from scanner.collect.arm import FatalCollectError

    show = options.progress if options.progress is not None else sys.stderr.isatty()
    results: dict[str, dict[str, Any]] = {}
    executor = ThreadPoolExecutor(max_workers=options.max_workers, thread_name_prefix="amlscan-collect")
    try:
        with _progress(bool(show)) as progress:
            task = progress.add_task("", total=len(workspace_ids))
            pending = {executor.submit(collect_one, client, cache, wid): wid for wid in workspace_ids}
            while pending:
                done, _ = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
                for future in done:
                    wid = pending.pop(future)
                    try:
                        results[wid.lower()] = future.result()
                    except FatalCollectError:
                        raise
                    except Exception as exc:  # a collector bug must not lose the other workspaces
                        results[wid.lower()] = {
                            "id": wid,
                            "workspace": {"status": "error", "api_version": None, "resource": None, "resource_id": wid,
                                          "message": f"collector failure: {type(exc).__name__}: {exc}"},
                        }
                    progress.update(task, advance=1, description=f"{wid.split('/')[2][:8]}…/{wid.rsplit('/', 1)[-1]}" if wid.count("/") > 2 else wid)
    except BaseException:
        executor.shutdown(wait=False, cancel_futures=True)
        raise
    executor.shutdown(wait=True)
    return [results[key] for key in sorted(results)]

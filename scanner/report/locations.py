"""Where a result points: the file and line of infrastructure code, or of the snapshot.

Results of template and plan scans carry `location` (`file`, `line`, optionally `end_line` and a
`note`) in results.json, and every report shows it, as SARIF does: the property's line when the
evidence names one the template sets, else the resource's. On compiled Bicep the location is the
`.bicep` source where it can be mapped (scanner/report/bicep_map.py), and `note` says why not when
it cannot. Results of live snapshots carry no `location` (SARIF alone points into the snapshot).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from scanner.evaluate.document import Location, Result, ResultsDocument
from scanner.report.bicep_map import BicepMap
from scanner.snapshot.load import Snapshot
from scanner.snapshot.locate import Locator

# Where SARIF points a result: uri, start line, end line, a note why the line is not in the source.
PointsAt = tuple[str, int, "int | None", "str | None"]


def artifact_uri(path: str) -> str:
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            return candidate.relative_to(Path.cwd()).as_posix()
        except ValueError:
            return candidate.as_uri()
    return candidate.as_posix().removeprefix("./")


def source_locations(snapshot: Snapshot) -> dict[str, dict[str, Any]]:
    """Where each IaC resource is declared, by lower-cased id: file, start_line, end_line, and the
    line of each property (`properties`), as scanner/iac records them."""
    found: dict[str, dict[str, Any]] = {}
    for entry in snapshot.workspaces:
        for key, value in (entry.get("source_locations") or {}).items():
            found[key.lower()] = value
    return found


def iac_locator(snapshot: Snapshot) -> Callable[[Result], Location | None]:
    """`location` of a result on infrastructure code, or None (a live snapshot, an unknown resource)."""
    known = source_locations(snapshot)
    maps: dict[str, BicepMap] = {}  # one per compiled file, for this snapshot only (files can change between scans)

    def locate(result: Result) -> Location | None:
        iac = known.get(result["resource_id"].lower())
        if not iac:
            return None
        props = iac.get("properties") or {}
        paths = [str(e.get("path", "")) for e in result.get("evidence") or []]
        prop = next((p for p in paths if p in props), None)
        line = int(props[prop]) if prop else int(iac["start_line"])
        end = iac.get("end_line") if line == int(iac["start_line"]) else None
        where: Location = {"file": artifact_uri(iac["file"]), "line": line}
        if end and int(end) > line:
            where["end_line"] = int(end)
        mapping = maps.get(str(iac["file"]))
        if mapping is None:
            mapping = maps[str(iac["file"])] = BicepMap(Path(str(iac["file"])))
        target = prop or next((p for p in paths if p.startswith("properties.")), None)
        mapped, note = mapping.map(int(iac["start_line"]), target)
        if mapped is not None:
            where = {"file": artifact_uri(mapped.file), "line": mapped.line, "compiled": f"{where['file']}:{line}"}
            if mapped.end_line and mapped.end_line > mapped.line:
                where["end_line"] = mapped.end_line
        elif note:
            where["note"] = note
        return where

    return locate


def attach_locations(document: ResultsDocument, snapshot: Snapshot | None) -> None:
    """Add `location` to every result on infrastructure code (results of live snapshots get none)."""
    if snapshot is None or not snapshot.workspaces or not any(entry.get("source_locations") for entry in snapshot.workspaces):
        return
    locate = iac_locator(snapshot)
    for result in document["results"]:
        where = locate(result)
        if where is not None:
            result["location"] = where


def snapshot_locator(snapshot: Snapshot) -> Callable[[Result], PointsAt]:
    """(uri, line, end line, note) for SARIF: the IaC location when known, else the snapshot file."""
    @functools.cache
    def locator() -> Locator:  # built on first use: IaC results rarely need the snapshot's lines
        return snapshot.locator()

    iac = iac_locator(snapshot)
    uri = artifact_uri(snapshot.path)

    def locate(result: Result) -> PointsAt:
        where = result.get("location") or iac(result)
        if where:
            return where["file"], int(where["line"]), where.get("end_line"), where.get("note")
        paths = [e.get("path", "") for e in result.get("evidence", [])]
        line = None
        for path in paths:
            if path.startswith("properties."):
                line = locator().property_line(result["resource_id"], path)
                break
        line = line or locator().resource_line(result["resource_id"]) or locator().resource_line(result["workspace_id"]) or 1
        return uri, line, None, None

    return locate

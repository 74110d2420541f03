"""Lines of resources and properties in a snapshot, found from the file in pieces."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from scanner.snapshot import locate
from scanner.snapshot.load import load_snapshot
from scanner.snapshot.locate import Locator

FIXTURES = sorted((Path(__file__).resolve().parent.parent.parent / "fixtures").glob("*.json"))


def expected_lines(text: str) -> dict[str, int]:
    """Brute force: the line of the last `"id": "<id>"` member of each id (ids are case-insensitive)."""
    found: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        for match in re.finditer(r'"id"\s*:\s*"([^"]*)"', line):
            found[match.group(1).lower()] = number
    return found


def chunked(data: bytes, size: int) -> Locator:
    return Locator(lambda: (data[i : i + size] for i in range(0, len(data), size)), lambda a, b: data[a:b], len(data))


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
@pytest.mark.parametrize(("chunk", "overlap"), [(1 << 20, 8192), (97, 300), (4096, 512)])
def test_resource_lines_match_brute_force_whatever_the_chunking(path: Path, chunk: int, overlap: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(locate, "_OVERLAP", overlap)
    text = path.read_text("utf-8")
    locator = chunked(text.encode(), chunk)
    expected = expected_lines(text)
    assert expected and {i: locator.resource_line(i) for i in expected} == expected


@pytest.mark.parametrize(("chunk", "overlap"), [(1 << 20, 8192), (97, 300)])
def test_property_lines_point_at_the_key_inside_the_resource(chunk: int, overlap: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(locate, "_OVERLAP", overlap)
    path = FIXTURES[0]
    text = path.read_text("utf-8")
    lines = text.split("\n")
    locator = chunked(text.encode(), chunk)
    snapshot = json.loads(text)
    on_key = 0
    for entry in snapshot["workspaces"]:
        resource = entry["workspace"]["resource"]
        for key in resource.get("properties", {}):
            line = locator.property_line(resource["id"], f"properties.{key}")
            # A key after the resource's first nested id is not searched for: the resource's line.
            assert line is not None and (f'"{key}"' in lines[line - 1] or line == locator.resource_line(resource["id"])), (key, line)
            on_key += f'"{key}"' in lines[line - 1]
    assert on_key > 5
    workspace = snapshot["workspaces"][0]["workspace"]["resource"]["id"]
    assert locator.property_line(workspace, "properties.noSuchKey") == locator.resource_line(workspace)
    assert locator.resource_line("/subscriptions/none") is None


def test_a_loaded_snapshot_is_located_without_reading_it_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    text = FIXTURES[0].read_text("utf-8")
    snapshot = load_snapshot(FIXTURES[0])

    def whole_text() -> str:
        raise AssertionError("the snapshot's whole text was read")

    monkeypatch.setattr(snapshot, "source_text", whole_text)
    locator = snapshot.locator()
    assert {i: locator.resource_line(i) for i in expected_lines(text)} == expected_lines(text)

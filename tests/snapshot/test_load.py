"""Snapshot load is a boundary where data enters: a secret in the file is redacted before anything
reads it; duplicate workspaces and duplicate keys are refused; a pipe or device is not copied
without end."""

from __future__ import annotations

import hashlib
import json
import os
import threading
from pathlib import Path

import pytest

from scanner.errors import UsageError
from scanner.snapshot.load import load_snapshot
from tests.conftest import ROOT

S = "Zq7hunter2Secret"


def _fixture() -> dict:
    return json.loads((ROOT / "fixtures" / "service-defaults.json").read_text())


def test_a_secret_in_a_snapshot_is_redacted_on_load_with_lines_kept(tmp_path: Path) -> None:
    doc = _fixture()
    props = doc["workspaces"][0]["workspace"]["resource"]["properties"]
    props["DB_PASS"] = S
    props["description"] = f"conn: AccountName=x;AccountKey={S};EndpointSuffix=core.windows.net"
    path = tmp_path / "s.json"
    path.write_text(json.dumps(doc, indent=2))
    snapshot = load_snapshot(path)
    text = snapshot.source_text()
    assert S not in text and text.count("\n") == path.read_text().count("\n")
    assert S not in json.dumps(list(snapshot.workspaces))
    # The hash names what the scan read (and what an evidence bundle holds): the redacted text.
    assert snapshot.sha256 == hashlib.sha256(text.encode()).hexdigest() != hashlib.sha256(path.read_bytes()).hexdigest()
    assert load_snapshot(path).sha256 == snapshot.sha256  # deterministic


def test_a_clean_snapshot_is_read_as_it_is() -> None:
    path = ROOT / "fixtures" / "hipaa-hardened.json"
    assert load_snapshot(path).sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_duplicate_workspace_ids_are_refused(tmp_path: Path) -> None:
    doc = _fixture()
    entry = doc["workspaces"][0]
    doc["workspaces"] = [entry, {**entry, "id": entry["id"].upper()}]
    path = tmp_path / "s.json"
    path.write_text(json.dumps(doc))
    with pytest.raises(UsageError, match=r"appears more than once \(\$\.workspaces\[0\] and \$\.workspaces\[1\]\)"):
        load_snapshot(path)


def test_duplicate_keys_inside_a_workspace_entry_are_refused(tmp_path: Path) -> None:
    text = json.dumps(_fixture(), indent=1)
    head, entries = text.split('"workspaces"', 1)  # the subscriptions before them hold the same property
    text = head + '"workspaces"' + entries.replace('"publicNetworkAccess": "Enabled"', '"publicNetworkAccess": "Disabled", "publicNetworkAccess": "Enabled"', 1)
    assert text.count('"publicNetworkAccess": "Disabled", "publicNetworkAccess"') == 1
    path = tmp_path / "s.json"
    path.write_text(text)
    with pytest.raises(UsageError, match=r"\$\.workspaces\[0\]: the key 'publicNetworkAccess' appears more than once"):
        load_snapshot(path)


def test_duplicate_keys_outside_the_workspace_entries_are_refused(tmp_path: Path) -> None:
    text = json.dumps(_fixture(), indent=1)
    head, entries = text.split('"workspaces"', 1)
    assert '"publicNetworkAccess": "Enabled"' in head  # a subscription-level registry
    text = head.replace('"publicNetworkAccess": "Enabled"', '"publicNetworkAccess": "Disabled", "publicNetworkAccess": "Enabled"', 1) + '"workspaces"' + entries
    path = tmp_path / "s.json"
    path.write_text(text)
    with pytest.raises(UsageError, match=r"not a snapshot: the key 'publicNetworkAccess' appears more than once in one object"):
        load_snapshot(path)


def test_duplicate_keys_are_refused_on_the_whole_file_path_too(tmp_path: Path) -> None:
    text = json.dumps(_fixture(), indent=1).replace('"publicNetworkAccess": "Enabled"', '"publicNetworkAccess": "Disabled", "publicNetworkAccess": "Enabled"', 1)
    path = tmp_path / "s.json"
    path.write_text(text.replace('"schema_version": "1"', '"schema_version": "1", "big": 1' + "0" * 30, 1))  # yajl refuses: Python parses
    with pytest.raises(UsageError, match="'publicNetworkAccess' appears more than once"):
        load_snapshot(path)


def test_a_huge_integer_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(json.dumps(_fixture()).replace('"schema_version": "1"', '"schema_version": "1", "big": 1' + "0" * 5000, 1))
    with pytest.raises(UsageError, match="not a snapshot: .*digits"):
        load_snapshot(path)


def test_a_device_or_pipe_is_copied_only_up_to_the_cap(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from scanner.snapshot import stream

    monkeypatch.setattr(stream, "MAX_STREAM_BYTES", 4 << 20)
    with pytest.raises(UsageError, match=r"/dev/zero: more than 4,194,304 bytes read from a pipe or device"):
        load_snapshot("/dev/zero")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)

    def feed() -> None:
        with open(fifo, "wb") as pipe:
            try:
                while True:
                    pipe.write(b" " * (1 << 20))
            except BrokenPipeError:
                pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    with pytest.raises(UsageError, match="more than 4,194,304 bytes"):
        load_snapshot(fifo)
    writer.join(10)

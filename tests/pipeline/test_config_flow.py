"""`amlscan init`, configuration errors with paths, and `scan --config` over snapshot targets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from scanner.config import load_config
from scanner.errors import UsageError
from scanner.history.store import HistoryStore
from tests.history.helpers import FIXTURES, HARDENED, amlscan, drifted_copy


def test_init_writes_a_valid_commented_file_and_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "amlscan.yaml"
    assert amlscan("init", str(target)) == 0
    text = target.read_text()
    assert text.count("\n#") >= 5
    config = load_config(target)  # validates every section against its schema
    assert {"targets", "outputs", "history"} <= set(config.data)
    assert config.data["targets"][0]["auth"] == "default"
    target.write_text("keep: me\n")
    assert amlscan("init", str(target)) == 2
    assert "already exists" in capsys.readouterr().err
    assert target.read_text() == "keep: me\n"


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"targets": [{"name": "a", "snapshot": "x.json", "colour": "blue"}]}, "$.targets[0]"),
        ({"targets": [{"name": "a", "subscriptions": ["not-a-guid"]}]}, "$.targets[0].subscriptions[0]"),
        ({"targets": [{"name": "a", "subscriptions": ["3f2a9c1e-5b7d-4e8a-9c0f-1a2b3c4d5e6f"], "auth": "password"}]}, "$.targets[0].auth"),
        ({"targets": [{"name": "a", "subscriptions": ["3f2a9c1e-5b7d-4e8a-9c0f-1a2b3c4d5e6f"], "tags": {"env": 3}}]}, "$.targets[0].tags.env"),
        ({"outputs": {"formats": "sarif"}}, "$.outputs.formats"),
        ({"outputs": {"fail_on": "severe"}}, "$.outputs.fail_on"),
        ({"history": {"path": 12}}, "$.history.path"),
        ({"history": {"export": "csv"}}, "$.history.export"),
        ({"history": {"retention": 3}}, "$.history"),
        ({"schedule": "nightly"}, "$.schedule"),
    ],
)
def test_config_errors_name_their_path(tmp_path: Path, body: dict, path: str) -> None:
    file = tmp_path / "amlscan.yaml"
    file.write_text(yaml.safe_dump(body))
    with pytest.raises(UsageError) as info:
        load_config(file)
    message = str(info.value)
    assert message.startswith(file.as_posix()), message
    assert f"at {path}" in message or f"at {path}:" in message, message


def _write_config(folder: Path, targets: list[dict], **extra: dict) -> Path:
    config = {"targets": targets, "outputs": {"folder": "out", "formats": ["json", "html"], "fail_on": "none"}, "history": {"path": "hist/h.db"}}
    config.update(extra)
    file = folder / "amlscan.yaml"
    file.write_text(yaml.safe_dump(config))
    return file


def test_scan_config_runs_every_target_and_records_them(tmp_path: Path) -> None:
    (tmp_path / "snaps").mkdir()
    drifted_copy(HARDENED, tmp_path / "snaps" / "changed.json")
    config = _write_config(tmp_path, [
        {"name": "oncology", "snapshot": str(HARDENED)},
        {"name": "defaults", "snapshot": str(FIXTURES / "service-defaults.json")},
    ], outputs={"folder": "out", "formats": ["json", "html"], "fail_on": "none", "opa_bundle": True}, history={"path": "hist/h.db", "export": "jsonl"})
    assert amlscan("scan", "--config", str(config), "--workers", "1", "--quiet") == 0
    for name in ("oncology", "defaults"):
        folder = tmp_path / "out" / name  # relative to the configuration file
        assert {p.name for p in folder.iterdir()} == {"results.json", "report.html", "results.jsonl", "policies.tar.gz"}
        document = json.loads((folder / "results.json").read_text())
        assert document["configuration"]["path"] == config.as_posix()
        assert "trend" not in document
    with HistoryStore(tmp_path / "hist" / "h.db") as store:
        assert sorted(s.target for s in store.scans()) == ["defaults", "oncology"]

    # the nightly run after drift: point the target at the changed snapshot (relative path), scan only it
    config = _write_config(tmp_path, [{"name": "oncology", "snapshot": "snaps/changed.json"}, {"name": "defaults", "snapshot": str(FIXTURES / "service-defaults.json")}])
    assert amlscan("scan", "--config", str(config), "--target", "oncology", "--workers", "1", "--quiet") == 0
    document = json.loads((tmp_path / "out" / "oncology" / "results.json").read_text())
    assert document["trend"]["new"] == 1 and document["trend"]["by_status_delta"]["fail"] == 1
    with HistoryStore(tmp_path / "hist" / "h.db") as store:
        assert [s.target for s in store.scans()] == ["oncology", "defaults", "oncology"]


def test_scan_config_gate_and_command_line_overrides(tmp_path: Path) -> None:
    drifted_copy(HARDENED, tmp_path / "changed.json")
    config = _write_config(tmp_path, [{"name": "t", "snapshot": "changed.json"}], outputs={"folder": "out", "formats": ["json"], "fail_on": "high"})
    assert amlscan("scan", "--config", str(config), "--workers", "1", "--quiet") == 1  # AML-NET-001 is high
    assert amlscan("scan", "--config", str(config), "--workers", "1", "--quiet", "--fail-on", "critical") == 0
    assert amlscan("scan", "--config", str(config), "--workers", "1", "--quiet", "--history", str(tmp_path / "elsewhere.db")) == 1
    with HistoryStore(tmp_path / "elsewhere.db") as store:
        assert len(store.scans()) == 1


def test_scan_config_applies_waivers(tmp_path: Path) -> None:
    drifted_copy(HARDENED, tmp_path / "changed.json")
    waiver = {"rule": "AML-NET-001", "resource": "*/workspaces/mlw-oncology-prod", "justification": "migration to private endpoints in progress",
              "approver": "ciso@example.org", "expires": "2099-12-31"}
    config = _write_config(tmp_path, [{"name": "t", "snapshot": "changed.json"}],
                           outputs={"folder": "out", "formats": ["json"], "fail_on": "low"}, waivers=[waiver])
    assert amlscan("scan", "--config", str(config), "--workers", "1", "--quiet") == 0  # the only failure is waived
    document = json.loads((tmp_path / "out" / "t" / "results.json").read_text())
    assert [r["status"] for r in document["results"] if r["rule_id"] == "AML-NET-001"] == ["waived"]
    with HistoryStore(tmp_path / "hist" / "h.db") as store:
        assert [r["status"] for r in store.results(1) if r["rule_id"] == "AML-NET-001"] == ["waived"]


def test_tag_selector_filters_workspaces(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(HARDENED.read_text())
    tags = data["workspaces"][0]["workspace"]["resource"].get("tags") or {}
    assert tags, "the fixture's workspace has tags"
    key, value = next(iter(tags.items()))
    config = _write_config(tmp_path, [
        {"name": "match", "snapshot": str(HARDENED), "tags": {key.upper(): value}},
        {"name": "nomatch", "snapshot": str(HARDENED), "tags": {key: value + "-other"}},
    ])
    # A target whose selector matches nothing judged nothing: that is an error, never a pass.
    assert amlscan("scan", "--config", str(config), "--workers", "1", "--quiet") == 2
    assert "[nomatch]" in capsys.readouterr().err
    assert json.loads((tmp_path / "out" / "match" / "results.json").read_text())["summary"]["workspaces"] == 1
    assert not (tmp_path / "out" / "nomatch" / "results.json").exists()
    saved = json.loads((tmp_path / "out" / "match" / "snapshot.json").read_text())
    assert len(saved["workspaces"]) == 1


def test_scan_config_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = _write_config(tmp_path, [{"name": "t", "snapshot": "missing.json"}])
    assert amlscan("scan", "--config", str(config), "--quiet") == 2
    assert "[t]" in capsys.readouterr().err
    assert amlscan("scan", "--config", str(config), "--target", "nope") == 2
    assert "no such target" in capsys.readouterr().err
    empty = tmp_path / "empty.yaml"
    empty.write_text("outputs: {folder: x}\n")
    assert amlscan("scan", "--config", str(empty)) == 2
    assert "no targets at $.targets" in capsys.readouterr().err
    assert amlscan("scan") == 2
    assert amlscan("scan", str(HARDENED), "--engine", "opa") == 2
    assert "--opa-url" in capsys.readouterr().err
    assert amlscan("scan", str(HARDENED), "--history-export", "jsonl", "--output-dir", str(tmp_path / "r")) == 2
    assert "--history-export needs a history" in capsys.readouterr().err
    assert not (tmp_path / "r").exists(), "refused before any report is written"

"""Evidence bundle: export and scan --evidence, round trip through verify, tampering caught and named."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from scanner.cli import main
from scanner.errors import UsageError
from scanner.report.evidence import MANIFEST, SIGNATURE, safe_member
from tests.conftest import FIXTURES
from tests.report.conftest import scan_to

EXPECTED_MEMBERS = {"report.html", "results.json", "amlscan.sarif", "findings.csv", "snapshot.json", MANIFEST}


def write_keys(folder: Path, name: str = "signing") -> tuple[Path, Path]:
    key = Ed25519PrivateKey.generate()
    private, public = folder / f"{name}.pem", folder / f"{name}.pub"
    private.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    public.write_bytes(key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    return private, public


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("scan")
    snapshot = out / "snapshot-in.json"
    shutil.copy(FIXTURES / "mixed-forbidden.json", snapshot)
    assert scan_to(out / "reports", snapshot, "--evidence", str(out / "scan-bundle.zip")) == 1
    return out


def rewrite(bundle: Path, target: Path, change: dict[str, bytes | None]) -> Path:
    """Copy a bundle, replacing (bytes) or dropping (None) members, adding new ones."""
    with zipfile.ZipFile(bundle) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            if info.filename in change:
                continue
            dst.writestr(info, src.read(info.filename))
        for name, data in change.items():
            if data is not None:
                dst.writestr(name, data)
    return target


def verify(capsys: pytest.CaptureFixture[str], bundle: Path, *extra: str) -> tuple[int, str]:
    code = main(["verify", str(bundle), *extra])
    return code, capsys.readouterr().err


def test_scan_bundle_holds_the_evidence_and_verifies(scanned: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bundle = scanned / "scan-bundle.zip"
    with zipfile.ZipFile(bundle) as archive:
        names = set(archive.namelist())
        manifest = json.loads(archive.read(MANIFEST))
        assert archive.read("snapshot.json") == (scanned / "snapshot-in.json").read_bytes()
        assert archive.read("results.json") == (scanned / "reports" / "results.json").read_bytes()
    assert EXPECTED_MEMBERS <= names
    assert any(n.startswith("policies/rules/") and n.endswith(".rego") for n in names)
    assert {f["path"] for f in manifest["files"]} == names - {MANIFEST}
    code, err = verify(capsys, bundle, "--verbose")
    assert code == 0, err
    assert "OK" in err and "is the snapshot results.json names" in err


def test_verify_prints_a_summary_and_each_file_only_when_verbose(scanned: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 16: a summary by default (verdict with counts, the signature's status), every file with
    --verbose, problems in every mode."""
    bundle = scanned / "scan-bundle.zip"
    with zipfile.ZipFile(bundle) as archive:
        members = len(archive.namelist()) - 1  # manifest.json is not listed in itself
    code, err = verify(capsys, bundle)
    lines = err.strip().splitlines()
    assert code == 0 and lines == [
        "amlscan verify: signature: absent: bundle not signed (hashes checked only)",
        f"amlscan verify: {bundle}: OK ({members} files match manifest.json, 2 inputs match results.json)",
    ], err
    code, err = verify(capsys, bundle, "--verbose")
    verbose = err.strip().splitlines()
    assert code == 0 and len(verbose) == members + 2 + 1 + 1  # every file, the two input checks, the signature, the verdict
    assert all(line.startswith("amlscan verify: ok      ") for line in verbose[:-1]) and verbose[-1] == lines[-1]
    code, err = verify(capsys, bundle, "--quiet")
    assert code == 0 and err == ""
    bad = rewrite(bundle, tmp_path / "bad.zip", {"report.html": b"<html>all green</html>"})
    for mode in ((), ("--verbose",), ("--quiet",)):
        code, err = verify(capsys, bad, *mode)
        assert code == 1 and "amlscan verify: MISMATCH report.html: sha256 mismatch" in err, mode
        assert err.strip().splitlines()[-1] == f"amlscan verify: {bad}: FAILED: 1 problem(s): report.html"
        assert ("amlscan verify: ok      " in err) == (mode == ("--verbose",))


def test_export_signed_round_trip(scanned: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    private, public = write_keys(tmp_path)
    bundle = tmp_path / "audit-2026-11-20.zip"
    code = main(["export", str(scanned / "reports" / "results.json"), "--output", str(bundle), "--sign", str(private), "--quiet"])
    assert code == 0, capsys.readouterr().err
    code, err = verify(capsys, bundle, "--key", str(public))
    assert code == 0, err
    assert "valid Ed25519 signature" in err
    # Reproducible: exporting again gives the same bytes (Ed25519 signatures are deterministic).
    again = tmp_path / "again.zip"
    assert main(["export", str(scanned / "reports" / "results.json"), "--output", str(again), "--sign", str(private), "--quiet"]) == 0
    assert again.read_bytes() == bundle.read_bytes()


def test_tampered_file_is_named(scanned: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = rewrite(scanned / "scan-bundle.zip", tmp_path / "bad.zip", {"report.html": b"<html>all green</html>"})
    code, err = verify(capsys, bad)
    assert code == 1
    assert "MISMATCH report.html: sha256 mismatch" in err
    assert err.strip().splitlines()[-1].endswith("FAILED: 1 problem(s): report.html")


def test_swapped_snapshot_with_a_recomputed_manifest_is_caught(scanned: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Someone replaces the snapshot and fixes up manifest.json: the cross-check with results.json names it."""
    with zipfile.ZipFile(scanned / "scan-bundle.zip") as archive:
        manifest = json.loads(archive.read(MANIFEST))
    other = (FIXTURES / "hipaa-hardened.json").read_bytes()
    import hashlib

    for entry in manifest["files"]:
        if entry["path"] == "snapshot.json":
            entry["sha256"], entry["size"] = hashlib.sha256(other).hexdigest(), len(other)
    bad = rewrite(scanned / "scan-bundle.zip", tmp_path / "swap.zip", {"snapshot.json": other, MANIFEST: json.dumps(manifest).encode()})
    code, err = verify(capsys, bad)
    assert code == 1
    assert "MISMATCH snapshot.json: does not match the snapshot sha256 in results.json" in err


def test_missing_extra_and_unsigned_files_are_named(scanned: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = rewrite(scanned / "scan-bundle.zip", tmp_path / "bad.zip", {"findings.csv": None, "notes.txt": b"added later"})
    code, err = verify(capsys, bad)
    assert code == 1
    assert "MISMATCH findings.csv: listed in the manifest but missing from the bundle" in err
    assert "MISMATCH notes.txt: in the bundle but not listed in the manifest" in err


def test_signature_problems_are_named(scanned: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    private, public = write_keys(tmp_path)
    _, other_public = write_keys(tmp_path, "other")
    signed = tmp_path / "signed.zip"
    assert main(["export", str(scanned / "reports" / "results.json"), "--output", str(signed), "--sign", str(private), "--quiet"]) == 0
    # Another key.
    code, err = verify(capsys, signed, "--key", str(other_public))
    assert code == 1 and f"MISMATCH {SIGNATURE}: made with another key" in err
    # Manifest edited after signing (its hashes still describe the files: only the signature can tell).
    with zipfile.ZipFile(signed) as archive:
        manifest = json.loads(archive.read(MANIFEST))
    manifest["collected_at"] = "2020-01-01T00:00:00Z"
    edited = rewrite(signed, tmp_path / "edited.zip", {MANIFEST: json.dumps(manifest).encode()})
    code, err = verify(capsys, edited, "--key", str(public))
    assert code == 1 and f"MISMATCH {SIGNATURE}: does not match manifest.json" in err
    # Signature stripped while the verifier expects one.
    stripped = rewrite(signed, tmp_path / "stripped.zip", {SIGNATURE: None})
    code, err = verify(capsys, stripped, "--key", str(public))
    assert code == 1 and f"MISMATCH {SIGNATURE}: missing" in err
    # Without --key the signature is reported as unchecked, not as verified.
    code, err = verify(capsys, signed)
    assert code == 0 and "present but not checked" in err


def test_export_refuses_inputs_that_are_not_the_scanned_ones(scanned: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    results = str(scanned / "reports" / "results.json")
    code = main(["export", results, "--snapshot", str(FIXTURES / "hipaa-hardened.json"), "--output", str(tmp_path / "x.zip")])
    assert code == 2 and "is not the one the results came from" in capsys.readouterr().err
    policies = tmp_path / "policies"
    shutil.copytree(Path(__file__).resolve().parents[2] / "policies", policies)
    changed = next(policies.rglob("*.rego"))
    changed.write_text(changed.read_text(encoding="utf-8") + "\n# one comment more\n", encoding="utf-8")
    code = main(["export", results, "--policies", str(policies), "--output", str(tmp_path / "x.zip")])
    assert code == 2 and "not the ones the results were produced with" in capsys.readouterr().err
    assert not (tmp_path / "x.zip").exists()


def test_not_a_bundle_and_unsafe_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"not a zip")
    code, err = verify(capsys, junk)
    assert code == 2 and "not a readable zip bundle" in err and err.count("\n") == 1
    for name in ("../evil", "/etc/passwd", "a/../../b", "a\\b", ""):
        with pytest.raises(UsageError):
            safe_member(name)
    assert safe_member("policies/rules/x.rego") == "policies/rules/x.rego"
    slip = tmp_path / "slip.zip"
    with zipfile.ZipFile(slip, "w") as archive:
        archive.writestr(MANIFEST, json.dumps({"format": "amlscan-evidence-bundle/1", "files": [{"path": "../outside", "sha256": "0" * 64}]}))
        archive.writestr("../outside", b"x")
        archive.writestr("policies/../../evil.rego", b"package x")
    code, err = verify(capsys, slip)
    assert code == 1 and "MISMATCH ../outside: unsafe file name" in err
    assert "MISMATCH policies/../../evil.rego: unsafe file name" in err
    assert not (tmp_path.parent / "outside").exists()

"""`verify` on hostile zips (issue 15): streamed hashes within size and count limits, unsafe names
flagged without --key, nothing extracted."""

from __future__ import annotations

import shutil
import tempfile
import time
import zipfile
from pathlib import Path

import pytest

from scanner.report import evidence_verify
from tests.conftest import FIXTURES
from tests.report.conftest import scan_to
from tests.report.test_bundle import rewrite, verify


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("scan")
    snapshot = out / "snapshot-in.json"
    shutil.copy(FIXTURES / "hipaa-hardened.json", snapshot)
    scan_to(out / "reports", snapshot, "--evidence", str(out / "bundle.zip"))
    return out / "bundle.zip"


def test_verify_never_extracts(good: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("verify wrote to a temporary folder")

    monkeypatch.setattr(tempfile, "TemporaryDirectory", refuse)
    monkeypatch.setattr(tempfile, "mkdtemp", refuse)
    code, err = verify(capsys, good)
    assert code == 0, err


def test_a_windows_drive_name_is_flagged_without_key(good: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = rewrite(good, tmp_path / "evil.zip", {"C:/evil.txt": b"x", "policies/C:evil.rego": b"x"})
    code, err = verify(capsys, bad)
    assert code == 1 and "MISMATCH C:/evil.txt: unsafe file name" in err and "MISMATCH policies/C:evil.rego: unsafe file name" in err


def test_a_zip_bomb_member_is_hashed_within_the_limit_not_held(good: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(evidence_verify, "MAX_MEMBER_BYTES", 8 << 20)
    bomb = tmp_path / "bomb.zip"
    shutil.copy(good, bomb)
    with zipfile.ZipFile(bomb, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("report.html.bak", "w", force_zip64=True) as member:
            for _ in range(64):
                member.write(bytes(1 << 20))  # 64 MiB of zeros: a few kB compressed
    assert bomb.stat().st_size < good.stat().st_size + 200_000
    code, err = verify(capsys, bomb)
    assert code == 1 and "report.html.bak: larger than the limit of 8,388,608 bytes" in err


def test_too_many_entries_is_refused_quickly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    crowded = tmp_path / "crowded.zip"
    with zipfile.ZipFile(crowded, "w") as archive:
        for i in range(evidence_verify.MAX_MEMBERS + 1):
            archive.writestr(f"f{i}", b"")
    started = time.monotonic()
    code, err = verify(capsys, crowded)
    assert code == 2 and "10,001 entries, more than the 10,000" in err and time.monotonic() - started < 5

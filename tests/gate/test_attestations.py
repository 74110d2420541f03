"""Attestations for manual controls: the matrix, OSCAL and the evidence bundle carry them; an
expired one falls back to manual; a bad file is refused before anything is written."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from scanner.cli import main
from tests.gate.helpers import DEFAULTS, HARDENED, run
from tests.report.conftest import trestle_available

VALID = """attestations:
  - framework: hipaa
    control: 164.308(a)(8)
    status: pass
    evidence: https://contoso.example/compliance/evaluation-2026.pdf
    reviewer: Dana Reviewer (external auditor)
    date: 2026-10-01
    expires: 2027-09-30
    note: Annual technical and non-technical evaluation.
  - framework: gdpr
    control: 35(1)
    status: pass
    evidence: DPIA-2026-014 in the DPO register
    reviewer: dpo@contoso.example
    date: 2026-03-01
    expires: 2026-09-30
  - framework: hipaa
    control: 164.312(b)
    status: fail
    evidence: https://contoso.example/audit/log-review.html
    reviewer: Dana Reviewer (external auditor)
    date: 2026-10-01
    expires: 2027-09-30
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "attestations.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_matrix_summary_and_oscal_carry_attestations(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    formats = "json,html,md" + (",oscal" if trestle_available() else "")
    plain = run(capsys, tmp_path / "plain", str(HARDENED), "--format", "md", "--as-of", "2026-11-20")
    got = run(capsys, tmp_path / "out", str(HARDENED), "--attestations", str(write(tmp_path, VALID)), "--as-of", "2026-11-20", "--format", formats)
    items = {(i["framework"], i["control"]): i for i in got.results()["attestations"]["items"]}
    assert items[("gdpr", "35(1)")]["expired"] is True and items[("hipaa", "164.308(a)(8)")]["expired"] is False
    # stderr says the expired one no longer counts
    assert "attestation of gdpr 35(1) by dpo@contoso.example expired on 2026-09-30" in got.err
    html = got.text("report.html")
    assert "Attested <b>pass</b> by Dana Reviewer (external auditor) on 2026-10-01" in html
    assert 'href="https://contoso.example/compliance/evaluation-2026.pdf"' in html
    assert "expired on 2026-09-30</b>: the control counts as manual again" in html

    def row(text: str, name: str) -> list[str]:
        line = next(line for line in text.splitlines() if line.startswith(f"| {name} |"))
        return [cell.strip() for cell in line.strip("|").split("|")]

    # HIPAA: 164.308(a)(8) manual -> passed; 164.312(b) passed -> failed (attested fail). GDPR 35(1) expired: still manual.
    before, after = row(plain.text("summary.md"), "HIPAA"), row(got.text("summary.md"), "HIPAA")
    failed, passed, manual = 3, 6, 7  # column positions: failed, unknown, waived, passed, manual, n/a after the two percentages
    assert (int(after[failed]), int(after[passed]), int(after[manual])) == (int(before[failed]) + 1, int(before[passed]), int(before[manual]) - 1)
    assert row(plain.text("summary.md"), "GDPR") == row(got.text("summary.md"), "GDPR")
    if trestle_available():
        result = json.loads(got.text("oscal-assessment-results.json"))["assessment-results"]["results"][0]
        findings = {f["target"]["target-id"]: f for f in result["findings"] if f["title"].endswith(": attestation")}
        assert findings["hipaa-164.308-a-8"]["target"]["status"]["state"] == "satisfied"
        assert findings["hipaa-164.312-b"]["target"]["status"]["state"] == "not-satisfied"
        assert "status" not in findings["gdpr-35-1"]["target"]  # expired: no verdict, manual again
        observation = next(o for o in result["observations"] if o["title"] == "Attestation of HIPAA 164.308(a)(8)")
        assert observation["methods"] == ["EXAMINE"] and observation["relevant-evidence"][0]["href"].endswith("evaluation-2026.pdf")


@pytest.mark.parametrize(("body", "message"), [
    (VALID.replace("164.308(a)(8)", "164.999(z)"), "hipaa has no control '164.999(z)'"),
    (VALID.replace("status: fail", "status: maybe"), "$.attestations[2].status"),
    (VALID.replace("expires: 2027-09-30\n    note", "expires: 2026-01-01\n    note"), "is before the review date"),
    (VALID.replace("    reviewer: dpo@contoso.example\n", ""), "'reviewer' is a required property"),
    (VALID + VALID.split("attestations:\n", 1)[1], "is attested twice"),
])
def test_a_bad_attestation_file_is_refused_and_nothing_written(tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str, message: str) -> None:
    got = run(capsys, tmp_path / "out", str(HARDENED), "--attestations", str(write(tmp_path, body)))
    assert got.code == 2 and message in got.err and got.err.count("\n") == 1
    assert not (tmp_path / "out").exists()


def test_the_evidence_bundle_carries_the_attestation_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    attestations = write(tmp_path, VALID)
    bundle = tmp_path / "audit.zip"
    got = run(capsys, tmp_path / "out", str(DEFAULTS), "--attestations", str(attestations), "--evidence", str(bundle), "--fail-on", "none")
    assert got.code == 0
    with zipfile.ZipFile(bundle) as archive:
        assert archive.read("config/attestations.yaml") == attestations.read_bytes()
        manifest = json.loads(archive.read("manifest.json"))
    assert "config/attestations.yaml" in {f["path"] for f in manifest["files"]}
    assert main(["verify", str(bundle)]) == 0
    # export re-checks the file against the sha256 in results.json
    exported = tmp_path / "export.zip"
    assert main(["export", str(tmp_path / "out" / "results.json"), "--output", str(exported), "--quiet"]) == 0
    attestations.write_text(VALID.replace("Dana", "Someone else"), encoding="utf-8")
    capsys.readouterr()
    assert main(["export", str(tmp_path / "out" / "results.json"), "--output", str(tmp_path / "bad.zip"), "--quiet"]) == 2
    assert "not the one the results were produced with" in capsys.readouterr().err

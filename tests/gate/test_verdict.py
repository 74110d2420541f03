"""Every output states the gate's own verdict and threshold, and with a baseline the new, unchanged
and fixed counts: a passed gate never reads as "failing" anywhere."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.gate.helpers import DEFAULTS, HARDENED, TEMPLATE, IAC, run
from tests.report.conftest import trestle_available

ALL = "sarif,html,json,junit,csv,md" + (",oscal" if trestle_available() else "")


def outputs(got) -> dict[str, str]:  # type: ignore[no-untyped-def]
    found = {"terminal": got.out}
    for name in ("summary.md", "report.html", "results.json", "junit.xml", "amlscan.sarif", "oscal-assessment-results.json"):
        if (got.folder / name).is_file():
            found[name] = got.text(name)
    return found


def gate_of(name: str, text: str) -> str:
    """The gate's verdict as each output states it."""
    if name == "results.json":
        return json.loads(text)["gate"]["verdict"]
    if name == "amlscan.sarif":
        return json.loads(text)["runs"][0]["properties"]["gate"]["verdict"]
    if name == "junit.xml":
        case = ET.fromstring(text).find("testsuite/testcase")
        return {p.get("name"): p.get("value") for p in case.findall("properties/property")}["verdict"]
    if name == "oscal-assessment-results.json":
        props = json.loads(text)["assessment-results"]["results"][0]["props"]
        return next(p["value"] for p in props if p["name"] == "gate-verdict")
    if name == "summary.md":
        return text.splitlines()[0].removeprefix("## amlscan: gate ")
    if name == "report.html":
        return text.split('<div class="big">Gate ', 1)[1].split("<", 1)[0]
    return next(line.split()[1] for line in text.splitlines() if line.startswith("gate ")).lower().rstrip(":")


@pytest.mark.parametrize(("argv", "verdict", "code"), [
    ((str(DEFAULTS),), "failed", 1),
    ((str(DEFAULTS), "--fail-on", "none"), "passed", 0),
    ((str(DEFAULTS), "--fail-on", "critical"), "passed", 0),
    ((str(HARDENED),), "passed", 0),
])
def test_every_output_states_the_gate(tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], verdict: str, code: int) -> None:
    got = run(capsys, tmp_path / "out", *argv, "--format", ALL)
    assert got.code == code
    found = outputs(got)
    assert len(found) == 7 if trestle_available() else 6
    assert {name: gate_of(name, text) for name, text in found.items()} == {name: verdict for name in found}
    threshold = argv[2] if len(argv) > 1 else "low"
    assert f"--fail-on {threshold}" in found["summary.md"] and f"--fail-on {threshold}" in found["report.html"]
    if verdict == "passed":
        assert "failing" not in found["summary.md"].splitlines()[0]


def test_baseline_counts_new_unchanged_and_fixed_in_every_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hipaa = ["--template", str(IAC / "hipaa-workspace.json"), "--parameters", str(IAC / "hipaa-workspace.parameters.json")]
    first = run(capsys, tmp_path / "first", *TEMPLATE, "--fail-on", "none", "--format", "json")
    # The hardened template against the defaults' baseline: nothing new, many fixed.
    got = run(capsys, tmp_path / "better", *hipaa, "--baseline", str(first.folder / "results.json"), "--format", ALL)
    baseline = got.results()["baseline"]
    assert baseline["new"] == sum(1 for r in got.results()["results"] if r["status"] in ("fail", "unknown") and r["baseline_state"] == "new")
    assert baseline["fixed"] > 0 and baseline["fixed"] == sum(1 for r in baseline["absent"] if r["status"] in ("fail", "unknown"))
    counts = (baseline["new"], baseline["unchanged"], baseline["fixed"])
    found = outputs(got)
    assert f"{counts[0]} new · {counts[1]} unchanged · {counts[2]} fixed" in found["terminal"]
    assert f"**{counts[0]}** new, {counts[1]} unchanged, {counts[2]} fixed" in found["summary.md"]
    assert f"<b>{counts[0]}</b> new, {counts[1]} unchanged, {counts[2]} fixed" in found["report.html"]
    sarif = json.loads(found["amlscan.sarif"])["runs"][0]["properties"]["baseline"]
    assert (sarif["new"], sarif["unchanged"], sarif["fixed"]) == counts
    props = {p.get("name"): p.get("value") for p in ET.fromstring(found["junit.xml"]).find("testsuite/testcase").findall("properties/property")}
    assert (int(props["new"]), int(props["unchanged"]), int(props["fixed"])) == counts
    # The defaults against their own baseline: the gate passes on nothing new, and says why.
    again = run(capsys, tmp_path / "again", *TEMPLATE, "--baseline", str(first.folder / "results.json"), "--format", "json,md")
    assert again.code == 0
    gate = again.results()["gate"]
    assert gate["verdict"] == "passed" and gate["counted"] == "new" and gate["unchanged"] == 35
    assert again.text("summary.md").startswith("## amlscan: gate passed\n")
    assert "35 unchanged since the baseline do not count" in " ".join(again.out.split())  # wrapped, never cut

"""Every CI recipe in docs/ci and docs/schedule, and the GitHub Action, run as written on the
fixtures: amlscan is built from a checkout of this repository into a wheel and installed into a
fresh Python, then the recipe's own scan steps run (tests/ci/runner.py says what is emulated and
what is skipped, and why)."""

from __future__ import annotations

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.ci.offline import amlscan_checkout, dependency_folder, fresh_python
from tests.ci.runner import Runner
from tests.conftest import FIXTURES, ROOT

CI, SCHEDULE = ROOT / "docs" / "ci", ROOT / "docs" / "schedule"
CONSUMER = Path(__file__).resolve().parent / "consumer"
IAC = FIXTURES / "iac"
MAIN_WORKFLOW_FILE = "amlscan-iac-main.yml"  # where docs/ci/github-iac-main.yml tells users to put it


def load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def dependencies(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return dependency_folder(tmp_path_factory.mktemp("deps"))


def consumer(folder: Path) -> Path:
    """The repository a recipe runs in: infra/main.bicep, its compiled infra/main.json (what
    `az bicep build` would write: the template of fixtures/iac), parameters and amlscan.yaml."""
    shutil.copytree(CONSUMER, folder)
    shutil.copy(IAC / "default-workspace.json", folder / "infra" / "main.json")
    shutil.copy(IAC / "default-workspace.parameters.json", folder / "infra" / "main.parameters.json")
    return folder


def runner(tmp_path: Path, name: str, dependencies: Path, workspace: Path, **github: str) -> Runner:
    env = fresh_python(tmp_path / f"{name}-python", dependencies)
    context = {"workspace": str(workspace), "token": "fake-token", "event_name": "pull_request", **github}
    return Runner(workspace, env, tmp_path / f"{name}-runner", github=context, artifacts=tmp_path / f"{name}-artifacts")


def publish(run: Runner, tmp_path: Path, workflow: str, run_id: int, branch: str = "main") -> None:
    """Keep a finished run's artifacts where `gh run download` finds them (tests/ci/fakes/gh)."""
    store = tmp_path / "gh-runs"
    store.mkdir(exist_ok=True)
    shutil.copytree(run.artifacts, store / str(run_id))
    runs = json.loads((store / "runs.json").read_text()) if (store / "runs.json").is_file() else []
    runs.append({"workflow": workflow, "branch": branch, "status": "success", "databaseId": run_id})
    (store / "runs.json").write_text(json.dumps(runs), encoding="utf-8")


def outcomes(run: Runner) -> dict[str, str]:
    return {s.name: s.outcome for s in run.steps}


def share_store(run: Runner, tmp_path: Path) -> None:
    """All runs of one test see the same fake GitHub and blob storage (as one repository would)."""
    run.env["FAKE_ARTIFACTS"] = str(tmp_path / "fake" / "artifacts")
    (tmp_path / "fake").mkdir(exist_ok=True)
    run.env["FAKE_AZ_STORE"] = str(tmp_path / "blob-store")
    if not (tmp_path / "fake" / "gh-runs").exists():
        (tmp_path / "fake" / "gh-runs").symlink_to(tmp_path / "gh-runs", target_is_directory=True)
        (tmp_path / "gh-runs").mkdir(exist_ok=True)


def test_main_and_pull_request_workflows_are_a_working_pair(tmp_path: Path, dependencies: Path) -> None:
    main_text = (CI / "github-iac-main.yml").read_text(encoding="utf-8")
    assert f"Copy to .github/workflows/{MAIN_WORKFLOW_FILE}" in " ".join(line.lstrip("# ") for line in main_text.splitlines())
    # 1. A push to main: scan, alerts, and the baseline kept as an artifact.
    main = runner(tmp_path, "main", dependencies, consumer(tmp_path / "main-ws"), ref_name="main")
    share_store(main, tmp_path)
    assert main.run_workflow(load(CI / "github-iac-main.yml")) == "success", [s for s in main.steps if s.outcome == "failure"]
    assert outcomes(main)["Install amlscan"] == "success" and outcomes(main)["Build Bicep to ARM JSON"] == "offline"
    baseline = json.loads((main.artifacts / "amlscan-baseline" / "results.json").read_text(encoding="utf-8"))
    assert baseline["gate"]["verdict"] == "passed" and baseline["scan"]["date_source"] == "--as-of"
    assert "## amlscan: gate passed" in main.summary.read_text(encoding="utf-8")
    ((category, sarif),) = main.sarif_uploads
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert category == "amlscan-iac" and uris == {"infra/main.bicep"}  # alerts on the Bicep source, not the build output
    publish(main, tmp_path, MAIN_WORKFLOW_FILE, 101)

    # 2. A pull request changing nothing relevant: the baseline is found, nothing is new, the gate passes.
    same = runner(tmp_path, "same", dependencies, consumer(tmp_path / "same-ws"), base_ref="main")
    share_store(same, tmp_path)
    assert same.run_workflow(load(CI / "github-iac-pr.yml")) == "success", [(s.name, s.output[-2000:]) for s in same.steps if s.outcome == "failure"]
    document = json.loads((tmp_path / "same-ws" / "reports" / "results.json").read_text(encoding="utf-8"))
    assert document["baseline"]["path"] == "baseline/results.json" and document["baseline"]["new"] == 0
    assert document["gate"] == {"verdict": "passed", "fail_on": "high", "fail_on_unknown": False, "failing": 0, "counted": "new", "unchanged": 13}

    # 3. A pull request that opens anonymous pull on the registry: one new high finding fails the check.
    worse = consumer(tmp_path / "worse-ws")
    for name, old, new in (("main.json", '"anonymousPullEnabled": false', '"anonymousPullEnabled": true'),
                           ("main.bicep", "anonymousPullEnabled: false", "anonymousPullEnabled: true")):
        path = worse / "infra" / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    pr = runner(tmp_path, "pr", dependencies, worse, base_ref="main")
    share_store(pr, tmp_path)
    assert pr.run_workflow(load(CI / "github-iac-pr.yml")) == "failure"
    assert pr.step("Scan").code == 1 and outcomes(pr)["Upload SARIF"] == "success" and outcomes(pr)["Job summary"] == "success"
    summary = pr.summary.read_text(encoding="utf-8")
    assert "## amlscan: gate failed" in summary and "**1** new" in summary
    new = [r for r in pr.sarif_uploads[0][1]["runs"][0]["results"] if r.get("baselineState") == "new"]
    assert [r["ruleId"] for r in new] == ["AML-ACR-003"]
    line = new[0]["locations"][0]["physicalLocation"]["region"]["startLine"]
    assert (worse / "infra" / "main.bicep").read_text(encoding="utf-8").splitlines()[line - 1].strip() == "anonymousPullEnabled: true"


def test_pull_request_without_a_baseline_counts_every_finding(tmp_path: Path, dependencies: Path) -> None:
    pr = runner(tmp_path, "pr", dependencies, consumer(tmp_path / "ws"), base_ref="main")
    share_store(pr, tmp_path)
    assert pr.run_workflow(load(CI / "github-iac-pr.yml")) == "failure"
    assert "every finding counts as new" in pr.step("Fetch the baseline from the default branch").output
    document = json.loads((tmp_path / "ws" / "reports" / "results.json").read_text(encoding="utf-8"))
    assert "baseline" not in document and document["gate"]["failing"] == 13


def test_the_action_in_a_workflow(tmp_path: Path, dependencies: Path) -> None:
    run = runner(tmp_path, "action", dependencies, consumer(tmp_path / "ws"))
    assert run.run_workflow(load(CI / "github-action.yml")) == "failure"  # 13 high failures: the gate fails the job
    steps = outcomes(run)
    assert steps["Install amlscan"] == "success" and steps["Scan"] == "success" and steps["Upload SARIF"] == "success"
    assert steps["Gate"] == "failure" and run.step("Gate").code == 1 and "::error title=amlscan::gate failed" in run.step("Gate").output
    assert run.action_outputs["verdict"] == "failed" and run.action_outputs["exit-code"] == "1"
    assert (run.artifacts / "amlscan-reports" / "report.html").is_file()  # the workflow's next step used the output folder
    assert "## amlscan: gate failed" in run.summary.read_text(encoding="utf-8")
    assert run.sarif_uploads and run.sarif_uploads[0][0] == "amlscan"


def run_action(tmp_path: Path, dependencies: Path, workspace: Path, **inputs: str) -> Runner:
    run = runner(tmp_path, "direct", dependencies, workspace)
    step = {"name": "amlscan", "id": "amlscan", "uses": "contoso-health/amlscan@v0.1.0", "with": inputs}
    run.run_workflow({"jobs": {"gate": {"steps": [{"uses": "actions/checkout@v4"}, step]}}})
    return run


@pytest.mark.parametrize(("inputs", "verdict"), [
    ({"snapshot": "snapshots/hardened.json"}, "passed"),
    ({"plan": "plans/default.tfplan.json", "fail-on": "none", "upload-sarif": "false"}, "passed"),
    ({"folder": "infra", "fail-on": "critical", "formats": "html"}, "passed"),
    ({"snapshot": "snapshots/hardened.json", "fail-on": "medium", "fail-on-unknown": "true"}, "failed"),
])
def test_the_action_inputs(tmp_path: Path, dependencies: Path, inputs: dict[str, str], verdict: str) -> None:
    workspace = consumer(tmp_path / "ws")
    (workspace / "snapshots").mkdir()
    shutil.copy(FIXTURES / "hipaa-hardened.json", workspace / "snapshots" / "hardened.json")
    (workspace / "plans").mkdir()
    shutil.copy(IAC / "default-workspace.tfplan.json", workspace / "plans" / "default.tfplan.json")
    run = run_action(tmp_path, dependencies, workspace, **inputs)
    assert run.action_outputs["verdict"] == verdict
    assert outcomes(run)["Gate"] == ("success" if verdict == "passed" else "failure")
    assert bool(run.sarif_uploads) == (inputs.get("upload-sarif") != "false")
    reports = workspace / "amlscan-reports"
    assert {"amlscan.sarif", "results.json", "summary.md"} <= {p.name for p in reports.iterdir()}  # always, whatever formats says


def test_azure_pipelines_recipe(tmp_path: Path, dependencies: Path) -> None:
    workspace = consumer(tmp_path / "ws")
    amlscan_checkout(workspace / ".amlscan")  # what the skipped `git clone` step fetches
    run = runner(tmp_path, "ado", dependencies, workspace)
    assert run.run_pipeline(load(CI / "azure-pipelines.yml")) == "failure"
    steps = outcomes(run)
    assert steps["Fetch amlscan"] == "offline" and steps["Install amlscan"] == "success" and steps["Build Bicep"] == "offline"
    assert run.step("amlscan IaC gate").code == 1
    assert steps["PublishTestResults@2"] == "success" and steps["PublishBuildArtifacts@1"] == "success"
    junit = ET.parse(run.artifacts / "amlscan-reports" / "junit.xml").getroot()
    gate = junit.find("testsuite")
    assert gate.get("name") == "amlscan gate" and gate.find("testcase/failure") is not None
    assert any(case.get("file") == "infra/main.bicep" for case in junit.iter("testcase"))


def test_pre_commit_hook_as_pre_commit_runs_it(tmp_path: Path, dependencies: Path) -> None:
    """pre-commit installs the hook's repository with pip into its own environment, then runs
    `entry` plus the configured `args` (pass_filenames: false) in the repository."""
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    configured = load(CI / "pre-commit-config.yaml")["repos"][0]["hooks"][0]
    hook = hooks[configured["id"]]
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    env = fresh_python(tmp_path / "hook-python", dependencies)
    subprocess.run(["python", "-m", "pip", "install", "--quiet", str(amlscan_checkout(tmp_path / "hook-repo"))], check=True, env=env, cwd=tmp_path)
    workspace = consumer(tmp_path / "ws")
    done = subprocess.run(["bash", "-c", f'{hook["entry"]} "$@"', "hook", *configured["args"]], env=env, cwd=workspace, capture_output=True, text=True)
    assert done.returncode == 1, done.stderr  # high findings in infra/: the commit is refused
    assert "gate     FAILED" in done.stdout
    assert json.loads((workspace / ".amlscan-reports" / "results.json").read_text(encoding="utf-8"))["gate"]["fail_on"] == "high"


def scheduled_consumer(folder: Path, snapshot: Path) -> Path:
    folder.mkdir()
    (folder / "snapshots").mkdir()
    shutil.copy(snapshot, folder / "snapshots" / "production.json")
    # The recipes' amlscan.yaml names subscriptions (auth: cli); offline, the target is a snapshot file.
    (folder / "amlscan.yaml").write_text("targets:\n  - name: production\n    snapshot: snapshots/production.json\n"
                                         "outputs:\n  folder: reports\n  formats: [sarif, html, json, md]\n  fail_on: high\n", encoding="utf-8")
    return folder


def test_scheduled_github_workflow_keeps_history_between_runs(tmp_path: Path, dependencies: Path) -> None:
    from tests.history.helpers import drifted_copy

    first = runner(tmp_path, "night1", dependencies, scheduled_consumer(tmp_path / "ws1", FIXTURES / "hipaa-hardened.json"))
    first.variables = {"AMLSCAN_HISTORY_ACCOUNT": "stamlscanhistory", "AZURE_CLIENT_ID": "00000000-0000-0000-0000-000000000001",
                       "AZURE_TENANT_ID": "00000000-0000-0000-0000-000000000002"}
    share_store(first, tmp_path)
    assert first.run_workflow(load(SCHEDULE / "github-actions.yml")) == "success", [(s.name, s.output[-1500:]) for s in first.steps if s.outcome == "failure"]
    assert "no history yet" in first.step("Fetch the scan history").output
    assert outcomes(first)["Sign in with workload identity (OIDC)"] == "offline"
    assert (tmp_path / "blob-store" / "stamlscanhistory" / "amlscan" / "amlscan-history.db").is_file()
    # The next night Azure changed: the history comes back from the blob, the drift is in the job summary, the gate fails.
    drifted = tmp_path / "drifted.json"
    drifted_copy(FIXTURES / "hipaa-hardened.json", drifted)
    second = runner(tmp_path, "night2", dependencies, scheduled_consumer(tmp_path / "ws2", drifted))
    second.variables = first.variables
    share_store(second, tmp_path)
    assert second.run_workflow(load(SCHEDULE / "github-actions.yml")) == "failure"
    assert second.step("Gate").code == 1 and outcomes(second)["Keep the scan history"] == "success"
    summary = second.summary.read_text(encoding="utf-8")
    assert "## amlscan: gate failed" in summary and "AML-NET-001" in summary


def test_scheduled_azure_devops_pipeline(tmp_path: Path, dependencies: Path) -> None:
    workspace = scheduled_consumer(tmp_path / "ws", FIXTURES / "hipaa-hardened.json")
    amlscan_checkout(workspace / ".amlscan")
    run = runner(tmp_path, "ado", dependencies, workspace)
    share_store(run, tmp_path)
    assert run.run_pipeline(load(SCHEDULE / "azure-devops.yml")) == "success", [(s.name, s.output[-1500:]) for s in run.steps if s.outcome == "failure"]
    script = run.step("Scan, record history, keep it")
    assert "no history yet" in script.output and "gate     PASSED" in script.output
    assert (tmp_path / "blob-store" / "stamlscanhistory" / "amlscan" / "amlscan-history.db").is_file()
    assert (run.artifacts / "amlscan-reports" / "production" / "report.html").is_file()


def test_every_recipe_is_run() -> None:
    """A new recipe needs its test above: every YAML recipe is loaded (and run) by one."""
    import re

    source = Path(__file__).read_text(encoding="utf-8")
    run = {f"docs/{'ci' if folder == 'CI' else 'schedule'}/{name}" for folder, name in re.findall(r'load\((CI|SCHEDULE) / "([^"]+)"\)', source)}
    recipes = {p.relative_to(ROOT).as_posix() for folder in (CI, SCHEDULE) for p in folder.glob("*.y*ml")}
    assert recipes == run and "run_action(" in source

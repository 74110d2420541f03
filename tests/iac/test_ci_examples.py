"""The CI examples in docs/ci parse as YAML and carry the fields that make them work."""

from __future__ import annotations

import shlex
from typing import Any

import yaml

from scanner.cli import build_parser
from tests.iac.helpers import ROOT

CI = ROOT / "docs" / "ci"


def load(name: str) -> Any:
    return yaml.safe_load((CI / name).read_text())


def steps_using(workflow: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [s for job in workflow["jobs"].values() for s in job["steps"] if str(s.get("uses", "")).startswith(action)]


def test_pull_request_workflow_uploads_sarif_with_its_own_category() -> None:
    wf = load("github-iac-pr.yml")
    assert "pull_request" in wf[True]  # YAML 1.1 reads the key `on` as True
    assert wf["permissions"]["security-events"] == "write"
    (upload,) = steps_using(wf, "github/codeql-action/upload-sarif")
    assert upload["with"]["category"] == "amlscan-iac" and upload["with"]["sarif_file"] == "reports/amlscan.sarif"
    scan = next(s["run"] for job in wf["jobs"].values() for s in job["steps"] if "amlscan scan" in s.get("run", ""))
    assert "--template" in scan and "--baseline" in scan


def test_scheduled_live_workflow_uses_oidc() -> None:
    wf = load("github-live-scheduled.yml")
    assert wf[True]["schedule"][0]["cron"]
    assert wf["permissions"]["id-token"] == "write"
    (login,) = steps_using(wf, "azure/login")
    assert set(login["with"]) == {"client-id", "tenant-id", "subscription-id"}
    assert "client-secret" not in str(wf) and "creds" not in login["with"]
    (upload,) = steps_using(wf, "github/codeql-action/upload-sarif")
    assert upload["with"]["category"] == "amlscan-live"


def test_azure_devops_pipeline_publishes_junit() -> None:
    pipeline = load("azure-pipelines.yml")
    publish = next(s for s in pipeline["steps"] if s.get("task") == "PublishTestResults@2")
    assert publish["inputs"]["testResultsFormat"] == "JUnit" and publish["inputs"]["testResultsFiles"] == "reports/junit.xml"
    scan = next(s["script"] for s in pipeline["steps"] if "amlscan scan" in s.get("script", ""))
    argv = shlex.split(scan)[1:]
    args = build_parser().parse_args(argv)  # the documented command line is one amlscan accepts
    assert args.template == "build/main.json" and "junit" in args.format


def test_pre_commit_hook() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    (hook,) = hooks
    assert hook["id"] == "amlscan-iac" and hook["entry"].startswith("amlscan scan") and hook["language"] == "python"
    config = load("pre-commit-config.yaml")
    assert config["repos"][0]["hooks"][0]["id"] == hook["id"]

"""The scheduling recipes parse and say what docs/history.md promises: schedule, secret-free sign-in, scan --config."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import yaml

from tests.history.helpers import ROOT

SCHEDULE = ROOT / "docs" / "schedule"
SECRET_LIKE = re.compile(r"(client[-_]?secret|password|secrets\.|AccountKey=|SharedAccessSignature|sig=)", re.IGNORECASE)


def _load(name: str) -> dict[str, Any]:
    # YAML 1.1 reads the key `on` as True; accept both spellings
    data = yaml.safe_load((SCHEDULE / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _cron_ok(expression: str) -> bool:
    fields = expression.split()
    return len(fields) == 5 and all(re.fullmatch(r"[\d*/,-]+", f) for f in fields)


def test_github_actions_schedule_with_oidc_and_no_secrets() -> None:
    text = (SCHEDULE / "github-actions.yml").read_text(encoding="utf-8")
    workflow = _load("github-actions.yml")
    triggers = workflow.get("on", workflow.get(True))
    assert _cron_ok(triggers["schedule"][0]["cron"])
    assert workflow["permissions"]["id-token"] == "write"
    assert workflow["concurrency"]["cancel-in-progress"] is False
    steps = workflow["jobs"]["scan"]["steps"]
    login = next(s for s in steps if str(s.get("uses", "")).startswith("azure/login@"))
    assert set(login["with"]) >= {"client-id", "tenant-id"} and "client-secret" not in login["with"] and "creds" not in login["with"]
    scan = next(s for s in steps if s.get("id") == "scan")
    assert "amlscan scan --config amlscan.yaml --history" in scan["run"]
    upload_history = next(s for s in steps if "az storage blob upload" in str(s.get("run", "")))
    assert upload_history["if"] == "always()" and "--auth-mode login" in upload_history["run"]
    assert steps[-1]["run"].startswith("exit "), "the gate is the last step, after the history is kept"
    assert not SECRET_LIKE.search(text)


def test_azure_devops_scheduled_pipeline_with_service_connection() -> None:
    text = (SCHEDULE / "azure-devops.yml").read_text(encoding="utf-8")
    pipeline = _load("azure-devops.yml")
    assert pipeline["trigger"] == "none" and pipeline["pr"] == "none"
    schedule = pipeline["schedules"][0]
    assert _cron_ok(schedule["cron"]) and schedule["always"] is True
    cli = next(s for s in pipeline["steps"] if s.get("task") == "AzureCLI@2")
    assert cli["inputs"]["azureSubscription"] == "$(serviceConnection)"
    script = cli["inputs"]["inlineScript"]
    assert "amlscan scan --config amlscan.yaml --history amlscan-history.db" in script
    assert script.strip().endswith("exit $code")
    assert not SECRET_LIKE.search(text)


def _dockerfile() -> list[tuple[str, str]]:
    lines: list[tuple[str, str]] = []
    pending = ""
    for raw in (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines():
        if raw.strip().startswith("#") or not raw.strip():
            continue
        pending += raw.rstrip("\\").strip() + " "
        if not raw.rstrip().endswith("\\"):
            instruction, _, rest = pending.strip().partition(" ")
            lines.append((instruction.upper(), rest.strip()))
            pending = ""
    return lines


def test_dockerfile_runs_scan_config_as_non_root() -> None:
    import json

    instructions = _dockerfile()
    kinds = [k for k, _ in instructions]
    assert kinds[0] == "FROM"
    assert json.loads(dict(instructions)["ENTRYPOINT"]) == ["amlscan"]
    assert json.loads(dict(instructions)["CMD"]) == ["scan", "--config", "/config/amlscan.yaml"]
    user = [v for k, v in instructions if k == "USER"]
    assert user and user[-1] not in ("root", "0")
    assert kinds.index("USER") > max(i for i, (k, _) in enumerate(instructions) if k == "RUN")
    env = " ".join(v for k, v in instructions if k == "ENV")
    assert "AMLSCAN_POLICIES=/opt/amlscan/policies" in env
    assert any(k == "COPY" and shlex.split(v) == ["policies", "/opt/amlscan/policies"] for k, v in instructions)
    for _, value in instructions:
        assert not SECRET_LIKE.search(value)
        assert not re.search(r"\b(ARG|ENV)\b.*(SECRET|TOKEN|KEY)=", value)
    # everything the image copies exists in the repository
    for kind, value in instructions:
        if kind == "COPY" and "--from" not in value:
            for source in shlex.split(value)[:-1]:
                assert (ROOT / source).exists(), source


def test_container_apps_recipe_uses_managed_identity_and_the_image_command() -> None:
    text = (SCHEDULE / "container-apps-job.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
    parsed = [yaml.safe_load(block) for block in blocks]
    config = next(p for p in parsed if isinstance(p, dict) and "targets" in p)
    assert config["targets"][0]["auth"] == "managed-identity"
    assert config["history"]["path"].startswith("/data/")
    job = next(p for p in parsed if isinstance(p, dict) and "properties" in p)
    mounts = {m["mountPath"] for m in job["properties"]["template"]["containers"][0]["volumeMounts"]}
    assert mounts == {"/config", "/data", "/reports"}
    assert "--trigger-type Schedule" in text and "--mi-user-assigned" in text and "--parallelism 1" in text
    assert not re.search(r"(client[-_]?secret|password)", text, re.I)


def test_recipe_configuration_validates(tmp_path: Path) -> None:
    from scanner.config import load_config

    text = (SCHEDULE / "container-apps-job.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```yaml\n(.*?)```", text, re.S) if "targets:" in b)
    file = tmp_path / "amlscan.yaml"
    file.write_text(block.replace("<subscription-id>", "3f2a9c1e-5b7d-4e8a-9c0f-1a2b3c4d5e6f"))
    assert load_config(file).data["outputs"]["folder"] == "/reports"

"""Run the steps of a CI recipe as written, offline: a GitHub Actions workflow (or the composite
action), or an Azure Pipelines pipeline.

Shell steps run with the shell the CI service uses (GitHub: `bash --noprofile --norc -eo pipefail`;
Azure Pipelines: `bash --noprofile --norc`), in a workspace the test prepared, with the GitHub or
Azure environment files and variables they would see. Only documented expressions are substituted
(`${{ github.* }}`, `${{ env.* }}`, `${{ inputs.* }}`, `${{ steps.*.outputs.* }}`, `${{ vars.* }}`,
`${{ secrets.* }}`, Azure `$(variable)` macros): any other expression fails the test.

`uses:` steps and Azure tasks cannot run offline. Each is either emulated by what it does to the
workspace (checkout of amlscan: a copy of this repository; artifact upload and download: a local
store; SARIF upload: the file is checked as SARIF 2.1.0 and kept; the composite action: its own
steps, run the same way) or skipped by name with the reason listed in `SKIPPED`. A step nobody
listed fails the test, so every step of every recipe is accounted for. `gh` and `az` are test
doubles on PATH (tests/ci/fakes): `gh run list/download` serves the artifacts an earlier run kept,
`az storage blob download/upload` a local folder; anything else they are asked fails loudly.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tests.ci.offline import amlscan_checkout

FAKES = Path(__file__).resolve().parent / "fakes"
GITHUB_BASH = ["bash", "--noprofile", "--norc", "-eo", "pipefail"]
AZURE_BASH = ["bash", "--noprofile", "--norc"]
AMLSCAN_ACTION = re.compile(r"^[A-Za-z0-9-]+/amlscan@[\w.-]+$")

# Steps that cannot run offline, by step name (or `uses:`), and why; the test provides their effect.
SKIPPED = {
    "Build Bicep to ARM JSON": "needs the Bicep CLI, not available offline; the test puts the compiled template infra/main.json "
                               "beside infra/main.bicep, where `az bicep build --file infra/main.bicep` writes it",
    "Build Bicep": "the Azure DevOps twin of the step above (AzureCLI@2 running az bicep build): the test puts infra/main.json in place",
    "Fetch amlscan": "git clone of the amlscan repository needs the network; the test puts a copy of this repository at .amlscan",
    "azure/login": "signs in to Azure, not available offline; the test's amlscan.yaml targets a snapshot file instead of a subscription",
    "actions/setup-python": "the test's Python (a fresh virtual environment without amlscan) is first on PATH",
    "UsePythonVersion@0": "the test's Python (a fresh virtual environment without amlscan) is first on PATH",
}


@dataclass
class StepRun:
    name: str
    outcome: str  # success, failure, skipped (condition false), offline (SKIPPED)
    code: int = 0
    output: str = ""


@dataclass
class Runner:
    workspace: Path
    env: dict[str, str]  # the fresh Python on PATH, pip offline (tests/ci/offline.py)
    scratch: Path
    github: dict[str, str] = field(default_factory=dict)  # github.* context
    variables: dict[str, str] = field(default_factory=dict)  # vars.* / secrets.*
    artifacts: Path | None = None
    steps: list[StepRun] = field(default_factory=list)
    sarif_uploads: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.scratch.mkdir(parents=True, exist_ok=True)
        self.artifacts = self.artifacts or self.scratch / "artifacts"
        self.summary = self.scratch / "step-summary.md"
        self.summary.touch()
        self.env = {**self.env, "PATH": f"{FAKES}{os.pathsep}{self.env['PATH']}",
                    "FAKE_ARTIFACTS": str(self.artifacts), "FAKE_AZ_STORE": str(self.scratch.parent / "blob-store")}

    # ---------------------------------------------------------------- expressions

    def _context(self, name: str, scope: dict[str, Any]) -> str:
        parts = name.split(".")
        head = parts[0]
        if head == "github" and len(parts) == 2 and parts[1] in self.github:
            return self.github[parts[1]]
        if head in ("env", "inputs") and len(parts) == 2 and parts[1] in scope.get(head, {}):
            return str(scope[head][parts[1]])
        if head in ("vars", "secrets") and len(parts) == 2 and parts[1] in self.variables:
            return self.variables[parts[1]]
        if head == "steps" and len(parts) == 4 and parts[2] == "outputs":
            return str(scope.get("steps", {}).get(parts[1], {}).get(parts[3], ""))
        if head == "runner" and parts[1:] == ["temp"]:
            return str(self.scratch / "runner-temp")
        raise AssertionError(f"the recipe uses ${{{{ {name} }}}}, which the test does not know: document it or substitute it")

    def expand(self, text: Any, scope: dict[str, Any]) -> Any:
        if not isinstance(text, str):
            return text
        return re.sub(r"\$\{\{\s*(.*?)\s*\}\}", lambda m: self._context(m.group(1), scope), text)

    def condition(self, expression: Any, scope: dict[str, Any], failed: bool) -> bool:
        if expression is None:
            return not failed
        text = str(expression).strip()
        text = text[3:-2].strip() if text.startswith("${{") else text
        functions = {"always()": "True", "success()": str(not failed), "failure()": str(failed), "cancelled()": "False"}
        for name, value in functions.items():
            text = text.replace(name, value)
        text = re.sub(r"\b(github|env|inputs|steps|vars|secrets|runner)(\.[A-Za-z0-9_-]+)+", lambda m: repr(self._context(m.group(0), scope)), text)
        text = text.replace("&&", " and ").replace("||", " or ").replace("!=", " __NE__ ").replace("!", " not ").replace(" __NE__ ", " != ")
        return bool(eval(text, {"__builtins__": {}}, {}))

    # ---------------------------------------------------------------- shell

    def shell(self, name: str, script: str, env: dict[str, str], cwd: Path, command: list[str]) -> StepRun:
        file = self.scratch / f"step-{len(self.steps)}.sh"
        file.write_text(script, encoding="utf-8")
        done = subprocess.run([*command, str(file)], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
        outcome = "success" if done.returncode == 0 else "failure"
        return StepRun(name, outcome, done.returncode, done.stdout + done.stderr)

    # ---------------------------------------------------------------- GitHub Actions

    def github_files(self) -> dict[str, str]:
        files = {}
        for key in ("GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_PATH"):
            path = self.scratch / f"{key.lower()}-{len(self.steps)}"
            path.write_text("", encoding="utf-8")
            files[key] = str(path)
        return {**files, "GITHUB_STEP_SUMMARY": str(self.summary), "GITHUB_WORKSPACE": str(self.workspace), "RUNNER_TEMP": str(self.scratch / "runner-temp"),
                "GITHUB_ACTIONS": "true", "CI": "true"}

    @staticmethod
    def read_pairs(path: str) -> dict[str, str]:
        """Lines `key=value` and blocks `key<<DELIM ... DELIM`, as GitHub reads GITHUB_OUTPUT and GITHUB_ENV."""
        pairs: dict[str, str] = {}
        lines = Path(path).read_text(encoding="utf-8").splitlines()
        i = 0
        while i < len(lines):
            line = lines[i]
            if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
                key, delimiter = line.split("<<", 1)
                end = lines.index(delimiter, i + 1)
                pairs[key] = "\n".join(lines[i + 1:end])
                i = end + 1
                continue
            if "=" in line:
                key, value = line.split("=", 1)
                pairs[key] = value
            i += 1
        return pairs

    def run_workflow(self, workflow: dict[str, Any], job: str | None = None) -> str:
        """Run one job of a workflow; its result: success or failure."""
        jobs = workflow["jobs"]
        name = job or next(iter(jobs))
        env = {k: str(self.expand(v, {})) for k, v in (workflow.get("env") or {}).items()}
        job_env = {**env, **{k: str(self.expand(v, {"env": env})) for k, v in (jobs[name].get("env") or {}).items()}}
        failed, _ = self.run_github_steps(jobs[name]["steps"], {"env": job_env, "steps": {}}, job_env)
        return "failure" if failed else "success"

    def run_github_steps(self, steps: list[dict[str, Any]], scope: dict[str, Any], env: dict[str, str], action_path: Path | None = None) -> tuple[bool, dict[str, Any]]:
        failed = False
        extra_path: list[str] = []
        for step in steps:
            label = step.get("name") or step.get("uses") or step.get("run", "").split("\n")[0]
            step_scope = {**scope, "env": env}
            if not self.condition(step.get("if"), step_scope, failed):
                self.steps.append(StepRun(label, "skipped"))
                continue
            uses = step.get("uses")
            key = uses.split("@")[0] if uses else None
            reason = SKIPPED.get(step.get("name", "")) or (SKIPPED.get(key) if key else None)
            if reason:
                self.steps.append(StepRun(label, "offline", output=reason))
                continue
            step_env = {**env, **{k: str(self.expand(v, step_scope)) for k, v in (step.get("env") or {}).items()}}
            if uses:
                run = self.use(step, uses, step_scope, step_env)
                if step.get("id") and getattr(self, "action_outputs", None) is not None and AMLSCAN_ACTION.match(uses):
                    scope["steps"][step["id"]] = self.action_outputs
            else:
                files = self.github_files()
                shell_env = {**self.env, **step_env, **files, **{f"GITHUB_{k.upper()}": v for k, v in self.github.items()}}
                if action_path is not None:
                    shell_env["GITHUB_ACTION_PATH"] = str(action_path)
                shell_env["PATH"] = os.pathsep.join([*extra_path, shell_env["PATH"]])
                cwd = self.workspace / step.get("working-directory", ".")
                run = self.shell(label, self.expand(step["run"], step_scope), shell_env, cwd, GITHUB_BASH)
                if step.get("id"):
                    scope["steps"][step["id"]] = self.read_pairs(files["GITHUB_OUTPUT"])
                env.update(self.read_pairs(files["GITHUB_ENV"]))
                extra_path = [line for line in Path(files["GITHUB_PATH"]).read_text().splitlines() if line] + extra_path
            if run.outcome == "failure" and step.get("continue-on-error"):
                run.outcome = "success"
            self.steps.append(run)
            failed = failed or run.outcome == "failure"
        return failed, scope

    def use(self, step: dict[str, Any], uses: str, scope: dict[str, Any], env: dict[str, str]) -> StepRun:
        label = step.get("name") or uses
        given = {k: str(self.expand(v, scope)) for k, v in (step.get("with") or {}).items()}
        key = uses.split("@")[0]
        if key == "actions/checkout":
            if "repository" not in given:
                return StepRun(label, "success", output="the workspace the test prepared is this repository's checkout")
            assert given["repository"].endswith("/amlscan"), f"checkout of {given['repository']}: only amlscan is known to the test"
            amlscan_checkout(self.workspace / given.get("path", "."))
            return StepRun(label, "success", output=f"a copy of this repository at {given.get('path', '.')} ({given['repository']}@{given.get('ref')})")
        if key == "actions/upload-artifact":
            source = self.workspace / given["path"]
            target = Path(self.artifacts) / given["name"]
            shutil.rmtree(target, ignore_errors=True)
            target.mkdir(parents=True)
            if not source.exists():
                return StepRun(label, "failure" if given.get("if-no-files-found", "warn") == "error" else "success", output=f"no files at {source}")
            if source.is_dir():
                shutil.copytree(source, target, dirs_exist_ok=True)
            else:
                shutil.copy2(source, target / source.name)
            return StepRun(label, "success")
        if key == "actions/download-artifact":
            source = Path(self.artifacts) / given["name"]
            if not source.is_dir():
                return StepRun(label, "failure", output=f"no artifact {given['name']}")
            shutil.copytree(source, self.workspace / given.get("path", "."), dirs_exist_ok=True)
            return StepRun(label, "success")
        if key == "github/codeql-action/upload-sarif":
            path = self.workspace / given["sarif_file"]
            files = sorted(path.rglob("*.sarif")) if path.is_dir() else [path]
            assert files and all(f.is_file() for f in files), f"upload-sarif: nothing at {path}"
            for file in files:
                sarif = json.loads(file.read_text(encoding="utf-8"))
                assert sarif["version"] == "2.1.0" and sarif["runs"], file
                self.sarif_uploads.append((given.get("category", ""), sarif))
            return StepRun(label, "success", output=f"{len(files)} SARIF file(s) checked")
        if AMLSCAN_ACTION.match(uses) or uses in ("./", "."):
            return self.run_action(label, given, env)
        raise AssertionError(f"step {label!r} uses {uses}: emulate it in tests/ci/runner.py or list it in SKIPPED with a reason")

    def run_action(self, label: str, given: dict[str, str], env: dict[str, str]) -> StepRun:
        """The composite action of this repository (action.yml), from a checkout of it."""
        from tests.conftest import ROOT

        action_path = self.scratch / "action"
        if not action_path.exists():
            amlscan_checkout(action_path)
            shutil.copy2(ROOT / "action.yml", action_path / "action.yml")
        action = yaml.safe_load((action_path / "action.yml").read_text(encoding="utf-8"))
        unknown = set(given) - set(action["inputs"])
        assert not unknown, f"inputs the action does not declare: {sorted(unknown)}"
        inputs = {name: given.get(name, str(spec.get("default", ""))) for name, spec in action["inputs"].items()}
        saved = dict(self.github)
        self.github["action_path"] = str(action_path)
        try:
            failed, scope = self.run_github_steps(action["runs"]["steps"], {"inputs": inputs, "steps": {}}, dict(env), action_path)
        finally:
            self.github = saved
        self.action_outputs = {name: str(self.expand(spec["value"], scope)) for name, spec in action.get("outputs", {}).items()}
        return StepRun(label, "failure" if failed else "success")

    # ---------------------------------------------------------------- Azure Pipelines

    def macro(self, text: Any, variables: dict[str, str]) -> Any:
        if not isinstance(text, str):
            return text

        def value(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in variables:
                raise AssertionError(f"the pipeline uses $({name}), which the test does not know")
            return variables[name]

        return re.sub(r"\$\(([A-Za-z_][A-Za-z0-9_.]*)\)", value, text)

    def run_pipeline(self, pipeline: dict[str, Any]) -> str:
        variables = {k: str(v) for k, v in (pipeline.get("variables") or {}).items()}
        variables |= {"Build.SourcesDirectory": str(self.workspace), "System.DefaultWorkingDirectory": str(self.workspace),
                      "Build.ArtifactStagingDirectory": str(self.scratch / "staging")}
        failed = False
        for step in pipeline["steps"]:
            label = step.get("displayName") or step.get("task") or step.get("checkout") or step.get("script", "").split("\n")[0]
            condition = str(step.get("condition", "succeeded()"))
            if condition not in ("always()", "succeeded()", "failed()", "succeededOrFailed()"):
                raise AssertionError(f"condition {condition!r}: teach the runner")
            run_it = condition in ("always()", "succeededOrFailed()") or (condition == "failed()") == failed
            if not run_it:
                self.steps.append(StepRun(label, "skipped"))
                continue
            reason = SKIPPED.get(step.get("displayName", "")) or SKIPPED.get(step.get("task", ""))
            if reason:
                self.steps.append(StepRun(label, "offline", output=reason))
                continue
            env = {**self.env, **{k: self.macro(v, variables) for k, v in (step.get("env") or {}).items()}}
            if "checkout" in step:
                run = StepRun(label, "success", output="the workspace the test prepared is the repository's checkout")
            elif "script" in step or "bash" in step:
                run = self.shell(label, self.macro(step.get("script") or step.get("bash"), variables), env, self.workspace, AZURE_BASH)
            else:
                run = self.task(label, step, variables, env)
            self.steps.append(run)
            failed = failed or run.outcome == "failure"
        return "failure" if failed else "success"

    def task(self, label: str, step: dict[str, Any], variables: dict[str, str], env: dict[str, str]) -> StepRun:
        task = step["task"]
        inputs = {k: self.macro(v, variables) for k, v in (step.get("inputs") or {}).items()}
        if task == "AzureCLI@2":
            assert inputs["scriptType"] == "bash" and inputs["scriptLocation"] == "inlineScript"
            return self.shell(label, inputs["inlineScript"], env, self.workspace, AZURE_BASH)
        if task == "PublishTestResults@2":
            import xml.etree.ElementTree as ET

            root = ET.parse(self.workspace / inputs["testResultsFiles"]).getroot()
            assert inputs["testResultsFormat"] == "JUnit" and root.tag == "testsuites"
            return StepRun(label, "success", output=f"{root.get('tests')} test case(s) read")
        if task in ("PublishBuildArtifacts@1", "PublishPipelineArtifact@1"):
            source = self.workspace / (inputs.get("PathtoPublish") or inputs["targetPath"])
            target = Path(self.artifacts) / (inputs.get("ArtifactName") or inputs["artifact"])
            shutil.copytree(source, target, dirs_exist_ok=True)
            return StepRun(label, "success")
        raise AssertionError(f"task {task}: emulate it in tests/ci/runner.py or list it in SKIPPED with a reason")

    def step(self, name: str) -> StepRun:
        return next(s for s in self.steps if s.name == name)

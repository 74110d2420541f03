"""One scan, asked for: everything `amlscan scan` needs, resolved once from its flags and amlscan.yaml.

scanner/commands/scan.py builds a ScanRequest from the command line (a flag given wins over the
configuration, which wins over the default: `scanner.config.scan_settings`); scanner/pipeline.py
runs it. Nothing below the commands sees argparse: a new `scan` option is a flag in
commands/scan.py, a field here, and the step of the pipeline that uses it.

What to scan is one of: files given on the command line (`InputFiles`: a snapshot, an IaC file or
folder), a live scope (`live`: collect first), or, when neither is given, the targets of the
configuration (`Target`, from `targets_of`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scanner.collect.collector import SCOPE_OPTIONS, CollectOptions
from scanner.config import Config, ScanSettings, relative_to_config
from scanner.evaluate.engine import DEFAULT_ENGINE
from scanner.iac.inputs import InputFiles
from scanner.report.terminal import TerminalOptions


@dataclass(frozen=True)
class EngineChoice:
    """`--engine`, `--opa-url`, `--opa-preloaded` (checked when the scan starts: engine.evaluator)."""

    name: str = DEFAULT_ENGINE
    opa_url: str | None = None
    preloaded: bool = False


@dataclass(frozen=True)
class HistoryChoice:
    """Where the scan is recorded (`--history`, else history.path of the configuration)."""

    path: Path | None = None
    export: bool = False  # also write results.jsonl (--history-export jsonl or history.export)
    export_flag: bool = False  # --history-export given: without a history that is a usage error


@dataclass(frozen=True)
class ScanRequest:
    config: Config
    settings: ScanSettings  # output folder, formats, gate threshold, attestations, OPA bundle
    inputs: InputFiles = field(default_factory=InputFiles)
    live: CollectOptions | None = None  # --subscription / --all-subscriptions: collect, then scan
    targets: tuple[str, ...] = ()  # --target: only these configured targets (all when empty)
    policies: Path | None = None  # --policies; None: the bundled policies
    workers: int | None = None
    evidence: str | None = None  # --evidence ZIP: also write the evidence bundle
    engine: EngineChoice = field(default_factory=EngineChoice)
    history: HistoryChoice = field(default_factory=HistoryChoice)
    baseline: str | None = None  # a previous results.json: only new results fail the gate
    as_of: str | None = None  # the date waivers, attestations and IaC scans are judged on
    terminal: TerminalOptions = field(default_factory=TerminalOptions)

    @property
    def configured(self) -> bool:
        """No input and no live scope on the command line: scan the configuration's targets."""
        return self.live is None and self.inputs.snapshot is None and not self.inputs.iac_files

    @property
    def params(self) -> dict[str, Any]:
        """The rule parameters (defaults, then amlscan.yaml `parameters`)."""
        from scanner.config import policy_parameters

        return policy_parameters(self.config)


@dataclass(frozen=True)
class Target:
    """A target of amlscan.yaml: a snapshot file, or a live scope, optionally narrowed by tags."""

    name: str
    snapshot: Path | None = None
    collect: CollectOptions | None = None
    auth: str = "default"
    tags: dict[str, str] | None = None


def targets_of(config: Config) -> list[Target]:
    """The configuration's targets (validated by its schema), paths relative to the file."""
    found = []
    for raw in config.section("targets") or []:
        snapshot = relative_to_config(config, raw["snapshot"]) if "snapshot" in raw else None
        collect = None
        if snapshot is None:
            options = {key: raw[key] for key in SCOPE_OPTIONS if key in raw}  # the schema allows them
            if "ca_bundle" in options:
                options["ca_bundle"] = str(relative_to_config(config, options["ca_bundle"]))
            collect = CollectOptions(progress=False, **options)
        found.append(Target(raw["name"], snapshot, collect, raw.get("auth", "default"), raw.get("tags")))
    return found

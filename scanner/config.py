"""`amlscan.yaml`: what differs between organisations, in one file.

Top-level sections, each validated by its own JSON Schema under `schemas/config/` (one file per
section keeps the parts owned by different features apart):

- `parameters`: rule parameters (allowed regions, retention days, ...), passed to policies as
  `data.amlscan.params`.
- `frameworks`: which frameworks to run.
- `waivers`: accepted risks with justification, approver and expiry.
- `targets`, `outputs`, `history`: scheduled scans (`outputs` and `history` apply to every scan
  run with the file, a single snapshot or template included).
- `attestations`: the attestation file for manual controls.

Every setting applies unless a command-line flag overrides it (`scan_settings`): a flag that is not
given is None, so "not given" and "given with the default value" stay apart. A renamed setting
keeps working under its old name, with a warning (`deprecated_settings`).

A wrong key or type is a `UsageError` naming the file and the path of the offending value.
"""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from scanner.errors import UsageError
from scanner.snapshot.load import json_path
from scanner.vocabulary import DEFAULT_FORMATS

SECTIONS = ("parameters", "frameworks", "waivers", "targets", "outputs", "history", "attestations")
DEFAULT_OUTPUT_DIR = "reports"
DEFAULT_FAIL_ON = "low"
DEFAULT_HISTORY_PATH = "amlscan-history.db"  # when the configuration has a history section without path


@dataclass
class Config:
    path: str | None
    data: dict[str, Any] = field(default_factory=dict)
    sha256: str | None = None

    def section(self, name: str, fallback: Any = None) -> Any:
        return self.data.get(name, fallback)


def _section_schema(name: str) -> dict[str, Any] | None:
    resource = resources.files("scanner").joinpath(f"schemas/config/{name}.schema.json")
    if not resource.is_file():
        return None
    schema: dict[str, Any] = json.loads(resource.read_text("utf-8"))
    return schema


def parameter_defaults() -> dict[str, Any]:
    """Defaults come from the parameters schema, so they are documented where they are checked."""
    schema = _section_schema("parameters") or {}
    return {key: copy.deepcopy(spec["default"]) for key, spec in schema.get("properties", {}).items() if "default" in spec}


def validate_config(data: Any, where: str) -> None:
    from jsonschema import Draft202012Validator

    if data is None:
        return
    if not isinstance(data, dict):
        raise UsageError(f"{where}: the configuration must be a YAML mapping")
    for key in data:
        if key not in SECTIONS:
            raise UsageError(f"{where}: unknown key at $.{key}; allowed: {', '.join(SECTIONS)}")
    for name in SECTIONS:
        if name not in data:
            continue
        schema = _section_schema(name)
        if schema is None:
            continue
        error = next(iter(sorted(Draft202012Validator(schema).iter_errors(data[name]), key=lambda e: list(e.absolute_path))), None)
        if error is not None:
            raise UsageError(f"{where}: invalid configuration at {json_path([name, *error.absolute_path])}: {error.message}")


def load_config(path: str | Path | None) -> Config:
    if path is None:
        return Config(path=None, data={})
    file = Path(path)
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise UsageError(f"{file}: cannot read configuration: {exc.strerror or exc}") from None
    try:
        data = yaml.safe_load(raw.decode("utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise UsageError(f"{file}: not valid YAML: {exc}") from None
    validate_config(data, file.as_posix())
    return Config(path=file.as_posix(), data=data, sha256=hashlib.sha256(raw).hexdigest())


def policy_parameters(config: Config) -> dict[str, Any]:
    params = parameter_defaults()
    params.update(config.section("parameters", {}) or {})
    return params


def relative_to_config(config: Config, value: str) -> Path:
    """A path from the configuration file, relative to the file's folder."""
    path = Path(value)
    if path.is_absolute() or not config.path:
        return path
    return Path(config.path).parent / path


@dataclass(frozen=True)
class ScanSettings:
    """What a scan does with its results, from flags first, then amlscan.yaml, then the defaults."""

    output_dir: str
    formats: str  # comma-separated, as --format
    fail_on: str
    fail_on_unknown: bool
    opa_bundle: bool  # outputs.opa_bundle: also write the OPA bundle policies.tar.gz beside the reports
    attestations: str | None


# Settings renamed, with their new name: the old one still works, with a deprecation warning.
DEPRECATED_SETTINGS = {("outputs", "bundle"): "opa_bundle"}


def deprecated_settings(config: Config) -> list[str]:
    """One warning per deprecated setting the configuration uses (printed by the command)."""
    warnings = []
    for (section, old), new in DEPRECATED_SETTINGS.items():
        if old in (config.section(section) or {}):
            warnings.append(f"{config.path}: {section}.{old} is deprecated and will be removed; use {section}.{new}")
    return warnings


def scan_settings(config: Config, *, output_dir: str | None = None, formats: str | None = None, fail_on: str | None = None,
                  fail_on_unknown: bool | None = None, attestations: str | None = None) -> ScanSettings:
    """The settings of a scan: each flag given (not None) wins over amlscan.yaml, which wins over the default."""
    outputs = config.section("outputs") or {}

    def pick(flag: Any, configured: Any, default: Any) -> Any:
        if flag is not None:
            return flag
        return configured if configured is not None else default

    folder = str(relative_to_config(config, outputs["folder"])) if "folder" in outputs else None
    configured_formats = ",".join(outputs["formats"]) if "formats" in outputs else None
    configured_attestations = config.section("attestations")
    return ScanSettings(
        output_dir=pick(output_dir, folder, DEFAULT_OUTPUT_DIR),
        formats=pick(formats, configured_formats, ",".join(DEFAULT_FORMATS)),
        fail_on=pick(fail_on, outputs.get("fail_on"), DEFAULT_FAIL_ON),
        fail_on_unknown=bool(pick(fail_on_unknown, outputs.get("fail_on_unknown"), False)),
        opa_bundle=bool(outputs.get("opa_bundle", outputs.get("bundle", False))),
        attestations=pick(attestations, str(relative_to_config(config, configured_attestations)) if configured_attestations else None, None),
    )


def history_path(config: Config, flag: str | None = None) -> Path | None:
    """The history database: --history, else history.path of the configuration (the default file
    when the section names none), else None (not recorded); `history.enabled: false` turns it off."""
    if flag:
        return Path(flag)
    section = config.section("history")
    if section is None or not section.get("enabled", True):
        return None
    return relative_to_config(config, section.get("path", DEFAULT_HISTORY_PATH))


def history_export(config: Config) -> bool:
    """history.export: jsonl writes results.jsonl beside the reports."""
    return (config.section("history") or {}).get("export") == "jsonl"

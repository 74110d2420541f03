"""Compliance frameworks: `policies/frameworks/<name>.yaml`, checked against the rule catalogue.

A framework file (keyed by the framework's name, see `framework_body`) lists controls (`id`,
`title`, `description`, the `rules` that test the control and the `manual` attestation items no configuration can show). The rules' METADATA names the same
control ids, and `load_frameworks` refuses a file that disagrees with the catalogue, so the report
never shows a control without the rules that claim it, or the other way round.

`select_rules` is how the `frameworks` section of amlscan.yaml picks the rules to run:

    from scanner.evaluate.frameworks import load_frameworks, select_bundle
    bundle = select_bundle(bundle, config.section("frameworks", {}) or {})
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from scanner.errors import UsageError
from scanner.evaluate.catalog import PolicyBundle, Rule

FRAMEWORK_NAMES = ("hipaa", "gdpr")

# 45 CFR 164.3xx(a)(1)(ii)(A): section, then paragraphs (letter), (digit), (roman), (capital).
HIPAA_CONTROL_RE = re.compile(r"^164\.3(0[68]|1[026])(\([a-z]\))(\(\d+\))?(\((i|ii|iii|iv|v|vi)\))?(\([A-Z]\))?$")
# GDPR article, optionally (paragraph) and (point): 32(1)(a), 25(2), 44.
GDPR_CONTROL_RE = re.compile(r"^([1-9]\d?)(\(\d+\)(\([a-z]\))?)?$")
CONTROL_RES = {"hipaa": HIPAA_CONTROL_RE, "gdpr": GDPR_CONTROL_RE}


@dataclass(frozen=True)
class Control:
    id: str
    title: str
    description: str
    rules: tuple[str, ...]
    manual: tuple[str, ...]


@dataclass(frozen=True)
class Framework:
    name: str
    title: str
    source: str
    controls: tuple[Control, ...] = field(default_factory=tuple)

    def control(self, control_id: str) -> Control | None:
        return next((c for c in self.controls if c.id == control_id), None)


def default_frameworks_dir(bundle: PolicyBundle) -> Path:
    return Path(bundle.root) / "frameworks"


def _str_list(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise UsageError(f"{where} must be a list of non-empty strings")
    return tuple(value)


def framework_body(data: Any, name: str) -> Any:
    """A framework file's mapping with `framework: name` in it, from `{name: {title, source, controls}}`.

    Files are keyed by their framework's name because OPA loads every YAML file of a policies folder
    as data at the folder's path: keyed, they are `data.frameworks.hipaa` and `data.frameworks.gdpr`;
    unkeyed (the older form with a `framework` field, still read), they collide at `data.frameworks`
    and `opa test policies/` refuses the folder.
    """
    if isinstance(data, dict) and list(data) == [name] and isinstance(data[name], dict):
        return {"framework": name, **data[name]}
    return data


def parse_framework(data: Any, where: str) -> Framework:
    if not isinstance(data, dict):
        raise UsageError(f"{where}: a framework file must be a YAML mapping")
    unknown = set(data) - {"framework", "title", "source", "controls"}
    if unknown:
        raise UsageError(f"{where}: unknown key(s) {sorted(unknown)}")
    name = data.get("framework")
    if name not in FRAMEWORK_NAMES:
        raise UsageError(f"{where}: framework must be one of {', '.join(FRAMEWORK_NAMES)}, found {name!r}")
    for key in ("title", "source"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise UsageError(f"{where}: {key} is required")
    raw_controls = data.get("controls")
    if not isinstance(raw_controls, list) or not raw_controls:
        raise UsageError(f"{where}: controls must be a non-empty list")
    controls: list[Control] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_controls):
        at = f"{where}: controls[{index}]"
        if not isinstance(raw, dict):
            raise UsageError(f"{at} must be a mapping")
        unknown = set(raw) - {"id", "title", "description", "rules", "manual"}
        if unknown:
            raise UsageError(f"{at}: unknown key(s) {sorted(unknown)}")
        control_id = raw.get("id")
        if not isinstance(control_id, str) or not CONTROL_RES[name].match(control_id):
            raise UsageError(f"{at}.id {control_id!r} is not a well-formed {name} citation")
        if control_id in seen:
            raise UsageError(f"{at}.id {control_id} is listed twice")
        seen.add(control_id)
        for key in ("title", "description"):
            if not isinstance(raw.get(key), str) or not raw[key].strip():
                raise UsageError(f"{at}.{key} is required")
        rules = _str_list(raw.get("rules"), f"{at}.rules")
        manual = _str_list(raw.get("manual"), f"{at}.manual")
        if not rules and not manual:
            raise UsageError(f"{at} ({control_id}) has neither rules nor manual attestation items")
        controls.append(Control(control_id, raw["title"].strip(), " ".join(raw["description"].split()), rules, manual))
    return Framework(name, data["title"].strip(), data["source"].strip(), tuple(controls))


def check_against_rules(framework: Framework, rules: list[Rule], where: str) -> None:
    """The framework's control -> rules lists must equal what the rules' METADATA claims."""
    claimed: dict[str, set[str]] = {}
    for rule in rules:
        for control_id in rule.frameworks.get(framework.name, []):
            claimed.setdefault(control_id, set()).add(rule.id)
    listed = {c.id: set(c.rules) for c in framework.controls}
    for control_id, rule_ids in sorted(claimed.items()):
        if control_id not in listed:
            raise UsageError(f"{where}: rule(s) {', '.join(sorted(rule_ids))} cite {framework.name} control {control_id}, which the framework does not define")
        if listed[control_id] != rule_ids:
            raise UsageError(
                f"{where}: control {control_id} lists rules {sorted(listed[control_id])} but the rules citing it are {sorted(rule_ids)}"
            )
    for control_id, rule_ids in listed.items():
        if rule_ids and control_id not in claimed:
            raise UsageError(f"{where}: control {control_id} lists rules {sorted(rule_ids)} that do not cite it")


def load_frameworks(bundle: PolicyBundle, folder: Path | None = None) -> dict[str, Framework]:
    folder = Path(folder) if folder else default_frameworks_dir(bundle)
    frameworks: dict[str, Framework] = {}
    for name in FRAMEWORK_NAMES:
        path = folder / f"{name}.yaml"
        if not path.is_file():
            continue
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise UsageError(f"{path}: cannot read framework: {exc}") from None
        framework = parse_framework(framework_body(data, name), path.as_posix())
        if framework.name != name:
            raise UsageError(f"{path}: framework is {framework.name!r}, expected {name!r} from the file name")
        check_against_rules(framework, bundle.rules, path.as_posix())
        frameworks[name] = framework
    return frameworks


def enabled_frameworks(section: dict[str, Any] | None) -> list[str]:
    """The `frameworks.enabled` list of amlscan.yaml (validated by frameworks.schema.json), or all."""
    enabled = (section or {}).get("enabled")
    return list(enabled) if enabled else list(FRAMEWORK_NAMES)


def select_rules(rules: list[Rule], enabled: list[str]) -> list[Rule]:
    """Rules that serve at least one enabled framework (a rule with no control in them is skipped)."""
    wanted = set(enabled)
    return [rule for rule in rules if any(rule.frameworks.get(name) for name in wanted)]


def select_bundle(bundle: PolicyBundle, section: dict[str, Any] | None) -> PolicyBundle:
    """The bundle restricted to the rules of the enabled frameworks; the bundle itself when all are enabled.

    Rule modules stay loaded (rules may share helpers); only the rule list, which decides what is
    evaluated and reported, is narrowed.
    """
    enabled = enabled_frameworks(section)
    if set(enabled) >= set(FRAMEWORK_NAMES):
        return bundle
    return dataclasses.replace(bundle, rules=select_rules(bundle.rules, enabled))


def manual_items(frameworks: dict[str, Framework], enabled: list[str]) -> list[dict[str, Any]]:
    """The manual attestation items of the enabled frameworks, for reports."""
    return [
        {"framework": name, "control": control.id, "title": control.title, "item": item}
        for name in enabled
        if name in frameworks
        for control in frameworks[name].controls
        for item in control.manual
    ]

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
from scanner.vocabulary import FRAMEWORK_NAMES, FRAMEWORK_TITLES

# 45 CFR 164.3xx(a)(1)(ii)(A): section, then paragraphs (letter), (digit), (roman), (capital).
HIPAA_CONTROL_RE = re.compile(r"^164\.3(0[68]|1[026])(\([a-z]\))(\(\d+\))?(\((i|ii|iii|iv|v|vi)\))?(\([A-Z]\))?$")
# GDPR article, optionally (paragraph) and (point): 32(1)(a), 25(2), 44.
GDPR_CONTROL_RE = re.compile(r"^([1-9]\d?)(\(\d+\)(\([a-z]\))?)?$")
CONTROL_RES = {"hipaa": HIPAA_CONTROL_RE, "gdpr": GDPR_CONTROL_RE}


MANUAL_KEY = "manual"
# Older or hand-written framework files name the manual items under these keys too; the reports
# read them (`lenient`), the policy checks refuse them as unknown keys.
OTHER_MANUAL_KEYS = ("attestations", "manual_attestations", "attestation")
CONTROL_KEYS = {"id", "title", "description", "rules", MANUAL_KEY}
FILE_KEYS = {"framework", "title", "source", "controls"}
DERIVED = "derived from rule metadata"


@dataclass(frozen=True)
class Control:
    id: str
    title: str
    description: str
    rules: tuple[str, ...]  # ids of the rules that test the control, as the file lists them
    manual: tuple[str, ...]  # attestation items an auditor checks by hand


@dataclass(frozen=True)
class Framework:
    name: str
    title: str
    source: str  # the regulation the controls cite (the file's `source`)
    controls: tuple[Control, ...] = field(default_factory=tuple)
    # Where the controls were read, as the reports name it: policies/frameworks/<name>.yaml, or
    # DERIVED when no file could be read. Not part of a framework's identity.
    origin: str = field(default="", compare=False)

    def control(self, control_id: str) -> Control | None:
        return next((c for c in self.controls if c.id == control_id), None)


def default_frameworks_dir(bundle: PolicyBundle) -> Path:
    return Path(bundle.root) / "frameworks"


class _Problems:
    """Strict reading raises the first problem; lenient reading (reports) notes it and reads on."""

    def __init__(self, strict: bool) -> None:
        self.strict = strict
        self.found: list[str] = []

    def __call__(self, message: str) -> None:
        if self.strict:
            raise UsageError(message)
        self.found.append(message)


def _str_list(value: Any, where: str, problem: _Problems) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problem(f"{where} must be a list of non-empty strings")
    return tuple(value)


def _text_items(value: Any) -> list[str]:
    """Manual items in any of the shapes hand-written files use: text, {id, title...}, lists of them."""
    if value is None or value is False:
        return []
    if value is True:
        return ["Attest manually: no rule can test this control from configuration."]
    if isinstance(value, (str, int, float)):
        return [str(value)]
    if isinstance(value, dict):
        text = value.get("title") or value.get("text") or value.get("description") or value.get("question") or value.get("id")
        ident = value.get("id")
        if text and ident and text != ident:
            return [f"{ident}: {text}"]
        return [str(text)] if text else []
    if isinstance(value, list):
        return [item for entry in value for item in _text_items(entry)]
    return []


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


def _control(raw: Any, at: str, name: str, seen: set[str], problem: _Problems) -> Control | None:
    if not isinstance(raw, dict):
        problem(f"{at} must be a mapping")
        return None
    unknown = set(raw) - CONTROL_KEYS
    if unknown:
        problem(f"{at}: unknown key(s) {sorted(unknown)}")
    control_id = raw.get("id")
    citation = CONTROL_RES.get(name)  # lenient reading also takes files of other frameworks
    if not isinstance(control_id, str) or (citation is not None and not citation.match(control_id)):
        problem(f"{at}.id {control_id!r} is not a well-formed {name} citation")
    if control_id in (None, ""):
        return None
    control_id = str(control_id)
    if control_id in seen:
        problem(f"{at}.id {control_id} is listed twice")
    seen.add(control_id)
    for key in ("title", "description"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            problem(f"{at}.{key} is required")
    if problem.strict:
        rules = _str_list(raw.get("rules"), f"{at}.rules", problem)
        manual = _str_list(raw.get(MANUAL_KEY), f"{at}.manual", problem)
    else:
        listed = raw.get("rules") or []
        rules = tuple(str(r.get("id") if isinstance(r, dict) else r) for r in listed if r) if isinstance(listed, list) else ()
        manual = tuple(item for key in (MANUAL_KEY, *OTHER_MANUAL_KEYS) for item in _text_items(raw.get(key)))
    if not rules and not manual:
        problem(f"{at} ({control_id}) has neither rules nor manual attestation items")
    title, description = str(raw.get("title") or ""), str(raw.get("description") or "")
    return Control(control_id, title.strip(), " ".join(description.split()), rules, manual)


def parse_framework(data: Any, where: str, *, name: str | None = None, strict: bool = True) -> Framework | None:
    """A framework file's content (after `framework_body`) as a Framework.

    Strict (the policy checks, `amlscan rules`): every problem is a UsageError naming the file and
    the path of the offending value, and the result is never None. Lenient (the reports, which
    render whatever controls they can find): problems are passed over, older shapes are read too
    (controls keyed by id, manual items under other keys or beside the controls, rules given as
    {id: ...}), and None means nothing usable: the reports then derive the controls from the rules.
    `name` is the framework the file is for (its file name) when it does not say.
    """
    problem = _Problems(strict)
    if not isinstance(data, dict):
        problem(f"{where}: a framework file must be a YAML mapping")
        return None
    unknown = set(data) - FILE_KEYS
    if unknown and strict:
        problem(f"{where}: unknown key(s) {sorted(unknown)}")
    declared = data.get("framework")
    if declared not in FRAMEWORK_NAMES:
        problem(f"{where}: framework must be one of {', '.join(FRAMEWORK_NAMES)}, found {declared!r}")
    name = name or str(declared)
    for key in ("title", "source"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            problem(f"{where}: {key} is required")
    raw_controls = data.get("controls")
    if isinstance(raw_controls, dict) and not strict:  # {control id: {...}}
        raw_controls = [{"id": key, **(value if isinstance(value, dict) else {})} for key, value in raw_controls.items()]
    if not isinstance(raw_controls, list) or not raw_controls:
        problem(f"{where}: controls must be a non-empty list")
        if not isinstance(raw_controls, list):
            return None
    controls: list[Control] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_controls):
        control = _control(raw, f"{where}: controls[{index}]", name, seen, problem)
        if control is not None:
            controls.append(control)
    if not strict:  # manual items listed beside the controls rather than inside them
        for key in (MANUAL_KEY, *OTHER_MANUAL_KEYS):
            extra = data.get(key)
            for entry in extra if isinstance(extra, list) else []:
                if isinstance(entry, dict) and entry.get("id") and not any(c.id == str(entry["id"]) for c in controls):
                    description = " ".join(str(entry.get("description") or "").split())
                    controls.append(Control(str(entry["id"]), str(entry.get("title") or ""), description, (), tuple(_text_items(entry) or _text_items(True))))
    title = data.get("title") or data.get("name") or FRAMEWORK_TITLES.get(name, name.upper())
    return Framework(name, str(title).strip(), str(data.get("source") or "").strip(), tuple(controls))


def read_framework_file(path: Path, *, strict: bool = True) -> Framework | None:
    """`policies/frameworks/<name>.yaml`, named for its file; lenient: None when unreadable."""
    name = path.stem.lower()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        if strict:
            raise UsageError(f"{path}: cannot read framework: {exc}") from None
        return None
    framework = parse_framework(framework_body(data, name), path.as_posix(), name=None if strict else name, strict=strict)
    if framework is None:
        return None
    if strict and framework.name != name:
        raise UsageError(f"{path}: framework is {framework.name!r}, expected {name!r} from the file name")
    return dataclasses.replace(framework, origin=f"policies/frameworks/{path.name}")


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
    """The framework files of a policies folder, each checked strictly and against the rules."""
    folder = Path(folder) if folder else default_frameworks_dir(bundle)
    frameworks: dict[str, Framework] = {}
    for name in FRAMEWORK_NAMES:
        path = folder / f"{name}.yaml"
        if not path.is_file():
            continue
        framework = read_framework_file(path)
        assert framework is not None  # strict reading raises instead
        check_against_rules(framework, bundle.rules, path.as_posix())
        frameworks[name] = framework
    return frameworks


def framework_controls(policies_root: Path) -> dict[str, set[str]]:
    """Control ids per framework, from the framework files of a policies folder (read leniently,
    as the reports read them, so an attestation may name any control a report shows)."""
    found: dict[str, set[str]] = {}
    for path in sorted((Path(policies_root) / "frameworks").glob("*.yaml")):
        framework = read_framework_file(path, strict=False)
        if framework is not None:
            found[framework.name] = {c.id for c in framework.controls}
    return found


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

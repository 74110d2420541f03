"""The rule catalogue: every `*.rego` rule under the policies folder with its METADATA block.

Metadata is read from the OPA annotation comment (`# METADATA` followed by YAML) by the scanner,
not by the rules (`rego.metadata.rule()`): results stay small and the block is parsed once; OPA
reads the same block as the package's annotations.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from scanner.errors import UsageError
from scanner.vocabulary import SEVERITIES

RULE_ID_RE = re.compile(r"^AML-[A-Z]{2,5}-\d{3}$")
PACKAGE_RE = re.compile(r"^package\s+([A-Za-z0-9_.]+)\s*$", re.MULTILINE)
REFERENCE_KINDS = ("azure_policy", "psrule", "checkov", "docs")
RULES_PACKAGE_PREFIX = "amlscan.rules."


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    description: str
    severity: str
    resource_type: str
    frameworks: dict[str, list[str]]
    remediation: dict[str, str]
    references: dict[str, list[str]]
    package: str
    path: str  # relative to the policies folder, posix separators

    @property
    def name(self) -> str:
        """PascalCase name for SARIF `rules[].name`, derived from the package:
        `amlscan.rules.storage.https_only` -> `StorageHttpsOnly` (as `amlscan.rules.storage_https_only`
        gave before packages mirrored the folders, so the name of a released rule never changed)."""
        slug = self.package.removeprefix(RULES_PACKAGE_PREFIX)
        return "".join(part.capitalize() for part in slug.replace(".", "_").split("_"))

    @property
    def entrypoint(self) -> str:
        return self.package.replace(".", "/") + "/results"


@dataclass
class PolicyBundle:
    root: Path
    name: str
    version: str
    rules: list[Rule]
    modules: dict[str, str] = field(repr=False)  # relative path -> source, rules and libraries
    sha256: str = ""

    def rule_by_package(self) -> dict[str, Rule]:
        return {rule.package: rule for rule in self.rules}


def default_policies_dir() -> Path:
    env = os.environ.get("AMLSCAN_POLICIES")
    if env:
        return Path(env)
    checkout = Path(__file__).resolve().parent.parent.parent / "policies"
    if checkout.is_dir():  # a checkout or an editable install: the repository's policies/
        return checkout
    return Path(__file__).resolve().parent.parent / "policies"  # an installed wheel: scanner/policies


def _metadata_block(source: str, path: str) -> dict[str, Any]:
    lines = source.splitlines()
    for index, line in enumerate(lines):
        if line.strip() == "# METADATA":
            body: list[str] = []
            for following in lines[index + 1 :]:
                if not following.startswith("#"):
                    break
                body.append(following[2:] if following.startswith("# ") else following[1:])
            try:
                data = yaml.safe_load("\n".join(body)) or {}
            except yaml.YAMLError as exc:
                raise UsageError(f"{path}: METADATA block is not valid YAML: {exc}") from None
            if not isinstance(data, dict):
                raise UsageError(f"{path}: METADATA block must be a YAML mapping")
            return data
    raise UsageError(f"{path}: rule has no '# METADATA' block")


def _str_list(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        raise UsageError(f"{where} must be a list of strings")
    return [str(v) for v in value]


def parse_rule(source: str, path: str) -> Rule:
    meta = _metadata_block(source, path)
    custom = meta.get("custom") or {}
    if not isinstance(custom, dict):
        raise UsageError(f"{path}: METADATA custom must be a mapping")
    package_match = PACKAGE_RE.search(source)
    if not package_match:
        raise UsageError(f"{path}: no package statement")
    package = package_match.group(1)
    if not package.startswith(RULES_PACKAGE_PREFIX):
        raise UsageError(f"{path}: rule package must start with '{RULES_PACKAGE_PREFIX}', found '{package}'")
    rule_id = str(custom.get("id", ""))
    if not RULE_ID_RE.match(rule_id):
        raise UsageError(f"{path}: custom.id '{rule_id}' must look like AML-NET-001")
    severity = str(custom.get("severity", "")).lower()
    if severity not in SEVERITIES:
        raise UsageError(f"{path}: custom.severity must be one of {', '.join(SEVERITIES)}")
    for key in ("title", "description"):
        if not isinstance(meta.get(key), str) or not meta[key].strip():
            raise UsageError(f"{path}: METADATA {key} is required")
    resource_type = custom.get("resource_type")
    if not isinstance(resource_type, str) or "/" not in resource_type:
        raise UsageError(f"{path}: custom.resource_type must be an ARM type such as Microsoft.Storage/storageAccounts")
    frameworks_raw = custom.get("frameworks") or {}
    if not isinstance(frameworks_raw, dict) or not frameworks_raw:
        raise UsageError(f"{path}: custom.frameworks must map at least one framework to control ids")
    frameworks = {str(k): _str_list(v, f"{path}: custom.frameworks.{k}") for k, v in sorted(frameworks_raw.items())}
    remediation_raw = custom.get("remediation") or {}
    if not isinstance(remediation_raw, dict) or not str(remediation_raw.get("text", "")).strip():
        raise UsageError(f"{path}: custom.remediation.text is required")
    remediation = {str(k): str(v).strip() for k, v in remediation_raw.items() if v}
    references_raw = custom.get("references") or {}
    if not isinstance(references_raw, dict):
        raise UsageError(f"{path}: custom.references must be a mapping")
    unknown_refs = set(references_raw) - set(REFERENCE_KINDS)
    if unknown_refs:
        raise UsageError(f"{path}: custom.references has unknown kinds {sorted(unknown_refs)}; allowed: {', '.join(REFERENCE_KINDS)}")
    references = {kind: _str_list(references_raw.get(kind), f"{path}: custom.references.{kind}") for kind in REFERENCE_KINDS}
    return Rule(
        id=rule_id,
        title=meta["title"].strip(),
        description=" ".join(meta["description"].split()),
        severity=severity,
        resource_type=resource_type,
        frameworks=frameworks,
        remediation=remediation,
        references=references,
        package=package,
        path=path,
    )


def load_bundle(root: Path | None = None) -> PolicyBundle:
    root = Path(root) if root else default_policies_dir()
    if not root.is_dir():
        raise UsageError(f"{root}: policies folder not found")
    modules: dict[str, str] = {}
    rules: list[Rule] = []
    sources: dict[str, str] = {}
    for file in sorted(root.rglob("*.rego")):
        rel = file.relative_to(root).as_posix()
        try:
            source = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"{file}: cannot read policy: {exc}") from None
        sources[rel] = source
        if rel.endswith("_test.rego"):
            continue
        modules[rel] = source
        if rel.startswith("rules/"):
            rules.append(parse_rule(source, rel))
    seen: dict[str, str] = {}
    for rule in rules:
        if rule.id in seen:
            raise UsageError(f"{rule.path}: rule id {rule.id} is already used by {seen[rule.id]}")
        seen[rule.id] = rule.path
    name, version = "amlscan-policies", "0.0.0"
    manifest = root / "bundle.yaml"
    raw_manifest = None
    if manifest.is_file():
        data = yaml.safe_load(manifest.read_text(encoding="utf-8")) or {}
        name, version = str(data.get("name", name)), str(data.get("version", version))
        raw_manifest = manifest.read_bytes()
    rules.sort(key=lambda r: r.id)
    return PolicyBundle(root=root, name=name, version=version, rules=rules, modules=modules, sha256=bundle_digest(sources, raw_manifest))


def bundle_digest(sources: dict[str, str], manifest: bytes | None) -> str:
    """The policy bundle hash: every `.rego` file (path and text, in path order) and bundle.yaml.
    `amlscan verify` recomputes it from a bundle's members with this same function."""
    digest = hashlib.sha256()
    for rel in sorted(sources, key=PurePosixPath):  # the order of sorted(root.rglob(...))
        digest.update(rel.encode() + b"\0" + sources[rel].encode() + b"\0")
    if manifest is not None:
        digest.update(b"bundle.yaml\0" + manifest)
    return digest.hexdigest()

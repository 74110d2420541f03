"""The bundled fixture snapshots validate against the shipped schema and hold no secrets."""

import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

ROOT = Path(__file__).resolve().parent.parent.parent
SCHEMA_PATH = ROOT / "scanner" / "schemas" / "snapshot-v1.schema.json"
FIXTURES = sorted((ROOT / "fixtures").glob("*.json"))

REDACTED = {None, "", "<redacted>"}
SECRET_VALUE_PATTERNS = [
    re.compile(r"AccountKey=", re.IGNORECASE),
    re.compile(r"SharedAccessSignature", re.IGNORECASE),
    re.compile(r"SharedAccessKey=", re.IGNORECASE),
    re.compile(r"[?&]sig=[^&\s]+", re.IGNORECASE),
    re.compile(r"(^|[;\s])sig=", re.IGNORECASE),
    # storage account keys and similar: 88 base64 characters (64 bytes)
    re.compile(r"(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{86}==(?![A-Za-z0-9+/=])"),
]
SECRET_KEY_NAME = re.compile(r"password|secret(?!sType)|accountkey|sastoken|primarykey|secondarykey", re.IGNORECASE)
PER_RESOURCE_MAPS = ("role_assignments", "diagnostic_settings", "locks")


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def _walk(node, path="$"):
    """Yield (json path, key or None, value) for every value in the document."""
    if isinstance(node, dict):
        for key, value in node.items():
            sub = f"{path}.{key}"
            yield sub, key, value
            yield from _walk(value, sub)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            sub = f"{path}[{i}]"
            yield sub, None, value
            yield from _walk(value, sub)


def test_fixtures_exist():
    names = {p.name for p in FIXTURES}
    assert {"hipaa-hardened.json", "service-defaults.json", "mixed-forbidden.json"} <= names


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_fixture_matches_schema(path, validator):
    errors = sorted(validator.iter_errors(_load(path)), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{e.json_path}: {e.message}" for e in errors[:10])


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_fixture_header(path):
    doc = _load(path)
    assert doc["schema_version"] == "1"
    assert doc["source"]["kind"] == "fixture"
    assert doc["scanner"] == {"name": "amlscan", "version": "0.1.0"}
    assert doc["workspaces"], "a fixture must hold at least one workspace"


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_workspace_id_matches_resource(path):
    for entry in _load(path)["workspaces"]:
        section = entry["workspace"]
        if section["status"] != "ok" or section.get("resource") is None:
            continue
        assert entry["id"].lower() == section["resource"]["id"].lower()
        assert section["resource"]["type"] == "Microsoft.MachineLearningServices/workspaces"


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_per_resource_keys_are_lower_case(path):
    for entry in _load(path)["workspaces"]:
        for name in PER_RESOURCE_MAPS:
            for key in entry.get(name) or {}:
                assert key == key.lower(), f"{entry['id']}: {name} key not lower-case: {key}"


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_no_secrets(path):
    problems = []
    for jpath, key, value in _walk(_load(path)):
        if key is not None and SECRET_KEY_NAME.search(key) and not isinstance(value, (dict, list)):
            if value not in REDACTED and not isinstance(value, bool):
                problems.append(f"{jpath}: secret-named key holds a value")
        if isinstance(value, str):
            for pattern in SECRET_VALUE_PATTERNS:
                if pattern.search(value):
                    problems.append(f"{jpath}: looks like a secret ({pattern.pattern})")
    assert not problems, "\n".join(problems)


def test_secret_detector_catches_examples():
    """Guard against a detector that silently matches nothing."""
    key88 = "A" * 86 + "=="
    samples = [
        f"DefaultEndpointsProtocol=https;AccountName=x;AccountKey={key88};EndpointSuffix=core.windows.net",
        "https://x.blob.core.windows.net/c?sv=2022-11-02&ss=b&sig=abc%2Bdef",
        "SharedAccessSignature sr=x&sig=y&se=1",
        key88,
    ]
    for sample in samples:
        assert any(p.search(sample) for p in SECRET_VALUE_PATTERNS), sample
    assert SECRET_KEY_NAME.search("adminPassword")
    assert not SECRET_KEY_NAME.search("secretsType")

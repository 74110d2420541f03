"""The evidence bundle: one zip an auditor files, and a check that it is what the scan produced.

Contents (fixed names):

    report.html, results.json, amlscan.sarif, findings.csv   the reports
    snapshot.json                                           the snapshot the results came from
    policies/...                                            every file of the policies folder used
    config/amlscan.yaml                                     the configuration used, when there was one
    config/attestations.yaml                                the attestation file used, when there was one
    manifest.json                                           sha256 and size of every file above
    manifest.json.sig                                       optional Ed25519 signature of manifest.json

Before packing, the snapshot, the policies and the configuration are checked against the sha256
recorded in results.json, so a bundle can only hold the exact inputs of its results. The zip is
reproducible: sorted entries, fixed timestamps and permissions; Ed25519 signatures are
deterministic, so the same inputs and key give the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import Any, cast

from scanner.errors import UsageError
from scanner.evaluate.document import ResultsDocument
from scanner.fileio import atomic_write_bytes, dumps_stable
from scanner.report.signing import load_private_key, public_key_fingerprint

MANIFEST = "manifest.json"
SIGNATURE = "manifest.json.sig"
EVIDENCE_FORMAT = "amlscan-evidence-bundle/1"
REPORT_FORMATS = ("html", "json", "sarif", "csv")
SNAPSHOT_NAME = "snapshot.json"
CONFIG_NAME = "config/amlscan.yaml"
ATTESTATIONS_PREFIX = "config/attestations"  # + the file's own suffix (.yaml, .yml, .json)
SUPPORTED_RESULTS_VERSIONS = ("1",)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


# ---------------------------------------------------------------- results files


@lru_cache(maxsize=1)
def _results_validator() -> Any:
    from jsonschema import Draft202012Validator

    schema = json.loads(resources.files("scanner").joinpath("schemas/results-v1.schema.json").read_text("utf-8"))
    return Draft202012Validator(schema)


def check_results(document: Any, where: str) -> ResultsDocument:
    """Refuse anything that is not a results document this amlscan can render."""
    from scanner.snapshot.load import json_path

    if not isinstance(document, dict) or "results" not in document:
        raise UsageError(f"{where}: not an amlscan results file (no 'results')")
    version = document.get("schema_version")
    if str(version) not in SUPPORTED_RESULTS_VERSIONS:
        raise UsageError(
            f"{where}: results schema_version {version!r} is not supported; this amlscan reads version "
            f"{', '.join(SUPPORTED_RESULTS_VERSIONS)} (a newer amlscan wrote it? upgrade amlscan)"
        )
    error = next(iter(sorted(_results_validator().iter_errors(document), key=lambda e: list(e.absolute_path))), None)
    if error is not None:
        raise UsageError(f"{where}: schema violation at {json_path(error.absolute_path)}: {error.message[:200]}")
    return cast(ResultsDocument, document)  # valid against results-v1.schema.json


def load_results(path: str | Path) -> tuple[ResultsDocument, bytes]:
    file = Path(path)
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{file}: results file not found") from None
    except OSError as exc:
        raise UsageError(f"{file}: cannot read: {exc.strerror or exc}") from None
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"{file}: not JSON: {exc}") from None
    return check_results(document, file.as_posix()), raw


# ---------------------------------------------------------------- building


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def safe_member(name: str) -> str:
    """A zip member name that cannot escape the folder it is extracted into."""
    path = PurePosixPath(name)
    # A colon: a Windows drive (`C:/evil.txt`) or an alternate data stream, absolute on Windows.
    if not name or "\\" in name or "\0" in name or ":" in name or path.is_absolute() or any(part in ("", ".", "..") for part in name.split("/")):
        raise UsageError(f"refusing unsafe file name in bundle: {name!r}")
    return name


def policy_files(root: Path) -> dict[str, bytes]:
    files = {}
    for file in sorted(root.rglob("*")):
        rel = file.relative_to(root)
        if not file.is_file() or any(part.startswith(".") or part == "__pycache__" for part in rel.parts):
            continue
        files["policies/" + rel.as_posix()] = file.read_bytes()
    return files


def policy_bundle_sha256(files: dict[str, bytes]) -> str | None:
    """The policy bundle hash of the `policies/` members, computed by the catalogue's own function
    (so it can never drift from what results.json records), in memory: nothing is extracted. None
    when a policy file is not UTF-8."""
    from scanner.evaluate.catalog import bundle_digest

    sources: dict[str, str] = {}
    manifest = None
    for name, data in files.items():
        rel = name.removeprefix("policies/")
        if not name.startswith("policies/") or (not rel.endswith(".rego") and rel != "bundle.yaml"):
            continue
        if rel == "bundle.yaml":
            manifest = data
            continue
        try:
            sources[rel] = data.decode("utf-8")
        except UnicodeDecodeError:
            return None
    return bundle_digest(sources, manifest)


@dataclass
class EvidenceInputs:
    document: ResultsDocument
    snapshot: Any  # scanner.snapshot.load.Snapshot
    policies_root: Path
    config_path: str | None = None
    results_bytes: bytes | None = None  # the results.json as given (export); None: render it
    attestations_path: str | None = None  # default: the path recorded in results.json
    problems: list[str] = field(default_factory=list)


def _snapshot_bytes(snapshot: Any) -> bytes:
    """The snapshot exactly as hashed: the file's bytes (a BOM included), or, when they held a
    secret, the redacted bytes (an IaC input; scanner.redact), else its text."""
    from scanner.redact.jsontext import redact_file_bytes

    for candidate in (lambda: redact_file_bytes(Path(snapshot.path).read_bytes()), lambda: snapshot.source_text().encode("utf-8")):
        try:
            data = candidate()
        except OSError:
            continue
        if sha256(data) == snapshot.sha256:
            return data
    raise UsageError(f"{snapshot.path}: the snapshot changed on disk since it was read; scan again")


def _clean(results: bytes) -> bool:
    from scanner.redact.document import redact_document

    document = json.loads(results.decode("utf-8-sig"))
    return redact_document(document) is document


def evidence_files(inputs: EvidenceInputs) -> dict[str, bytes]:
    from scanner.report.outputs import FORMATS, RenderContext, render_bytes

    doc = inputs.document
    if inputs.snapshot.sha256 != doc["snapshot"]["sha256"]:
        raise UsageError(f"{inputs.snapshot.path}: this snapshot (sha256 {inputs.snapshot.sha256[:12]}…) is not the one the results came from ({doc['snapshot']['sha256'][:12]}…)")
    files = policy_files(inputs.policies_root)
    from scanner.evaluate.catalog import load_bundle

    if load_bundle(inputs.policies_root).sha256 != doc["policy_bundle"]["sha256"]:
        raise UsageError(f"{inputs.policies_root}: these policies are not the ones the results were produced with (policy bundle sha256 differs); pass --policies")
    config = doc.get("configuration") or {}
    if config.get("sha256"):
        if not inputs.config_path:
            raise UsageError(f"the results were produced with configuration {config.get('path')}; pass it with --config")
        try:
            raw = Path(inputs.config_path).read_bytes()
        except OSError as exc:
            raise UsageError(f"{inputs.config_path}: cannot read configuration: {exc.strerror or exc}") from None
        if sha256(raw) != config["sha256"]:
            raise UsageError(f"{inputs.config_path}: this configuration is not the one the results were produced with (sha256 differs)")
        files[CONFIG_NAME] = raw
    attestations = doc.get("attestations")
    if attestations:
        path = inputs.attestations_path or attestations["path"]
        try:
            raw = Path(path).read_bytes()
        except OSError as exc:
            raise UsageError(f"{path}: cannot read attestations: {exc.strerror or exc}; pass the file with --attestations") from None
        if sha256(raw) != attestations["sha256"]:
            raise UsageError(f"{path}: this attestation file is not the one the results were produced with (sha256 differs)")
        suffix = Path(path).suffix.lower() if Path(path).suffix.lower() in (".yaml", ".yml", ".json") else ".yaml"
        files[ATTESTATIONS_PREFIX + suffix] = raw
    ctx = RenderContext(doc, inputs.snapshot, inputs.policies_root)
    for name in REPORT_FORMATS:
        files[FORMATS[name].filename] = render_bytes(name, ctx)
    if inputs.results_bytes is not None and _clean(inputs.results_bytes):
        files["results.json"] = inputs.results_bytes  # as given, unless it holds a secret: then as rendered
    files[SNAPSHOT_NAME] = _snapshot_bytes(inputs.snapshot)
    for name in files:
        safe_member(name)
    return files


def manifest_for(files: dict[str, bytes], document: ResultsDocument) -> bytes:
    manifest = {
        "format": EVIDENCE_FORMAT,
        "scanner": document["scanner"],
        "policy_bundle": {k: document["policy_bundle"][k] for k in ("name", "version", "sha256")},
        "snapshot_sha256": document["snapshot"]["sha256"],
        "collected_at": document["snapshot"].get("collected_at"),
        "files": [{"path": name, "sha256": sha256(files[name]), "size": len(files[name])} for name in sorted(files)],
    }
    return dumps_stable(manifest).encode("utf-8")


def signature_for(manifest: bytes, key_path: str | Path) -> bytes:
    key = load_private_key(key_path)
    doc = {
        "algorithm": "Ed25519",
        "signed_file": MANIFEST,
        "public_key_sha256": public_key_fingerprint(key.public_key()),
        "signature": base64.b64encode(key.sign(manifest)).decode("ascii"),
    }
    return dumps_stable(doc).encode("utf-8")


def zip_bytes(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files, key=lambda n: (n in (MANIFEST, SIGNATURE), n)):
            info = zipfile.ZipInfo(safe_member(name), date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
    return buffer.getvalue()


def write_evidence(output: str | Path, inputs: EvidenceInputs, sign_key: str | Path | None = None) -> Path:
    target = Path(output)
    if target.is_dir():
        raise UsageError(f"{target}: is a folder; give the bundle a file name such as audit-2026-11-20.zip")
    files = evidence_files(inputs)
    files[MANIFEST] = manifest_for(files, inputs.document)
    if sign_key:
        files[SIGNATURE] = signature_for(files[MANIFEST], sign_key)
    return atomic_write_bytes(target, zip_bytes(files))


def write_scan_evidence(output: str | Path, document: ResultsDocument, snapshot: Any, policies_root: Path, config_path: str | None) -> Path:
    """`amlscan scan --evidence PATH`: the evidence bundle of the scan just run (unsigned; sign with export)."""
    return write_evidence(output, EvidenceInputs(document, snapshot, Path(policies_root), config_path))


def attestation_member(files: dict[str, bytes]) -> str | None:
    return next((name for name in sorted(files) if name.startswith(ATTESTATIONS_PREFIX + ".")), None)


def default_evidence_name(document: ResultsDocument) -> str:
    """audit-YYYY-MM-DD.zip from the collection date, not the clock (reproducible)."""
    day = str(document["snapshot"].get("collected_at") or "")[:10]
    return f"audit-{day}.zip" if len(day) == 10 and day[4] == "-" else "audit.zip"

"""`amlscan verify`: check an evidence bundle without extracting it.

Every member is hashed as it is inflated (never held whole, never written to disk), within limits
on the number of members and their sizes; only the manifest, the signature, the policies and the
configuration are read into memory, and from results.json only the hashes it names (streamed).
"""

from __future__ import annotations

import base64
import hashlib
import json
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scanner.errors import UsageError
from scanner.report.evidence import ATTESTATIONS_PREFIX, CONFIG_NAME, EVIDENCE_FORMAT, MANIFEST, SIGNATURE, SNAPSHOT_NAME, policy_bundle_sha256, safe_member
from scanner.report.signing import load_public_key, public_key_fingerprint


@dataclass
class Check:
    ok: bool
    subject: str  # the file or signature concerned
    detail: str


# Limits of `verify` (docs/reports.md#limits): members are hashed as they are inflated, never held
# whole (a 2 GiB member in a 2.3 MB zip used 4.2 GB) nor written to disk.
MAX_MEMBERS = 10_000
MAX_MEMBER_BYTES = 4 << 30
MAX_TOTAL_BYTES = 8 << 30
MAX_KEPT_BYTES = 64 << 20  # manifest, signature, policies and configuration are read into memory
_READ = 1 << 20


@dataclass
class EvidenceRead:
    hashes: dict[str, tuple[str, int]]  # every member: sha256 and size
    kept: dict[str, bytes]  # the small members the checks read
    results: dict[str, Any]  # snapshot, policy and configuration hashes named in results.json
    problems: list[Check]  # members over a limit, not read


def _kept(name: str) -> bool:
    return name in (MANIFEST, SIGNATURE, CONFIG_NAME) or name.startswith("policies/")


def _results_fields(stream: Any) -> dict[str, Any]:
    """The hashes results.json names, read as a stream (results.json can be ~1 GB)."""
    import ijson

    wanted = {"snapshot.sha256", "policy_bundle.sha256", "configuration.sha256", "attestations.sha256"}
    found: dict[str, Any] = {}
    for prefix, event, value in ijson.parse(stream):
        if prefix in wanted and event in ("string", "null", "number"):
            found[prefix] = value
    return found


def read_evidence(path: str | Path) -> EvidenceRead:
    file = Path(path)
    read = EvidenceRead({}, {}, {}, [])
    total = 0
    try:
        with zipfile.ZipFile(file) as archive:
            infos = [info for info in archive.infolist() if not info.is_dir()]
            if len(infos) > MAX_MEMBERS:
                raise UsageError(f"{file}: {len(infos):,} entries, more than the {MAX_MEMBERS:,} an evidence bundle may hold: not an amlscan evidence bundle")
            counts = Counter(info.filename for info in infos)
            dupes = sorted(name for name, n in counts.items() if n > 1)
            if dupes:
                raise UsageError(f"{file}: duplicate entries in bundle: {', '.join(dupes[:10])}")
            for info in infos:
                name = info.filename
                limit = min(MAX_MEMBER_BYTES, MAX_TOTAL_BYTES - total, MAX_KEPT_BYTES if _kept(name) else MAX_MEMBER_BYTES)
                if info.file_size > limit:
                    read.problems.append(Check(False, name, f"larger than the limit of {limit:,} bytes ({info.file_size:,} bytes inflated); not read"))
                    continue
                digest, size, pieces = hashlib.sha256(), 0, []
                with archive.open(info) as member:
                    while chunk := member.read(_READ):
                        size += len(chunk)
                        if size > limit:  # the declared size lied
                            break
                        digest.update(chunk)
                        if _kept(name):
                            pieces.append(chunk)
                if size > limit:
                    read.problems.append(Check(False, name, f"larger than the limit of {limit:,} bytes; not read"))
                    continue
                total += size
                read.hashes[name] = (digest.hexdigest(), size)
                if _kept(name):
                    read.kept[name] = b"".join(pieces)
            if "results.json" in read.hashes:
                try:
                    with archive.open("results.json") as member:
                        read.results = _results_fields(member)
                except Exception:  # not JSON: the consistency check says so
                    read.results = {"unreadable": True}
    except FileNotFoundError:
        raise UsageError(f"{file}: bundle not found") from None
    except IsADirectoryError:
        raise UsageError(f"{file}: is a folder, expected a bundle .zip") from None
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError) as exc:
        raise UsageError(f"{file}: not a readable zip bundle: {exc}") from None
    return read


def verify_evidence(path: str | Path, key_path: str | Path | None = None) -> list[Check]:
    """Every check made on a bundle, in a stable order; `ok` False names what does not match."""
    read = read_evidence(path)
    files = read.kept
    if MANIFEST not in files:
        raise UsageError(f"{path}: no {MANIFEST} in the bundle: not an amlscan evidence bundle")
    try:
        manifest = json.loads(files[MANIFEST].decode("utf-8"))
        listed = {entry["path"]: entry for entry in manifest["files"]}
    except (UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        return [Check(False, MANIFEST, f"unreadable manifest: {exc}")]
    if manifest.get("format") != EVIDENCE_FORMAT:
        return [Check(False, MANIFEST, f"unknown bundle format {manifest.get('format')!r}; this amlscan reads {EVIDENCE_FORMAT}")]
    checks: list[Check] = []
    too_large = {check.subject for check in read.problems}
    present = set(read.hashes) | too_large
    for name in sorted(set(listed) | present - {MANIFEST, SIGNATURE}):
        try:
            safe_member(name)
        except UsageError:
            checks.append(Check(False, name, "unsafe file name (absolute, a drive or stream name, or with ..)"))
            continue
        if name in too_large:
            checks += [c for c in read.problems if c.subject == name]
        elif name not in present:
            checks.append(Check(False, name, "listed in the manifest but missing from the bundle"))
        elif name not in listed:
            checks.append(Check(False, name, "in the bundle but not listed in the manifest"))
        elif read.hashes[name][0] != listed[name].get("sha256"):
            checks.append(Check(False, name, f"sha256 mismatch: manifest {str(listed[name].get('sha256'))[:16]}…, file {read.hashes[name][0][:16]}…"))
        else:
            checks.append(Check(True, name, "sha256 ok"))
    checks += _consistency(read, manifest)
    checks.append(_signature_check(files, key_path))
    return checks


def _consistency(read: EvidenceRead, manifest: dict[str, Any]) -> list[Check]:
    """The inputs inside the bundle are the ones results.json says it was produced from."""
    if "results.json" not in read.hashes or read.results.get("unreadable"):
        return [Check(False, "results.json", "missing or not JSON")]
    checks = []
    snap = read.hashes.get(SNAPSHOT_NAME)
    expected = read.results.get("snapshot.sha256")
    ok = snap is not None and snap[0] == expected == manifest.get("snapshot_sha256")
    checks.append(Check(ok, SNAPSHOT_NAME, "is the snapshot results.json names" if ok else f"does not match the snapshot sha256 in results.json ({str(expected)[:16]}…)"))
    expected = read.results.get("policy_bundle.sha256")
    ok = policy_bundle_sha256(read.kept) == expected
    checks.append(Check(ok, "policies/", "are the policy bundle results.json names" if ok else f"do not match the policy bundle sha256 in results.json ({str(expected)[:16]}…)"))
    expected = read.results.get("configuration.sha256")
    if expected or CONFIG_NAME in read.hashes:
        ok = CONFIG_NAME in read.hashes and read.hashes[CONFIG_NAME][0] == expected
        checks.append(Check(ok, CONFIG_NAME, "is the configuration results.json names" if ok else "does not match the configuration sha256 in results.json"))
    expected = read.results.get("attestations.sha256")
    member = next((name for name in sorted(read.hashes) if name.startswith(ATTESTATIONS_PREFIX + ".")), None)
    if expected or member:
        ok = member is not None and read.hashes[member][0] == expected
        checks.append(Check(ok, member or ATTESTATIONS_PREFIX + ".yaml", "is the attestation file results.json names" if ok else "does not match the attestation sha256 in results.json"))
    return checks


def _signature_check(files: dict[str, bytes], key_path: str | Path | None) -> Check:
    from cryptography.exceptions import InvalidSignature

    if SIGNATURE not in files:
        if key_path:
            return Check(False, SIGNATURE, "missing: the bundle is not signed but --key was given")
        return Check(True, SIGNATURE, "absent: bundle not signed (hashes checked only)")
    if not key_path:
        return Check(True, SIGNATURE, "present but not checked: pass --key PUB to verify it")
    key = load_public_key(key_path)
    try:
        sig = json.loads(files[SIGNATURE].decode("utf-8"))
        signature = base64.b64decode(sig["signature"], validate=True)
    except (UnicodeDecodeError, ValueError, KeyError, TypeError):
        return Check(False, SIGNATURE, "unreadable signature file")
    fingerprint = public_key_fingerprint(key)
    if sig.get("public_key_sha256") not in (None, fingerprint):
        return Check(False, SIGNATURE, f"made with another key (sha256 {str(sig.get('public_key_sha256'))[:16]}…), not {fingerprint[:16]}…")
    try:
        key.verify(signature, files[MANIFEST])
    except InvalidSignature:
        return Check(False, SIGNATURE, f"does not match {MANIFEST}: the manifest was changed after signing")
    return Check(True, SIGNATURE, f"valid Ed25519 signature of {MANIFEST} (key sha256 {fingerprint[:16]}…)")


def _line(check: Check) -> str:
    return f"{'ok      ' if check.ok else 'MISMATCH'} {check.subject}: {check.detail}"


def report_lines(checks: list[Check], bundle: str | Path, mode: str = "summary") -> list[str]:
    """What `verify` prints. Every problem is listed in every mode. `summary` (the default) then
    says how the signature stands and gives the verdict with counts; `verbose` lists every check
    before that; `quiet` adds only the FAILED line. The verdict is always the last line."""
    bad = [c for c in checks if not c.ok]
    lines = [_line(c) for c in checks if mode == "verbose" or not c.ok]
    if bad:
        return lines + [f"{bundle}: FAILED: {len(bad)} problem(s): {', '.join(c.subject for c in bad)}"]
    if mode == "quiet":
        return lines
    files = sum(1 for c in checks if c.detail == "sha256 ok")
    signature = next((c for c in checks if c.subject == SIGNATURE), None)
    if signature is not None and mode != "verbose":  # a failed signature check is listed above
        lines.append(f"signature: {signature.detail}")
    inputs = len(checks) - files - (1 if signature is not None else 0)
    return lines + [f"{bundle}: OK ({files} files match {MANIFEST}, {inputs} inputs match results.json)"]

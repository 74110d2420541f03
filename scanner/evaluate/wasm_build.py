"""The compiled policy module: built by OPA from the policies, shipped for the bundled ones.

`opa build -t wasm` compiles the bundle's modules (no tests, no frameworks/*.yaml, which OPA would
load as data) plus the generated `amlscan.main` module, with one entrypoint gathering every rule
and one per rule. It is run in a staging folder with relative paths, so the module does not depend
on where the policies live: OPA v1.22.4 writes the same bytes for the same sources every time (a
test rebuilds and compares).

Which module a scan uses (`module_for`):
- the shipped one (`scanner/evaluate/compiled/`, package data) when the policies are the ones it
  was built from: same source key (a hash of exactly what is compiled). A plain `pip install`
  needs neither Go nor OPA for them.
- for other policies (`--policies DIR`), one compiled on the fly by `opa` (PATH, else the repo's
  `.tools/bin/opa`), kept in a cache folder under its source key;
- else a usage error saying what to install, or which engine to use instead.

Rebuild the shipped module after changing policies/ (a test fails with this command otherwise):

    python -m scanner.evaluate.wasm_build            # uses .tools/bin/opa (.ci/install-tools.sh opa)
    python -m scanner.evaluate.wasm_build --check    # exit 1 if it is stale
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from scanner.errors import UsageError
from scanner.evaluate.catalog import PACKAGE_RE, PolicyBundle
from scanner.evaluate.outcome import MAIN_ENTRYPOINT, main_module, rule_entrypoint

SHIPPED_DIR = Path(__file__).resolve().parent / "compiled"
SHIPPED_WASM = SHIPPED_DIR / "policy.wasm"
SHIPPED_MANIFEST = SHIPPED_DIR / "policy.json"
MAIN_SOURCE = "_amlscan/main.rego"  # the generated module's file in the staging folder
KEY_FORMAT = "amlscan-wasm/1"  # part of the source key: change it when the build itself changes
REPO_ROOT = Path(__file__).resolve().parents[2]
PINNED_OPA = REPO_ROOT / ".tools" / "bin" / "opa"
REBUILD_COMMAND = "python -m scanner.evaluate.wasm_build"
CACHE_ENV = "AMLSCAN_CACHE_DIR"
OPA_ENV = "AMLSCAN_OPA"  # an opa binary to compile with (tests, unusual installs)
BUILD_TIMEOUT_S = 300


def rule_packages(bundle: PolicyBundle) -> list[str]:
    """Every rule package of the bundle's modules, also those a framework selection left out."""
    found = set()
    for path, source in bundle.modules.items():
        if path.startswith("rules/"):
            match = PACKAGE_RE.search(source)
            if match:
                found.add(match.group(1))
    return sorted(found | {rule.package for rule in bundle.rules})


def build_sources(bundle: PolicyBundle) -> dict[str, str]:
    """Exactly the files `opa build` compiles: the bundle's modules and the generated main module."""
    sources = dict(sorted(bundle.modules.items()))
    sources[MAIN_SOURCE] = main_module(rule_packages(bundle))
    return sources


def entrypoints(bundle: PolicyBundle) -> list[str]:
    return [MAIN_ENTRYPOINT] + [rule_entrypoint(p) for p in rule_packages(bundle)]


def source_key(bundle: PolicyBundle) -> str:
    digest = hashlib.sha256(KEY_FORMAT.encode() + b"\0")
    for path, source in build_sources(bundle).items():
        digest.update(path.encode() + b"\0" + source.encode() + b"\0")
    digest.update("\0".join(entrypoints(bundle)).encode())
    return digest.hexdigest()


def find_opa() -> Path | None:
    """`$AMLSCAN_OPA`, else `opa` on PATH, else the repo's pinned `.tools/bin/opa`."""
    configured = os.environ.get(OPA_ENV)
    if configured:
        return Path(configured) if Path(configured).is_file() else None
    on_path = shutil.which("opa")
    if on_path:
        return Path(on_path)
    return PINNED_OPA if PINNED_OPA.is_file() else None


def opa_version(opa: Path) -> str:
    try:
        out = subprocess.run([str(opa), "version"], capture_output=True, text=True, timeout=30, check=True).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        raise UsageError(f"{opa}: cannot run opa: {exc}") from None
    for line in out.splitlines():
        if line.startswith("Version:"):
            return line.split(":", 1)[1].strip()
    return "unknown"


def compile_wasm(bundle: PolicyBundle, opa: Path) -> bytes:
    """policy.wasm compiled by `opa build -t wasm` from the bundle's build sources."""
    with tempfile.TemporaryDirectory(prefix="amlscan-wasm-") as tmp:
        stage = Path(tmp) / "src"
        for path, source in build_sources(bundle).items():
            target = stage / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(source, encoding="utf-8")
        command = [str(opa), "build", "-t", "wasm", "-o", str(Path(tmp) / "bundle.tar.gz")]
        for entrypoint in entrypoints(bundle):
            command += ["-e", entrypoint]
        try:
            done = subprocess.run(command + ["."], cwd=stage, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S)
        except (OSError, subprocess.SubprocessError) as exc:
            raise UsageError(f"policy error: opa build could not run: {exc}") from None
        if done.returncode != 0:
            detail = " ".join((done.stderr or done.stdout).split())[:400]
            raise UsageError(f"policy error: opa build -t wasm failed for {bundle.root}: {detail}")
        with tarfile.open(Path(tmp) / "bundle.tar.gz") as archive:
            for member in archive.getmembers():
                if member.name.lstrip("/") == "policy.wasm":
                    extracted = archive.extractfile(member)
                    if extracted is not None:
                        return extracted.read()
    raise UsageError("policy error: opa build wrote no policy.wasm")


def shipped_manifest() -> dict[str, Any] | None:
    try:
        manifest = json.loads(SHIPPED_MANIFEST.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) else None


def cache_dir() -> Path:
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured) / "wasm"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "amlscan" / "wasm"


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=path.name + ".", suffix=".tmp", delete=False) as handle:
        handle.write(data)
        temporary = Path(handle.name)
    temporary.chmod(0o644)  # a shipped file is read by every user (mkstemp makes it 0600)
    os.replace(temporary, path)


def module_for(bundle: PolicyBundle) -> tuple[bytes, str]:
    """The compiled module for this bundle and where it came from ("shipped", "cache", "compiled")."""
    key = source_key(bundle)
    manifest = shipped_manifest()
    if manifest and manifest.get("source_key") == key and SHIPPED_WASM.is_file():
        return SHIPPED_WASM.read_bytes(), "shipped"
    cached = cache_dir() / f"{key}.wasm"
    if cached.is_file():
        return cached.read_bytes(), "cache"
    opa = find_opa()
    if opa is None:
        raise UsageError(
            f"the policies in {bundle.root} differ from the ones amlscan ships compiled, and the embedded engine needs"
            " OPA to compile them: put `opa` on PATH (or set AMLSCAN_OPA), or scan on an OPA server with --engine opa --opa-url URL"
        )
    wasm = compile_wasm(bundle, opa)
    try:
        _write_atomic(cached, wasm)
    except OSError:
        pass  # an unwritable cache costs a compile next time, nothing else
    return wasm, "compiled"


def write_shipped(bundle: PolicyBundle, opa: Path) -> bool:
    """(Re)build the shipped module and its manifest; True when anything changed."""
    wasm = compile_wasm(bundle, opa)
    manifest = {
        "source_key": source_key(bundle),
        "opa_version": opa_version(opa),
        "wasm_sha256": hashlib.sha256(wasm).hexdigest(),
        "bundle": f"{bundle.name} {bundle.version}",
        "rules": len(rule_packages(bundle)),
    }
    text = json.dumps(manifest, indent=2, sort_keys=True) + "\n"
    changed = not SHIPPED_WASM.is_file() or SHIPPED_WASM.read_bytes() != wasm or SHIPPED_MANIFEST.read_text(encoding="utf-8") != text
    if changed:
        _write_atomic(SHIPPED_WASM, wasm)
        _write_atomic(SHIPPED_MANIFEST, text.encode())
    return changed


def main(argv: list[str] | None = None) -> int:
    from scanner.evaluate.catalog import load_bundle

    parser = argparse.ArgumentParser(prog="python -m scanner.evaluate.wasm_build", description="Build the shipped policy.wasm from policies/ with the pinned OPA.")
    parser.add_argument("--policies", type=Path, help="policies folder (default: the bundled policies/)")
    parser.add_argument("--opa", type=Path, default=PINNED_OPA, help=f"opa binary (default: {PINNED_OPA}, from .ci/install-tools.sh opa)")
    parser.add_argument("--check", action="store_true", help="only say whether the shipped module matches the policies (exit 1 if not)")
    args = parser.parse_args(argv)
    bundle = load_bundle(args.policies)
    if args.check:
        manifest = shipped_manifest() or {}
        if manifest.get("source_key") != source_key(bundle):
            print(f"stale: the shipped policy.wasm was not built from these policies; run: {REBUILD_COMMAND}", file=sys.stderr)
            return 1
        print("the shipped policy.wasm matches the policies")
        return 0
    if not args.opa.is_file():
        print(f"no opa at {args.opa}: run .ci/install-tools.sh opa", file=sys.stderr)
        return 2
    changed = write_shipped(bundle, args.opa)
    print(f"{SHIPPED_WASM.relative_to(REPO_ROOT) if SHIPPED_WASM.is_relative_to(REPO_ROOT) else SHIPPED_WASM}: {'rebuilt' if changed else 'unchanged'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


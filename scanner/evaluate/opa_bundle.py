"""The OPA bundle: the policies as a standard OPA bundle (`opa run --bundle`, Conftest, your own OPA),
written by `amlscan opa-bundle` and by scans with `outputs.opa_bundle`.

Layout (as `opa build` writes it): `/.manifest` with `revision` and `roots`, the Rego modules under
`/policies/`, the generated entrypoint `/policies/amlscan/main.rego` (`data.amlscan.main.results`
gathers every rule's results for one workspace input), and `/data.json` holding the parameters
under `amlscan.params`. The archive is reproducible: same policies and parameters, same bytes.
"""

from __future__ import annotations

import gzip
import io
import json
import tarfile
from pathlib import Path
from typing import Any

from scanner import __version__
from scanner.evaluate.catalog import PolicyBundle

ROOTS = ["amlscan"]
MAIN_MODULE_PATH = "policies/amlscan/main.rego"


def opa_bundle_files(bundle: PolicyBundle, params: dict[str, Any]) -> dict[str, bytes]:
    from scanner.evaluate.outcome import main_module

    manifest = {
        "revision": f"{bundle.version}+{bundle.sha256[:12]}",
        "roots": ROOTS,
        "metadata": {"name": bundle.name, "version": bundle.version, "sha256": bundle.sha256, "amlscan": __version__},
    }
    files = {"/.manifest": json.dumps(manifest, indent=2, sort_keys=True).encode() + b"\n"}
    for path, source in sorted(bundle.modules.items()):
        files[f"/policies/{path}"] = source.encode("utf-8")
    files[f"/{MAIN_MODULE_PATH}"] = main_module(sorted(rule.package for rule in bundle.rules)).encode()
    files["/data.json"] = json.dumps({"amlscan": {"params": params}}, indent=2, sort_keys=True).encode() + b"\n"
    return files


def build_opa_bundle(bundle: PolicyBundle, params: dict[str, Any]) -> bytes:
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name, data in opa_bundle_files(bundle, params).items():
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime = len(data), 0o644, 0
            tar.addfile(info, io.BytesIO(data))
    return gzip.compress(raw.getvalue(), mtime=0)


def write_opa_bundle(bundle: PolicyBundle, params: dict[str, Any], output: str | Path) -> Path:
    from scanner.fileio import atomic_write_bytes

    return atomic_write_bytes(output, build_opa_bundle(bundle, params))

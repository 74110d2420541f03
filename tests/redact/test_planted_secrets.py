"""No planted secret reaches any output byte (issue 15).

Hypothesis generates secrets and plants one in every string position of a snapshot and of an ARM
template (values and property names, JSON held in strings, nested twice), each in one of the forms
a secret takes in the wild: under a secret's name (spelt many ways), `name=value` and
`name: value`, connection strings, SAS URLs, URLs with credentials, bearer tokens, JWTs, PEM
blocks, JSON in a string. Then it runs every output: `scan` with all seven formats, the history
(twice, so `diff` has two scans), `--bundle`, `export`, `history --format json`,
`history --export-jsonl`, `diff --format json`, stdout and stderr; and searches every byte
written, zip members and gzip blobs decompressed, and every column of the history database.
"""

from __future__ import annotations

import gzip
import io
import json
import random
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests.conftest import FIXTURES  # noqa: E402

ALL_FORMATS = "sarif,html,json,junit,csv,md,oscal"
NAMES = ["password", "DB_PASS", "db-pass", "Pwd", "passwd", "privateKeyData", "accountKey", "sasToken", "connectionString",
         "clientSecret", "client_secret", "api-key", "InstrumentationKey", "SharedAccessKey", "adminUserPassword", "refresh_token"]
FORMS: list[Callable[[str, str], str]] = [
    lambda s, n: f"{n}={s}",
    lambda s, n: f"{n}: {s}",
    lambda s, n: f"AccountName=st1;AccountKey={s};EndpointSuffix=core.windows.net",
    lambda s, n: f"InstrumentationKey={s};IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/",
    lambda s, n: f"Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=root;SharedAccessKey={s}=",
    lambda s, n: f"https://st1.blob.core.windows.net/raw/x.csv?sv=2024-08-04&se=2027-01-01&sr=b&sp=r&sig={s}",
    lambda s, n: f"https://deploy:{s}@git.example.com/repo.git",
    lambda s, n: f"Authorization: Bearer {s}",
    lambda s, n: f"eyJhbGciOiJIUzI1NiJ9.eyJ{s}.{s}",
    lambda s, n: f"-----BEGIN PRIVATE KEY-----\nMII{s}\n-----END PRIVATE KEY-----",
    lambda s, n: json.dumps({n: s}),
    lambda s, n: json.dumps({"settings": json.dumps({"env": [f"{n}={s}"]})}),
]

FREE = ("resource", "items", "properties", "tags", "assignment", "role_definition", "resources", "definitions", "effects")
secrets = st.lists(st.text("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789", min_size=10, max_size=18).map(lambda t: "Qz" + t),
                   min_size=4, max_size=12, unique=True)


class Planter:
    """Plants a secret in every string position of a JSON value, each in a form chosen by `rng`."""

    def __init__(self, pool: list[str], rng: random.Random, skip: Callable[[str, str], bool]) -> None:
        self.pool, self.rng, self.skip, self.planted = pool, rng, skip, set()

    def secret(self) -> str:
        s = self.rng.choice(self.pool)
        self.planted.add(s)
        return s

    def form(self) -> str:
        return self.rng.choice(FORMS)(self.secret(), self.rng.choice(NAMES))

    def __call__(self, value: Any, key: str = "", free: bool = False) -> Any:
        free = free or key in FREE
        if isinstance(value, dict):
            out = {k: self(v, k, free) for k, v in value.items()}
            if free:  # where the schema allows any property (ARM bodies): new names too
                # A value under a secret's name; not one the object has already in another casing
                # (ARM names are case-insensitive: two such keys are refused as ambiguous).
                taken = {k.lower() for k in out}
                out[self.rng.choice([n for n in NAMES if n.lower() not in taken])] = self.secret()
                # A property name that is itself a secret, with a value of its siblings' type (a map
                # of integers such as an endpoint's `traffic` stays valid ARM; 0 in an empty one,
                # which no typed property refuses).
                sample = next(iter(value.values()), 0)
                out[self.form()] = sample if isinstance(sample, (bool, int, float)) else "x"
            return out
        if isinstance(value, list):
            return [self(item, key, free) for item in value]
        if isinstance(value, str) and not self.skip(key, value):
            return value + " " + self.form()
        return value


def _snapshot_skip(key: str, value: str) -> bool:
    # Values the schema or the scan's identity needs as they are: enums, versions, ids, dates.
    return key in ("schema_version", "status", "api_version", "id", "collected_at", "kind", "subscription_id", "resource_id") \
        or value.startswith("/subscriptions/")


def _template_skip(key: str, value: str) -> bool:
    return value.startswith("[") or key in ("$schema", "contentVersion", "type", "apiVersion", "name", "location", "kind")


def _searchable(root: Path, captured: str) -> list[tuple[str, bytes]]:
    blobs = [("stdout/stderr", captured.encode())]
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        data = path.read_bytes()
        blobs.append((str(path), data))
        if zipfile.is_zipfile(io.BytesIO(data)):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                blobs += [(f"{path}!{name}", archive.read(name)) for name in archive.namelist()]
        if path.suffix == ".db":
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
                for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
                    for row in db.execute(f"SELECT * FROM {table}"):
                        for cell in row:
                            cell = cell if isinstance(cell, bytes) else str(cell).encode()
                            blobs.append((f"{path}:{table}", gzip.decompress(cell) if cell[:2] == b"\x1f\x8b" else cell))
    return blobs


def _leaks(planted: set[str], blobs: list[tuple[str, bytes]]) -> list[str]:
    return sorted({f"{s} in {where}" for s in planted for where, data in blobs if s.encode() in data})[:10]


def _run_everything(tmp: Path, scan_input: list[str], input_file: Path, capsys: pytest.CaptureFixture[str]) -> str:
    from scanner.cli import main

    out, db = tmp / "out", tmp / "history.db"
    common = ["--format", ALL_FORMATS, "--history", str(db), "--fail-on", "none", "--workers", "1"]
    for round_ in range(2):
        code = main(["scan", *scan_input, "--output-dir", str(out), "--evidence", str(tmp / f"bundle{round_}.zip"), *common])
        assert code in (0, 1), capsys.readouterr().err
    if input_file.suffix == ".json" and "--template" not in scan_input:
        assert main(["export", str(out / "results.json"), "--snapshot", str(input_file), "--output", str(tmp / "export.zip"), "--quiet"]) == 0
    assert main(["history", "--history", str(db), "--format", "json", "--export-jsonl", str(tmp / "history.jsonl")]) == 0
    assert main(["diff", "--history", str(db), "--format", "json"]) == 0
    captured = capsys.readouterr()
    return captured.out + captured.err


# No shrinking: an example costs a full scan, and the failure message names the leak and where.
@settings(max_examples=3, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
@given(pool=secrets, seed=st.integers(0, 2**32 - 1))
def test_no_planted_secret_reaches_any_output_from_a_snapshot(tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str], pool: list[str], seed: int) -> None:
    tmp = tmp_path_factory.mktemp("planted")
    planter = Planter(pool, random.Random(seed), _snapshot_skip)
    doc = json.loads((FIXTURES / "service-defaults.json").read_text())
    planted_doc = {k: (planter(v) if k in ("workspaces", "subscriptions") else v) for k, v in doc.items()}
    snapshot = tmp / "in" / "snapshot.json"
    snapshot.parent.mkdir()
    snapshot.write_text(json.dumps(planted_doc, indent=2))
    captured = _run_everything(tmp / "run", [str(snapshot)], snapshot, capsys)
    assert planter.planted and (tmp / "run" / "out" / "report.html").is_file()
    assert _leaks(planter.planted, _searchable(tmp / "run", captured)) == []


# No shrinking: an example costs a full scan, and the failure message names the leak and where.
@settings(max_examples=3, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
@given(pool=secrets, seed=st.integers(0, 2**32 - 1))
def test_no_planted_secret_reaches_any_output_from_an_arm_template(tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str], pool: list[str], seed: int) -> None:
    tmp = tmp_path_factory.mktemp("planted-arm")
    planter = Planter(pool, random.Random(seed), _template_skip)
    template = json.loads((FIXTURES / "iac" / "default-workspace.json").read_text())
    template["resources"] = planter(template["resources"])
    for parameter in template.get("parameters", {}).values():
        if isinstance(parameter.get("defaultValue"), (str, dict)) and parameter.get("type") in ("string", "object", "secureString"):
            parameter["defaultValue"] = planter(parameter["defaultValue"])
    file = tmp / "in" / "main.json"
    file.parent.mkdir()
    file.write_text(json.dumps(template, indent=2))
    captured = _run_everything(tmp / "run", ["--template", str(file)], file, capsys)
    assert planter.planted and (tmp / "run" / "out" / "amlscan.sarif").is_file()
    assert _leaks(planter.planted, _searchable(tmp / "run", captured)) == []

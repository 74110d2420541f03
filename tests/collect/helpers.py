"""Helpers shared by the collector tests: run the CLI, walk snapshots, check requests."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "scanner" / "schemas" / "snapshot-v1.schema.json").read_text("utf-8"))
FORBIDDEN_IN_PATH = ("listkeys", "listsecrets", "listcredentials", "regenerate")
# One Key Vault secret (or its versions) read through ARM: never needed, the vault's list carries the metadata.
ONE_SECRET = re.compile(r"/microsoft\.keyvault/(vaults|managedhsms)/[^/]+/secrets/[^/]+", re.I)
SECRET_MARKERS = [
    re.compile(r"PLANTED"),
    # Redaction keeps the name and replaces the value: `AccountKey=<redacted>` is no leak.
    re.compile(r"AccountKey=(?!<redacted>)", re.I),
    re.compile(r"SharedAccessKey=(?!<redacted>)", re.I),
    re.compile(r"[?&]sig=(?!<redacted>)", re.I),
    re.compile(r"ghp_", re.I),
]


def _missing_commands() -> bool:
    import scanner.cli as cli

    return any(importlib.util.find_spec(f"scanner.commands.{name}") is None for name in cli.COMMANDS)


def run_cli(argv: list[str]) -> int:
    """scanner.cli.main in-process; while sibling commands are still being written, only the present ones load."""
    import scanner.cli as cli

    if not _missing_commands():
        return cli.main(argv)
    saved = cli.COMMANDS
    cli.COMMANDS = tuple(n for n in saved if importlib.util.find_spec(f"scanner.commands.{n}") is not None)
    try:
        return cli.main(argv)
    finally:
        cli.COMMANDS = saved


def run_cli_subprocess(argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    if _missing_commands():
        code = (
            "import importlib.util, sys, scanner.cli as c; "
            "c.COMMANDS = tuple(n for n in c.COMMANDS if importlib.util.find_spec('scanner.commands.' + n)); "
            "raise SystemExit(c.main(sys.argv[1:]))"
        )
        cmd = [sys.executable, "-c", code, *argv]
    else:
        cmd = [sys.executable, "-m", "scanner", *argv]
    return subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)


def schema_errors(snapshot: dict[str, Any]) -> list[str]:
    return [f"{e.json_path}: {e.message}" for e in Draft202012Validator(SCHEMA).iter_errors(snapshot)]


def strings(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield str(key)
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)
    elif isinstance(node, str):
        yield node


def leaked_secrets(text: str, token: str) -> list[str]:
    found = [p.pattern for p in SECRET_MARKERS if p.search(text)]
    if token in text or token.split(".")[1] in text:
        found.append("ARM bearer token")
    return found


def assert_read_only(seen: list[Any]) -> None:
    assert seen, "the replay server saw no request"
    for request in seen:
        path = request.path.lower()
        assert request.method == "GET" or (
            request.method == "POST" and path.rstrip("/") == "/providers/microsoft.resourcegraph/resources"
        ), f"{request.method} {request.path}"
        assert not any(word in path for word in FORBIDDEN_IN_PATH), request.path
        assert not ONE_SECRET.search(path), request.path

"""What every engine hands back per rule, and the entrypoints they share (no engine imported here).

A rule's outcome on one workspace is its raw verdicts (a list) or a RuleFailure, which becomes an
`error` result pinned on that rule. The generated `amlscan.main` module gathers every rule's
results under one entrypoint; OPA servers, bundles and the Wasm engine evaluate it once per
workspace, and fall back to each rule's own entrypoint to pin a failure on its rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MAIN_PACKAGE = "amlscan.main"
MAIN_ENTRYPOINT = "amlscan/main/results"


@dataclass(frozen=True)
class RuleFailure:
    """A rule could not be evaluated on one input; becomes an `error` result."""

    message: str


# One rule's outcome: its raw verdicts as the rule returned them (JSON, shape checked by
# results.rule_results), or the failure to report.
Outcome = list[Any] | RuleFailure
Outcomes = dict[str, Outcome]  # rule package -> outcome, for every rule on one workspace input


def rule_entrypoint(package: str) -> str:
    """`amlscan.rules.x` -> `amlscan/rules/x/results`, the entrypoint of one rule."""
    return package.replace(".", "/") + "/results"


def as_outcome(value: Any, reason: str | None) -> Outcome:
    """One rule's query result as its raw verdicts, or the failure to report (every engine)."""
    if reason is not None:
        return RuleFailure(reason)
    if not isinstance(value, list):
        return RuleFailure(f"results must be a set, got {type(value).__name__}")
    return value


def main_module(packages: list[str]) -> str:
    """One entrypoint that gathers every rule's results, so a workspace costs one query."""
    lines = [f"package {MAIN_PACKAGE}", "", "import rego.v1", "", "results := {"]
    for package in packages:
        lines.append(f'\t"{package}": data.{package}.results,')
    lines.append("}")
    return "\n".join(lines) + "\n"

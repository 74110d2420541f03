"""The words every package shares, defined once: severities, statuses, verdicts, frameworks.

Orders are meaningful and part of the output: a tuple lists its words worst first (severities,
result statuses) or in the order reports show them, and the summary's counts keep that order. The
JSON Schemas under `schemas/` enumerate the same words; tests/test_vocabulary.py holds them equal.
"""

from __future__ import annotations

from typing import Final, Literal

Severity = Literal["critical", "high", "medium", "low"]
# A rule's severity, worst first.
SEVERITIES: Final[tuple[Severity, ...]] = ("critical", "high", "medium", "low")
# The gate's threshold (`--fail-on`, `outputs.fail_on`): a severity, or none to never fail.
FAIL_ON_CHOICES: Final[tuple[str, ...]] = (*SEVERITIES, "none")
# Higher is worse: critical 4 ... low 1 (the gate fails on results at or above its threshold).
SEVERITY_RANK: Final[dict[str, int]] = {severity: len(SEVERITIES) - index for index, severity in enumerate(SEVERITIES)}


Status = Literal["fail", "error", "unknown", "waived", "pass"]
# A result's status, worst first: a control's status is the worst of its results'.
STATUSES: Final[tuple[Status, ...]] = ("fail", "error", "unknown", "waived", "pass")
# What a rule itself may return; `error` comes from the engine, `waived` from the gate.
RULE_STATUSES: Final[tuple[str, ...]] = ("pass", "fail", "unknown")

GateVerdict = Literal["passed", "failed", "incomplete"]
# The CI gate's verdict (scanner/gate/verdict.py); `incomplete` when a result has status error.
GATE_VERDICTS: Final[tuple[GateVerdict, ...]] = ("passed", "failed", "incomplete")
# A framework control's verdict in the auditor reports, one word each (docs/reports.md).
CONTROL_VERDICTS: Final[tuple[str, ...]] = ("failed", "unknown", "waived", "passed", "manual", "n/a")

# The compliance frameworks a rule may serve (policies/frameworks/<name>.yaml).
FRAMEWORK_NAMES: Final[tuple[str, ...]] = ("hipaa", "gdpr")
# A framework's title in the auditor reports, when its file gives none.
FRAMEWORK_TITLES: Final[dict[str, str]] = {"hipaa": "HIPAA Security Rule (45 CFR Part 164)", "gdpr": "GDPR (Regulation (EU) 2016/679)"}
# The shorter title the rule catalogue (`amlscan rules --format markdown`, docs/rules.md) uses.
FRAMEWORK_CATALOGUE_TITLES: Final[dict[str, str]] = {"hipaa": "HIPAA Security Rule (45 CFR)", "gdpr": "GDPR"}

# Report formats written when neither --format nor outputs.formats names any.
DEFAULT_FORMATS: Final[tuple[str, ...]] = ("sarif", "html", "json")

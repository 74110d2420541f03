"""Redaction: no secret reaches a snapshot, a report, the history or an evidence bundle.

One pattern set (names.py: which property names hold secrets; text.py: secrets inside text;
tree.py: JSON values, JSON inside strings), applied where data enters (collection, IaC
normalisation, snapshot load) and again where it leaves (reports, history, bundle). Deterministic:
the same input always gives the same output, so reports stay byte-identical. See docs/redaction.md.
"""

from scanner.redact.names import is_secret_name
from scanner.redact.text import REDACTED, redact_text
from scanner.redact.tree import redact, redact_string

__all__ = ["REDACTED", "is_secret_name", "redact", "redact_string", "redact_text"]

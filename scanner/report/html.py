"""`report.html`: one self-contained page an auditor can read, print and file.

No external CSS, JS, fonts or images; no script at all, so it reads the same with JavaScript off,
and a Content-Security-Policy forbids anything else. Every value that came from Azure (names,
tags, messages built from them) is escaped: they are attacker-controlled.
"""

from __future__ import annotations

import json
from collections import defaultdict
from html import escape
from typing import Any

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
STATUS_ORDER = ("fail", "error", "unknown", "waived", "pass")
SEVERITY_ORDER = ("critical", "high", "medium", "low")

STYLE = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;margin:0;background:#f6f8fa}
main{max-width:1180px;margin:0 auto;padding:24px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 8px}h3{font-size:16px;margin:18px 0 6px}
.meta{color:#57606a;font-size:13px}.meta code{font-size:12px}
table{border-collapse:collapse;width:100%;background:#fff;margin:6px 0 12px}
th,td{border:1px solid #d0d7de;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#eaeef2;font-weight:600}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
pre{background:#f6f8fa;border:1px solid #d0d7de;padding:6px;white-space:pre-wrap;word-break:break-all;margin:4px 0}
.badge{display:inline-block;padding:1px 7px;border-radius:10px;font-size:12px;font-weight:600;color:#fff}
.s-fail{background:#cf222e}.s-error{background:#8250df}.s-unknown{background:#9a6700}.s-waived{background:#57606a}.s-pass{background:#1a7f37}
.sev-critical{color:#82071e;font-weight:700}.sev-high{color:#cf222e;font-weight:600}.sev-medium{color:#9a6700}.sev-low{color:#57606a}
.cards{display:flex;gap:10px;flex-wrap:wrap}.card{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:10px 14px;min-width:110px}
.card b{display:block;font-size:22px}
details{background:#fff;border:1px solid #d0d7de;border-radius:6px;margin:8px 0;padding:6px 10px}
summary{cursor:pointer}.finding{border-top:1px solid #eaeef2;padding:8px 0}
.id{word-break:break-all;font-size:12px;color:#57606a}
@media print{body{background:#fff}main{max-width:none;padding:0}details{border:none}details>summary{list-style:none}.card{border-color:#999}a{color:inherit;text-decoration:none}}
"""


def _badge(status: str) -> str:
    return f'<span class="badge s-{escape(status)}">{escape(status)}</span>'


def _value(value: Any) -> str:
    return escape(json.dumps(value, sort_keys=True, ensure_ascii=False))


def _evidence_table(evidence: list[dict[str, Any]]) -> str:
    if not evidence:
        return ""
    rows = "".join(
        f"<tr><td><code>{escape(str(e.get('path')))}</code></td><td><code>{_value(e.get('found'))}</code></td><td><code>{_value(e.get('expected'))}</code></td></tr>"
        for e in evidence
    )
    return f"<table><tr><th>Evidence path</th><th>Found</th><th>Expected</th></tr>{rows}</table>"


def _remediation(remediation: dict[str, str]) -> str:
    parts = [f"<p><b>Fix:</b> {escape(remediation.get('text', ''))}</p>"]
    if remediation.get("cli"):
        parts.append(f"<p>Azure CLI:</p><pre>{escape(remediation['cli'])}</pre>")
    if remediation.get("bicep"):
        parts.append(f"<p>Bicep:</p><pre>{escape(remediation['bicep'])}</pre>")
    return "".join(parts)


def _controls(frameworks: dict[str, list[str]]) -> str:
    return "; ".join(f"{escape(fw.upper())} {escape(', '.join(cs))}" for fw, cs in sorted(frameworks.items()))


def _finding(result: dict[str, Any]) -> str:
    refs = ", ".join(f"{escape(kind)}: {escape(', '.join(values))}" for kind, values in sorted(result["references"].items()) if values)
    return (
        '<div class="finding">'
        f"<div>{_badge(result['status'])} <span class=\"sev-{escape(result['severity'])}\">{escape(result['severity'])}</span> "
        f"<b>{escape(result['rule_id'])}</b> {escape(result['title'])}</div>"
        f"<div class=\"id\">{escape(result['resource_type'])} · {escape(result['resource_id'])}</div>"
        f"<p>{escape(result['message'])}</p>"
        f"{_evidence_table(result['evidence'])}"
        f"<p class=\"meta\">Controls: {_controls(result['frameworks'])}</p>"
        + (_remediation(result.get("remediation", {})) if result["status"] in ("fail", "unknown", "waived") else "")
        + (f'<p class="meta">References: {refs}</p>' if refs else "")
        + "</div>"
    )


def render(document: dict[str, Any]) -> str:
    summary = document["summary"]
    snapshot = document["snapshot"]
    by_workspace: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for result in document["results"]:
        by_workspace[result["workspace_id"]].append(result)
    cards = "".join(f'<div class="card">{_badge(s)}<b>{summary["by_status"].get(s, 0)}</b></div>' for s in STATUS_ORDER)
    sev_rows = "".join(
        f'<tr><td class="sev-{sev}">{sev}</td>' + "".join(f"<td>{summary['by_severity'][sev].get(s, 0)}</td>" for s in STATUS_ORDER) + "</tr>"
        for sev in SEVERITY_ORDER
    )
    sections = []
    for workspace_id in sorted(by_workspace, key=str.lower):
        results = sorted(by_workspace[workspace_id], key=lambda r: (STATUS_ORDER.index(r["status"]), SEVERITY_ORDER.index(r["severity"]), r["rule_id"], r["resource_id"].lower()))
        counts = {s: sum(1 for r in results if r["status"] == s) for s in STATUS_ORDER}
        name = workspace_id.rstrip("/").rsplit("/", 1)[-1]
        open_attr = " open" if counts["fail"] or counts["error"] or counts["unknown"] else ""
        head = " ".join(f"{_badge(s)} {counts[s]}" for s in STATUS_ORDER if counts[s])
        body = "".join(_finding(r) for r in results)
        sections.append(
            f"<details{open_attr}><summary><b>{escape(name)}</b> {head}<div class=\"id\">{escape(workspace_id)}</div></summary>{body}</details>"
        )
    source = snapshot.get("source", {})
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>amlscan compliance report</title>
<style>{STYLE}</style>
</head>
<body>
<main>
<h1>Azure Machine Learning compliance report</h1>
<p class="meta">Snapshot <code>{escape(snapshot.get('path') or '')}</code> ({escape(str(source.get('kind', '')))}), collected {escape(str(snapshot.get('collected_at') or ''))} ·
sha256 <code>{escape(snapshot.get('sha256') or '')}</code><br>
{escape(document['scanner']['name'])} {escape(document['scanner']['version'])} · policy bundle {escape(document['policy_bundle']['name'])} {escape(document['policy_bundle']['version'])} (sha256 <code>{escape(document['policy_bundle']['sha256'])}</code>) ·
{summary['rules']} rules · {summary['workspaces']} workspace(s)</p>
<h2 id="summary">Summary</h2>
<div class="cards">{cards}</div>
<table><tr><th>Severity</th>{''.join(f'<th>{s}</th>' for s in STATUS_ORDER)}</tr>{sev_rows}</table>
<h2 id="findings">Findings by workspace</h2>
{''.join(sections) or '<p>No workspaces in this snapshot.</p>'}
</main>
</body>
</html>
"""

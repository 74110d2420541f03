"""The HTML report's closing sections: the workspaces in scope, the facts of the scan, sign-off.

Split from html.py to keep modules small; every value from a snapshot or results document is
escaped, as everywhere in the report.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

from scanner.report.controls import workspace_name


def esc(value: Any) -> str:
    """Text for HTML, quotes included; None is empty."""
    return escape(str(value if value is not None else ""), quote=True)



def safe_url(url: str) -> str | None:
    return url if re.match(r"^https?://[^\s\"'<>]+$", url) else None


def _shown(entry: dict[str, Any]) -> dict[str, Any]:
    resource = (entry.get("workspace") or {}).get("resource")
    return {k: resource.get(k) for k in ("name", "location", "tags")} if isinstance(resource, dict) else {}


def workspaces_section(page: Any) -> str:
    # Only what the table shows: a loaded snapshot's entries are read from its file one by one.
    resources = {str(w.get("id", "")).lower(): _shown(w) for w in (page.snapshot.workspaces if page.snapshot is not None else [])}
    rows = []
    for w in page.workspaces:
        resource = resources.get(w.lower()) or {}
        tags = resource.get("tags")
        tags = tags if isinstance(tags, dict) else {}
        tag_text = ", ".join(f"{esc(k)}={esc(v)}" for k, v in sorted(tags.items(), key=lambda kv: str(kv[0])))
        rows.append(
            f'<tr id="{page.ws_key[w.lower()]}" data-f data-ws="{page.ws_key[w.lower()]}"><td class="num">{page.ws_number[w.lower()]}</td><td><b>{esc(resource.get("name") or workspace_name(w))}</b><div class="id">{esc(w)}</div></td>'
            f'<td>{esc(resource.get("location"))}</td><td>{tag_text}</td></tr>'
        )
    return ('<section id="workspaces"><h2>Workspaces in scope</h2><table><thead><tr><th class="num">#</th><th>Workspace</th><th>Location</th><th>Tags</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></section>')


def facts_section(page: Any) -> str:
    from scanner.gate.verdict import describe
    from scanner.report.scope import is_iac, scan_date

    doc, snap = page.doc, page.doc["snapshot"]
    source = snap.get("source") or {}
    config = doc.get("configuration") or {}
    scope = source.get("scope") or []
    gate = doc.get("gate")
    baseline = doc.get("baseline")
    attestations = doc.get("attestations")
    facts = [
        ("Gate", esc(describe(gate)) + f" (--fail-on {esc(gate['fail_on'])}{' --fail-on-unknown' if gate.get('fail_on_unknown') else ''})" if gate else "not recorded"),
        ("Scope", "<br>".join(esc(s) for s in scope) if isinstance(scope, list) else esc(scope)),
        ("Tenant", esc(snap.get("tenant_id"))),
        ("Source", f"{esc(source.get('kind'))} {esc(source.get('location') or '')} {esc(source.get('cloud') or '')}"),
        ("Scan date" if is_iac(doc) else "Collected at", esc(scan_date(doc)) if is_iac(doc) else esc(snap.get("collected_at"))),
        ("Scanner", f"{esc(doc['scanner']['name'])} {esc(doc['scanner']['version'])}"),
        ("Results schema version", esc(doc.get("schema_version"))),
        ("Snapshot", f"<code>{esc(snap.get('path'))}</code> (format {esc(snap.get('schema_version'))})"),
        ("Snapshot sha256", f"<code>{esc(snap.get('sha256'))}</code>"),
        ("Policy bundle", f"{esc(doc['policy_bundle']['name'])} {esc(doc['policy_bundle']['version'])}, {esc(doc['policy_bundle']['rules'])} rules"),
        ("Policy bundle sha256", f"<code>{esc(doc['policy_bundle']['sha256'])}</code>"),
        ("Configuration", f"<code>{esc(config.get('path'))}</code>" if config.get("path") else "none (defaults)"),
        ("Configuration sha256", f"<code>{esc(config.get('sha256'))}</code>" if config.get("sha256") else "—"),
        ("Framework controls", "; ".join(f"{esc(f.name.upper())}: {esc(f.origin)}" for f in page.frameworks) or "—"),
    ]
    if baseline:
        facts.append(("Baseline", f"<code>{esc(baseline['path'])}</code> sha256 <code>{esc(baseline['sha256'])}</code>: {int(baseline['new'])} new, "
                      f"{int(baseline.get('unchanged', 0))} unchanged, {int(baseline.get('fixed', 0))} fixed"))
    if attestations:
        facts.append(("Attestations", f"<code>{esc(attestations['path'])}</code> sha256 <code>{esc(attestations['sha256'])}</code>, "
                      f"{len(attestations['items'])} attestation(s) judged as of {esc(attestations['as_of'])}"))
    waivers = doc.get("waivers")
    if waivers:
        facts.append(("Waivers", f"{int(waivers.get('configured', 0))} configured, {int(waivers.get('applied', 0))} applied, "
                      f"{int(waivers.get('expired', 0))} expired, judged as of {esc(waivers.get('as_of'))}"))
    return '<section id="facts"><h2>Scan facts</h2><dl class="facts">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts) + "</dl></section>"


def signoff_section(page: Any) -> str:
    """Room for the auditor's review and signature on the printed report."""
    return ('<section id="signoff" class="signoff"><h2>Review and sign-off</h2>'
            "<p>I have reviewed this report, its findings and the attestations it lists.</p>"
            '<table class="sign"><tbody><tr><th>Reviewer</th><td></td></tr><tr><th>Role</th><td></td></tr>'
            "<tr><th>Date</th><td></td></tr><tr><th>Signature</th><td></td></tr></tbody></table></section>")

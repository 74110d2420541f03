"""`oscal-assessment-results.json`: NIST OSCAL 1.x assessment results for GRC tools.

Built with the typed OSCAL models of `compliance-trestle` (validated as they are constructed),
an optional extra: `pip install 'amlscan[oscal]'`. Without it the `oscal` format is a usage error
that says so. Mapping (documented in docs/reports.md):

- one `result` for the scan; `reviewed-controls` lists every control of every framework;
- one `observation` per (rule, resource) result, with the evidence (path, found, expected) as
  `relevant-evidence` and the Azure resource as subject;
- one `finding` per (control, workspace), targeting the control, `satisfied` when every rule
  behind it passed there, `not-satisfied` when one failed or is waived (the waiver in remarks),
  and no status when it could not be assessed (property `amlscan-status`);
- attested controls (an attestation file) get an `observation` (method EXAMINE, the evidence link
  as `relevant-evidence`, reviewer, date and expiry as properties) and a `finding` for the control:
  `satisfied` or `not-satisfied` as attested; an expired attestation gives no status and the
  property `amlscan-status: manual` (the control falls back to manual);
- the result carries the gate's verdict, threshold and baseline counts as properties and waiver
  warnings in its remarks;
- `back-matter` holds the snapshot (with its sha256) and every Azure resource observed.

OSCAL control ids must be tokens, so `164.312(a)(2)(iv)` becomes `hipaa-164.312-a-2-iv` and
`32(1)(a)` becomes `gdpr-32-1-a`; the original citation is the finding title and a property.
UUIDs are version 5, derived from the snapshot sha256 and what they name, and timestamps come
from `collected_at` (infrastructure code: the scan date of `document["scan"]`, see
scanner/report/scope.py), so the same results give the same bytes.
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from scanner.errors import UsageError
from scanner.evaluate.document import ResultsDocument, attestation_items, waiver_warnings
from scanner.fileio import dumps_stable
from scanner.report.controls import control_cells, frameworks_for, results_index, workspace_ids, workspace_name

NAMESPACE = uuid.UUID("6d3c1f0e-52a4-5c8e-9b1f-a0d1c5ca0000")  # fixed: never change, UUIDs derive from it
NS_PROPS = "https://amlscan.dev/ns/oscal"
MISSING_EXTRA = "the oscal format needs the optional dependency compliance-trestle: pip install 'amlscan[oscal]'"


def oscal_control_id(framework: str, control_id: str) -> str:
    token = re.sub(r"[^A-Za-z0-9.]+", "-", str(control_id)).strip("-.").lower()
    return f"{framework.lower()}-{token}"


def _when(value: Any) -> datetime:
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return datetime(1970, 1, 1, tzinfo=timezone.utc)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def build(document: ResultsDocument, policies_root: Path | None = None) -> Any:
    try:
        from trestle.oscal import OSCAL_VERSION, common
        from trestle.oscal import assessment_results as ar
    except ImportError:
        raise UsageError(MISSING_EXTRA) from None

    snap = document["snapshot"]
    seed = snap.get("sha256") or ""

    def uid(*parts: str) -> str:
        return str(uuid.uuid5(NAMESPACE, "|".join((seed, *parts))))

    def prop(name: str, value: Any) -> Any:
        return common.Property(name=name, value=str(value), ns=NS_PROPS)

    scan = document.get("scan") or {}
    collected = _when(scan["date"]) if scan.get("date") else _when(snap.get("collected_at"))
    results = document["results"]
    resources: dict[str, str] = {}
    observations, obs_ids = [], []
    for i, r in enumerate(results):
        rid = r["resource_id"]
        resources.setdefault(rid.lower(), rid)
        evidence = [
            common.RelevantEvidence(
                description=f"{e.get('path')}: found {json.dumps(e.get('found'), sort_keys=True)}, expected {json.dumps(e.get('expected'), sort_keys=True)}",
                props=[prop("json-path", e.get("path") or "-")],
            )
            for e in r.get("evidence") or []
        ]
        obs_id = uid("observation", r["rule_id"], rid.lower(), str(i))
        obs_ids.append(obs_id)
        observations.append(
            common.Observation(
                uuid=obs_id,
                title=f"{r['rule_id']} on {workspace_name(rid)}",
                description=r["message"] or r["title"],
                props=[prop("rule-id", r["rule_id"]), prop("severity", r["severity"]), prop("amlscan-status", r["status"]), prop("workspace-id", r["workspace_id"])],
                methods=["TEST"],
                types=["finding" if r["status"] == "fail" else "control-objective"],
                subjects=[common.SubjectReference(subject_uuid=uid("resource", rid.lower()), type="resource", title=rid)],
                relevant_evidence=evidence or None,
                collected=collected,
                remarks=(f"Waiver: {r['waiver'].get('justification', '')} (approver {r['waiver'].get('approver', '?')}, expires {r['waiver'].get('expires', '?')}"
                         f"{', expired' if r['waiver'].get('expired') else ''})") if r.get("waiver") else None,
            )
        )
    index, workspaces = results_index(results), workspace_ids(document)
    findings, selected = [], []
    for fw in frameworks_for(document, policies_root):
        for control in fw.controls:
            cid = oscal_control_id(fw.name, control.id)
            selected.append(common.SelectControlById(control_id=cid))
            for ws, cell in control_cells(control, workspaces, index, results).items():
                if cell.status is None:
                    continue
                status = None
                if cell.status == "pass":
                    status = common.ObjectiveStatus(state="satisfied")
                elif cell.status in ("fail", "waived"):
                    status = common.ObjectiveStatus(state="not-satisfied", remarks="accepted by waiver" if cell.status == "waived" else None)
                findings.append(
                    common.Finding(
                        uuid=uid("finding", cid, ws.lower()),
                        title=f"{fw.name.upper()} {control.id} in {workspace_name(ws)}",
                        description=control.title or control.description or f"{fw.name.upper()} {control.id}",
                        props=[prop("framework", fw.name), prop("control-citation", control.id), prop("amlscan-status", "unknown" if cell.status in ("unknown", "error") else cell.status), prop("workspace-id", ws)],
                        target=common.FindingTarget(type="objective-id", target_id=cid, status=status),
                        related_observations=[common.RelatedObservation(observation_uuid=obs_ids[i]) for i in cell.results],
                    )
                )
    for item in attestation_items(document):
        cid = oscal_control_id(item["framework"], item["control"])
        obs_id = uid("attestation", cid)
        link = str(item["evidence"])
        observations.append(
            common.Observation(
                uuid=obs_id,
                title=f"Attestation of {item['framework'].upper()} {item['control']}",
                description=f"Attested {item['status']} by {item['reviewer']} on {item['date']}, valid through {item['expires']}." + (f" {item['note']}" if item.get("note") else ""),
                props=[prop("reviewer", item["reviewer"]), prop("attestation-date", item["date"]), prop("attestation-expires", item["expires"]),
                       prop("amlscan-status", "expired" if item["expired"] else item["status"])],
                methods=["EXAMINE"],
                types=["control-objective"],
                relevant_evidence=[common.RelevantEvidence(href=link, description=f"Evidence reviewed: {link}") if link.startswith(("https://", "http://"))
                                   else common.RelevantEvidence(description=f"Evidence reviewed: {link}")],
                collected=_when(item["date"]),
            )
        )
        status = None if item["expired"] else common.ObjectiveStatus(state="satisfied" if item["status"] == "pass" else "not-satisfied")
        findings.append(
            common.Finding(
                uuid=uid("attestation-finding", cid),
                title=f"{item['framework'].upper()} {item['control']}: attestation",
                description=f"Manual attestation of {item['framework'].upper()} {item['control']}",
                props=[prop("framework", item["framework"]), prop("control-citation", item["control"]),
                       prop("amlscan-status", "manual" if item["expired"] else item["status"])],
                target=common.FindingTarget(type="objective-id", target_id=cid, status=status),
                related_observations=[common.RelatedObservation(observation_uuid=obs_id)],
                remarks=f"The attestation expired on {item['expires']}: the control falls back to manual." if item["expired"] else None,
            )
        )
    back = [
        common.Resource(
            uuid=uid("snapshot"),
            title=f"Snapshot {snap.get('path', '')}",
            description=f"Workspace snapshot (format {snap.get('schema_version')}) the results were evaluated from.",
            rlinks=[common.Rlink(href=str(snap.get("path") or "snapshot.json"), media_type="application/json", hashes=[common.Hash(algorithm="SHA-256", value=seed)])] if seed else None,
        )
    ]
    back += [common.Resource(uuid=uid("resource", key), title=rid, description="Azure resource observed") for key, rid in sorted(resources.items())]
    bundle = document["policy_bundle"]
    model = ar.AssessmentResults(
        uuid=uid("assessment-results"),
        metadata=common.Metadata(
            title=f"amlscan assessment of {document['summary']['workspaces']} Azure Machine Learning workspace(s)",
            last_modified=collected,
            version=f"{document['scanner']['version']}+{bundle['version']}",
            oscal_version=OSCAL_VERSION,
            props=[prop("scanner", f"{document['scanner']['name']} {document['scanner']['version']}"), prop("policy-bundle", f"{bundle['name']} {bundle['version']}"), prop("policy-bundle-sha256", bundle["sha256"])],
        ),
        import_ap=ar.ImportAp(href="#", remarks=f"No OSCAL assessment plan: the plan is policy bundle {bundle['name']} {bundle['version']} (sha256 {bundle['sha256']})."),
        results=[
            ar.Result(
                uuid=uid("result"),
                title="Configuration scan of Azure Machine Learning workspaces",
                description=f"Automated evaluation of {document['summary']['rules']} rules against snapshot sha256 {seed}.",
                start=collected,
                end=collected,
                props=_gate_props(document, prop),
                remarks=_remarks(document),
                reviewed_controls=common.ReviewedControls(control_selections=[common.ControlSelections(include_controls=selected or [common.SelectControlById(control_id="none")])]),
                observations=observations or None,
                findings=findings or None,
            )
        ],
        back_matter=common.BackMatter(resources=back),
    )
    return model


def _gate_props(document: ResultsDocument, prop: Any) -> list[Any] | None:
    gate = document.get("gate")
    if not gate:
        return None
    props = [prop("gate-verdict", gate["verdict"]), prop("gate-fail-on", gate["fail_on"]), prop("gate-failing", gate["failing"])]
    baseline = document.get("baseline")
    if baseline:
        props += [prop("baseline-new", baseline["new"]), prop("baseline-unchanged", baseline.get("unchanged", 0)), prop("baseline-fixed", baseline.get("fixed", 0))]
    return props


def _remarks(document: ResultsDocument) -> str | None:
    from scanner.gate.verdict import describe
    from scanner.report.scope import is_iac, scan_date

    parts = []
    if document.get("gate"):
        parts.append(f"Gate {describe(document['gate'])}.")
    if is_iac(document):
        parts.append(f"Infrastructure code, {scan_date(document)}.")
    parts += [f"Waiver warning: {w['message']}." for w in waiver_warnings(document)]
    return " ".join(parts) or None


def render(document: ResultsDocument, policies_root: Path | None = None) -> str:
    model = build(document, policies_root)
    return dumps_stable(json.loads(model.oscal_serialize_json(pretty=False)))

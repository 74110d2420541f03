# METADATA
# title: No service principal owns the workspace
# description: >-
#   A service principal (an application or managed identity) with Owner can grant itself and others
#   any access, and its credentials are used unattended, often from pipelines with a wide blast
#   radius. Fails when an assignment of the Owner role on the workspace, direct or inherited, belongs
#   to a principal of type ServicePrincipal. Contributor plus scoped User Access Administrator
#   conditions are the usual replacement.
# custom:
#   id: AML-IAM-007
#   severity: medium
#   resource_type: Microsoft.MachineLearningServices/workspaces
#   frameworks:
#     hipaa: ["164.308(a)(4)", "164.312(a)(1)"]
#     gdpr: ["32(4)"]
#   remediation:
#     text: Replace the service principal's Owner assignment with the narrowest role it needs (for example Contributor or AzureML Compute Operator).
#     cli: az role assignment delete --assignee <sp-object-id> --role Owner --scope <scope>
#   references:
#     docs: ["https://learn.microsoft.com/azure/role-based-access-control/best-practices"]
package amlscan.rules.iam_owner_service_principals

import rego.v1

import data.amlscan.lib

# METADATA
# entrypoint: true
results := verdicts(input)

# One definition: the judged case first, then unreadable role assignments, then an unreadable
# workspace. Status tests are lookups ({"ok": true}[status]): cheaper than a call or a comparison.
verdicts(inp) := {_osp_judge(ws, findings, [{"path": "role_assignments[role=Owner, principalType=ServicePrincipal]", "found": sort(findings), "expected": []}])} if {
	wsec := inp.workspace
	{"ok": true}[wsec.status]
	ws := wsec.resource
	is_object(ws)
	sec := lib.role_assignments(inp, ws.id)
	{"ok": true}[sec.status]
	findings := {lib.assignment_label(item) |
		is_array(sec.items)
		some item in sec.items
		lib.is_owner(item)
		pt := object.get(lib.assignment_props(item), "principalType", "")
		is_string(pt)
		lower(pt) == "serviceprincipal"
	}
} else := {lib.section_unknown(sec, "role_assignments", ws.id, ws.type)} if {
	wsec := inp.workspace
	{"ok": true}[wsec.status]
	ws := wsec.resource
	is_object(ws)
	sec := lib.role_assignments(inp, ws.id)
	not sec.status == "ok"
} else := {lib.workspace_unknown(inp)} if not lib.resource(lib.section(inp, "workspace"))

_osp_judge(ws, findings, ev) := {"status": "fail", "resource_id": ws.id, "resource_type": ws.type, "message": concat("", ["Service principals with Owner: ", concat(", ", sort(findings)), "."]), "evidence": ev} if {
	count(findings) > 0
} else := {"status": "pass", "resource_id": ws.id, "resource_type": ws.type, "message": "No service principal holds Owner on the workspace.", "evidence": ev}

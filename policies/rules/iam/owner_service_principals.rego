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

results := verdicts(input)

verdicts(inp) := {lib.workspace_unknown(inp)} if not lib.ok(inp.workspace)

verdicts(inp) := {_verdict(lib.role_assignments(inp, ws.id), ws)} if ws := lib.resource(inp.workspace)

_findings(sec) := {lib.assignment_label(item) |
	some item in lib.items(sec)
	lib.is_owner(item)
	lib.eq_ci(lib.principal_type(item), "ServicePrincipal")
}

# The findings are computed once and passed down (rego-cpp does not memoise functions).
_verdict(sec, ws) := lib.section_unknown(sec, "role_assignments", ws.id, ws.type) if not lib.ok(sec)

_verdict(sec, ws) := _osp_judge(ws, _findings(sec)) if lib.ok(sec)

_osp_judge(ws, findings) := lib.fail(ws, concat("", ["Service principals with Owner: ", concat(", ", sort(findings)), "."]), _osp_ev(findings)) if {
	count(findings) > 0
} else := lib.pass(ws, "No service principal holds Owner on the workspace.", _osp_ev(findings))

_osp_ev(findings) := [lib.evidence("role_assignments[role=Owner, principalType=ServicePrincipal]", sort(findings), [])]

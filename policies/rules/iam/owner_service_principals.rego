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
package amlscan.rules.iam.owner_service_principals

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.workspace_unknown

results contains lib.section_unknown(assignments, "role_assignments", lib.workspace.id, lib.workspace.type) if {
	not assignments.status == "ok"
}

results contains lib.fail(
	lib.workspace,
	concat("", ["Service principals with Owner: ", concat(", ", sort(findings)), "."]),
	evidence,
) if {
	assignments.status == "ok"
	count(findings) > 0
}

results contains lib.pass(lib.workspace, "No service principal holds Owner on the workspace.", evidence) if {
	assignments.status == "ok"
	count(findings) == 0
}

assignments := lib.by_id(lib.role_assignments, lib.workspace.id)

findings contains lib.assignment_label(item) if {
	some item in lib.items(assignments)
	lib.is_owner(item)
	lib.eq_ci(object.get(lib.assignment_props(item), "principalType", ""), "ServicePrincipal")
}

evidence := [{"path": "role_assignments[role=Owner, principalType=ServicePrincipal]", "found": sort(findings), "expected": []}]

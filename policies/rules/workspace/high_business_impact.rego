# METADATA
# title: Workspace holding regulated data is flagged high business impact
# description: >-
#   hbiWorkspace reduces the diagnostic data Microsoft collects, encrypts the local scratch disks
#   of compute clusters and cleans them between jobs. Workspaces tagged as holding regulated data
#   (the tag named by the regulated_data_tag parameter, default data-classification, with one of
#   regulated_data_values) must set it. Absent means the service default, false. Untagged workspaces
#   pass: the flag is not required for them. It can only be set at creation.
# custom:
#   id: AML-ENC-003
#   severity: medium
#   resource_type: Microsoft.MachineLearningServices/workspaces
#   frameworks:
#     hipaa: ["164.312(a)(2)(iv)"]
#     gdpr: ["25(2)", "32(1)(a)"]
#   remediation:
#     text: Recreate the workspace with hbiWorkspace set to true (it cannot be changed later) and move the assets across.
#     cli: az ml workspace create --name <workspace> --resource-group <rg> --hbi-workspace
#     bicep: |-
#       resource ws 'Microsoft.MachineLearningServices/workspaces@2025-12-01' = {
#         properties: { hbiWorkspace: true }
#       }
#   references:
#     docs: ["https://learn.microsoft.com/azure/machine-learning/concept-data-encryption"]
package amlscan.rules.workspace_high_business_impact

import rego.v1

import data.amlscan.lib

# METADATA
# entrypoint: true
results := verdicts(input)

# The regulated values lower-cased, worked out once per query from the parameters (a rule, not a
# function: rego-cpp computes a rule once, a function on every call).
_hbi_values contains lower(v) if {
	some v in lib.params.regulated_data_values
	is_string(v)
}

verdicts(inp) := _hbi_verdicts(inp, lib.params, _hbi_values)

# The rule with other parameters (tests).
verdicts_with(inp, p) := _hbi_verdicts(inp, p, {lower(v) | some v in p.regulated_data_values; is_string(v)})

# One definition: the judgement when the workspace is readable, else the workspace unknown. (An ok
# workspace section without a resource object gives no verdict, as before.) The regulated-data
# tag is looked up once among the tags with lower-cased names.
_hbi_verdicts(inp, p, regulated_values) := {_hbi_verdict(sec, ws, regulated, hbi, [
	{"path": "properties.hbiWorkspace", "found": hbi, "expected": true},
	{"path": concat("", ["tags.", p.regulated_data_tag]), "found": value, "expected": p.regulated_data_values},
])} if {
	sec := inp.workspace
	sec.status == "ok"
	ws := sec.resource
	is_object(ws)
	hbi := object.get(ws, ["properties", "hbiWorkspace"], null)
	tags := object.get(ws, "tags", {})
	value := object.get({lower(k): v | is_object(tags); some k, v in tags; is_string(k)}, lower(p.regulated_data_tag), null)
	regulated := count({1 | is_string(value); lower(trim_space(value)) in regulated_values}) > 0 # true or false
} else := {lib.workspace_unknown(inp)} if not lib.resource(lib.section(inp, "workspace"))

_hbi_verdict(sec, ws, regulated, hbi, ev) := {
	"status": "pass", "resource_id": ws.id, "resource_type": ws.type, "evidence": ev,
	"message": "The workspace is not tagged as holding regulated data; hbiWorkspace is not required.",
} if {
	not regulated
} else := {
	"status": "unknown", "resource_id": ws.id, "resource_type": ws.type, "evidence": ev,
	"message": "Could not resolve properties.hbiWorkspace.",
} if {
	"properties.hbiWorkspace" in sec.unresolved
} else := {
	"status": "pass", "resource_id": ws.id, "resource_type": ws.type, "evidence": ev,
	"message": "The workspace is tagged as holding regulated data and hbiWorkspace is true.",
} if {
	hbi == true
} else := {
	"status": "fail", "resource_id": ws.id, "resource_type": ws.type, "evidence": ev,
	"message": "The workspace is tagged as holding regulated data but hbiWorkspace is false or absent (service default: false).",
}

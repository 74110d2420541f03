# METADATA
# title: Compute instance shuts down when idle
# description: >-
#   A compute instance left running keeps an authenticated session to the workspace and its data
#   open with nobody at the keyboard: the cloud form of automatic logoff. Passes when
#   idleTimeBeforeShutdown is set (for example PT30M); absent or empty means the service default,
#   no idle shutdown, which fails, as in the Azure Policy built-in and PSRule.
# custom:
#   id: AML-CMP-006
#   severity: low
#   resource_type: Microsoft.MachineLearningServices/workspaces/computes
#   frameworks:
#     hipaa: ["164.312(a)(2)(iii)"]
#     gdpr: ["32(1)(b)"]
#   remediation:
#     text: Set an idle shutdown time on the compute instance.
#     cli: az ml compute update --name <compute> --workspace-name <workspace> --resource-group <rg> --idle-time-before-shutdown-minutes 30
#     bicep: |-
#       resource ci 'Microsoft.MachineLearningServices/workspaces/computes@2025-12-01' = {
#         properties: { computeType: 'ComputeInstance', properties: { idleTimeBeforeShutdown: 'PT30M' } }
#       }
#   references:
#     azure_policy: ["679ddf89-ab8f-48a5-9029-e76054077449"]
#     psrule: ["Azure.ML.ComputeIdleShutdown"]
#     docs: ["https://learn.microsoft.com/azure/machine-learning/how-to-create-compute-instance#configure-idle-shutdown"]
package amlscan.rules.compute_idle_shutdown

import rego.v1

import data.amlscan.lib

# METADATA
# entrypoint: true
results := verdicts(input)

# One definition: the compute instances of an ok section, else the section's unknown. Each idle time
# is read once and passed down (rego-cpp memoises nothing).
verdicts(inp) := {_idle_verdict(c, object.get(c, ["properties", "properties", "idleTimeBeforeShutdown"], null)) |
	is_array(sec.items)
	some c in sec.items
	kind := object.get(c, ["properties", "computeType"], null)
	is_string(kind)
	lower(kind) == "computeinstance"
} if {
	sec := inp.computes
	sec.status == "ok"
} else := {lib.items_unknown(inp, "computes", lib.compute_type)}

_idle_verdict(c, idle) := lib.pass(c, concat("", ["The compute instance shuts down after ", idle, " idle."]), [{"path": "properties.properties.idleTimeBeforeShutdown", "found": idle, "expected": "an ISO 8601 duration such as PT30M"}]) if {
	is_string(idle)
	trim_space(idle) != ""
} else := lib.fail(c, "No idle shutdown is configured (the service default).", [{"path": "properties.properties.idleTimeBeforeShutdown", "found": idle, "expected": "an ISO 8601 duration such as PT30M"}])

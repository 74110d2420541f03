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
package amlscan.rules.compute.idle_shutdown

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.not_collected.computes

results contains lib.could_not_resolve(compute, ["properties.computeType"], lib.kind_evidence(compute, "ComputeInstance")) if some compute in lib.unresolved_kind_computes

results contains lib.could_not_resolve(instance, paths, evidence(instance)) if {
	some instance in instances
	lib.item_unresolved(input.computes, instance, paths)
}

results contains lib.pass(
	instance,
	concat("", ["The compute instance shuts down after ", idle_time(instance), " idle."]),
	evidence(instance),
) if {
	some instance in instances
	not lib.item_unresolved(input.computes, instance, paths)
	lib.nonempty(idle_time(instance))
}

results contains lib.fail(instance, "No idle shutdown is configured (the service default).", evidence(instance)) if {
	some instance in instances
	not lib.item_unresolved(input.computes, instance, paths)
	not lib.nonempty(idle_time(instance))
}

instances contains compute if {
	some compute in lib.items(input.computes)
	lib.compute_kind(compute) == "computeinstance"
}

paths := ["properties.properties.idleTimeBeforeShutdown"]

idle_time(instance) := object.get(instance, ["properties", "properties", "idleTimeBeforeShutdown"], null)

evidence(instance) := [{
	"path": "properties.properties.idleTimeBeforeShutdown",
	"found": idle_time(instance),
	"expected": "an ISO 8601 duration such as PT30M",
}]

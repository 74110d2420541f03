# METADATA
# title: Compute runs in a virtual network or the workspace managed network
# description: >-
#   Compute outside any private network reaches storage, key vault and registry over public
#   endpoints. A compute instance or cluster passes when it is placed in a subnet (properties.subnet.id)
#   or when the workspace's managed network isolates it (isolationMode AllowOnlyApprovedOutbound or
#   AllowInternetOutbound). The Azure Policy built-in and PSRule only look at the subnet and so fail
#   computes in a managed network; this rule passes them, because the managed network is Microsoft's
#   recommended isolation. No subnet is the default.
# custom:
#   id: AML-CMP-003
#   severity: medium
#   resource_type: Microsoft.MachineLearningServices/workspaces/computes
#   frameworks:
#     hipaa: ["164.312(e)(1)"]
#     gdpr: ["25(1)", "32(1)(b)"]
#   remediation:
#     text: Turn on the workspace managed network, or recreate the compute in a subnet of your virtual network.
#     cli: az ml compute create --name <compute> --type AmlCompute --workspace-name <workspace> --resource-group <rg> --vnet-name <vnet> --subnet <subnet>
#   references:
#     azure_policy: ["7804b5c7-01dc-4723-969b-ae300cc07ff1"]
#     psrule: ["Azure.ML.ComputeVnet"]
#     docs: ["https://learn.microsoft.com/azure/machine-learning/how-to-managed-network"]
package amlscan.rules.compute.virtual_network

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.not_collected.computes

results contains lib.could_not_resolve(compute, ["properties.computeType"], lib.kind_evidence(compute, "ComputeInstance or AmlCompute")) if some compute in lib.unresolved_kind_computes

# The subnet decides first: an unresolved one leaves the verdict unknown whatever the workspace says.
results contains lib.could_not_resolve(compute, paths, evidence(compute)) if {
	some compute in judged
	lib.item_unresolved(input.computes, compute, paths)
}

results contains lib.pass(compute, "The compute is in a virtual network subnet.", evidence(compute)) if {
	some compute in resolved
	lib.nonempty(subnet(compute))
}

results contains lib.pass(compute, "The compute is isolated by the workspace managed network.", evidence(compute)) if {
	managed_isolation
	some compute in resolved
	not lib.nonempty(subnet(compute))
}

results contains lib.fail(
	compute,
	"The compute is in no subnet and the workspace has no managed network isolation.",
	evidence(compute),
) if {
	not managed_isolation
	lib.workspace
	some compute in resolved
	not lib.nonempty(subnet(compute))
}

results contains lib.unknown(
	compute,
	"The compute is in no subnet and the workspace could not be read to check its managed network.",
	evidence(compute),
) if {
	not lib.workspace
	some compute in resolved
	not lib.nonempty(subnet(compute))
}

# Compute instances and clusters.
judged contains compute if {
	some compute in lib.items(input.computes)
	lib.compute_kind(compute) in {"computeinstance", "amlcompute"}
}

# Those whose subnet is known.
resolved contains compute if {
	some compute in judged
	not lib.item_unresolved(input.computes, compute, paths)
}

paths := ["properties.properties.subnet.id"]

subnet(compute) := object.get(compute, ["properties", "properties", "subnet", "id"], null)

# The workspace's managed network isolation mode (null when the workspace could not be read).
default isolation_mode := null

isolation_mode := object.get(lib.workspace, ["properties", "managedNetwork", "isolationMode"], null)

managed_isolation if lower(lib.text(isolation_mode)) in {"allowonlyapprovedoutbound", "allowinternetoutbound"}

evidence(compute) := [
	{"path": "properties.properties.subnet.id", "found": subnet(compute), "expected": "a subnet id"},
	{
		"path": "workspace.properties.managedNetwork.isolationMode",
		"found": isolation_mode,
		"expected": "AllowOnlyApprovedOutbound or AllowInternetOutbound",
	},
]

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
package amlscan.rules.compute_virtual_network

import rego.v1

import data.amlscan.lib

results := verdicts(input)

verdicts(inp) := {lib.list_unknown(inp, "computes", lib.compute_type)} if not lib.ok(lib.section(inp, "computes"))

verdicts(inp) := {_cvn_verdict(inp, c, _mode(inp)) |
	some c in lib.items(lib.section(inp, "computes"))
	_judged(c)
} if lib.ok(lib.section(inp, "computes"))

_judged(c) if lib.compute_is(c, "ComputeInstance")

_judged(c) if lib.compute_is(c, "AmlCompute")

_mode(inp) := lib.prop(lib.resource(inp.workspace), ["properties", "managedNetwork", "isolationMode"])

_mode(inp) := null if not lib.resource(inp.workspace)

_managed(mode) if {
	some m in ["AllowOnlyApprovedOutbound", "AllowInternetOutbound"]
	lib.eq_ci(mode, m)
}

# The compute's subnet and the evidence are computed once and passed down, and the branches are an
# else-chain (rego-cpp does not memoise functions).
_cvn_verdict(inp, c, mode) := _cvn_judge(inp, c, subnet, mode, [
	lib.evidence("properties.properties.subnet.id", subnet, "a subnet id"),
	lib.evidence("workspace.properties.managedNetwork.isolationMode", mode, "AllowOnlyApprovedOutbound or AllowInternetOutbound"),
]) if {
	subnet := lib.cprop(c, ["subnet", "id"])
}

_cvn_judge(inp, c, subnet, mode, ev) := lib.pass(c, "The compute is in a virtual network subnet.", ev) if {
	lib.nonempty(subnet)
} else := lib.pass(c, "The compute is isolated by the workspace managed network.", ev) if {
	_managed(mode)
} else := lib.fail(c, "The compute is in no subnet and the workspace has no managed network isolation.", ev) if {
	lib.resource(inp.workspace)
} else := lib.unknown(c.id, c.type, "The compute is in no subnet and the workspace could not be read to check its managed network.", ev)

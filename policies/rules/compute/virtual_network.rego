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

# METADATA
# entrypoint: true
results := verdicts(input)

# One definition: the compute instances and clusters of an ok section, else the section's unknown.
# The workspace is looked at once per workspace and each compute's subnet once (rego-cpp memoises
# nothing). Body values are used in the comprehension's body, not only its head: rego-cpp 1.5.2
# loses a head-only reference to a value derived from another local.
verdicts(inp) := {v |
	is_array(sec.items)
	some c in sec.items
	kind := object.get(c, ["properties", "computeType"], null)
	is_string(kind)
	lower(kind) in {"computeinstance", "amlcompute"}
	subnet := object.get(c, ["properties", "properties", "subnet", "id"], null)
	v := _cvn_verdict(c, subnet, mode, ws_read, [
		{"path": "properties.properties.subnet.id", "found": subnet, "expected": "a subnet id"},
		{"path": "workspace.properties.managedNetwork.isolationMode", "found": mode, "expected": "AllowOnlyApprovedOutbound or AllowInternetOutbound"},
	])
} if {
	sec := inp.computes
	sec.status == "ok"

	# The workspace counts only when it could be read (lib.resource); one comparison, no call.
	ws_read := [object.get(inp, ["workspace", "status"], null), is_object(object.get(inp, ["workspace", "resource"], null))] == ["ok", true]
	mode := _cvn_mode(ws_read, inp)
} else := {lib.items_unknown(inp, "computes", lib.compute_type)}

# The workspace's managed network isolation mode, null when the workspace could not be read.
_cvn_mode(ws_read, inp) := object.get(inp.workspace.resource, ["properties", "managedNetwork", "isolationMode"], null) if {
	ws_read == true
} else := null

_cvn_verdict(c, subnet, mode, ws_read, ev) := lib.pass(c, "The compute is in a virtual network subnet.", ev) if {
	is_string(subnet)
	trim_space(subnet) != ""
} else := lib.pass(c, "The compute is isolated by the workspace managed network.", ev) if {
	is_string(mode)
	lower(mode) in {"allowonlyapprovedoutbound", "allowinternetoutbound"}
} else := lib.fail(c, "The compute is in no subnet and the workspace has no managed network isolation.", ev) if {
	ws_read == true
} else := lib.unknown(c.id, c.type, "The compute is in no subnet and the workspace could not be read to check its managed network.", ev)

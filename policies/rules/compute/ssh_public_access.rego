# METADATA
# title: Compute SSH and remote login ports are not open to the internet
# description: >-
#   An SSH port reachable from the internet invites password and key guessing against nodes that
#   hold patient or personal data. Compute instances fail when sshSettings.sshPublicAccess is
#   Enabled (absent means the service default, Disabled). Compute clusters fail when
#   remoteLoginPortPublicAccess is Enabled, or NotSpecified/absent (the service default) while the
#   cluster is in no subnet, because NotSpecified leaves the port open on clusters outside a virtual
#   network.
# custom:
#   id: AML-CMP-004
#   severity: high
#   resource_type: Microsoft.MachineLearningServices/workspaces/computes
#   frameworks:
#     hipaa: ["164.312(a)(1)", "164.312(e)(1)"]
#     gdpr: ["32(1)(b)"]
#   remediation:
#     text: Recreate the compute with SSH public access disabled (instances) or remoteLoginPortPublicAccess Disabled (clusters).
#     cli: az ml compute create --name <compute> --type AmlCompute --workspace-name <workspace> --resource-group <rg> --remote-login-port-public-access Disabled
#     bicep: |-
#       resource compute 'Microsoft.MachineLearningServices/workspaces/computes@2025-12-01' = {
#         properties: { computeType: 'AmlCompute', properties: { remoteLoginPortPublicAccess: 'Disabled' } }
#       }
#   references:
#     docs: ["https://learn.microsoft.com/azure/machine-learning/how-to-secure-training-vnet"]
package amlscan.rules.compute_ssh_public_access

import rego.v1

import data.amlscan.lib

results := verdicts(input)

verdicts(inp) := {lib.list_unknown(inp, "computes", lib.compute_type)} if not lib.ok(lib.section(inp, "computes"))

verdicts(inp) := {_verdict1(c) |
	some c in lib.items(lib.section(inp, "computes"))
	_judged(c)
} if lib.ok(lib.section(inp, "computes"))

_judged(c) if lib.compute_is(c, "ComputeInstance")

_judged(c) if lib.compute_is(c, "AmlCompute")

_ci_path := "properties.properties.sshSettings.sshPublicAccess"

_cl_path := "properties.properties.remoteLoginPortPublicAccess"

_verdict1(c) := lib.fail(c, "SSH public access is Enabled on the compute instance.", [lib.evidence(_ci_path, lib.cprop(c, ["sshSettings", "sshPublicAccess"]), "Disabled")]) if {
	lib.compute_is(c, "ComputeInstance")
	lib.eq_ci(lib.cprop(c, ["sshSettings", "sshPublicAccess"]), "Enabled")
}

_verdict1(c) := lib.pass(c, "SSH public access is disabled (or absent: the service default, Disabled).", [lib.evidence(_ci_path, lib.cprop(c, ["sshSettings", "sshPublicAccess"]), "Disabled")]) if {
	lib.compute_is(c, "ComputeInstance")
	not lib.eq_ci(lib.cprop(c, ["sshSettings", "sshPublicAccess"]), "Enabled")
}

_cl_ev(c) := [
	lib.evidence(_cl_path, lib.cprop(c, ["remoteLoginPortPublicAccess"]), "Disabled"),
	lib.evidence("properties.properties.subnet.id", lib.cprop(c, ["subnet", "id"]), "a subnet id when NotSpecified"),
]

_verdict1(c) := lib.pass(c, "The remote login port is closed to the public.", _cl_ev(c)) if {
	lib.compute_is(c, "AmlCompute")
	_cluster_closed(c)
}

_verdict1(c) := lib.fail(c, "The remote login (SSH) port of the cluster nodes is open to the public.", _cl_ev(c)) if {
	lib.compute_is(c, "AmlCompute")
	not _cluster_closed(c)
}

_cluster_closed(c) if lib.eq_ci(lib.cprop(c, ["remoteLoginPortPublicAccess"]), "Disabled")

_cluster_closed(c) if {
	not lib.eq_ci(lib.cprop(c, ["remoteLoginPortPublicAccess"]), "Enabled")
	not lib.eq_ci(lib.cprop(c, ["remoteLoginPortPublicAccess"]), "Disabled")
	lib.nonempty(lib.cprop(c, ["subnet", "id"]))
}

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

# METADATA
# entrypoint: true
results := verdicts(input)

# One definition: the compute instances and clusters of an ok section, else the section's unknown.
# The settings are read once per compute and handed to one else-chain (rego-cpp memoises nothing).
verdicts(inp) := {_ssh_verdict(
	c, lower(kind) == "computeinstance",
	object.get(c, ["properties", "properties", "sshSettings", "sshPublicAccess"], null),
	object.get(c, ["properties", "properties", "remoteLoginPortPublicAccess"], null),
	object.get(c, ["properties", "properties", "subnet", "id"], null),
) |
	is_array(sec.items)
	some c in sec.items
	kind := object.get(c, ["properties", "computeType"], null)
	is_string(kind)
	lower(kind) in {"computeinstance", "amlcompute"}
} if {
	sec := inp.computes
	sec.status == "ok"
} else := {lib.items_unknown(inp, "computes", lib.compute_type)}

# A compute instance fails only when SSH public access is Enabled (absent means Disabled). A cluster
# passes when its remote login port is Disabled, or NotSpecified (or absent) in a subnet.
_ssh_verdict(c, instance, ssh, rl, subnet) := lib.fail(c, "SSH public access is Enabled on the compute instance.", [{"path": "properties.properties.sshSettings.sshPublicAccess", "found": ssh, "expected": "Disabled"}]) if {
	instance == true
	is_string(ssh)
	lower(ssh) == "enabled"
} else := lib.pass(c, "SSH public access is disabled (or absent: the service default, Disabled).", [{"path": "properties.properties.sshSettings.sshPublicAccess", "found": ssh, "expected": "Disabled"}]) if {
	instance == true
} else := lib.pass(c, "The remote login port is closed to the public.", _ssh_cluster_ev(rl, subnet)) if {
	_ssh_closed(rl, subnet)
} else := lib.fail(c, "The remote login (SSH) port of the cluster nodes is open to the public.", _ssh_cluster_ev(rl, subnet))

# Closed: Disabled, or NotSpecified (anything but Enabled or Disabled) with the nodes in a subnet.
_ssh_closed(rl, subnet) if {
	is_string(rl)
	lower(rl) == "disabled"
} else := false if {
	is_string(rl)
	lower(rl) == "enabled"
} else if {
	is_string(subnet)
	trim_space(subnet) != ""
} else := false

_ssh_cluster_ev(rl, subnet) := [
	{"path": "properties.properties.remoteLoginPortPublicAccess", "found": rl, "expected": "Disabled"},
	{"path": "properties.properties.subnet.id", "found": subnet, "expected": "a subnet id when NotSpecified"},
]

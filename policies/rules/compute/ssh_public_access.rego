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
package amlscan.rules.compute.ssh_public_access

import data.amlscan.lib

# A compute instance fails only when SSH public access is Enabled (absent means Disabled). A cluster
# passes when its remote login port is Disabled, or NotSpecified (or absent) in a subnet.

# METADATA
# entrypoint: true
results contains lib.not_collected.computes

results contains lib.could_not_resolve(compute, ["properties.computeType"], lib.kind_evidence(compute, "ComputeInstance or AmlCompute")) if some compute in lib.unresolved_kind_computes

results contains lib.could_not_resolve(instance, [ssh_path], instance_evidence(instance)) if {
	some instance in computes.computeinstance
	lib.item_unresolved(input.computes, instance, [ssh_path])
}

results contains lib.fail(instance, "SSH public access is Enabled on the compute instance.", instance_evidence(instance)) if {
	some instance in computes.computeinstance
	not lib.item_unresolved(input.computes, instance, [ssh_path])
	lib.eq_ci(ssh_access(instance), "Enabled")
}

results contains lib.pass(
	instance,
	"SSH public access is disabled (or absent: the service default, Disabled).",
	instance_evidence(instance),
) if {
	some instance in computes.computeinstance
	not lib.item_unresolved(input.computes, instance, [ssh_path])
	not lib.eq_ci(ssh_access(instance), "Enabled")
}

results contains lib.could_not_resolve(cluster, cluster_unresolved(cluster), cluster_evidence(cluster)) if {
	some cluster in computes.amlcompute
}

results contains lib.pass(cluster, "The remote login port is closed to the public.", cluster_evidence(cluster)) if {
	some cluster in computes.amlcompute
	not cluster_unresolved(cluster)
	closed(cluster)
}

results contains lib.fail(
	cluster,
	"The remote login (SSH) port of the cluster nodes is open to the public.",
	cluster_evidence(cluster),
) if {
	some cluster in computes.amlcompute
	not cluster_unresolved(cluster)
	not closed(cluster)
}

# Compute instances and clusters, by kind.
computes[kind] contains compute if {
	some compute in lib.items(input.computes)
	kind := lib.compute_kind(compute)
	kind in {"computeinstance", "amlcompute"}
}

ssh_path := "properties.properties.sshSettings.sshPublicAccess"

remote_login_path := "properties.properties.remoteLoginPortPublicAccess"

subnet_path := "properties.properties.subnet.id"

ssh_access(instance) := object.get(instance, ["properties", "properties", "sshSettings", "sshPublicAccess"], null)

remote_login(cluster) := object.get(cluster, ["properties", "properties", "remoteLoginPortPublicAccess"], null)

subnet(compute) := object.get(compute, ["properties", "properties", "subnet", "id"], null)

# Closed: Disabled, or NotSpecified (anything but Enabled or Disabled) with the nodes in a subnet.
closed(cluster) if lib.eq_ci(remote_login(cluster), "Disabled")

closed(cluster) if {
	not lib.eq_ci(remote_login(cluster), "Enabled")
	lib.nonempty(subnet(cluster))
}

# The unresolved path a cluster's verdict needs: the remote login setting, else the subnet when
# that setting is neither Enabled nor Disabled (the subnet then decides).
cluster_unresolved(cluster) := ["properties.properties.remoteLoginPortPublicAccess"] if {
	lib.item_unresolved(input.computes, cluster, ["properties.properties.remoteLoginPortPublicAccess"])
} else := ["properties.properties.subnet.id"] if {
	not lib.eq_ci(remote_login(cluster), "Enabled")
	not lib.eq_ci(remote_login(cluster), "Disabled")
	lib.item_unresolved(input.computes, cluster, ["properties.properties.subnet.id"])
}

instance_evidence(instance) := [{
	"path": ssh_path,
	"found": ssh_access(instance),
	"expected": "Disabled",
}]

cluster_evidence(cluster) := [
	{"path": remote_login_path, "found": remote_login(cluster), "expected": "Disabled"},
	{"path": subnet_path, "found": subnet(cluster), "expected": "a subnet id when NotSpecified"},
]

# METADATA
# title: Compute instance runs the latest OS image
# description: >-
#   Compute instances do not patch themselves; they must be recreated to get the latest image with
#   its security fixes. Fails when osImageMetadata.isLatestOsImageVersion is false, as the Azure
#   Policy built-in does. When image metadata is absent (not reported) the rule is unknown (Azure
#   Policy treats that as compliant; the scanner does not pass what it cannot see). Compute clusters
#   get a new image when they scale from zero and are not judged.
# custom:
#   id: AML-CMP-005
#   severity: medium
#   resource_type: Microsoft.MachineLearningServices/workspaces/computes
#   frameworks:
#     hipaa: ["164.308(a)(5)(ii)(B)"]
#     gdpr: ["32(1)(b)"]
#   remediation:
#     text: Recreate the compute instance (or set up an image update schedule) to get the latest OS image.
#     cli: az ml compute delete --name <compute> --workspace-name <workspace> --resource-group <rg> && az ml compute create --name <compute> --type ComputeInstance --workspace-name <workspace> --resource-group <rg> --size <vm-size>
#   references:
#     azure_policy: ["f110a506-2dcb-422e-bcea-d533fc8c35e2"]
#     docs: ["https://learn.microsoft.com/azure/machine-learning/concept-vulnerability-management"]
package amlscan.rules.compute_latest_os_image

import rego.v1

import data.amlscan.lib

# METADATA
# entrypoint: true
results := verdicts(input)

# One definition: the compute instances of an ok section, else the section's unknown. Each compute's
# isLatestOsImageVersion is read once and passed down (rego-cpp memoises nothing).
verdicts(inp) := {_osimg_verdict(c, object.get(c, ["properties", "properties", "osImageMetadata", "isLatestOsImageVersion"], null)) |
	is_array(sec.items)
	some c in sec.items
	kind := object.get(c, ["properties", "computeType"], null)
	is_string(kind)
	lower(kind) == "computeinstance"
} if {
	sec := inp.computes
	sec.status == "ok"
} else := {lib.items_unknown(inp, "computes", lib.compute_type)}

_osimg_verdict(c, latest) := lib.pass(c, "The compute instance runs the latest OS image.", [{"path": "properties.properties.osImageMetadata.isLatestOsImageVersion", "found": latest, "expected": true}]) if {
	latest == true
} else := lib.fail(
	c, concat("", [
		"The compute instance runs an outdated OS image (",
		lib.text(object.get(c, ["properties", "properties", "osImageMetadata", "currentImageVersion"], null)), ", latest ",
		lib.text(object.get(c, ["properties", "properties", "osImageMetadata", "latestImageVersion"], null)), ").",
	]),
	[{"path": "properties.properties.osImageMetadata.isLatestOsImageVersion", "found": latest, "expected": true}],
) if {
	latest == false
} else := lib.unknown(c.id, c.type, "The service reported no OS image metadata for the compute instance.", [{"path": "properties.properties.osImageMetadata.isLatestOsImageVersion", "found": latest, "expected": true}])

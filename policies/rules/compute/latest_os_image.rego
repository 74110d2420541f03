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
package amlscan.rules.compute.latest_os_image

import data.amlscan.lib

# METADATA
# entrypoint: true
results contains lib.not_collected.computes

results contains lib.could_not_resolve(compute, ["properties.computeType"], lib.kind_evidence(compute, "ComputeInstance")) if some compute in lib.unresolved_kind_computes

results contains lib.could_not_resolve(instance, paths, evidence(instance)) if {
	some instance in instances
	lib.item_unresolved(input.computes, instance, paths)
}

results contains lib.pass(instance, "The compute instance runs the latest OS image.", evidence(instance)) if {
	some instance in instances
	not lib.item_unresolved(input.computes, instance, paths)
	latest(instance) == true
}

results contains lib.fail(
	instance,
	concat("", [
		"The compute instance runs an outdated OS image (",
		lib.text(object.get(instance, ["properties", "properties", "osImageMetadata", "currentImageVersion"], null)), ", latest ",
		lib.text(object.get(instance, ["properties", "properties", "osImageMetadata", "latestImageVersion"], null)), ").",
	]),
	evidence(instance),
) if {
	some instance in instances
	not lib.item_unresolved(input.computes, instance, paths)
	latest(instance) == false
}

results contains lib.unknown(instance, "The service reported no OS image metadata for the compute instance.", evidence(instance)) if {
	some instance in instances
	not lib.item_unresolved(input.computes, instance, paths)
	not is_boolean(latest(instance))
}

instances contains compute if {
	some compute in lib.items(input.computes)
	lib.compute_kind(compute) == "computeinstance"
}

paths := ["properties.properties.osImageMetadata.isLatestOsImageVersion"]

latest(instance) := object.get(instance, ["properties", "properties", "osImageMetadata", "isLatestOsImageVersion"], null)

evidence(instance) := [{
	"path": "properties.properties.osImageMetadata.isLatestOsImageVersion",
	"found": latest(instance),
	"expected": true,
}]

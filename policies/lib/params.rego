package amlscan.lib

# Parameters from amlscan.yaml (data.amlscan.params) over the documented defaults. The defaults
# repeat `properties.*.default` of scanner/schemas/config/parameters.schema.json (a Python test
# keeps the two equal), so a rule evaluated without a configuration behaves like the CLI.
param_defaults := {
	"allowed_regions": [
		"northeurope", "westeurope", "francecentral", "francesouth", "germanywestcentral",
		"germanynorth", "swedencentral", "swedensouth", "norwayeast", "norwaywest",
		"polandcentral", "italynorth", "spaincentral",
	],
	"min_log_retention_days": 365,
	"max_owners": 3,
	"regulated_data_tag": "data-classification",
	"regulated_data_values": ["phi", "ephi", "pii", "personal", "special-category", "confidential", "restricted"],
	"data_scientist_principal_ids": [],
	"required_tags": ["environment", "cost-center", "data-classification"],
	"environment_tag": "environment",
	"ml_registry_admin_principal_ids": [],
	"central_log_analytics_workspace_id": null,
	"max_key_rotation_days": 730,
	"residency": {"by_tag": null, "by_scope": {}},
}

# One definition with `else`: `not is_object(data.amlscan.params)` as a second one would be
# undefined, not true, without parameters (OPA evaluates the reference before the negation).
params := object.union(param_defaults, given) if {
	# Base data given at evaluation (the bundle's data.json, the engine's data), which Regal cannot
	# see: regal ignore:unresolved-reference
	given := data.amlscan.params
	is_object(given)
} else := param_defaults

# Regulated data (AML-ENC-003, STG-007, ACR-004, IAM-008): a resource whose regulated_data_tag (name
# case-insensitive) holds one of regulated_data_values (case-insensitive, trimmed).
regulated_tag := lower(params.regulated_data_tag)

regulated_values contains lower(value) if {
	some value in params.regulated_data_values
	is_string(value)
}

regulated(resource) if {
	value := object.get(tags_ci(resource), regulated_tag, null)
	is_string(value)
	lower(trim_space(value)) in regulated_values
}

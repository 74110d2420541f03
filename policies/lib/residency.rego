package amlscan.lib

# Data-residency boundary of a region. EU and EFTA regions form the EU Data Boundary; elsewhere the
# Azure geography. Regions not listed have no known boundary (rules report unknown, not a guess).
# Keyed by region so a lookup is one index, not a scan of every geography. Rules that look up many
# regions look each distinct one up once.
region_geography := {
	"northeurope": "eu-data-boundary", "westeurope": "eu-data-boundary", "francecentral": "eu-data-boundary",
	"francesouth": "eu-data-boundary", "germanywestcentral": "eu-data-boundary", "germanynorth": "eu-data-boundary",
	"swedencentral": "eu-data-boundary", "swedensouth": "eu-data-boundary", "norwayeast": "eu-data-boundary",
	"norwaywest": "eu-data-boundary", "switzerlandnorth": "eu-data-boundary", "switzerlandwest": "eu-data-boundary",
	"polandcentral": "eu-data-boundary", "italynorth": "eu-data-boundary", "spaincentral": "eu-data-boundary",
	"austriaeast": "eu-data-boundary", "belgiumcentral": "eu-data-boundary", "denmarkeast": "eu-data-boundary",
	"uksouth": "united-kingdom", "ukwest": "united-kingdom",
	"eastus": "united-states", "eastus2": "united-states", "westus": "united-states", "westus2": "united-states",
	"westus3": "united-states", "centralus": "united-states", "northcentralus": "united-states",
	"southcentralus": "united-states", "westcentralus": "united-states",
	"canadacentral": "canada", "canadaeast": "canada",
	"eastasia": "asia-pacific", "southeastasia": "asia-pacific",
	"australiaeast": "australia", "australiasoutheast": "australia", "australiacentral": "australia",
	"australiacentral2": "australia",
	"japaneast": "japan", "japanwest": "japan",
	"koreacentral": "korea", "koreasouth": "korea",
	"centralindia": "india", "southindia": "india", "westindia": "india",
	"brazilsouth": "brazil", "brazilsoutheast": "brazil",
	"southafricanorth": "south-africa", "southafricawest": "south-africa",
	"uaenorth": "uae", "uaecentral": "uae",
}

# Resources of a workspace entry that hold or process its data, with where they run:
# The sections whose resources hold or process the workspace's data, and so have a location.
placed_sections := ["workspace", "storage_account", "key_vault", "container_registry", "application_insights", "log_analytics_workspace", "cmk_key_vault"]

placed_list_sections := ["computes", "online_endpoints"]

# Where each of those resources runs: {"section", "id", "type", "location" (normalised)}. Global
# ones and those without a string location are left out; a compute's computeLocation, when a
# string, wins over its location.
placed_resources := array.concat(
	[{"section": name, "id": res.id, "type": res.type, "location": location} |
		some name in placed_sections
		section := input[name]
		section.status == "ok"
		res := section.resource
		is_string(res.location)
		location := _region(res.location)
		not location in {"", "global"}
	],
	[{"section": name, "id": item.id, "type": object.get(item, "type", ""), "location": location} |
		some name in placed_list_sections
		section := input[name]
		section.status == "ok"
		is_array(section.items)
		some item in section.items
		raw := _item_location(item)
		is_string(raw)
		location := _region(raw)
		not location in {"", "global"}
	],
)

_region(location) := lower(replace(location, " ", ""))

# A compute's computeLocation when it is a string, else its location.
_item_location(item) := location if {
	location := object.get(item, ["properties", "computeLocation"], null)
	is_string(location)
} else := object.get(item, "location", null)

# Sections whose resources have unknown locations: not collected, or collected with a location the
# snapshot lists as unresolved (IaC: a location built from a parameter without a value).
unplaced_sections contains name if {
	some name in array.concat(placed_sections, placed_list_sections)
	section := input[name]
	not is_null(section)
	not section.status == "ok"
}

unplaced_sections contains name if {
	some name in placed_sections
	section := input[name]
	section.status == "ok"
	is_object(section.resource)
	"location" in object.get(section, "unresolved", [])
}

unplaced_sections contains name if {
	some name in placed_list_sections
	section := input[name]
	section.status == "ok"
	is_array(section.items)
	some i, item in section.items
	some path in _location_paths(item, i)
	path in object.get(section, "unresolved", [])
}

# The paths an item's location comes from: its computeLocation when that is a string, else both
# (an unresolved computeLocation is no string, and the location may stand in for it).
_location_paths(item, i) := [sprintf("items[%d].properties.computeLocation", [i])] if {
	is_string(object.get(item, ["properties", "computeLocation"], null))
} else := [sprintf("items[%d].properties.computeLocation", [i]), sprintf("items[%d].location", [i])]

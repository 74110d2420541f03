package amlscan.lib

# Microsoft Defender for Cloud plans (input.context.subscription.defender_pricings) are set per
# subscription, so a rule judges the plan of each subscription the workspace's data lives in. The
# workspace's context holds only its own subscription's entry: the plans of another subscription are
# unknown, and so is a plan the list does not hold (infrastructure code lists only the plans it
# declares: a plan it does not declare is unknown, never off).

# The lower-cased subscription id of a resource id ("" when it names none).
subscription_of(id) := lower(parts[2]) if {
	is_string(id)
	parts := split(id, "/")
	count(parts) > 2
	lower(parts[1]) == "subscriptions"
} else := ""

# The workspace's subscription entry (null when the snapshot holds none).
context_subscription := field(field(input, "context", null), "subscription", null)

# What the plans are judged from: whether the snapshot holds the workspace's subscription entry, its
# lower-cased id, and its defender_pricings section.
_defender := {
	"entry": is_object(context_subscription),
	"subscription": lower(text(field(context_subscription, "subscription_id", ""))),
	"pricings": field(context_subscription, "defender_pricings", null),
}

# ARM's id of plan `name` in a subscription.
pricing_id(subscription, name) := concat("", ["/subscriptions/", subscription, "/providers/Microsoft.Security/pricings/", name])

_pricing(subscription, name) := {"id": pricing_id(subscription, name), "type": "Microsoft.Security/pricings"}

# The listed plans named `name` (case-insensitive), in list order.
_plans_named(name) := object.get(_plans_by_name, lower(name), [])

# The listed plans by lower-cased name, built once per workspace (rules look plans up many times).
_plans_by_name := {key: [plan | some plan in plans; lower(plan.name) == key] |
	some listed in plans
	key := lower(listed.name)
} if {
	plans := [plan | some plan in items(_defender.pricings); is_string(object.get(plan, "name", null))]
}

# Plan `name` of subscription `subscription` (lower-cased) when the snapshot holds it; undefined
# otherwise, and then defender_unknown says why.
defender_plan(subscription, name) := _plans_named(name)[0] if {
	_defender.entry
	subscription == _defender.subscription
}

# Whether the snapshot holds the plan list of a subscription (its plans can then be looked up by name).
defender_pricings_listed(subscription) if {
	_defender.entry
	subscription == _defender.subscription
	_defender.pricings.status == "ok"
}

# The resource a verdict on a plan names: the listed plan, else the plan's ARM id.
defender_resource(subscription, name) := {"id": nonempty_or(field(plan, "id", null), pricing_id(subscription, name)), "type": "Microsoft.Security/pricings"} if {
	plan := defender_plan(subscription, name)
} else := _pricing(subscription, name)

# The unknown verdict on plan `name` of a subscription whose plan the snapshot does not hold.
defender_unknown(subscription, name) := _plan_unknown(subscription, name, _defender)

_plan_unknown(subscription, name, context) := unknown(
	_pricing(subscription, name),
	concat("", ["The snapshot holds no entry for subscription ", subscription, ": its Defender for Cloud plans are not known."]),
	[{"path": "subscription", "found": null, "expected": "the subscription's entry with defender_pricings"}],
) if {
	not context.entry
} else := unknown(
	_pricing(subscription, name),
	concat("", [
		"The Defender for Cloud plans of subscription ", subscription,
		" are not in this workspace's context, which holds those of its own subscription only.",
	]),
	[{"path": "subscription.subscription_id", "found": context.subscription, "expected": subscription}],
) if {
	subscription != context.subscription
} else := section_unknown(context.pricings, "subscription.defender_pricings", pricing_id(subscription, name), "Microsoft.Security/pricings") if {
	not context.pricings.status == "ok"
} else := unknown(
	_pricing(subscription, name),
	concat("", [
		"The snapshot lists no ", name, " plan for subscription ", subscription,
		" (infrastructure code lists only the plans it declares): whether it is on is not known.",
	]),
	[{"path": concat("", ["subscription.defender_pricings[", name, "]"]), "found": null, "expected": "the plan"}],
) if {
	count(_plans_named(name)) == 0
}

# A plan at the Standard tier (Free, or no tier, is off).
defender_on(plan) if eq_ci(object.get(plan, ["properties", "pricingTier"], null), "Standard")

# An extension of a plan: "on", "off", or "unlisted" (the plan does not list it; infrastructure
# code lists only the extensions it declares). isEnabled is the string 'True' or 'False' in this API.
defender_extension(plan, name) := "on" if {
	some extension in _extensions_named(plan, name)
	_enabled(dig(extension, ["isEnabled"], null))
} else := "off" if {
	count(_extensions_named(plan, name)) > 0
} else := "unlisted"

_extensions_named(plan, name) := [extension |
	some extension in arr(object.get(plan, ["properties", "extensions"], []))
	eq_ci(dig(extension, ["name"], null), name)
]

_enabled(true)

_enabled(value) if eq_ci(value, "true")

# What a verdict on a plan shows of it: its tier, sub-plan and the state of the given extensions.
defender_evidence(subscription, name, extensions) := [{
	"path": concat("", ["subscription.defender_pricings[", name, "]"]),
	"found": object.union(
		{
			"pricingTier": object.get(plan, ["properties", "pricingTier"], null),
			"subPlan": object.get(plan, ["properties", "subPlan"], null),
		},
		{extension: defender_extension(plan, extension) | some extension in extensions},
	),
	"expected": object.union({"pricingTier": "Standard"}, {extension: "on" | some extension in extensions}),
}] if {
	plan := defender_plan(subscription, name)
} else := [{"path": concat("", ["subscription.defender_pricings[", name, "]"]), "found": null, "expected": "the plan"}]

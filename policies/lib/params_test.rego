package amlscan.lib_test

import data.amlscan.lib

test_params_fall_back_to_defaults if {
	lib.params.max_owners == 3
	lib.params.regulated_data_tag == "data-classification"
}

test_params_from_the_configuration_win if {
	p := lib.params with data.amlscan.params as {"max_owners": 1}
	p.max_owners == 1
	p.min_log_retention_days == 365
}

test_regulated_tag_is_case_insensitive if {
	lib.regulated({"tags": {"Data-Classification": " PHI "}})
	not lib.regulated({"tags": {"data-classification": "public"}})
	not lib.regulated({"tags": {"data-classification": 5}})
	not lib.regulated({"tags": null})
}

test_regulated_follows_the_parameters if {
	lib.regulated({"tags": {"Owner": "Finance"}}) with data.amlscan.params as {"regulated_data_tag": "owner", "regulated_data_values": ["FINANCE"]}
}

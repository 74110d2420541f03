"""Infrastructure-as-code inputs (ARM templates, what-if results, Terraform plans) normalised into
snapshot format v1, so the same policies judge planned change and live state alike."""

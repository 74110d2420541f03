"""Evaluation: load the Rego policy bundle, run it on each workspace, turn outputs into results."""

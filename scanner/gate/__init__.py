"""The gate: what an organisation decides about the results, applied to the results document.

Waivers (accepted risks), a baseline (only what is new fails), attestations (a reviewer's word
for manual controls) and the verdict against the `--fail-on` threshold, with the exit code it
gives. Evaluation (scanner/evaluate) says what the rules found; the gate says what CI does with it.
"""

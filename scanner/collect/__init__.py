"""Live collectors: read Azure Machine Learning workspaces and their surroundings through ARM.

Azure SDK imports stay inside functions so that importing this package is cheap.
"""

from scanner.collect.collector import CollectOptions, collect_snapshot, validate_snapshot

__all__ = ["CollectOptions", "collect_snapshot", "validate_snapshot"]

"""amlscan: compliance and governance scanner for Azure Machine Learning workspaces."""

__version__ = "0.1.0"
SCANNER_NAME = "amlscan"

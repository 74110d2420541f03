"""Reports rendered from the results document: JSON, SARIF, HTML, and the rule catalogue."""

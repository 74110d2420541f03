"""The ARM api-version each section is read at (recorded in every section of the snapshot)."""

ML = "2025-12-01"  # workspaces and children: older versions lack managedNetwork, systemDatastoresAuthMode
SUBSCRIPTIONS = "2022-12-01"
AUTHORIZATION = "2022-04-01"  # role assignments and definitions
LOCKS = "2020-05-01"
POLICY = "2023-04-01"  # policy assignments, definitions, set definitions
DIAGNOSTIC_SETTINGS = "2021-05-01-preview"  # newest; there is no stable version
ACTIVITY_LOG_ALERTS = "2020-10-01"
METRIC_ALERTS = "2018-03-01"
STORAGE = "2025-01-01"
KEY_VAULT = "2024-11-01"
CONTAINER_REGISTRY = "2025-04-01"
APP_INSIGHTS = "2020-02-02"
LOG_ANALYTICS = "2025-02-01"
COSMOS_DB = "2024-11-15"  # databaseAccounts: keyVaultKeyUri, publicNetworkAccess, disableLocalAuth, privateEndpointConnections
SEARCH = "2023-11-01"  # searchServices: encryptionWithCmk, publicNetworkAccess, disableLocalAuth
SECURITY_PRICINGS = "2024-01-01"  # Defender for Cloud plans (subPlan, extensions)
# Key Vault keys and secrets (ARM, metadata only) are read at KEY_VAULT: rotationPolicy is in Keys_Get since 2021-06-01-preview.

"""Key lifecycle of a workspace's customer-managed key, read through Resource Manager only.

- `cmk_key`: `GET {keyVaultArmId}/keys/{name}` (Microsoft.KeyVault/vaults/keys), the key named by
  `properties.encryption.keyVaultProperties.keyIdentifier`: `attributes.exp`, `rotationPolicy`.
- `cmk_vault_keys`: `GET {keyVaultArmId}/keys`, every key's metadata (attributes: enabled, exp, nbf...).
- `cmk_vault_secrets`: `GET {keyVaultArmId}/secrets`, every secret's metadata. ARM's secret model
  never carries the value (its `value` is documented as never returned); items are cut down to
  their attributes and content type anyway, and no per-secret GET is ever made.

Nothing here touches the vault's data plane (`*.vault.azure.net`) or any list-keys action.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scanner.collect import apiversions as V
from scanner.collect.arm import ArmClient
from scanner.collect.sections import dependent_failure, failed, list_section, nothing_linked, resource_section
from scanner.snapshot.model import Section
from scanner.snapshot.shapes import key_name, secret_metadata


def _with_vault(section: Section, vault_id: str | None) -> Section:
    section["vault_id"] = vault_id
    return section


def key_lifecycle_sections(
    client: ArmClient, encryption: Any, vault_section: Section, shared: Callable[[str, Callable[[], Section]], Section]
) -> dict[str, Section]:
    """`cmk_key`, `cmk_vault_keys` and `cmk_vault_secrets` for a workspace whose encryption settings
    are `encryption` and whose customer-managed-key vault section is `vault_section`.

    No key vault named: `cmk_key` is nothing linked and both lists are ok and empty with
    `vault_id: null`. A vault that could not be read passes its status on without further requests.
    `shared(key, read)` memoises reads of one vault across workspaces (see workspace._shared)."""
    kv_props = (encryption or {}).get("keyVaultProperties") if isinstance(encryption, dict) else None
    kv_props = kv_props if isinstance(kv_props, dict) else {}
    vault_id = kv_props.get("keyVaultArmId")
    if not isinstance(vault_id, str) or not vault_id.strip():
        note = "the workspace names no customer-managed key vault: nothing to list"
        empty: Section = {"status": "ok", "api_version": V.KEY_VAULT, "items": [], "message": note}
        return {"cmk_key": nothing_linked(V.KEY_VAULT), "cmk_vault_keys": _with_vault(empty.copy(), None),
                "cmk_vault_secrets": _with_vault(empty.copy(), None)}
    vault_id = vault_id.strip()
    if vault_section.get("status") != "ok":
        why = "customer-managed key vault could not be read"
        return {
            "cmk_key": dependent_failure(vault_section, why, V.KEY_VAULT, kind="resource"),
            "cmk_vault_keys": _with_vault(dependent_failure(vault_section, why, V.KEY_VAULT), vault_id),
            "cmk_vault_secrets": _with_vault(dependent_failure(vault_section, why, V.KEY_VAULT), vault_id),
        }
    name = key_name(kv_props.get("keyIdentifier"))
    if name is None:
        key = failed("error", V.KEY_VAULT, f"cannot read a key name from keyIdentifier {kv_props.get('keyIdentifier')!r}",
                     resource_id=None, kind="resource")
    else:
        key_id = f"{vault_id}/keys/{name}"
        key = shared(f"key:{key_id}", lambda: resource_section(client, key_id, V.KEY_VAULT))
    keys = shared(f"keys:{vault_id}", lambda: list_section(client, f"{vault_id}/keys", V.KEY_VAULT))
    if "/microsoft.keyvault/managedhsms/" in vault_id.lower():
        secrets: Section = {"status": "ok", "api_version": V.KEY_VAULT, "items": [], "message": "a managed HSM holds no secrets"}
    else:
        secrets = shared(f"secrets:{vault_id}",
                         lambda: list_section(client, f"{vault_id}/secrets", V.KEY_VAULT, transform=secret_metadata))
    return {"cmk_key": key, "cmk_vault_keys": _with_vault(keys.copy(), vault_id), "cmk_vault_secrets": _with_vault(secrets.copy(), vault_id)}

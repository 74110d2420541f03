"""Older api-version shapes, mapped to the current one where the mapping is unambiguous.

ARM converts between the api-versions of a resource type: a datastore written for
2020-05-01-preview reads back at 2025-12-01 in the current shape. Rules read the current shape, so
a template still written the old way is converted here, before canonical names are applied:

- datastores (2020-05-01-preview): `dataStoreType` `blob` / `adls-gen2` / `file` / `adls` become
  `AzureBlob` / `AzureDataLakeGen2` / `AzureFile` / `AzureDataLakeGen1`; `accountName`,
  `containerName`, `fileSystem`, `shareName`, `storeName`, `storageAccountSubscriptionId` and
  `storageAccountResourceGroup` become their current names; the credentials the old shape holds
  directly in `properties` become `credentials.credentialsType`: an account key -> `AccountKey`, a
  SAS token -> `Sas`, a service principal's client secret -> `ServicePrincipal`, when exactly one
  of them is given (a value known only at deployment counts as given: the template sets it). With
  several candidates, or none, `credentialsType` is unresolved: which one applies is not known. Other
  datastore types (SQL, PostgreSQL, MySQL, DBFS) have no current equivalent and are left as they are.

The credentials themselves are never copied: only their type is kept, as a live collection keeps it.
"""

from __future__ import annotations

from typing import Any

from scanner.iac.iac_resource import IacResource

DATASTORES = "microsoft.machinelearningservices/workspaces/datastores"
OLD_TYPES = {"blob": "AzureBlob", "adls-gen2": "AzureDataLakeGen2", "file": "AzureFile", "adls": "AzureDataLakeGen1"}
RENAMED = {  # old name (lower-cased) -> current name, per current type
    "accountname": "accountName", "containername": "containerName", "filesystem": "filesystem", "sharename": "fileShareName",
    "storename": "storeName", "storageaccountsubscriptionid": "subscriptionId", "storageaccountresourcegroup": "resourceGroup",
    "adlssubscriptionid": "subscriptionId", "adlsresourcegroup": "resourceGroup", "endpoint": "endpoint", "protocol": "protocol",
    "description": "description",
}
CREDENTIALS = (("accountkey", "AccountKey"), ("sastoken", "Sas"), ("clientsecret", "ServicePrincipal"))
DROPPED = {"accountkey", "sastoken", "clientsecret", "clientid", "tenantid", "authorityurl", "resourceurl", "password",
           "username", "userid", "skipvalidation", "includesecret", "enforcessl", "workspacesystemassignedidentity"}


def _old_datastore(props: dict[str, Any]) -> str | None:
    """The old `dataStoreType` value when `props` is in the 2020-05-01-preview shape."""
    if any(isinstance(k, str) and k.lower() == "credentials" for k in props):
        return None
    kind = next((v for k, v in props.items() if isinstance(k, str) and k.lower() == "datastoretype"), None)
    return kind.lower() if isinstance(kind, str) and kind.lower() in OLD_TYPES else None


def upgrade(res: IacResource) -> None:
    """Rewrite `res` in place when it is a datastore in the 2020-05-01-preview shape."""
    props = res.resource.get("properties")
    if res.type != DATASTORES or not isinstance(props, dict):
        return
    old = _old_datastore(props)
    if old is None:
        return
    keys = {k.lower(): k for k in props if isinstance(k, str)}
    unresolved = {p.split(".")[1].lower() for p in res.unresolved if p.startswith("properties.") and p.count(".") >= 1}
    given = [kind for low, kind in CREDENTIALS if low in keys and (props[keys[low]] is not None or low in unresolved)]
    new: dict[str, Any] = {"datastoreType": OLD_TYPES[old]}
    moved: dict[str, str] = {}
    for low, name in RENAMED.items():
        if low in keys:
            new[name] = props[keys[low]]
            moved[keys[low]] = name
    paths = {f"properties.{old_name}": f"properties.{name}" for old_name, name in moved.items()}
    still = [paths.get(p, p) for p in res.unresolved
             if not (p.startswith("properties.") and p.count(".") >= 1 and p.split(".")[1].lower() in DROPPED | {"datastoretype"})]
    if len(given) == 1:
        new["credentials"] = {"credentialsType": given[0]}
        chosen = next(keys[low] for low, kind in CREDENTIALS if kind == given[0])
        paths[f"properties.{chosen}"] = "properties.credentials.credentialsType"  # SARIF points at the old key's line
    else:
        # several candidates (which one is given, or whether it is null, is known only at deployment),
        # or none (the old API then fell back on an identity the template does not say): not known
        new["credentials"] = {"credentialsType": None}
        still.append("properties.credentials.credentialsType")
    rest = {k: v for k, v in props.items() if isinstance(k, str) and k.lower() not in RENAMED and k.lower() not in DROPPED
            and k.lower() != "datastoretype"}
    res.resource["properties"] = {**rest, **new}
    res.unresolved = still
    if res.location and isinstance(res.location.get("properties"), dict):
        lines = res.location["properties"]
        res.location = {**res.location, "properties": {paths.get(p, p): line for p, line in lines.items()}}

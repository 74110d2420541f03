"""Azure clouds: Resource Manager endpoint, token audience and sign-in authority per cloud."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from scanner.errors import UsageError


@dataclass(frozen=True)
class Cloud:
    name: str
    arm_endpoint: str
    """Resource Manager base URL, no trailing slash."""
    audience: str
    """Token audience; the OAuth scope is `<audience>/.default`."""
    authority_host: str

    @property
    def scope(self) -> str:
        return self.audience.rstrip("/") + "/.default"


CLOUDS: dict[str, Cloud] = {
    "AzureCloud": Cloud(
        "AzureCloud", "https://management.azure.com", "https://management.azure.com", "https://login.microsoftonline.com"
    ),
    "AzureUSGovernment": Cloud(
        "AzureUSGovernment",
        "https://management.usgovcloudapi.net",
        "https://management.usgovcloudapi.net",
        "https://login.microsoftonline.us",
    ),
    "AzureChinaCloud": Cloud(
        "AzureChinaCloud",
        "https://management.chinacloudapi.cn",
        "https://management.chinacloudapi.cn",
        "https://login.chinacloudapi.cn",
    ),
}


def resolve_cloud(name: str, arm_endpoint: str | None = None) -> Cloud:
    """The cloud named `name`, with its Resource Manager endpoint replaced by `arm_endpoint` if given.

    The token audience stays the cloud's: a custom endpoint is a proxy or a sovereign front of the
    same cloud, and tokens are still issued for its Resource Manager audience.
    """
    try:
        cloud = CLOUDS[name]
    except KeyError:
        raise UsageError(f"unknown cloud {name!r}; choose one of {', '.join(CLOUDS)}") from None
    if not arm_endpoint:
        return cloud
    parts = urlsplit(arm_endpoint)
    if parts.scheme != "https" or not parts.netloc:
        raise UsageError(f"--arm-endpoint must be an https:// URL, got {arm_endpoint!r}")
    if parts.query or parts.fragment:
        raise UsageError("--arm-endpoint must not carry a query or fragment")
    endpoint = f"https://{parts.netloc}{parts.path.rstrip('/')}"
    return Cloud(cloud.name, endpoint, cloud.audience, cloud.authority_host)

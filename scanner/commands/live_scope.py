"""The live scope, sign-in and cloud flags `collect` and `scan` share, and the CollectOptions they make."""

from __future__ import annotations

import argparse

from scanner.collect.collector import SCOPE_OPTIONS, CollectOptions

AUTH_CHOICES = ("default", "cli", "managed-identity", "workload-identity", "service-principal-env", "token")
CLOUD_CHOICES = ("AzureCloud", "AzureUSGovernment", "AzureChinaCloud")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("must be positive")
    return value


def _non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must not be negative")
    return value


def add_live_scope_arguments(parser: argparse.ArgumentParser) -> None:
    """Scope, sign-in and cloud options shared by `collect` and `scan` (live mode)."""
    scope = parser.add_argument_group("live scope")
    scope.add_argument("--subscription", dest="subscriptions", action="append", default=[], metavar="ID",
                       help="subscription id to collect (repeatable)")
    scope.add_argument("--all-subscriptions", action="store_true",
                       help="collect every subscription the identity can read")
    scope.add_argument("--resource-group", metavar="NAME", help="only workspaces in this resource group")
    scope.add_argument("--workspace", metavar="NAME", help="only the workspace with this name")
    scope.add_argument("--discovery", choices=("arm", "resource-graph"), default="arm",
                       help="how workspaces are found: ARM list calls per subscription (default), or Azure Resource Graph queries across subscriptions")
    scope.add_argument("--max-workers", type=_positive_int, default=4, metavar="N",
                       help="workspaces collected in parallel (default 4)")
    scope.add_argument("--timeout", type=_positive_float, default=30.0, metavar="SECONDS",
                       help="per request attempt: the most time until the response headers arrive, and again for the whole body (default 30)")
    scope.add_argument("--max-time", type=_positive_float, default=21600.0, metavar="SECONDS",
                       help="the whole collection's time limit; past it no request is sent and the sections not read record why (default 21600, 6 hours)")
    scope.add_argument("--max-retries", type=_non_negative_int, default=4, metavar="N",
                       help="retries per request on throttling (429, honouring Retry-After), 5xx and connection errors (default 4)")
    auth = parser.add_argument_group("sign-in and cloud")
    auth.add_argument("--auth", choices=AUTH_CHOICES, default="default",
                      help="credential: default (DefaultAzureCredential), cli, managed-identity, workload-identity, "
                           "service-principal-env (AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET), "
                           "token (bearer token in AMLSCAN_ARM_TOKEN)")
    auth.add_argument("--cloud", choices=CLOUD_CHOICES, default="AzureCloud", help="Azure cloud (default AzureCloud)")
    auth.add_argument("--arm-endpoint", metavar="URL", help="custom Resource Manager endpoint (https://...)")
    auth.add_argument("--ca-bundle", metavar="FILE", help="PEM file of CA certificates to trust for the Resource Manager endpoint")


def collect_options(args: argparse.Namespace) -> CollectOptions:
    """CollectOptions from the live scope flags (of `collect`, and of `scan` in live mode)."""
    return CollectOptions(**{name: getattr(args, name) for name in SCOPE_OPTIONS})

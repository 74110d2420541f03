"""A failed Azure sign-in as one clear paragraph: what was tried, what to run.

azure-identity explains a failure twice over: it logs a warning through `logging` (printed on stderr
when nothing else handles it) and puts the same text, one line per credential it tried, into the
exception. Collection turns that exception into "sign-in failed: <SDK text>". Here the SDK's log
is silenced while collecting and that error is rewritten into a paragraph that names the sign-in
mode, what it tried and the command that fixes it; the SDK's own reason is kept in one line.
"""

from __future__ import annotations

import logging
import re
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager

from scanner.errors import RuntimeFailure

SIGN_IN_FAILED = "sign-in failed"

TRIED = {
    "default": "DefaultAzureCredential, which tries in turn environment variables (AZURE_TENANT_ID, AZURE_CLIENT_ID, "
               "AZURE_CLIENT_SECRET), workload identity, a managed identity, the Azure CLI, Azure PowerShell and the Azure Developer CLI",
    "cli": "the account the Azure CLI is signed in with (`az account get-access-token`)",
    "managed-identity": "the managed identity of this machine (AZURE_CLIENT_ID picks a user-assigned one)",
    "workload-identity": "workload identity federation from AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_FEDERATED_TOKEN_FILE",
    "service-principal-env": "a service principal from AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH)",
    "token": "the bearer token in AMLSCAN_ARM_TOKEN",
}
FIX = {
    "default": "Run `az login` (then `az account set --subscription ID`) and run amlscan again; in CI, sign in first "
               "(GitHub: azure/login with OIDC; Azure DevOps: an AzureCLI@2 task) or choose a sign-in with --auth "
               "(managed-identity, workload-identity, service-principal-env, token).",
    "cli": "Install the Azure CLI if it is missing, run `az login` (then `az account set --subscription ID`) and run amlscan again.",
    "managed-identity": "Run amlscan on an Azure resource with a managed identity that has Reader on the scope (docs/permissions.md), "
                        "or choose another sign-in with --auth.",
    "workload-identity": "Set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_FEDERATED_TOKEN_FILE (Kubernetes workload identity sets them), "
                         "or in GitHub Actions sign in with azure/login (OIDC) and use --auth cli.",
    "service-principal-env": "Set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET for a service principal with Reader on the scope, "
                             "or prefer a secret-free sign-in (--auth cli after azure/login, managed-identity, workload-identity).",
    "token": "Put a current Resource Manager token in AMLSCAN_ARM_TOKEN (`az account get-access-token --query accessToken -o tsv`).",
}


def reason(detail: str, auth: str) -> str:
    """The SDK's reason in one line: for the default chain, what the Azure CLI said (the usual fix)."""
    lines = [line.strip() for line in detail.splitlines() if line.strip()]
    if auth == "default":
        cli = next((line for line in lines if line.startswith("AzureCliCredential:")), None)
        if cli:
            return cli
    first = lines[0] if lines else "no reason given"
    return re.sub(r"\s*(Visit|See|To mitigate).*$", "", first)


def paragraph(auth: str, detail: str) -> str:
    text = (f"sign-in to Azure failed (--auth {auth}). Tried {TRIED.get(auth, auth)}: none gave a token "
            f"(the Azure SDK said: {reason(detail, auth)}). {FIX.get(auth, FIX['default'])}")
    prefix = " " * len("amlscan: error: ")  # printed before the first line (scanner/cli.py)
    return "\n".join(textwrap.wrap(text, 100, initial_indent=prefix, subsequent_indent="  ")).removeprefix(prefix)


@contextmanager
def clear_sign_in_errors(auth: str) -> Iterator[None]:
    """Silence azure-identity's log while collecting; turn a sign-in failure into one paragraph."""
    logger = logging.getLogger("azure.identity")
    saved = (logger.level, logger.propagate)
    handler = logging.NullHandler()
    logger.addHandler(handler)
    logger.propagate = False  # no lastResort printing of the same failure on stderr
    try:
        yield
    except RuntimeFailure as exc:
        if not str(exc).startswith(SIGN_IN_FAILED):
            raise
        raise RuntimeFailure(paragraph(auth, str(exc)[len(SIGN_IN_FAILED) + 1:].strip())) from None
    except ValueError as exc:  # a credential refusing its configuration when built (workload identity)
        if "authentication unavailable" not in str(exc):
            raise
        raise RuntimeFailure(paragraph(auth, str(exc))) from None
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]

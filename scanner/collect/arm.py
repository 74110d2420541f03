"""Raw, read-only Resource Manager access on top of azure-mgmt-core's ARM pipeline.

Every GET goes through `ARMPipelineClient.send_request` with the same policies an azure-mgmt
client uses (bearer token with ARM challenge handling, retries honouring Retry-After, bounded
backoff on 5xx and connection resets, per-request timeouts) minus two: no automatic
resource-provider registration (it POSTs `register`, a write) and no redirect following.
A `ReadOnlyPolicy` refuses anything but GET, and POST to the Resource Graph query API.

Responses are kept as the raw JSON ARM sent: nothing goes through SDK models.
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar, cast
from urllib.parse import urlsplit

from scanner import __version__

if TYPE_CHECKING:
    from azure.core.pipeline import PipelineRequest, PipelineResponse
    from azure.core.pipeline.policies import HTTPPolicy, RetryPolicy, SansIOHTTPPolicy

# azure-core's pipeline policies are generic over the transport's request and response types;
# amlscan's policies work with any transport, so they take them as Any.

GET = "GET"
# Any list* action naming keys, secrets, credentials, connection strings or SAS (listKeys,
# listStorageAccountKeys, listNotebookKeys, listWorkspaceSecrets, listAccountSas...), any
# regenerate*, and the bare `list` action (app settings and similar return secrets through it).
_FORBIDDEN_PATH = re.compile(r"/(list\w*(keys|secrets|credentials|connectionstrings|sas)|regenerate\w*|list)(\?|/|$)", re.I)
_RESOURCE_GRAPH_PATH = re.compile(r"^/providers/microsoft\.resourcegraph/resources/?$", re.I)
MAX_PAGES = 1000
T = TypeVar("T")


class ArmError(Exception):
    """A failed ARM call, already classified into a section status."""

    def __init__(self, status: str, message: str, http_status: int | None = None) -> None:
        super().__init__(message)
        self.status = status  # forbidden | not_found | error
        self.message = message
        self.http_status = http_status


class FatalCollectError(Exception):
    """Sign-in failed or the endpoint is unusable: no point in carrying on."""


class WriteAttemptError(Exception):
    """Raised by ReadOnlyPolicy: a request that is not provably read-only was about to be sent."""


def is_allowed_request(method: str, path: str) -> bool:
    if _FORBIDDEN_PATH.search(path):
        return False
    if method.upper() == GET:
        return True
    return method.upper() == "POST" and bool(_RESOURCE_GRAPH_PATH.match(path))


def _read_only_policy() -> SansIOHTTPPolicy[Any, Any]:
    from azure.core.pipeline.policies import SansIOHTTPPolicy

    class ReadOnlyPolicy(SansIOHTTPPolicy[Any, Any]):
        def on_request(self, request: PipelineRequest[Any]) -> None:
            http = request.http_request
            if not is_allowed_request(http.method, urlsplit(http.url).path):
                raise WriteAttemptError(f"refusing {http.method} {urlsplit(http.url).path}: amlscan is read-only")

    return ReadOnlyPolicy()


@dataclass
class ArmSettings:
    endpoint: str
    scope: str
    ca_bundle: str | None = None
    timeout: float = 30.0  # per attempt: until the response headers, and again for the body
    max_retries: int = 4
    backoff_factor: float = 0.8
    backoff_max: float = 60.0
    pool_size: int = 10


MAX_RETRY_AFTER = 120.0
# The largest response body read (an ARM list page is a few MB at most); a larger one is an error
# on its section, read no further. docs/collect.md#limits.
MAX_RESPONSE_BYTES = 64 << 20


def _capped_retry_policy(settings: ArmSettings) -> RetryPolicy[Any, Any]:
    """azure-core's RetryPolicy (Retry-After honoured on 429/503), with Retry-After capped so a
    misbehaving endpoint cannot park a worker for an hour."""
    from azure.core.pipeline.policies import RetryPolicy

    class CappedRetryPolicy(RetryPolicy[Any, Any]):
        def get_retry_after(self, response: PipelineResponse[Any, Any]) -> float | None:
            value = super().get_retry_after(response)
            return None if value is None else min(value, MAX_RETRY_AFTER)

    return CappedRetryPolicy(
        retry_total=settings.max_retries,
        retry_connect=settings.max_retries,
        retry_read=settings.max_retries,
        retry_status=settings.max_retries,
        retry_backoff_factor=settings.backoff_factor,
        retry_backoff_max=settings.backoff_max,
    )


def run_with_deadline(call: Callable[[], T], seconds: float, on_expiry: Callable[[], None] | None = None) -> tuple[bool, T | None]:
    """(True, result) when `call` returns (or raises) within `seconds`, else (False, None).

    The socket reads of the transport are each bounded by the timeout, but a server that sends a
    byte at a time never lets one expire: the call runs in a daemon thread, and at the deadline it
    is abandoned (`on_expiry` shuts its socket down when it has one)."""
    outcome: list[Any] = []

    def attempt() -> None:
        try:
            outcome.append((True, call()))
        except BaseException as exc:  # handed back to the caller's thread
            outcome.append((False, exc))

    thread = threading.Thread(target=attempt, name="amlscan-request", daemon=True)
    thread.start()
    thread.join(max(0.0, seconds))
    if not outcome:
        if on_expiry is not None:
            on_expiry()
        return False, None
    ok, value = outcome[0]
    if not ok:
        raise value
    return True, cast(T, value)  # what `call` returned


def _attempt_deadline_policy(settings: ArmSettings) -> HTTPPolicy[Any, Any]:
    """Per attempt (inside the retry policy): the response headers must arrive within the timeout."""
    from azure.core.exceptions import ServiceResponseError
    from azure.core.pipeline.policies import HTTPPolicy

    class AttemptDeadlinePolicy(HTTPPolicy[Any, Any]):
        def send(self, request: PipelineRequest[Any]) -> PipelineResponse[Any, Any]:
            done, response = run_with_deadline(lambda: self.next.send(request), settings.timeout)
            if not done or response is None:  # a read error to the retry policy: retried like a timeout
                raise ServiceResponseError(f"no response within {settings.timeout:g} s")
            return response

    return AttemptDeadlinePolicy()


def build_policies(credential: Any, settings: ArmSettings) -> list[Any]:
    from azure.core.pipeline import policies
    from azure.mgmt.core.policies import ARMChallengeAuthenticationPolicy

    return [
        _read_only_policy(),
        policies.RequestIdPolicy(),
        policies.HeadersPolicy({"Accept": "application/json"}),
        policies.UserAgentPolicy(base_user_agent=f"amlscan/{__version__}"),
        policies.ProxyPolicy(),
        _capped_retry_policy(settings),
        ARMChallengeAuthenticationPolicy(credential, settings.scope),
        _attempt_deadline_policy(settings),
    ]


def build_transport(settings: ArmSettings) -> Any:
    import requests
    from azure.core.pipeline.transport import RequestsTransport

    session = requests.Session()
    adapter = requests.adapters.HTTPAdapter(pool_connections=4, pool_maxsize=max(10, settings.pool_size))
    session.mount("https://", adapter)
    return RequestsTransport(
        session=session,
        session_owner=True,
        connection_verify=settings.ca_bundle or True,
        connection_timeout=settings.timeout,
        read_timeout=settings.timeout,
    )


def _error_message(status: int, text: str) -> str:
    try:
        body = json.loads(text)
        err = body.get("error", body) if isinstance(body, dict) else {}
        code, msg = err.get("code"), err.get("message")
        if code or msg:
            return f"{code or 'Error'}: {msg or ''}".strip()
    except (ValueError, AttributeError):
        pass
    return f"HTTP {status}: {text[:200]}".strip()


@dataclass
class ArmClient:
    """GET-only ARM access: one pipeline, shared by all worker threads."""

    settings: ArmSettings
    credential: Any
    on_request: Callable[[str], None] | None = None
    _pipeline: Any = field(default=None, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    request_count: int = field(default=0, init=False)
    deadline: float | None = None  # time.monotonic() after which no request is sent (--max-time)

    def __post_init__(self) -> None:
        from azure.mgmt.core import ARMPipelineClient

        self._policies = build_policies(self.credential, self.settings)
        self._transport = build_transport(self.settings)
        self._pipeline = ARMPipelineClient(
            base_url=self.settings.endpoint, policies=self._policies, transport=self._transport
        )
        self._host = urlsplit(self.settings.endpoint).netloc.lower()

    def close(self) -> None:
        self._pipeline.close()

    def _url(self, path_or_url: str) -> str:
        if path_or_url.startswith(("https://", "http://")):
            parts = urlsplit(path_or_url)
            if parts.scheme != "https" or parts.netloc.lower() != self._host:
                # never send our bearer token to another host
                raise ArmError("error", f"refusing to follow a link off the Resource Manager endpoint: {parts.scheme}://{parts.netloc}")
            return path_or_url
        if not path_or_url.startswith("/"):
            path_or_url = "/" + path_or_url
        return self.settings.endpoint + path_or_url

    def get_json(self, path_or_url: str, api_version: str | None = None, params: dict[str, str] | None = None) -> Any:
        """GET and parse JSON. Raises ArmError classified as forbidden / not_found / error."""
        from azure.core.exceptions import (
            ClientAuthenticationError,
            HttpResponseError,
            ServiceRequestError,
            ServiceResponseError,
        )
        from azure.core.rest import HttpRequest

        url = self._url(path_or_url)
        query: dict[str, str] = dict(params or {})
        if api_version and "api-version=" not in url:
            query["api-version"] = api_version
        request = HttpRequest(GET, url, params=query)
        if self.deadline is not None and time.monotonic() >= self.deadline:
            raise ArmError("error", "not requested: the collection's time limit (--max-time) was reached")
        with self._lock:
            self.request_count += 1
        try:
            response = self._pipeline.send_request(request, stream=True)
        except ClientAuthenticationError as exc:
            if exc.response is None:
                raise FatalCollectError(f"sign-in failed: {exc.message}") from None
            raise ArmError("forbidden", _error_message(exc.status_code or 401, exc.response.text()), exc.status_code) from None
        except ServiceResponseError as exc:
            raise ArmError("error", f"no usable response (timeout or connection reset) after retries: {type(exc).__name__}") from None
        except ServiceRequestError as exc:
            raise ArmError("error", f"request failed after retries: {type(exc).__name__}: {exc}") from None
        except HttpResponseError as exc:
            raise ArmError("error", f"{type(exc).__name__}: {exc.message}") from None
        status = response.status_code
        text = self._body(response)
        if status in (401, 403):
            raise ArmError("forbidden", _error_message(status, text), status)
        if status == 404:
            raise ArmError("not_found", _error_message(status, text), status)
        if status == 429:
            raise ArmError("error", "throttled past the retry budget: " + _error_message(status, text), status)
        if status >= 300:
            raise ArmError("error", _error_message(status, text), status)
        try:
            return json.loads(text)
        except ValueError as exc:
            raise ArmError("error", f"malformed JSON response from Resource Manager: {exc}", status) from None

    def _body(self, response: Any) -> str:
        """The response body, read within the timeout and up to MAX_RESPONSE_BYTES."""
        limit = MAX_RESPONSE_BYTES

        def read() -> bytes:
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise ArmError("error", f"response larger than {limit:,} bytes; not read (docs/collect.md#limits)", response.status_code)
                chunks.append(chunk)
            return b"".join(chunks)

        def shut() -> None:
            raw = getattr(getattr(response, "internal_response", None), "raw", None)
            with contextlib.suppress(Exception):
                if raw is not None and hasattr(raw, "shutdown"):
                    raw.shutdown()
                else:
                    response.close()

        seconds = self.settings.timeout
        if self.deadline is not None:
            seconds = min(seconds, max(0.0, self.deadline - time.monotonic()))
        try:
            done, body = run_with_deadline(read, seconds, on_expiry=shut)
        except ArmError:
            shut()
            raise
        except Exception as exc:  # the connection dropped while the body was read
            raise ArmError("error", f"no usable response (connection reset while reading): {type(exc).__name__}") from None
        if not done or body is None:
            raise ArmError("error", f"the response was not complete within {seconds:g} s (--timeout); not read")
        return body.decode("utf-8", errors="replace")

    def list_items(
        self, path: str, api_version: str, params: dict[str, str] | None = None
    ) -> tuple[list[Any], str | None]:
        """All items of a list operation, following nextLink; stops on a cycle.

        Returns (items, note); note says why paging stopped early, else None.
        """
        items: list[Any] = []
        seen: set[str] = set()
        next_url: str | None = None
        page = 0
        while True:
            body = self.get_json(next_url or path, api_version, None if next_url else params)
            page += 1
            if body == {}:  # an empty object: nothing to list
                body = {"value": []}
            if not isinstance(body, dict) or not isinstance(body.get("value"), list):
                raise ArmError("error", "malformed list response from Resource Manager: no 'value' array")
            items.extend(body.get("value", []))
            link = body.get("nextLink")
            if not link:
                return items, None
            key = link.strip().lower()
            if key in seen or (next_url and key == next_url.lower()):
                return _dedupe(items), f"nextLink cycle after {page} pages; stopped paging"
            if page >= MAX_PAGES:
                return items, f"stopped after {MAX_PAGES} pages"
            seen.add(key)
            next_url = link


def _dedupe(items: list[Any]) -> list[Any]:
    """Drop repeated items (by lower-cased id) that a paging cycle served twice."""
    out, ids = [], set()
    for item in items:
        key = item.get("id", "").lower() if isinstance(item, dict) and isinstance(item.get("id"), str) else None
        if key is not None:
            if key in ids:
                continue
            ids.add(key)
        out.append(item)
    return out

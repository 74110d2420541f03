"""Bounded collection (issue 15): a request's total time, the collection's time and a response's
size are limited, against the loopback replay server with real Azure SDK clients."""

from __future__ import annotations

import time

import pytest

from scanner.collect import arm
from scanner.collect.arm import ArmClient, ArmError, ArmSettings
from scanner.collect.auth import StaticTokenCredential
from tests.collect.conftest import ARM_TOKEN
from tests.collect.replay import Response

PATH = "/subscriptions/00000000-0000-0000-0000-00000000dead/resourcegroups/slow"


def _client(server, ca_bundle, timeout: float = 1.0) -> ArmClient:
    return ArmClient(ArmSettings(server.base, "https://management.azure.com/.default", str(ca_bundle), timeout, 0), StaticTokenCredential(ARM_TOKEN))


def test_a_body_sent_a_byte_at_a_time_is_abandoned_at_the_timeout(clean_replay, ca_bundle) -> None:
    clean_replay.tenant.add(PATH, Response(200, {"value": ["x" * 200]}, drip=0.05))  # ~11 s to send in full
    client = _client(clean_replay, ca_bundle, timeout=1.0)
    started = time.monotonic()
    try:
        with pytest.raises(ArmError, match=r"not complete within 1 s \(--timeout\)"):
            client.get_json(PATH, "2022-01-01")
    finally:
        client.close()
    assert time.monotonic() - started < 4


def test_a_response_over_the_size_cap_is_an_error_not_read(clean_replay, ca_bundle, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(arm, "MAX_RESPONSE_BYTES", 1 << 20)
    clean_replay.tenant.add(PATH, Response(200, {"value": ["x" * 1000] * 3000}))
    client = _client(clean_replay, ca_bundle, timeout=10.0)
    try:
        with pytest.raises(ArmError, match=r"response larger than 1,048,576 bytes; not read"):
            client.get_json(PATH, "2022-01-01")
        clean_replay.tenant.add(PATH, Response(200, {"value": ["x" * 1000] * 100}))
        assert len(client.get_json(PATH, "2022-01-01")["value"]) == 100
    finally:
        client.close()


def test_past_the_collection_deadline_nothing_is_requested(clean_replay, ca_bundle) -> None:
    client = _client(clean_replay, ca_bundle)
    client.deadline = time.monotonic() - 1
    try:
        with pytest.raises(ArmError, match=r"time limit \(--max-time\) was reached"):
            client.get_json(PATH, "2022-01-01")
    finally:
        client.close()
    assert clean_replay.tenant.seen == []

"""ARM's throttling model for the replay server (opt-in: the benchmark turns it on)."""

from __future__ import annotations

import threading
import time


class TokenBuckets:
    """ARM's throttling model (opt-in, for the benchmark): one token bucket per subscription
    (requests outside a subscription share one), `burst` tokens, refilled at `rate` per second."""

    def __init__(self, burst: float = 250, rate: float = 25) -> None:
        self.burst, self.rate = burst, rate
        self.state: dict[str, tuple[float, float]] = {}  # key -> (tokens, at)
        self.lock = threading.Lock()

    @staticmethod
    def key(path: str) -> str:
        parts = path.split("/")
        return parts[2].lower() if len(parts) > 2 and parts[1].lower() == "subscriptions" else "tenant"

    def take(self, path: str) -> float:
        """0 when the request may pass (a token is taken), else seconds until a token is free."""
        key, now = self.key(path), time.monotonic()
        with self.lock:
            tokens, at = self.state.get(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - at) * self.rate)
            if tokens >= 1:
                self.state[key] = (tokens - 1, now)
                return 0.0
            self.state[key] = (tokens, now)
            return (1 - tokens) / self.rate

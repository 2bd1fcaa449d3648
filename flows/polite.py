"""arXiv asks for at most one request every 3 seconds.

Every request to arXiv is made from the flow's own process (workers only parse), so one
limiter per kind of request in this process holds the rate whatever the parallelism.
"""

from __future__ import annotations

import threading
import time


class RateLimiter:
    """At most one request per `delay` seconds from this process, across threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last = float("-inf")

    def wait(self, delay: float) -> None:
        with self._lock:
            pause = self._last + delay - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            self._last = time.monotonic()


API_REQUESTS = RateLimiter()   # export.arxiv.org/api/query
PDF_REQUESTS = RateLimiter()   # arxiv.org/pdf/...

"""Intune's request limits (docs/graph-beta-facts.md s5, throttling-intune-device-intent.md), scaled down so that tests meet them.

| request type          | per tenant, all apps | per app |
| POST/PUT/PATCH/DELETE | 200 / 20 s           | 100 / 20 s |
| any                   | 2000 / 20 s          | 1000 / 20 s |

Each count is divided by the ``throttle_scale`` config key (0: no limits, the default) and the window is
``throttle_window_s`` seconds (20 by default). The windows slide: a request is admitted when every limit that
applies to it has fewer admitted requests in the last window than its count. Refused requests are not counted, so
a client that waits as told gets through.
"""
import collections
import math
import threading
import time

WRITE_METHODS = frozenset(('POST', 'PUT', 'PATCH', 'DELETE'))
# (name, writes only?, per app?, requests per window at scale 1)
LIMITS = (
    ('writes per app', True, True, 100),
    ('writes per tenant', True, False, 200),
    ('requests per app', False, True, 1000),
    ('requests per tenant', False, False, 2000),
)


class IntuneLimits:
    def __init__(self, clock=time.monotonic):
        self._clock = clock
        self._lock = threading.Lock()
        self._admitted = collections.defaultdict(collections.deque)  # (limit name, app or None) -> times

    def reset(self):
        with self._lock:
            self._admitted.clear()

    @staticmethod
    def counts(scale):
        """{limit name: requests per window} at this scale (at least 1 each)."""
        return dict((name, max(1, int(per_window // scale))) for name, _writes, _per_app, per_window in LIMITS)

    def admit(self, method, app_id, scale, window):
        """None when the request may proceed (it is counted), else (seconds until it would be admitted, limit name)."""
        if not scale:
            return None
        counts = self.counts(scale)
        now = self._clock()
        keys = [(name, app_id if per_app else None) for name, writes, per_app, _count in LIMITS
                if method in WRITE_METHODS or not writes]
        with self._lock:
            wait, refusing = 0.0, None
            for key in keys:
                times = self._admitted[key]
                while times and times[0] <= now - window:
                    times.popleft()
                if len(times) >= counts[key[0]]:
                    # The oldest requests that must leave the window before one more fits.
                    until = times[len(times) - counts[key[0]]] + window - now
                    if until >= wait:
                        wait, refusing = until, key[0]
            if refusing is not None:
                return max(wait, 0.001), refusing
            for key in keys:
                self._admitted[key].append(now)
        return None


def retry_after_header(seconds):
    """Graph sends fractional seconds (the docs' sample is 2.128); rounded up to the millisecond."""
    return '%.3f' % (math.ceil(seconds * 1000) / 1000.0)

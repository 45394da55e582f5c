"""A per-process memo of what every public request would otherwise look up again (the Wagtail site
and page a URL routes to, the site menu), kept under the public cache's *generation*
(``cms.cache``): whatever makes the public cache stale makes these stale too, in every process.

Entries are pickled and each recall unpickles a fresh copy, so threads never share an object. An
entry also lapses after ``PUBLIC_ROUTE_MEMO_SECONDS``, so a change whose signal was lost (the cache
server down at that moment) is seen within a minute anyway. ``0`` turns it off (tests and
development change pages inside transactions that never commit, so no signal would start a new
generation).
"""

import pickle
import threading
import time
from collections import OrderedDict

from django.conf import settings


class PickledLRU:
    """At most ``entries`` pickled values, each until its own deadline; a recall unpickles a fresh
    copy (threads never share one). The memo here and the public cache's per-process layer."""

    def __init__(self, entries: int):
        self.entries = entries
        self._data: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str):
        with self._lock:
            entry = self._data.get(key)
            if entry is not None and entry[0] < time.monotonic():
                del self._data[key]
                entry = None
            if entry is not None:
                self._data.move_to_end(key)
        return None if entry is None else pickle.loads(entry[1])  # noqa: S301 - our own objects

    def set(self, key: str, value, seconds: float) -> None:
        data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        with self._lock:
            self._data[key] = (time.monotonic() + seconds, data)
            self._data.move_to_end(key)
            while len(self._data) > self.entries:
                self._data.popitem(last=False)

    def __iter__(self):
        with self._lock:
            return iter(list(self._data))

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


_memo = PickledLRU(1024)


def seconds() -> int:
    return getattr(settings, "PUBLIC_ROUTE_MEMO_SECONDS", 0)


def enabled() -> bool:
    return seconds() > 0


def request_generation(request) -> str:
    """The public cache's generation, read once per request (the file cache reads a file for it)."""
    from cms.cache import generation

    if not hasattr(request, "_pb_generation"):
        request._pb_generation = generation()
    return request._pb_generation


def key_for(request, *parts) -> str:
    return "|".join((request_generation(request), *map(str, parts)))


def recall(key: str):
    return _memo.get(key)


def remember(key: str, value) -> None:
    """Keep ``value`` under ``key``; a value that cannot be pickled is simply not kept."""
    try:
        _memo.set(key, value, seconds())
    except (pickle.PicklingError, TypeError, AttributeError):
        return


def forget_all() -> None:
    _memo.clear()

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

ENTRIES = 1024
_memo: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
_lock = threading.Lock()


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
    with _lock:
        entry = _memo.get(key)
        if entry is not None and entry[0] < time.monotonic():
            del _memo[key]
            entry = None
        if entry is not None:
            _memo.move_to_end(key)
    return None if entry is None else pickle.loads(entry[1])  # noqa: S301 - our own objects


def remember(key: str, value) -> None:
    """Keep ``value`` under ``key``; a value that cannot be pickled is simply not kept."""
    try:
        data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError):
        return
    with _lock:
        _memo[key] = (time.monotonic() + seconds(), data)
        _memo.move_to_end(key)
        while len(_memo) > ENTRIES:
            _memo.popitem(last=False)


def forget_all() -> None:
    with _lock:
        _memo.clear()

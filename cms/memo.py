"""A per-process memo of what every public request would otherwise look up again (the Wagtail site
and page a URL routes to, the site menu), kept under the public cache's *generation*
(``cms.cache``): whatever makes the public cache stale makes these stale too, in every process.

Entries are pickled and each recall unpickles a fresh copy, so threads never share an object.
``PUBLIC_ROUTE_MEMO = False`` turns it off (tests and development change pages inside transactions
that never commit, so no signal would start a new generation).
"""

import pickle
import threading
from collections import OrderedDict

from django.conf import settings

ENTRIES = 1024
_memo: OrderedDict[str, bytes] = OrderedDict()
_lock = threading.Lock()


def enabled() -> bool:
    return getattr(settings, "PUBLIC_ROUTE_MEMO", False)


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
        data = _memo.get(key)
        if data is not None:
            _memo.move_to_end(key)
    return None if data is None else pickle.loads(data)  # noqa: S301 - our own objects


def remember(key: str, value) -> None:
    """Keep ``value`` under ``key``; a value that cannot be pickled is simply not kept."""
    try:
        data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError):
        return
    with _lock:
        _memo[key] = data
        _memo.move_to_end(key)
        while len(_memo) > ENTRIES:
            _memo.popitem(last=False)


def forget_all() -> None:
    with _lock:
        _memo.clear()

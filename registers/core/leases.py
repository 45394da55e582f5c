"""Leases for work that must outlive a dead worker: the running job stamps "held until" and a
heartbeat renews it while the work goes on; a reader that finds the stamp lapsed knows the worker
died (killed, out of memory, machine restarted) and shows the job failed, so it can be rerun.
Any store works (a job's state file, a database row): the holder passes ``renew``."""

from __future__ import annotations

import logging
import threading
import time


def lease_seconds() -> float:
    from django.conf import settings

    return float(getattr(settings, "JOB_LEASE_SECONDS", 60))


def held_until(now: float | None = None) -> float:
    return (time.time() if now is None else now) + lease_seconds()


def lapsed(until, now: float | None = None) -> bool:
    return until is not None and float(until) < (time.time() if now is None else now)


class Heartbeat:
    """``with Heartbeat(renew):`` calls ``renew()`` every quarter lease from a daemon thread until
    the block ends — a long step (one bulk write) keeps its lease without reporting progress."""

    def __init__(self, renew):
        self.renew = renew
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name="lease-heartbeat", daemon=True)

    def _beat(self) -> None:
        interval = max(lease_seconds() / 4, 0.05)
        while not self._stop.wait(interval):
            try:
                self.renew()
            except Exception:  # a busy database now and then: try again at the next beat
                logging.getLogger(__name__).exception("lease heartbeat: renew failed")

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._stop.set()
        self._thread.join()
        return False

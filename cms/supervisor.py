"""A small process supervisor: the web server and the Huey consumer side by side.

Each child is started, watched and restarted when it exits while the supervisor is not stopping,
after a delay that doubles with each quick death (1 s, 2 s, 4 s … up to 30 s) and falls back to the
first delay once the child has stayed up a while. One child dying never touches the other. SIGINT
(Ctrl-C) and SIGTERM stop the supervisor: each child gets its own stop signal (SIGINT lets the Huey
consumer finish its running task, SIGTERM stops gunicorn gracefully), then SIGKILL after a grace
period.
"""

import contextlib
import ctypes
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field


def _die_with_parent() -> None:  # pragma: no cover - runs in the child, between fork and exec
    """Linux: the child gets SIGTERM if the supervisor itself is killed (PR_SET_PDEATHSIG)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)


@dataclass
class Child:
    name: str
    argv: list[str]
    stop_signal: int = signal.SIGTERM
    env: dict[str, str] | None = None
    proc: subprocess.Popen | None = None
    started_at: float = 0.0
    restart_at: float = 0.0  # when to start it again after it exited (0: not waiting)
    delay: float = 0.0  # the delay used for the last restart
    restarts: int = 0
    exit_codes: list[int] = field(default_factory=list)


class Supervisor:
    def __init__(self, children: list[Child], *, first_delay: float = 1.0, max_delay: float = 30.0,
                 stable_after: float = 60.0, log: Callable[[str], None] = print,
                 clock: Callable[[], float] = time.monotonic):
        self.children = children
        self.first_delay, self.max_delay, self.stable_after = first_delay, max_delay, stable_after
        self.log, self.clock = log, clock
        self.stopping = False

    def start(self, child: Child) -> None:
        # Its own process group: Ctrl-C reaches the supervisor only, which then stops each child.
        child.proc = subprocess.Popen(  # noqa: S603 - our own commands
            child.argv, env=child.env, process_group=0,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )
        child.started_at, child.restart_at = self.clock(), 0.0

    def next_delay(self, child: Child, now: float) -> float:
        """Double the delay after a quick death; start over after a long enough run."""
        if not child.delay or now - child.started_at >= self.stable_after:
            return self.first_delay
        return min(child.delay * 2, self.max_delay)

    def step(self) -> None:
        """One look at every child: note an exit and schedule its restart, or restart it when due."""
        now = self.clock()
        for child in self.children:
            if child.proc is not None and child.proc.poll() is not None:
                code = child.proc.returncode
                child.exit_codes.append(code)
                child.proc = None
                child.delay = self.next_delay(child, now)
                child.restart_at = now + child.delay
                self.log(f"{child.name} 进程已退出（退出码 {code}），{child.delay:g} 秒后重启。")
            elif child.proc is None and child.restart_at and now >= child.restart_at:
                child.restarts += 1
                self.start(child)
                self.log(f"{child.name} 已重启（第 {child.restarts} 次）。")

    def run(self, *, poll: float = 0.5, until: Callable[[], bool] | None = None,
            handle_signals: bool = True) -> None:
        """Start every child and supervise until a stop signal (or ``until()`` is true), then stop."""
        if handle_signals:
            for sig in (signal.SIGINT, signal.SIGTERM):
                signal.signal(sig, self._on_signal)
        try:
            for child in self.children:
                self.start(child)
            while not self.stopping and not (until and until()):
                self.step()
                time.sleep(poll)
        finally:
            self.stop()

    def _on_signal(self, signum, frame) -> None:
        self.stopping = True

    def stop(self, grace: float = 30.0) -> None:
        """Ask every running child to stop with its own signal, then kill what is left after ``grace``."""
        self.stopping = True
        running = [child for child in self.children if child.proc is not None and child.proc.poll() is None]
        for child in running:
            child.proc.send_signal(child.stop_signal)
        deadline = time.monotonic() + grace
        for child in running:
            try:
                child.proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.log(f"{child.name} 未在 {grace:g} 秒内停止，强制结束。")
                child.proc.kill()
                child.proc.wait()

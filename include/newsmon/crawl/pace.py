"""When a host may next be asked: the politeness schedule, per fetcher or for the whole machine.

Why a file per host: the pace (the profile's `requests_per_second`, the host's Crawl-delay) is a
promise to the host, not to one task. Airflow runs a backfill's dates as separate task processes,
side by side; if each kept its own schedule, two overlapping runs would ask the host twice as
often as the profile allows. With a directory (`$NEWSMON_HOME/state/pace/`, which the pipeline
uses), every fetcher, thread and process sharing that directory takes its turn from one schedule:
the time of the host's last request, in a small file read and written under an exclusive `flock`.
Without one (a `Fetcher` built on its own, as in unit tests), the schedule is kept in memory.

A turn is reserved, not waited for, under the lock: the caller sleeps afterwards, so the lock is
held for microseconds and the requests of N processes go out one interval apart, in turn.
"""

from __future__ import annotations

import fcntl
import os
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path

# A remembered last request further ahead than this is not believed (the wall clock was set
# back, or the file is corrupt): waiting for it could stall a crawl for hours.
MAX_AHEAD_S = 3600.0


class HostPace:
    """One schedule of turns per host. `clock` must be comparable between the processes that
    share `directory` (the wall clock, `time.time`); in memory any clock will do."""

    def __init__(self, directory: Path | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        self.directory = directory
        self.clock = clock
        self._lock = threading.Lock()
        self._last: dict[str, float] = {}

    @classmethod
    def shared(cls, home: Path) -> HostPace:
        """The machine-wide schedule under a NEWSMON_HOME."""
        return cls(home / "state" / "pace", clock=time.time)

    def reserve(self, host: str, interval: float) -> tuple[float, float]:
        """Take the host's next turn, `interval` seconds after its last request: (turn, now).

        With no interval to keep (no rate limit, no Crawl-delay) the turn is now, and only this
        schedule's memory notes it (for a Crawl-delay learnt from the robots.txt just asked for):
        the shared file is not touched."""
        if self.directory is None or interval <= 0:
            with self._lock:
                return self._take(host, self._last.get(host), interval)
        self.directory.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.directory / _file_name(host), os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)  # released with the close
            known = [t for t in (_parse(os.pread(fd, 64, 0)), self._last.get(host)) if t is not None]
            turn, now = self._take(host, max(known, default=None), interval)
            data = repr(turn).encode()
            os.pwrite(fd, data, 0)
            os.ftruncate(fd, len(data))
            return turn, now
        finally:
            os.close(fd)

    def _take(self, host: str, last: float | None, interval: float) -> tuple[float, float]:
        now = self.clock()
        if last is None or last > now + MAX_AHEAD_S:
            last = None
        turn = now if last is None else max(now, last + interval)
        self._last[host] = turn
        return turn, now


def _parse(data: bytes) -> float | None:
    try:
        return float(data.decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        return None


def _file_name(host: str) -> str:
    """A file name for a host[:port] (what a hostile link could put there cannot leave the folder)."""
    return re.sub(r"[^a-z0-9.-]", "_", host.lower())[:200].lstrip(".") or "_"

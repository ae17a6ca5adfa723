"""What the crawler remembers about every URL between runs: validators and where the bytes lie.

Why a JSON file (`$NEWSMON_HOME/state/<source>/http_cache.json`) and not a warehouse table:
the DuckDB file has one writer at a time (the load task, behind an Airflow pool of one slot),
so a fetch task that read and wrote validators there would queue behind every load. The
state is small (one entry per URL), private to the crawler, and rebuilt for free if lost (the
next run simply sends unconditional requests). The warehouse keeps the history instead
(`fetch_log`).

Each entry: the ETag and Last-Modified of the last 200 for that URL, the `raw_ref` of that
200 in the raw archive (a 304 answers with those bytes), its `fetched_at` (the WARC date of
that record, so a not-modified re-run produces the very same article row), its Content-Type,
and `fresh_until` (epoch seconds) and `lifetime_s` when the server declared the document fresh for a while
(RFC 9111 `max-age` / `Expires`): until then it is not asked for at all. A host's robots.txt
is an entry too, with `checked_at` (when the server last confirmed it) and its `status`, so
that the stages of one run (discover, then fetch: separate processes) ask for it once.

Concurrency: two fetch tasks of the same source (a backfill of several dates) may save at
once. `save` takes an exclusive `flock`, re-reads the file, merges only the URLs this run
touched, and replaces the file atomically: nobody's updates are lost and a reader never sees
half a file.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from newsmon import settings

STATE_FILE = "http_cache.json"
FORMAT = 1


def state_path(source: str) -> Path:
    """Where a source's HTTP cache state lives under NEWSMON_HOME."""
    return settings.home() / "state" / settings.safe_name(source) / STATE_FILE


class HttpCache:
    """Per-URL validators and archive pointers; `remember` in memory, `save` to disk."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._entries: dict[str, dict[str, Any]] = _read(path) if path else {}
        self._touched: set[str] = set()
        self._present: set[str] = set()  # archive files seen to exist (none is removed mid-run)

    @classmethod
    def for_source(cls, source: str) -> HttpCache:
        return cls(state_path(source))

    def get(self, url: str) -> dict[str, Any] | None:
        """The remembered entry of a URL, only if the archived bytes it points at still exist.

        An entry whose WARC file was deleted is useless (a 304 would leave us without a body),
        so it is treated as unknown and the URL is fetched unconditionally.
        """
        entry = self._entries.get(url)
        if not entry or not entry.get("raw_ref"):
            return None
        file = entry["raw_ref"].rpartition("#")[0]
        if file not in self._present:
            if not Path(file).is_file():  # (this run's own archive appears only when complete)
                return None
            self._present.add(file)
        return entry

    def entry(self, url: str) -> dict[str, Any] | None:
        """The remembered entry of a URL as it is (no check of the archived bytes)."""
        return self._entries.get(url)

    def remember(self, url: str, entry: dict[str, Any]) -> None:
        self._entries[url] = entry
        self._touched.add(url)

    def forget(self, url: str) -> None:
        """Drop a URL whose cached copy turned out unreadable."""
        if self._entries.pop(url, None) is not None:
            self._touched.add(url)

    def __len__(self) -> int:
        return len(self._entries)

    def save(self) -> None:
        """Merge this run's changes into the file under a lock, then replace it atomically (not at
        all when the file already holds every change: nothing is rewritten for nothing)."""
        if self.path is None or not self._touched:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with _locked(self.path.with_name(self.path.name + ".lock")):
            merged = _read(self.path)
            changed = False
            for url in self._touched:
                if url in self._entries:
                    changed = changed or merged.get(url) != self._entries[url]
                    merged[url] = self._entries[url]
                else:
                    changed = merged.pop(url, None) is not None or changed
            if changed or not self.path.is_file():  # the file already says all this: leave it be
                tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
                try:
                    tmp.write_text(json.dumps({"format": FORMAT, "urls": merged}, ensure_ascii=False, indent=1,
                                              sort_keys=True), encoding="utf-8")
                    tmp.replace(self.path)
                except BaseException:
                    tmp.unlink(missing_ok=True)
                    raise
                _memo(self.path, _signature(self.path), merged)  # what we wrote is what the next reader gets
        self._entries = merged
        self._touched.clear()


def _read(path: Path) -> dict[str, dict[str, Any]]:
    """The file's entries; a missing or unreadable file is an empty cache (never an error).

    The stages of a run in one process (`newsmon run`, a range of dates) read the same file
    over and over: it is parsed again only when its identity, size or mtime changed."""
    try:
        signature = _signature(path)
        known = _PARSED.get(path)
        if known is not None and known[0] == signature:
            return _copy(known[1])
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("urls"), dict):
        return {}
    return _memo(path, signature, data["urls"])


_PARSED: dict[Path, tuple[tuple[int, int, int], dict[str, dict[str, Any]]]] = {}


def _signature(path: Path) -> tuple[int, int, int]:
    st = path.stat()
    return st.st_ino, st.st_size, st.st_mtime_ns


def _memo(path: Path, signature: tuple[int, int, int], urls: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Remember the entries of a file as it is now; a copy of them (callers change their own)."""
    if len(_PARSED) >= 16:
        _PARSED.clear()
    _PARSED[path] = (signature, _copy(urls))
    return _copy(urls)


def _copy(urls: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {url: dict(entry) for url, entry in urls.items()}


@contextmanager
def _locked(lock_path: Path) -> Iterator[None]:
    with open(lock_path, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)

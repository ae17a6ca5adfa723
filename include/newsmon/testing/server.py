"""A loopback HTTP server for the offline mirror.

    with MirrorServer(site_dir) as server:
        requests.get(server.base_url + "/index.html")
        server.requests   # [(method, path, status, bytes_sent), ...]

Serves files only (no directory listings; a directory answers with its index.html),
with Content-Type, Content-Length, ETag (content hash), Last-Modified and Cache-Control
(`no-cache` unless told otherwise: every reuse must be revalidated, which is what the
conditional-request tests need; `cache_control="max-age=86400"` plays a server that lets
clients reuse documents for a day), and answers 304 Not Modified to If-None-Match /
If-Modified-Since. Bound to 127.0.0.1 only.

Extension point: a subclass of `MirrorServer` sets `handler_class` to a subclass of
`MirrorRequestHandler`, whose public helpers (`owner`, `resolve`, `document`, `record`) give it
the server's files and request log (`newsmon.testing.faults` builds its misbehaving server so).
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import posixpath
import sys
import tempfile
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from urllib.parse import unquote, urlsplit

CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".json": "application/json",
    ".txt": "text/plain; charset=utf-8",
    ".xml": "application/xml",
    ".atom": "application/atom+xml",
    ".gz": "application/gzip",
    ".css": "text/css; charset=utf-8",
    ".png": "image/png",
}


class MirrorRequestHandler(BaseHTTPRequestHandler):
    """Serves one request from the mirror's files. Subclass it (and set `MirrorServer.handler_class`)
    to answer some requests otherwise; what a subclass may use is public below."""

    server_version = "newsmon-mirror/1"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    # Headers and body go out as two writes: without TCP_NODELAY the body waits ~40 ms
    # for a delayed ACK, which would make every crawl timing against the mirror a lie.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet: tests read .requests instead
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self._serve(head=False)

    def do_HEAD(self) -> None:  # noqa: N802 - http.server's naming
        self._serve(head=True)

    @property
    def owner(self) -> MirrorServer:
        """The `MirrorServer` this request came to."""
        return self.server.owner  # type: ignore[attr-defined]

    def record(self, status: int, sent: int) -> None:
        """Add this request to the server's log (`MirrorServer.requests`): call it before the
        response goes out (see `_send_simple`)."""
        owner = self.owner
        with owner._lock:
            owner._requests.append((self.command, self.path, status, sent))

    def document(self, path: Path) -> bytes:
        """The bytes of a file of the mirror (as `resolve` found it)."""
        return self.owner.document(path)[0]

    def _send_simple(self, status: HTTPStatus, head: bool) -> None:
        body = f"{status.value} {status.phrase}\n".encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        # Recorded before the response goes out: once the client has it, a test may
        # read `requests` at once, and a late entry would land in the next test's list.
        self.record(status.value, 0 if head else len(body))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def resolve(self) -> Path | None:
        """The mirror's file for the request's path (a directory's index.html), or None: not
        found, or outside the mirror's directory."""
        root = self.owner.directory
        raw = unquote(urlsplit(self.path).path)
        norm = posixpath.normpath("/" + raw.lstrip("/"))
        if "\0" in norm:
            return None
        path = (root / norm.lstrip("/")).resolve()
        if path != root and root not in path.parents:
            return None
        if path.is_dir():
            path = path / "index.html"
        return path if path.is_file() else None

    def _serve(self, head: bool) -> None:
        path = self.resolve()
        if path is None:
            self._send_simple(HTTPStatus.NOT_FOUND, head)
            return
        owner = self.owner
        body, etag, mtime = owner.document(path)
        last_modified = email.utils.formatdate(mtime, usegmt=True)
        not_modified = False
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        if inm is not None:
            tags = [t.strip() for t in inm.split(",")]
            not_modified = "*" in tags or etag in tags or f"W/{etag}" in tags
        elif ims is not None:
            try:
                since = email.utils.parsedate_to_datetime(ims).timestamp()
                not_modified = int(mtime) <= int(since)
            except (TypeError, ValueError, IndexError, OverflowError):
                not_modified = False
        if not_modified:
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", last_modified)
            self.send_header("Cache-Control", owner.cache_control)  # RFC 9110 §15.4.5: as the 200 would
            self.record(304, 0)
            self.end_headers()
            return
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", CONTENT_TYPES.get(path.suffix.lower(), "application/octet-stream"))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", last_modified)
        self.send_header("Cache-Control", owner.cache_control)
        self.record(200, 0 if head else len(body))
        self.end_headers()
        if not head:
            self.wfile.write(body)


class MirrorServer:
    """Serve `directory` on 127.0.0.1:`port` (0 = any free port) from a background thread."""

    handler_class: type[MirrorRequestHandler] = MirrorRequestHandler  # what answers each request

    def __init__(self, directory: str | Path, port: int = 0, host: str = "127.0.0.1", *,
                 cache_control: str = "no-cache"):
        self.directory = Path(directory).resolve()
        self.cache_control = cache_control
        if not self.directory.is_dir():
            raise FileNotFoundError(f"mirror directory {self.directory} does not exist")
        self.host = host
        self.port = port
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._requests: list[tuple[str, str, int, int]] = []
        self._cache: dict[Path, tuple[float, int, bytes, str]] = {}

    # -- files
    def document(self, path: Path) -> tuple[bytes, str, float]:
        """A file's (bytes, ETag, mtime), read once and kept while its mtime and size hold."""
        st = path.stat()
        with self._lock:
            hit = self._cache.get(path)
        if hit and hit[0] == st.st_mtime and hit[1] == st.st_size:
            return hit[2], hit[3], st.st_mtime
        body = path.read_bytes()
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        with self._lock:
            self._cache[path] = (st.st_mtime, st.st_size, body, etag)
        return body, etag, st.st_mtime

    # -- life cycle
    def start(self) -> MirrorServer:
        if self._httpd is not None:
            return self
        httpd = ThreadingHTTPServer((self.host, self.port), self.handler_class)
        httpd.daemon_threads = True
        httpd.owner = self  # type: ignore[attr-defined]
        self._httpd = httpd
        self.port = httpd.server_address[1]
        self._thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1},
                                        name=f"mirror-server-{self.port}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is None:
            return
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread:
            self._thread.join(timeout=5)
        self._httpd = None
        self._thread = None

    def __enter__(self) -> MirrorServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def requests(self) -> list[tuple[str, str, int, int]]:
        """A snapshot of the requests served so far: (method, path, status, bytes_sent)."""
        with self._lock:
            return list(self._requests)

    def clear_requests(self) -> None:
        with self._lock:
            self._requests.clear()


MIRROR_SITES = {"afgazad": "newsmon.testing.mirror", "darya": "newsmon.testing.darya"}


def mirror_site(source: str) -> ModuleType:
    """The module that builds `source`'s mirror (`build_mirror(out_dir)`, `corpus_digest()`)."""
    import importlib

    if source not in MIRROR_SITES:
        raise ValueError(f"no offline mirror of {source!r} (mirrors: {', '.join(sorted(MIRROR_SITES))})")
    return importlib.import_module(MIRROR_SITES[source])


def ensure_mirror(dir: str | Path | None = None, source: str = "afgazad") -> Path:  # noqa: A002 - name from the brief
    """A built mirror of `source`: `dir` if it already holds a current build, else built there.

    Without `dir`, a per-corpus cache under the temp directory is used (shared by
    processes; built atomically), so repeated calls cost nothing."""
    from newsmon.testing.mirror import build_mirror_atomic

    site = mirror_site(source)
    digest = site.corpus_digest()
    if dir is None:
        name = "newsmon-mirror" if source == "afgazad" else f"newsmon-mirror-{source}"  # afgazad's path as before
        target = Path(tempfile.gettempdir()) / f"{name}-{digest}"
        if not _is_current(target, digest):
            build_mirror_atomic(target, builder=site.build_mirror)
        return target
    target = Path(dir)
    if not _is_current(target, digest):
        site.build_mirror(target)
    return target


def _is_current(target: Path, digest: str) -> bool:
    try:
        return json.loads((target / "manifest.json").read_text(encoding="utf-8")).get("corpus_digest") == digest
    except (OSError, ValueError):
        return False


def serve_forever(directory: str | Path, port: int = 8000) -> None:
    """Serve until Ctrl-C (the `newsmon mirror serve` command)."""
    import signal

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        # Ctrl-C even when started in the background (which inherits SIGINT ignored),
        # and a clean stop on SIGTERM too.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, interrupt)
    server = MirrorServer(directory, port).start()
    print(f"serving {server.directory} at {server.base_url}/ (Ctrl-C to stop)", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        print("stopping", file=sys.stderr)
    finally:
        server.stop()

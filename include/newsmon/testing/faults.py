"""The offline mirror with faults: the misbehaving web a polite crawler must survive.

    faults = {"/pdf/2020/01/02/a.pdf": Fault.status(500, times=1),      # 500, then the file
              "/pdf/2020/01/02/b.pdf": Fault.redirect("http://elsewhere.example/x.pdf")}
    with FaultServer(mirror_dir, faults, robots_txt="User-agent: *\\nDisallow: /pdf/x/\\n") as server:
        ...
        server.requests        # (method, path, status, bytes_sent), as MirrorServer records them
        server.seen_headers    # (path, request headers) of every request, to check what was sent

Built on `MirrorServer` (same files, ETags, Last-Modified and native 304s): a path with a
fault answers with the fault `times` times (None: always), then like the plain mirror. Only
127.0.0.1, like the mirror. Why a server and not mocks: the fetcher's limits (timeouts, cut
bodies, oversized streams, redirect chains) live in the socket and HTTP layers, and only real
bytes on a real connection test them.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlsplit

from newsmon.testing.server import MirrorRequestHandler, MirrorServer


@dataclass
class Fault:
    """How one path misbehaves; build it with the class methods below."""

    kind: str
    times: int | None = None          # requests answered with the fault; None = every request
    status: int = 500
    headers: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0              # hang: how long to stay silent
    content_type: str = ""            # wrong_type: the Content-Type to claim
    body: bytes | None = None         # wrong_type: the body to send (None: the real file)
    size: int = 0                     # oversized: bytes to send
    declare_length: bool = True       # oversized: send Content-Length (else stream until close)
    location: str = ""                # redirect: where to

    @classmethod
    def status_code(cls, status: int, times: int | None = 1, **headers: str) -> Fault:
        """Answer `status` (e.g. 500, 503, 429, 408) `times` times, with extra headers."""
        return cls("status", times, status=status, headers={k.replace("_", "-"): v for k, v in headers.items()})

    @classmethod
    def hang(cls, seconds: float, times: int | None = None) -> Fault:
        """Accept the request, then say nothing for `seconds` (past the read timeout) and hang up."""
        return cls("hang", times, seconds=seconds)

    @classmethod
    def cut_short(cls, times: int | None = None) -> Fault:
        """Promise the whole file in Content-Length, send half, hang up."""
        return cls("cut_short", times)

    @classmethod
    def drop(cls, times: int | None = 1) -> Fault:
        """Close the connection without answering (a connection error for the client)."""
        return cls("drop", times)

    @classmethod
    def wrong_type(cls, content_type: str = "text/html; charset=utf-8", body: bytes | None = None,
                   times: int | None = None) -> Fault:
        """Answer 200 with another Content-Type (a login wall served instead of the PDF)."""
        body = body if body is not None else b"<!DOCTYPE html><html><body><h1>Please log in</h1></body></html>"
        return cls("wrong_type", times, content_type=content_type, body=body)

    @classmethod
    def oversized(cls, size: int, declare_length: bool = True, times: int | None = None) -> Fault:
        """Answer 200 with `size` bytes, with or without saying so in Content-Length."""
        return cls("oversized", times, size=size, declare_length=declare_length)

    @classmethod
    def redirect(cls, location: str, status: int = 302, times: int | None = None) -> Fault:
        """Redirect to `location` (a path on this server, or another host's URL)."""
        return cls("redirect", times, status=status, location=location)

    @classmethod
    def not_modified(cls, times: int | None = None) -> Fault:
        """Answer 304 whatever the request said (even to an unconditional one)."""
        return cls("not_modified", times)


class FaultHandler(MirrorRequestHandler):
    """The mirror's handler, answering a path that has a fault with the fault."""

    # The mirror writes headers and body separately; with Nagle's algorithm on, the body then
    # waits for the client's delayed ACK (~40 ms a response on Linux loopback), which would
    # drown every timing in the tests and the fetch benchmark. Real servers do not stall so.
    disable_nagle_algorithm = True

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        owner = self.owner
        assert isinstance(owner, FaultServer)
        path = urlsplit(self.path).path
        owner._saw(path, dict(self.headers.items()))
        fault = owner._take_fault(path)
        if fault is not None:
            getattr(self, f"_fault_{fault.kind}")(fault)
        elif path == "/robots.txt" and owner.robots_txt is not None:
            self._send(200, owner.robots_txt.encode(), "text/plain; charset=utf-8")
        else:
            super().do_GET()

    # -- helpers
    def _send(self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None,
              length: int | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.record(status, len(body))  # before the client can see it (see MirrorRequestHandler.record)
        self.end_headers()
        self._write(body)

    def _write(self, data: bytes) -> bool:
        """Write, tolerating a client that already gave up (it is allowed to)."""
        try:
            self.wfile.write(data)
            self.wfile.flush()
            return True
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
            return False

    def _file_body(self) -> bytes:
        path = self.resolve()
        return self.document(path) if path else b""

    # -- faults
    def _fault_status(self, fault: Fault) -> None:
        phrase = HTTPStatus(fault.status).phrase
        self._send(fault.status, f"{fault.status} {phrase}\n".encode(), "text/plain; charset=utf-8", fault.headers)

    def _fault_hang(self, fault: Fault) -> None:
        self.record(0, 0)
        self.owner._release.wait(fault.seconds)  # type: ignore[attr-defined]
        self.close_connection = True

    def _fault_cut_short(self, fault: Fault) -> None:
        body = self._file_body()
        self.send_response(200)
        self.send_header("Content-Type", "application/pdf")
        self.send_header("Content-Length", str(len(body)))
        self.record(200, len(body) // 2)
        self.end_headers()
        self._write(body[: len(body) // 2])
        self.close_connection = True

    def _fault_drop(self, fault: Fault) -> None:
        self.close_connection = True
        self.record(0, 0)

    def _fault_wrong_type(self, fault: Fault) -> None:
        body = fault.body if fault.body is not None else self._file_body()
        self._send(200, body, fault.content_type)

    def _fault_oversized(self, fault: Fault) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/pdf")
        if fault.declare_length:
            self.send_header("Content-Length", str(fault.size))
        else:
            self.send_header("Connection", "close")
        self.end_headers()
        sent, chunk = 0, b"%PDF-1.4\n" + b"0" * (64 * 1024 - 9)
        while sent < fault.size and self._write(chunk[: fault.size - sent]):
            sent += min(len(chunk), fault.size - sent)
        self.close_connection = True
        self.record(200, sent)

    def _fault_redirect(self, fault: Fault) -> None:
        self._send(fault.status, b"", "text/plain; charset=utf-8", {"Location": fault.location})

    def _fault_not_modified(self, fault: Fault) -> None:
        self.send_response(304)
        self.record(304, 0)
        self.end_headers()


class FaultServer(MirrorServer):
    """`MirrorServer` whose paths can be told to misbehave (see `Fault`)."""

    handler_class = FaultHandler

    def __init__(self, directory: str | Path, faults: dict[str, Fault] | None = None, *,
                 robots_txt: str | None = None, port: int = 0, cache_control: str = "no-cache") -> None:
        super().__init__(directory, port, cache_control=cache_control)
        self.robots_txt = robots_txt
        self._faults: dict[str, Fault] = dict(faults or {})
        self._seen: list[tuple[str, dict[str, str]]] = []
        self._release = threading.Event()

    def stop(self) -> None:
        self._release.set()  # let hanging handlers go
        super().stop()

    def set_fault(self, path: str, fault: Fault | None) -> None:
        with self._lock:
            if fault is None:
                self._faults.pop(path, None)
            else:
                self._faults[path] = fault

    @property
    def seen_headers(self) -> list[tuple[str, dict[str, str]]]:
        """(path, request headers) of every GET so far."""
        with self._lock:
            return list(self._seen)

    def _saw(self, path: str, headers: dict[str, str]) -> None:
        with self._lock:
            self._seen.append((path, headers))

    def _take_fault(self, path: str) -> Fault | None:
        """The fault for this request, using up one of its `times`."""
        with self._lock:
            fault = self._faults.get(path)
            if fault is None:
                return None
            if fault.times is not None:
                if fault.times <= 0:
                    return None
                fault.times -= 1
            return fault

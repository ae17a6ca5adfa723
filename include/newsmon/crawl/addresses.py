"""Which network addresses newsmon may connect to: public ones, and what the operator allows.

A crawler that follows links and redirects from pages it does not control, and a `base_url`
that a trigger form sets, must not be a way into the machine's own network: cloud metadata
(169.254.169.254), services on loopback, private ranges. So every connection goes only to an
address that is global (public), unless the operator listed it in `NEWSMON_ALLOW_HOSTS`:

    NEWSMON_ALLOW_HOSTS=127.0.0.1:8765,mirror.internal   # comma-separated host or host:port

`127.0.0.1` allows every port of that address, `127.0.0.1:8765` only that port; a name allows
the addresses it resolves to (on that port, if one is given). The check runs on the address a
connection is actually made to, after DNS resolution, on every request (so every redirect hop):
a name that resolves to a private address, or changes its answer between two requests (DNS
rebinding), is caught where it connects. A base URL on an allowed host is also what makes it an
offline mirror of the source (see `is_declared_mirror`): the operator said so, not the trigger.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

ALLOW_HOSTS_ENV = "NEWSMON_ALLOW_HOSTS"
_DEFAULT_PORTS = {"http": 80, "https": 443}

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class AddressRefused(Exception):
    """A connection to an address that is not public and not allowed: refused by policy."""


@dataclass(frozen=True)
class AllowList:
    """The operator's `NEWSMON_ALLOW_HOSTS`: (host, port or None for every port) entries."""

    entries: frozenset[tuple[str, int | None]] = frozenset()

    @classmethod
    def parse(cls, text: str) -> AllowList:
        """Entries from `host[:port]` items separated by commas; ValueError names a bad one."""
        entries = set()
        for item in (part.strip() for part in text.split(",")):
            if item:
                entries.add(_entry(item))
        return cls(frozenset(entries))

    @classmethod
    def from_env(cls) -> AllowList:
        return _parsed(os.environ.get(ALLOW_HOSTS_ENV, ""))

    def allows(self, host: str, port: int | None, addresses: tuple[IpAddress, ...] = ()) -> bool:
        """Whether `host` (a name or an address literal) on `port` is listed, by its name or
        by one of the `addresses` it resolved to."""
        names = {_host_key(host), *(str(a) for a in addresses)}
        return any(name in names and (allowed is None or allowed == port) for name, allowed in self.entries)

    def allows_url(self, url: str) -> bool:
        try:
            parts = urlsplit(url)
            port = parts.port or _DEFAULT_PORTS.get(parts.scheme)
        except ValueError:
            return False
        if not parts.hostname:
            return False
        return self.allows(parts.hostname, port)


_PARSED: dict[str, AllowList] = {}


def _parsed(text: str) -> AllowList:
    """The allow list of an environment value, parsed once per value."""
    if text not in _PARSED:
        _PARSED[text] = AllowList.parse(text)
    return _PARSED[text]


def _entry(item: str) -> tuple[str, int | None]:
    """(host, port) of one `host`, `host:port`, `[v6]` or `[v6]:port` item."""
    try:
        parts = urlsplit(f"//{item}")
        port = parts.port
    except ValueError as exc:
        raise ValueError(f"{ALLOW_HOSTS_ENV}: entry {item!r}: {exc}") from None
    if not parts.hostname or parts.username is not None or parts.path or parts.query or parts.fragment:
        raise ValueError(f"{ALLOW_HOSTS_ENV}: entry {item!r}: expected host or host:port")
    return _host_key(parts.hostname), port


def _host_key(host: str) -> str:
    """A host as entries and URLs are compared: lower case, an address in its canonical form."""
    host = host.strip("[]").rstrip(".").lower()
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return host


def is_declared_mirror(base_url: str | None) -> bool:
    """Whether the operator declared `base_url`'s host (and port) in NEWSMON_ALLOW_HOSTS: only
    then are documents fetched from it filed under the source's own URLs (an offline mirror);
    from any other override they are filed under the URL they came from."""
    return bool(base_url) and AllowList.from_env().allows_url(base_url)  # type: ignore[arg-type]


def special_purpose(address: IpAddress) -> str | None:
    """Why an address is no public one (loopback, private, link-local...), or None if it is."""
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:
        address = mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    for name in ("loopback", "link_local", "private", "multicast", "unspecified", "reserved"):
        if getattr(address, f"is_{name}"):
            return name.replace("_", "-")
    return None if address.is_global else "special-purpose"


def checked_address(host: str, port: int, allow: AllowList | None = None) -> str:
    """The address to connect to for `host`:`port`: the first one it resolves to that is public
    or allowed. AddressRefused when there is none (a DNS failure is left to the connection)."""
    allow = AllowList.from_env() if allow is None else allow
    try:
        infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        return host  # no answer: connecting fails the usual way ("no such host")
    addresses = tuple(dict.fromkeys(ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos))
    if allow.allows(host, port, addresses):
        return str(addresses[0]) if addresses else host
    for address in addresses:
        if special_purpose(address) is None:
            return str(address)
    shown = ", ".join(f"{a} ({special_purpose(a)})" for a in addresses[:3])
    raise AddressRefused(f"address not allowed: {host} resolves to {shown}; "
                         f"an operator may allow it in {ALLOW_HOSTS_ENV}")

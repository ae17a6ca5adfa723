"""Secrets and control characters out of text that people read: one rule for every message
that may quote a connection string or a URL (warehouse locations, failure reasons, alert
lines, fetch logs), and one for anything a crawled page or a user controls that reaches a
log line, a table or a terminal."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# A password a text may quote: `password=...` of a libpq string (quoted or not), or the
# `user:password@` of a URI.
_PASSWORD = re.compile(r"(?i)(password\s*=\s*)(?:'[^']*'|\S+)|(?<=[:/])([^:/@\s]*:)[^@/\s]+(?=@)")
# C0 and C1 controls and DEL: ESC and BEL start terminal escape sequences (a title, a cursor
# move, a hyperlink), CR rewrites a log line, NUL cuts a C string.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_CONTROL_KEEP_LINES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


# A query-string parameter whose value is a credential (`?token=...&sig=...`), wherever a text
# quotes a URL: signed links and webhook URLs carry their secret there.
_SECRET_PARAM = re.compile(
    r"(?i)([?&;](?:[a-z0-9_.-]*(?:token|secret|passw(?:or)?d|pwd|api[_-]?key|apikey|signature|sig|auth"
    r"|session|sessionid|credential|key|code))=)[^&#\s'\"<>]+")


def mask_passwords(text: str) -> str:
    """`text` with every password it quotes replaced by ***, and the credentials of the
    query strings of the URLs it quotes (`?token=***`)."""
    text = _PASSWORD.sub(lambda m: f"{m.group(1) or m.group(2)}***", text)
    return _SECRET_PARAM.sub(lambda m: f"{m.group(1)}***", text)


def clean_url(url: str) -> str:
    """A URL as it may be logged or stored: credentials masked (`user:***@`, `?token=***`),
    control characters escaped. A URL from a crawled page is whatever its author wrote."""
    return printable(mask_passwords(_mask_user(url)))


def _mask_user(url: str) -> str:
    """`url` with the password of its userinfo masked, even where `_PASSWORD` cannot see it
    (a password holding ':' or '/')."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.password is None:
        return url
    user = parts.netloc.rpartition("@")[0]
    name = user.partition(":")[0]
    return url.replace(f"{user}@", f"{name}:***@", 1)


def printable(text: str, *, keep_lines: bool = False) -> str:
    """`text` with every control character written as a visible escape (`\\x1b`, `\\n`), so
    that what a page or a user wrote cannot drive a terminal or forge a log line.
    `keep_lines`: tabs and line breaks stay (multi-line text such as an article body)."""
    pattern = _CONTROL_KEEP_LINES if keep_lines else _CONTROL
    return pattern.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)

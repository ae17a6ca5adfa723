"""Secrets out of text that people read: one rule for every message that may quote a
connection string (warehouse locations, failure reasons, alert lines)."""

from __future__ import annotations

import re

# A password a text may quote: `password=...` of a libpq string (quoted or not), or the
# `user:password@` of a URI.
_PASSWORD = re.compile(r"(?i)(password\s*=\s*)(?:'[^']*'|\S+)|(?<=[:/])([^:/@\s]*:)[^@/\s]+(?=@)")


def mask_passwords(text: str) -> str:
    """`text` with every password it quotes replaced by ***."""
    return _PASSWORD.sub(lambda m: f"{m.group(1) or m.group(2)}***", text)

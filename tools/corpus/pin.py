"""Make a PDF's run-time stamps a function of the document: same recipe, same bytes where the producer allows.

Every replacement keeps the byte length, so xref offsets stay valid.
"""

from __future__ import annotations

import hashlib
import re


def pin_pdf(data: bytes, doc_id: str, day: str) -> bytes:
    """Creation/modification dates -> the article's date at noon; /ID and /DocChecksum -> a hash of the id."""
    stamp = day.replace("-", "").encode() + b"120000"
    seed = hashlib.sha256(doc_id.encode()).hexdigest().upper().encode()

    def same_len(pattern: bytes, make) -> None:
        nonlocal data

        def sub(m: re.Match) -> bytes:
            out = make(m)
            return out if len(out) == len(m.group(0)) else m.group(0)

        data = re.sub(pattern, sub, data)

    def hexlike(original: bytes) -> bytes:
        out = (seed * (len(original) // len(seed) + 1))[:len(original)]
        return out if original.upper() == original else out.lower()

    same_len(rb"/(CreationDate|ModDate)\s*\(D:\d{14}", lambda m: m.group(0)[:-14] + stamp)
    same_len(rb"<(xmp:CreateDate|xmp:ModifyDate|xmp:MetadataDate)>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d",
             lambda m: m.group(0)[:-19] + f"{day}T12:00:00".encode())
    same_len(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]",
             lambda m: m.group(0).replace(m.group(1), hexlike(m.group(1))).replace(m.group(2), hexlike(m.group(2))))
    same_len(rb"/DocChecksum /[0-9A-F]{32}", lambda m: b"/DocChecksum /" + seed[:32])
    return data

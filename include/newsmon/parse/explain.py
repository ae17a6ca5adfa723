"""Parse one document and say where each field came from (`newsmon source try`).

Both formats' parsers take an `Evidence` (`newsmon.parse.evidence`) and note in it the page and
line (PDF) or the tag, meta or JSON-LD key (HTML) each field was read from.
"""

from __future__ import annotations

from newsmon.parse.document import parse_document
from newsmon.parse.evidence import Evidence
from newsmon.records import ArticleRecord
from newsmon.sources.profile import SourceProfile


def explain_document(data: bytes, *, url: str, profile: SourceProfile,
                     canonical_url: str | None = None) -> tuple[ArticleRecord, Evidence]:
    """The record `profile`'s parser makes of `data`, and the evidence it noted."""
    evidence = Evidence()
    return parse_document(data, url=url, profile=profile, canonical_url=canonical_url, evidence=evidence), evidence

"""Parse one document and say where each field came from (`newsmon source try`).

PDFs always explain themselves (`parse_pdf_article(..., evidence=...)`). An HTML page goes to
the format dispatcher (`newsmon.parse.document.parse_document`, when this build has it) and is
explained when that parser takes an `evidence` argument; until it does, the record comes back
with an empty `Evidence`, and the caller says that no evidence is available.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from typing import Any

from newsmon.parse.article import ParseError, parse_pdf_article
from newsmon.parse.evidence import Evidence
from newsmon.records import ArticleRecord
from newsmon.sources.profile import SourceProfile


def explain_document(data: bytes, *, url: str, profile: SourceProfile,
                     canonical_url: str | None = None) -> tuple[ArticleRecord, Evidence]:
    """The record `profile`'s parser makes of `data`, and the evidence it noted."""
    evidence = Evidence()
    if profile.document_type == "pdf":
        return parse_pdf_article(data, url=url, profile=profile, canonical_url=canonical_url,
                                 evidence=evidence), evidence
    parser = dispatcher()
    if parser is None:
        raise ParseError(f"no parser for document_type {profile.document_type!r} in this build")
    kwargs: dict[str, Any] = {"evidence": evidence} if takes_evidence(parser) else {}
    return parser(data, url=url, profile=profile, canonical_url=canonical_url, **kwargs), evidence


def dispatcher() -> Callable[..., ArticleRecord] | None:
    """`parse_document` (every format, by the profile's document_type), if this build has it."""
    try:
        return importlib.import_module("newsmon.parse.document").parse_document
    except (ImportError, AttributeError):
        return None


def takes_evidence(parser: Callable[..., Any]) -> bool:
    """Whether `parser` accepts `evidence=` (the hook of `newsmon.parse.evidence`)."""
    return "evidence" in inspect.signature(parser).parameters

"""One entry point for every document format a source publishes.

The profile says which format a source's articles come in (`document_type: pdf | html`);
where there is no profile to say so (`newsmon parse FILE` without `--source`), the bytes do:
a PDF starts with `%PDF-`, an HTML page with markup.
"""

from __future__ import annotations

import datetime as dt

from newsmon.parse.article import ParseError, parse_pdf_article
from newsmon.parse.evidence import Evidence
from newsmon.parse.html import looks_like_html, parse_html_article
from newsmon.records import ArticleRecord
from newsmon.sources.profile import SourceProfile

DOCUMENT_TYPES = ("pdf", "html")
_PARSERS = {"pdf": parse_pdf_article, "html": parse_html_article}


def sniff_document_type(data: bytes) -> str | None:
    """'pdf' or 'html' by the document's first bytes, or None when neither."""
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return "pdf"
    return "html" if looks_like_html(data) else None


def parse_document(data: bytes, *, url: str, profile: SourceProfile, document_type: str | None = None,
                   canonical_url: str | None = None, fetched_at: dt.datetime | None = None,
                   raw_ref: str | None = None, evidence: Evidence | None = None) -> ArticleRecord:
    """Parse one document of `profile`'s format (or `document_type`, when given); ParseError
    with a one-line reason when it yields no article. With `evidence`, the parser notes where
    each field came from (`newsmon source try`)."""
    kind = document_type or profile.document_type
    parser = _PARSERS.get(kind)
    if parser is None:
        raise ParseError(f"document type {kind!r} unknown (known: {', '.join(DOCUMENT_TYPES)})")
    return parser(data, url=url, profile=profile, canonical_url=canonical_url, fetched_at=fetched_at,
                  raw_ref=raw_ref, evidence=evidence)

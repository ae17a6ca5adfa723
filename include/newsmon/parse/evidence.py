"""Where each field of a parsed record came from: the hook every parser fills when asked.

Why: a maintainer adapting a profile to a live site (`newsmon source try`) must see not only
what the parser decided but what it decided it from (the PDF line, the HTML tag), to tell a
wrong profile setting from a parser limit. `ArticleRecord` stays as it is (the warehouse's
contract); the evidence travels beside it, and only when a caller passes an `Evidence` to
the parser, so the pipeline's default path does no extra work.

A parser that supports it takes `evidence: Evidence | None = None` and, when it is given,
calls `evidence.note(field, where)` once per field it decided, with `where` a short
human-readable place: "page 1, line 4: «By Daniel Herrera»", "JSON-LD NewsArticle.headline",
"<meta property=\"og:title\">", "<time datetime=\"2020-01-06\"> in <article>". A later note for
the same field replaces the earlier one (the parser's final decision wins).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from newsmon.records import ArticleRecord

RECORD_FIELDS = tuple(f.name for f in dataclasses.fields(ArticleRecord))
QUOTE_CHARS = 80

# Fields no parser decides from the document's evidence: what they come from is the same for
# every format, so `source try` says it for them.
DERIVED: dict[str, str] = {
    "article_id": "hash of the source name and the canonical URL",
    "source": "the profile's name",
    "url": "the canonical URL (the source's own, whatever host served it)",
    "word_count": "counted from body_text",
    "content_sha256": "SHA-256 of body_text",
    "fetched_at": "the fetch's time (set by the pipeline; none in a try)",
    "raw_ref": "the archived response (set by the pipeline; none in a try)",
    "parse_warnings": "what the parser could not establish",
}


@dataclass
class Evidence:
    """Field name -> where its value was read from (one line of text per field)."""

    fields: dict[str, str] = field(default_factory=dict)

    def note(self, name: str, where: str) -> None:
        """Record where `name` (an `ArticleRecord` field) was read from; a typo fails loudly."""
        if name not in RECORD_FIELDS:
            raise ValueError(f"evidence for {name!r}: not an ArticleRecord field")
        self.fields[name] = where

    def get(self, name: str) -> str | None:
        return self.fields.get(name)

    def __bool__(self) -> bool:
        return bool(self.fields)


def quote(text: str, limit: int = QUOTE_CHARS) -> str:
    """`text` in «guillemets», cut to `limit` characters: evidence quotes the source briefly."""
    text = " ".join(text.split())
    return f"«{text if len(text) <= limit else text[:limit - 1] + '…'}»"

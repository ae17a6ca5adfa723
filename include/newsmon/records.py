"""The records that move between pipeline stages.

`ArticleRecord` is the contract every parser meets (docs/warehouse.md: the articles table); `FailureRecord` makes a
document that could not be fetched or parsed a fact in the data instead of a log line.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from newsmon.redaction import clean_url


@dataclass
class ArticleRecord:
    article_id: str
    source: str
    url: str
    section: str | None
    language: str | None
    title: str | None
    author: str | None
    published_date: dt.date | None
    original_published_date: dt.date | None
    body_text: str
    captions: list[str] = field(default_factory=list)
    word_count: int = 0
    content_sha256: str = ""
    fetched_at: dt.datetime | None = None
    raw_ref: str | None = None
    published_date_raw: str | None = None
    # What the parser could not establish, e.g. no_header_date, no_title, no_byline,
    # unknown_section, suspicious_title: the quality gate quarantines on the serious ones.
    parse_warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def to_json_dict(self) -> dict[str, Any]:
        """Plain JSON types: dates as YYYY-MM-DD, timestamps as ISO 8601."""
        out = self.to_dict()
        for key, value in out.items():
            if isinstance(value, (dt.date, dt.datetime)):
                out[key] = value.isoformat()
        return out


@dataclass
class FailureRecord:
    """A document that did not become an article, and why."""

    source: str
    url: str
    stage: str  # discover | fetch | parse | validate
    error: str
    run_date: dt.date | None = None
    at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))

    def __post_init__(self) -> None:
        # Stored, logged and reported: credentials masked, a crawled href's control characters escaped.
        self.url, self.error = clean_url(self.url), clean_url(self.error)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


ARTICLE_FIELDS = [f.name for f in dataclasses.fields(ArticleRecord)]
FAILURE_FIELDS = [f.name for f in dataclasses.fields(FailureRecord)]


ARTICLE_ID_LENGTH = 32
_ARTICLE_ID = re.compile(rf"[0-9a-f]{{{ARTICLE_ID_LENGTH}}}")


def make_article_id(source: str, canonical_url: str) -> str:
    """Stable id of an article: the same source and canonical URL give the same id."""
    return hashlib.sha256(f"{source}\n{canonical_url}".encode()).hexdigest()[:ARTICLE_ID_LENGTH]


def is_article_id(text: object) -> bool:
    """Whether `text` has the shape `make_article_id` gives (32 lower-case hex digits): what a
    route checks before it looks an id up anywhere."""
    return isinstance(text, str) and _ARTICLE_ID.fullmatch(text) is not None


def content_hash(body_text: str) -> str:
    """Hash of the normalised body, so a re-upload with identical text is not a new version."""
    import unicodedata

    norm = " ".join(unicodedata.normalize("NFC", body_text).split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def count_words(body_text: str) -> int:
    """Words of a body: whitespace-separated tokens (the same rule for every language)."""
    return len(body_text.split())


def count_and_hash(body_text: str) -> tuple[int, str]:
    """count_words and content_hash of one body. A body in NFC already (a parsed one is) is
    split into words once for both, the costly part of each."""
    import unicodedata

    norm = unicodedata.normalize("NFC", body_text)
    flat = _single_spaced(norm) if norm == body_text else None
    if flat is not None:  # a parsed body: no word list needed for either
        return (flat.count(" ") + 1 if flat else 0), hashlib.sha256(flat.encode("utf-8")).hexdigest()
    words = norm.split()
    count = len(words) if norm == body_text else count_words(body_text)
    return count, hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()


def _single_spaced(text: str) -> str | None:
    """" ".join(text.split()) where that is the text with its blank lines as spaces (a parsed
    body: paragraphs of single-spaced words joined by blank lines), told at memory speed
    without a string per word (which cost a parse more than hashing the body); None where the
    text has other whitespace (the only whitespace character that is printable is the space;
    a ZWNJ, in most Persian words, is no whitespace but is not printable either)."""
    flat = text.replace("\n\n", " ")
    if "  " in flat or flat[:1] == " " or flat[-1:] == " " \
            or not (flat.isprintable() or (ZWNJ in flat and flat.replace(ZWNJ, "").isprintable())):
        return None
    return flat


ZWNJ = "\u200c"

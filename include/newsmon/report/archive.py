"""An article's archived copy, as a reader opens it: the response the crawler archived (the
PDF, the HTML page), with the headers that make it safe to open from newsmon's own origin.

Why: the report's links to the live site do not open offline and die when the site removes
an article; the raw archive (WARC) has every document the warehouse was loaded from. The
plugin serves `archived_copy(id)` at `/newsmon/archive/<id>`; the page links there.

Where the document lies comes only from the warehouse (the article's `raw_ref`), and it is
read only from a WARC file inside `$NEWSMON_HOME/raw` (`newsmon.crawl.archive.read_archived`).
An archived page came from elsewhere and is served from the Airflow UI's origin, so it gets
no chance to act there: `nosniff`, the archived type only when it is a plain media type, and,
for everything but a PDF, a Content-Security-Policy that allows no script, no plugin and no
request off the page (`sandbox`: a unique origin, no cookies, no forms).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

from newsmon import settings
from newsmon.crawl.archive import ArchiveRefused, content_type, read_archived
from newsmon.records import is_article_id
from newsmon.warehouse import WarehouseMissing, article_raw_ref

log = logging.getLogger("newsmon.report")

# No script, no plugin, no fetch, nothing from elsewhere; inline styles and data: images only.
STRICT_CSP = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; form-action 'none'; "
              "frame-ancestors 'self'; base-uri 'none'; sandbox")
FALLBACK_TYPE = "application/octet-stream"
_MEDIA_TYPE = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}")
_CHARSET = re.compile(r"charset\s*=\s*\"?([A-Za-z0-9._-]{1,40})\"?", re.I)
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_EXTENSIONS = {"application/pdf": ".pdf", "text/html": ".html", "application/xhtml+xml": ".xhtml",
               "text/plain": ".txt"}


class NoArchivedCopy(LookupError):
    """No archived copy to serve for an id; the message is one line for the reader."""


@dataclass(frozen=True)
class ArchivedCopy:
    body: bytes
    media_type: str  # the Content-Type to send (the archived one, or application/octet-stream)
    filename: str  # safe: [A-Za-z0-9._-] only
    url: str  # where the crawler fetched it
    headers: dict[str, str] = field(default_factory=dict)  # Content-Disposition, nosniff, CSP ...


def archive_root() -> Path:
    """The raw archive of every source: `$NEWSMON_HOME/raw`."""
    return settings.home() / "raw"


def archived_copy(article_id: str, root: Path | None = None, warehouse: Path | str | None = None) -> ArchivedCopy:
    """The archived document of the article `article_id`, ready to serve.

    Raises `NoArchivedCopy` (one line) for an id of the wrong shape (before any lookup), an id
    the warehouse does not hold, a missing warehouse or WARC file, and a `raw_ref` that points
    outside `root` (default `archive_root()`) or at no response. `WarehouseBusy` passes through
    (the reader retries in a moment)."""
    if not is_article_id(article_id):
        raise NoArchivedCopy("not an article id")
    try:
        raw_ref = article_raw_ref(article_id, path=warehouse)
    except WarehouseMissing:
        raise NoArchivedCopy("no warehouse yet") from None
    if raw_ref is None:
        raise NoArchivedCopy(f"no article {article_id} with an archived copy in the warehouse")
    try:
        response = read_archived(raw_ref, root if root is not None else archive_root())
    except ArchiveRefused as exc:  # the warehouse row was tampered with, or NEWSMON_HOME moved
        log.warning("article %s: archived copy refused: %s (raw_ref %r)", article_id, exc, raw_ref)
        raise NoArchivedCopy(f"article {article_id}: archived copy refused: {exc}") from None
    except FileNotFoundError:
        raise NoArchivedCopy(f"article {article_id}: its archive file is gone") from None
    except (OSError, ValueError) as exc:
        raise NoArchivedCopy(f"article {article_id}: archived copy unreadable ({type(exc).__name__})") from None
    media_type, sent_type = served_type(response.headers)
    filename = safe_filename(response.url, media_type, article_id)
    headers = {"Content-Disposition": f'inline; filename="{filename}"', "X-Content-Type-Options": "nosniff",
               "Referrer-Policy": "no-referrer", "Cross-Origin-Resource-Policy": "same-origin",
               "Cache-Control": "private, no-cache"}
    if media_type != "application/pdf":  # a PDF under `sandbox` is not shown at all (no plugin)
        headers["Content-Security-Policy"] = STRICT_CSP
    return ArchivedCopy(response.body, sent_type, filename, response.url, headers)


def served_type(headers: dict[str, str]) -> tuple[str, str]:
    """(media type, Content-Type) to serve for archived response headers: the archived type when
    it is a plain `type/subtype` (with its charset), else application/octet-stream."""
    archived, media = content_type(headers)
    if not _MEDIA_TYPE.fullmatch(media):
        return FALLBACK_TYPE, FALLBACK_TYPE
    charset = _CHARSET.search(archived.partition(";")[2])
    return media, f"{media}; charset={charset.group(1)}" if charset else media


def safe_filename(url: str, media_type: str, article_id: str) -> str:
    """A file name for Content-Disposition: the URL's last path segment with everything but
    ASCII letters, digits, `.`, `_` and `-` replaced, and the type's extension."""
    try:
        segments = [s for s in urlsplit(url or "").path.split("/") if s]
    except ValueError:
        segments = []
    stem = _UNSAFE_NAME.sub("_", segments[-1] if segments else "").strip("._")[:100] or f"article-{article_id}"
    extension = _EXTENSIONS.get(media_type, "")
    if extension and not stem.lower().endswith(extension):
        stem = stem + "l" if extension == ".html" and stem.lower().endswith(".htm") else stem + extension
    return stem


def archive_link(prefix: str) -> Callable[[str], str]:
    """`id -> prefix + id` for the page's links, the id quoted for a URL path."""
    return lambda article_id: prefix + quote(str(article_id), safe="")

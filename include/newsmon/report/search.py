"""Search for the report's search box (the plugin's JSON endpoint calls this).

Why a fallback: the warehouse's full-text index (BM25 over titles and bodies) is built by
loads and may not exist in a given warehouse yet. Until it answers, the warehouse's
substring match over title, author and body keeps the search box useful; both come back
here in the same row shape.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from newsmon.warehouse import full_text_search, substring_search

log = logging.getLogger("newsmon.report")

RESULT_FIELDS = ("article_id", "source", "run_date", "language", "section", "title", "author", "url")


def search_articles(query: str, lang: str | None = None, limit: int = 20,
                    path: Path | str | None = None, source: str | None = None) -> list[dict[str, Any]]:
    """Articles matching `query` (optionally in one language, of one source), best first, as
    plain dicts."""
    query = (query or "").strip()
    if not query:
        return []
    limit = max(1, min(int(limit), 100))
    found = _full_text(query, lang, limit, path, source)
    if found is not None:
        return found
    return [_shape(row) for row in substring_search(query, lang=lang, limit=limit, path=path,
                                                                 source=source)]


def _full_text(query: str, lang: str | None, limit: int, path: Path | str | None,
               source: str | None) -> list[dict[str, Any]] | None:
    """The warehouse's BM25 search with snippets; None to fall back (no index built yet)."""
    try:
        rows = full_text_search(query, lang=lang, limit=limit, path=path, source=source)
    except Exception as exc:  # noqa: BLE001 - SearchUnavailable until a load builds the index; the fallback still answers
        log.info("full-text search unavailable (%s); using substring match", exc)
        return None
    return [_shape(row) for row in rows]


def _shape(row: Any) -> dict[str, Any]:
    row = dict(row)
    out = {name: row.get(name) for name in RESULT_FIELDS}
    out["snippet"] = row.get("snippet")
    if out["run_date"] is not None:
        out["run_date"] = str(out["run_date"])
    return out

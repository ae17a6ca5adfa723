"""An HTML article of a news source to an `ArticleRecord`: the same contract as
`parse_pdf_article`, so the pipeline, the quality gate and the warehouse cannot tell which
format a record came from.

The body is trafilatura's (the best-scoring open extractor on article benchmarks): main
content only, no comments, tables only where they are part of the content, paragraphs
separated by a blank line. The metadata comes from the page's own evidence (`html_meta`).
Both go through the PDF path's normalisation (`normalize_text`, `letter_forms`): NFC,
Persian letter forms, ZWNJ kept, no bidi or control characters.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from typing import Any

from newsmon.parse.article import ParseError
from newsmon.parse.evidence import Evidence
from newsmon.parse.html_meta import PageMeta, read_meta
from newsmon.parse.html_page import Page, clean, parse_tree
from newsmon.parse.language import detect_language
from newsmon.parse.text import ZWNJ, letter_forms
from newsmon.records import ArticleRecord, count_and_hash, make_article_id
from newsmon.sources.profile import SourceProfile

_SNIFF_BYTES = 65536  # markers after a PHP warning or a long comment still count
_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<article", b"<meta", b"<title", b"<p>", b"<div")
_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_BINARY_BYTES = 1024
# Less main text than this (in words, and in letters for scripts written without spaces) is no
# article but an error page, a menu or a list of links: a ParseError. A short article above it
# is the quality gate's to judge (min_body_words).
MIN_BODY_WORDS = 10
MIN_BODY_LETTERS = 50


def looks_like_html(data: bytes) -> bool:
    """Whether `data` starts like an HTML document (markup first, an HTML tag early on; a
    UTF-16 page by its byte-order mark). A NUL in the first bytes is a binary file; later
    on, real pages have them (a stray run in a CMS template)."""
    head = data[:_SNIFF_BYTES]
    for bom, codec in _UTF16_BOMS:
        if head.startswith(bom):
            head = head[len(bom):].decode(codec, errors="replace").encode("utf-8")
    head = head.removeprefix(_BOM).lstrip().lower()
    if not head.startswith(b"<") or b"\x00" in head[:_BINARY_BYTES]:
        return False
    return any(marker in head for marker in _HTML_MARKERS)


def parse_html_article(data: bytes, *, url: str, profile: SourceProfile, canonical_url: str | None = None,
                       fetched_at: dt.datetime | None = None, raw_ref: str | None = None,
                       evidence: Evidence | None = None) -> ArticleRecord:
    """Parse one article page; raises ParseError with a one-line reason for a page that is
    no article (empty, not HTML, no body text). `evidence` receives where each field came from."""
    tree = _tree(data)
    page = Page.of(tree)
    meta = read_meta(page, profile, url)
    if evidence is not None:
        for name, where in meta.evidence.items():
            evidence.note(name, where)
    paragraphs = _body(copy.deepcopy(tree), url, meta)
    words = sum(len(p.split()) for p in paragraphs)
    letters = sum(ch.isalpha() for p in paragraphs for ch in p)  # Chinese and Japanese write no spaces
    if words < MIN_BODY_WORDS and letters < MIN_BODY_LETTERS:  # an error page ("404"), a menu, a page of links
        raise ParseError(f"no article body in the page ({words} word(s) of main text"
                         + (f", title {meta.title!r})" if meta.title else ")"))
    language = detect_language(f"{meta.title or ''}\n" + "\n".join(paragraphs)) or _known(meta.language_hint, profile)
    body = letter_forms("\n\n".join(paragraphs), language) or ""
    word_count, sha256 = count_and_hash(body)
    section = letter_forms(meta.section, language)
    canonical = canonical_url or url
    return ArticleRecord(
        article_id=make_article_id(profile.name, canonical),
        source=profile.name,
        url=canonical,
        section=section,
        language=language,
        title=letter_forms(meta.title, language),
        author=letter_forms(meta.author, language),
        published_date=meta.date,
        original_published_date=None,
        body_text=body,
        captions=[letter_forms(c, language) or "" for c in meta.captions],
        word_count=word_count,
        content_sha256=sha256,
        fetched_at=fetched_at,
        raw_ref=raw_ref,
        published_date_raw=meta.date_raw,
        parse_warnings=_warnings(meta, section, profile),
    )


def _tree(data: bytes) -> Any:
    """The page's element tree; ParseError for bytes that are empty or no HTML."""
    if not data.strip():
        raise ParseError("empty document")
    if not looks_like_html(data):
        raise ParseError(f"not an HTML document (starts with {data[:8]!r})")
    try:
        tree = parse_tree(data)
    except (ValueError, TypeError) as exc:  # lxml's ParserError is a ValueError
        raise ParseError(f"unreadable HTML ({exc.__class__.__name__}: {exc})") from None
    if tree is None:
        raise ParseError("unreadable HTML (no document tree)")
    return tree


def _body(tree: Any, url: str, meta: PageMeta) -> list[str]:
    """The article's paragraphs: trafilatura's main text, one paragraph a line, without the
    lines the metadata already holds (title, byline, dateline, captions). Menus, comments and
    footers are trafilatura's to leave out (a second guess here, by class names, lost real
    articles that sites put in a "sidebar" or "widget" container). `tree` is a copy:
    trafilatura prunes the tree it is given."""
    import trafilatura

    tree, placeholder = _zwnj_kept(tree)
    text = trafilatura.extract(tree, url=url, output_format="txt", include_comments=False, include_tables=True,
                               include_images=False, include_links=False, deduplicate=False)
    skip = {meta.title, *meta.used_lines, *meta.captions} - {None}
    paragraphs = []
    text = (text or "").replace(placeholder, ZWNJ) if placeholder else (text or "")
    for line in text.splitlines():
        line = clean(_LIST_MARK.sub("", line))
        if line and line not in skip:
            paragraphs.append(line)
    return paragraphs


def _zwnj_kept(tree: Any) -> tuple[Any, str | None]:
    """The tree with every ZWNJ replaced by a printable stand-in, and the stand-in.

    trafilatura drops every character that is not printable (`str.isprintable`), ZWNJ
    (U+200C, a format character) included, and Dari and Pashto words lose their shape
    ("سنگ‌ها" becomes "سنگها"). A symbol the page does not use stands in for it and is turned
    back into ZWNJ in the extracted text."""
    text = "".join(tree.itertext())
    placeholder = next((ch for ch in _STAND_INS if ch not in text), None)
    if placeholder is None:  # a page that uses every stand-in: its ZWNJs are trafilatura's to drop
        return tree, None
    if ZWNJ in text:
        for element in tree.iter():
            if element.text and ZWNJ in element.text:
                element.text = element.text.replace(ZWNJ, placeholder)
            if element.tail and ZWNJ in element.tail:
                element.tail = element.tail.replace(ZWNJ, placeholder)
    return tree, placeholder


_STAND_INS = "".join(map(chr, range(0x2BD1, 0x2BE1)))  # symbols (category So): printable, rare in news
_LIST_MARK = re.compile(r"^- ")  # trafilatura's mark before a list item in text output


def _known(hint: str | None, profile: SourceProfile) -> str | None:
    """The page's declared language when the text was too short to tell, if the source publishes it."""
    return hint if hint in profile.languages else None


def _warnings(meta: PageMeta, section: str | None, profile: SourceProfile) -> list[str]:
    """The PDF path's warnings, for the quality gate to judge alike (the section in the
    language's letter forms, as the profile writes it)."""
    warnings = []
    if meta.date is None:
        warnings.append("no_header_date")
    if not meta.title:
        warnings.append("no_title")
    if not meta.author:
        warnings.append("no_byline")
    if section is None:
        warnings.append("no_section")
    elif section not in profile.section_names():
        warnings.append("unknown_section")
    return warnings

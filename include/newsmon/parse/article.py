"""A PDF article of a news source to an `ArticleRecord`.

The layout model (afgazad's, and that of most PDF-publishing sites): a header block
(site name, motto, web address, e-mail, section labels), then byline and date, a bold
title, the body with images and bold captions, and sometimes the date of the original
publication as the last line. Pages carry page numbers in the footer.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import statistics
from dataclasses import dataclass

from newsmon.parse import layout
from newsmon.parse.dates import parse_date
from newsmon.parse.language import detect_language
from newsmon.parse.pdf import Line, PdfError, read_pdf
from newsmon.parse.text import has_arabic_script, letter_forms, letters_only, normalize_text
from newsmon.records import ArticleRecord, content_hash, count_words, make_article_id
from newsmon.sources.profile import SourceProfile

_BYLINE_PREFIX = re.compile(
    r"^(?:by|von|par|por|di|da|door|av|af|نویسنده|نوشته|نوشتۀ|نوشته‌ی|از|لیکوال|ليکوال|لیکنه|ژباړه|ترجمه|برگردان)"
    r"\s*[:：]?\s+", re.IGNORECASE)
# A web address or an e-mail address ("\S+@\S+\.\w+" somewhere, written so that a search
# tries only at "@" instead of at every character of every word).
_CONTACT = re.compile(r"www\.|https?://|(?<=\S)@\S+\.\w", re.IGNORECASE)


class ParseError(ValueError):
    """A document that does not yield an article; the message says why."""


@dataclass
class Header:
    section: str | None
    author: str | None
    date: dt.date | None
    date_raw: str | None
    title: str | None
    body_start: int


def parse_pdf_article(data: bytes, *, url: str, profile: SourceProfile,
                      canonical_url: str | None = None, fetched_at: dt.datetime | None = None,
                      raw_ref: str | None = None) -> ArticleRecord:
    """Parse one article PDF; raises ParseError with a one-line reason."""
    try:
        pdf = read_pdf(data)
    except PdfError as exc:
        raise ParseError(str(exc)) from None
    lines = layout.drop_page_furniture(pdf)
    for line in lines:
        line.text = normalize_text(line.text)
    lines = [line for line in lines if line.text]
    if not lines:
        raise ParseError("no text layer (image-only or empty PDF)")
    header = read_header(lines, profile)
    body_lines = lines[header.body_start:]
    paragraphs, captions = layout.paragraphs_and_captions(body_lines, pdf)
    original_date = None
    if paragraphs and len(paragraphs[-1]) < 60:
        original_date = parse_date(paragraphs[-1])
        if original_date:
            paragraphs.pop()
    language = detect_language(f"{header.title or ''}\n" + "\n".join(paragraphs))
    body = letter_forms("\n\n".join(paragraphs), language) or ""
    canonical = canonical_url or url
    return ArticleRecord(
        article_id=make_article_id(profile.name, canonical),
        source=profile.name,
        url=canonical,
        section=header.section,
        language=language,
        title=letter_forms(header.title, language),
        author=letter_forms(header.author, language),
        published_date=header.date,
        original_published_date=original_date,
        body_text=body,
        captions=[letter_forms(c, language) for c in captions],
        word_count=count_words(body),
        content_sha256=content_hash(body),
        fetched_at=fetched_at,
        raw_ref=raw_ref,
        published_date_raw=header.date_raw,
    )


def read_header(lines: list[Line], profile: SourceProfile) -> Header:
    """Section, byline, date and title from the lines before the body."""
    index = _skip_site_block(lines)
    section_keys = _section_keys(frozenset(profile.section_names()))
    labels: list[str] = []
    while index < len(lines) and letters_only(lines[index].text) in section_keys:
        labels.append(section_keys[letters_only(lines[index].text)])
        index += 1
    section = next((lbl for lbl in labels if not has_arabic_script(lbl)), labels[0] if labels else None)

    author = date = date_raw = None
    for _ in range(3):  # byline and date, in either order
        if index >= len(lines) or lines[index].bold and date is not None:
            break
        text = lines[index].text
        parsed = parse_date(text)
        if parsed and date is None:
            date, date_raw = parsed, text
        elif author is None and _looks_like_byline(lines, index):
            author = _BYLINE_PREFIX.sub("", text).strip() or None
        else:
            break
        index += 1
    title_lines, index = _title_lines(lines, index)
    title = " ".join(line.text for line in title_lines) or None
    return Header(section, author, date, date_raw, title, index)


@functools.lru_cache(maxsize=32)
def _section_keys(names: frozenset[str]) -> dict[str, str]:
    """Section labels by their letters: the same for every article of a source, so made once."""
    return {letters_only(name): name for name in names}


def _skip_site_block(lines: list[Line]) -> int:
    """Index of the first line after the site's own header (ending at its e-mail/web lines)."""
    last_contact = -1
    for i, line in enumerate(lines[:15]):
        if _CONTACT.search(line.text):
            last_contact = i
    return last_contact + 1


def _looks_like_byline(lines: list[Line], index: int) -> bool:
    text = lines[index].text
    if _BYLINE_PREFIX.match(text):
        return True
    # A bare name: a short line without sentence punctuation, not bold like the title.
    return (len(text.split()) <= 6 and not lines[index].bold and not re.search(r"[.!?؟:«»\"]|\d", text))


def _title_lines(lines: list[Line], index: int) -> tuple[list[Line], int]:
    """The title: the run of bold (or larger) lines; else the one next line."""
    if index >= len(lines):
        return [], index
    body_size = statistics.median(line.size for line in lines[index:])
    start = index
    while index < len(lines) and (lines[index].bold or lines[index].size > body_size + 0.5) \
            and (index == start or lines[index].size == lines[start].size):
        index += 1
    if index == start:
        index += 1
    return lines[start:index], index

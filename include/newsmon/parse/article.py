"""A PDF article of a news source to an `ArticleRecord`.

The layout model (afgazad's, and that of most PDF-publishing sites): a header (the site's
own block, section labels, byline, date and title, in whatever order and typography the
producer chose: see `header`), then the body with images and their captions, and sometimes
the date of the original publication as the last line. Pages carry running heads and
page numbers.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

from newsmon.parse import layout, textlayer
from newsmon.parse.bidi_numbers import typed_order
from newsmon.parse.dates import parse_date
from newsmon.parse.evidence import Evidence
from newsmon.parse.header import read_header
from newsmon.parse.language import detect_language
from newsmon.parse.pdf import Line, PdfError, PdfText, open_pdf
from newsmon.parse.style import body_style
from newsmon.parse.text import count_controls, letter_forms, normalize_text, zwnj_as_elsewhere
from newsmon.records import ArticleRecord, count_and_hash, make_article_id
from newsmon.sources.profile import SourceProfile


class ParseError(ValueError):
    """A document that does not yield an article; the message says why."""


def parse_pdf_article(data: bytes, *, url: str, profile: SourceProfile,
                      canonical_url: str | None = None, fetched_at: dt.datetime | None = None,
                      raw_ref: str | None = None, evidence: Evidence | None = None) -> ArticleRecord:
    """Parse one article PDF; raises ParseError with a one-line reason.

    What the parser could not establish (no date, no title, an unknown section...) is listed
    in `parse_warnings`; the quality gate decides which of those keep a record out. With an
    `evidence`, the page and line each field was read from is noted in it (`newsmon source try`).
    """
    try:
        with open_pdf(data) as pdf:
            return _article(pdf, url=url, profile=profile, canonical_url=canonical_url, fetched_at=fetched_at,
                            raw_ref=raw_ref, evidence=evidence)
    except PdfError as exc:
        raise ParseError(str(exc)) from None


def _article(pdf: PdfText, *, url: str, profile: SourceProfile, canonical_url: str | None,
             fetched_at: dt.datetime | None, raw_ref: str | None, evidence: Evidence | None = None) -> ArticleRecord:
    lines, text_warnings = _read_lines(pdf, profile)
    style = body_style(lines)
    join = layout.joiner(pdf, lines)  # a word TeX broke at a line end, whole again in the title and body
    header = read_header(lines, profile, style, join, whole_numbers=_sets_whole_numbers(pdf), pictures=pdf.pictures_on)
    body_lines = header.kept + lines[header.body_start:]
    _numbers_in_typed_order(body_lines, pdf)
    paragraphs, captions = layout.paragraphs_and_captions(body_lines, pdf, style, join)
    original_date = original_text = None
    if paragraphs and len(paragraphs[-1]) < 60:
        original_date = parse_date(paragraphs[-1])
        if original_date:
            original_text = paragraphs.pop()
    if not paragraphs:
        raise ParseError(f"no body text after the header (title {_quoted(header.title)})")
    texts = zwnj_as_elsewhere([header.title or "", *paragraphs, *captions])
    title, paragraphs, captions = texts[0], texts[1:1 + len(paragraphs)], texts[1 + len(paragraphs):]
    language = detect_language(f"{title}\n" + "\n".join(paragraphs))
    body = letter_forms("\n\n".join(paragraphs), language) or ""
    word_count, sha256 = count_and_hash(body)
    canonical = canonical_url or url
    warnings = header.warnings + text_warnings
    if textlayer.suspicious(header.title, profile.languages):
        warnings.append("suspicious_title")
    if evidence is not None:
        from newsmon.parse.pdf_evidence import note_pdf_evidence

        note_pdf_evidence(evidence, pdf, header, lines[header.body_start:header.body_start + 1], original_text)
    return ArticleRecord(
        article_id=make_article_id(profile.name, canonical),
        source=profile.name,
        url=canonical,
        section=letter_forms(header.section, language),
        language=language,
        title=letter_forms(title or None, language),
        author=letter_forms(header.author, language),
        published_date=header.date,
        original_published_date=original_date,
        body_text=body,
        captions=[letter_forms(c, language) or "" for c in captions],
        word_count=word_count,
        content_sha256=sha256,
        fetched_at=fetched_at,
        raw_ref=raw_ref,
        published_date_raw=letter_forms(header.date_raw, language),
        parse_warnings=warnings,
    )


def _read_lines(pdf: PdfText, profile: SourceProfile) -> tuple[list[Line], list[str]]:
    """The document's lines without page furniture, normalised, and warnings about their text;
    ParseError when there is no text to read (a scan, fonts without a usable character map)."""
    lines = layout.drop_page_furniture(pdf)
    controls = count_controls("".join(line.text for line in lines))  # what normalising drops unseen
    for line in lines:
        line.text = normalize_text(line.text)
    lines = [line for line in lines if line.text]
    if not lines:
        raise ParseError(f"no text layer ({pdf.page_count} page(s), {len(pdf.pictures)} image(s): "
                         "image-only or empty PDF)")
    verdict = textlayer.judge_text_layer(lines, pdf, profile.languages, controls)
    if verdict.problem:
        raise ParseError(verdict.problem)
    return lines, verdict.warnings


def _numbers_in_typed_order(lines: list[Line], pdf: PdfText) -> None:
    """The signed numbers of the body's right-to-left lines in the order they were typed
    (bidi_numbers). Word processors and browsers run the bidi algorithm on whole paragraphs: a
    number that opens a line takes its context from the line before. reportlab runs it on each
    line. The header's lines keep pdfium's text (a date's parts are read in either order)."""
    whole_numbers = _sets_whole_numbers(pdf)
    per_line = _PER_LINE_BIDI.search(pdf.producer or "") is not None
    before = ""
    for line in lines:
        text = line.text
        line.text = typed_order(text, whole_numbers, "" if per_line else before)
        before = text


def _sets_whole_numbers(pdf: PdfText) -> bool:
    """Does the writer set a number with its signs as one left-to-right box (a TeX engine), not
    by the Unicode bidi rules (word processors, browsers, Typst)?"""
    return layout.is_tex(pdf.producer) or layout.is_tex(pdf.creator)


# A writer that runs the bidi algorithm on each line of a paragraph on its own.
_PER_LINE_BIDI: Final = re.compile(r"\breportlab\b", re.IGNORECASE)


def _quoted(text: str | None) -> str:
    if not text:
        return "none"
    return repr(text if len(text) <= 60 else text[:59] + "…")

"""Ground truth of a variants document, from its ``Doc`` only (the keys of the mirror's JSON, plus more)."""

from __future__ import annotations

import re

from newsmon.records import content_hash, count_words, make_article_id
from tools.corpus.layout import Doc, Picture, Quote

SOURCE = "afgazad"
URL = "https://www.afgazad.com/pdf/variants/{doc_id}.pdf"


def printed_section(doc: Doc) -> str | None:
    """The English label when a profile label is printed in English; else the label as printed."""
    if not doc.labels:
        return None
    if doc.recipe.labels in ("one_line", "lines_en_first", "lines_fa_first", "en_only"):
        return doc.article.section
    return doc.labels[0]


def ground_truth(doc: Doc) -> dict:
    url = URL.format(doc_id=doc.doc_id)
    body = "\n\n".join(doc.paragraphs)
    return {
        "article_id": make_article_id(SOURCE, url),
        "source": SOURCE,
        "url": url,
        "section": printed_section(doc),
        "language": doc.lang,
        "title": " ".join(doc.title_lines),
        "author": doc.article.author if doc.byline else None,
        "published_date": doc.day.isoformat(),
        "published_date_raw": doc.date_text,
        "original_published_date": doc.original.isoformat() if doc.original else None,
        "body_text": body,
        "captions": doc.captions,
        "word_count": count_words(body),
        "content_sha256": content_hash(body),
        "producer": doc.recipe.producer,
        "partition": doc.recipe.partition,
        "recipe": doc.recipe.to_dict(),
        "tags": content_tags(doc) + layout_tags(doc),
    }


def content_tags(doc: Doc) -> list[str]:
    """Like the mirror generator's spec_tags: what the text asks of a parser."""
    text = " ".join(doc.paragraphs)
    rtl = doc.rtl
    checks = [
        (f"lang:{doc.lang}", True), (f"producer:{doc.recipe.producer}", True), ("caption", bool(doc.captions)),
        ("solar_hijri", doc.recipe.date_format.startswith("shamsi")), ("original_date", doc.original is not None),
        ("no_author", doc.byline is None), ("bare_byline", doc.byline is not None and not doc.recipe.prefix),
        ("zwnj", "\u200c" in text + " ".join(doc.title_lines)),
        ("latin_in_rtl", rtl and bool(re.search(r"[A-Za-z]", text))),
        ("ascii_digits_in_rtl", rtl and bool(re.search(r"[0-9]", text))),
        ("persian_digits_in_body", rtl and bool(re.search("[\u06f0-\u06f9]", text))),
        ("hamza_above", bool(re.search("[\u06c0\u0654]", text + " ".join(doc.title_lines)))),
        ("mirrored_punctuation", rtl and bool(re.search("[«»()]", text))),
        ("ezafe_kasra", rtl and bool(re.search("\u0650\\s", text))),
        ("hyphenated_rtl", rtl and bool(re.search(r"[\u0600-\u06ff]-[\u0600-\u06ff]", text))),
        ("lam_alef", rtl and "لا" in text),
    ]
    return [tag for tag, on in checks if on]


def layout_tags(doc: Doc) -> list[str]:
    r = doc.recipe
    tags = [f"labels:{r.labels}", f"byline_date:{r.byline_date_style}", f"date:{r.date_format}",
            f"title:{r.title_weight}", f"title_lines:{r.title_lines}", f"title_align:{r.title_align}",
            f"site:{r.site}", f"running_header:{r.running_header}", f"footer:{r.footer}",
            f"font:{r.arabic_font}", f"latin_font:{r.latin_font}", f"images:{r.images}"]
    if r.header_table:
        tags.append("header_table")
    if r.prefix is not None:
        tags.append(f"byline_prefix:{r.prefix.strip() or 'none'}")
    if any(isinstance(b, Quote) for b in doc.body):
        tags.append("pull_quote")
    if any(isinstance(b, Picture) for b in doc.body):
        tags.append(f"caption_style:{r.caption_style}")
    return tags

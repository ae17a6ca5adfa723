"""Checks on each produced PDF (text extractable, /ReversedChars where expected) and the corpus summary.

These read the PDF only to check the producer did its job and to tag page counts;
no truth field comes from here.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections import Counter
from dataclasses import dataclass

import pypdfium2 as pdfium

from tools.corpus.layout import Doc

STREAM = re.compile(rb"stream\r?\n")


def has_reversed_chars(data: bytes) -> bool:
    """Whether any (Flate-compressed or plain) content stream marks content /ReversedChars."""
    if b"/ReversedChars" in data:
        return True
    for m in STREAM.finditer(data):
        end = data.find(b"endstream", m.end())
        try:
            chunk = zlib.decompressobj().decompress(data[m.end():end])
        except zlib.error:
            continue
        if b"/ReversedChars" in chunk:
            return True
    return False


def page_texts(data: bytes) -> list[str]:
    doc = pdfium.PdfDocument(data)
    try:
        out = []
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            out.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return out
    finally:
        doc.close()


# Legacy Persian fonts (Nazli) map Persian yeh/kaf glyphs to the Arabic letters; compare past that.
LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "\u200c": None, "\ufffe": None})


def _words(text: str) -> Counter:
    text = unicodedata.normalize("NFKC", text).translate(LETTERS)
    return Counter(w.strip(".,;:!?()«»\"'،؛") for w in text.split() if w.strip(".,;:!?()«»\"'،؛"))


@dataclass
class Checked:
    pages: int
    raw_recall: float      # share of body words (multiset) that pdfium's raw text has
    reversed_chars: bool
    problems: list[str]


def check_pdf(doc: Doc, data: bytes) -> Checked:
    texts = page_texts(data)
    want = _words(" ".join(doc.paragraphs))
    got = _words(" ".join(texts))
    recall = sum((want & got).values()) / max(1, sum(want.values()))
    reversed_chars = has_reversed_chars(data)
    problems = []
    if not any(t.strip() for t in texts):
        problems.append("no text layer")
    if doc.recipe.producer == "chromium_naskh" and not reversed_chars:
        problems.append("chromium_naskh without /ReversedChars")
    floor = 0.3 if doc.recipe.producer == "chromium_naskh" else 0.6
    if recall < floor:
        problems.append(f"pdfium finds only {recall:.2f} of the body words")
    return Checked(len(texts), round(recall, 3), reversed_chars, problems)


def summary_table(truths: list[dict]) -> str:
    """partition x producer x language counts, as plain text."""
    langs = ["fa", "ps", "en", "de", "fr"]
    counts = Counter((t["partition"], t["producer"], t["language"]) for t in truths)
    rows = [["partition", "producer", *langs, "total"]]
    for partition in ("dev", "heldout"):
        producers = sorted({p for (part, p, _) in counts if part == partition})
        for producer in producers:
            cells = [counts[(partition, producer, lang)] for lang in langs]
            rows.append([partition, producer, *map(str, cells), str(sum(cells))])
        if producers:
            cells = [sum(counts[(partition, p, lang)] for p in producers) for lang in langs]
            rows.append([partition, "(all)", *map(str, cells), str(sum(cells))])
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths)) for r in rows)

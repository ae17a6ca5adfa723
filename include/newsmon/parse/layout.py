"""Page layout: page furniture, paragraphs and captions from positioned lines.

Justified text makes paragraph ends visible: every line of a paragraph spans the text
block except the last, which stops short (on the right for left-to-right text, on the
left for right-to-left text). Paragraph spacing, where the document has it, is a
second signal. A page break inside a paragraph is therefore a full last line.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter

from newsmon.parse.dates import to_ascii_digits
from newsmon.parse.pdf import Line, PdfText
from newsmon.parse.text import has_arabic_script

_PAGE_NUMBER = re.compile(r"^(?:page|seite|صفحه|مخ)?\s*[-–(]?\s*\d{1,4}\s*[-–)]?\s*(?:(?:of|von|/|از)\s*\d{1,4})?$",
                          re.IGNORECASE)
MARGIN_SHARE = 0.09  # top and bottom share of the page where running heads and footers live


def drop_page_furniture(pdf: PdfText) -> list[Line]:
    """Lines without page numbers and running headers/footers (text repeated on pages)."""
    margin = pdf.page_height * MARGIN_SHARE
    in_margin = [line for line in pdf.lines
                 if line.top > pdf.page_height - margin or line.bottom < margin]
    repeated = Counter(line.text.strip() for line in in_margin)
    furniture = {text for text, n in repeated.items() if pdf.page_count > 1 and n >= 2}
    kept = []
    for line in pdf.lines:
        text = line.text.strip()
        at_edge = line.top > pdf.page_height - margin or line.bottom < margin
        if at_edge and (_PAGE_NUMBER.match(to_ascii_digits(text)) or text in furniture):
            continue
        kept.append(line)
    return kept


def paragraphs_and_captions(lines: list[Line], pdf: PdfText) -> tuple[list[str], list[str]]:
    """Body paragraphs and image captions (bold blocks), both as lists of text."""
    if not lines:
        return [], []
    left = _percentile([line.x0 for line in lines], 0.1)
    right = _percentile([line.x1 for line in lines], 0.9)
    tolerance = max(6.0, (right - left) * 0.03)
    pitch = _line_pitch(lines)
    full = [_is_full(line, left, right, tolerance) for line in lines]
    # Justified text: most lines span the block. Ragged text has only spacing to go by.
    justified = sum(full) >= 0.5 * len(lines)
    paragraphs: list[list[Line]] = []
    for i, line in enumerate(lines):
        if i == 0 or _starts_paragraph(lines[i - 1], line, full[i - 1], pitch, justified):
            paragraphs.append([line])
        else:
            paragraphs[-1].append(line)
    body, captions = [], []
    for block in paragraphs:
        text = join_lines([line.text for line in block])
        (captions if all(line.bold for line in block) else body).append(text)
    return body, captions


def _starts_paragraph(prev: Line, line: Line, prev_full: bool, pitch: dict[float, float], justified: bool) -> bool:
    if prev.bold != line.bold or abs(prev.size - line.size) > 0.5:
        return True
    if line.page == prev.page and prev.baseline - line.baseline > pitch.get(prev.size, 1e9) * 1.15:
        return True  # paragraph spacing, or an image, between the two lines
    return justified and not prev_full


def _is_full(line: Line, left: float, right: float, tol: float) -> bool:
    """Does the line reach the far edge of the text block (where justified lines end)?"""
    return line.x0 <= left + tol if has_arabic_script(line.text) else line.x1 >= right - tol


def _line_pitch(lines: list[Line]) -> dict[float, float]:
    """The usual baseline-to-baseline distance of consecutive lines, per font size."""
    by_size: dict[float, list[float]] = {}
    for a, b in zip(lines, lines[1:]):
        if a.page == b.page and a.size == b.size and a.baseline > b.baseline:
            by_size.setdefault(a.size, []).append(a.baseline - b.baseline)
    return {size: statistics.median(gaps) for size, gaps in by_size.items()}


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def join_lines(texts: list[str]) -> str:
    """Lines of one paragraph to one string; a line ending in a hyphen joins without a space."""
    out = ""
    for text in texts:
        text = text.strip()
        if not out:
            out = text
        elif out.endswith("-") and out[-2:-1].isalnum() and text[:1].isalnum():
            out += text
        else:
            out += " " + text
    return out

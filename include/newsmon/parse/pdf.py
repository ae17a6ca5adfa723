"""PDF to positioned text lines, with pypdfium2.

pdfium returns Arabic-script text in logical order with base letters, which no other
extractor here does (PLATFORM_NOTES.md). Lines keep their geometry and font so the
article parser can tell the title, captions, paragraph ends and page furniture apart.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from newsmon.parse.arabic import ARABIC_LETTERS, repair_line

MAX_PAGES = 200


class PdfError(ValueError):
    """A document that cannot be read as a PDF with text."""


@dataclass
class Line:
    text: str
    page: int
    x0: float
    x1: float
    top: float      # PDF user space: y grows upwards
    bottom: float
    baseline: float
    size: float
    bold: bool


@dataclass
class PdfText:
    lines: list[Line]
    page_count: int
    page_width: float
    page_height: float
    producer: str


def read_pdf(data: bytes, max_pages: int = MAX_PAGES) -> PdfText:
    if not data:
        raise PdfError("empty file (0 bytes)")
    if not data.lstrip()[:5] == b"%PDF-":
        raise PdfError("not a PDF (no %PDF- signature)")
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise PdfError(_pdfium_reason(exc)) from None
    try:
        if len(doc) > max_pages:
            raise PdfError(f"{len(doc)} pages, more than the limit of {max_pages}")
        lines: list[Line] = []
        width = height = 0.0
        for number in range(len(doc)):
            page = doc[number]
            width, height = page.get_size()
            lines.extend(_page_lines(page, number))
        producer = doc.get_metadata_dict().get("Producer", "")
        return PdfText(lines, len(doc), width, height, producer)
    finally:
        doc.close()


def _pdfium_reason(exc: Exception) -> str:
    text = str(exc)
    if "password" in text.lower():
        return "encrypted PDF (password required)"
    if "format" in text.lower():
        return "damaged or truncated PDF (pdfium: data format error)"
    return f"unreadable PDF ({text})"


def _page_lines(page: pdfium.PdfPage, number: int) -> list[Line]:
    textpage = page.get_textpage()
    text = textpage.get_text_range()
    lines = []
    for start, end in _line_spans(text):
        lines.append(_line(textpage, text[start:end].replace("\ufffe", "-"), start, end, number))
    return lines


def _line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank visual line of pdfium's page text.

    pdfium glues a line that ends in a hyphen to the next one, marking the hyphen as
    U+FFFE: split there again, so each line keeps its own position (the hyphen stays,
    as word processors here do not hyphenate words on their own).
    """
    spans = []
    start = 0
    for raw_line in text.split("\r\n"):
        end = start + len(raw_line)
        piece = start
        for i in range(start, end):
            if text[i] == "\ufffe":
                spans.append((piece, i + 1))
                piece = i + 1
        spans.append((piece, end))
        start = end + 2
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _line(textpage: pdfium.PdfTextPage, text: str, start: int, end: int, page: int) -> Line:
    if ARABIC_LETTERS.isdisjoint(text):
        boxes = [textpage.get_rect(i) for i in range(textpage.count_rects(start, end - start))]
    else:  # Arabic script needs every glyph's box for its repairs; the line's box comes with them
        char_boxes = _char_boxes(textpage, start, end)
        text = repair_line(text, char_boxes)
        boxes = [b for b in char_boxes if b[2] > b[0]]  # generated spaces have no width
    if not boxes:
        boxes = [textpage.get_charbox(start)]
    mid = start + (end - start) // 2
    size = pdfium_c.FPDFText_GetFontSize(textpage.raw, mid)
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    pdfium_c.FPDFText_GetCharOrigin(textpage.raw, mid, ctypes.byref(origin_x), ctypes.byref(origin_y))
    return Line(text, page, min(b[0] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes),
                min(b[1] for b in boxes), origin_y.value, round(size, 1), _is_bold(textpage, mid))


# FPDFText_GetCharBox without ctypes' per-argument type conversion: the boxes of Arabic-
# script lines are the parser's hottest loop (one call per character), and plain
# addresses into one buffer halve its cost.
_GET_CHAR_BOX = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p,
                                 ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p)(
    ctypes.cast(pdfium_c.FPDFText_GetCharBox, ctypes.c_void_p).value)


def _char_boxes(textpage: pdfium.PdfTextPage, start: int, end: int) -> list[tuple[float, float, float, float]]:
    """(left, bottom, right, top) of each character from `start` to `end`."""
    buffer = (ctypes.c_double * (4 * (end - start)))()
    base = ctypes.addressof(buffer)
    handle = ctypes.cast(textpage.raw, ctypes.c_void_p).value
    for n, index in enumerate(range(start, end)):
        slot = base + 32 * n  # left, right, bottom, top as pdfium writes them
        _GET_CHAR_BOX(handle, index, slot, slot + 8, slot + 16, slot + 24)
    values = memoryview(buffer).cast("B").cast("d").tolist()
    return list(zip(values[0::4], values[2::4], values[1::4], values[3::4]))


def _is_bold(textpage: pdfium.PdfTextPage, index: int) -> bool:
    buf = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    pdfium_c.FPDFText_GetFontInfo(textpage.raw, index, buf, 128, ctypes.byref(flags))
    name = buf.value.decode("latin-1").lower()
    return "bold" in name or "black" in name or pdfium_c.FPDFText_GetFontWeight(textpage.raw, index) >= 600

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

from newsmon.parse.arabic import is_arabic_letter, repair_line

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
    images: list[tuple[int, float, float]]  # (page, top, bottom) of each image
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
        images: list[tuple[int, float, float]] = []
        width = height = 0.0
        for number in range(len(doc)):
            page = doc[number]
            width, height = page.get_size()
            lines.extend(_page_lines(page, number))
            images.extend((number, obj.get_bounds()[3], obj.get_bounds()[1])
                          for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]))
        producer = doc.get_metadata_dict().get("Producer", "")
        return PdfText(lines, len(doc), width, height, images, producer)
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
    start = 0
    for raw_line in text.split("\r\n"):
        end = start + len(raw_line)
        if raw_line.strip():
            lines.append(_line(textpage, raw_line, start, end, number))
        start = end + 2
    return lines


def _line(textpage: pdfium.PdfTextPage, text: str, start: int, end: int, page: int) -> Line:
    count = textpage.count_rects(start, end - start)
    boxes = [textpage.get_rect(i) for i in range(count)]
    if not boxes:
        boxes = [textpage.get_charbox(start)]
    x0 = min(b[0] for b in boxes)
    x1 = max(b[2] for b in boxes)
    if any(is_arabic_letter(ch) for ch in text):
        char_boxes = [textpage.get_charbox(i) for i in range(start, end)]
        text = repair_line(text, char_boxes)
    mid = start + (end - start) // 2
    size = pdfium_c.FPDFText_GetFontSize(textpage.raw, mid)
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    pdfium_c.FPDFText_GetCharOrigin(textpage.raw, mid, ctypes.byref(origin_x), ctypes.byref(origin_y))
    return Line(text, page, x0, x1, max(b[3] for b in boxes), min(b[1] for b in boxes),
                origin_y.value, round(size, 1), _is_bold(textpage, mid))


def _is_bold(textpage: pdfium.PdfTextPage, index: int) -> bool:
    buf = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    pdfium_c.FPDFText_GetFontInfo(textpage.raw, index, buf, 128, ctypes.byref(flags))
    name = buf.value.decode("latin-1").lower()
    return "bold" in name or "black" in name or pdfium_c.FPDFText_GetFontWeight(textpage.raw, index) >= 600

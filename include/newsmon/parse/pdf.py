"""PDF to positioned text lines, with pypdfium2.

pdfium returns Arabic-script text in logical order with base letters, which no other
extractor here does (PLATFORM_NOTES.md). Lines keep their geometry and font so the
article parser can tell the title, captions, paragraph ends and page furniture apart.
"""

from __future__ import annotations

import ctypes
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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
        producer = doc.get_metadata_value("Producer")
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
    return [_line(textpage, text[start:end].replace("\ufffe", "-"), start, end, number)
            for start, end in _line_spans(text)]


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
        hyphen = text.find("\ufffe", start, end)
        while hyphen >= 0:
            spans.append((piece, hyphen + 1))
            piece = hyphen + 1
            hyphen = text.find("\ufffe", piece, end)
        spans.append((piece, end))
        start = end + 2
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _line(textpage: pdfium.PdfTextPage, text: str, start: int, end: int, page: int) -> Line:
    if not ARABIC_LETTERS.isdisjoint(text):  # Arabic script: repairs that read glyph boxes
        text = repair_line(text, functools.partial(_char_boxes, textpage, start))
    left, bottom, right, top = _text_box(textpage, start, end) or textpage.get_charbox(start)
    mid = start + (end - start) // 2
    handle = textpage.raw
    size = _GET_FONT_SIZE(handle, mid)
    _ORIGIN[1] = 0.0
    _GET_CHAR_ORIGIN(handle, mid, *_ORIGIN_XY)
    return Line(text, page, left, right, top, bottom, _ORIGIN[1], round(size, 1), _is_bold(textpage, mid))


def _bare(function: object, restype: type | None = ctypes.c_int) -> Callable[..., Any]:
    """A pdfium function that ctypes calls without converting its arguments.

    Glyph boxes (one call per character of Arabic-script lines) and the per-line font
    calls are the parser's hottest loops, where ctypes' per-argument conversion costs
    more than pdfium's own work. Callers pass only C ints (Python ints), ctypes objects
    and pointers made once into buffers that every call reuses (pdfium may not be
    called from two threads at once anyway). A function whose result is not used gets
    restype None, which spares converting it.
    """
    return ctypes.CFUNCTYPE(restype)(ctypes.cast(function, ctypes.c_void_p).value)


_GET_CHAR_BOX = _bare(pdfium_c.FPDFText_GetCharBox, None)
_COUNT_RECTS = _bare(pdfium_c.FPDFText_CountRects)
_GET_RECT = _bare(pdfium_c.FPDFText_GetRect, None)
_GET_CHAR_ORIGIN = _bare(pdfium_c.FPDFText_GetCharOrigin, None)
_GET_FONT_SIZE = _bare(pdfium_c.FPDFText_GetFontSize, ctypes.c_double)
_GET_FONT_INFO = _bare(pdfium_c.FPDFText_GetFontInfo, None)
_GET_FONT_WEIGHT = _bare(pdfium_c.FPDFText_GetFontWeight)
_FONT_NAME = ctypes.create_string_buffer(128)
_FONT_NAME_SIZE = ctypes.c_ulong(len(_FONT_NAME))
_DOUBLE = ctypes.c_double * 1


def _out_doubles(buffer: ctypes.Array, count: int) -> list[ctypes.Array]:
    """Out-parameters for pdfium: the `count` doubles of `buffer`, each as an array of one.
    ctypes passes an array as a pointer to its data, which costs less per call than a
    pointer object (c_void_p), whose conversion looks its type up every time."""
    return [_DOUBLE.from_buffer(buffer, 8 * k) for k in range(count)]


_ORIGIN = (ctypes.c_double * 2)()
_ORIGIN_XY = tuple(_out_doubles(_ORIGIN, 2))


class _BoxBuffer:
    """Room for the boxes of `size` characters, and out-parameters for each one's four doubles."""

    def __init__(self, size: int) -> None:
        self.values = (ctypes.c_double * (4 * size))()
        doubles = _out_doubles(self.values, 4 * size)
        self.slots = [tuple(doubles[4 * n:4 * n + 4]) for n in range(size)]


_box_buffer = _BoxBuffer(512)


def _char_boxes(textpage: pdfium.PdfTextPage, start: int,
                positions: list[int]) -> list[tuple[float, float, float, float]]:
    """(left, bottom, right, top) of the characters at `positions` of the line at `start`."""
    global _box_buffer
    if len(positions) > len(_box_buffer.slots):
        _box_buffer = _BoxBuffer(2 * len(positions))
    ctypes.memset(_box_buffer.values, 0, 32 * len(positions))  # no stale box where pdfium fails
    handle = textpage.raw
    for position, (left, right, bottom, top) in zip(positions, _box_buffer.slots):
        _GET_CHAR_BOX(handle, start + position, left, right, bottom, top)  # pdfium's order: l, r, b, t
    values = memoryview(_box_buffer.values).cast("B").cast("d")[:4 * len(positions)].tolist()
    return list(zip(values[0::4], values[2::4], values[1::4], values[3::4]))


def _text_box(textpage: pdfium.PdfTextPage, start: int, end: int) -> tuple[float, float, float, float] | None:
    """(left, bottom, right, top) around pdfium's text rects of the characters from `start`
    to `end` (the rects leave out generated spaces), or None when there is none."""
    global _box_buffer
    handle = textpage.raw
    count = _COUNT_RECTS(handle, start, end - start)
    if count <= 0:
        return None
    if count > len(_box_buffer.slots):
        _box_buffer = _BoxBuffer(2 * count)
    ctypes.memset(_box_buffer.values, 0, 32 * count)
    for index, (left, top, right, bottom) in zip(range(count), _box_buffer.slots):
        _GET_RECT(handle, index, left, top, right, bottom)  # pdfium's order: l, t, r, b
    if count == 1:  # most lines: one text object
        values = _box_buffer.values
        return values[0], values[3], values[2], values[1]
    values = memoryview(_box_buffer.values).cast("B").cast("d")[:4 * count].tolist()
    return min(values[0::4]), min(values[3::4]), max(values[2::4]), max(values[1::4])


def _is_bold(textpage: pdfium.PdfTextPage, index: int) -> bool:
    _FONT_NAME[0] = b"\0"  # an empty name where pdfium has none
    _GET_FONT_INFO(textpage.raw, index, _FONT_NAME, _FONT_NAME_SIZE, None)
    name = _FONT_NAME.value.lower()
    return b"bold" in name or b"black" in name or _GET_FONT_WEIGHT(textpage.raw, index) >= 600

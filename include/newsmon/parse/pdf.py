"""PDF to positioned text lines, with pypdfium2.

pdfium returns Arabic-script text in logical order with base letters, which no other
extractor here does (benchmarks/bench_parse_accuracy.py sets it beside pdfminer). Lines keep
their geometry and font so the article parser can tell the title, captions, paragraph ends
and page furniture apart.
"""

from __future__ import annotations

import bisect
import codecs
import contextlib
import ctypes
import functools
import itertools
import math
import operator
import re
import struct
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Final, cast

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from newsmon.parse import char_classes, glyph_text, native
from newsmon.parse.arabic import (
    ARABIC_LETTERS,
    ARABIC_MARKS,
    BARE_EDGE_EM,
    BARE_SAMPLE,
    JOIN_CLASSES,
    JOINED_INSIDE,
    JOINED_SPACE,
    JOINS_NEXT,
    KASHIDA_CLASSES,
    KASHIDA_INK_MAX,
    KASHIDA_TOUCH_PT,
    LIGATURE_PAIR_CLASSES,
    LONE_HEH,
    MARK_BRACKET_OR_LATIN_AT,
    NO_FORMS_PAIR,
    NON_LEFT_JOINING,
    SPACE_ADVANCE_EM,
    ZWNJ,
    ZWNJ_GAP_CLASSES,
    ZWNJ_GAP_CLASSES_SHAPED,
    ZWNJ_GAP_EM,
    Box,
    CompiledReads,
    Spacing,
    ligatures_reversed,
    may_miss_a_kerned_space,
    off_the_line,
    plain_space,
    plain_spaces_sampled,
    repair_line,
    spread,
    turned_lam_alefs,
)
from newsmon.parse.char_classes import ClassPlaces, ClassRuns
from newsmon.parse.displaced_punctuation import lone_punctuation, page_lone_punctuation, seat_displaced_punctuation
from newsmon.parse.drawn_order import JUMP_EMS as _JUMP_EMS
from newsmon.parse.drawn_order import SPACE_EMS as _SPACE_EMS
from newsmon.parse.drawn_order import as_drawn, logical_order
from newsmon.parse.latin_spaces import capital_joints, with_missed_spaces
from newsmon.parse.zwnj_spaces import (
    page_draws_spaces_as_zwnjs,
    page_draws_zwnj_spaces,
    spaces_for_moving_zwnjs,
    zwnjs_for_empty_spaces,
)

MAX_PAGES = 200


class PdfError(ValueError):
    """A document that cannot be read as a PDF with text."""


# (one for each line of the document: no instance dict to make; init=False and an __init__ of its own:
# the compiled parser makes it in C, where the one dataclasses writes runs as Python, ~8x slower)
@dataclass(slots=True, init=False)
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
    italic: bool = False
    # How far the first word reaches into the line with the space after it (see _lead); 0.0
    # where the line has one word or the page does not tell.
    lead: float = 0.0

    def __init__(self, text: str, page: int, x0: float, x1: float, top: float, bottom: float, baseline: float,
                 size: float, bold: bool, italic: bool = False, lead: float = 0.0) -> None:
        self.text, self.page, self.x0, self.x1, self.top, self.bottom = text, page, x0, x1, top, bottom
        self.baseline, self.size, self.bold, self.italic, self.lead = baseline, size, bold, italic, lead


@dataclass(frozen=True)
class Picture:
    """Where an image is drawn: captions are the text blocks that sit right under (or over) one."""

    page: int
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass
class PdfText:
    lines: list[Line]
    page_count: int
    page_width: float
    page_height: float
    producer: str
    # The program that made the document before the Producer wrote it as PDF: TeX's "XeTeX
    # output ..." stays when Ghostscript re-writes the file ("GPL Ghostscript ..." Producer).
    creator: str = ""
    # The document's loaded pages (pdfium's handles) while it is open (see open_pdf), and the
    # pictures read so far.
    _pages: list[Any] | None = field(default=None, repr=False)
    _pictures: dict[int, list[Picture]] = field(default_factory=dict, repr=False)

    def pictures_on(self, page: int) -> list[Picture]:
        """The images drawn on a page, read from the PDF the first time they are asked for
        (where the look at its objects before its text did not read them: see _scanned_page).

        Only a block that could be a caption asks, so most pages are never read for them: a
        browser's PDF draws a page as thousands of objects (one per glyph), all to be looked at."""
        if page not in self._pictures:
            if self._pages is None:
                raise PdfError("the PDF is closed: its pictures were not read while it was open")
            self._pictures[page] = _page_pictures(self._pages[page], page)
        return self._pictures[page]

    @property
    def pictures(self) -> list[Picture]:
        return [pic for page in range(self.page_count) for pic in self.pictures_on(page)]


def read_pdf(data: bytes, max_pages: int = MAX_PAGES) -> PdfText:
    """The document's lines and pictures, the PDF closed again (see open_pdf to read less)."""
    with open_pdf(data, max_pages) as pdf:
        pdf.pictures  # noqa: B018 - read every page's while the document is open
        return pdf


@contextlib.contextmanager
def open_pdf(data: bytes, max_pages: int = MAX_PAGES) -> Iterator[PdfText]:
    """The document's lines, with its pictures read on demand while the block is open."""
    if not data:
        raise PdfError("empty file (0 bytes)")
    if not data.lstrip()[:5] == b"%PDF-":
        raise PdfError("not a PDF (no %PDF- signature)")
    doc = _open_document(data)
    opened: list[PdfText] = []  # (its one PdfText, cut off from the pages at the end; a list: mypyc reads an
    # Optional local of a generator as set in a `finally` reached before it was)
    pages: list[Any] = []  # (see _loaded)
    pictures: dict[int, list[Picture]] = {}  # (read with the check of each page, see _scanned_page)
    try:
        count = pdfium_c.FPDF_GetPageCount(doc)
        if count > max_pages:
            raise PdfError(f"{count} pages, more than the limit of {max_pages}")
        try:
            lines, faces = _read_pages(doc, count, pages, pictures)
        except _MisplacedText:
            doc, data = _with_glyph_texts(doc, data, pages)  # (`data` is kept alive for pdfium)
            pictures = {}  # (the first document's: read again from the pages as asked)
            lines, faces = _read_pages(doc, count, pages, None)
        width, height = pdfium_c.FPDF_GetPageWidthF(pages[-1]), pdfium_c.FPDF_GetPageHeightF(pages[-1])
        lines = faces.regular(lines, {number: _handle_arg(page) for number, page in enumerate(pages)})
        opened.append(PdfText(lines, count, width, height, _metadata(doc, b"Producer"), _metadata(doc, b"Creator"),
                              pages, pictures))
        yield opened[0]
    finally:
        for pdf in opened:
            pdf._pages = None
        for page in pages:
            pdfium_c.FPDF_ClosePage(page)
        pdfium_c.FPDF_CloseDocument(doc)


class _MisplacedText(Exception):  # noqa: N818 - a signal, not an error
    """A page has an /ActualText that cannot be its glyph's (see glyph_text)."""


def _read_pages(doc: Any, count: int, pages: list[Any],
                pictures: dict[int, list[Picture]] | None) -> tuple[list[Line], _Faces]:
    """Every page's lines, each page loaded into `pages` (which the caller closes); with
    `pictures` (the check), _MisplacedText as soon as a page has a misplaced /ActualText
    (glyph_text), and the pictures of each page looked at into it (see _scanned_page)."""
    lines: list[Line] = []
    faces = _Faces()
    for number in range(count):
        _SCANNED_OBJECTS[0] = 0  # (kept for the page _scanned_page looks at, if it does)
        page = _loaded(pdfium_c.FPDF_LoadPage(doc, number), "page")
        pages.append(page)
        if pictures is not None and _scanned_page(page, number, pictures):
            raise _MisplacedText
        lost = pictures is not None and (_SCAN_COUNTS[2] > 0 if _NATIVE is not None else bool(_lost_objects(page)))
        textpage = _loaded(pdfium_c.FPDFText_LoadPage(page), "text page")
        try:
            lines.extend(_page_lines(page, textpage, number, faces, lost))
        finally:
            pdfium_c.FPDFText_ClosePage(textpage)
    return lines, faces


def _with_glyph_texts(doc: Any, data: bytes, pages: list[Any]) -> tuple[Any, bytes]:
    """The document (and its bytes) with its glyphs' texts put right by glyph_text, the
    pages loaded so far closed; the same document where nothing was put right."""
    for page in pages:
        pdfium_c.FPDF_ClosePage(page)
    pages.clear()
    fixed = glyph_text.repaired(data)
    if fixed is None:
        return doc, data
    new = pdfium_c.FPDF_LoadMemDocument64(fixed, len(fixed), None)
    if not new or pdfium_c.FPDF_GetPageCount(new) != pdfium_c.FPDF_GetPageCount(doc):
        if new:
            pdfium_c.FPDF_CloseDocument(new)
        return doc, data
    pdfium_c.FPDF_CloseDocument(doc)
    return new, fixed


def _open_document(data: bytes) -> Any:
    """pdfium's handle of the document (see _loaded; `data` must outlive it), or PdfError.

    A document pdfium cannot open (or that has no page) is opened again as pypdfium2's
    PdfDocument, which fails the same way and says why (see _pdfium_reason)."""
    doc = pdfium_c.FPDF_LoadMemDocument64(data, len(data), None)
    if doc and pdfium_c.FPDF_GetPageCount(doc) >= 1:
        return doc
    if doc:
        pdfium_c.FPDF_CloseDocument(doc)
    try:
        pdfium.PdfDocument(data).close()
    except pdfium.PdfiumError as exc:
        raise PdfError(_pdfium_reason(exc)) from None
    raise PdfError("unreadable PDF (pdfium opened it only the second time)")


def _metadata(doc: Any, key: bytes) -> str:
    """A document information entry (Producer, Creator), as pypdfium2's
    PdfDocument.get_metadata_value gives it. Read into a buffer kept for it, which holds most
    entries: pdfium finds and converts the entry anew for each call (asking for the size
    first, then the text, cost half a per cent of a parse); a longer one is read again."""
    buffer = _META_BUFFER
    size = pdfium_c.FPDF_GetMetaText(doc, key + b"\0", buffer, len(buffer))
    if size > len(buffer):  # (pdfium wrote nothing)
        buffer = ctypes.create_string_buffer(size)
        pdfium_c.FPDF_GetMetaText(doc, key + b"\0", buffer, size)
    return codecs.utf_16_le_decode(memoryview(buffer)[:max(size - 2, 0)], "strict", True)[0]  # (see _page_text)


_META_BUFFER: Final = ctypes.create_string_buffer(512)


def _loaded(handle: Any, what: str) -> Any:
    """A page's or text page's handle from pdfium, which open_pdf closes itself: making and
    closing pypdfium2's PdfDocument, PdfPage and PdfTextPage objects (a finalizer each, a
    parent's set of kids, a repr) cost about 1 % of a parse's instructions."""
    if not handle:
        raise pdfium.PdfiumError(f"Failed to load {what}.")
    return handle


def _page_text(textpage: Any) -> str:
    """The page's text as pypdfium2's PdfTextPage.get_text_range() gives it: from the first
    to the last character that pdfium puts in its text (one it leaves out at either end would
    make it read past the range)."""
    count = pdfium_c.FPDFText_CountChars(textpage)
    if count == -1:
        raise pdfium.PdfiumError("Failed to get character count.")
    first, last = 0, count - 1
    while first <= last and (start := pdfium_c.FPDFText_GetTextIndexFromCharIndex(textpage, first)) == -1:
        first += 1
    if first > last:
        return ""
    while (end := pdfium_c.FPDFText_GetTextIndexFromCharIndex(textpage, last)) == -1:  # (first is in the text)
        last -= 1
    written = pdfium_c.FPDFText_GetText(textpage, first, last - first + 1, _text_buffer(end + 2 - start))
    # (the codec's own function: codecs.decode looks the name up and calls it through encodings' wrapper)
    return codecs.utf_16_le_decode(memoryview(_TEXT_BUFFER[0])[:written - 1], "ignore", True)[0]


# The buffer pages' text is read into, kept and grown (by doubling) as a longer page needs:
# an array made for each page was an array type of a new length each time, which ctypes
# makes (and keeps) at some 25 microseconds, a twentieth of a page's text read.
_TEXT_BUFFER: list[Any] = [(ctypes.c_ushort * 4096)()]


def _text_buffer(size: int) -> Any:
    """The text buffer, with room for `size` UTF-16 units (the terminating NUL counted)."""
    if size > len(_TEXT_BUFFER[0]):
        _TEXT_BUFFER[0] = (ctypes.c_ushort * max(size, 2 * len(_TEXT_BUFFER[0])))()
    return _TEXT_BUFFER[0]


def _pdfium_reason(exc: Exception) -> str:
    text = str(exc)
    if "password" in text.lower():
        return "encrypted PDF (password required)"
    if "format" in text.lower():
        return "damaged or truncated PDF (pdfium: data format error)"
    return f"unreadable PDF ({text})"


def _page_pictures(page: Any, number: int) -> list[Picture]:
    """Boxes of the page's images (top-level image objects and those inside forms),
    leaving out hairlines and specks that are no picture a caption could belong to.

    A browser's page is thousands of objects, three ctypes calls each: the compiled helper
    (native.py) makes the same calls in one (_collect_pictures stays the fallback)."""
    found: list[Picture] = []
    if _NATIVE is None:
        _collect_pictures(page, _COUNT_OBJECTS, _GET_OBJECT, number, found, 0)
        return found
    buffer = _picture_buffer
    count = _NATIVE.pictures(_PICTURE_CONTEXT, page, buffer, len(buffer) // 4)
    if count > len(buffer) // 4:  # (not read: room is made, and they are read again)
        buffer = (ctypes.c_float * (4 * count))()
        _NATIVE.pictures(_PICTURE_CONTEXT, page, buffer, count)
    return _buffered_pictures(buffer, count, number)


def _buffered_pictures(buffer: Any, count: int, number: int) -> list[Picture]:
    """The pictures newsmon_pictures or newsmon_page_scan wrote: `count` boxes of four floats
    (left, bottom, right, top) from the start of the ctypes `buffer`."""
    floats = cast("list[float]", memoryview(buffer).cast("B").cast("f")[:4 * count].tolist())  # (typeshed: ints)
    values = iter(floats)
    return [Picture(number, left, right, top, bottom)
            for left, bottom, right, top in zip(values, values, values, values)]


def _scanned_page(page: Any, number: int, pictures: dict[int, list[Picture]]) -> bool:
    """_misplaced_actual_text of the page; where it has none, its pictures (_page_pictures) read in
    the same look through its objects by the compiled helper, into `pictures` (where they fit in
    its buffer: else they are read as asked). Most documents' pictures are all asked for (see
    layout), and pdfium's object calls were a page's object count for each look."""
    if _NATIVE is None:
        return _misplaced_actual_text(page)
    buffer, handle, objects = _picture_buffer, _handle_arg(page), _PAGE_OBJECTS[0]
    if _NATIVE.page_scan(_PICTURE_CONTEXT, _MISPLACED_CONTEXT, handle, buffer, len(buffer) // 4,
                         _SCAN_COUNTS, objects, len(objects)):
        return True
    if _SCAN_COUNTS[1] <= len(objects):  # (the page's objects, for _object_index)
        _SCANNED_OBJECTS[0] = _handle_address(page) or 0
    else:  # (not kept: room is made for the next page)
        _PAGE_OBJECTS[:] = _object_room(_SCAN_COUNTS[1])
    count = _SCAN_COUNTS[0]
    if count <= len(buffer) // 4:
        pictures[number] = _buffered_pictures(buffer, count, number)
    return False


def _misplaced_actual_text(page: Any) -> bool:
    """Whether a text object of the page is a blank glyph (a box with no width or no height)
    whose /ActualText has a letter: Skia's spans that landed on the wrong glyphs (see
    glyph_text), which no writer means (a blank's own text is a space or a ZWNJ).

    Every page of every document is asked, before its text is read: in one call to the
    compiled helper where there is one (about a page's object count in pdfium calls)."""
    if _NATIVE is not None:
        return bool(_NATIVE.misplaced_texts(_MISPLACED_CONTEXT, _handle_arg(page)))
    for index in range(_COUNT_OBJECTS(page)):
        obj = _GET_OBJECT(page, index)
        if _GET_TYPE(obj) != pdfium_c.FPDF_PAGEOBJ_TEXT or not _GET_BOUNDS(obj, *_BOUNDS_OUT) or (
                _BOUNDS[2] - _BOUNDS[0] >= _BLANK and _BOUNDS[3] - _BOUNDS[1] >= _BLANK):
            continue  # (the box first: most objects are inked glyphs, and a box costs one call)
        for mark_index in range(_COUNT_MARKS(obj)):
            if _MARK_WIDE_STRING(_GET_MARK(obj, mark_index), b"ActualText", _ACTUAL_TEXT, _ACTUAL_TEXT_ROOM,
                                 _ACTUAL_TEXT_LEN_OUT):
                size = min(_ACTUAL_TEXT_LEN.value, len(_ACTUAL_TEXT))
                if glyph_text.has_letter(bytes(_ACTUAL_TEXT)[:size].decode("utf-16-le", "replace")):
                    return True
                break
    return False


_NARROWEST_OBJECT: Final = 0.01  # pdfium's text page passes over a text object narrower than this (points)


def _lost_objects(page: Any) -> list[tuple[Any, Any]]:
    """The page's text objects (with their /ActualText mark) whose /ActualText pdfium takes for the
    text object's before it, as newsmon_page_scan counts them (see _lost_actual_texts; objects
    narrower than _NARROWEST_OBJECT are passed over, as pdfium does)."""
    found = []
    last_marks, last_bare, last_actual = 0, False, None
    for index in range(_COUNT_OBJECTS(page)):
        obj = _GET_OBJECT(page, index)
        if _GET_TYPE(obj) != pdfium_c.FPDF_PAGEOBJ_TEXT or not _GET_BOUNDS(obj, *_BOUNDS_OUT) \
                or abs(_BOUNDS[2] - _BOUNDS[0]) < _NARROWEST_OBJECT:
            continue
        marks = _COUNT_MARKS(obj)
        bare = marks > 0 and _COUNT_PARAMS(_GET_MARK(obj, marks - 1)) == 0
        actual = None
        for mark_index in range(marks - 1 if bare else 0):
            mark = _GET_MARK(obj, mark_index)
            if _MARK_WIDE_STRING(mark, b"ActualText", _ACTUAL_TEXT, _ACTUAL_TEXT_ROOM, _ACTUAL_TEXT_LEN_OUT):
                actual = mark
                break
        if actual is not None and last_bare and marks == last_marks and actual.value != last_actual:
            found.append((obj, actual))
        last_marks, last_bare, last_actual = marks, bare, actual.value if actual is not None else None
    return found


def _lost_actual_texts(page: Any, textpage: Any) -> list[tuple[Box, str]]:
    """The boxes and /ActualTexts of the page's text objects that pdfium leaves out of its text.

    pdfium takes a text object's /ActualText span for the one before it (and gives the object no
    text) where both objects' last mark has no parameters and they have as many marks: it compares
    the last marks' parameters, both none. Typst marks each glyph whose text is not its own (a
    cluster's, or a ZWNJ with the letter after it) with a span of its own, a /ReversedChars mark
    inside it: "می هد" for "می‌دهد", the ZWNJ and dal left out, a space made up in their place.
    Only objects pdfium gives no text are taken (FPDFTextObj_GetText); their /ActualText is read
    as the PDF holds it (a blob: the string call reads it as UTF-8, which loses UTF-16's bytes)."""
    out = []
    for obj, mark in _lost_objects(page):
        size = min(_OBJECT_TEXT(obj, textpage, _ACTUAL_TEXT, _ACTUAL_TEXT_ROOM), len(_ACTUAL_TEXT)) // 2 * 2
        if bytes(_ACTUAL_TEXT)[:size].decode("utf-16-le", "replace").strip("\x00 "):
            continue  # (pdfium read it after all)
        if not _MARK_BLOB(mark, b"ActualText", _ACTUAL_TEXT, _ACTUAL_TEXT_ROOM, _ACTUAL_TEXT_LEN_OUT) \
                or _ACTUAL_TEXT_LEN.value > len(_ACTUAL_TEXT) or not _GET_BOUNDS(obj, *_BOUNDS_OUT):
            continue
        raw = bytes(_ACTUAL_TEXT)[:_ACTUAL_TEXT_LEN.value]
        text = raw[2:].decode("utf-16-be", "replace") if raw[:2] == b"\xfe\xff" else raw.decode("latin-1")
        if text.strip():
            out.append(((_BOUNDS[0], _BOUNDS[1], _BOUNDS[2], _BOUNDS[3]), text))
    return out


_LOST_GAP_EMS: Final = 0.15  # the most a lost glyph may stand from the letter beside it (of the type size)


def _with_lost_texts(textpage: Any, text: str, chars: list[int] | None,
                     lost: list[tuple[Box, str]]) -> tuple[str, list[int] | None]:
    """The page's text with each lost /ActualText (see _lost_actual_texts) put where its glyph
    stands: at the space pdfium made up (a box of no width) between the characters its glyph
    stands between, on their line. The space goes where the glyph fills the gap (within
    _LOST_GAP_EMS of both neighbours); it stays, the text going on the side of the neighbour the
    glyph touches, where the gap is wider (a word's last letter, then the word space). The text's
    characters take the pdfium index of the character read before them (the space's would put
    them where the glyph after stands: a space made up in a jump of the pen stands at its origin).
    A lost glyph with no such space stays lost."""
    for (left, bottom, right, top), actual in lost:
        index = (lambda k: k) if chars is None else chars.__getitem__
        for at in _all_at(text, " "):
            if not 0 < at < len(text) - 1 or index(at) < 0 or index(at - 1) < 0 or index(at + 1) < 0:
                continue
            space = _charbox(textpage, index(at))
            if space[2] > space[0] or not bottom - 1 <= space[1] <= top + 1:
                continue
            before, after = _charbox(textpage, index(at - 1)), _charbox(textpage, index(at + 1))
            em = _GET_FONT_SIZE(textpage, index(at - 1)) * _LOST_GAP_EMS
            if before[0] >= after[2]:  # (right to left)
                near_before, near_after = abs(before[0] - right) <= em, abs(left - after[2]) <= em
            else:
                near_before, near_after = abs(left - before[2]) <= em, abs(after[0] - right) <= em
            if not (near_before or near_after) or before[3] < bottom or after[3] < bottom \
                    or before[1] > top or after[1] > top:
                continue
            letters = [index(at - 1)] * len(actual)
            made, indices = (actual, letters) if near_before and near_after \
                else (actual + " ", [*letters, index(at)]) if near_before else (" " + actual, [index(at), *letters])
            positions = list(range(len(text))) if chars is None else chars
            text = text[:at] + made + text[at + 1:]
            chars = positions[:at] + indices + positions[at + 1:]
            break
    return text, chars


class _Handle(ctypes.c_void_p):
    """A pdfium object handle as a function's result: ctypes turns a plain c_void_p result
    into an int, which could not be passed back as a pointer; a subclass stays itself."""


def _collect_pictures(parent: Any, count: Callable[..., int], get: Callable[..., Any], number: int,
                      found: list[Picture], depth: int) -> None:
    for index in range(count(parent)):
        obj = get(parent, index)
        kind = _GET_TYPE(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < _FORM_DEPTH:
            _collect_pictures(obj, _COUNT_FORM_OBJECTS, _GET_FORM_OBJECT, number, found, depth + 1)
        elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE and _GET_BOUNDS(obj, *_BOUNDS_OUT):
            left, bottom, right, top = _BOUNDS
            if right - left >= _PICTURE_LEAST and top - bottom >= _PICTURE_LEAST:
                found.append(Picture(number, left, right, top, bottom))


@dataclass
class _Faces:
    """How the document's bold lines are bold: the families whose bold face a font name
    names, and the lines bold only by their font's weight, with that font's family.

    A font's weight comes from its descriptor (its FontWeight, or pdfium's guess from its stem
    width), and a program that re-writes a PDF may leave it wrong for every font: Ghostscript's
    pdfwrite gives DejaVu Serif's regular face a weight of 752, so every line read as bold and
    the header lost the bold that sets a title or a section label apart. Where the document
    names a family's bold face ("DejaVuSerif-Bold") beside a face with the family's bare name
    ("DejaVuSerif"), the bare one is the regular face whatever its weight says (`regular`). A
    face whose family has no bold face named (a display font bold by design) keeps its weight's.
    Each page's lines are looked at before any of them is joined with another (a couplet's
    halves, a line pdfium gave in two), and the document's again after its last page (a bold
    face named only on a later page)."""

    named_bold: set[str] = field(default_factory=set)
    weighed: list[tuple[Line, str]] = field(default_factory=list)
    scanned: set[int] = field(default_factory=set)  # pages whose text objects' fonts were read
    # Whether the document's fonts give ligatures with their letters reversed, as a page told
    # (see _ligature_order): a later page of the same fonts may have no pair that tells.
    ligatures_reversed: bool = False
    # Whether the document's Arabic script comes in runs of visual order, as the last page that
    # told said (see _visual_runs): a later page whose only runs tell nothing (a Dari footer,
    # "صفحه 2", on a German page: a run that opens at a final heh, see _around_cluster) is
    # read as its document's other pages were.
    visual_runs: str = ""

    def note(self, line: Line, name: bytes, weighed: bool) -> None:
        """A bold line, its font's name, and whether only the font's weight said bold."""
        if weighed:
            self.weighed.append((line, _family(name)))
        else:
            self.named_bold.add(_family(name))

    def regular(self, lines: list[Line], pages: dict[int, Any]) -> list[Line]:
        """`lines` with those bold only by the weight of a family's regular face not bold.
        `pages`: loaded pages (by number) whose text objects name the fonts a line's middle
        did not show ("Nazli-Bold" beside a title's dash in another font), read only while a
        line is bold by weight alone and its family's bold face is not known."""
        unsure = {family for _, family in self.weighed} - self.named_bold
        for number, page in pages.items():
            if unsure and number not in self.scanned:
                self.scanned.add(number)
                self.named_bold |= _bold_families(page)
                unsure -= self.named_bold
        regular = {id(line) for line, family in self.weighed if family in self.named_bold}
        if not regular:
            return lines
        return [replace(line, bold=False) if id(line) in regular else line for line in lines]


def _bold_families(page: Any) -> set[str]:
    """The families of the fonts that the page's text objects use whose names say bold."""
    found: set[str] = set()
    fonts: set[int] = set()
    for index in range(_COUNT_OBJECTS(page)):
        obj = _GET_OBJECT(page, index)
        if _GET_TYPE(obj) != pdfium_c.FPDF_PAGEOBJ_TEXT:
            continue
        font = pdfium_c.FPDFTextObj_GetFont(ctypes.cast(obj, pdfium_c.FPDF_PAGEOBJECT))
        address = ctypes.cast(font, ctypes.c_void_p).value
        if address is None or address in fonts:
            continue
        fonts.add(address)
        size = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
        name = ctypes.create_string_buffer(max(size, 1))
        pdfium_c.FPDFFont_GetBaseFontName(font, name, size)
        if _says_bold(name.value.decode("latin-1").lower()):
            found.add(_family(name.value))
    return found


# Words of a font's name (lower case) that say its face is bold, that say it is not (a name
# that says so wins over a weight some writers leave wrong: Skia's 704), and that say italic.
# glyph_boxes.c's newsmon_line_facts is handed the same words (see _LINE_CONTEXT).
_BOLD_WORDS: Final = ("bold", "black", "heavy")
_REGULAR_WORDS: Final = ("regular", "book", "light", "medium")
_ITALIC_WORDS: Final = ("italic", "oblique")


def _says_bold(name: str) -> bool:
    """Does a font's name (lower case) say its face is bold?"""
    return any(word in name for word in _BOLD_WORDS)


@functools.lru_cache(maxsize=256)
def _family(name: bytes) -> str:
    """The family of a font's PostScript name: no subset tag ("ABCDEF+"), no style after a
    "-" or "," ("DejaVuSerif-Bold", "Arial,Bold"). Kept for each name: every bold line asks."""
    text = name.decode("latin-1")
    if len(text) > 7 and text[6] == "+":
        text = text[7:]
    return re.split(r"[-,]", text, maxsplit=1)[0].lower()


# Font sizes to a tenth of a point (see _rounded), kept for every page of every document: round() is
# pure, and each page's own dict rounded anew the few sizes the pages before it had rounded already.
_ROUNDED: dict[float, float] = {}
_ROUNDED_MOST: Final = 4096  # (emptied when it holds this many: a long-running worker reads many documents)


@dataclass
class _Page:
    """What reading any line of a page needs besides its own text and characters."""

    textpage: Any  # pdfium's handle
    number: int
    chars: list[int] | None  # see _char_indices
    hidden: dict[int, int]  # see _cover_hidden
    # Whether pdfium gives its Arabic script in runs of visual order (see _visual_runs):
    # "marked" (/ReversedChars), "unmarked" (LuaTeX), "" (no: logical order), told by the
    # page's first run of two Arabic letters or more, when its line is read. A letter alone
    # reads the same either way round, and Skia may leave it unmarked (the Pashto "د" that
    # opens a running head in a page-margin box: the page's runs stayed turned round).
    visual_runs: str | None = None
    text: str = ""
    right_to_left: bool | None = None  # most of its letters are Arabic script (see _latin_led; None: not told yet)
    # How the word spaces of its Arabic script come to pdfium's text (see _spaces), and how
    # much the matrix scales its font sizes (see _scale): told by its first Arabic line.
    spaces: str = ""
    # Whether it was judged "drawn" by most of its spaces where its first was made up between
    # objects (see _spaces): a line of it may then draw its spaces otherwise (see _spacing).
    mixed_spaces: bool = False
    native_numbers_glued: bool | None = None  # (see _glues_native_numbers; None: not read yet)
    scale: float = 1.0
    # Whether the page sets its type at a unit size that the text matrix scales (see
    # _sized_by_matrix): each character's size is then pdfium's times its matrix's scale.
    by_matrix: bool = False
    # Whether the page draws a line's glyphs out of their order inside one text object (see
    # _drawn_out_of_order): each Arabic-script line of it is then read in the order it stands.
    out_of_order: bool = False
    # Whether the page draws its ZWNJs as spaces that move the pen by nothing (see
    # zwnj_spaces; None: not looked at yet).
    zwnj_spaces: bool | None = None
    spaces_as_zwnjs: bool = False  # and its word spaces as ZWNJs that move the pen (told with zwnj_spaces)
    # The spaces pdfium made up in the stretched joins of its justified lines (pdfium's indices;
    # see _stretch_gaps): told with `spaces`, on a page that draws its word spaces.
    stretched: dict[int, int] = field(default_factory=dict)
    # The type size of most of its text (see _body_size).
    body_size: float = 0.0
    # Whether its text has an Arabic mark at all (most pages have none: then no line of it has
    # one drawn apart, nor is one put together around one, and _line looks for none).
    marked: bool = True
    # The text box of each span asked about (see _pieces_box): rejoining a line asks several times.
    span_boxes: dict[tuple[int, int], tuple[float, float, float, float] | None] = field(default_factory=dict)
    # The font size at each character asked about (see _font_size): _body_size asks at the
    # middle of every line, where _line asks again.
    sizes: dict[int, float] = field(default_factory=dict)
    rounded: dict[float, float] = field(default_factory=lambda: _ROUNDED)  # each size to a tenth (see _rounded)
    faces: _Faces = field(default_factory=_Faces)  # the document's (see _Faces)
    handle: Any = field(init=False)  # the text page's handle, as pdfium calls take it (see _handle_arg)
    address: int = field(init=False)  # and its address, as _BOX_READS takes it
    # The page's handle (as `handle`), and its objects' indices by address as far as they
    # were looked through, and how many it has (see _object_index; -1: not counted yet).
    page_handle: Any = None
    page_address: int = 0  # (as _BOX_READS takes it)
    objects: dict[int, int] = field(default_factory=dict)
    # The addresses of all its objects, in its order, where _scanned_page's look kept them (see _scanned_objects).
    scanned_objects: memoryview | None = None
    object_count: int = -1
    # Whether its fonts map glyphs to the letters' presentation forms (see _final_forms;
    # None: not looked at yet), and the widths of those forms by (font, letter).
    forms: bool | None = None
    # Whether it joins Pashto's letters with no presentation forms to their neighbours (see
    # _joins_letters_with_no_forms; None: not looked at yet).
    joins_all: bool | None = None
    # The letters its text joins to the next one with their ink starting inside their advance,
    # where the others start it at their origin (see _joined_bare; None: not so), once asked
    # (joined_bare_read: see bare_letters).
    joined_bare: frozenset[str] | None = None
    joined_bare_read: bool = False
    form_widths: dict[tuple[int, str], tuple[float, ...]] = field(default_factory=dict)
    fonts: dict[int, Any] = field(default_factory=dict)  # the font of each text object (by address) asked about
    compiled: bool = field(init=False)  # (see __post_init__)
    blank_height: float | None = None  # (see _compiled_reads; None: not read yet)
    reversed_pairs: bool = False  # its ligatures' letters come out reversed (see _ligature_order)
    zwnj_clusters: bool | None = None  # its ZWNJs are mapped with a letter's glyph (see _zwnjs_in_clusters)
    arabic: bool | None = None  # its text holds Arabic letters (told at its first ASCII line: _runs_by_position)
    turned_words: bool = False  # pdfium read a word of it left to right (see _turned_cluster_words)
    narrow: float | None = None  # its word space's advance where narrow (see _narrow_space; None: not read yet)
    pen_offsets: dict[float, float] = field(default_factory=dict)  # by type size (see arabic._pen_offset)
    # Whether a line of it may hold a stop or guillemet read away from its place (see
    # displaced_punctuation; most pages: none stands alone between spaces).
    lone_punctuation: bool = False
    made_up: frozenset[int] | None = None  # its characters of no text object (see _made_up_on_page; None: not read)
    made_up_order: list[int] = field(default_factory=list)  # the same, ascending
    alone: frozenset[int] = frozenset()  # its characters drawn alone (_drawn_alone; read with made_up)
    alone_order: list[int] = field(default_factory=list)  # the same, ascending

    def __post_init__(self) -> None:
        self.handle = _handle_arg(self.textpage)
        self.address = _handle_address(self.textpage) or 0
        # Whether its lines' ZWNJ repair may use the compiled reads (see _compiled_reads): they
        # read pdfium's boxes as they are (no _cover_hidden) and take each character's index
        # as the key of a changed box (none may be -1, a character pdfium does not have).
        self.compiled = _NATIVE is not None and not self.hidden and min(self.chars or [0]) >= 0

    def bare_letters(self) -> frozenset[str] | None:
        """See _joined_bare (a line's repair asks through this method: the page keeps no
        reader of its own, which would tie it in a reference cycle)."""
        return _joined_bare(self)


def _page_lines(page: Any, textpage: Any, number: int, faces: _Faces, lost: bool = False) -> list[Line]:
    """The page's lines (`page`, `textpage`: pdfium's handles, see _loaded; `faces`: the
    document's, see _Faces; `lost`: whether pdfium leaves out a text object's /ActualText, see
    _lost_actual_texts)."""
    text = _page_text(textpage)
    chars = _char_indices(textpage, text)
    if lost:  # rare: see _lost_actual_texts
        text, chars = _with_lost_texts(textpage, text, chars, _lost_actual_texts(page, textpage))
    if chars:  # rare: characters pdfium left out of its text (see _unmapped_brackets)
        text, chars = _unmapped_brackets(textpage, text, chars)
    if "\ufffd" in text:  # rare: glyphs mapped to U+FFFD (see _replacement_glyphs)
        text, chars = _replacement_glyphs(textpage, text, chars)
    if ("\u4427" in text or "\u0670" in text) and _IDEOGRAPH.search(text):  # rare: see _misencoded_ligatures
        text = _misencoded_ligatures(textpage, text, chars)
    hidden = {a: b for a, b in zip(chars, chars[1:]) if b - a > 1} if chars else {}
    interleaved = _interleaved_copies(textpage, chars, text) if "\u0654" in text or "\u0650" in text else []
    if any(lone.search(text) for lone in _LONE_CLUSTERS) \
            or any(lone.match(text) for lone in _LONE_CLUSTERS_AT_START) \
            or text.count("\u0623") > 1 or _LONE_LETTER_OPENING.match(text) \
            or _LONE_LETTER_AFTER_FEED.search(text) \
            or ("\u0654" in text and _split_copies(text)) or interleaved:  # rare: see _without_mark_copies
        text, chars = _without_mark_copies(textpage, text, chars, interleaved)
    feeds = 0.0
    if text.count("\n") != text.count("\r\n"):  # rare: see _drawn_line_feeds_as_tabs
        text, feeds = _drawn_line_feeds_as_tabs(textpage, text, chars)
    info = _Page(textpage, number, chars, hidden, text=text, page_handle=_handle_arg(page),
                 page_address=_handle_address(page) or 0, faces=faces)
    info.scanned_objects = _scanned_objects(page)
    if feeds and _NATIVE is not None:  # (the compiled count of the page's blanks reads pdfium's line feeds)
        info.blank_height = max(_blank_height(info), feeds)
    # Most pages: no mark at all (found at the first one where there is one), else none drawn apart.
    info.marked = _A_MARK_AT.found(text)
    info.lone_punctuation = page_lone_punctuation(text)
    pieces = _visual_pieces(info, _line_spans(text))
    info.body_size = _body_size(info, pieces)
    if not info.body_size and pieces and _sized_by_matrix(info):  # rare: read the page again so
        spans = _baseline_runs(info, _line_spans(text))
        if "\u200c" in text:
            info.text, info.chars = _zwnjs_as_spaces(info, text)
        pieces = _visual_pieces(info, spans)
        info.body_size = _body_size(info, pieces)
    read = [_line(info, line) for line in pieces]
    if info.out_of_order:  # rare: told by a line of the page, maybe after others were read (see _drawn_out_of_order)
        read = [_line(info, line) for line in pieces]
    lines = faces.regular(read, {number: info.page_handle})  # (see _Faces)
    pieces, lines = _rejoin_glyph_lines(info, pieces, lines, page)
    if lines:
        pieces, lines = _without_clipped_edge_lines(info, pieces, lines)
    return _rejoin_split_lines(info, pieces, lines)


def _visual_pieces(page: _Page, spans: list[Span]) -> list[list[Span]]:
    """The spans of each of the page's visual lines (see _visual_lines), from the spans of pdfium's
    lines (see _line_spans), strays and marks pdfium read apart seated."""
    text = page.text
    detached = page.marked and _DETACHED_MARK.search(text) is not None
    if "\ufffe" in text:  # rare: a line-end hyphen, after which pdfium may read a stray
        spans = _strays_apart(page, spans)
    pieces = _visual_lines(page, spans, detached)
    if "\ufffe" in text:  # rare: see there
        pieces = _seat_stray_hyphens(page, pieces)
    if "\n" in text and (_STRAY_LETTER.search(text) or _STRAY_INSIDE.search(text)):  # a one-letter word
        pieces = _seat_stray_letters(page, pieces)
    raised = "\n\u0623" in text or text.startswith("\u0623")  # (a line of pdfium's opens with "أ": _alef_hamza_apart)
    if (detached or raised) and _few_marks(text, _VOCALISED * len(text)):
        pieces = _on_one_baseline(page, pieces, raised or _CLUSTER_OPENING.search(text) is not None)
    return pieces


def _without_clipped_edge_lines(page: _Page, pieces: list[list[Span]],
                                lines: list[Line]) -> tuple[list[list[Span]], list[Line]]:
    """The page's lines but the short ones that the page's clip hides: Chromium draws the
    first line of the next page under the text area too, clipped away but for the tops of its
    tall letters, and pdfium reads those ("آ ک گ" under a page's last line, the line itself on
    the next page). A line of a few lone glyphs (CLIPPED_MOST or fewer, each a word of its own),
    among the page's first or last CLIPPED_ENDS, above or under its longer lines, goes where
    every glyph of it stands mostly (more than CLIPPED_SHARE of its height) outside its text
    object's clip box."""
    ends = {*range(min(CLIPPED_ENDS, len(lines))), *range(max(len(lines) - CLIPPED_ENDS, 0), len(lines))}
    short = [k for k in sorted(ends) if lines[k].text[1:2] in ("", " ") and _lone_glyphs(lines[k].text)
             and len(lines[k].text) <= 2 * CLIPPED_MOST]  # (most lines fail the first test)
    if not short:
        return pieces, lines
    long = [line for line in lines if len(line.text) - line.text.count(" ") > CLIPPED_MOST]
    if not long:
        return pieces, lines
    low, high = min(line.bottom for line in long), max(line.top for line in long)  # (the text area, about)
    gone = {k for k in short if not low <= (lines[k].bottom + lines[k].top) / 2 <= high
            and _clipped_away(page, pieces[k])}
    if not gone:
        return pieces, lines
    return [p for k, p in enumerate(pieces) if k not in gone], [line for k, line in enumerate(lines) if k not in gone]


def _lone_glyphs(text: str) -> bool:
    """Whether every word of the text is one letter, as the tops of a clipped line's tall letters
    read (pdfium parts them by the gaps between them); a page number is none."""
    return all(len(word) == 1 and word.isalpha() for word in text.split())


CLIPPED_SHARE: Final = 0.75
CLIPPED_ENDS: Final = 3  # the clipped line is read among the first or last lines of its page's text
CLIPPED_MOST: Final = 12


def _clipped_away(page: _Page, spans: list[Span]) -> bool:
    """Whether every glyph of the spans stands mostly outside its text object's clip box."""
    positions = [k for a, b in spans for k in range(a, b) if not page.text[k].isspace()]
    for k in positions:
        index = _pdfium_index(page, k)
        _, bottom, _, top = _charbox(page.textpage, index)
        clip = _clip_box(_GET_TEXT_OBJECT(page.handle, index))
        if clip is None or top <= bottom:
            return False
        inside = max(0.0, min(top, clip[3]) - max(bottom, clip[1]))
        if inside > (1 - CLIPPED_SHARE) * (top - bottom):
            return False
    return bool(positions)


def _clip_box(text_object: Any) -> tuple[float, float, float, float] | None:
    """(left, bottom, right, top) around the object's clip path's points, or None: no clip.
    (Through bare calls, see _bare: a dozen a glyph, each through pypdfium2's checked bindings
    cost some 40 k instructions a glyph of every short line.)"""
    clip = _GET_CLIP_PATH(text_object) if text_object else None
    if not clip:
        return None
    xs, ys = [], []
    for path in range(_COUNT_CLIP_PATHS(clip)):
        for segment in range(_COUNT_CLIP_SEGMENTS(clip, path)):
            if _SEGMENT_POINT(_GET_CLIP_SEGMENT(clip, path, segment), *_POINT_OUT):
                xs.append(_POINT[0])
                ys.append(_POINT[1])
    return (min(xs), min(ys), max(xs), max(ys)) if xs else None


# The letters the cluster repairs look at, in a regex class (_without_mark_copies,
# _turned_cluster_words, _spaced_clusters).
_CLUSTER_LETTERS: Final = "\u0621-\u064a\u066e-\u06d3"
# A letter with a hamza above or a kasra standing alone as a word: where pdfium reads an
# /ActualText cluster (LibreOffice's "هٔ", "بِ" drawn as two glyphs, in the SIL fonts) once
# for each glyph; or read mark first (the match: the mark and its letter): Typst maps each glyph of
# a cluster drawn as two (a heh, a hamza above it) with the cluster's whole text, which pdfium turns
# round with the line ("ٔه").
# (one pattern for each mark and both orders, matched at the mark, looking behind: the engine scans
# for one character the fastest way: a page's text is scanned for them)
_LONE_CLUSTERS: Final = tuple(re.compile(f"{mark}(?:(?<=[ \xa0\r\n()][{_CLUSTER_LETTERS}]{mark})"
                                  f"|(?<=[ \xa0\r\n(]{mark})[{_CLUSTER_LETTERS}])(?=[ \xa0\r\n)]|$)")
                       for mark in ("\u0654", "\u0650"))
# ... and such a cluster that opens the page's text (read first: no character before it).
_LONE_CLUSTERS_AT_START: Final = tuple(re.compile(f"[{_CLUSTER_LETTERS}]{mark}(?=[ \xa0\r\n)])")
                                for mark in ("\u0654", "\u0650"))
# ... and a letter alone that opens a line of pdfium's (the lam of Harmattan's "الله", drawn raised),
# but the words of one letter that open many lines ("و", Pashto's "د": each would cost a look).
# (At the text's start, and after a line feed: a pattern that opens with a line feed is scanned
# for it; one that opens with ^ (MULTILINE) is tried at every position of the page's text.)
_LONE_LETTER_OPENING: Final = re.compile(f"(?![\u0648\u062f])[{_CLUSTER_LETTERS}](?= )")  # (match: at the start)
_LONE_LETTER_AFTER_FEED: Final = re.compile(f"\n(?![\u0648\u062f])[{_CLUSTER_LETTERS}](?= )")
_MARK_GLYPH_EMS: Final = 0.3  # a copy drawn by the mark's glyph is less tall than this share of an em
# A hamza above or kasra, then the same mark again one to three characters on, read in one word: where
# a cluster and its copy may have been read into each other (Typst, see _interleaved_copies): "ٔههٔ".
_MARK_AGAIN: Final = re.compile("([\u0650\u0654])[^ \r\n]{0,2}?\\1")


def _without_mark_copies(textpage: Any, text: str, chars: list[int] | None,
                         interleaved: list[tuple[list[int], tuple[int, int]]]) -> tuple[str, list[int] | None]:
    """The page's text without the copies of a cluster that pdfium read at its mark's glyph.

    LibreOffice draws a letter and its mark as two glyphs where the font gives no one glyph
    for them (heh with a hamza above in Harmattan and Lateef) and marks both with one
    /ActualText. pdfium gives that text at each of the glyphs: where the letter stands, and
    once more at the mark, raised above the line, which it reads as a word of its own
    elsewhere in the line or at its start ("هٔ چهار ماه ..."); Typst maps both glyphs with the
    cluster's text, which pdfium reads mark first ("یک ٔه نسخٔه" for "یک نسخهٔ"). Such a copy is less tall and
    less wide than _MARK_GLYPH_EMS of its type size, and the same text stands right under
    it (their boxes overlap across, a type size apart at most, the other taller or lower): it
    goes, with the space pdfium put after it (with the one it made up before it where the one after
    is a word space drawn: Typst's "هب ٔه گفتٔه" for "به گفتهٔ"). So too a one-character cluster: SIL's Lateef's
    "أ" (an alef and a raised hamza), and a letter alone that opens a line of pdfium's
    (Harmattan's "الله" draws a lam raised, which pdfium gives twice: "ل ۱۴ لیندۍ ... له"),
    and a copy read apart around the word it stands over (see _split_copies): its letter and
    mark go, and the word's letters between them, where they stand left to right as read,
    are turned round ("هکبشٔ" for the copy of "هٔ" over "شبکهٔ": "شبک").
    (A cluster drawn once keeps its one text, however small: Skia's
    spans.) The letter's copy, a word of its own too, is a mark drawn apart (see
    _DETACHED_MARK): _positional_order puts it after its word where pdfium read it on its
    line. (Positions: of `text`; `chars`: see _char_indices; `interleaved`: the copies read into
    their cluster, see _interleaved_copies.)"""
    index = (lambda k: k) if chars is None else chars.__getitem__
    drop: list[int] = []
    found = [(match.start() - (match.end() - match.start() == 1), match.end())  # (the letter, its mark; or the
             for lone in _LONE_CLUSTERS for match in lone.finditer(text)]  # mark, its letter, read turned)
    found += [match.span() for lone in _LONE_CLUSTERS_AT_START if (match := lone.match(text))]
    found += [(k, k + 1) for k in _all_at(text, "\u0623")]
    found += _lone_letters_opening(text)
    for start, end in found:  # (the letter, its mark)
        if _is_copy(textpage, index, text, [*range(start, end)]):
            space = end if end < len(text) and text[end] == " " else None
            if space is not None and text[start - 1:start] == " " and _made_up(textpage, index(start - 1)) \
                    and not _made_up(textpage, index(space)):
                space = start - 1  # (pdfium's space made up before a copy it read between two words, the
                # word space after it drawn: Typst's "هب ٔه گفتٔه", the made-up one goes)
            drop.extend([*range(start, end), *([] if space is None else [space])])
            if text[end:end + 1] in ("\r", "") and text[start - 1:start] == " ":  # a copy that ends a line of
                drop.append(start - 1)  # pdfium's: the space made up before it goes too
    swaps = []
    for copy, cluster in interleaved:  # (the copies read into their cluster: see _interleaved_copies)
        drop += copy
        swaps += [cluster] if cluster[0] > cluster[1] else []
    turned: list[range] = []  # the letters read left to right between a copy's letter and mark
    if "\u0654" in text:  # (see _split_copies)
        for letter, mark in _split_copies(text):
            if _is_copy(textpage, index, text, [letter, mark]):
                drop += [letter, mark]
                middles = [_charbox(textpage, index(k)) for k in range(letter + 1, mark)]
                if all(a[0] + a[2] < b[0] + b[2] for a, b in zip(middles, middles[1:])):
                    turned.append(range(mark - 1, letter, -1))
    if not drop:
        return text, chars
    dropped = set(drop)
    keep = [k for k in range(len(text)) if k not in dropped]
    for letters in turned:
        at = keep.index(letters.stop + 1)
        keep[at:at + len(letters)] = letters
    for letter, mark in swaps:  # (a cluster read mark first: letter, mark)
        at, to = keep.index(mark), keep.index(letter)
        keep[at], keep[to] = letter, mark
    return "".join(map(text.__getitem__, keep)), [index(k) for k in keep]


def _made_up(textpage: Any, k: int) -> bool:
    """Is pdfium's character `k` a space it made up (no glyph: a box of no width)?"""
    box = _charbox(textpage, k)
    return box[2] <= box[0]


def _is_copy(textpage: Any, index: Callable[[int], int], text: str, positions: list[int]) -> bool:
    """Are the characters at `positions` (a cluster: a letter, its mark) a copy that pdfium read
    at the mark's glyph (see _without_mark_copies): their box less tall and less wide than
    _MARK_GLYPH_EMS of the type size, the same text standing right under it elsewhere, taller or lower?"""
    box = _span_box(textpage, index, positions)
    size = _GET_FONT_SIZE(textpage, index(positions[0]))
    if size <= 0 or box[2] - box[0] >= _MARK_GLYPH_EMS * size or box[3] - box[1] >= _MARK_GLYPH_EMS * size:
        return False
    cluster = "".join(map(text.__getitem__, positions))
    at = text.find(cluster)
    while at >= 0:
        other = _span_box(textpage, index, range(at, at + len(cluster))) if at != positions[0] else None
        if other and _stands_under(box, other, size):
            return True
        at = text.find(cluster, at + 1)
    return len(cluster) == 2 and _letter_under(textpage, index, text, positions, box, size)


def _stands_under(copy: Box, other: Box, size: float) -> bool:
    """Does `other` stand right under (or over) a copy's box `copy`: across it, a type size
    apart at most, taller or lower (see _is_copy)?"""
    return other[0] <= copy[2] and copy[0] <= other[2] and abs(other[3] - copy[3]) <= size \
        and (other[3] - other[1] > copy[3] - copy[1] or other[1] < copy[1])


def _letter_under(textpage: Any, index: Callable[[int], int], text: str, positions: list[int],
                  box: Box, size: float) -> bool:
    """Does the letter of a two-character copy (see _is_copy) stand right under it in a word
    that holds its mark too, the cluster not written together: pdfium read the word turned round
    ("راکوزاسِ" for "سازوکارِ", Typst's kasra copy "ِر" on the next line of pdfium's)."""
    letter, mark = sorted((text[k] for k in positions), key=lambda ch: ch in ARABIC_MARKS)
    at = text.find(letter)
    while at >= 0:
        if at not in positions:
            start = max(text.rfind(" ", 0, at), text.rfind("\n", 0, at)) + 1
            end = min((k for k in (text.find(" ", at), text.find("\r", at)) if k >= 0), default=len(text))
            if mark in text[start:end] and _stands_under(box, _charbox(textpage, index(at)), size):
                return True
        at = text.find(letter, at + 1)
    return False


def _interleaved_copies(textpage: Any, chars: list[int] | None,
                        text: str) -> list[tuple[list[int], tuple[int, int]]]:
    """Each copy of a cluster that pdfium read into the cluster itself: the copy's positions (its
    letter's, its mark's) and the cluster's (letter, mark), in `text` (`chars`: see _char_indices).

    Typst maps each glyph of a cluster drawn as two (a heh and a hamza above it, a letter and a
    kasra under it) with the whole cluster's text, and pdfium may read the two copies into each
    other: "مرحلٔههٔ" for "مرحلهٔ", "ِببِ" and "لِلِ" for "بِ" and "لِ" (four characters: the
    letter twice, the mark twice). The copy is the letter and mark whose box, the mark's glyph's,
    is less tall and wide than _MARK_GLYPH_EMS of the type size and has the cluster's other two
    characters' box across it, taller or lower: it goes (with a space pdfium made up before it, of
    no box, inside the word: "ح لِلِ"), and the cluster reads letter first."""
    index = (lambda k: k) if chars is None else chars.__getitem__
    found: list[tuple[list[int], tuple[int, int]]] = []
    end = -1
    for match in _MARK_AGAIN.finditer(text):
        mark = match.group(1)
        for start in range(max(match.end() - 4, end, 0), match.start() + 1):
            window = text[start:start + 4]
            letters = [start + k for k, ch in enumerate(window) if ch != mark]
            marks = [start + k for k, ch in enumerate(window) if ch == mark]
            if len(window) < 4 or len(marks) != 2 or text[letters[0]] != text[letters[1]] \
                    or not _is_cluster_letter(text[letters[0]]):
                continue
            copy = _copy_among(textpage, index, letters, marks)
            if copy is not None:
                if start in copy[0] and text[start - 1:start] == " " and _is_cluster_letter(text[start - 2:start - 1]) \
                        and _made_up(textpage, index(start - 1)):  # (pdfium's space before the copy, in a word)
                    copy[0].append(start - 1)
                found.append(copy)
                end = start + 4
                break
    return found


def _copy_among(textpage: Any, index: Callable[[int], int], letters: list[int],
                marks: list[int]) -> tuple[list[int], tuple[int, int]] | None:
    """Which letter and mark of the four are the copy (see _interleaved_copies), with the
    cluster's (letter, mark); None when none is."""
    size = _GET_FONT_SIZE(textpage, index(letters[0]))
    for letter in letters:
        for mark in marks:
            box = _span_box(textpage, index, (letter, mark))
            if not (size > 0 and box[2] - box[0] < _MARK_GLYPH_EMS * size
                    and box[3] - box[1] < _MARK_GLYPH_EMS * size):
                continue
            cluster = (sum(letters) - letter, sum(marks) - mark)
            under = _span_box(textpage, index, cluster)
            if under[0] <= box[2] and box[0] <= under[2] \
                    and (under[3] - under[1] > box[3] - box[1] or under[1] < box[1]):
                return [letter, mark], cluster
    return None


def _split_copies(text: str) -> list[tuple[int, int]]:
    """The (letter, mark) positions of each word that may be a copy of a cluster read apart:
    LibreOffice's copy of "هٔ" over "شبکهٔ" (SIL's Harmattan, see _without_mark_copies) that
    pdfium reads with the word's letters, left to right, between its letter and its mark
    ("هکبشٔ"). A word of three letters or more that ends with a hamza above, whose first letter
    is not the one under the hamza and stands with the hamza elsewhere in the text."""
    out = []
    for mark in _all_at(text, "\u0654"):
        if mark + 1 < len(text) and text[mark + 1] not in " \xa0\r\n)":
            continue
        start = mark - 1
        while start > 0 and _is_cluster_letter(text[start - 1]):
            start -= 1
        if mark - start >= 3 and _is_cluster_letter(text[start]) and text[start] != text[mark - 1] \
                and text.find(text[start] + "\u0654") >= 0:
            out.append((start, mark))
    return out


def _is_cluster_letter(ch: str) -> bool:
    """Is `ch` one of _CLUSTER_LETTERS?"""
    return "\u0621" <= ch <= "\u064a" or "\u066e" <= ch <= "\u06d3"


def _lone_letters_opening(text: str) -> list[tuple[int, int]]:
    """The spans of the letters alone that open a line of pdfium's `text` (see
    _LONE_LETTER_OPENING), in their order."""
    found = [(0, 1)] if _LONE_LETTER_OPENING.match(text) else []
    return found + [(match.start() + 1, match.end()) for match in _LONE_LETTER_AFTER_FEED.finditer(text)]


def _drawn_line_feeds_as_tabs(textpage: Any, text: str, chars: list[int] | None) -> tuple[str, float]:
    """The page's text with a tab for each line feed that a glyph drawn inside a word maps to, and
    the greatest height of those glyphs' boxes (0.0: none). A font may map its kashida glyph to
    whatever code is free (LibreOffice's subset of SIL's Lateef, in a justified Pashto line:
    "ځ\nای" for "ځای", "(ACCI )\nپه"; arabic._drop_kashidas tells a stroke drawn in a join by
    its ink, a tab or space too), and a line feed would end the line there. pdfium's own line
    ends are "\r\n" and belong to no text object; a line feed that is a glyph of one is such."""
    index = (lambda k: k) if chars is None else chars.__getitem__
    drawn = [k for k in _all_at(text, "\n") if k > 0 and text[k - 1] != "\r" and _GET_TEXT_OBJECT(textpage, index(k))]
    if not drawn:
        return text, 0.0
    out = list(text)
    for k in drawn:
        out[k] = "\t"
    return "".join(out), max(box[3] - box[1] for box in (_charbox(textpage, index(k)) for k in drawn))


def _all_at(text: str, ch: str) -> list[int]:
    """Every position of `ch` in `text`."""
    out, at = [], text.find(ch)
    while at >= 0:
        out.append(at)
        at = text.find(ch, at + 1)
    return out


def _span_box(textpage: Any, index: Callable[[int], int], positions: Iterable[int]) -> Box:
    """The box around the glyph boxes of the characters at `positions`."""
    boxes = [_charbox(textpage, index(k)) for k in positions]
    return min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)


def _body_size(page: _Page, lines: list[list[Span]]) -> float:
    """The type size (rounded as a Line's) of most of the page's lines, each read at the
    middle of its first span: its body text's."""
    count: dict[float, int] = {}
    firsts = [pieces[0] for pieces in lines]  # (list comprehensions: a page has a hundred lines)
    if page.chars is not None:
        chars = page.chars
        firsts = [(chars[start], chars[end - 1] + 1) for start, end in firsts]
    rounded = page.rounded
    for size in _font_sizes(page, [start + (end - start) // 2 for start, end in firsts]):
        size = rounded.get(size) or _rounded(page, size)  # (see _rounded: most are kept)
        count[size] = count.get(size, 0) + 1
    count.pop(_NO_FONT_SIZE_ROUNDED, None)  # a space pdfium generated: no font of its own
    return max(count, key=count.__getitem__) if count else 0.0


def _rounded(page: _Page, size: float) -> float:
    """A font size to a tenth of a point, as a Line holds it, kept (page.rounded: _ROUNDED, shared
    by every page): round() to a digit goes through a decimal conversion (half a percent of a
    parse, at two per line), and documents set their text in a few sizes. (A size of 0 or less is
    rounded as it comes: -0.0 would find 0.0's entry.)"""
    rounded = page.rounded.get(size)
    if rounded is None:
        rounded = round(size, 1)
        if size > 0:
            if len(page.rounded) >= _ROUNDED_MOST:
                page.rounded.clear()
            page.rounded[size] = rounded
    return rounded


def _font_size(page: _Page, index: int) -> float:
    """pdfium's font size of the character at `index`, read once (a call into pdfium costs
    more than the lookup); on a page sized by its text matrix, the size it is drawn at."""
    size = page.sizes.get(index)
    if size is None:
        size = _GET_FONT_SIZE(page.handle, index) if _BOX_READS is None \
            else float(_BOX_READS.font_size(_FONT_SIZE_ADDRESS, page.address, index))
        if page.by_matrix:
            size *= _scale(page.handle, index)
        page.sizes[index] = size
    return size


def _sized_by_matrix(page: _Page) -> bool:
    """Whether the page, whose lines _body_size found all set at size 1 (it has no body size),
    sets its type at size 1 and scales it with the text matrix ("/F1 1 Tf 15 0 0 15 x y Tm":
    cairo, which Linux viewers print through, and Acrobat Distiller): pdfium's font size then
    reads 1 for every character, as for the spaces it makes up, and the title looks like the
    body. Told by its first character's matrix; if so, the page is marked (page.by_matrix) and
    the sizes kept are forgotten (see _font_size)."""
    text = page.text
    if _scale(page.handle, _pdfium_index(page, len(text) - len(text.lstrip()))) < _MATRIX_SIZED:
        return False
    page.by_matrix = True
    page.sizes.clear()
    return True


def _char_scale(page: _Page, index: int) -> float:
    """How much the character's matrix scales its font size (see _scale), where _font_size
    has not taken it in already."""
    return 1.0 if page.by_matrix else _scale(page.handle, index)


def _font_sizes(page: _Page, indices: list[int]) -> list[float]:
    """_font_size of each character at `indices` (a page's lines' middles, see _body_size), those
    not read yet in one compiled call: a call into pdfium each, through ctypes, cost more than
    pdfium's reading (most lines ask for this size again, and find it kept)."""
    if _NATIVE is not None and not page.by_matrix:
        missing = [index for index in indices if index not in page.sizes]
        if missing:
            buffer = _buffer(len(missing))
            buffer.set_ints(missing)
            _NATIVE.font_sizes(_FONT_SIZE_FUNCTION, page.handle, buffer.indices, len(missing), buffer.values)
            page.sizes.update(zip(missing, buffer.doubles(len(missing))))
        return [page.sizes[index] for index in indices]
    return [_font_size(page, index) for index in indices]


def _on_one_baseline(page: _Page, lines: list[list[Span]], clusters: bool) -> list[list[Span]]:
    """One line where pdfium broke a line in two at a mark drawn apart from its letter and
    gave the second part as a line of its own, though it stands on the same baseline, within
    the first part's reach ("... است. همسایه را" then "هر خانوادهٔ ای که چاه ..."): _line puts
    the parts in order by where they stand. Only next to a line with such a mark, on a page
    not vocalised (see _few_marks).

    Chromium with SIL's Harmattan draws "هٔ" as two glyphs and gives its text to the hamza's
    alone, drawn off the baseline: pdfium breaks the line there, and the piece after the
    break opens with the cluster ("هٔ دیجیتال هرات؛" then "کتابخان"), which only the page's
    text shows after a line break (see _opens_with_cluster; `clusters`: whether a line of the
    page's text opens with one at all, see _CLUSTER_OPENING). The gap to a piece of that
    cluster alone (the mark's glyph) is measured against the taller piece's height: the letter
    under the mark, which has no text, stands in it."""
    out: list[list[Span]] = []
    # Whether each line (out's too, as lines join) has a span with a mark drawn apart: each span
    # searched once, where each line pair searched both lines' spans anew.
    marked = [any(_DETACHED_MARK.search(page.text[a:b]) for a, b in pieces) for pieces in lines]
    out_marked: list[bool] = []
    for pieces, detached in zip(lines, marked):
        last = out[-1] if out else None
        if last is not None and (out_marked[-1] or detached
                                 or (clusters and _opens_with_cluster(page, last + pieces))) \
                and _same_baseline(page, last, pieces):
            out[-1] = pieces + last if _left_part_first(page, last, pieces) else last + pieces
            out_marked[-1] = out_marked[-1] or detached
        else:
            out.append(pieces)
            out_marked.append(detached)
    return out


def _left_part_first(page: _Page, first: list[Span], second: list[Span]) -> bool:
    """Whether pdfium read a right-to-left line's left part first, opening it with the mark
    drawn apart that broke the line, and its right part second (LibreOffice with Noto Kufi
    Arabic: "ٔه مدنی، بر بازشماری" then "- کمیسیون ضد فساد ... جامع"): then the second reads
    first. One span each, the first opening with the mark's cluster and holding words after it (a
    cluster alone is seated by the repairs of _line), the second of Arabic script (a Latin phrase
    stands inside the line, not right of it: "IEC" of "... انتخابات (IEC) هنوز"), wholly right of it."""
    if len(first) != 1 or len(second) != 1:
        return False
    (start, end), (other_start, other_end) = first[0], second[0]
    if page.text[start] not in "\u0650\u0654" or page.text[start + 1:start + 2] not in ARABIC_LETTERS \
            or page.text.find(" ", start + 1, end) < 0 or ARABIC_LETTERS.isdisjoint(page.text[other_start:other_end]):
        return False
    box, other = _pieces_box(page, second), _pieces_box(page, first)
    return box is not None and other is not None and box[0] >= other[2] - 0.25 * (box[3] - box[1])


def _same_baseline(page: _Page, pieces: list[Span], other: list[Span]) -> bool:
    """Do the two stand on one baseline (overlapping by most of their height), `other`
    across within `pieces`' reach or beside it?"""
    box, next_box = _pieces_box(page, pieces), _pieces_box(page, other)
    if box is None or next_box is None:
        return False
    height = min(box[3] - box[1], next_box[3] - next_box[1])
    overlap = min(box[3], next_box[3]) - max(box[1], next_box[1])
    gap = max(next_box[0] - box[2], box[0] - next_box[2])
    if height > 0 and overlap >= 0.6 * height and gap < height:
        return True
    # A cluster alone beside the other (see _on_one_baseline), its mark's glyph over or under
    # the other's letters: within the taller one's height across, and half of it up or down.
    tall = max(box[3] - box[1], next_box[3] - next_box[1])
    return gap < tall and box[1] - tall / 2 <= next_box[3] and next_box[1] <= box[3] + tall / 2 \
        and any(_CLUSTER_PIECE.fullmatch(page.text, a, b) or page.text[a:b] == "\u0623"
                for a, b in (pieces[-1], other[0])) \
        and _letters_level(page, pieces[-1], other[0], tall)


def _letters_level(page: _Page, one: Span, other: Span, tall: float) -> bool:
    """Whether the last letter of one span and the first of the other stand on one baseline: their
    origins less than a line apart (0.75 of `tall`; a raised cluster's letter stands off it). A
    cluster alone beside a line's end may be the next line's, its letter on that line's baseline
    (LibreOffice with DejaVu Sans draws the "هٔ" of a line's last word, "زمینهٔ", near the end of
    the line over it)."""
    first = next((k for k in range(one[1] - 1, one[0] - 1, -1) if page.text[k] not in ARABIC_MARKS), None)
    second = next((k for k in range(*other) if page.text[k] not in ARABIC_MARKS), None)
    if first is None or second is None:
        return True
    _GET_CHAR_ORIGIN(page.handle, _pdfium_index(page, first), *_ORIGIN_XY)
    baseline = _ORIGIN[1]
    _GET_CHAR_ORIGIN(page.handle, _pdfium_index(page, second), *_ORIGIN_XY)
    return abs(_ORIGIN[1] - baseline) <= 0.75 * tall


def _rejoin_split_lines(page: _Page, pieces: list[list[Span]], lines: list[Line]) -> list[Line]:
    """One line where pdfium gave a right-to-left line as two, its left part first (Chromium
    breaks a justified line at a wide word space: "نجات می‌یابد." before "اسکن می‌شود، یک برگ
    از فراموشی"). Only two neighbours in that order, in the same type, on one baseline and
    a word space apart, both of Arabic script: the second one reads first.

    pdfium also breaks a line inside a word, before a letter that has only a mark's box
    under the line (see _split_in_a_word: "دیوا" and "نِ حافظ" for "دیوانِ حافظ"): there the
    two parts are one word, and the line is read again as one (the brackets of a line
    tell their kind from the whole line). A part of a line that stands inside it on its
    baseline, read right after it or right before it (Lateef's "ی در سه ... مرحله‌های " before
    "... که هر رأ A، B و C."), goes where it stands (see _within_line, _inserted)."""
    out: list[Line] = []
    out_pieces: list[list[Span]] = []
    for line, spans in zip(lines, pieces):
        last = out[-1] if out else None
        if last is not None and last.x1 - _TOUCHING * (last.top - last.bottom) <= line.x0 \
                and _left_part_of(last, line):  # most lines: stacked
            if len(out_pieces[-1]) == 1 and _split_in_a_word(page, out_pieces[-1][0], spans):
                out_pieces[-1] = spans + out_pieces[-1]
                out[-1] = _line(page, out_pieces[-1])
                continue
            space = "" if _inside_a_word(last, line) or last.text[:1] in _STOPS else " "  # (".": the right part's)
            out[-1] = replace(line, text=f"{line.text}{space}{last.text}", x0=last.x0, top=max(line.top, last.top),
                              bottom=min(line.bottom, last.bottom))
            out_pieces[-1] = spans + out_pieces[-1]
        elif last is not None and line.x1 <= last.x0 and _stop_after(last, line):  # rare
            out[-1] = replace(last, text=f"{last.text}{line.text}", x0=line.x0)
            out_pieces[-1] = out_pieces[-1] + spans
        elif last is not None and (  # rare (most lines stand under the last): a part read after its line, or before
                (last.bottom < line.baseline < last.top and last.x0 < line.x0 and line.x1 < last.x1
                 and _within_line(last, line) and (inserted := _inserted(page, out_pieces[-1], spans)))
                or (line.bottom < last.baseline < line.top and line.x0 < last.x0 and last.x1 < line.x1
                    and _within_line(line, last) and (inserted := _inserted(page, spans, out_pieces[-1])))):
            out_pieces[-1] = inserted
            out[-1] = _line(page, inserted)
        else:
            out.append(line)
            out_pieces.append(spans)
    return out


# Sentence punctuation, which no repair of repair_line puts back (see _stop_after, _stop_elsewhere).
_STOPS: Final = frozenset(".،؛:!?؟")


def _stop_after(line: Line, stop: Line) -> bool:
    """Whether `stop` is a stop that ends the right-to-left `line`, which pdfium gave as a line
    of its own (Word's .docx by LibreOffice: "... کمتر خواهد شد" then "."): on its baseline, at
    its left end, nearer than a word space."""
    height = line.top - line.bottom
    return (len(stop.text) == 1 and stop.text in _STOPS and abs(line.baseline - stop.baseline) < 0.1 * height
            and line.x0 - stop.x1 < 0.25 * height and not ARABIC_LETTERS.isdisjoint(line.text))


def _rejoin_glyph_lines(page: _Page, pieces: list[list[Span]], lines: list[Line],
                        pdf_page: Any) -> tuple[list[list[Span]], list[Line]]:
    """The page's lines read again by their baselines where pdfium read a page of
    left-to-right text in vertical lines, and their spans; otherwise `pieces` and `lines`.

    pdfium takes a page whose text covers more of the height than of the width between its
    extremes for one set in vertical lines (a last page with a running head and a short line
    or two right under it). Where every glyph is an object of its own (Chromium), it then ends
    a line after each glyph whose box does not overlap the line's so far ("5" "m" "a" "rs" "2"
    "0" "1" "9" for "5 mars 2019"), makes up no word space there, and runs on into the line
    under it where their boxes overlap across ("Fin. 12 m" for "Fin." over "12 mai 2020").
    Two pieces in one type side by side on one baseline are a sign (cheap: the first
    comparison ends the check for nearly every line), pdfium's own measure of the page tells
    (see _read_in_vertical_lines: tables and formulas put pieces side by side too). Then
    each piece is cut where its glyphs leave their baseline, and the pieces on
    one baseline, each starting less than an em from the pen of the one left of it, are one
    line, with a word space where the pen moved on further than _SPACE_EMS of an em. Pages of
    left-to-right text only: joined Arabic letters overlap, and such a line comes out whole."""
    if not any(_side_by_side(a, b) for a, b in zip(lines, lines[1:])) or not ARABIC_LETTERS.isdisjoint(page.text) \
            or not _read_in_vertical_lines(pdf_page):
        return pieces, lines  # most pages
    cut = [[span] for piece in pieces for whole in piece for span in _at_baselines(page, whole)]
    out: list[Line] = []
    out_pieces: list[list[Span]] = []
    for row in _rows([(spans, _line(page, spans)) for spans in cut]):
        for spans, line in row:
            space = _pen_gap(page, out_pieces[-1][-1][1] - 1, spans[0][0]) \
                if out and _side_by_side(out[-1], line) else None
            if space is None:
                out.append(line)
                out_pieces.append(spans)
            else:
                out[-1] = _beside(out[-1], line, space)
                out_pieces[-1] = out_pieces[-1] + spans
    return out_pieces, out


def _read_in_vertical_lines(page: Any) -> bool:
    """Does pdfium read the page's text in vertical lines? Its own measure
    (CPDF_TextPage::FindTextlineFlowOrientation): the share of the width between the
    page's left-most and right-most text that text objects cover, against the share of the
    height between its lowest and highest; vertical where the height's is larger (or the
    text is less than two lines wide, and at least two high)."""
    width, height = int(pdfium_c.FPDF_GetPageWidthF(page)), int(pdfium_c.FPDF_GetPageHeightF(page))
    if width <= 0 or height <= 0:
        return False
    across, down = bytearray(width), bytearray(height)
    x_start, x_end, y_start, y_end, line_height = width, 0, height, 0, 0.0
    for index in range(_COUNT_OBJECTS(page)):
        obj = _GET_OBJECT(page, index)
        if _GET_TYPE(obj) != pdfium_c.FPDF_PAGEOBJ_TEXT or not _GET_BOUNDS(obj, *_BOUNDS_OUT):
            continue
        left, bottom, right, top = _BOUNDS
        x0, x1 = int(min(max(left, 0.0), width)), int(min(max(right, 0.0), width))
        y0, y1 = int(min(max(bottom, 0.0), height)), int(min(max(top, 0.0), height))
        if x0 >= x1 or y0 >= y1:
            continue
        across[x0:x1] = b"\1" * (x1 - x0)
        down[y0:y1] = b"\1" * (y1 - y0)
        x_start, x_end, y_start, y_end = min(x_start, x0), max(x_end, x1), min(y_start, y0), max(y_end, y1)
        line_height = line_height if line_height > 0 else top - bottom
    if y_end - y_start < int(2 * line_height):
        return False
    if x_end - x_start < int(2 * line_height):
        return True
    share_across = across.count(1, x_start, x_end) / (x_end - x_start)
    return share_across <= 0.8 and share_across < down.count(1, y_start, y_end) / (y_end - y_start)


def _side_by_side(left: Line, right: Line) -> bool:
    """Do the two stand on one baseline in one type, `right` right of `left`?"""
    height = right.top - right.bottom
    return abs(left.baseline - right.baseline) < 0.1 * height and left.x1 <= right.x0 + 0.1 * height \
        and left.page == right.page and (left.size, left.bold, left.italic) == (right.size, right.bold, right.italic)


def _zwnjs_as_spaces(page: _Page, text: str) -> tuple[str, list[int] | None]:
    """The page's text and character indices with a space for each ZWNJ that moves the pen as a
    space does (on a page sized by its matrix: see _sized_by_matrix). A font may draw the space
    and the ZWNJ with one glyph (farsiweb's Homa), placed with no advance for a ZWNJ; cairo's
    character map then gives that glyph's one character for both ("جدی\u200cترین\u200cبحران"). A ZWNJ
    stands where the letter before it starts (the letter, not a mark on it or a space pdfium made
    up), a space half its width or more further on. A space read before a stop or comma that it
    stands beyond changes places with it ("شهر\u200c،بسیاری": "شهر، بسیاری")."""
    out, chars = list(text), page.chars
    for at in _all_at(text, "\u200c"):
        last = at - 1  # (a mark's origin is its own, a space pdfium made up has its own: "آبِ \u200cهمسایه")
        while last > 0 and (text[last] in ARABIC_MARKS or text[last] == " "):
            last -= 1
        if last < 0 or text[last].isspace():
            continue
        here, before = _pdfium_index(page, at), _pdfium_index(page, last)
        box = _charbox(page.textpage, here)
        _GET_CHAR_ORIGIN(page.handle, before, *_ORIGIN_XY)
        moved = _ORIGIN[0]
        _GET_CHAR_ORIGIN(page.handle, here, *_ORIGIN_XY)
        if not abs(moved - _ORIGIN[0]) > 0.5 * (box[2] - box[0]) > 0:
            continue
        out[at] = " "
        if text[at + 1:at + 2] in _STOPS and box[0] <= _charbox(page.textpage, _pdfium_index(page, at + 1))[0]:
            chars = list(range(len(text))) if chars is None else chars
            out[at], out[at + 1] = text[at + 1], " "
            chars[at], chars[at + 1] = chars[at + 1], chars[at]
    return "".join(out), chars


def _baseline_runs(page: _Page, spans: list[Span]) -> list[Span]:
    """The spans of a page that draws its runs in an order of its own (cairo: see
    _sized_by_matrix), each cut where its characters leave their baseline, the pieces of each top
    to bottom: pdfium reads a title's two lines as one, the lower first ("نسخه‌های خطی در برابر
    زمان" + "کتابخانهٔ دیجیتال هرات؛"). A line's height apart, not a superscript's rise (pdfTeX's
    footnote marks and exponents on such pages stay on their line)."""
    out: list[Span] = []
    for span in spans:
        pieces = _at_baselines(page, span, _NEXT_LINE_EMS)
        if len(pieces) > 1:
            pieces.sort(key=lambda piece: -_baseline_of(page, piece))
        out += pieces
    return out


# How far (ems) from the baseline of the characters before it a character stands on the next line
# (see _baseline_runs: a superscript rises half an em or less).
_NEXT_LINE_EMS: Final = 0.9


def _baseline_of(page: _Page, span: Span) -> float:
    """The baseline the span's first character stands on."""
    _GET_CHAR_ORIGIN(page.handle, _pdfium_index(page, span[0]), *_ORIGIN_XY)
    return _ORIGIN[1]


def _at_baselines(page: _Page, span: Span, least: float = 0.5) -> list[Span]:
    """The span cut where its characters leave the baseline they stood on by `least` of an em or
    more (half by default; the spaces at each cut left out)."""
    text, out, start, baseline = page.text, [], span[0], None
    for k in range(*span):
        if text[k].isspace():
            continue
        index = _pdfium_index(page, k)
        _GET_CHAR_ORIGIN(page.handle, index, *_ORIGIN_XY)
        em = _font_size(page, index) * _char_scale(page, index)
        if baseline is not None and abs(_ORIGIN[1] - baseline) > least * em:
            out.append((start, k))
            start = k
        baseline = _ORIGIN[1]
    out.append((start, span[1]))
    stripped = [(b - len(text[a:b].lstrip()), a + len(text[a:b].rstrip())) for a, b in out]
    return [(a, b) for a, b in stripped if a < b]


def _rows(lines: list[tuple[list[Span], Line]]) -> list[list[tuple[list[Span], Line]]]:
    """The lines top to bottom in rows of those on one baseline (within a tenth of a line's
    height of the row's first), each row left to right."""
    rows: list[list[tuple[list[Span], Line]]] = []
    for item in sorted(lines, key=lambda item: -item[1].baseline):
        line = item[1]
        if rows and abs(rows[-1][0][1].baseline - line.baseline) < 0.1 * (line.top - line.bottom):
            rows[-1].append(item)
        else:
            rows.append([item])
    return [sorted(row, key=lambda item: item[1].x0) for row in rows]


def _pen_gap(page: _Page, before: int, after: int) -> bool | None:
    """Whether a word space stands between the characters at text positions `before` and
    `after` (the pen moved on from the first's advance to the second's origin further than
    _SPACE_EMS of an em), or None where `after` does not go on from `before` on its line
    (behind it, or an em or more past its advance)."""
    if page.text[before].isspace() or page.text[after].isspace():
        return None
    first, second = _pdfium_index(page, before), _pdfium_index(page, after)
    _GET_LOOSE_BOX(page.handle, first, _RECT_OUT)  # the glyph's advance
    _GET_CHAR_ORIGIN(page.handle, second, *_ORIGIN_XY)
    em = _font_size(page, second) * _char_scale(page, second)
    gap = _ORIGIN[0] - _RECT.right
    if not -_SPACE_EMS * em < gap < em:
        return None
    return gap > _SPACE_EMS * em


def _beside(left: Line, right: Line, space: bool) -> Line:
    """`left` and `right` (a piece of the same line, right of it) as one line: a word space
    between them where `space`. The line's lead (see _lead) is the first word's, where the
    joint or `right` holds the line's first word space."""
    lead = left.lead
    if not lead and " " not in left.text.strip():
        lead = right.x0 - left.x0 if space else (right.x0 + right.lead - left.x0 if right.lead else 0.0)
    text = f"{left.text} {right.text}" if space else left.text + right.text
    return replace(left, text=text, x1=max(left.x1, right.x1), top=max(left.top, right.top),
                   bottom=min(left.bottom, right.bottom), lead=lead)


def _split_in_a_word(page: _Page, left: Span, right: list[Span]) -> bool:
    """Whether pdfium broke the line before a letter whose box is only a mark's, wholly under
    the letters beside it (see off_the_line: Chromium with Noto Naskh Arabic draws "نِ" so): the right-most
    letter of the left part, not a gap, made the break, and it ends the right part's word (less
    than a letter's height apart).
    The boxes of the two parts' letters are read (rare: a line pdfium gave as two)."""
    text = page.text
    left_at = [k for k in range(*left) if text[k] in ARABIC_LETTERS]
    right_at = [k for a, b in right for k in range(a, b) if text[k] in ARABIC_LETTERS]
    if not left_at or not right_at:
        return False
    indices = [page.chars[k] if page.chars else k for k in (*left_at, *right_at)]
    boxes = _char_boxes(page, indices, list(range(len(indices))))
    edge = max(boxes[:len(left_at)], key=lambda box: box[2])  # the left part's right-most letter
    before = min(boxes[len(left_at):], key=lambda box: box[0])  # the right part's left-most one
    return off_the_line(before, edge) and before[0] - edge[2] < before[3] - before[1]


# Two parts of a line whose boxes overlap or stand nearer than this (of the line's height) touch:
# pdfium broke the line inside a word (Chromium: "سر" ending one part, "شماری" opening the
# next, for "سرشماری"), and they join with no space.
_TOUCHING: Final = 0.1


def _inside_a_word(left: Line, right: Line) -> bool:
    """Did pdfium break the line inside a word, between the two parts (see _TOUCHING)? They
    touch, and letters of Arabic script meet there."""
    return (right.x0 - left.x1 < _TOUCHING * (left.top - left.bottom) and right.text[-1:] in ARABIC_LETTERS
            and left.text[:1] in ARABIC_LETTERS)


def _within_line(line: Line, inner: Line) -> bool:
    """Whether pdfium read `inner` apart from `line`, of which it is a part: on its baseline, in
    its type, both of Arabic script (the caller has seen it stand between the line's ends).
    LibreOffice breaks a word at a cluster under one /ActualText (SIL's Harmattan: "نتیج" +
    "هٔ") and may draw the words up to it as a text object of their own, which pdfium reads
    as the next line ("(IEC) هٔ نهایی را", then "هنوز نتیج"). A cluster of one letter drawn
    raised off the baseline (Lateef's "أ", which pdfium reads as a line of its own, and the
    words before it as the next) is such a part where it stands inside the line's height."""
    height = max(line.top - line.bottom, inner.top - inner.bottom)
    return ((abs(line.baseline - inner.baseline) < 0.1 * height
             or (len(inner.text.strip()) == 1 and line.bottom < inner.bottom < line.top))
            and _same_arabic_type(line, inner))


def _inserted(page: _Page, spans: list[Span], inner: list[Span]) -> list[Span] | None:
    """A line (its spans, in pdfium's order of a right-to-left line) with a piece of one span that
    stands inside it, between two of its characters, put there: the span there cut in two around
    it. None where it is no such piece: every inked character of the line before the cut stands
    right of the piece, and every one from it on left of it (half its height of slack)."""
    box = _pieces_box(page, inner)
    if len(inner) != 1 or box is None:
        return None
    positions = [k for a, b in spans for k in range(a, b) if not page.text[k].isspace()]
    chars = range(len(page.text)) if page.chars is None else page.chars
    boxes = _char_boxes(page, chars, positions)
    slack = 0.5 * (box[3] - box[1])
    right_of = list(itertools.accumulate((b[0] >= box[2] - slack for b in boxes), operator.and_))
    left_of = list(itertools.accumulate((b[2] <= box[0] + slack for b in reversed(boxes)), operator.and_))[::-1]
    for n in range(1, len(positions)):
        if right_of[n - 1] and left_of[n]:
            cut = positions[n]
            k = next(k for k, (a, b) in enumerate(spans) if a <= cut < b)
            a, b = spans[k]
            if cut - 1 > a and page.text[cut - 1] == " ":  # a word space drawn left of the piece goes after
                (space,) = _char_boxes(page, chars, [cut - 1])
                if space[0] < space[2] <= box[0]:  # it (Typst's "دیوانِ حافظ", a cluster's copy read apart)
                    cut -= 1
            return [*spans[:k], *([(a, cut)] if cut > a else []), inner[0], (cut, b), *spans[k + 1:]]
    return None


def _left_part_of(left: Line, right: Line) -> bool:
    height = max(right.top - right.bottom, left.top - left.bottom)
    return (left.x1 - _TOUCHING * height <= right.x0 < left.x1 + height
            and abs(left.baseline - right.baseline) < 0.1 * height and _same_arabic_type(left, right))


def _same_arabic_type(one: Line, other: Line) -> bool:
    """Are the two lines in one type (size, weight, style), both of Arabic script: parts of one
    line that pdfium read as two (see _left_part_of, _within_line)?"""
    return ((one.size, one.bold, one.italic) == (other.size, other.bold, other.italic)
            and not ARABIC_LETTERS.isdisjoint(one.text) and not ARABIC_LETTERS.isdisjoint(other.text))


def _char_indices(textpage: Any, text: str) -> list[int] | None:
    """pdfium's character index of each character of the page text, or None where they agree.

    A glyph that maps to no Unicode (reportlab draws a character its font lacks as code 0,
    mapped to U+0000) stays in pdfium's character list but not in its text: every box,
    font size and origin read after it would belong to the character before. Rare, so
    only such pages pay a call per character.
    """
    handle = textpage
    if _COUNT_CHARS(handle) == len(text):
        return None
    if _BOX_READS is not None:  # (one call: see box_reads.c)
        return cast("list[int]", _BOX_READS.char_indices(_CHAR_INDEX_ADDRESS, _handle_address(handle), len(text)))
    return [_CHAR_INDEX(handle, k) for k in range(len(text))]


def _unmapped_brackets(textpage: Any, text: str, chars: list[int]) -> tuple[str, list[int]]:
    """The page's text and character indices with the round brackets of a right-to-left line put
    back where its font maps them to no character: XeTeX with Noto Sans Arabic draws a phrase's
    brackets as the font's mirrored glyphs, which have no Unicode (pdfium: code 0, left out of its
    text; poppler: U+FFFD), and "(ACCI)" read "ACCI", "(آتش‌بس، ... بین‌الافغانی)" lost both. Two
    such glyphs on one line of pdfium's text or the next (XeTeX's lines come in the order typed), the first
    opening a word (after a space or the line's start), the second before a space, a stop or the
    line's end (pdfium may read a mark and a space of its own before it), each drawn as tall as a
    bracket and narrow: "(" and ")". Only on a page where every glyph with no Unicode is such a
    bracket: reportlab draws a letter its font lacks so ("په ار ک د" in Pashto set in a font with no
    "ړ"), in many words, some at a word's edge, and none of them is put in."""
    after = {}  # a glyph with no Unicode: the text position it stands before
    for position, (a, b) in enumerate(zip(chars, chars[1:]), 1):
        for index in range(a + 1, b) if b - a > 1 else ():
            if _GET_UNICODE(textpage, index) == 0:
                after[index] = position
    if len(after) < 2:
        return text, chars
    inserts: dict[int, tuple[str, int]] = {}  # text position: the bracket before it, and its glyph
    found = sorted(after.items())
    for (first, at), (second, to) in zip(found, found[1:]):
        if at in inserts or to in inserts or not (0 < at < to <= len(text)):
            continue
        line = text[at:to]
        if line.count("\n") > 1 or not line.strip() or text[at - 1] not in " \n" or text[at] == " " \
                or text[to:to + 1] not in _AFTER_A_PHRASE:
            continue
        if not ARABIC_LETTERS.isdisjoint(text[max(0, text.rfind("\n", 0, at)):at]) \
                and _bracket_shaped(textpage, first) and _bracket_shaped(textpage, second):
            inserts[at], inserts[to] = ("(", first), (")", second)
    if len(inserts) < len(after):  # some glyph with no Unicode is no bracket: a font that lacks letters
        return text, chars
    out_text, out_chars = list(text), list(chars)
    for at, (bracket, index) in sorted(inserts.items(), reverse=True):  # (from the end: positions stay)
        out_text.insert(at, bracket)
        out_chars.insert(at, index)
    return "".join(out_text), out_chars


def _replacement_glyphs(textpage: Any, text: str, chars: list[int] | None) -> tuple[str, list[int] | None]:
    """The page's text and character indices with its U+FFFD read: cairo (a Linux viewer's print to
    file, see _sized_by_matrix) maps a glyph whose character it was not told to U+FFFD, where the
    first PDF's maker had mapped it to a code of its own or to none. LibreOffice's kashida strokes
    (flat: dropped, as _drop_kashidas drops those mapped to ASCII: "کتابخان\ufffdهٔ"; but a madda,
    see _madda_over) and XeTeX's mirrored brackets in Noto Sans Arabic (tall and narrow: "(" and
    ")" where two stand around a phrase, as _unmapped_brackets reads them where pdfium leaves them
    out: "\ufffdACCI \ufffdپه", the closing one read after the space drawn beyond it: the two
    change places). Brackets only where every tall U+FFFD of the page is one (see
    _unmapped_brackets)."""
    out, indices = list(text), list(range(len(text))) if chars is None else list(chars)
    found = _all_at(text, "\ufffd")
    boxes = {k: _charbox(textpage, indices[k]) for k in found}
    tall = [k for k in found if not _flat(boxes[k])]
    pairs = [(first, second, _space_beyond(textpage, text, indices, second, boxes[second]))
             for first, second in zip(tall[::2], tall[1::2]) if _around_a_phrase(text, first, second)]
    pairs = [(first, second, swap) for first, second, swap in pairs
             if (swap or text[second + 1:second + 2] in _AFTER_A_PHRASE)
             and _bracket_shaped(textpage, indices[first]) and _bracket_shaped(textpage, indices[second])]
    if 2 * len(pairs) == len(tall):
        for first, second, swap in pairs:
            out[first], out[second] = "(", ")"
            if swap:  # ") ", as drawn
                out[second - 1], out[second] = ")", " "
                indices[second - 1], indices[second] = indices[second], indices[second - 1]
    for k in sorted((k for k in found if _flat(boxes[k])), reverse=True):  # (from the end: positions stay)
        if k and text[k - 1] == "\u0627" and _madda_over(boxes[k], _charbox(textpage, indices[k - 1])):
            out[k - 1] = "\u0622"
        del out[k], indices[k]
    return "".join(out), (None if chars is None and len(indices) == len(text) else indices)


_IDEOGRAPH: Final = re.compile("[\u3400-\u9fff]")


def _misencoded_ligatures(textpage: Any, text: str, chars: list[int] | None) -> str:
    """The page's text with the second character of a ligature's mapping read back where the
    font's ToUnicode spoils it: Ghostscript's pdfwrite (ps2pdf, CUPS, the "compress PDF" services)
    writes a glyph that stands for two characters, "لا" <0644 0627>, as <0644 4427>, the second
    one's high byte taken from the first one's low byte: "اع䐧لم" for "اعلام". An ideograph whose
    high byte is the low byte of the character beside it drawn in the same glyph box (pdfium reads
    a mapping's characters each with the glyph's box, reversed in a right-to-left run) is that
    second character, in the first one's block. Only those of that shape change: a real Chinese or
    Japanese text's ideographs stand beside ideographs or in glyphs of their own. Looked for on a
    page with a lam-alef so spoilt ("\u4427") or a superscript alef (U+0670, which "الله" maps to,
    "灑\u0670ه"): a scan for a character each (a search for a class of characters costs ten; a
    Persian page has plain lam-alefs where it has any)."""
    out = list(text)
    for match in _IDEOGRAPH.finditer(text):
        at, code = match.start(), ord(match.group())
        for other in (at - 1, at + 1):
            if not 0 <= other < len(text) or ord(text[other]) & 0xFF != code >> 8 or _IDEOGRAPH.match(text[other]):
                continue
            if _charbox(textpage, _index_at(chars, at)) == _charbox(textpage, _index_at(chars, other)):
                out[at] = chr(ord(text[other]) & 0xFF00 | code & 0xFF)
                break
    return "".join(out)


def _index_at(chars: list[int] | None, at: int) -> int:
    """pdfium's character index of the page text's position `at` (see _char_indices)."""
    return at if chars is None else chars[at]


def _madda_over(mark: Box, alef: Box) -> bool:
    """Whether a flat glyph stands over an alef as its madda does (Chromium draws "آ" as an alef and
    a madda of its own: cairo maps the madda to U+FFFD, "ا\ufffdزاد"): above the alef's upper
    part, across its stem."""
    return mark[1] >= alef[1] + 0.6 * (alef[3] - alef[1]) and mark[0] < alef[2] and mark[2] > alef[0]


def _space_beyond(textpage: Any, text: str, indices: list[int], at: int, box: Box) -> bool:
    """Whether the glyph at `at` of a right-to-left line, read after a space and before a letter,
    stands before that space as drawn (the space's box left of its own)."""
    if text[at - 1] != " " or text[at + 1:at + 2] in _AFTER_A_PHRASE:
        return False
    return _charbox(textpage, indices[at - 1])[0] <= box[0]


# What may follow a phrase's closing bracket (see _unmapped_brackets, _replacement_glyphs).
_AFTER_A_PHRASE: Final = ("", " ", "\r", ".", "،", "؛", ":")


def _around_a_phrase(text: str, first: int, second: int) -> bool:
    """Whether the characters at `first` and `second` of a right-to-left line of the page's text
    (or the next) stand as a phrase's brackets stand: the first opening a word (of a line with
    Arabic letters before it, or after a line that has them), the second after one."""
    line_start = max(0, text.rfind("\n", 0, first - 1))
    return 0 < first < second and text[first - 1] in " \n" and text[first + 1] not in " \r\n" \
        and text[first:second].count("\n") <= 1 and text[second - 1] not in "\n" \
        and not ARABIC_LETTERS.isdisjoint(text[line_start:first])


def _bracket_shaped(textpage: Any, index: int) -> bool:
    """Is pdfium's character `index` drawn as a bracket is: at least half its type size tall, at
    most half as wide? (The size it is drawn at: see _sized_by_matrix.)"""
    left, bottom, right, top = _charbox(textpage, index)
    size = _GET_FONT_SIZE(textpage, index) * _scale(textpage, index)
    return size > 0 and top - bottom >= 0.5 * size and 0 < right - left <= 0.5 * size


def _line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank visual line of pdfium's page text.

    pdfium glues a line that ends in a hyphen to the next one, marking the hyphen as
    U+FFFE: split there again, so each line keeps its own position (the hyphen stays,
    as word processors here do not hyphenate words on their own).
    """
    spans = []
    start = 0
    hyphens = "\ufffe" in text  # most pages have none: each line is a span of its own, or blank
    for raw_line in text.split("\r\n"):
        end = start + len(raw_line)
        if not hyphens:
            if raw_line.strip():
                spans.append((start, end))
            start = end + 2
            continue
        piece = start
        hyphen = text.find("\ufffe", start, end)
        while hyphen >= 0:
            spans.append((piece, hyphen + 1))
            piece = hyphen + 1
            hyphen = text.find("\ufffe", piece, end)
        spans.append((piece, end))
        start = end + 2
    return [(a, b) for a, b in spans if text[a:b].strip()] if hyphens else spans


# A span of pdfium's page text: (start, end) positions in it.
Span = tuple[int, int]


def _strays_apart(page: _Page, spans: list[Span]) -> list[Span]:
    """The spans with the characters pdfium read in after a hyphen it took for a line end
    from elsewhere on the page as spans of their own.

    pdfium takes a hyphen between two words for a line-end hyphen (U+FFFE) and then reads
    on in the page's drawing order: LibreOffice's "ډیجیټل-نسخې" came out "ډیجیټل" "-1نسخې",
    the "1" being the page number of the page's foot. Characters first in a span after
    such a hyphen that stand off the baseline of the span's middle character by more than
    its type size go into a span of their own, put after the rest of the span (which goes on
    with the hyphen's line; the page number then goes as furniture)."""
    out: list[Span] = []
    for start, end in spans:
        if start and page.text[start - 1] == "\ufffe" and end - start > 2:
            cut = _first_on_baseline(page, start, end)
            if start < cut < end:  # the rest goes on with the hyphen's line, the strays after it
                out += [(cut, end), (start, cut)]
                continue
        out.append((start, end))
    return out


def _seat_stray_hyphens(page: _Page, lines: list[list[Span]]) -> list[list[Span]]:
    """The lines with each line-end hyphen (U+FFFE) that pdfium read after another line put
    back on the line it stands on, and the text pdfium read after it (the rest of the broken
    word, on the next line) right after that line.

    LibreOffice draws a compound's hyphen at a line end as an object of its own, after the
    next paragraph's first line: pdfium read "نوې ډیجیټل" / "د ادب ... پخوا به" + hyphen +
    "نسخې هم آنلاین شوې." for "نوې ډیجیټل-" / "نسخې هم آنلاین شوې." / "د ادب ... پخوا به",
    and the hyphen's box, a line away, made one line of the three. Only where the hyphen
    stands off its line's baseline by more than the type size, on the baseline of the line
    read just before."""
    out = [list(pieces) for pieces in lines]
    k = 1
    while k < len(out) - 1:
        a, b = out[k][-1]
        if b - a > 1 and page.text[b - 1] == "\ufffe" and out[k + 1][0][0] == b \
                and _baseline_at(page, a + (b - 1 - a) // 2, b - 1) is None \
                and _baseline_at(page, out[k - 1][-1][1] - 1, b - 1) is not None:
            out[k - 1].append((b - 1, b))
            out[k][-1] = (a, b - 1)
            out[k], out[k + 1] = out[k + 1], out[k]  # the broken word's rest, then the line read before it
            k += 1
        k += 1
    return out


# A line that opens with an Arabic-script letter standing alone, in "\n" + the page's text; and
# one standing alone inside a line, but for the one-letter words "و" and "د", which most lines hold.
_STRAY_LETTER: Final = re.compile("\n[\u0621-\u064a\u0671-\u06d3] ")
_STRAY_INSIDE: Final = re.compile(" [\u0621-\u062e\u0630-\u0647\u0649-\u064a\u0671-\u06d3] ")


def _seat_stray_letters(page: _Page, lines: list[list[Span]]) -> list[list[Span]]:
    """The lines with each letter pdfium read out of place on a right-to-left line, though it
    stands further on, put back after the letter it stands beside.

    LibreOffice draws a letter the font lacks in a fallback font, as an object of its own
    (DejaVu Sans has no Pashto "ۍ"), and pdfium read it first on its line ("ۍ سوداګرو لپاره
    ... ګرځي. د لار موټرو" for "سوداګرو لپاره ... ګرځي. د لارۍ موټرو"), or after the word
    before it ("۴۰۰ ۍ زره افغان زیان" for "۴۰۰ زره افغانۍ زیان"). Only a letter alone between a
    line's start or a space and a space, whose next word (and the one before it) stands right
    of it (before it, right to left), and beside the last letter of a word of the page: its
    box's right edge at that letter's left edge (within a fifth of the type size), its middle
    on that letter's line. The letter and the space after it leave their place."""
    removed: set[int] = set()
    inserted: dict[int, list[int]] = {}  # text position: the strays that go before it
    for pieces in lines:
        a, b = pieces[0]
        if len(pieces) != 1 or b - a < 4:
            continue
        strays = [a] if _STRAY_LETTER.match("\n" + page.text[a:a + 2]) else []
        strays += [m.start() + 1 for m in _STRAY_INSIDE.finditer(page.text, a, b)]
        for at in strays:
            host = _stray_letter_host(page, lines, at, at > a)
            if host is not None:
                removed.update((at, at + 1))
                inserted.setdefault(host, []).append(at)
    if not removed:
        return lines
    return [[part for s, e in pieces for part in _respanned(s, e, removed, inserted)] for pieces in lines]


def _stray_letter_host(page: _Page, lines: list[list[Span]], at: int, inside: bool) -> int | None:
    """The text position after the letter that the one at `at` (a letter alone, see
    _seat_stray_letters; `inside` its line, not first) stands beside, or None: also where a
    word beside it stands left of it (read in order)."""
    stray = _page_charbox(page, _pdfium_index(page, at))
    neighbours = [at + 2, at - 2] if inside else [at + 2]
    if any(_page_charbox(page, _pdfium_index(page, q))[0] <= stray[2] for q in neighbours):
        return None
    host = _stray_host(page, lines, stray, _font_size(page, _pdfium_index(page, at)))
    return None if host is None else host[1]


def _respanned(start: int, end: int, removed: set[int], inserted: dict[int, list[int]]) -> list[Span]:
    """The span cut where a position is `removed` and where strays are `inserted` before a
    position (each stray a span of its own)."""
    out: list[Span] = []
    first = start
    for p in range(start, end):
        if p in inserted or p in removed:
            if first < p:
                out.append((first, p))
            out.extend((q, q + 1) for q in inserted.get(p, ()))
            first = p + 1 if p in removed else p
    if first < end:
        out.append((first, end))
    return out


def _stray_host(page: _Page, lines: list[list[Span]], stray: Box, size: float) -> tuple[int, int] | None:
    """(line, text position) after the letter of another line that the stray letter's box
    `stray` stands beside (see _seat_stray_letters), or None."""
    centre, reach = (stray[1] + stray[3]) / 2, 0.2 * size
    for j, pieces in enumerate(lines):
        for s, e in pieces:
            for q in range(s, e - 1):
                if page.text[q + 1] != " " or not "\u0621" <= page.text[q] <= "\u06d3":
                    continue  # the stray follows a word's last letter
                box = _page_charbox(page, _pdfium_index(page, q))
                if abs(box[0] - stray[2]) <= reach and abs((box[1] + box[3]) / 2 - centre) <= size / 2:
                    return j, q + 1
    return None


def _baseline_at(page: _Page, position: int, other: int) -> float | None:
    """The baseline of the character at `position` of the page's text where the character at
    `other` stands on it too (within the type size), else None."""
    _GET_CHAR_ORIGIN(page.handle, _pdfium_index(page, position), *_ORIGIN_XY)
    baseline, size = _ORIGIN[1], _font_size(page, _pdfium_index(page, position))
    _GET_CHAR_ORIGIN(page.handle, _pdfium_index(page, other), *_ORIGIN_XY)
    return baseline if abs(_ORIGIN[1] - baseline) <= size else None


def _first_on_baseline(page: _Page, start: int, end: int) -> int:
    """Where the span's characters start standing on the baseline of its middle character."""
    index = _pdfium_index(page, start + (end - start) // 2)
    _GET_CHAR_ORIGIN(page.handle, index, *_ORIGIN_XY)
    baseline, size = _ORIGIN[1], _font_size(page, index)
    for k in range(start, end):
        _GET_CHAR_ORIGIN(page.handle, _pdfium_index(page, k), *_ORIGIN_XY)
        if abs(_ORIGIN[1] - baseline) <= size:
            return k
    return end


def _pdfium_index(page: _Page, position: int) -> int:
    """pdfium's character index of a position of the page's text."""
    return position if page.chars is None else page.chars[position]


def _visual_lines(page: _Page, spans: list[Span], detached: bool = True) -> list[list[Span]]:
    """The spans of each visual line: most lines are one span of pdfium's text, but
    pdfium breaks a line at a combining mark drawn below the baseline (LibreOffice's ezafe
    kasra, "حلِ مساله"): the mark becomes a line of its own, and the rest of its line one
    or two more, in any order. Such a mark goes back into the line it sits in, with the
    neighbouring piece that continues that line on its baseline. (`detached`: whether the
    page has a mark first in a line or after a space at all: a line of marks has.)"""
    if not detached or not _MARK_LINE.search(f"\n{page.text}\r"):  # most pages: no line of marks alone
        return [[span] for span in spans]
    lines: list[list[Span]] = []
    k = 0
    while k < len(spans):
        span = spans[k]
        k += 1
        if not _marks_only(page.text[span[0]:span[1]]):
            lines.append([span])
            continue
        before = lines[-1] if lines else None
        after = [spans[k]] if k < len(spans) and not _marks_only(page.text[spans[k][0]:spans[k][1]]) else None
        if before and _holds_mark(page, before, span):
            joined = lines.pop() + [span]
            if after and _continues_line(page, before, after):
                joined, k = joined + after, k + 1
        elif after and _holds_mark(page, after, span):
            joined, k = after + [span], k + 1
            if before and _continues_line(page, after, before):
                joined += lines.pop()
        else:
            lines.append([span])
            continue
        lines.append(_reading_order(page, joined))
    return lines


_MARKS: Final = "".join(sorted(ARABIC_MARKS))
# a line of marks alone, in "\n" + text + "\r"
_MARK_LINE: Final = re.compile(f"\n[ {_MARKS}]*[{_MARKS}][ {_MARKS}]*\r")


def _marks_only(text: str) -> bool:
    stripped = text.strip()
    return bool(stripped) and all(ch in ARABIC_MARKS for ch in stripped)


def _pieces_box(page: _Page, pieces: list[Span]) -> tuple[float, float, float, float] | None:
    """(left, bottom, right, top) around the pieces' text rects."""
    for span in pieces:
        if span not in page.span_boxes:
            page.span_boxes[span] = _text_box(page.handle, *_pdfium_range(page, *span))
    boxes = [box for span in pieces if (box := page.span_boxes[span])]
    if not boxes:
        return None
    return min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)


def _pdfium_range(page: _Page, start: int, end: int) -> tuple[int, int]:
    if page.chars is None:
        return start, end
    return page.chars[start], page.chars[end - 1] + 1


def _holds_mark(page: _Page, pieces: list[Span], mark: Span) -> bool:
    """Whether the mark sits over or under the pieces' text (within its width, at most
    half a line height below or above it)."""
    box, at = _pieces_box(page, pieces), _pieces_box(page, [mark])
    if box is None or at is None:
        return False
    centre, height = (at[0] + at[2]) / 2, box[3] - box[1]
    return box[0] <= centre <= box[2] and at[3] >= box[1] - height / 2 and at[1] <= box[3] + height / 2


def _continues_line(page: _Page, pieces: list[Span], other: list[Span]) -> bool:
    """Whether `other` stands on the same baseline as the pieces, right beside them (apart
    by less than a line height, and not under or over them): the rest of the line pdfium
    broke at a mark."""
    box, next_box = _pieces_box(page, pieces), _pieces_box(page, other)
    if box is None or next_box is None:
        return False
    height = box[3] - box[1]
    overlap = min(box[3], next_box[3]) - max(box[1], next_box[1])
    gap = max(next_box[0] - box[2], box[0] - next_box[2])
    return overlap >= 0.5 * min(height, next_box[3] - next_box[1]) and -0.2 * height < gap < height


def _reading_order(page: _Page, pieces: list[Span]) -> list[Span]:
    """Right to left (the marks' script), the marks last: repair_line puts each mark back
    on the letter its box sits on."""
    marks = [p for p in pieces if _marks_only(page.text[p[0]:p[1]])]
    words = [p for p in pieces if p not in marks]
    words.sort(key=lambda p: -((_pieces_box(page, [p]) or (0.0, 0.0, 0.0, 0.0))[2]))
    return words + marks


# Hyphens pdfium reads as other characters: a line-end hyphen is U+FFFE, and a hyphen whose
# ToUnicode says SOFT HYPHEN is U+00AD wherever the line has it (LuaTeX's HarfBuzz renderer
# maps Liberation's hyphen glyph so: "a 65\xadmetre tower", "Von Miriam Hoffmann \xad 13.09.2020").
# A soft hyphen is drawn only where it is seen, and a glyph on the page is seen: a hyphen.
# (pdfium itself reads a soft hyphen that ends a line as U+FFFE.)
_DRAWN_HYPHENS: Final = {0xFFFE: "-", 0xAD: "-"}


def _stops_read_left_to_right(page: _Page, start: int, end: int, first: Span) -> bool:
    """Is the span a sentence's end of two or three characters, stops and closing quotes or
    brackets ("»" and "." of "نمی‌شود»."), that pdfium read as a piece of its own left to right,
    on a line whose first piece holds Arabic letters? Put on that right-to-left line, it reads
    right to left (Word's .docx by LibreOffice: "... نمی‌شود" then ".»", the quote standing
    right of the stop). Rare: a line of several pieces."""
    piece = page.text[start:end]
    if not 2 <= len(piece) <= 3 or _STOPS.isdisjoint(piece) \
            or not all(ch in _STOPS or ch in _CLOSING_NEUTRALS for ch in piece) \
            or ARABIC_LETTERS.isdisjoint(page.text[first[0]:first[1]]):
        return False
    head, tail = (start, end - 1) if page.chars is None else (page.chars[start], page.chars[end - 1])
    return _charbox(page.textpage, head)[0] < _charbox(page.textpage, tail)[0]


_CLOSING_NEUTRALS: Final = frozenset("»«\"”“)(][")  # quotes and brackets that may stand beside a sentence's stop


def _line(page: _Page, pieces: list[Span]) -> Line:
    """The Line made of the spans `pieces` of the page's text (hyphens put back)."""
    textpage = page.textpage
    start, end = pieces[0]
    if len(pieces) == 1:  # most lines
        text = page.text[start:end]
        chars: Sequence[int] = range(start, end) if page.chars is None else page.chars[start:end]
    else:
        chars = [i for k, (a, b) in enumerate(pieces)
                 for i in (range(b - 1, a - 1, -1) if k and _stops_read_left_to_right(page, a, b, pieces[0])
                           else range(a, b))]
        text = "".join(map(page.text.__getitem__, chars))
        chars = chars if page.chars is None else [page.chars[i] for i in chars]
    if "\ufffe" in text or "\xad" in text:
        text = text.translate(_DRAWN_HYPHENS)
    printed, printed_chars = text, chars
    if page.chars is not None:  # from here on, pdfium's character indices
        start, end = page.chars[start], page.chars[end - 1] + 1
    mid = start + (end - start) // 2
    arabic = not text.isascii() and not ARABIC_LETTERS.isdisjoint(text)
    if arabic:
        mid = start + _in_main_script(printed, mid - start) if page.chars is None \
            else _main_script_char(page.handle, printed, chars, mid)  # (indices and text positions part)
    handle = page.handle
    size = page.sizes.get(mid)  # (read for most lines by _body_size: see _font_size)
    if size is None:
        size = _font_size(page, mid)
    if size == _NO_FONT_SIZE and end - start > 1:  # a space pdfium generated: no font of its own
        mid += 1 if mid + 1 < end else -1
        size = _font_size(page, mid)
    at_space = printed[mid - start] == " " if page.chars is None and mid - start < len(printed) else None
    # The lead's glyph box is read with the rest where the printed text stays as it is (see
    # _visual_runs: only a page whose runs stand as drawn reads it anew) and no other box is
    # read into _SPAN before the line ends (_spaces, on a page's first Arabic-script line).
    early = not arabic or (page.spaces != "" and page.visual_runs in ("", "marked"))
    second = _second_word(printed, arabic) if early else -1
    lead_index = printed_chars[second] if second >= 0 else -1
    bold, italic, weighed, baseline, rects, box, interleaved = _line_facts(handle, mid, at_space, start, end,
                                                                           len(pieces) == 1, lead_index, page.address)
    face = _FONT_NAME.value if bold else b""  # (before another call reads a font's name)
    # Arabic script: repairs that read glyph boxes (an ASCII line, told at once, has none)
    rebuilt = False  # whether the line's text was made again from where its glyphs stand
    if arabic:
        if page.zwnj_clusters is not False and ZWNJ in text:  # (told by the page's first ZWNJ)
            text, chars = _zwnjs_in_clusters(page, text, chars)
        if page.visual_runs is None:  # told by the page's first run of letters, once there is one
            first = next((run for run in _LETTER_RUN.finditer(text) if not _around_cluster(text, run)), None)
            if first is not None:
                page.visual_runs = _visual_runs(textpage, first.span(), chars,
                                                functools.partial(_char_boxes, page, chars))
                page.faces.visual_runs = page.visual_runs
            elif page.faces.visual_runs and _LETTER_RUN.search(text):
                page.visual_runs = page.faces.visual_runs
        if page.visual_runs == "unmarked":  # LuaTeX: the line as it stands on the page
            text, chars = as_drawn(text, chars, functools.partial(_char_boxes, page, chars),
                                    functools.partial(_char_pens, handle, page.address, chars), size * page.scale)
            printed, printed_chars = text, chars  # (pdfium's order tells no first word: see _lead)
            rebuilt = True
        elif page.visual_runs:
            text, chars = _logical_runs(text, chars, functools.partial(_char_boxes, page, chars))
        if not page.visual_runs and page.marked and ("\u0654" in text or "\u0622" in text or "\u0650" in text
                                                     or "\u0623" in text
                                                     or (rects != 1 and ("\u0647" in text or "\u0627" in text))):  # see
            # _turned_cluster_words (before the page is judged by its first line; a cluster of its own,
            # a final heh or alef, is a text object apart: a line of one object, told by its one rect,
            # has none)
            text, chars = _turned_cluster_words(page, text, chars, pieces)
            if _GLUED_CLUSTER.search(text):
                text, chars = _spaced_clusters(page, text, chars)
        if not page.spaces:  # the page's first Arabic-script line
            page.spaces, page.scale = _spaces(page), _char_scale(page, mid)
            page.forms = _maps_forms(page, text, chars)
            page.joins_all = page.forms is False or _joins_letters_with_no_forms(page)
            page.reversed_pairs = page.faces.ligatures_reversed or _ligature_order(page)
            page.faces.ligatures_reversed = page.reversed_pairs
            page.stretched = _stretch_gaps(page) if page.spaces == "drawn" else {}
        if page.stretched:  # rare: see _stretch_gaps
            text, chars = _without_stretch_gaps(page, text, chars)
        if len(pieces) > 1 and page.spaces == "within":  # rare: see _spaced_joints
            text, chars = _spaced_joints(page, text, chars, pieces, size * page.scale)
        several = page.spaces == "drawn" and (rects is None or rects >= _CLUSTER_RECTS)  # (see _CLUSTER_RECTS)
        if several and _GLUED_ALEF_AT.found(text):
            text, chars = _spaced_alefs(page, text, chars)
        if page.zwnj_spaces is not False or page.spaces_as_zwnjs:
            text = _drawn_zwnj_spaces(page, text, chars, size * page.scale)
        if "\u200c " in text:  # rare: see there
            text, chars = _no_space_made_after_zwnjs(page, text, chars, size * page.scale)
        if (page.by_matrix and not page.visual_runs) \
                or (apart := (interleaved or page.out_of_order) and not page.visual_runs
                    and _drawn_out_of_order(page, text, chars, size * page.scale)) \
                or ((not page.visual_runs or (page.visual_runs == "marked" and len(pieces) > 1)) and page.marked
                and (_DETACHED_MARK.search(text) or _joined_at_a_mark(page, pieces)
                     or (("\u0654" in text or "\u0650" in text) and _MARK_BEFORE_LATIN.search(text))
                     or ("\u0651" in text and _SHADDA_OPENING.search(text))
                     or (len(pieces) > 1 and _opens_with_cluster(page, pieces))
                     or ("\u0623" in text and _alef_hamza_alone(page, text, chars))) and _few_marks(text)):  # rare
            # (the first two: a page that draws its runs in an order of its own, see _sized_by_matrix and
            # _drawn_out_of_order)
            joints = _joints(page, pieces, chars)
            text, chars = _positional_order(text, chars, functools.partial(_boxes_with_textless_ink, page, text, chars,
                                                                           size * page.scale),
                                            size * page.scale, joints, page.by_matrix or apart)
            rebuilt = True
            if len(pieces) > 1:  # (the line's first word is the ordered text's, not the printed one's, whose
                # lead was read with the line's facts: see _lead)
                printed, printed_chars, early, lead_index = text, chars, False, -1
        if several and _SPACE_IN_A_WORD.search(text):
            text, chars = _without_spaces_made_up_in_words(page, text, chars)
        if page.spaces == "drawn" and " \u0647\u0654" in text:  # rare: see _LONE_HEH_HAMZA
            text, chars = _without(text, chars, [m.start() for m in _LONE_HEH_HAMZA.finditer(text)])
        if page.lone_punctuation and lone_punctuation(text):  # rare: see displaced_punctuation
            text, order = seat_displaced_punctuation(text, functools.partial(_char_boxes, page, chars),
                                                     functools.partial(_char_fonts, page, chars), size * page.scale)
            chars = list(map(chars.__getitem__, order))
        if page.visual_runs == "marked" and "ال" in text:  # (Chromium's pages: see arabic.turned_lam_alefs)
            text, order = turned_lam_alefs(text, functools.partial(_char_boxes, page, chars), size * page.scale)
            chars = list(map(chars.__getitem__, order))
        # Glyph origins tell the ZWNJs that the next letter's ink hides: read wherever one may
        # stand in the lines of a title (larger type than the body's) and captions (italic),
        # whose words seldom come again for zwnj_as_elsewhere to spell as the body does; in
        # body lines after every letter that joins the next one (see arabic._COMMON_ZWNJ_PLACE).
        # The ZWNJs and spaces that only the PDF's objects show: looked for in the lines not
        # in the body's type (titles, captions: larger, smaller, bold or italic type) that
        # pdfium's text rects (one for each text object of the line) show drawn as several.
        def repaired(text: str, chars: Sequence[int]) -> str:
            drawn = None
            if (italic or bold or abs(size - page.body_size) > 0.05) \
                    and (rects != 1 or page.forms is not False):  # (rects: None for a line of several pieces)
                drawn = functools.partial(_drawn_separators, page, chars, text)
            spacing = _spacing(page, chars, text, drawn is not None)
            return repair_line(text, _line_boxes(page, chars), size * page.scale, spacing,
                               baseline, functools.partial(_char_origins, handle, chars, address=page.address),
                               body=not italic and size <= page.body_size + 0.05, read_drawn=drawn,
                               compiled=_compiled_reads(page, chars, rebuilt) if page.compiled else None,
                               shaped=bool(page.joins_all), read_joined=functools.partial(_drawn_together, page, chars),
                               reversed_pairs=page.reversed_pairs, rare=rare,
                               joined=_stretched_joins(page, chars) if page.stretched else (),
                               read_objects=functools.partial(_text_objects, page, chars)
                               if rare and page.spaces == "drawn" else None, joined_bare=page.bare_letters)

        if page.spaces == "drawn" and (_SCRIPT_RUN.search(text.encode("ascii", "ignore"))  # (few lines hold a
                                       # number or Latin word: their ASCII characters, spaces mostly, are
                                       # searched for one; a glued alef with madda, or a number in Persian
                                       # digits on a page whose text glues one to a word, see there)
                                       or ("\u0622" in text and _glued_maddas(page, text, chars))
                                       or (_NATIVE_NUMBER_AT.found(text) and _glues_native_numbers(page))):
            text, chars = _spaces_drawn_apart(page, text, chars)
        elif page.spaces == "within":  # (XeTeX's pages)
            text, chars = _spaces_at_font_changes(page, text, chars, size * page.scale)
        # Most lines hold no mark, bracket or Latin letter (nor does a reading of them in
        # another order): one scan tells repair_line, and that no Latin letter leads the line.
        rare = MARK_BRACKET_OR_LATIN_AT.found(text)
        if page.visual_runs != "unmarked" and not rebuilt and rare and _latin_led(page, text, chars):  # rare: see there
            turned = _read_right_to_left(text, chars, functools.partial(_char_boxes, page, chars),
                                         numbers_apart=page.visual_runs == "marked")
            as_read, text = repaired(text, chars), repaired(*turned)
            if _word_pieces(text) != _word_pieces(as_read):  # a word the turn would change: as read
                text = as_read
        else:
            text = repaired(text, chars)
    else:
        if box is not None and len(text) > 2 and text.isascii() and _right_to_left_page(page) \
                and _page_charbox(page, chars[0])[0] > box[0] + size * page.scale:  # rare: see _runs_by_position
            text, chars = _runs_by_position(page, text, chars, size * page.scale)
        text = _missed_latin_spaces(page, chars, text, size, mid)
    if len(pieces) > 1:
        box = _pieces_box(page, pieces)
    left, bottom, right, top = box or _page_charbox(page, start)
    if lead_index >= 0:  # (read with the line's facts)
        lead = _lead_to_span(left, right, arabic)
    else:
        lead = 0.0 if early and second < 0 else _lead(handle, printed, printed_chars, left, right, arabic)
    if lead and arabic and not text.startswith(printed[:printed.find(" ") + 1]):  # (rare: see there)
        repaired_second = _second_word_as_repaired(printed, text)
        if repaired_second >= 0:
            lead = _lead(handle, printed, printed_chars, left, right, True, repaired_second)
    rounded = page.rounded.get(size)  # (see _rounded)
    line = Line(text, page.number, left, right, top, bottom, baseline,
                _rounded(page, size) if rounded is None else rounded, bold, italic, lead)
    if bold:
        page.faces.note(line, face, weighed)
    return line


_DRAWN_SPACE_EMS: Final = 0.1  # the least gap (of the type size) that may hold a word space drawn apart
_FONT_CHANGE_SPACE_EMS: Final = 0.08  # the least move of the pen (ems) that is a word space where the font changes
_HEH_BEFORE_A_LETTER: Final = re.compile(f"\u0647(?=[{_CLUSTER_LETTERS}])")
# A run of digits or Latin letters (see _spaces_drawn_apart).
# (Two different, maybe a number's sign between: no kashida drawn again, "KK"; "2.5" is a number.)
_SCRIPT_RUN: Final = re.compile(rb"([0-9A-Za-z])[.,:/]?(?!\1)[0-9A-Za-z]")
# (The run's first character, then its script told by looking behind: a pattern that opens with a
# class is scanned for fast, where two alternatives that open with a repeat are tried at every position;
# the same runs as "[0-9A-Za-z]+(?:[.,:/][0-9A-Za-z]+)*|[۰-۹٠-٩]+(?:[.,:/٫][۰-۹٠-٩]+)*".)
_SCRIPT_RUN_TEXT: Final = re.compile("[0-9A-Za-z۰-۹٠-٩](?:(?<=[0-9A-Za-z])[0-9A-Za-z]*(?:[.,:/][0-9A-Za-z]+)*"
                              "|(?<=[۰-۹٠-٩])[۰-۹٠-٩]*(?:[.,:/٫][۰-۹٠-٩]+)*)")
# What else a page may draw apart, with a space object of no text before it: a number in
# Persian or Arabic-Indic digits (a left-to-right run), or an alef with madda glued to the
# letter before it (Chromium with SIL's Lateef draws "آ" as an object of its own, the space
# before it as another: "ناچارندآب" for "ناچارند آب").
# (Each opens with a class, which the regex engine scans for: a repeat, or alternatives, first are tried
# at every position of a page's text. _NATIVE_NUMBER_GLUED finds what "[letter or mark][digit]|[digit]
# [letter]" finds: a digit with such a letter or mark before it, looked behind for, or a letter after it.)
_NATIVE_NUMBER: Final = re.compile("[۰-۹٠-٩][۰-۹٠-٩]")
_NATIVE_NUMBER_AT: Final = ClassPlaces(_NATIVE_NUMBER, char_classes.table("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩"), [(0, 1, 1)])
_NATIVE_NUMBER_GLUED: Final = re.compile(f"[۰-۹٠-٩](?:(?<=[{_CLUSTER_LETTERS}\u064b-\u0655][۰-۹٠-٩])"
                                  f"|(?=[{_CLUSTER_LETTERS}]))")


def _objects_interleave(count: int, box: tuple[float, float, float, float]) -> bool:
    """Whether the `count` text rects of a line (in _box_buffer, as _line_facts leaves them: l,
    t, r, b each), one for each text object, reach into each other: wider together than the
    `box` around them by more than half its height. Read from what _line_facts read already; the
    compiled newsmon_line_facts_at tells it the same way (each sum from 0.0, in order) for the rects
    it reads, so this runs only without it or where it had no room for them."""
    values = cast("list[float]", _box_buffer.doubles_view[:4 * count].tolist())  # (typeshed: a memoryview holds ints)
    return sum(values[2::4], 0.0) - sum(values[0::4], 0.0) > box[2] - box[0] + _INTERLEAVED_HEIGHTS * (box[3] - box[1])


def _drawn_out_of_order(page: _Page, text: str, chars: Sequence[int], em: float) -> bool:
    """Whether an Arabic-script line's glyphs jump back to the right as read (a glyph's box starts
    more than _JUMP_BACK_EMS right of where the last one's ends; spaces and marks aside), on a page
    that draws so: the first such line of a page tells it by a jump inside one text object, where
    the line's text objects reach into each other (see _objects_interleave).

    Ghostscript's pdfwrite (ps2pdf, CUPS, the "compress PDF" services) draws a line's glyphs of one
    font as one text object, in the order the first PDF drew them, which LibreOffice drew as objects
    of a few glyphs each, in an order of its own: pdfium puts a line's objects in order, but not the
    glyphs of one object ("ن و۸بازشماری آرای بیش از . نهایی را اعلام" for "نهایی را اعلام ... بیش
    از ۸ هزار ... و"). Such a page's lines are read in the order they stand (_positional_order, as
    a cairo reprint's, see _sized_by_matrix): each line that jumps so, once the page is told (a
    page told after some of its lines were read is read again: see _page_lines). A page drawn in
    order jumps so only between objects: pdfium's order, or a mark's or a number's.

    One compiled call (newsmon_jump_back) where there is one: the boxes and the loop below cost
    some 100,000 instructions a line, and LibreOffice's own lines interleave too (the gate is
    loose: 18 lines of the dev variants, none told)."""
    if _NATIVE is not None:
        if type(chars) is range:
            index, offset = None, chars.start
        else:
            index, offset = (ctypes.c_int * len(text))(*chars[:len(text)]), 0
        if _NATIVE.jump_back(_JUMP_FUNCTIONS, page.handle, text.encode("utf-32", "surrogatepass")[4:], len(text),
                             index, offset, _JUMP_CLASSES, not page.out_of_order,
                             ctypes.c_double(_JUMP_BACK_EMS * em)):
            page.out_of_order = True
            return True
        return False
    boxes = _char_boxes(page, chars, list(range(len(text))))
    within = not page.out_of_order
    least = _JUMP_BACK_EMS * em
    last = -math.inf
    before = -1
    for k, ch in enumerate(text):
        if ch == " " or ch in ARABIC_MARKS:
            continue
        left, bottom, right, top = boxes[k]
        if right <= left and top <= bottom:  # (no box: a character pdfium made up)
            continue
        if left > last + least and before >= 0 and (ch in ARABIC_LETTERS or text[before] in ARABIC_LETTERS):
            if not within:
                return True
            drawn = _GET_TEXT_OBJECT(page.textpage, chars[k]).value
            if drawn and drawn == _GET_TEXT_OBJECT(page.textpage, chars[before]).value:
                page.out_of_order = True
                return True
        last, before = right, k
    return False


def _glued_maddas(page: _Page, text: str, chars: Sequence[int]) -> list[int]:
    """The positions of the line's alefs with madda glued to a letter or mark before them and
    drawn alone, an object of their own (see _spaces_drawn_apart, _glued_alone: most glued ones
    are of their word's object, "درآمد")."""
    places = []
    at = text.find("\u0622", 1)  # (most lines: after a space, a look at each, no regex scan)
    while at > 0:
        if "\u0621" <= text[at - 1] <= "\u06d3" and min(chars[at - 1], chars[at]) >= 0 \
                and _TEXT_OBJECT_ADDRESS(page.handle, chars[at]) != _TEXT_OBJECT_ADDRESS(page.handle, chars[at - 1]):
            places.append(at)  # (most glued ones: of their word's object, and no page's look below)
        at = text.find("\u0622", at + 1)
    return _glued_alone(page, chars, places) if places else places


def _glues_native_numbers(page: _Page) -> bool:
    """Does pdfium's text of the page glue a number in Persian digits to a word anywhere (read
    once a page, asked only for a line with such a number: _line searches the line first, where
    the page's look for each of the twenty digits cost more than the searches of its lines)?"""
    if page.native_numbers_glued is None:
        # (a page with no such digit, most, told by a search for each: str.find runs at memory speed,
        # where the regex engine tests each character against the digits' class)
        page.native_numbers_glued = any(map(page.text.__contains__, _NATIVE_DIGITS)) \
            and _NATIVE_NUMBER_GLUED.search(page.text) is not None
    return page.native_numbers_glued


_NATIVE_DIGITS: Final = "۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩"  # (the digits of _NATIVE_NUMBER_GLUED's class)


def _spaces_drawn_apart(page: _Page, text: str, chars: Sequence[int]) -> tuple[str, Sequence[int]]:
    """The line with the word spaces that the page draws between a run of Arabic script and a
    run of digits or Latin letters as text objects of their own with no text, which pdfium
    leaves out ("سال2030نزدیک" for "سال 2030 نزدیک": LibreOffice with SIL's Lateef draws
    the space where the script changes so: a number or Latin word of two characters or more,
    "2.5" too, not one drawn again, a kashida; an Arabic comma between two Latin words too:
    "YouTube،Facebook" for "Facebook، YouTube"; a number in Persian digits, and an alef with
    madda glued to the letter before it, see _glued_maddas). Only on a page whose word spaces are glyphs in
    its text (page.spaces "drawn": Chromium draws every word space as such an object, and
    pdfium puts its own space there), where an object drawn next to either character's is
    such a space, standing between them (see _space_object_between)."""
    glued = [k - 1 for k in _glued_maddas(page, text, chars)] if "\u0622" in text else []
    # (not a run of one character, or of LibreOffice's kashida mapped to a letter or digit drawn again,
    # "شKKود"; an Arabic comma between two Latin words too)
    glued += _glued_to_runs(text, least=2, beside="،؛")
    if "(" in text or ")" in text or "«" in text or "»" in text:  # (and a bracket or guillemet glued to a word)
        glued += [m.start() for m in _GLUED_BRACKET.finditer(text)]
    return _spaces_after(text, chars, [p for p in sorted(set(glued))
                                       if _space_object_between(page, chars[p], chars[p + 1])])


# An Arabic letter before a bracket or guillemet with no space between: Chromium with SIL's Lateef draws
# the space there as an object with no text too ("سازمان)FAO )" for "سازمان (FAO)"). (Not a bracket
# before a letter: LibreOffice's .docx draws a stroke object there, "(dpi)و".)
_GLUED_BRACKET: Final = re.compile("[\u0621-\u06d3](?=[()«»])")


def _spaces_at_font_changes(page: _Page, text: str, chars: Sequence[int], em: float) -> tuple[str, Sequence[int]]:
    """The line with the word spaces pdfium missed where one text object ends and the next
    begins, on a page whose spaces pdfium makes up inside its text objects (XeTeX with SIL's
    Lateef, whose narrow space pdfium takes for none there): where an Arabic-script word meets
    a number or Latin word set in another font, as large ("رنگیR، G وBثبت" for "رنگی R، G و
    B ثبت", Lateef beside Liberation Serif; not a footnote's mark, nor a kashida a font maps to
    a Latin letter), and after a final heh whose ezafe hamza is an object of its own
    ("حافظهفرهنگی" for "حافظهٔ فرهنگی"). The pen moved on between the two by
    _FONT_CHANGE_SPACE_EMS or more: inside a word it does not move on at all (half an em or
    more: a mark's glyph, whose pen is not the word's)."""
    hehs = {m.start() for m in _HEH_BEFORE_A_LETTER.finditer(text)}
    glued = [*hehs, *_glued_to_runs(text)]
    glued = [p for p in sorted(set(glued)) if chars[p] >= 0 and chars[p + 1] >= 0]
    if glued:  # (where two text objects meet)
        objects = _object_addresses(page, [chars[q] for p in glued for q in (p, p + 1)])
        glued = [p for p, one, other in zip(glued, objects[0::2], objects[1::2]) if one != other]
    if not glued:
        return text, chars
    fonts = _char_fonts(page, chars, [q for p in glued for q in (p, p + 1)])
    glued = [p for p, one, other in zip(glued, fonts[0::2], fonts[1::2])
             if p in hehs or (one != other and _level_and_alike(page, chars[p], chars[p + 1], em))]
    pens = _char_pens(page.handle, page.address, chars, [q for p in glued for q in (p, p + 1)])
    return _spaces_after(text, chars, [p for p, one, other in zip(glued, pens[0::2], pens[1::2])
                                       if _FONT_CHANGE_SPACE_EMS * em <= _pen_moved_on(one, other) < 0.5 * em])


def _glued_to_runs(text: str, least: int = 1, beside: str = "") -> list[int]:
    """The places (the first of two characters) where a run of digits or Latin letters
    (_SCRIPT_RUN_TEXT) of `least` different characters or more meets an Arabic letter or mark,
    or one of `beside`, with no space between: either end of the run."""
    glued = []
    for match in _SCRIPT_RUN_TEXT.finditer(text):
        start, end = match.span()
        if least > 1 and len(set(match.group())) < least:
            continue
        if start and ("\u0621" <= text[start - 1] <= "\u06d3" or text[start - 1] in beside):
            glued.append(start - 1)
        if end < len(text) and ("\u0621" <= text[end] <= "\u06d3" or text[end] in beside):
            glued.append(end - 1)
    return glued


def _level_and_alike(page: _Page, one: int, other: int, em: float) -> bool:
    """Do pdfium's characters `one` and `other` stand on one baseline, in type of about one
    size (a footnote's mark is raised, or smaller)?"""
    _GET_CHAR_ORIGIN(page.handle, one, *_ORIGIN_XY)
    baseline = _ORIGIN[1]
    _GET_CHAR_ORIGIN(page.handle, other, *_ORIGIN_XY)
    sizes = _font_size(page, one), _font_size(page, other)
    return abs(_ORIGIN[1] - baseline) < 0.05 * em and min(sizes) >= 0.8 * max(sizes)


def _pen_moved_on(one: tuple[float, float], other: tuple[float, float]) -> float:
    """How far the pen moved on from the end of the left one of two glyphs ((origin, end of
    advance) each) to the origin of the right one."""
    left, right = (one, other) if one[0] <= other[0] else (other, one)
    return right[0] - left[1]


def _spaces_after(text: str, chars: Sequence[int], places: list[int]) -> tuple[str, Sequence[int]]:
    """The line with a space after each of `places` (in order), and its characters: a space
    made up takes the index of the character before it (as _positional_order's do)."""
    if not places:
        return text, chars
    out, order, at = [], [], 0
    for place in places:
        out.append(text[at:place + 1] + " ")
        order.extend([*range(at, place + 1), place])
        at = place + 1
    out.append(text[at:])
    order.extend(range(at, len(text)))
    return "".join(out), list(map(chars.__getitem__, order))


def _space_object_between(page: _Page, first: int, second: int) -> bool:
    """Is a page object drawn right before or after that of pdfium's character `first` or
    `second` (or one object further) a space pdfium's text leaves out, standing in the gap
    between the two characters' glyph boxes (its origin; on their line)?"""
    a, b = _charbox(page.textpage, first), _charbox(page.textpage, second)
    low, high = min(a[2], b[2]), max(a[0], b[0])  # the gap, whichever stands left
    if high - low < _DRAWN_SPACE_EMS * _font_size(page, first):
        return False  # (most: no room for a space; the objects are looked up only where there is)
    one, other = _TEXT_OBJECT_ADDRESS(page.handle, first), _TEXT_OBJECT_ADDRESS(page.handle, second)
    if one is None or other is None or one == other:
        return False
    for address in (one, other):
        at = _object_index(page, address)
        for near in () if at is None else (at - 1, at + 1, at - 2, at + 2):  # (two apart: a cluster's mark
            # drawn as an object between, SIL's Lateef in an .odt: "روزنامه", "ٔ", the space, "Times")
            if 0 <= near < page.object_count and _left_out(page, near) == " " \
                    and _GET_BOUNDS(_GET_OBJECT(page.page_handle, near), *_BOUNDS_OUT) \
                    and low - 0.5 <= _BOUNDS[0] <= high + 0.5 and _BOUNDS[1] <= max(a[3], b[3]) \
                    and _BOUNDS[3] >= min(a[1], b[1]):
                return True
    return False


def _latin_led(page: _Page, text: str, chars: Sequence[int]) -> bool:
    """Whether pdfium read a line of a right-to-left page left to right. It takes some lines
    of a Persian paragraph that hold Latin words for left-to-right ones ("(groundsmen)
    نشتوالی.", a line with a reference or a URL, a line of LaTeX code in an Arabic manual)
    and gives their runs in the order they stand, left to right ("نشتوالی.) groundsmen)"):
    its first character stands left of its last. A page is right to left where most of its
    letters are Arabic script (told once, at its first line with Latin letters)."""
    if not _ASCII_LETTERS.search(text):  # most lines
        return False
    ends = [k for k in (0, len(text) - 1) if not text[k].isspace()]
    if len(ends) < 2 or not _left_to_right(*_char_boxes(page, chars, ends)):
        return False
    if page.right_to_left is None:
        page.right_to_left = _letters(_ARABIC_LETTERS, page.text) > _letters(_ASCII_LETTERS, page.text)
    return page.right_to_left


def _letters(run: re.Pattern[str], text: str) -> int:
    """How many letters of `text` the runs of `run` hold."""
    return len(text) - len(run.sub("", text))


def _read_right_to_left(text: str, chars: Sequence[int], read_boxes: Callable[[list[int]], list[Box]],
                        numbers_apart: bool = False) -> tuple[str, list[int]]:
    """A line pdfium read left to right (see _latin_led) in logical order, as the right-to-left
    paragraph it is part of reads it. Its words left to right as they stand, each word's
    runs of Arabic script turned round (pdfium gives them in logical order), is the line as
    drawn; the Unicode bidi rules read backwards give its logical order
    (drawn_order.logical_order), the brackets as drawn (repair_line turns round the ones that
    come out mirrored). _line keeps it only where, repaired, it spells the same Arabic-script
    words as pdfium's reading repaired: the order of the words may stay wrong, never a word.
    `numbers_apart`: see logical_order (a page whose writer marks its right-to-left runs,
    Chromium, follows the Unicode bidi rules)."""
    words: list[list[int]] = [[]]
    spaces: list[int] = []
    for k, ch in enumerate(text):
        if ch == " ":
            spaces.append(k)
            words.append([])
        else:
            words[-1].append(k)
    words = [word for word in words if word]
    boxes = read_boxes(list(range(len(text))))
    words.sort(key=lambda word: min(boxes[k][0] for k in word) + max(boxes[k][2] for k in word))
    drawn: list[int] = []
    for n, word in enumerate(words):
        drawn += [spaces[n - 1]] if n else []
        run: list[int] = []
        for k in word:
            if text[k] in _WORD_CHARS or text[k] == "\u200c":  # a ZWNJ stays inside the run
                run.append(k)
            else:
                drawn += run[::-1] + [k]
                run = []
        drawn += run[::-1]
    order = logical_order(text, drawn, rtl=True, numbers_apart=numbers_apart)
    return "".join(map(text.__getitem__, order)), list(map(chars.__getitem__, order))


def _word_pieces(text: str) -> list[str]:
    """The line's Arabic-script words and the parts a ZWNJ joins, in no order (see _line: a
    line turned right to left must spell the same ones as pdfium's reading)."""
    return sorted(_ARABIC_WORD.findall(text))


def _right_to_left_page(page: _Page) -> bool:
    """Does the page's text hold Arabic letters (told once a page)? Only on such a page are
    a Latin line's runs set right to left (see _runs_by_position)."""
    if page.arabic is None:
        page.arabic = not ARABIC_LETTERS.isdisjoint(page.text)
    return page.arabic


def _runs_by_position(page: _Page, text: str, chars: Sequence[int], em: float) -> tuple[str, list[int]]:
    """An ASCII line whose first character stands more than an em right of the line's left
    edge, read again in the order its runs stand, left to right.

    Typst sets a Latin line of a right-to-left paragraph (the site's web and mail lines, "Page 1
    of 1" in a Dari article's footer) by the paragraph's bidi runs, drawn right to left in one
    text object, and pdfium reads them as drawn: "com.afgazad.www", "1 of 1 Page". Such a line
    holds no right-to-left letter, so its order is the order it stands in. Its runs (characters
    read one after another left to right; a space pdfium made up, with no box, is its run's) are
    turned round where each stands left of the one read before it (its boxes reaching over that
    one's by _RUN_OVERHANG_EMS at most), all on one baseline, and only then (a formula's raised
    letters, a figure's labels read into a caption stand otherwise). A line read in order starts at
    its left edge (the gate: one box, on a page with Arabic letters)."""
    boxes = _char_boxes(page, chars, list(range(len(text))))
    runs: list[list[int]] = []
    for k, (left, _, right, _) in enumerate(boxes):
        if runs and (right <= left or left >= boxes[runs[-1][-1]][0]):  # (a made-up space, no box: its run's)
            runs[-1].append(k)
        else:
            runs.append([k])
    spans = [(min(boxes[k][0] for k in run), max(boxes[k][2] for k in run)) for run in runs]
    overhang = _RUN_OVERHANG_EMS * em
    if len(runs) < 2 or any(later[1] > earlier[0] + overhang for earlier, later in zip(spans, spans[1:])) \
            or not _on_one_baseline_as_drawn(page, [chars[run[0]] for run in runs]):
        return text, list(chars)  # (not runs set right to left on one baseline, each left of the one before)
    order = [k for run in reversed(runs) for k in run]
    return "".join(map(text.__getitem__, order)), list(map(chars.__getitem__, order))


_RUN_OVERHANG_EMS: Final = 0.2  # how far a run's glyph boxes may reach over the next run's (an "f"'s overhang)


def _on_one_baseline_as_drawn(page: _Page, chars: list[int]) -> bool:
    """Do pdfium's characters `chars` start on one baseline (their origins within a tenth of a
    point up or down: not a formula's raised or lowered letters)?"""
    heights = []
    for index in chars:
        _GET_CHAR_ORIGIN(page.handle, index, *_ORIGIN_XY)
        heights.append(_ORIGIN[1])
    return max(heights) - min(heights) <= 0.1


def _missed_latin_spaces(page: _Page, chars: Sequence[int], text: str, size: float, mid: int) -> str:
    """A line with no Arabic script (`text`, of pdfium's characters `chars`; `size`: its type
    size at pdfium's character `mid`) with the word spaces pdfium missed before a capital put
    back (see latin_spaces): the pens are read only where a lower-case letter runs into one."""
    joints = capital_joints(text)
    if not joints:
        return text
    return with_missed_spaces(text, joints, functools.partial(_char_pens, page.handle, page.address, chars),
                              size * _char_scale(page, mid))


def _drawn_zwnj_spaces(page: _Page, text: str, chars: Sequence[int], em: float) -> str:
    """An Arabic-script line of a page (`text`, of pdfium's characters `chars`; `em`: its type
    size) with its ZWNJs drawn as spaces, and its word spaces drawn as ZWNJs, put back where
    the page draws them so (see zwnj_spaces; told once a page, from its text: ZWNJs drawn as
    spaces only where the page draws its word spaces)."""
    if page.zwnj_spaces is None:
        all_chars = range(len(page.text)) if page.chars is None else page.chars
        page_pens = functools.partial(_char_pens, page.handle, page.address, all_chars)
        page.zwnj_spaces = page.spaces == "drawn" and page_draws_zwnj_spaces(page.text, page_pens, em)
        page.spaces_as_zwnjs = ZWNJ in page.text and page_draws_spaces_as_zwnjs(page.text, page_pens, em)
    pens = functools.partial(_char_pens, page.handle, page.address, chars)
    if page.spaces_as_zwnjs:
        text = spaces_for_moving_zwnjs(text, pens, em)
    return zwnjs_for_empty_spaces(text, pens, em) if page.zwnj_spaces else text


def _no_space_made_after_zwnjs(page: _Page, text: str, chars: Sequence[int], em: float) -> tuple[str, Sequence[int]]:
    """The line without the spaces pdfium made up (no width) between a ZWNJ and the letter
    after it, where the two touch: pdfium makes one up after a jump in its reading order (a
    mark drawn far off read right before the ZWNJ: LibreOffice's "بوجیٔ‌ های" for "بوجی‌های",
    the hamza above of a later word), and the ZWNJ, which joins the letters into one word,
    would then go as a ZWNJ at a word's edge ("بوجی های")."""
    drop = []
    at = text.find("\u200c ")
    while at >= 0:
        if at + 2 < len(text) and text[at + 2] in ARABIC_LETTERS:
            zwnj, space, letter = _char_boxes(page, chars, [at, at + 1, at + 2])
            if space[2] - space[0] <= 0.0 and max(letter[0] - zwnj[2], zwnj[0] - letter[2]) < _ZWNJ_TOUCH_EMS * em:
                drop.append(at + 1)
        at = text.find("\u200c ", at + 2)
    if not drop:
        return text, chars
    kept = [k for k in range(len(text)) if k not in drop]
    return "".join(map(text.__getitem__, kept)), list(map(chars.__getitem__, kept))


_ZWNJ_TOUCH_EMS: Final = 0.1  # a ZWNJ's glyph box and the next letter's this near (of the type size) touch


def _spacing(page: _Page, chars: Sequence[int], text: str, drawn: bool) -> Spacing | None:
    """How repair_line is to look at the word spaces of an Arabic-script line of the page
    (whose characters are pdfium's characters `chars`; `drawn`: whether the objects between
    its letters are read). The type size scales the gaps that tell join, ZWNJ and word space
    apart; where pdfium makes the spaces up, pen positions tell the ones it missed and the ZWNJs
    drawn as spaces; where the page draws them, the ones whose glyph maps to no text before a
    kaf (see Spacing.drawn), and whether an object drawn between two letters with no text is
    a space. Most lines of such a page have no place for either: no Spacing (making one for
    each line cost 1.5 % of a parse's instructions)."""
    spaces = page.spaces
    if spaces == "drawn" and page.mixed_spaces:  # (rare) a title or pull quote may be set in a font whose
        # spaces the page's producer does not draw (see _spaces): the line's own first plain space tells,
        # or its first space (one pdfium made up between two objects is no glyph of a ZWNJ either); a
        # line with none may have had every one missed ("باراننهاوري": pen positions tell, see _pen_marks)
        at = plain_space(text)
        at = text.find(" ") if at is None else at
        if at < 0 or (chars[at] >= 0 and _spaced_how(page, chars[at]) == "between"):
            spaces = "between"
    if spaces == "drawn" and not drawn and not may_miss_a_kerned_space(text):
        return None
    if spaces == "between" and page.narrow is None:
        page.narrow = _narrow_space(page)
    return Spacing(functools.partial(_char_pens, page.handle, page.address, chars), missed=spaces == "between",
                   drawn=spaces == "drawn", placed=spaces == "placed",
                   read_drawn=functools.partial(_drawn_separators, page, chars, text, forms=False),
                   narrow=page.narrow or 0.0, pen_offsets=page.pen_offsets)


_NARROW_SAMPLES: Final = 15  # the made-up spaces a page's word space is measured at (see _narrow_space)
_SPACE_BETWEEN_LETTERS: Final = re.compile(f" (?<=[{_CLUSTER_LETTERS}] )(?=[{_CLUSTER_LETTERS}])")
# (its places, read as char_classes reads them)
_SPACE_BETWEEN_LETTERS_PLACES: Final = ClassPlaces(_SPACE_BETWEEN_LETTERS, char_classes.table(
    map(chr, [*range(0x0621, 0x064B), *range(0x066E, 0x06D4)]), " "), [(1, 2, 1)])


def _narrow_space(page: _Page) -> float:
    """How far the pen moves over a word space of the page (ems: the middle of _NARROW_SAMPLES
    of pdfium's made-up spaces between two Arabic letters, from the letter after
    it to the letter before), where that is less than arabic.SPACE_ADVANCE_EM (0.0 elsewhere, and
    where fewer than five tell): Chromium with SIL's Lateef, 0.114 em, where pdfium misses the
    spaces whose gap of ink is narrower still."""
    advances = []
    for at in spread(_SPACE_BETWEEN_LETTERS_PLACES.places(page.text), _NARROW_SAMPLES):
        before, after = _pdfium_index(page, at - 1), _pdfium_index(page, at + 1)
        (origin, _), (_, end) = _char_pens(page.handle, page.address, [before, after], [0, 1])
        size = _font_size(page, before)
        if size > 0:
            advances.append((origin - end) / size)
    if len(advances) < 5:
        return 0.0
    middle = sorted(advances)[len(advances) // 2]
    return middle if 0.0 < middle < SPACE_ADVANCE_EM else 0.0


def _lead(handle: Any, printed: str, chars: Sequence[int], left: float, right: float, rtl: bool,
          second: int | None = None) -> float:
    """How far the line's first word and the space after it reach from the line's start
    (its right end in right-to-left text) to where its second word's ink starts: one glyph
    box. In ragged text a line ended its paragraph where the next line's first word would
    have fit on it (layout._Room); a width guessed from the word's letters is off by several
    points in Pashto or Dari. In right-to-left text the second word's first Arabic letter
    marks where it starts (pdfium may read a bracket mirrored from the word before into it:
    "(ASYCUDA (پلي"); a second word with none tells nothing, for a Latin phrase is set left
    to right inside the line ("Facebook، YouTube" stands YouTube first from the right). 0.0
    for a line of one word, or where the page does not tell. `second`: where the second word
    starts, where the caller knows it better (see _second_word_as_repaired)."""
    second = _second_word(printed, rtl) if second is None else second
    if second < 0:
        return 0.0
    _GET_CHAR_BOX(handle, chars[second], *_SPAN_OUT)
    return _lead_to_span(left, right, rtl)


def _second_word_as_repaired(printed: str, text: str) -> int:
    """Where the word after the line's first word as repaired (`text`) starts in the printed
    text (see _next_word), where pdfium put a space inside that word which the repairs took out
    (XeTeX: "ز یاتوي", after a letter that does not join the next): measured to "یاتوي", the
    lead was the width of one letter, and a line whose paragraph went on seemed to have had
    room for the next one's first word. -1 (the lead stays as measured) where the repaired
    first word is not the printed one's letters, or holds a ZWNJ whose gap pdfium read as a
    space: layout._Room's margin of two characters was set with such words measured to the
    ZWNJ (LibreOffice's "نسخه‌های" after 54.5 pt of room)."""
    first = text.split(" ", 1)[0]
    if "\u200c" in first:  # (a ZWNJ's gap, read as a space: see the docstring)
        return -1
    count, at = 0, 0
    while at < len(printed) and count < len(first):
        if printed[at] != " ":
            if printed[at] != first[count]:
                return -1
            count += 1
        at += 1
    if count < len(first) or at >= len(printed) or printed[at] != " ":
        return -1
    return _next_word(printed, at + 1, True)


def _second_word(printed: str, rtl: bool) -> int:
    """Where the line's second word starts (see _lead), or -1 where it has none."""
    space = printed.find(" ")
    if space < 0:
        return -1
    return _next_word(printed, space + 1, rtl)


def _next_word(printed: str, second: int, rtl: bool) -> int:
    """Where the word after the space before `second` starts (see _second_word), or -1."""
    while second < len(printed) and printed[second] == " ":
        second += 1
    if rtl and second < len(printed) and printed[second] not in ARABIC_LETTERS:  # (most second words open
        # with a letter: there the search would find it)
        found = _ARABIC_LETTER.search(printed, second)
        end = printed.find(" ", second)
        second = len(printed) if found is None or -1 < end < found.start() else found.start()
    return second if second < len(printed) else -1


def _lead_to_span(left: float, right: float, rtl: bool) -> float:
    """The lead of a line from `left` to `right` whose second word's glyph box is in _SPAN."""
    lead = right - _SPAN[1] if rtl else _SPAN[0] - left
    return lead if 0.0 < lead < right - left else 0.0


def _joined_at_a_mark(page: _Page, pieces: list[Span]) -> bool:
    """Was the line put together from pdfium's pieces around a mark drawn apart (see
    _visual_lines)? Then pdfium read it out of order, though the mark, read after the piece
    that holds its letter, does not stand first or after a space (LibreOffice's "کتابِ" broken
    at the kasra: "اب میشود ... تازه" + "ِ" + "ما کت"), or read last (" ششمتری " + "بچههایم ...
    قالین ... مزد" + "ِ", the word after the kasra's "قالینِ" read first)."""
    return len(pieces) > 2 and any(_marks_only(page.text[a:b]) for a, b in pieces[1:])


def _joints(page: _Page, pieces: list[Span], chars: Sequence[int]) -> set[int]:
    """Where the line (whose characters are pdfium's `chars`), put together from the spans
    `pieces` of the page's text, passes from one piece to the next: told by the characters
    themselves, as a repair before may have put a space in (_spaces_after) or taken one out."""
    piece: dict[int, int] = {}
    for n, (a, b) in enumerate(pieces):
        piece.update(dict.fromkeys(range(a, b) if page.chars is None else page.chars[a:b], n))
    # (a space made up takes the index of the character before it: of its piece)
    # (each character's piece looked up once, and the neighbours compared, by C loops: a Python
    # step per character cost most of the line's rebuilding on LibreOffice's pages)
    ids = list(map(piece.get, chars))
    return set(itertools.compress(range(1, len(ids)), map(operator.ne, ids[1:], ids)))


def _spaced_joints(page: _Page, text: str, chars: Sequence[int], pieces: list[Span],
                   em: float) -> tuple[str, Sequence[int]]:
    """The line with a word space where two of its pieces meet a word space apart in reading
    order (the one read first right of the other, by _SPACE_EMS of an em or more, less than a
    jump), pdfium's text having none there. A page with no space glyph (XeTeX: see _spaces)
    gets its word spaces from pdfium, made up from the gaps inside a text object; where pdfium
    reads a line in pieces (a hamza above drawn high: "وزارت ... اداره" + "ملی آمادگی ..." +
    "ٔ", SIL's Harmattan), it makes up none where two of them meet ("ادارهٔملی")."""
    places = []
    for k in sorted(_joints(page, pieces, chars)):
        if text[k - 1].isspace() or text[k].isspace() or text[k - 1] in ARABIC_MARKS or text[k] in ARABIC_MARKS:
            continue
        before, after = _char_boxes(page, chars, [k - 1, k])
        if _SPACE_EMS * em <= before[0] - after[2] < _JUMP_EMS * em:
            places.append(k - 1)
    return _spaces_after(text, chars, places)


def _opens_with_cluster(page: _Page, pieces: list[Span]) -> bool:
    """Does a piece of the line open with a letter with a hamza above as a word of its own
    ("هٔ دیجیتال هرات؛" + "کتابخان", see _on_one_baseline), or is it such a cluster alone, or
    one with a kasra ("رِ")? The line's text, its pieces put together, does not show it."""
    return any(_HAMZA_CLUSTER_FIRST.match(page.text, a, b) or _CLUSTER_PIECE.fullmatch(page.text, a, b)
               or _HAMZA_CLUSTER_LAST.search(page.text, a, b)
               or (page.text[a] == "\u0623" and _alef_hamza_apart(page, a, b)) for a, b in pieces)


def _alef_hamza_alone(page: _Page, text: str, chars: Sequence[int]) -> bool:
    """Does the line (whose characters are pdfium's `chars`) hold an "أ" that is a text object of
    its own (see _alef_hamza_apart): pdfium's order of the line around it is that of the objects
    ("هر أر B ،A و ی در سه" for "هر رأی در سه ... A، B و")?"""
    return any(chars[k] >= 0 and _cluster_object(page, chars[k]) for k in _all_at(text, "\u0623"))


def _cluster_object(page: _Page, index: int) -> bool:
    """Is pdfium's character `index` a cluster that LibreOffice draws as a text object of its own
    among runs of words: the only character of its object, read inside another object's run or
    beside one (not Chromium's glyphs, each an object of its own, see _in_a_run)?"""
    return _drawn_alone(page, index) and (_inside_a_run(page, index) or _in_a_run(page, index - 1)
                                          or _in_a_run(page, index + 1))


def _alef_hamza_apart(page: _Page, at: int, end: int) -> bool:
    """Is the "أ" at position `at` (opening a piece that ends at `end`) a cluster drawn apart
    (LibreOffice with SIL's Lateef: an alef and a hamza raised over it, under one /ActualText): its
    box the hamza's alone (less tall than _MARK_GLYPH_EMS of its type size), or the letter read
    after it standing right of it (read before the word's letters that come before it)?"""
    chars = page.chars if page.chars is not None else range(len(page.text))
    if chars[at] < 0:
        return False
    nxt = at + 1
    letter_after = nxt < end and page.text[nxt] in ARABIC_LETTERS
    box, *after = _char_boxes(page, chars, [at, nxt] if letter_after else [at])  # (not into _SPAN: see _line)
    if 0 < box[3] - box[1] < _MARK_GLYPH_EMS * _font_size(page, chars[at]):
        return True
    return bool(after) and after[0][0] + after[0][2] > box[0] + box[2] + _TURN_SLACK_EMS * (box[3] - box[1])


def _in_main_script(text: str, at: int) -> int:
    """`at`, or, where the character there is a Latin letter or digit of a line not mostly Latin
    (fewer than twice as many Latin letters as Arabic ones: "groundsmen) نشتوالی.", a phrase's end
    opening a line of a Pashto paragraph) or a space or punctuation against one of them ("New
    York Times", "F-75", which pdfium may give as "-75F"), the nearest Arabic letter.

    The line's type size and style are read at one character: a word processor may set the
    Latin words of a right-to-left paragraph a size smaller than its Arabic script (Word's
    complex-script size), and a line read at a Latin word would seem to start a new block.
    """
    if at >= len(text):
        return at
    if not text[at].isascii():  # most lines: at once
        return _nearest_arabic_letter(text, at) if text[at] in ARABIC_MARKS else at
    if text[at] == " ":
        return _nearest_arabic_letter(text, at)
    if not text[at].isalnum() and not _in_a_latin_word(ord(text[at]), ord(text[at - 1]) if at > 0 else 0,
                                                       ord(text[at + 1]) if at + 1 < len(text) else 0):
        return at
    if 2 * _letters(_ARABIC_LETTERS, text) <= _letters(_ASCII_LETTERS, text):
        return at
    return _nearest_arabic_letter(text, at)


def _nearest_arabic_letter(text: str, at: int) -> int:
    """The position of the Arabic letter nearest `at` (`at` where there is none). A mark, or a
    space pdfium made up after one, may stand off the baseline (LibreOffice draws the hamza of
    "هٔ" a point below it): the line's baseline, size and style are read at a letter."""
    for k in (at - 1, at + 1, at - 2, at + 2):  # most: a letter beside it (no search of the line)
        if 0 <= k < len(text) and text[k] in ARABIC_LETTERS:
            return k
    after, before = _ARABIC_LETTER.search(text, at), None
    for found in _ARABIC_LETTER.finditer(text, 0, at):
        before = found
    nearest = [m.start() for m in (before, after) if m is not None]
    return min(nearest, key=lambda k: abs(k - at)) if nearest else at


def _main_script_char(handle: Any, text: str, chars: Sequence[int], mid: int) -> int:
    """`_in_main_script` on a page whose character indices are not its text positions (a glyph
    without Unicode stands in pdfium's list, as LibreOffice's kashida glyphs do): pdfium's
    character `mid`, or the nearest Arabic letter where it is a Latin letter of an
    Arabic-script line or a mark (one the text left out too: the nearest kept character's).
    Positions are looked up only then (rare), through `chars`."""
    letter = _GET_UNICODE(handle, mid)
    if not _is_ascii_letter(letter) and not 48 <= letter <= 57 and letter != 32 and letter not in _MARK_CODES \
            and not (letter < 128 and _in_a_latin_word(letter, _GET_UNICODE(handle, mid - 1),
                                                       _GET_UNICODE(handle, mid + 1))):
        return mid  # most lines: at once (not at a Latin letter, digit, space or mark)
    try:
        at = chars.index(mid)
    except ValueError:  # a character left out of the text: pdfium's, or a copy's (see _without_mark_copies:
        # the kasra of LibreOffice's "بِ" read twice, drawn off the baseline): the nearest plain letter kept
        if not chars or letter not in _MARK_CODES:
            return mid
        return chars[_nearest_plain_letter(text, min(range(len(chars)), key=lambda k: abs(chars[k] - mid)))]
    return chars[_in_main_script(text, at)]


def _nearest_plain_letter(text: str, at: int) -> int:
    """The position nearest `at` of an Arabic letter that is no cluster of LibreOffice's (a letter
    with a mark after it, an alef with madda or hamza: each a text object of its own, which may
    stand a point off the line's baseline); `at` where the text has none."""
    for step in range(len(text)):
        for k in (at - step, at + step):
            if 0 <= k < len(text) and text[k] in ARABIC_LETTERS and text[k] not in "\u0622\u0623\u0625" \
                    and (k + 1 == len(text) or text[k + 1] not in ARABIC_MARKS):
                return k
    return at


# The code points of ARABIC_MARKS (_main_script_char tells a mark by pdfium's code, as
# _in_main_script does by the text's character).
_MARK_CODES: Final = frozenset(map(ord, ARABIC_MARKS))


def _is_ascii_letter(code: int) -> bool:
    return 65 <= code <= 90 or 97 <= code <= 122


def _is_ascii_alnum(code: int) -> bool:
    return 65 <= code <= 90 or 97 <= code <= 122 or 48 <= code <= 57


def _in_a_latin_word(code: int, before: int, after: int) -> bool:
    """Is the ASCII character `code` (not a letter or digit), between `before` and `after`, a
    space or punctuation between two Latin letters ("New York"), or a hyphen, stop or slash
    against a Latin letter or digit ("F-75", which pdfium may give as "-75F"): a Latin word's
    or number's, in its font?"""
    if _is_ascii_letter(before) and _is_ascii_letter(after):
        return True
    return chr(code) in _WORD_JOINERS and (_is_ascii_alnum(before) or _is_ascii_alnum(after))


_WORD_JOINERS: Final = frozenset("-./")


_LETTER_CLASS: Final = "".join(sorted(ARABIC_LETTERS))
_ARABIC_LETTER: Final = re.compile(f"[{_LETTER_CLASS}]")
# A run written X X* rather than X+: a pattern that opens with a class is scanned for that
# class, one that opens with a repeat is tried at every position (five times the cost).
_ARABIC_LETTERS: Final = re.compile(f"[{_LETTER_CLASS}][{_LETTER_CLASS}]*")
_ASCII_LETTERS: Final = re.compile("[A-Za-z][A-Za-z]*")
# Two or more Arabic letters in a row: pdfium turns such a run as a whole, or not at all
# (a combining mark splits a word into runs of its own).
_LETTER_RUN: Final = re.compile(f"[{_LETTER_CLASS}]{{2,}}")
_LETTER_RUNS: Final = ClassRuns(_LETTER_RUN, char_classes.table(ARABIC_LETTERS), 1, least=2)  # (its runs: char_classes)
# An Arabic-script word as _word_pieces counts it: letters, marks and tatweel (a ZWNJ splits it).
_WORD_CHARS: Final = ARABIC_LETTERS | ARABIC_MARKS | {"\u0640"}
_ARABIC_WORD: Final = re.compile(f"[{''.join(sorted(_WORD_CHARS))}]+")
_REVERSED_CHARS: Final = "ReversedChars".encode("utf-16-le") + b"\0\0"
_MARK_NAME: Final = ctypes.create_string_buffer(64)
_MARK_NAME_SIZE: Final = ctypes.c_ulong(len(_MARK_NAME))
_MARK_NAME_LENGTH: Final = ctypes.c_ulong(0)
_MARK_NAME_LENGTH_OUT: Final = ctypes.byref(_MARK_NAME_LENGTH)


def _reversed_chars(textpage: Any, index: int) -> bool:
    """Whether the character's text object lies in `/ReversedChars` marked content.

    Chromium's PDF writer (Skia) draws Arabic-script runs glyph by glyph in visual
    order and marks them so. With some fonts (Noto Naskh Arabic) it also gives most
    glyphs an /ActualText, and pdfium then returns some words in visual order: words
    whose left-most glyph carries one (70 of 72 such words on the test page). pdfium
    itself ignores the mark. Only such pages need their words' direction measured: the
    page's first Arabic letter tells (a call per line would cost more than the rest).
    """
    obj = _GET_TEXT_OBJECT(textpage, index)
    if not obj:  # a character pdfium generated (a space): no marks
        return False
    return any(_mark_name(_GET_MARK(obj, k)) == _REVERSED_CHARS for k in range(_COUNT_MARKS(obj)))


def _mark_name(mark: _Handle) -> bytes:
    """A content mark's name, UTF-16LE with its terminating NUL (b"" if unreadable)."""
    _MARK_NAME_LENGTH.value = 0
    if mark:
        _GET_MARK_NAME(mark, _MARK_NAME, _MARK_NAME_SIZE, _MARK_NAME_LENGTH_OUT)
    return _MARK_NAME.raw[:_MARK_NAME_LENGTH.value]


def _around_cluster(text: str, run: re.Match[str]) -> bool:
    """Does the run of letters end at a hamza above, which LibreOffice may draw as a glyph of
    its own (see _turned_cluster_words)? pdfium may give such a run left to right on a page of
    logical order: it tells nothing of the page's runs (see _visual_runs). (An alef with
    madda, drawn so too, opens as many words turned round as not: LuaTeX's "دازآ".) Nor does a
    run that opens as a word turned at a cluster of its last letter (see _opens_turned:
    Harmattan's final heh, "هاگتسد" for "دستگاه", on a page of logical order)."""
    return text.startswith("\u0654", run.end()) or _opens_turned(run.group())


def _visual_runs(textpage: Any, run: Span, chars: Sequence[int], read_boxes: Callable[[list[int]], list[Box]]) -> str:
    """Whether pdfium gives the page's Arabic script in runs of visual order, told by its
    first run of letters `run` of a line: "marked" where it lies in /ReversedChars marked
    content (see _reversed_chars), "unmarked" where its first letter stands left of its last
    (see drawn_order.as_drawn; LuaTeX draws right-to-left runs so, its fonts' maps giving each glyph
    its letter, and marks nothing), else "" (logical order). Only such pages have each of their
    runs measured."""
    if _reversed_chars(textpage, chars[run[0]]):
        return "marked"
    runs = _unbroken(run, chars) if type(chars) is not range else [run]
    if not runs:
        return ""
    start, end = runs[0]
    return "unmarked" if _left_to_right(*read_boxes([start, end - 1])) else ""


def _left_to_right(first: Box, last: Box) -> bool:
    """Does a run of letters whose first and last letters have these boxes run left to right
    (visual order)? In logical order a word's letters run from right to left. Where one box
    holds the other (Amiri draws the "م" of "مخ" inside the "خ"), nothing tells: no."""
    return first[0] < last[0] and first[2] < last[2]


def _logical_runs(text: str, chars: Sequence[int],
                  read_boxes: Callable[[list[int]], list[Box]]) -> tuple[str, Sequence[int]]:
    """Turn round each run of letters that pdfium gave in visual order, and its characters.

    A run whose first letter stands left of its last one came out reversed (see
    _left_to_right; where nothing tells, the run stays). Combining marks stay where they are
    (repair_line puts each one after the letter its box sits on).
    """
    runs = _LETTER_RUNS.spans(text)
    if type(chars) is not range:  # a line made of pieces: no run goes on from one to the next
        runs = [run for span in runs for run in _unbroken(span, chars)]
    boxes = read_boxes([p for start, end in runs for p in (start, end - 1)])
    pieces: list[str] = []
    turned: list[int] = []  # the characters, a slice at a time (not an item a character: most lines are turned)
    at = 0
    for k, (start, end) in enumerate(runs):
        if _left_to_right(boxes[2 * k], boxes[2 * k + 1]):
            pieces += [text[at:start], text[start:end][::-1]]
            turned += chars[at:start]
            turned += chars[start:end][::-1]
            at = end
    if not pieces:
        return text, chars
    pieces.append(text[at:])
    turned += chars[at:]
    return "".join(pieces), turned


def _unbroken(run: Span, chars: Sequence[int]) -> list[Span]:
    """The run cut where pdfium's character indices jump (a line pdfium gave in pieces), and
    the pieces of two letters or more (see _LETTER_RUN)."""
    start, end = run
    cuts = [k for k in range(start + 1, end) if chars[k] != chars[k - 1] + 1]
    if not cuts:
        return [run]
    bounds = [start, *cuts, end]
    return [(a, b) for a, b in zip(bounds, bounds[1:]) if b - a >= 2]


# A combining mark first in a line or after a space: a mark belongs after its letter, and
# pdfium's reading order went astray there (LibreOffice draws the ezafe kasra, the hamza
# over heh apart from their letters; pdfium then reads the line's parts out of order).
# (matched at the mark, looking behind: the engine scans for a mark first, as few lines have one)
# After a round bracket too: Word's .docx by LibreOffice, "مستقیما )UAE )ً امسال، 2.3 از".
# And a letter with a hamza above or an ezafe kasra as a word of its own: LibreOffice's cluster
# of two glyphs, the letter's copy where pdfium read it twice (see _without_mark_copies),
# "... (IEC هٔ نهایی" with "( هنوز نتیج" as a line after it.
_DETACHED_MARK: Final = re.compile(f"[{_MARKS}](?:(?<![^ \xa0\r\n()][{_MARKS}])"
                            "|(?<=[ \xa0\n()][^ \xa0\r\n][\u0650\u0654])(?![^ \xa0\r()]))")
# A hamza above or an ezafe kasra right before a space and a Latin word: LibreOffice may draw the
# words after that word, up to the Latin phrase, as a text object after the line's others
# ("یک گزارش تازهٔ UNAMA )که ... اگر روند سازمان ملل متحد )" for "یک گزارش تازهٔ سازمان ملل
# متحد (UNAMA) که ... اگر روند"), and pdfium reads them last (see _positional_order). The phrase's
# bracket may come either way round: "پروژهٔ )India )ساخته" (LibreOffice's .docx with DejaVu Sans). So
# may a stop and the words after it, which stand at the line's end ("زردشدهٔ . این کار نسخه‌های").
_MARK_BEFORE_LATIN: Final = re.compile("[\u0650\u0654] (?:[()\\[\\]]?[A-Za-z]|[.:] )")
# A word that opens with a letter under a shadda: no word does, but LibreOffice broke one at such a
# cluster (Harmattan's "هّ" drawn as two glyphs under one /ActualText) and drew the words after it
# as a text object after the line's others, which pdfium reads last ("قرآن مذ . ... هّب دیده می‌شود").
# (A teh marbuta, which ends words only, is a piece of pdfium's, not such a word: XeTeX's "الدال" + "ةّ".)
_SHADDA_OPENING: Final = re.compile(f"(?<![^ \xa0\n])(?!\u0629)[{_CLUSTER_LETTERS}]\u0651")
# A letter with a hamza above as a word of its own that opens a piece of pdfium's text, and a
# letter with a hamza above or a kasra that is a piece on its own (see _opens_with_cluster:
# Chromium with SIL's Harmattan). (A kasra's letter that opens a longer piece is Chromium with
# Noto Naskh Arabic's word broken at a letter drawn under the line: see _split_in_a_word.)
_HAMZA_CLUSTER_FIRST: Final = re.compile("[^ \xa0\r\n]\u0654(?![^ \xa0\r()])")
# ... and one that ends a piece (LibreOffice's .docx with Harmattan: "... کند. هٔ" + "روزنام New York ...").
_HAMZA_CLUSTER_LAST: Final = re.compile(f"(?<![^ \xa0\r\n(])[{_CLUSTER_LETTERS}]\u0654 ?$")
# (any line of a page's text that opens with such a cluster, or one turned round: see _on_one_baseline)
_CLUSTER_OPENING: Final = re.compile(
    f"^(?:[{_CLUSTER_LETTERS}][\u0650\u0654]|[\u0650\u0654][{_CLUSTER_LETTERS}])", re.M)
# (or turned)
_CLUSTER_PIECE: Final = re.compile(f"[{_CLUSTER_LETTERS}][\u0650\u0654]|[\u0650\u0654][{_CLUSTER_LETTERS}]")
_A_MARK: Final = re.compile(f"[{_MARKS}]")
_A_MARK_AT: Final = ClassPlaces(_A_MARK, char_classes.table(ARABIC_MARKS), [(0, 1, 0)])  # (see char_classes)
_FEW_MARKS: Final = 3  # a line of vocalised text (a mark on many letters) draws marks apart as a rule
_VOCALISED: Final = 0.02  # a page whose text is more than this share marks is vocalised (see _few_marks)


def _few_marks(text: str, allowed: float = 0.0) -> bool:
    """Does the line (or page, `allowed` marks or fewer besides) have few marks? In vocalised
    text pdfium reads marks drawn apart in its own ways, which repair_line knows; a mark drawn
    apart is a sign of a line read out of order only where marks are few (an ezafe, a hamza
    over heh)."""
    return len(_A_MARK_AT.places(text)) <= max(_FEW_MARKS, allowed)


# Characters that draw no ink, though a PDF may give them a glyph box (fpdf2 draws the ZWNJ as
# a glyph 0.2 em wide over the letters beside it): where they stand tells nothing of the line.
_INKLESS: Final = frozenset("\u200c\u200d\u200e\u200f")


def _lone_bracket(text: str, span: list[int]) -> bool:
    """Is the part at `span` a round bracket alone (see _positional_order)?"""
    return len(span) == 1 and text[span[0]] in "()"


# A Latin word in brackets, or a run of Latin words apart by spaces and commas ("UNHCR ،WFP", which
# pdfium reads as one left-to-right run, its comma before the word it follows): one unit of
# _positional_order (pieces of one run read apart would stop it: see there).
_LATIN_UNIT: Final = re.compile(r"[A-Za-z0-9](?:(?<=[()\[\]].)[A-Za-z0-9]+"
                                r"|(?<=[A-Za-z])[A-Za-z0-9]*(?:[ ،,]+[A-Za-z][A-Za-z0-9]*)+)")


def _past_marks(text: str, at: int) -> int:
    """The position after the marks that start at `at` (`at` where none does)."""
    while at < len(text) and text[at] in ARABIC_MARKS:
        at += 1
    return at


def _positional_order(text: str, chars: Sequence[int], read_boxes: Callable[[list[int]], list[Box]],
                      em: float, joints: set[int] | None = None, any_order: bool = False) -> tuple[str, list[int]]:
    """The line's parts put in right-to-left order by where they stand, and its characters.

    pdfium reads a right-to-left line in parts where a mark is drawn apart from its letter
    ("نقشهٔ ۲۰۰۵ تا 2019 سطح آب‌های ..." for "نقشهٔ سطح آب‌های ... ۲۰۰۵ تا 2019"). A part is a
    run of characters each of which stands beside the one read before it; the parts go right
    to left (as pdfium gives any right-to-left line's words: repair_line puts a Latin phrase's
    words back left to right), a word space between two parts set a word space apart, a mark
    read between two parts with the part after it (repair_line puts each mark back on the
    letter its box sits on), and so does a ZWNJ, whose box tells nothing (see _INKLESS:
    fpdf2's "‌افزاید: «ما کتابِ ... زندگی" read before "نمایش در ... او می" on one line, the
    ZWNJ's box reaching into the other part). Parts that reach into each other are no such
    line, nor is one where pdfium read two parts one right after the other, with no space, mark or line break
    (`joints`: where the pieces of a line read as several begin) between them (there its
    reading order goes astray elsewhere, and it glues two words): left as read; but where the page
    draws its runs in an order of its own (`any_order`: cairo, see _sized_by_matrix), which reads a
    number's digits right before the word they stand after ("۱۳۸۸تجربه" for "تجربه ... ۱۳۸۸"), and
    a bracket before the word before its own (")600 نقطه در اینچ dpi )و").
    """
    boxes = read_boxes(list(range(len(text))))
    latin = {m.start(): m.end() for m in _LATIN_UNIT.finditer(text)}
    joints = joints or set()
    # (most lines: no Latin unit, a part a run of single characters)
    parts = _unit_parts(text, boxes, em, joints, latin) if latin else _single_parts(text, boxes, em, joints)
    if len(parts) < 2:
        return text, list(chars)
    spans = [_part_span(text, part, joints) for part in parts]
    inside = {k for span in spans for k in span}
    loose = [k for k in range(len(text)) if k not in inside]  # between parts: spaces and marks
    spaces = [k for k in loose if text[k].isspace()]
    marks = [k for k in loose if text[k] in ARABIC_MARKS or text[k] in _INKLESS]
    inked = [span if span[-1] < span[0] else part for span, part in zip(spans, parts)]  # (see _part_span)
    reach = {id(span): (min(boxes[k][0] for k in ink), max(boxes[k][2] for k in ink))
             for span, ink in zip(spans, inked)}
    placed = sorted(spans, key=lambda span: -reach[id(span)][1])
    words = [span for span in spans if any(text[k].isalnum() for k in span)]
    if any_order:  # (a round bracket read elsewhere is put where it stands too: see the docstring)
        words = [span for span in spans if any(text[k].isalnum() or text[k] in "()" for k in span)]
        in_order = [span for span in placed if any(text[k].isalnum() or text[k] in "()" for k in span)] == words
    else:
        in_order = [span for span in placed if any(text[k].isalnum() for k in span)] == words \
            and not _stop_elsewhere(text, spans, placed)
    if in_order:
        # The words in order after all: a mark drawn apart, maybe a hyphen or bracket pdfium
        # read elsewhere (repair_line puts those back), nothing more; or a cluster read last.
        seated = _seat_end_cluster(text, boxes, em) if text[-3:-2] == " " and _END_CLUSTER.search(text) else None
        if seated is not None:
            return "".join(map(text.__getitem__, seated)), list(map(chars.__getitem__, seated))
        return text, list(chars)
    letters = {id(span): _letters_reach(text, boxes, ink, em) for span, ink in zip(spans, inked)}
    if any(letters[id(b)] > reach[id(a)][0] + _SPACE_EMS * em for a, b in zip(placed, placed[1:])):
        return text, list(chars)  # parts that reach into each other: no line of parts side by side
    if not any_order and any(a[-1] + 1 == b[0] and b[0] not in joints
                             and not (_lone_bracket(text, a) or _lone_bracket(text, b))
                             and not (text[a[-1]] in "()" and _HAMZA_CLUSTER_FIRST.match(text, b[0]))
                             and not _ends_in_strokes(text, boxes, a) and not (len(a) == 1 and text[a[0]] in _STOPS)
                             for a, b in zip(spans, spans[1:])):
        return text, list(chars)  # two parts read one right after the other (a bracket apart from its word aside,
        # or a bracket that pdfium read right before a cluster word of LibreOffice's: "(IEC )هٔ نهایی"; or after
        # kashida strokes and a bracket that pdfium read with the Latin phrase before them: "UNAMA <<)" + "که";
        # or a stop that LibreOffice draws apart, read right before the word it ends: "." + "کند")
    # A space pdfium read next to a round bracket between two parts that stay in the order read
    # stays between them, however narrow the gap: it stood beside the bracket's mirrored glyph
    # ("اروپا) EU )و"), and repair_line puts it where it belongs ("اروپا (EU) و").
    kept = {id(b): next((k for k in spaces if a[-1] < k < b[0] and _by_bracket(text, k)), None)
            for a, b in zip(spans, spans[1:])}
    reserved = set(kept.values())
    for k in marks:  # a mark pdfium read between parts goes with the part read after it (but one that ends
        # the word of the part before it: "آبِ" read before "همسایه", or that stands against its last letter,
        # far from the part after it: "کلیاتِ" read right before "کال", see _ends_part_before)
        before = next((span for span in spans if span[-1] == k - 1), None)
        if before is not None and text[k - 1] in ARABIC_LETTERS \
                and (k + 1 == len(text) or text[k + 1].isspace() or _ends_part_before(boxes, k, before, spans, em)):
            before.append(k)
            continue
        after = next((span for span in spans if span[0] > k), spans[-1])
        after.insert(0 if after[0] > k else len(after), k)
    out: list[str] = []
    order: list[int] = []
    for n, span in enumerate(placed):
        low, high = (reach[id(span)][1], reach[id(placed[n - 1])][0]) if n else (0.0, 0.0)
        glyph = _space_glyph_in(text, boxes, spaces, low, high) if n else None
        if n and glyph is None and spans.index(span) == spans.index(placed[n - 1]) + 1 \
                and kept.get(id(span)) in spaces:
            glyph = kept[id(span)]
        stop = text[span[0]] in _STOPS  # a part that opens with a stop: the stop ends the word before
        if n and not stop and (high - low > _SPACE_EMS * em or glyph is not None):
            out.append(" ")  # (a space pdfium read elsewhere, or the box of the part before)
            if glyph is None:  # (a space not kept for a joint as read first)
                glyph = next((k for k in spaces if k not in reserved), None)
            if glyph is not None:
                spaces.remove(glyph)
            order.append(glyph if glyph is not None else order[-1])
        out += [text[k] for k in span]
        order += span
    for k in spaces:  # rare: a space glyph pdfium read before a part, drawn inside it
        out, order = _seat_space_glyph(text, boxes, out, order, k)
    return "".join(out), list(map(chars.__getitem__, order))


def _unit_parts(text: str, boxes: list[Box], em: float, joints: set[int], latin: dict[int, int]) -> list[list[int]]:
    """_positional_order's parts of a line with Latin units (`latin`: each one's end by its start,
    see _LATIN_UNIT): runs of inked positions, each unit (a Latin unit, or a character) beside the
    one before it."""
    parts: list[list[int]] = []
    last: Box | None = None
    previous = 0
    k = 0
    while k < len(text):
        ch = text[k]
        if ch in ARABIC_MARKS or ch.isspace() or ch in _INKLESS:
            k += 1
            continue
        # A Latin word in brackets, or a run of Latin words, stands left to right inside the line:
        # one unit, its box around its characters.
        unit = range(k, latin.get(k, k + 1))
        box = boxes[k] if len(unit) == 1 else (min(boxes[q][0] for q in unit), min(boxes[q][1] for q in unit),
                                               max(boxes[q][2] for q in unit), max(boxes[q][3] for q in unit))
        # (where pdfium began a piece with a letter, a part begins too: "هٔ آب باران می‌دانند" + "پروژ", the
        # stop between the two read elsewhere; Lateef's raised "أ" read as a piece of its own, over the join
        # of the letters around it, see _alef_hamza_apart)
        # (and where a Latin word read left to right is followed by an Arabic letter standing right of
        # it: XeTeX's line-opening "و IOM", which pdfium read after the line's other words as "IOM و")
        if last is None or max(box[0] - last[2], last[0] - box[2]) > _JUMP_EMS * em \
                or (joints and ch in ARABIC_LETTERS and not joints.isdisjoint(range(previous + 1, k + 1))) \
                or (ch in ARABIC_LETTERS and text[previous].isascii() and text[previous].isalpha()
                    and box[0] >= last[2] - _TOUCHING * em):
            parts.append([])
        parts[-1].extend(unit)
        last, previous = box, unit.stop - 1
        k = unit.stop
    return parts


# What draws no ink of a line's own, for _positional_order: the marks (seated with their letters), the
# characters of _INKLESS and whatever str.isspace calls a space (the highest is U+3000).
_NOT_INKED: Final = ARABIC_MARKS | _INKLESS | frozenset(chr(code) for code in range(0x3001) if chr(code).isspace())


def _single_parts(text: str, boxes: list[Box], em: float, joints: set[int]) -> list[list[int]]:
    """_positional_order's parts of a line with no Latin unit (see _LATIN_UNIT): its inked
    positions, a new part begun where one stands a jump away from the one before it, or where an
    Arabic letter comes after a joint or after a Latin letter that it stands right of. (The same
    tests as _positional_order's loop, over the pairs of inked positions in one comprehension: a
    Python step for each character of a line, its tests spread over several statements, was most
    of the function's cost, and most lines are one part.)"""
    inked = [k for k, ch in enumerate(text) if ch not in _NOT_INKED]
    jump, touch = _JUMP_EMS * em, _TOUCHING * em
    breaks = [n for n, previous, k in zip(itertools.count(1), inked, inked[1:])
              if max(boxes[k][0] - boxes[previous][2], boxes[previous][0] - boxes[k][2]) > jump
              or (text[k] in ARABIC_LETTERS
                  and ((joints and not joints.isdisjoint(range(previous + 1, k + 1)))
                       or (text[previous].isascii() and text[previous].isalpha()
                           and boxes[k][0] >= boxes[previous][2] - touch)))]
    ends = [0, *breaks, len(inked)]
    return [inked[a:b] for a, b in zip(ends, ends[1:])] if inked else []


def _ends_in_strokes(text: str, boxes: list[Box], part: list[int]) -> bool:
    """Whether the part ends in kashida strokes that pdfium read as ASCII characters after a space,
    maybe a bracket after them (LibreOffice's justified .docx in farsiweb's Titr: "UNAMA <<)" before
    "که"): flat boxes, no word's letters (repair_line drops the strokes)."""
    k = len(part) - 1
    if k >= 0 and text[part[k]] in "()":
        k -= 1
    end = k
    while k >= 0 and text[part[k]] in _STROKE_CHARS and _flat(boxes[part[k]]):
        k -= 1
    return k < end and k >= 0 and text[part[k]] == " "


_STROKE_CHARS: Final = frozenset("<>*\x1c")  # ASCII characters fonts' kashida strokes came out as, read apart


def _flat(box: Box) -> bool:
    return box[3] - box[1] < 0.6 * (box[2] - box[0])


# A letter and its mark (either order) read as a line's last word (see _seat_end_cluster).
_END_CLUSTER: Final = re.compile(f" (?:[{_CLUSTER_LETTERS}][\u0650\u0654]|[\u0650\u0654][{_CLUSTER_LETTERS}])$")


def _seat_end_cluster(text: str, boxes: list[Box], em: float) -> list[int] | None:
    """The line's positions in reading order with a word-final cluster that pdfium read as the
    line's last word put back where it stands (None: it stands at the line's end, or nowhere
    that tells). LibreOffice (SIL's Lateef, an .odt) draws the "هٔ" of "روزنامهٔ" as a cluster of
    its own, which pdfium may read after the line's last word, a space made up before it
    ("روزنام6 Times York New ... تاریخ ٔه"). Where a character of the line stands left of it, it
    goes right after the character whose box starts at its right edge (within _CLUSTER_SEAT_EMS
    of the type size; the word's last letter, or a kashida stroke after it) where a space
    follows that character: its word ends there."""
    left, bottom, right, top = (min(boxes[k][0] for k in (-2, -1)), min(boxes[k][1] for k in (-2, -1)),
                                max(boxes[k][2] for k in (-2, -1)), max(boxes[k][3] for k in (-2, -1)))
    reach = _CLUSTER_SEAT_EMS * em
    near = [k for k in range(len(text) - 4) if text[k + 1] == " " and not text[k].isspace()
            and abs(boxes[k][0] - right) <= reach and boxes[k][1] < top and bottom < boxes[k][3]]
    if not near or not any(boxes[k][2] <= left + reach for k in range(len(text) - 3) if not text[k].isspace()):
        return None  # (nothing stands left of it: it ends the line, where it was read)
    at = min(near, key=lambda k: abs(boxes[k][0] - right))
    cluster = [len(text) - 2, len(text) - 1] if text[-2] not in ARABIC_MARKS else [len(text) - 1, len(text) - 2]
    return [*range(at + 1), *cluster, *range(at + 1, len(text) - 3)]


_CLUSTER_SEAT_EMS: Final = 0.1  # how near a cluster's right edge the character it ends stands (see _seat_end_cluster)


def _ends_part_before(boxes: list[Box], mark: int, before: list[int], spans: list[list[int]], em: float) -> bool:
    """Does the mark at position `mark`, read right after the part `before` (see
    _positional_order) and right before the next part, stand against the last letter of
    `before` (its box touching that letter's, as the halves of one cluster's box do: Harmattan's
    "تِ" at a line's end, LibreOffice) and a jump away from every letter of the part read after
    it? Then it ends the word before."""
    left, _, right, _ = boxes[mark]
    last = boxes[before[-1]]
    if right - left <= 0 or max(left - last[2], last[0] - right) > _TOUCHING * em:
        return False
    after = next((span for span in spans if span[0] > mark), None)
    return after is not None and all(max(left - boxes[q][2], boxes[q][0] - right) > _JUMP_EMS * em for q in after)


def _letters_reach(text: str, boxes: list[Box], ink: list[int], em: float) -> float:
    """How far right a part of a line (its inked positions `ink`) reaches into the part before it
    (see _positional_order): a raised hamza that carries its "أ"'s text (Lateef's, see
    _alef_hamza_apart) overhangs the letter before it, and is left aside (not where the part
    stands: the alef under it, which has no text, stands in the gap); a part of nothing else
    reaches into none ("أ" read apart in "رأی", a pull quote in larger type)."""
    kept = [k for k in ink if text[k] != "\u0623" or boxes[k][3] - boxes[k][1] >= _MARK_GLYPH_EMS * em]
    return max(boxes[k][2] for k in kept) if kept else float("-inf")  # (a part of that hamza alone: none)


# A letter's box no taller than this (of the type size) is its mark's alone (see _boxes_with_textless_ink).
_MARK_ONLY_EMS: Final = 0.15


def _boxes_with_textless_ink(page: _Page, text: str, chars: Sequence[int], em: float,
                             positions: list[int]) -> list[Box]:
    """_char_boxes of the line's characters at `positions`, where a letter whose box is only its
    mark's takes in the ink of a glyph with no text drawn right before or after it, across it.

    Chromium with Noto Naskh Arabic draws "نِ" as two glyphs and gives the cluster's text to the
    kasra's alone: its box is the kasra's, under the line, and the noon's glyph, which carries no
    text, is not in pdfium's text. Measured from the kasra, the gap to the letter before the noon
    looks like a word space ("دیوا نِ" for "دیوانِ"); measured from the noon's ink it is none."""
    boxes = _char_boxes(page, chars, positions)
    for n, position in enumerate(positions):
        left, bottom, right, top = boxes[n]
        if top - bottom < _MARK_ONLY_EMS * em and text[position] in ARABIC_LETTERS and chars[position] >= 0:
            ink = _textless_glyph_beside(page, chars[position], left, right)
            if ink is not None:
                boxes[n] = (min(left, ink[0]), min(bottom, ink[1]), max(right, ink[2]), max(top, ink[3]))
    return boxes


def _textless_glyph_beside(page: _Page, index: int, left: float, right: float) -> Box | None:
    """The box of a text object with no text drawn right before or after the one of pdfium's
    character `index`, standing across `left`..`right` (None: there is none)."""
    address = _TEXT_OBJECT_ADDRESS(page.handle, index)
    at = None if address is None else _object_index(page, address)
    if at is None:
        return None
    for other in (at + 1, at - 1):
        if not 0 <= other < page.object_count:
            continue
        obj = _GET_OBJECT(page.page_handle, other)
        if _GET_TYPE(obj) == pdfium_c.FPDF_PAGEOBJ_TEXT and _GET_BOUNDS(obj, *_BOUNDS_OUT) \
                and _BOUNDS[0] < right and left < _BOUNDS[2] and _OBJECT_TEXT(obj, page.handle, None, _NO_ROOM) <= 2:
            return (_BOUNDS[0], _BOUNDS[1], _BOUNDS[2], _BOUNDS[3])  # (2 bytes: the NUL alone)
    return None


def _by_bracket(text: str, at: int) -> bool:
    """Does a round bracket stand right before or after position `at` of the text?"""
    return (at > 0 and text[at - 1] in "()") or (at + 1 < len(text) and text[at + 1] in "()")


def _part_span(text: str, part: list[int], joints: set[int]) -> list[int]:
    """The positions of a part of a line read apart (see _positional_order) in reading order:
    from its first to its last character, the spaces and marks inside it kept. A part of one
    letter takes the marks right after it ("ه" + "ٔ" read between two parts), or the hamza
    above or kasra right before it, where that opens a word and no mark follows the letter
    (a word of one letter: pdfium turned a cluster drawn
    as one glyph round, "ٔه" for "هٔ" in a /ReversedChars run of Chromium's with SIL's
    Harmattan; no word opens with a mark, nor a piece of a line read apart, which begins at
    one of `joints`, but a piece of marks alone): then the letter, then the mark, their reach
    both their boxes (one glyph's, which pdfium shares out between them)."""
    first = part[0]
    if len(part) > 1:
        return list(range(first, part[-1] + 1))
    if first and text[first - 1] in "\u0650\u0654" and first not in joints \
            and _past_marks(text, first + 1) == first + 1 \
            and (first == 1 or text[first - 2].isspace() or first - 1 in joints):
        return [first, first - 1]
    return list(range(first, _past_marks(text, first + 1)))


def _seat_space_glyph(text: str, boxes: list[Box], out: list[str], order: list[int],
                      space: int) -> tuple[list[str], list[int]]:
    """The line's characters `out` and their positions `order` (right to left) with the space at
    `space` (a position of `text`, read with `boxes`), which pdfium read
    between two parts of the line, put between the two characters of a part it stands between
    (a space glyph the page draws: its box has width, its middle between theirs), where no space
    is yet: pdfium read "EU )و" for "(EU) و", the space before the bracket and the bracket read
    with the words after it. Elsewhere (no such glyph, or no such place) it stays out, as before."""
    box = boxes[space]
    if text[space] != " " or box[2] <= box[0]:
        return out, order
    middle = (box[0] + box[2]) / 2
    for n in range(len(order) - 1):
        right, left = order[n], order[n + 1]
        if not out[n].isspace() and not out[n + 1].isspace() and boxes[left][2] < middle < boxes[right][0]:
            return [*out[:n + 1], " ", *out[n + 1:]], [*order[:n + 1], space, *order[n + 1:]]
    return out, order


def _stop_elsewhere(text: str, spans: list[list[int]], placed: list[list[int]]) -> bool:
    """Did pdfium read a part of nothing but sentence punctuation (a stop) away from where it
    stands among the line's parts (`spans` as read, `placed` right to left as they stand)? The
    stop that ends a LibreOffice line after a word whose cluster was drawn apart ("هٔ") was read
    inside the line: "حافظهٔ . فرهنگی کشور سهم بگیرند" for "حافظهٔ فرهنگی کشور سهم بگیرند.".
    Its place among the words tells where it goes (the words stay as read: only the stop moves)."""
    stops = [n for n, span in enumerate(spans) if all(text[k] in _STOPS or text[k].isspace() for k in span)]
    return any(placed.index(spans[n]) != n for n in stops)


def _space_glyph_in(text: str, boxes: list[Box], spaces: list[int], low: float, high: float) -> int | None:
    """The position of one of the line's `spaces` that is a space glyph the page draws (a box
    with width; pdfium's own spaces have none) standing in the gap from `low` to `high` between
    two parts (its middle there), if any: a word space, however narrow the font's space (SIL's
    Lateef: 0.14 em, under _SPACE_EMS: "از۳۵۰۰" for "از ۳۵۰۰")."""
    for k in spaces:
        box = boxes[k]
        if text[k] == " " and box[2] > box[0] and low < (box[0] + box[2]) / 2 < high:
            return k
    return None


# A word of Arabic script, two letters or more (see _turned_cluster_words).
_ANY_WORD: Final = re.compile(f"[{_CLUSTER_LETTERS}{_MARKS}]{{2,}}")
# Such a word that opens with a heh, or with an alef before a letter that joins no next one: where a
# word's final heh or alef is a cluster of its own (LibreOffice, SIL's Harmattan and Lateef), pdfium
# reads the word turned from it ("هاگتسد" for "دستگاه", "اوه" for "هوا", "ار" for "را"); a line with no
# other cluster has only these looked at. (The letter first: a pattern that opens with a look-behind
# is tried at every position.)
_HEH_FIRST_WORD: Final = re.compile(f"(?:\u0647|\u0627(?=[{''.join(sorted(NON_LEFT_JOINING))}]))"
                             f"(?<![{_CLUSTER_LETTERS}{_MARKS}][\u0647\u0627])[{_CLUSTER_LETTERS}{_MARKS}]+")
# Such a word (_ANY_WORD's) that _turned_cluster_words looks at on a page with no turned word yet: one
# with a cluster's mark or letter (a hamza above, an alef with madda, a kasra, an alef with hamza), or that
# opens as _HEH_FIRST_WORD's do. (Its first letter first, which no letter of the word stands before; found
# by the regex engine, where a Python step for each word of a line cost most of the look.)
_TURN_CANDIDATE: Final = re.compile(f"[{_CLUSTER_LETTERS}{_MARKS}](?<![{_CLUSTER_LETTERS}{_MARKS}]{{2}})"
                             f"(?:(?<=[\u0647\u0654\u0622\u0650\u0623])|(?<=\u0627)(?=[{''.join(sorted(NON_LEFT_JOINING))}])"
                             f"|(?=[{_CLUSTER_LETTERS}{_MARKS}]*[\u0654\u0622\u0650\u0623]))[{_CLUSTER_LETTERS}{_MARKS}]+")
# what a cluster's word holds (see _turned_cluster_words)
_CLUSTER_MARK: Final = re.compile("[\u0654\u0622\u0650\u0623]")
_TURN_SLACK_EMS: Final = 0.05  # how near (of the letters' height) two letters' middles count as one place


def _opens_turned(word: str) -> bool:
    """Does the word read as one turned at a cluster of its last letter: opening as one turned at
    its final heh or alef does (see _HEH_FIRST_WORD), or ending in the kasra pdfium reads after the
    letters ("لحِ" for "حلِ", LibreOffice's "لِ" in Harmattan), or opening with an "أ", a cluster
    of Lateef's read before the letter it follows ("أری" for "رأی", see _alef_hamza_apart)?"""
    return word[:1] == "\u0647" or (word[:1] == "\u0627" and word[1:2] in NON_LEFT_JOINING) \
        or word[-1:] == "\u0650" or word[:1] == "\u0623"


def _cut_at(span: tuple[int, int], joints: list[int]) -> list[tuple[int, int]]:
    """The span cut where two of a line's pieces meet (a "word" across such a place is two:
    see _turned_cluster_words), each part two characters or more."""
    cuts = [joint for joint in joints if span[0] < joint < span[1]]
    if not cuts:
        return [span]
    ends = [span[0], *cuts, span[1]]
    return [(a, b) for a, b in zip(ends, ends[1:]) if b - a >= 2]


def _turned_cluster_words(page: _Page, text: str, chars: Sequence[int],
                          pieces: list[Span]) -> tuple[str, Sequence[int]]:
    """The line with each word that pdfium read left to right put right to left again.

    Around a cluster under one /ActualText (see _without_mark_copies) pdfium's reordering of a
    right-to-left line goes astray in another way too: the word, or its part up to the
    cluster, comes in the order its glyphs stand, left to right ("هنیمزٔ" for "زمینهٔ", "آرق"
    + "ن" for "قرآن", "تایلکِ" for "کلیاتِ": a hamza above, an alef with madda or a kasra).
    On a page read in logical order a word's letters stand right to left:
    where a cluster's word's first letters (three or more) each stand right of the one read
    before them (see _turned_part), that part is turned, the word's marks after it
    (repair_line seats each mark on the letter its box sits on). Once a page has such a
    word, every word of a line with a cluster is looked at, two letters long too: pdfium
    turns the word before a cluster's word too ("اوه آماده" for "هوا آماده"), and others of
    its line ("ار" for "را"). A word's final heh or alef that LibreOffice draws as a cluster of its
    own (SIL's fonts) has its word turned too: a word that opens with one is looked at in a line of
    several text objects (see _HEH_FIRST_WORD). A word's first two letters are looked at first:
    most words stand right to left, and that settles them. (`pieces`: the line's spans of pdfium's
    text; a "word" across the place where two of them meet is two: _positional_order sorts them.)"""
    out, order, at = [], [], 0
    joints = list(itertools.accumulate(b - a for a, b in pieces[:-1])) if len(pieces) > 1 else []
    clusters = page.turned_words or "\u0654" in text or "\u0622" in text or "\u0650" in text or "\u0623" in text
    words = _ANY_WORD if clusters else _HEH_FIRST_WORD
    position = 0
    while True:
        # (a page with no turned word yet, a line of one piece: only the words the test below lets
        # through are found, _TURN_CANDIDATE's; once a word is turned, every word after it)
        match = (_TURN_CANDIDATE if clusters and not joints and not page.turned_words else words).search(text, position)
        if match is None:
            break
        position = match.end()
        for start, end in (_cut_at(match.span(), joints) if joints else (match.span(),)):
            word = text[start:end]
            if not page.turned_words and "\u0654" not in word and "\u0622" not in word and "\u0650" not in word \
                    and "\u0623" not in word and word[0] != "\u0647" \
                    and (word[0] != "\u0627" or word[1] not in NON_LEFT_JOINING):
                continue  # (_opens_turned written out: most words of a line with a cluster stop here)
            letters = [k for k in range(start, end) if text[k] not in ARABIC_MARKS]
            # (two letters too once the page has a turned word, or where the word reads as one turned
            # at a cluster of its last letter: see _opens_turned; a longer word is looked at anyway)
            if len(letters) < 2 or (len(letters) == 2 and not page.turned_words
                                    and not _opens_turned(text[letters[0]:end])):
                continue
            first, second = _char_boxes(page, chars, letters[:2])
            if first[0] + first[2] > second[0] + second[2] + _TURN_SLACK_EMS * (first[3] - first[1]):
                continue  # (most words: the second letter stands left of the first)
            least = 2 if page.turned_words or len(letters) == 2 or _opens_turned(text[letters[0]:end]) else 3
            turned = _turned_part(_char_boxes(page, chars, letters), least)
            if not turned or (turned < len(letters) and not page.turned_words and _CLUSTER_MARK.search(word) is None):
                continue  # (a page's first turned word, if it has no cluster, is turned whole: "هجری",
                # its first two letters set one over the other, "هجـ", the rest right to left, is not)
            marks = [k for k in range(start, end) if text[k] in ARABIC_MARKS]
            placed = letters[:turned][::-1] + marks + letters[turned:]
            page.turned_words = True  # (the line's later words are looked at as closely)
            out.append(text[at:start] + "".join(map(text.__getitem__, placed)))
            order.extend([*range(at, start), *placed])
            at = end
    if not out:
        return text, chars
    out.append(text[at:])
    order.extend(range(at, len(text)))
    return "".join(out), list(map(chars.__getitem__, order))


# A hamza above that ends a word, right before the next word's first letter (see _spaced_clusters).
_GLUED_CLUSTER: Final = re.compile(f"\u0654(?=[{_CLUSTER_LETTERS}])")
_CLUSTER_SPACE_EMS: Final = 0.12  # a gap this wide (of the type size) after a cluster is a word space


def _spaced_clusters(page: _Page, text: str, chars: Sequence[int]) -> tuple[str, Sequence[int]]:
    """The line with the word space put back after each cluster where pdfium left it out.

    pdfium makes up a word space from the gap between a glyph and the next one it reads; after
    a cluster drawn as two glyphs (see _without_mark_copies) the last one is the mark, set back
    over its letter, and the gap from there to the next word looks like none ("هفتهٔآینده").
    Where the next letter stands apart from the cluster's boxes by _CLUSTER_SPACE_EMS of the
    type size or more (joined letters touch), a space goes there."""
    places = []
    for match in _GLUED_CLUSTER.finditer(text):
        mark = match.start()
        letter = mark - 1
        if letter < 0 or text[letter] not in ARABIC_LETTERS:
            continue
        before, mark_box, after = _char_boxes(page, chars, [letter, mark, mark + 1])
        if min(before[0], mark_box[0]) - after[2] >= _CLUSTER_SPACE_EMS * _font_size(page, chars[mark]):
            places.append(mark)
    return _spaces_after(text, chars, places)


# A line that LibreOffice breaks into text objects at clusters it draws apart (see _spaced_alefs,
# _without_spaces_made_up_in_words) has this many of pdfium's text rects or more: a run, the cluster's
# object and the run after it, and more (rects None: a line of several pieces, whose rects are not counted).
_CLUSTER_RECTS: Final = 4
# An alef right after a digit or a heh ("۶۰۰افغانی", "ٔیهانتقال", "کتابخانهآماده": see _spaced_alefs).
# (The alef first: scanned for fast.)
_GLUED_ALEF: Final = re.compile("[\u0627\u0622](?<=[0-9\u06f0-\u06f9\u0647][\u0627\u0622])")
_GLUED_ALEF_AT: Final = ClassPlaces(_GLUED_ALEF, char_classes.table("0123456789۰۱۲۳۴۵۶۷۸۹\u0647", "\u0627\u0622"),
                                    [(1, 2, 0)])


def _spaced_alefs(page: _Page, text: str, chars: Sequence[int]) -> tuple[str, Sequence[int]]:
    """The line with the word space put back before a word's first letter, an alef that
    LibreOffice draws as a cluster of its own (SIL's Lateef), a text object apart, where pdfium
    made none up in the gap ("۶۰۰افغانی" for "۶۰۰ افغانی", "کرایهٔانتقال"): the alef is the only
    character of its object, and the digit or letter before it stands _CLUSTER_SPACE_EMS of the
    type size or more off (a word's letters that join none stand closer). Only after a number or
    a heh, which LibreOffice draws as a cluster of its own at a word's end in SIL's fonts (see
    _GLUED_ALEF): an alef after any letter would cost a look at most alefs of a line."""
    if _NATIVE is not None and type(chars) is range and chars.step == 1:
        _made_up_on_page(page)  # (the page's characters drawn alone read with those of no object)
        if not _holds(page.alone_order, page.alone, chars):
            return text, chars  # (most lines: none drawn alone, see _glued_alone)
    alefs = _glued_alone(page, chars, [alef for alef in _GLUED_ALEF_AT.places(text)
                                       if min(chars[alef - 1], chars[alef]) >= 0])
    if not alefs:
        return text, chars
    boxes = _char_boxes(page, chars, [k for alef in alefs for k in (alef - 1, alef)])
    em = _font_size(page, chars[alefs[0]]) * page.scale
    places = [alef - 1 for n, alef in enumerate(alefs)
              if boxes[2 * n][0] - boxes[2 * n + 1][2] >= _CLUSTER_SPACE_EMS * em]
    if places and not _drawn_space_width(page, text, chars):
        return text, chars  # (Chromium draws a glyph or two an object, and each space is made up)
    return _spaces_after(text, chars, places)


def _glued_alone(page: _Page, chars: Sequence[int], alefs: list[int]) -> list[int]:
    """The `alefs` (positions of a line whose characters are pdfium's `chars`, none of them nor the
    one before -1) of a text object other than the character's before them, and _drawn_alone: in
    one compiled call (glyph_boxes.c's newsmon_drawn_alone) where there is the helper (the two
    looks read the alef's object once), else a few calls each. A line in pdfium's order (a range)
    looks at the page's characters drawn alone, read once a page (see _made_up_on_page)."""
    if _NATIVE is not None and alefs and type(chars) is range and chars.step in (1, -1):
        # (pdfium's order: the character before an alef is pdfium's one beside it, whose object
        # is another where the alef is drawn alone)
        _made_up_on_page(page)
        return [alef for alef in alefs if chars[alef] in page.alone]
    if _NATIVE is None or not alefs:
        handle = page.handle
        return [alef for alef in alefs
                if _TEXT_OBJECT_ADDRESS(handle, chars[alef]) != _TEXT_OBJECT_ADDRESS(handle, chars[alef - 1])
                and _drawn_alone(page, chars[alef])]
    buffer = _buffer(2 * len(alefs))
    buffer.set_ints([chars[p] for alef in alefs for p in (alef - 1, alef)])
    found = _NATIVE.drawn_alone(_TEXT_OBJECT_FUNCTION, page.handle, _COUNT_CHARS(page.handle), buffer.indices,
                                len(alefs), buffer.found)
    return [alefs[k] for k in buffer.found_ints(found)] if found else []


def _turned_part(boxes: list[Box], least: int) -> int:
    """How many of a word's first letters (boxes in reading order) stand left to right: 0
    unless `least` or more do, each standing (its middle) right of the one before (one of
    three or more may stand where it does, within _TURN_SLACK_EMS of the letters' height)."""
    slack = _TURN_SLACK_EMS * max(b[3] - b[1] for b in boxes)
    middles = [(b[0] + b[2]) / 2 for b in boxes]  # (an alef may stand inside the reh before it: "را")
    n, level = 1, 0
    while n < len(boxes) and middles[n] > middles[n - 1] - slack:
        level += middles[n] <= middles[n - 1] + slack
        n += 1
    return n if n >= least and level <= (1 if n >= 3 else 0) else 0


def _bare(function: Any, restype: type | None = ctypes.c_int) -> Callable[..., Any]:
    """A pdfium function that ctypes calls without converting its arguments.

    Glyph boxes (one call per character of Arabic-script lines) and the per-line font
    calls are the parser's hottest loops, where ctypes' per-argument conversion costs
    more than pdfium's own work. Callers pass only C ints (Python ints), ctypes objects
    and pointers made once into buffers that every call reuses (pdfium may not be
    called from two threads at once anyway). A function whose result is not used gets
    restype None, which spares converting it. The call keeps the GIL (PYFUNCTYPE): letting
    it go and taking it back costs more than a glyph box call's pdfium work, and no other
    thread may use pdfium meanwhile anyway.
    """
    return ctypes.PYFUNCTYPE(restype)(_address(function))


def _address(function: Any) -> int:
    """Where a pdfium function is (never NULL: a symbol of the loaded pdfium library)."""
    return ctypes.cast(function, ctypes.c_void_p).value  # type: ignore[return-value]


_GET_CHAR_BOX: Final = _bare(pdfium_c.FPDFText_GetCharBox, None)
_NATIVE: Final = native.load()  # glyph boxes read in C, where glyph_boxes.c was compiled (native.py)
_CHAR_BOX_FUNCTION: Final = ctypes.c_void_p(_address(pdfium_c.FPDFText_GetCharBox))
_CHAR_BOX_ADDRESS: Final = _address(pdfium_c.FPDFText_GetCharBox)
_CHAR_ORIGIN_ADDRESS: Final = _address(pdfium_c.FPDFText_GetCharOrigin)
_GET_TEXT_OBJECT_ADDRESS: Final = _address(pdfium_c.FPDFText_GetTextObject)
_GET_TEXT_FONT_ADDRESS: Final = _address(pdfium_c.FPDFTextObj_GetFont)
_GET_OBJECT_ADDRESS: Final = _address(pdfium_c.FPDFPage_GetObject)
_ONE_POSITION: Final = [0]  # (a box reader's positions, for one index given as the offset)


_BOX_READS: Final = native.extension()  # the compiled box reader (box_reads.c, see _char_boxes), or None
_CHAR_ORIGIN_FUNCTION: Final = ctypes.c_void_p(_address(pdfium_c.FPDFText_GetCharOrigin))
_UNICODE_FUNCTION: Final = ctypes.c_void_p(_address(pdfium_c.FPDFText_GetUnicode))
_COUNT_RECTS_FUNCTION: Final = ctypes.c_void_p(_address(pdfium_c.FPDFText_CountRects))
_GET_RECT_FUNCTION: Final = ctypes.c_void_p(_address(pdfium_c.FPDFText_GetRect))
_FONT_SIZE_FUNCTION: Final = ctypes.c_void_p(_address(pdfium_c.FPDFText_GetFontSize))
_COUNT_OBJECTS: Final = _bare(pdfium_c.FPDFPage_CountObjects)
_GET_OBJECT: Final = _bare(pdfium_c.FPDFPage_GetObject, _Handle)
_COUNT_FORM_OBJECTS: Final = _bare(pdfium_c.FPDFFormObj_CountObjects)
_GET_FORM_OBJECT: Final = _bare(pdfium_c.FPDFFormObj_GetObject, _Handle)
_GET_TYPE: Final = _bare(pdfium_c.FPDFPageObj_GetType)
_GET_BOUNDS: Final = _bare(pdfium_c.FPDFPageObj_GetBounds)
_BOUNDS: Final = (ctypes.c_float * 4)()
_BOUNDS_OUT: Final = [ctypes.cast(ctypes.byref(_BOUNDS, 4 * k), ctypes.POINTER(ctypes.c_float)) for k in range(4)]
_PICTURE_LEAST: Final = 20  # a picture's least width and height (points)
_FORM_DEPTH: Final = 3  # how deep form objects are looked into for pictures
# What newsmon_pictures calls and where it writes (glyph_boxes.c's picture_context, in its order),
# and where it puts the pictures' boxes.
_PICTURE_CONTEXT: Final = (ctypes.c_void_p * 11)(
    *(_address(function) for function in (
        pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject, pdfium_c.FPDFFormObj_CountObjects,
        pdfium_c.FPDFFormObj_GetObject, pdfium_c.FPDFPageObj_GetType, pdfium_c.FPDFPageObj_GetBounds)),
    ctypes.addressof(_BOUNDS), pdfium_c.FPDF_PAGEOBJ_FORM, pdfium_c.FPDF_PAGEOBJ_IMAGE, _PICTURE_LEAST, _FORM_DEPTH)
_picture_buffer: Final = (ctypes.c_float * (4 * 64))()
# How many pictures newsmon_page_scan found, objects it looked at, and /ActualTexts pdfium leaves out.
_SCAN_COUNTS: Final = (ctypes.c_int * 3)()
_COUNT_PARAMS: Final = _bare(pdfium_c.FPDFPageObjMark_CountParams)
_MARK_BLOB: Final = _bare(pdfium_c.FPDFPageObjMark_GetParamBlobValue)
_OBJECT_TEXT = _bare(pdfium_c.FPDFTextObj_GetText, ctypes.c_ulong)


def _object_room(count: int) -> tuple[Any, memoryview]:
    """Room for the addresses of a page's `count` objects (see _scanned_page), and a view of them as ints."""
    room = (ctypes.c_void_p * count)()
    return room, memoryview(room).cast("B").cast("Q")


# The objects of the page newsmon_page_scan looked through last, and the address of that page's handle
# (0: none kept; _read_pages clears it before each page): see _scanned_objects.
_PAGE_OBJECTS: list[Any] = list(_object_room(4096))
_SCANNED_OBJECTS: Final = [0]


def _scanned_objects(page: Any) -> memoryview | None:
    """The addresses of the page's objects (as ints, in its order) where _scanned_page's look through
    them kept them (read before the page's text: `page` is pdfium's handle of the page _read_pages
    reads now), a copy of its own for the page's _object_index; None where the look did not keep them."""
    if not _SCANNED_OBJECTS[0] or _SCANNED_OBJECTS[0] != _handle_address(page):
        return None
    return memoryview(bytes(_PAGE_OBJECTS[1][:_SCAN_COUNTS[1]])).cast("Q")


_MARK_WIDE_STRING: Final = _bare(pdfium_c.FPDFPageObjMark_GetParamStringValue)
_ACTUAL_TEXT: Final = (ctypes.c_ubyte * 256)()
_ACTUAL_TEXT_ROOM: Final = ctypes.c_ulong.from_param(len(_ACTUAL_TEXT))
_ACTUAL_TEXT_LEN: Final = ctypes.c_ulong()
_ACTUAL_TEXT_LEN_OUT: Final = ctypes.byref(_ACTUAL_TEXT_LEN)
_BLANK: Final = 0.01  # a blank glyph's box: narrower or lower than this (points)
# What newsmon_misplaced_texts calls and where it writes (glyph_boxes.c's misplaced_context, in its order).
_MISPLACED_CONTEXT: Final = (ctypes.c_void_p * 12)(
    *(_address(function) for function in (
        pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject, pdfium_c.FPDFPageObj_GetType,
        pdfium_c.FPDFPageObj_GetBounds, pdfium_c.FPDFPageObj_CountMarks, pdfium_c.FPDFPageObj_GetMark,
        pdfium_c.FPDFPageObjMark_GetParamStringValue)),
    ctypes.addressof(_BOUNDS), ctypes.addressof(_ACTUAL_TEXT), len(_ACTUAL_TEXT), pdfium_c.FPDF_PAGEOBJ_TEXT,
    _address(pdfium_c.FPDFPageObjMark_CountParams))
_COUNT_CHARS: Final = _bare(pdfium_c.FPDFText_CountChars)
_CHAR_INDEX: Final = _bare(pdfium_c.FPDFText_GetCharIndexFromTextIndex)
_CHAR_INDEX_ADDRESS: Final = _address(pdfium_c.FPDFText_GetCharIndexFromTextIndex)  # (see _char_indices)
_GET_TEXT_OBJECT: Final = _bare(pdfium_c.FPDFText_GetTextObject, _Handle)
# A text object's clip path and its points (see _clip_box), each point read into _POINT.
_GET_CLIP_PATH: Final = _bare(pdfium_c.FPDFPageObj_GetClipPath, _Handle)
_COUNT_CLIP_PATHS: Final = _bare(pdfium_c.FPDFClipPath_CountPaths)
_COUNT_CLIP_SEGMENTS: Final = _bare(pdfium_c.FPDFClipPath_CountPathSegments)
_GET_CLIP_SEGMENT: Final = _bare(pdfium_c.FPDFClipPath_GetPathSegment, _Handle)
_SEGMENT_POINT: Final = _bare(pdfium_c.FPDFPathSegment_GetPoint)
_POINT: Final = (ctypes.c_float * 2)()
_POINT_OUT: Final = (ctypes.byref(_POINT, 0), ctypes.byref(_POINT, ctypes.sizeof(ctypes.c_float)))
_TEXT_OBJECT_ADDRESS: Final = _bare(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p)  # an int to compare (or None)
_OBJECT_ADDRESS: Final = _bare(pdfium_c.FPDFPage_GetObject, ctypes.c_void_p)
_MARK_STRING: Final = _bare(pdfium_c.FPDFPageObjMark_GetParamStringValue)
_MARK_TEXT: Final = (ctypes.c_ubyte * 64)()
_MARK_TEXT_SIZE: Final = ctypes.c_ulong.from_param(len(_MARK_TEXT))
_MARK_TEXT_LEN: Final = ctypes.c_ulong()
_MARK_TEXT_LEN_OUT: Final = ctypes.byref(_MARK_TEXT_LEN)
_OBJECT_TEXT = _bare(pdfium_c.FPDFTextObj_GetText, ctypes.c_ulong)
_GET_TEXT_FONT: Final = _bare(pdfium_c.FPDFTextObj_GetFont, _Handle)
_GLYPH_WIDTH: Final = _bare(pdfium_c.FPDFFont_GetGlyphWidth)
_UNIT_SIZE: Final = ctypes.c_float(1.0)
_WIDTH: Final = ctypes.c_float()
_WIDTH_OUT: Final = ctypes.byref(_WIDTH)
_NO_ROOM: Final = ctypes.c_ulong.from_param(0)
_COUNT_MARKS: Final = _bare(pdfium_c.FPDFPageObj_CountMarks)
_GET_MARK: Final = _bare(pdfium_c.FPDFPageObj_GetMark, _Handle)
_GET_MARK_NAME: Final = _bare(pdfium_c.FPDFPageObjMark_GetName)
_COUNT_RECTS: Final = _bare(pdfium_c.FPDFText_CountRects)
_GET_RECT: Final = _bare(pdfium_c.FPDFText_GetRect, None)
_GET_CHAR_ORIGIN: Final = _bare(pdfium_c.FPDFText_GetCharOrigin, None)
_GET_FONT_SIZE: Final = _bare(pdfium_c.FPDFText_GetFontSize, ctypes.c_double)
_FONT_SIZE_ADDRESS: Final = _address(pdfium_c.FPDFText_GetFontSize)  # (see _font_size)
_GET_UNICODE: Final = _bare(pdfium_c.FPDFText_GetUnicode, ctypes.c_uint)
# What pdfium answers for a character with no text object (a space or line break it made
# up; Chromium's PDFs have only such spaces).
_NO_FONT_SIZE: Final = 1.0
_NO_FONT_SIZE_ROUNDED: Final = round(_NO_FONT_SIZE, 1)  # (see _body_size)
# how much wider than their box a line's text rects together are where they interleave
_INTERLEAVED_HEIGHTS: Final = 0.5
# the least jump back to the right, as read, of a line drawn out of order (_drawn_out_of_order)
_JUMP_BACK_EMS: Final = 1.0
_MATRIX_SIZED: Final = 2.0  # the least matrix scale of a page whose type is set at size 1 (see _sized_by_matrix)
_GET_FONT_INFO: Final = _bare(pdfium_c.FPDFText_GetFontInfo, None)
_GET_FONT_WEIGHT: Final = _bare(pdfium_c.FPDFText_GetFontWeight)
_FONT_NAME: Final = ctypes.create_string_buffer(128)
_FONT_NAME_OUT: Final = ctypes.byref(_FONT_NAME)  # (see _out_doubles)
_FONT_NAME_SIZE: Final = ctypes.c_ulong.from_param(len(_FONT_NAME))
_FONT_FLAGS: Final = (ctypes.c_int * 1)()
_FONT_FLAGS_OUT: Final = ctypes.byref(_FONT_FLAGS)
_ITALIC_FLAG: Final = 1 << 6  # PDF font descriptor flag 7
_GET_MATRIX: Final = _bare(pdfium_c.FPDFText_GetMatrix)
_MATRIX: Final = pdfium_c.FS_MATRIX()
_MATRIX_OUT: Final = ctypes.byref(_MATRIX)


def _out_doubles(buffer: ctypes.Array[ctypes.c_double], count: int) -> list[Any]:
    """Out-parameters for pdfium: the `count` doubles of `buffer`, each as a byref() of it.
    ctypes passes a byref() as it is, where it makes a new argument object for an array
    or a pointer object at every call (a fifth of a glyph box call's cost)."""
    return [ctypes.byref(buffer, 8 * k) for k in range(count)]


def _handle_address(raw: Any) -> int | None:
    """The address a pdfium handle points to (as _handle_arg reads it), to compare."""
    if not isinstance(raw, ctypes._Pointer):  # (None, an address)
        return ctypes.cast(raw, ctypes.c_void_p).value
    return ctypes.c_void_p.from_buffer(raw).value


def _handle_arg(raw: Any) -> Any:
    """A pdfium handle as an argument that ctypes passes as it is (see _out_doubles): the
    pointer object pypdfium2 holds would be converted again at every call. Its address is read
    from the pointer's own memory (from_buffer), where ctypes.cast is a foreign call made from
    Python (three times the cost, four handles a page)."""
    if not isinstance(raw, ctypes._Pointer):  # (None, an address)
        return ctypes.c_void_p.from_param(ctypes.cast(raw, ctypes.c_void_p).value)
    return ctypes.c_void_p.from_param(ctypes.c_void_p.from_buffer(raw).value)


_ORIGIN: Final = (ctypes.c_double * 2)()
_ORIGIN_ADDRESS: Final = ctypes.addressof(_ORIGIN)  # (see _char_pens)
_ORIGIN_XY: Final = tuple(_out_doubles(_ORIGIN, 2))
_SPAN: Final = (ctypes.c_double * 4)()  # one character's box: left, right, bottom, top
_SPAN_OUT: Final = tuple(_out_doubles(_SPAN, 4))
# _charbox's: the box as it returns it (left, bottom, right, top), out-parameters in pdfium's order.
_CHAR_BOX_FOUND: Final = _bare(pdfium_c.FPDFText_GetCharBox)
_CHARBOX: Final = (ctypes.c_double * 4)()
_CHARBOX_OUT: Final = tuple(_out_doubles(_CHARBOX, 4)[k] for k in (0, 2, 1, 3))


def _words(words: tuple[str, ...]) -> ctypes.Array[ctypes.c_char]:
    """Words for the compiled helper: each ended by a NUL, an empty one last."""
    return ctypes.create_string_buffer("".join(f"{word}\0" for word in words).encode("ascii"))


_LINE_WORDS: Final = [_words(words) for words in (_BOLD_WORDS, _REGULAR_WORDS, _ITALIC_WORDS)]  # (kept alive)
# What newsmon_line_facts calls and where it writes (glyph_boxes.c's line_context, in its order).
_LINE_ARGS: Final = (ctypes.c_int * 5)()  # a line's mid, at_space, start, length, lead (see _line_facts)
_LINE_INTS: Final = struct.Struct("5i")  # (writes them: see _ints)
_RECT_DOUBLES: Final = struct.Struct("4d")  # a rect's four doubles as newsmon_line_facts_at writes them
_LINE_BOX: Final = (ctypes.c_double * 4)()  # the box around a line's rects, where it has several (see _line_facts)
_INTERLEAVED: Final = ctypes.c_double(_INTERLEAVED_HEIGHTS)  # (what newsmon_line_facts_at reads it from)
_LINE_CONTEXT: Final = (ctypes.c_void_p * 23)(
    *(_address(function) for function in (
        pdfium_c.FPDFText_GetCharOrigin, pdfium_c.FPDFText_GetFontInfo, pdfium_c.FPDFText_GetFontWeight,
        pdfium_c.FPDFText_GetUnicode, pdfium_c.FPDFText_GetMatrix, pdfium_c.FPDFText_CountRects,
        pdfium_c.FPDFText_GetRect, pdfium_c.FPDFText_GetCharBox)),
    ctypes.addressof(_ORIGIN), ctypes.addressof(_FONT_NAME), len(_FONT_NAME), ctypes.addressof(_FONT_FLAGS),
    ctypes.addressof(_MATRIX), ctypes.addressof(_SPAN), *(ctypes.addressof(words) for words in _LINE_WORDS),
    _ITALIC_FLAG, 0, 0, ctypes.addressof(_LINE_ARGS), ctypes.addressof(_LINE_BOX),  # (18, 19: see _line_rects_into)
    ctypes.addressof(_INTERLEAVED))
_LINE_CONTEXT_ADDRESS: Final = ctypes.addressof(_LINE_CONTEXT)  # (as the compiled box reader takes it)


# Where _zwnj_gaps' compiled loop writes how many bare edges it found, and its least and bare,
# set for each call (see _BoxBuffer.gaps_context).
_EDGE_COUNT: Final = (ctypes.c_int * 1)()
_GAP_LIMITS: Final = (ctypes.c_double * 2)()
# The least and bare last written to _GAP_LIMITS (NaN: none yet; a line's equal the line before's
# but where the type size changes), and _EDGE_COUNT as a memoryview reads it (a third of a ctypes
# item's cost).
_GAP_LIMITS_SET: Final = [math.nan, math.nan]
_EDGE_COUNT_READ: Final = memoryview(_EDGE_COUNT).cast("B").cast("i")
_TWO_DOUBLES: Final = struct.Struct("2d")
# A line's ints for _zwnj_gaps' compiled loop (glyph_boxes.c's gaps_context: offset, count, changed
# count, whether it reads the buffer's indices: 1 as ints, 2 as bytes), written in one pack; and
# where the letters' classes are, set where they change (_GAP_CLASSES_SET: the classes last set,
# kept alive).
_GAP_LINE: Final = (ctypes.c_int * 4)()
_GAP_LINE_INTS: Final = struct.Struct("4i")
_GAP_CLASSES_AT: Final = (ctypes.c_void_p * 1)()
_GAP_CLASSES_SET: list[Any] = [None]
# _kashidas' classes (arabic.KASHIDA_CLASSES) and limits: see there.
_KASHIDA_CLASSES: Final = (ctypes.c_ubyte * 256).from_buffer_copy(KASHIDA_CLASSES)
_KASHIDA_LIMITS: Final = (ctypes.c_double * 6)(0.0, 0.0, 0.0, KASHIDA_TOUCH_PT, 0.0, 0.0)
_KASHIDA_PACKER: Final = struct.Struct("6d")


class _BoxBuffer:
    """Room for the boxes of `size` characters, and out-parameters for each one's four doubles."""

    def __init__(self, size: int) -> None:
        self.values = (ctypes.c_double * (4 * size))()
        doubles = _out_doubles(self.values, 4 * size)
        self.slots = [tuple(doubles[4 * n:4 * n + 4]) for n in range(size)]
        self._bytes = memoryview(self.values).cast("B")
        self._doubles = self.doubles_view = self._bytes.cast("d")  # (doubles_view: for _objects_interleave)
        self.box_bytes = self._bytes  # (for _char_boxes: see _BOX_DOUBLES)
        self.indices = (ctypes.c_int * size)()  # for the compiled loop (native.py)
        self.index_bytes = memoryview(self.indices).cast("B")  # the same, a byte each (see _zwnj_gaps)
        self.found = (ctypes.c_int * size)()  # what a compiled loop found (see _zwnj_gaps)
        self.origins = (ctypes.c_double * size)()  # and the origins it read (see _bare_edges)
        self.changed_indices = (ctypes.c_int * size)()  # boxes a repair changed (see set_changed)
        self.changed_values = (ctypes.c_double * (4 * size))()
        self._found = memoryview(self.found).cast("B").cast("i")
        # What _zwnj_gaps' compiled loop reads besides a line's own arguments (glyph_boxes.c's
        # gaps_context): pdfium's two functions, the limits (_GAP_LIMITS), this buffer's arrays;
        # and _kashidas' (kashida_context): pdfium's box function, the classes and limits, this
        # buffer's arrays. (Made with the buffer: a property read them at a Python call a line.)
        arrays: tuple[Any, ...] = (_GAP_LIMITS, self.changed_indices, self.changed_values, self.found,
                                   self.values, self.origins, _EDGE_COUNT, _GAP_LINE, _GAP_CLASSES_AT,
                                   self.indices)
        self.gaps_context = (ctypes.c_void_p * 12)(_CHAR_BOX_FUNCTION.value, _CHAR_ORIGIN_FUNCTION.value,
                                                  *(ctypes.addressof(one) for one in arrays))
        # And _char_boxes' (box_context): pdfium's box function, this buffer's indices and values.
        self.box_context = (ctypes.c_void_p * 3)(_CHAR_BOX_FUNCTION.value, ctypes.addressof(self.indices),
                                                 ctypes.addressof(self.values))
        self.kashida_context = (ctypes.c_void_p * 5)(
            _CHAR_BOX_FUNCTION.value, *(ctypes.addressof(one) for one in (
                _KASHIDA_CLASSES, _KASHIDA_LIMITS, self.found, self.values)))
        # (the three as the compiled box reader takes them: addresses)
        self.gaps_address = ctypes.addressof(self.gaps_context)
        self.kashida_address = ctypes.addressof(self.kashida_context)
        self.indices_address = ctypes.addressof(self.indices)
        self.values_address = ctypes.addressof(self.values)

    def set_indices(self, chars: Sequence[int], positions: list[int]) -> int:
        """The characters at `positions` of a line whose characters are pdfium's characters
        `chars`, for the compiled loop, in the buffer it reads: the positions themselves where
        the line's characters are a range (most lines: the array is made in C), and the offset
        the loop adds to each (the range's start; else 0, and pdfium's indices)."""
        if type(chars) is range:
            self.put(positions, None)
            return chars.start
        self.put(positions, chars)
        return 0

    def set_ints(self, values: list[int]) -> None:
        """The ints a compiled loop reads as they are (pdfium's indices), in its index buffer."""
        self.put(values, None)

    def put(self, positions: list[int], chars: Sequence[int] | None) -> None:
        """chars[p] for each of `positions` (p itself where chars is None) into the index buffer:
        in one call of the compiled box reader where it is there."""
        if _BOX_READS is not None:
            _BOX_READS.put_ints(self.indices_address, len(self.slots), positions, chars)
        elif chars is None:
            _ints(len(positions)).pack_into(self.indices, 0, *positions)
        else:
            _ints(len(positions)).pack_into(self.indices, 0, *[chars[p] for p in positions])

    def set_changed(self, chars: Sequence[int], changed: dict[int, Box]) -> tuple[Any, Any, int]:
        """The boxes a repair changed (by position in a line whose characters are pdfium's
        characters `chars`) as the compiled loops take them: pdfium's indices, the boxes, how
        many (in buffers made once: a ctypes array made for each line cost a tenth of a line's
        compiled reads)."""
        if not changed:
            return None, None, 0
        _ints(len(changed)).pack_into(self.changed_indices, 0, *map(chars.__getitem__, changed))
        _doubles(4 * len(changed)).pack_into(self.changed_values, 0, *itertools.chain.from_iterable(changed.values()))
        return self.changed_indices, self.changed_values, len(changed)

    def clear(self, count: int) -> None:
        """Zero the first `count` boxes, so that none is left stale where pdfium fails (a
        slice assignment: a fifth of the cost of a ctypes.memset call)."""
        self._bytes[:32 * count] = bytes(32 * count)

    def read(self, count: int) -> Sequence[float]:
        """The first `count` boxes' doubles, four by four."""
        return self._doubles[:4 * count].tolist()

    def boxes(self, count: int) -> list[Box]:
        """The first `count` boxes, each a tuple of its four doubles as they stand (see _BOX_DOUBLES)."""
        return list(_BOX_DOUBLES.iter_unpack(self._bytes[:32 * count]))

    def addresses(self, count: int) -> list[int]:
        """The first `count` pointers a compiled loop wrote over the values (0 for NULL)."""
        return self._bytes[:8 * count].cast("Q").tolist()

    def found_ints(self, count: int) -> list[int]:
        """The first `count` ints a compiled loop found."""
        return self._found[:count].tolist()

    def doubles(self, count: int) -> list[float]:
        """The first `count` doubles (one per character: what the origins loop writes)."""
        return cast("list[float]", self._doubles[:count].tolist())  # (typeshed: a memoryview holds ints)


_box_buffer = _BoxBuffer(512)
_BOX_DOUBLES: Final = struct.Struct("4d")  # one box as _char_boxes reads it (l, b, r, t: see there)
# The packers of n C ints and of n doubles, by n (see _ints).
_INT_PACKERS: dict[int, struct.Struct] = {}
_DOUBLE_PACKERS: dict[int, struct.Struct] = {}


def _ints(count: int) -> struct.Struct:
    """What writes `count` Python ints into a buffer as C ints: array("i", ...) parses each item
    as a format of its own (PyArg_Parse), 2.4 times the cost of struct's converter (the ints of
    a line's positions, for most compiled reads)."""
    packer = _INT_PACKERS.get(count)
    if packer is None:
        packer = _INT_PACKERS[count] = struct.Struct(f"{count}i")
    return packer


def _doubles(count: int) -> struct.Struct:
    """What writes `count` Python floats into a buffer as doubles (see _ints)."""
    packer = _DOUBLE_PACKERS.get(count)
    if packer is None:
        packer = _DOUBLE_PACKERS[count] = struct.Struct(f"{count}d")
    return packer


# The box buffer whose values newsmon_line_facts_in writes a line's text rects to (see _line_rects_into).
_LINE_RECTS_BUFFER: list[_BoxBuffer | None] = [None]


def _line_rects_into(buffer: _BoxBuffer) -> None:
    """Where newsmon_line_facts_in writes a line's text rects, and how many fit: `buffer`'s values
    (slots 18 and 19 of _LINE_CONTEXT, set once for each buffer: two ctypes arguments fewer a line)."""
    _LINE_CONTEXT[18], _LINE_CONTEXT[19] = ctypes.addressof(buffer.values), len(buffer.slots)
    _LINE_RECTS_BUFFER[0] = buffer


def _buffer(count: int) -> _BoxBuffer:
    """The boxes buffer, with room for `count` characters (grown when a line needs more)."""
    global _box_buffer
    if count > len(_box_buffer.slots):
        _box_buffer = _BoxBuffer(2 * count)
    return _box_buffer


def _char_boxes(page: _Page, chars: Sequence[int], positions: list[int]) -> list[Box]:
    """(left, bottom, right, top) of the characters at `positions` of a line of the page
    whose characters are pdfium's characters `chars`."""
    if _BOX_READS is not None:  # (in one call from Python, each box made a tuple as it is read)
        ranged = chars if isinstance(chars, range) else None
        boxes: list[Box] = _BOX_READS.char_boxes(_CHAR_BOX_ADDRESS, page.address, 0 if ranged is None else ranged.start,
                                                 positions, chars if ranged is None else None)
    else:
        boxes = _char_boxes_through_ctypes(page, chars, positions)
    if page.hidden:
        _cover_hidden(page.textpage, [chars[p] for p in positions], boxes, page.hidden)
    return boxes


def _char_boxes_through_ctypes(page: _Page, chars: Sequence[int], positions: list[int]) -> list[Box]:
    """_char_boxes where the parser runs as Python: through glyph_boxes.c's loop (native.py) or
    pdfium's own function, both by ctypes."""
    count = len(positions)
    buffer = _box_buffer if count <= len(_box_buffer.slots) else _buffer(count)  # (most: no call)
    handle = page.handle
    # pdfium's order is l, r, b, t: each box is written as a Box's (l, b, r, t), read four by four.
    if _NATIVE is not None:  # the same calls, from C (an index of -1 gives a zero box, as below)
        if type(chars) is range:  # (set_indices' first case, without its two calls: a box read a place)
            (_INT_PACKERS.get(count) or _ints(count)).pack_into(buffer.indices, 0, *positions)
            offset = chars.start
        else:
            offset = buffer.set_indices(chars, positions)
        _NATIVE.char_boxes(buffer.box_context, handle, offset, count)
    elif type(chars) is range:  # most lines: an addition costs less than indexing a range
        first = chars.start  # (every index is one of the page's: pdfium writes each box)
        for position, (left, bottom, right, top) in zip(positions, buffer.slots):
            _GET_CHAR_BOX(handle, first + position, left, right, bottom, top)
    else:
        buffer.clear(len(positions))  # an index may be -1 (see _char_indices)
        for position, (left, bottom, right, top) in zip(positions, buffer.slots):
            _GET_CHAR_BOX(handle, chars[position], left, right, bottom, top)
    # (each box a tuple straight from the buffer's bytes: a list of floats zipped four by four cost a
    # quarter more)
    return list(_BOX_DOUBLES.iter_unpack(buffer.box_bytes[:32 * count]))


def _line_boxes(page: _Page, chars: Sequence[int]) -> Callable[[list[int]], list[Box]]:
    """The glyph boxes of a line's characters as repair_line reads them (arabic.BoxReader): a
    _LineBoxes where the compiled box reader reads them as _char_boxes does (no hidden characters
    to cover), else _char_boxes itself."""
    if _BOX_READS is not None and not page.hidden:
        return _LineBoxes(page, chars)
    return functools.partial(_char_boxes, page, chars)


class _LineBoxes:
    """A line's box reader (see _line_boxes): called with positions, their boxes; `into` puts
    the boxes a dict lacks in it, in one call of the compiled reader (see arabic._Boxes.need)."""

    def __init__(self, page: _Page, chars: Sequence[int]) -> None:
        self.page = page
        self.chars = chars

    def __call__(self, positions: list[int]) -> list[Box]:
        return _char_boxes(self.page, self.chars, positions)

    def into(self, boxes: dict[int, Box], positions: list[int]) -> None:
        chars = self.chars
        ranged = chars if isinstance(chars, range) else None
        _BOX_READS.boxes_into(boxes, positions, _CHAR_BOX_ADDRESS, self.page.address,
                              0 if ranged is None else ranged.start, chars if ranged is None else None)


def _char_fonts(page: _Page, chars: Sequence[int], positions: list[int]) -> list[int]:
    """An identity (the address) of the font of the characters at `positions` of a line of the
    page whose characters are pdfium's characters `chars` (0: a character pdfium made up)."""
    fonts = []
    for position in positions:
        index = chars[position]
        obj = _GET_TEXT_OBJECT(page.handle, index) if index >= 0 else None
        fonts.append((_GET_TEXT_FONT(obj).value or 0) if obj else 0)
    return fonts


def _compiled_reads(page: _Page, chars: Sequence[int], rebuilt: bool = False) -> CompiledReads:
    """The compiled loops' reads of a line of the page whose characters are pdfium's
    characters `chars` (only where page.compiled: they read the boxes _char_boxes reads).
    `rebuilt`: the line's text was made again from where its glyphs stand (as_drawn,
    _positional_order), where a space put in takes the index of a character that is none,
    so the page's blank height tells nothing of it (see _blank_height)."""
    if page.blank_height is None:
        page.blank_height = _blank_height(page)
    classes = _ZWNJ_GAP_CLASSES_SHAPED if page.joins_all else _ZWNJ_GAP_CLASSES
    return CompiledReads(functools.partial(_zwnj_gaps, classes, page, chars),
                         functools.partial(_bare_edges, page, chars), math.inf if rebuilt else page.blank_height,
                         functools.partial(_kashidas, page, chars))


def _blank_height(page: _Page) -> float:
    """The greatest height of the glyph boxes of the page's spaces, tabs and ZWNJs, read once a
    page in one compiled call (see arabic.CompiledReads.blank_height): a blank of a line whose
    text is pdfium's, in its order or another (ZWNJs and spaces swapped by zwnj_spaces), is one
    of them."""
    assert _NATIVE is not None
    return float(_NATIVE.blank_height(_UNICODE_FUNCTION, _CHAR_BOX_FUNCTION, page.handle, _COUNT_CHARS(page.handle)))


def _zwnj_gaps(classes: Any, page: _Page, chars: Sequence[int], text: str, order: list[int], least: float,
               bare: float,
               changed: dict[int, Box]) -> tuple[list[tuple[int, Box, Box]], list[tuple[int, float, Box]]]:
    """arabic.ZwnjGapReader of a line of the page whose characters are pdfium's characters
    `chars`, with the letters' `classes` first (arabic.ZWNJ_GAP_CLASSES, or its _SHAPED twin where
    the page's writer shaped the text) for _compiled_reads to bind with the page (a partial with
    a keyword merges a dict at each call). The text goes as UTF-32 bytes (see _utf32, written out
    here: a call a line): ctypes refuses a str with a NUL in it as a wchar_t pointer. A line still
    in pdfium's order (most) goes without its order (see _IN_ORDER); one whose last position is
    not its last (a line a repair dropped characters from: a third of the gold corpus's body
    lines) is told without the compare. Where the line's characters are a range (all but a few
    lines), its positions and the changed boxes' indices are packed here, without set_indices'
    and set_changed's calls (and a range's item, dearer than an addition: see _char_boxes)."""
    assert _NATIVE is not None
    count = len(order)
    buffer = _box_buffer if 3 * count <= len(_box_buffer.slots) else _buffer(3 * count)  # (room for two boxes
    # of each pair and one of each edge)
    if type(chars) is range and chars.step == 1:  # (set_changed's indices as chars[p] gives them)
        offset = chars.start
        if not count or (order[-1] == count - 1 and order == _IN_ORDER[:count]):
            indices, indexed = None, 0  # (the loop counts the characters itself)
        else:
            indices = buffer.indices
            try:  # most lines: every position below 256, written one byte each (the loop widens them)
                buffer.index_bytes[:count] = bytes(order)
                indexed = 2
            except ValueError:
                (_INT_PACKERS.get(count) or _ints(count)).pack_into(indices, 0, *order)
                indexed = 1
        if changed:
            size = len(changed)
            (_INT_PACKERS.get(size) or _ints(size)).pack_into(buffer.changed_indices, 0,
                                                              *[offset + p for p in changed])
            (_DOUBLE_PACKERS.get(4 * size) or _doubles(4 * size)).pack_into(
                buffer.changed_values, 0, *itertools.chain.from_iterable(changed.values()))
        else:
            size = 0
    else:
        indices, offset, indexed = buffer.indices, buffer.set_indices(chars, order), 1
        size = buffer.set_changed(chars, changed)[2] if changed else 0
    if least != _GAP_LIMITS_SET[0] or bare != _GAP_LIMITS_SET[1]:  # (most lines: the line before's)
        _TWO_DOUBLES.pack_into(_GAP_LIMITS, 0, least, bare)  # (one call, not two ctypes items)
        _GAP_LIMITS_SET[:] = least, bare
    if classes is not _GAP_CLASSES_SET[0]:  # (most lines: the line before's)
        _GAP_CLASSES_AT[0] = ctypes.addressof(classes)
        _GAP_CLASSES_SET[0] = classes
    _GAP_LINE_INTS.pack_into(_GAP_LINE, 0, offset, count, size, indexed)
    utf32 = text.encode("utf-32", "surrogatepass")[4:]
    pairs = _NATIVE.zwnj_gaps(buffer.gaps_context, page.handle, utf32) if _BOX_READS is None \
        else _BOX_READS.zwnj_gaps(buffer.gaps_address, page.address, utf32)  # (see box_reads.c)
    edges = _EDGE_COUNT_READ[0]
    if not pairs:
        if not edges:  # most lines
            return [], []
        # (a third of the rest: bare edges alone)
        return [], list(zip(buffer.found_ints(edges), buffer.origins[:edges], buffer.boxes(edges)))
    boxes = buffer.boxes(2 * pairs + edges)
    found = buffer.found_ints(pairs + edges)
    return (list(zip(found[:pairs], boxes[0:2 * pairs:2], boxes[1:2 * pairs:2])),
            list(zip(found[pairs:], buffer.origins[:edges], boxes[2 * pairs:])))


def _kashidas(page: _Page, chars: Sequence[int], text: str, order: list[int],
              rise: tuple[float, float] | None, ink: float) -> list[tuple[int, int, Box]]:
    """arabic.KashidaReader of a line of the page whose characters are pdfium's characters `chars`
    (see _compiled_reads): one compiled call, the line's text as UTF-32 (see _zwnj_gaps)."""
    assert _NATIVE is not None
    count = len(order)
    buffer = _box_buffer if count <= len(_box_buffer.slots) else _buffer(count)  # (most: no call)
    if type(chars) is range and (not count or (order[-1] == count - 1 and order == _IN_ORDER[:count])):
        indices, offset = None, chars.start  # (a line whose last position is not its last: no slice made)
    else:
        indices, offset = buffer.indices, buffer.set_indices(chars, order)
    # (the limits in one pack, not five ctypes items; without a rise, the loop reads no baseline)
    if rise is None:
        _KASHIDA_PACKER.pack_into(_KASHIDA_LIMITS, 0, 0.0, 0.0, 0.0, KASHIDA_TOUCH_PT, ink, KASHIDA_INK_MAX * ink)
    else:
        _KASHIDA_PACKER.pack_into(_KASHIDA_LIMITS, 0, rise[0], rise[1], 1.0, KASHIDA_TOUCH_PT, ink,
                                  KASHIDA_INK_MAX * ink)
    utf32 = text.encode("utf-32", "surrogatepass")[4:]
    if _BOX_READS is not None:  # (see box_reads.c)
        found = _BOX_READS.kashidas(buffer.kashida_address, page.address, utf32,
                                    0 if indices is None else buffer.indices_address, offset, count)
    else:
        found = _NATIVE.kashidas(buffer.kashida_context, page.handle, utf32, indices, offset, count)
    if not found:
        return []
    ends = buffer.found_ints(2 * found)
    return list(zip(ends[0::2], ends[1::2], buffer.boxes(found)))


# _kashidas' classes (arabic.KASHIDA_CLASSES) and limits: the line's baseline and rise, 1.0 where it
# has them, how far a stroke may stand from a letter it touches, the line's stroke ink and the most
# of a blank that is a stroke (all but the touch set for each call).


def _utf32(text: str) -> bytes:
    """The text as the compiled loops read it: UTF-32 in the machine's byte order, no byte order
    mark ("utf-32" less its mark takes str.encode's own path, "utf-32-le" the codec registry's)."""
    return text.encode("utf-32", "surrogatepass")[4:]


# A line's positions in pdfium's order, as far as a line reaches (see _zwnj_gaps); where the
# compiled loop writes how many bare edges it found.
_IN_ORDER: Final = list(range(4096))
_LIGATURE_PAIR_CLASSES: Final = (ctypes.c_ubyte * 256).from_buffer_copy(LIGATURE_PAIR_CLASSES)
_PAIR_COUNTS: Final = (ctypes.c_int * 1)()
_REH_PAIR: Final = re.compile("(?=[{}][{}])".format(
    *("".join(chr(0x600 + i) for i in range(256) if LIGATURE_PAIR_CLASSES[i] & bit) for bit in (1, 2))))


def _ligature_order(page: _Page) -> bool:
    """Whether the page gives ligatures with their letters reversed (arabic.ligatures_reversed),
    told by the pairs of neighbours, a reh-like letter and then a letter that joins the next one,
    that share one glyph box: in one compiled call over the page's text, or (no compiled helper,
    or a page with hidden characters) those pairs' boxes read one by one."""
    text = page.text
    chars = page.chars if page.chars is not None else range(len(text))
    if page.compiled and _NATIVE is not None:  # (no hidden character: pdfium's indices run on)
        _NATIVE.shared_pairs(_CHAR_BOX_FUNCTION, page.handle, _utf32(text),
                             chars[0] if len(chars) else 0, len(text), _LIGATURE_PAIR_CLASSES, _PAIR_COUNTS)
        return ligatures_reversed(_PAIR_COUNTS[0])
    reh_first = 0
    for k in (m.start() for m in _REH_PAIR.finditer(text)):
        first, second = _char_boxes(page, chars, [k, k + 1])
        reh_first += first == second and first[2] > first[0]
    return ligatures_reversed(reh_first)


_JOIN_CLASSES: Final = (ctypes.c_ubyte * 256).from_buffer_copy(JOIN_CLASSES)
_TEXT_OBJECT_FUNCTION: Final = ctypes.c_void_p(_address(pdfium_c.FPDFText_GetTextObject))
# What newsmon_jump_back calls (pdfium's box and text object functions), and the classes of U+0600..U+06FF
# it reads (1: arabic.ARABIC_LETTERS, 2: ARABIC_MARKS; see _drawn_out_of_order).
_JUMP_FUNCTIONS: Final = (ctypes.c_void_p * 2)(_address(pdfium_c.FPDFText_GetCharBox),
                                        _address(pdfium_c.FPDFText_GetTextObject))
_JUMP_CLASSES: Final = ctypes.create_string_buffer(
    bytes((chr(code) in ARABIC_LETTERS) | (chr(code) in ARABIC_MARKS) << 1
    for code in range(0x0600, 0x0700)), 256)
# (the same signature, an int index into a handle's list: what newsmon_text_objects reads for _object_index)
_GET_OBJECT_FUNCTION: Final = ctypes.c_void_p(_address(pdfium_c.FPDFPage_GetObject))
_NO_WIDTH: Final = 0.001  # a space's box narrower than this (points) has no width: pdfium made it up
_SAME_ORIGIN: Final = 0.01  # two origins this close (points) are one (see _space_kind)


# Where newsmon_stretch_gaps writes the gaps it finds (pairs of indices), kept for every page.
_STRETCH_ROOM: Final = 4096
_STRETCH_FOUND: Final = (ctypes.c_int * (2 * _STRETCH_ROOM))()


def _stretch_gaps(page: _Page) -> dict[int, int]:
    """The spaces (pdfium's indices, each to that of the letter after it) that pdfium made up in
    the stretched joins of the page's justified lines. LibreOffice justifies an Arabic-script
    line (SIL's Harmattan) by opening gaps in joins, between a letter that joins the next one and
    that next one, one a word, with no kashida drawn in them ("انگش ت مقایس ه" for "انگشت
    مقایسه"); the line's text object draws its word spaces as glyphs, and pdfium makes a space up
    in each gap, of no width, at the origin of the glyph before it. A word space pdfium makes up
    looks the same (XeTeX, a LibreOffice title, a hyphen LibreOffice draws apart): one stands in
    a stretched join only in an object that draws more of its spaces as glyphs than pdfium makes
    up, in a gap narrower than the object's widest space glyph (a justified line's word spaces
    are no narrower), where no glyph stands. On a page that draws its word spaces (page.spaces
    "drawn"): one compiled call over its text (glyph_boxes.c's newsmon_stretch_gaps), or the
    same reads from Python."""
    text = page.text
    chars = page.chars if page.chars is not None else range(len(text))
    if _NATIVE is not None and text:
        room = min(text.count(" "), _STRETCH_ROOM)  # (no page has that many gaps: at most as many as spaces)
        found = _STRETCH_FOUND
        run_on = page.chars is None or (chars[-1] - chars[0] == len(chars) - 1 and min(chars) >= 0)  # (most pages:
        # an offset tells all; min() of a range would count through it)
        count = _NATIVE.stretch_gaps(_CHAR_BOX_FUNCTION, _CHAR_ORIGIN_FUNCTION, _TEXT_OBJECT_FUNCTION, page.handle,
                                     _utf32(text), None if run_on else (ctypes.c_int * len(chars))(*chars),
                                     chars[0], len(text), _JOIN_CLASSES, found, room)
        gaps = {found[2 * n]: found[2 * n + 1] for n in range(count)}
    else:
        gaps = {chars[k]: chars[k + 1] for k in (m.start() for m in JOINED_SPACE.finditer(text))
                if _stretch_gap(page, chars, k)}
    if " \u0647" in text:  # a word's final heh drawn as a cluster of its own (rare: see _stretched_before_lone_heh)
        gaps.update((chars[k], chars[k + 1]) for k in (m.start() for m in LONE_HEH.finditer(text))
                    if text[k - 1] in JOINS_NEXT and _stretched_before_lone_heh(page, chars, k))
    return gaps


_LONE_HEH_GAP_EMS: Final = 0.25  # the widest gap (of the type size) of a stretched join before such a heh


def _stretched_before_lone_heh(page: _Page, chars: Sequence[int], at: int) -> bool:
    """Is the space at position `at` of the page's text (see arabic.LONE_HEH) one pdfium made
    up in a stretched join before a word's final heh? LibreOffice draws the heh as a cluster
    under an /ActualText of its own in SIL's fonts (Harmattan), a text object apart, so
    newsmon_stretch_gaps, which looks inside one object, does not see it: pdfium makes the
    space up between the two objects (it belongs to neither), and the gap between the two
    letters' boxes is narrower than a word space."""
    index, before, after = chars[at], chars[at - 1], chars[at + 1]
    if min(index, before, after) < 0 or _TEXT_OBJECT_ADDRESS(page.handle, index) is not None:
        return False
    found = _TEXT_OBJECT_ADDRESS(page.handle, after)
    if found is None or found == _TEXT_OBJECT_ADDRESS(page.handle, before):
        return False
    left, right = _box_or_none(page, before), _box_or_none(page, after)
    return -_NO_WIDTH < left[0] - right[2] < _LONE_HEH_GAP_EMS * _font_size(page, before)


# A space between two letters (see _without_spaces_made_up_in_words). (With the marks pdfium read
# there, each a space apart, from a word elsewhere in the line: repair_line seats them.)
# (A literal first: a pattern that opens with a look-behind is tried at every position.)
_SPACE_IN_A_WORD: Final = re.compile(f" (?<=[{_CLUSTER_LETTERS}] )(?:[{_MARKS}] )*(?=[{_CLUSTER_LETTERS}])")


def _without_spaces_made_up_in_words(page: _Page, text: str, chars: Sequence[int]) -> tuple[str, Sequence[int]]:
    """The line (whose characters are pdfium's characters `chars`) without the spaces pdfium made
    up inside a word, where LibreOffice breaks the word's run into two text objects: at a cluster
    it draws as an object of its own (SIL's Lateef: "آ" in "آرای", a final alef, "وا بسته" for
    "وابسته"), or at a ZWNJ ("کرده اند" for "کرده‌اند", put back by repair_line from the gap). On
    a page that draws its word spaces as glyphs, pdfium makes a space up between two objects
    whose glyphs stand apart, and such a gap is about as wide as Lateef's narrow word space. Such
    a space has no text object; the two letters are of two objects, one a run of words (see
    _in_a_run: not Chromium's objects of a glyph or two); their boxes stand less than
    _LONE_HEH_GAP_EMS of the type size apart, and less than _IN_A_WORD_SHARE of the widest space
    glyph of the line, which draws its word spaces as glyphs (a title may not: "و پرسش")."""
    if _NATIVE is not None and not _holds_made_up(page, chars):
        return text, chars  # (most lines: no character of no object, so no space made up, see below)
    spans = [m.span() for m in _SPACE_IN_A_WORD.finditer(text)]
    positions = [end - 1 for _, end in spans if chars[end - 1] >= 0]
    objectless = _objectless(page, chars, positions)  # (most spaces are glyphs, of an object: one call reads them)
    if not objectless or 2 * len(objectless) > len(positions):
        return text, chars  # (a line that draws few of its word spaces: pdfium makes them up, see below)
    found = [((start, end), gap) for start, end in spans if end - 1 in objectless
             and (gap := _made_up_in_a_word(page, chars, start, end)) is not None]
    if not found:
        return text, chars
    widest = _drawn_space_width(page, text, chars)  # (none: a title's line, whose spaces pdfium makes up)
    return _without(text, chars, [k for (start, end), gap in found if gap < _IN_A_WORD_SHARE * widest
                                  for k in range(start, end) if text[k] == " "])


# A gap narrower than this share of the line's widest space glyph is inside a word (see
# _without_spaces_made_up_in_words; Word's word space made up between two objects is as wide as its glyph).
_IN_A_WORD_SHARE: Final = 0.9


def _drawn_space_width(page: _Page, text: str, chars: Sequence[int]) -> float:
    """The width of the widest word space that the line (whose characters are pdfium's `chars`)
    draws as a glyph (of a text object), or 0 where it draws none. A page's first space tells how
    most of its spaces come (see _spaces), not each line's: a title's, or a page of Chromium's read
    as one that draws them, has pdfium make each up."""
    spaces = [k for k in range(len(text)) if text[k] == " " and chars[k] >= 0]
    drawn = [k for k, drawn_by in zip(spaces, _object_addresses(page, [chars[k] for k in spaces]) if spaces else [])
             if drawn_by]
    # (_char_boxes: the line's lead box waits in _SPAN, see _line)
    return max((box[2] - box[0] for box in _char_boxes(page, chars, drawn)), default=0.0) if drawn else 0.0


# A space before a heh with a hamza above that is a word of its own, after a letter that joins the next
# one: no word is "هٔ", a word's ezafe. LibreOffice draws the two in SIL's Harmattan as a cluster of its
# own and may end the word's run before it with a space glyph in the join ("نتیج هٔ" for "نتیجهٔ").
_LONE_HEH_HAMZA: Final = re.compile(
    f" (?<=[{''.join(sorted(JOINS_NEXT))}] )\u0647\u0654(?![{_CLUSTER_LETTERS}{_MARKS}])")


def _zwnjs_in_clusters(page: _Page, text: str, chars: Sequence[int]) -> tuple[str, Sequence[int]]:
    """The line with each ZWNJ that the PDF maps with the glyph of the letter read before it put
    before that letter, on a page that maps ZWNJs so (told by its first ZWNJ beside a letter).

    Typst (rustybuzz) puts a ZWNJ in the cluster of the letter after it and maps the two with
    that glyph; pdfium turns the pair round with the rest of the right-to-left line, so the ZWNJ
    lands after the letter it stood before ("دستکشه\u200cای" for "دستکش\u200cهای"). Such a ZWNJ
    starts where the letter's glyph starts and has ink (pdfium gives it the glyph's box, or its
    share of it), which no ZWNJ drawn (or left undrawn) for itself does: a zero-width glyph has
    none. (Where pdfium reads the pair in its order, the ZWNJ first, it stays.)"""
    if page.zwnj_clusters is None:  # (the line's first ZWNJ and the letters beside it, most pages' only look)
        first = list(_beside_letters(text, text.find(ZWNJ)))
        if not first:
            return text, chars
        page.zwnj_clusters = any(_one_glyph(page, chars[k], chars[other]) for k, other in first)
        if not page.zwnj_clusters:
            return text, chars
    turned = [k for k, ch in enumerate(text) if ch == ZWNJ and k and text[k - 1] not in _NOT_A_CLUSTER
              and chars[k] != chars[k - 1] and _one_glyph(page, chars[k], chars[k - 1])]  # (one index: a ZWNJ
    # put in, see _with_lost_texts)
    if not turned:
        return text, chars
    order = list(range(len(text)))
    for k in turned:
        order[k - 1], order[k] = order[k], order[k - 1]
    return "".join(map(text.__getitem__, order)), list(map(chars.__getitem__, order))


def _beside_letters(text: str, k: int) -> Iterator[tuple[int, int]]:
    """(k, a neighbour's position) for each neighbour of position k that is no space or ZWNJ."""
    for other in (k - 1, k + 1):
        if 0 <= other < len(text) and text[other] not in _NOT_A_CLUSTER:
            yield k, other


_NOT_A_CLUSTER: Final = frozenset(" \u200c")  # (a ZWNJ's neighbours that are no letter of a cluster)


def _one_glyph(page: _Page, zwnj: int, letter: int) -> bool:
    """Are pdfium's characters `zwnj` and `letter` two characters of one glyph's text (see
    _zwnjs_in_clusters)? pdfium gives each character of a glyph's text the glyph's height and
    origin, and its box or a share of its width. (LibreOffice's ZWNJ starts where the letter
    before it does too, but its box is a flat line or a dot of its own.)"""
    box, other = _charbox(page.textpage, zwnj), _charbox(page.textpage, letter)
    if box[3] - box[1] < _ONE_POINT or abs(box[1] - other[1]) > _ONE_POINT / 100 \
            or abs(box[3] - other[3]) > _ONE_POINT / 100:
        return False
    origins = _char_origins(page.handle, (zwnj, letter), [0, 1])
    return abs(origins[0] - origins[1]) < _ONE_POINT / 100


_ONE_POINT: Final = 1.0  # a letter's glyph is taller; one glyph's characters' heights and origins are within 0.01 of it


def _without(text: str, chars: Sequence[int], drop: list[int]) -> tuple[str, Sequence[int]]:
    """The line (whose characters are pdfium's `chars`) without the characters at positions `drop`."""
    if not drop:
        return text, chars
    gone = set(drop)
    keep = [k for k in range(len(text)) if k not in gone]
    return "".join(map(text.__getitem__, keep)), list(map(chars.__getitem__, keep))


def _made_up_in_a_word(page: _Page, chars: Sequence[int], start: int, end: int) -> float | None:
    """The gap between the letters around the spaces at positions start..end of the line (marks
    between them) where those may be such (see _without_spaces_made_up_in_words), else None."""
    before, after = chars[start - 1], chars[end]
    handle = page.handle
    spaces = [chars[k] for k in range(start, end, 2)]
    if min(before, after, *spaces) < 0 or any(_TEXT_OBJECT_ADDRESS(handle, index) is not None for index in spaces):
        return None  # (most: a space glyph)
    left_object, right_object = _TEXT_OBJECT_ADDRESS(handle, before), _TEXT_OBJECT_ADDRESS(handle, after)
    if left_object is None or right_object is None or left_object == right_object \
            or not (_in_a_run(page, before) or _in_a_run(page, after)):
        return None
    left, right = _char_boxes(page, chars, [start - 1, end])  # (the line's lead box waits in _SPAN, see _line)
    gap = left[0] - right[2]
    return gap if -_NO_WIDTH < gap < _LONE_HEH_GAP_EMS * _font_size(page, before) * page.scale else None


def _drawn_alone(page: _Page, index: int) -> bool:
    """Is pdfium's character `index` the only one of its text object (the characters read right
    before and after it are of others)?"""
    handle = page.handle
    address = _TEXT_OBJECT_ADDRESS(handle, index)
    return address is not None and all(not 0 <= other < _COUNT_CHARS(handle)
                                       or _TEXT_OBJECT_ADDRESS(handle, other) != address
                                       for other in (index - 1, index + 1))


def _in_a_run(page: _Page, index: int) -> bool:
    """Is pdfium's character `index` of a text object that draws a run of words (_RUN_OBJECT_LEAST
    characters read one after another), as LibreOffice's are (not one that draws a glyph or two,
    as each of Chromium's does: there every cluster is an object of its own)?"""
    handle = page.handle
    address = _TEXT_OBJECT_ADDRESS(handle, index)
    count = _COUNT_CHARS(handle)
    return address is not None and any(
        all(0 <= index + step * n < count and _TEXT_OBJECT_ADDRESS(handle, index + step * n) == address
            for n in range(1, _RUN_OBJECT_LEAST)) for step in (-1, 1))


_RUN_OBJECT_LEAST: Final = 4


def _inside_a_run(page: _Page, index: int) -> bool:
    """Did pdfium read its character `index` between two of one other text object (a cluster drawn
    apart inside a run, on a line whose justification makes each word an object: "ر" + "أ" + "ر")?"""
    handle = page.handle
    if not 0 < index < _COUNT_CHARS(handle) - 1:
        return False
    before = _TEXT_OBJECT_ADDRESS(handle, index - 1)
    return before is not None and before == _TEXT_OBJECT_ADDRESS(handle, index + 1)


def _stretch_gap(page: _Page, chars: Sequence[int], at: int) -> bool:
    """Is the space at position `at` of the page's text (whose characters are pdfium's
    characters `chars`), between a letter that joins the next one and one that joins the one
    before, one pdfium made up in a stretched join (see _stretch_gaps)?"""
    index = chars[at]
    if index < 0:
        return False
    box = _box_or_none(page, index)  # (most spaces of such a page: glyphs, told by their box alone)
    if box[2] - box[0] > _NO_WIDTH or _space_kind(page, index)[0] != 2:
        return False
    handle = page.handle
    found = _TEXT_OBJECT_ADDRESS(handle, index)
    if found is None or _TEXT_OBJECT_ADDRESS(handle, chars[at - 1]) != found \
            or _TEXT_OBJECT_ADDRESS(handle, chars[at + 1]) != found:
        return False
    first, last = at, at
    while first > 0 and chars[first - 1] >= 0 and _TEXT_OBJECT_ADDRESS(handle, chars[first - 1]) == found:
        first -= 1
    while last + 1 < len(chars) and chars[last + 1] >= 0 and _TEXT_OBJECT_ADDRESS(handle, chars[last + 1]) == found:
        last += 1
    kinds = [_space_kind(page, chars[j]) for j in range(max(first, 1), last + 1) if page.text[j] == " "]
    glyphs = [width for kind, width in kinds if kind == 1]
    if len(glyphs) <= sum(kind == 2 for kind, _ in kinds):
        return False
    before, after = _box_or_none(page, chars[at - 1]), _box_or_none(page, chars[at + 1])
    low, high = min(before[2], after[2]), max(before[0], after[0])
    return low < high and high - low < max(glyphs) and not _drawn_in_gap(page, chars, low, high, before)


def _space_kind(page: _Page, index: int) -> tuple[int, float]:
    """1 where pdfium's character `index` (a space) is a space glyph the page draws (a width, and
    the pen moved on from the character before it), 2 where pdfium made it up in a jump of the
    pen (no width, at the origin of the character before it), else 0; and its box's width."""
    box = _box_or_none(page, index)
    x, x_before = _origin_or_none(page, index), _origin_or_none(page, index - 1)
    if x is None or x_before is None:
        return 0, box[2] - box[0]
    width = box[2] - box[0]
    if width <= _NO_WIDTH:
        return (2 if abs(x - x_before) <= _SAME_ORIGIN else 0), width
    return (1 if abs(x - x_before) > _SAME_ORIGIN else 0), width


def _box_or_none(page: _Page, index: int) -> Box:
    """pdfium's character `index`'s glyph box, or no box (zeros) where pdfium gives none (as
    glyph_boxes.c's read_box)."""
    _SPAN[0] = _SPAN[1] = _SPAN[2] = _SPAN[3] = 0.0  # (what pdfium leaves where it gives none)
    if index >= 0:
        _GET_CHAR_BOX(page.handle, index, *_SPAN_OUT)
    return _SPAN[0], _SPAN[2], _SPAN[1], _SPAN[3]


def _origin_or_none(page: _Page, index: int) -> float | None:
    """The x of pdfium's character `index`'s origin, or None where pdfium gives none."""
    if index < 0:
        return None
    _ORIGIN[0] = math.nan  # (what pdfium leaves where it gives none)
    _GET_CHAR_ORIGIN(page.handle, index, *_ORIGIN_XY)
    return None if math.isnan(_ORIGIN[0]) else float(_ORIGIN[0])


def _drawn_in_gap(page: _Page, chars: Sequence[int], low: float, high: float, line: Box) -> bool:
    """Does a glyph of the page (but a space or line break) stand in the gap from `low` to
    `high` on the line of box `line`: its middle in the gap, the boxes overlapping in height (a
    hyphen LibreOffice draws as an object of its own between two words, read elsewhere)?"""
    for j, character in enumerate(page.text):
        if character in " \n\r" or chars[j] < 0:
            continue
        box = _box_or_none(page, chars[j])
        if box[2] > box[0] and low < (box[0] + box[2]) / 2 < high and box[1] < line[3] and box[3] > line[1]:
            return True
    return False


def _stretched_joins(page: _Page, chars: Sequence[int]) -> list[int]:
    """The positions of the line (whose characters are pdfium's characters `chars`) of the
    letters after a stretched join (see _stretch_gaps): their gap to the letter before is no ZWNJ."""
    after = set(page.stretched.values())
    return [p for p, index in enumerate(chars) if index in after]


def _without_stretch_gaps(page: _Page, text: str, chars: Sequence[int]) -> tuple[str, Sequence[int]]:
    """The line (whose characters are pdfium's characters `chars`) without the spaces pdfium made
    up in its stretched joins (see _stretch_gaps)."""
    return _without(text, chars, [k for k, (character, index) in enumerate(zip(text, chars))
                                  if character == " " and index in page.stretched])



def _bare_edges(page: _Page, chars: Sequence[int], positions: list[int], bare: float,
                changed: dict[int, Box]) -> list[tuple[int, float, Box]]:
    """arabic.EdgeReader of a line of the page whose characters are pdfium's characters
    `chars` (see _compiled_reads): one compiled call with the buffer's gaps_context (the line's
    ints and the bare written where _zwnj_gaps writes them: two ctypes arguments, not thirteen)."""
    assert _NATIVE is not None
    count = len(positions)
    buffer = _box_buffer if count <= len(_box_buffer.slots) else _buffer(count)  # (most: no call)
    offset = buffer.set_indices(chars, positions)
    if bare != _GAP_LIMITS_SET[1]:
        _TWO_DOUBLES.pack_into(_GAP_LIMITS, 0, _GAP_LIMITS_SET[0], bare)
        _GAP_LIMITS_SET[1] = bare
    _GAP_LINE_INTS.pack_into(_GAP_LINE, 0, offset, count, buffer.set_changed(chars, changed)[2], True)
    found = _NATIVE.bare_edges(buffer.gaps_context, page.handle) if _BOX_READS is None \
        else _BOX_READS.bare_edges(buffer.gaps_address, page.address)  # (see box_reads.c)
    if not found:
        return []
    return list(zip(buffer.found_ints(found), buffer.origins[:found], buffer.boxes(found)))


_ZWNJ_GAP_CLASSES: Final = (ctypes.c_ubyte * len(ZWNJ_GAP_CLASSES)).from_buffer_copy(ZWNJ_GAP_CLASSES)
_ZWNJ_GAP_CLASSES_SHAPED: Final = (ctypes.c_ubyte * len(ZWNJ_GAP_CLASSES_SHAPED)).from_buffer_copy(
    ZWNJ_GAP_CLASSES_SHAPED)


_RECT: Final = pdfium_c.FS_RECTF()
_GET_LOOSE_BOX: Final = _bare(pdfium_c.FPDFText_GetLooseCharBox, None)
# (as the compiled box reader takes them: see _char_pens)
_RECT_ADDRESS: Final = ctypes.addressof(_RECT)
_LOOSE_BOX_ADDRESS: Final = _address(pdfium_c.FPDFText_GetLooseCharBox)
_RECT_OUT: Final = ctypes.byref(_RECT)


def _spaces(page: _Page) -> str:
    """How the page's Arabic word spaces come to pdfium's text, told by its first space that
    no ZWNJ's glyph could be, or by most of a few spread over its text where those are glyphs
    and pdfium made the first up between two objects (see arabic.plain_spaces_sampled: a
    masthead in a font whose spaces Chromium does not draw, over a body whose spaces it
    draws): "drawn" as glyphs (LibreOffice, Word, reportlab; a page
    with no such space counts so), made up by pdfium "within" a text object (XeTeX: no
    width), or "between" glyphs drawn one object each (Chromium: no object, where pdfium
    may miss a space). A page whose runs pdfium gives in visual order unmarked (LuaTeX: see
    _visual_runs) has them "placed" already: read from where its glyphs stand (drawn_order.as_drawn),
    as pdfium misses most of them and puts its own in places of its own."""
    if page.visual_runs == "unmarked":
        return "placed"
    at = plain_space(page.text)
    first = "drawn" if at is None else _spaced_how(page, _pdfium_index(page, at))
    if first != "between":
        return first  # (most pages)
    # (the samples open with the first plain space, judged above)
    kinds = [first, *(_spaced_how(page, _pdfium_index(page, at)) for at in plain_spaces_sampled(page.text)[1:])]
    if 2 * kinds.count("drawn") <= len(kinds):
        return first
    page.mixed_spaces = True
    return "drawn"


def _spaced_how(page: _Page, index: int) -> str:
    """How the space that is pdfium's character `index` comes to pdfium's text (see _spaces)."""
    _GET_CHAR_BOX(page.handle, index, *_SPAN_OUT)
    if _SPAN[1] > _SPAN[0]:
        return "drawn"
    return "within" if _GET_TEXT_OBJECT(page.textpage, index) else "between"


def _scale(handle: Any, index: int) -> float:
    """How much the character's matrix scales its font size on the page (Chromium draws
    12 pt type as a 16-unit font at 0.75). Read once a page: one matrix serves its text."""
    _GET_MATRIX(handle, index, _MATRIX_OUT)
    return abs(_MATRIX.a * _MATRIX.d - _MATRIX.b * _MATRIX.c) ** 0.5 or 1.0


def _char_pens(handle: Any, address: int, chars: Sequence[int], positions: list[int]) -> list[tuple[float, float]]:
    """(origin, end of advance) along the baseline of the characters at `positions` of a
    line whose characters are pdfium's characters `chars` (`handle` and `address`: the text
    page's, see _Page). Few are asked for (see repair_line): plain calls, or one call of the
    compiled box reader, into the same out-parameters."""
    if _BOX_READS is not None:
        return cast("list[tuple[float, float]]", _BOX_READS.char_pens(
            _CHAR_ORIGIN_ADDRESS, address, _LOOSE_BOX_ADDRESS, _ORIGIN_ADDRESS, _RECT_ADDRESS, positions, chars))
    pens = []
    for position in positions:
        _GET_CHAR_ORIGIN(handle, chars[position], *_ORIGIN_XY)
        _GET_LOOSE_BOX(handle, chars[position], _RECT_OUT)  # the glyph's advance, or its ink where wider
        pens.append((_ORIGIN[0], _RECT.right))
    return pens


def _char_origins(handle: Any, chars: Sequence[int], positions: list[int], address: int = 0) -> list[float]:
    """Where the glyphs of the characters at `positions` of a line whose characters are
    pdfium's characters `chars` start along the baseline (one call each: the hot loop of
    the ZWNJ repair's second look, so ctypes gets bare ints and reused out-parameters; one call
    of the compiled box reader for a line whose characters are not a range of the page's, where
    it is there and `address` is the text page's)."""
    if address and _BOX_READS is not None and type(chars) is not range:
        return cast("list[float]", _BOX_READS.char_origins(_CHAR_ORIGIN_ADDRESS, address, _ORIGIN_ADDRESS, 0,
                                                          positions, chars))
    origins = []
    x, y = _ORIGIN_XY
    if type(chars) is range and _NATIVE is not None:
        # (every index is one of the page's, so pdfium writes each origin: the same as below)
        buffer = _buffer(len(positions))
        offset = buffer.set_indices(chars, positions)
        _NATIVE.char_origins(_CHAR_ORIGIN_FUNCTION, handle, buffer.indices, offset, len(positions), buffer.values)
        return buffer.doubles(len(positions))
    if type(chars) is range:  # most lines (see _char_boxes)
        first = chars.start
        for position in positions:
            _GET_CHAR_ORIGIN(handle, first + position, x, y)
            origins.append(_ORIGIN[0])
    else:
        for position in positions:
            _GET_CHAR_ORIGIN(handle, chars[position], x, y)
            origins.append(_ORIGIN[0])
    return origins


def _drawn_separators(page: _Page, chars: Sequence[int], text: str,
                      pairs: list[tuple[int, int]], forms: bool = True) -> list[str | None]:
    """What the page draws between the two letters of each pair of positions (letter, next
    letter) of a line `text` whose characters are pdfium's characters `chars`, that pdfium's
    text leaves out: a ZWNJ, a space (" ") or nothing it tells of (None).

    LibreOffice and Chromium draw a ZWNJ as a glyph object of its own (the font's zero-width
    space glyph), marked with the text it stands for (/Span /ActualText U+200C), and Chromium
    a word space as an object of its own too; pdfium's text leaves both out. They draw a
    line's objects from left to right: such an object stands right before the object of the
    letter before it, after that of the letter after it. Where the two letters share one
    object (a run of glyphs: LibreOffice), nothing stands between them; elsewhere the page's
    objects are looked through, once a page and only as far as needed (a title's are among
    the first), for the index of the first letter's object, and the one before it read where
    the one before that is the second letter's. And a letter drawn in a form that
    joins no next one (see _final_forms) has a ZWNJ after it (not looked at without `forms`:
    a word's last letter is in that form too)."""
    found: list[str | None] = [None] * len(pairs)  # (most: the two letters share one object)
    addresses = _object_addresses(page, [chars[q] for pair in pairs for q in pair])
    firsts = addresses[0::2]
    for k, ((a, _), first, second) in enumerate(zip(pairs, firsts, addresses[1::2])):
        if not first or not second or first == second:
            continue
        at = _object_index(page, first)
        if at is not None and at >= 2 and _object_address(page, at - 1) != second \
                and _object_address(page, at - 2) == second:  # else nothing between them, or more
            # than one object
            separator = _left_out(page, at - 1)
            if separator == " " and page.by_matrix and _moves_no_pen(page, at - 1, chars[a]):
                separator = "\u200c"
            found[k] = separator
    if forms and page.forms is not False:
        objects = {a: first or None for (a, _), first in zip(pairs, firsts)}
        final = _final_forms(page, chars, text, [a for (a, _), drawn in zip(pairs, found) if drawn is None], objects)
        found = ["\u200c" if a in final else drawn for (a, _), drawn in zip(pairs, found)]
    return found


# Each letter's presentation forms (isolated, final, initial, medial; 0 where it has none).
_FORM_TAGS: Final = ("<isolated>", "<final>", "<initial>", "<medial>")
_FORMS: dict[str, tuple[int, ...]] = {}
for _code in (*range(0xFB50, 0xFE00), *range(0xFE70, 0xFF00)):
    _tag, *_base = unicodedata.decomposition(chr(_code)).split() or ("",)
    if _tag in _FORM_TAGS and len(_base) == 1:
        _forms = list(_FORMS.get(chr(int(_base[0], 16)), (0, 0, 0, 0)))
        _forms[_FORM_TAGS.index(_tag)] = _forms[_FORM_TAGS.index(_tag)] or _code
        _FORMS[chr(int(_base[0], 16))] = tuple(_forms)
# How far a glyph's advance may be from a form's width and still be that form's (ems).
FORM_WIDTH_EM: Final = 0.002
# Each letter's forms as the compiled read of their widths takes them (see _form_widths), and where it
# writes the widths.
_FORM_CODES: Final = {letter: (ctypes.c_uint * 4)(*forms) for letter, forms in _FORMS.items()}
_FORM_WIDTHS: Final = (ctypes.c_float * 4)()
_FORM_WIDTHS_VIEW: Final = memoryview(_FORM_WIDTHS).cast("B").cast("f")
_GLYPH_WIDTH_FUNCTION: Final = ctypes.c_void_p(_address(pdfium_c.FPDFFont_GetGlyphWidth))
# (the same as the compiled box reader takes them: addresses)
_GLYPH_WIDTH_ADDRESS: Final = _address(pdfium_c.FPDFFont_GetGlyphWidth)
_FORM_CODE_ADDRESSES: Final = {letter: ctypes.addressof(codes) for letter, codes in _FORM_CODES.items()}
_FORM_WIDTHS_ADDRESS: Final = ctypes.addressof(_FORM_WIDTHS)


def _final_forms(page: _Page, chars: Sequence[int], text: str, places: list[int],
                 objects: dict[int, int | None]) -> set[int]:
    """The `places` of the line `text` (whose characters are pdfium's characters `chars`,
    drawn in the text objects at `objects`' addresses) where the letter is drawn in its final
    or isolated form (no joining stroke to the next letter), told by its advance against its
    font's widths of the letter's forms.

    Where a PDF's fonts map their glyphs to the presentation forms (writers that shape the
    text into them themselves: reportlab), pdfium's text gives the base letter, but the font
    still tells each form's width: the pen moved on from the letter by its final or isolated
    form's width, and by no initial or medial form's, where a ZWNJ stands after it (Noto Sans
    Arabic's final shin, 1.44 em, against 0.8 em joined). The advance is read from the letter
    before it (a letter, drawn just before it). The page's first look at a font that maps
    none of a letter's forms (LibreOffice, Chromium: the letter itself) says the page's fonts
    map no forms (page.forms), and no more is looked at: each look makes pdfium search the
    font's character map."""
    found: set[int] = set()
    origins: dict[int, float] = {}
    x, y = _ORIGIN_XY
    for at in places:
        forms = _FORMS.get(text[at])
        first = chars[at]
        if forms is None or at == 0 or text[at - 1] not in ARABIC_LETTERS or chars[at - 1] != first - 1:
            continue
        font = page.fonts.get(objects[at] or 0)
        if font is None:
            font = page.fonts[objects[at] or 0] = _text_font(page, first)
        widths = page.form_widths.get((_font_key(font), text[at])) or _form_widths(page, font, text[at])
        if page.forms is None:
            page.forms = any(widths)
            if not page.forms:
                return found
        if not any(widths):
            continue
        for index in (first - 1, first):
            if index not in origins:
                if _BOX_READS is None:
                    _GET_CHAR_ORIGIN(page.handle, index, x, y)
                    origins[index] = _ORIGIN[0]
                else:  # (the same call, into the same out-parameters: see box_reads.c)
                    origins[index] = _BOX_READS.char_origins(_CHAR_ORIGIN_ADDRESS, page.address, _ORIGIN_ADDRESS, index,
                                                             _ONE_POSITION, None)[0]
        em = _font_size(page, first) * page.scale
        advance = (origins[first - 1] - origins[first]) / em if em else 0.0
        isolated, final, initial, medial = (abs(advance - width) <= FORM_WIDTH_EM if width else False
                                            for width in widths)
        if (isolated or final) and not (initial or medial):
            found.add(at)
    return found


NO_FORMS_PAIRS: Final = 12
_LAM_ALEFS: Final = frozenset("ل" + alef for alef in "اأإآ")


def _joined_bare(page: _Page) -> frozenset[str] | None:
    """The letters that the page joins to the next one with their ink starting inside their
    advance (see arabic.BARE_ALONE_EM), where all but one of the first BARE_SAMPLE letters of its
    text that join the next one (inside a word, between letters with forms; sixteen at least)
    start it at their origin, as most fonts draw the joining stroke; None where more do not.
    A letter a ZWNJ's gap sets apart from the next one is no sample (pdfium's text leaves that
    ZWNJ out), nor a lam before an alef (one ligature). DejaVu Sans Mono starts its joined
    letters up to 0.012 em inside their advance, a real-world XeTeX page's Arabic font its
    medial yeh with hamza. Two boxes and one origin read each, once a page, and only where a
    line asks (see arabic._hidden_among): few do."""
    if not page.joined_bare_read:
        page.joined_bare, page.joined_bare_read = _bare_sample(page), True
    return page.joined_bare


def _bare_sample(page: _Page) -> frozenset[str] | None:
    """_joined_bare, read."""
    all_chars = range(len(page.text)) if page.chars is None else page.chars
    x, y = _ORIGIN_XY
    bare: list[str] = []
    looked = 0
    for match in JOINED_INSIDE.finditer(page.text):
        at = match.start()
        if at + 1 >= len(all_chars) or looked >= BARE_SAMPLE:
            break
        index, after = all_chars[at], all_chars[at + 1]
        em = _font_size(page, index) * page.scale if index >= 0 and after >= 0 else 0.0
        if em <= 1.0 or page.text[at:at + 2] in _LAM_ALEFS:  # (a character pdfium made up: size 1)
            continue
        box = _charbox(page.textpage, index)
        if box[0] - _charbox(page.textpage, after)[2] >= ZWNJ_GAP_EM * em:
            continue
        _GET_CHAR_ORIGIN(page.handle, index, x, y)
        if box[0] - _ORIGIN[0] >= BARE_EDGE_EM * em:
            bare.append(page.text[at])
        looked += 1
    return frozenset(bare) if looked >= BARE_SAMPLE // 2 and len(bare) <= 1 else None



def _joins_letters_with_no_forms(page: _Page) -> bool:
    """Does the page join Pashto's letters with no presentation forms (ټ ځ څ ښ ګ ڼ, ډ ړ ږ ۍ)
    to the letters beside them, as a shaping engine joins every letter? A page whose fonts
    map presentation forms may have been shaped by an engine all the same (Chromium keeps
    the forms in its fonts' maps), or by its writer into the forms (reportlab), which has
    none for these letters and draws them apart. Their boxes tell: the median gap of the
    first NO_FORMS_PAIRS such pairs of its text (a letter and the next one) in the body's type,
    0.075 em in reportlab's Pashto, -0.02 em in Chromium's and LibreOffice's; no more than
    ZWNJ_GAP_EM says they join (see arabic._ZWNJ_AFTER_SHAPED). A title's pairs tell nothing:
    reportlab's slanted title draws its letters into each other (a probe page's "ښوونځي" at
    -0.18 em) and swayed a page of unjoined body letters; where the body has too few pairs,
    all count."""
    all_chars = range(len(page.text)) if page.chars is None else page.chars
    gaps: list[float] = []
    others: list[float] = []  # the pairs in other type
    for match in NO_FORMS_PAIR.finditer(page.text):
        at = match.start()
        if at + 1 >= len(all_chars) or len(gaps) >= NO_FORMS_PAIRS:
            break
        first, second = all_chars[at], all_chars[at + 1]
        size = _font_size(page, first)
        em = size * page.scale
        if first < 0 or second < 0 or not em:
            continue
        if _rounded(page, size) != page.body_size:
            if len(others) < NO_FORMS_PAIRS:
                a, b = _page_charbox(page, first), _page_charbox(page, second)
                others.append(max(a[0] - b[2], b[0] - a[2]) / em)
            continue
        a, b = _page_charbox(page, first), _page_charbox(page, second)
        gaps.append(max(a[0] - b[2], b[0] - a[2]) / em)
    if len(gaps) < NO_FORMS_PAIRS // 2:
        gaps = (gaps + others)[:NO_FORMS_PAIRS]
    return bool(gaps) and sorted(gaps)[len(gaps) // 2] <= ZWNJ_GAP_EM


def _maps_forms(page: _Page, text: str, chars: Sequence[int]) -> bool | None:
    """Whether the font of the first letter of `text` (the page's first Arabic-script line,
    whose characters are pdfium's characters `chars`) maps glyphs to the letter's
    presentation forms (see _final_forms), or None where the letter has none."""
    for at, letter in enumerate(text):
        if letter in _FORMS:
            return any(_form_widths(page, _text_font(page, chars[at]), letter))
        if letter in ARABIC_LETTERS:
            return None
    return None


# A character no font's map gives a glyph (private use): where pdfium finds none for a
# character, it may give the width of the font's default glyph (Chromium's fonts), which
# tells no form.
_UNMAPPED: Final = 0xE8FF
_UNMAPPED_CODE: Final = (ctypes.c_uint * 1)(_UNMAPPED)
_UNMAPPED_CODE_ADDRESS: Final = ctypes.addressof(_UNMAPPED_CODE)


def _form_widths(page: _Page, font: Any, letter: str) -> tuple[float, ...]:
    """The widths (ems) of the glyphs `font` maps the letter's presentation forms to
    (isolated, final, initial, medial; 0.0 where it maps none), kept for the page. Read in one
    compiled call where there is the helper: four calls through ctypes, and the Python around
    them, were most of _final_forms' cost (a page's fonts times the letters of its lines' ZWNJ
    places)."""
    widths: tuple[float, ...]
    if _BOX_READS is not None:  # (font: an address, see _text_font)
        _BOX_READS.glyph_widths(_GLYPH_WIDTH_ADDRESS, font, _FORM_CODE_ADDRESSES[letter], 4, _FORM_WIDTHS_ADDRESS)
        widths = tuple(cast("list[float]", _FORM_WIDTHS_VIEW.tolist()))  # (typeshed: a memoryview holds ints)
    elif _NATIVE is not None:
        _NATIVE.glyph_widths(_GLYPH_WIDTH_FUNCTION, font, _FORM_CODES[letter], 4, _FORM_WIDTHS)
        widths = tuple(cast("list[float]", _FORM_WIDTHS_VIEW.tolist()))  # (typeshed: a memoryview holds ints)
    else:
        widths = tuple(_glyph_width(font, code) if code else 0.0 for code in _FORMS[letter])
    if any(widths):  # (most fonts map no form: no more searches of their maps)
        unmapped = _unmapped_width(page, font)
        widths = tuple(0.0 if width == unmapped else width for width in widths)
    page.form_widths[(_font_key(font), letter)] = widths
    return widths


def _unmapped_width(page: _Page, font: Any) -> float:
    """The width pdfium gives for a character `font`'s map gives no glyph (see _UNMAPPED),
    kept for the page."""
    key = (_font_key(font), "")
    if key not in page.form_widths:
        if _BOX_READS is not None:  # (font: an address, see _text_font)
            _BOX_READS.glyph_widths(_GLYPH_WIDTH_ADDRESS, font, _UNMAPPED_CODE_ADDRESS, 1, _FORM_WIDTHS_ADDRESS)
            page.form_widths[key] = (float(_FORM_WIDTHS[0]),)
        else:
            page.form_widths[key] = (_glyph_width(font, _UNMAPPED),)
    return page.form_widths[key][0]


def _text_font(page: _Page, index: int) -> Any:
    """The font of the text object that draws pdfium's character `index`: its address (0: none),
    read by the compiled box reader where it is there, or pdfium's handle (see _font_key)."""
    if _BOX_READS is not None:
        return _BOX_READS.text_font(_GET_TEXT_OBJECT_ADDRESS, page.address, _GET_TEXT_FONT_ADDRESS, index)
    return _GET_TEXT_FONT(_GET_TEXT_OBJECT(page.handle, index))


def _font_key(font: Any) -> int:
    """The address of a font as _text_font gives it (0: none)."""
    return font if type(font) is int else font.value or 0


def _glyph_width(font: Any, code: int) -> float:
    """The width (ems) of the font's glyph that its character map gives the character `code`
    (0.0 where it gives it none)."""
    _WIDTH.value = 0.0
    return _WIDTH.value if _GLYPH_WIDTH(font, code, _UNIT_SIZE, _WIDTH_OUT) else 0.0


def _text_objects(page: _Page, chars: Sequence[int], positions: list[int]) -> list[int | None]:
    """The text object that draws the character at each of `positions` of a line whose
    characters are pdfium's characters `chars` (an address to compare; None for a character
    pdfium made up). See arabic._drawn_runs; read as _drawn_together reads them (_objects_at)."""
    objects = _objects_at(page, chars, {p for p in positions if chars[p] >= 0})
    return [objects.get(p) for p in positions]


def _drawn_together(page: _Page, chars: Sequence[int], pairs: list[tuple[int, int]]) -> list[bool]:
    """For each pair of positions (letter, next letter) of a line whose characters are pdfium's
    characters `chars`: does the page draw the two letters with no ZWNJ between them? A page
    that draws every glyph as an object of its own draws a ZWNJ as one too (Chromium, see
    _drawn_separators): two letters drawn by objects that follow each other have none between
    them. LibreOffice draws a run of glyphs as one object and a ZWNJ as an object of its own,
    which ends the run: two letters of one object have none between them, on a page whose
    fonts map glyphs to letters (page.forms False: a writer that shapes the text into
    presentation forms itself, reportlab, draws a line as one object and no ZWNJ)."""
    handle, found = page.handle, []
    for a, b in pairs:
        first, second = _TEXT_OBJECT_ADDRESS(handle, chars[a]), _TEXT_OBJECT_ADDRESS(handle, chars[b])
        if first is not None and first == second:
            found.append(page.forms is False)
            continue
        at = None if first is None or second is None else _object_index(page, first)
        found.append(at is not None and at >= 1 and _OBJECT_ADDRESS(page.page_handle, at - 1) == second)
    return found


def _objectless(page: _Page, chars: Sequence[int], positions: list[int]) -> set[int]:
    """The `positions` of a line (whose characters are pdfium's `chars`, none of them -1 there)
    whose character is of no text object (a space pdfium made up), in one compiled call
    (glyph_boxes.c's newsmon_objectless) where there is the helper."""
    if _NATIVE is None:
        return {p for p in positions if _TEXT_OBJECT_ADDRESS(page.handle, chars[p]) is None}
    if not positions:
        return set()
    buffer = _buffer(len(positions))
    buffer.set_ints([chars[p] for p in positions])
    found = _NATIVE.objectless(_TEXT_OBJECT_FUNCTION, page.handle, buffer.indices, len(positions), buffer.found)
    return {positions[k] for k in buffer.found_ints(found)} if found else set()


def _made_up_on_page(page: _Page) -> frozenset[int]:
    """pdfium's characters of the page of no text object (the spaces and line ends it made up), read
    once a page in one compiled call (glyph_boxes.c's newsmon_page_objectless) where a line first
    asks: a line that holds none has no space made up inside a word (_objectless of its spaces
    finds none), which most lines tell by a set's look at each character, where reading their
    spaces' objects cost a few microseconds a line."""
    if page.made_up is None:
        assert _NATIVE is not None
        count = _COUNT_CHARS(page.handle)
        buffer = _buffer(count)
        found = _NATIVE.page_objectless(_TEXT_OBJECT_FUNCTION, page.handle, count, buffer.found, buffer.indices,
                                        _ALONE_COUNT)
        page.made_up_order = buffer.found_ints(found) if found else []
        page.made_up = frozenset(page.made_up_order)
        alone = _ALONE_COUNT[0]
        page.alone_order = memoryview(buffer.indices).cast("B").cast("i")[:alone].tolist() if alone else []
        page.alone = frozenset(page.alone_order)
    return page.made_up


_ALONE_COUNT: Final = (ctypes.c_int * 1)()  # (see _made_up_on_page)


def _holds_made_up(page: _Page, chars: Sequence[int]) -> bool:
    """Does a line of the page, whose characters are pdfium's `chars`, hold one of no text object
    (see _made_up_on_page)? A line of pdfium's characters in order (a range, most lines) is told
    by a bisection of the page's, where a look at each of its characters cost more."""
    made_up = _made_up_on_page(page)
    return _holds(page.made_up_order, made_up, chars)


def _holds(order: list[int], members: frozenset[int], chars: Sequence[int]) -> bool:
    """Is one of pdfium's characters `chars` (a line's) among `members` (in `order`, ascending)?"""
    if type(chars) is range and chars.step == 1:
        at = bisect.bisect_left(order, chars.start)
        return at < len(order) and order[at] < chars.stop
    return not members.isdisjoint(chars)


def _objects_at(page: _Page, chars: Sequence[int], positions: set[int]) -> dict[int, int | None]:
    """The address of the text object of each of the `positions` of a line whose characters are
    pdfium's characters `chars` (None: none; see _object_addresses)."""
    ordered = list(positions)
    return {q: address or None for q, address in zip(ordered, _object_addresses(page, [chars[q] for q in ordered]))}


def _object_addresses(page: _Page, indices: list[int]) -> list[int]:
    """The address of the text object of each of pdfium's characters `indices` (0: none), in one
    compiled call where there is the helper (repeats read again: cheaper than a set and a dict)."""
    if _NATIVE is None and _BOX_READS is None:
        return [_TEXT_OBJECT_ADDRESS(page.handle, index) or 0 for index in indices]
    buffer = _buffer(len(indices))
    buffer.set_ints(indices)
    if _BOX_READS is not None:  # (the same loop: see box_reads.c)
        _BOX_READS.text_objects(_GET_TEXT_OBJECT_ADDRESS, page.address, buffer.indices_address, len(indices),
                                buffer.values_address)
    elif _NATIVE is not None:
        _NATIVE.text_objects(_TEXT_OBJECT_FUNCTION, page.handle, buffer.indices, len(indices), buffer.values)
    return buffer.addresses(len(indices))


def _object_address(page: _Page, index: int) -> int | None:
    """The address of the page's object at `index` (None or 0: none), in a call of the compiled box
    reader where it is there."""
    if _BOX_READS is not None:
        return cast(int, _BOX_READS.object_at(_GET_OBJECT_ADDRESS, page.page_address, index))
    return cast("int | None", _OBJECT_ADDRESS(page.page_handle, index))


def _left_out(page: _Page, index: int) -> str | None:
    """What the page's object at `index` draws that pdfium's text leaves out: a ZWNJ (marked
    /ActualText U+200C), a space (a text object with no text in pdfium's, unmarked) or None."""
    obj = _GET_OBJECT(page.page_handle, index)
    if _GET_TYPE(obj) != pdfium_c.FPDF_PAGEOBJ_TEXT:
        return None
    for number in range(_COUNT_MARKS(obj)):
        # (a longer text than the buffer holds is not written to it: no ZWNJ either)
        if _MARK_STRING(_GET_MARK(obj, number), b"ActualText", _MARK_TEXT, _MARK_TEXT_SIZE, _MARK_TEXT_LEN_OUT):
            if _MARK_TEXT_LEN.value <= len(_MARK_TEXT) \
                    and _actual_text(bytes(_MARK_TEXT)[:max(0, _MARK_TEXT_LEN.value - 2)]) == "\u200c":
                return "\u200c"
            return None  # marked as some other text
    return " " if _OBJECT_TEXT(obj, page.handle, None, _NO_ROOM) <= 2 else None  # (2 bytes: the NUL alone)


def _moves_no_pen(page: _Page, index: int, before: int) -> bool:
    """Whether the page's inkless object at `index` (see _left_out) moves the pen by nothing: it
    stands where the letter before it (pdfium's character `before`, drawn right of it) starts.
    XeTeX draws a ZWNJ as its font's space glyph with no advance, and cairo prints it again as an
    object of its own, which pdfium leaves out of its text ("پرسش" [ ] "های"); a word space's
    object stands its width left of that letter. Asked on a page printed again so (sized by its
    matrix, see _sized_by_matrix) only: Chromium draws each word space of its own pages as such an
    object, and the two reads for each would cost every title of it."""
    if not _GET_BOUNDS(_GET_OBJECT(page.page_handle, index), *_BOUNDS_OUT) or _BOUNDS[2] - _BOUNDS[0] > _NO_WIDTH:
        return False
    _GET_CHAR_ORIGIN(page.handle, before, *_ORIGIN_XY)
    return abs(_ORIGIN[0] - _BOUNDS[0]) < _NO_ADVANCE_EMS * _font_size(page, before)


# How far (ems) an inkless object may stand from the origin of the letter before it (drawn right of it) and
# still move the pen by nothing (see _moves_no_pen: cairo rounds positions; a word space is 0.2 em or more).
_NO_ADVANCE_EMS: Final = 0.05


def _object_index(page: _Page, address: int) -> int | None:
    """The index among the page's objects of the object at `address`, looking through the
    page's objects from where the last search stopped (None: not a top-level object)."""
    found = page.objects.get(address)
    if found is not None:
        return found
    if page.object_count < 0:
        page.object_count = _COUNT_OBJECTS(page.page_handle)
    objects, at = page.objects, len(page.objects)
    if _NATIVE is not None:  # (the addresses of the next _OBJECT_CHUNK objects at a time, in one compiled
        # call: a ctypes call and a dict item for each object of a page of thousands cost more than
        # the objects the last chunk reads past the one looked for; from _scanned_page's look where it
        # kept this page's, all of them: pdfium checks the page at each object it gives)
        scanned = page.scanned_objects
        while at < page.object_count:
            count = min(_OBJECT_CHUNK, page.object_count - at)
            if scanned is not None and at + count <= len(scanned):
                addresses = scanned[at:at + count].tolist()
            else:
                buffer = _buffer(count)
                _ints(count).pack_into(buffer.indices, 0, *range(at, at + count))
                _NATIVE.text_objects(_GET_OBJECT_FUNCTION, page.page_handle, buffer.indices, count, buffer.values)
                addresses = buffer.addresses(count)
            objects.update(zip(addresses, range(at, at + count)))
            at += count
            found = objects.get(address)
            if found is not None:
                return found
        return None
    while at < page.object_count:
        here = _OBJECT_ADDRESS(page.page_handle, at)
        objects[here] = at
        at += 1
        if here == address:
            return at - 1
    return None


_OBJECT_CHUNK: Final = 64  # how many of a page's objects _object_index reads at a time (compiled)


def _actual_text(data: bytes) -> str:
    """A marked-content string as pdfium gives it (UTF-16LE). pdfium drops the byte-order
    mark of a UTF-16 string and gives each remaining byte as a unit of its own (<FEFF200C>
    comes as U+0020 U+000C): such units are put back together."""
    text = data.decode("utf-16-le", "replace")
    if text and len(text) % 2 == 0 and all(ord(ch) < 256 for ch in text):
        return text.encode("latin-1").decode("utf-16-be", "replace")
    return text


def _cover_hidden(textpage: Any, indices: list[int], boxes: list[Box], hidden: dict[int, int]) -> None:
    """Widen each character's box over the glyphs drawn right after it that have no
    Unicode (a letter the font lacks): the pen passed over them, so the gap they fill
    is no ZWNJ ("سړکونه" in a font without ړ must not read "س‌کونه")."""
    for k, index in enumerate(indices):
        for glyph in range(index + 1, hidden.get(index, 0)):
            pdfium_c.FPDFText_GetLooseCharBox(textpage, glyph, _RECT)  # the glyph's advance
            left, bottom, right, top = boxes[k]
            boxes[k] = (min(left, _RECT.left), bottom, max(right, _RECT.right), top)


def _page_charbox(page: _Page, index: int) -> tuple[float, float, float, float]:
    """_charbox of a character of the page, in one call of the compiled box reader where it is
    there (a line with no text rect: a third of a corpus pass's lines)."""
    if _BOX_READS is None:
        return _charbox(page.textpage, index)
    box: tuple[float, float, float, float] | None = _BOX_READS.char_box(_CHAR_BOX_ADDRESS, page.address, index)
    if box is None:
        raise pdfium.PdfiumError("Failed to get charbox.")
    return box


def _charbox(textpage: Any, index: int) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) of a character's glyph box, as pypdfium2's
    PdfTextPage.get_charbox gives it (for a line with no text rect: rare). Read bare (see _bare)
    into a buffer of its own (_SPAN may hold a line's lead meanwhile: see _line_facts): four
    c_doubles made and converted for each call cost two thirds of it (an ASCII line of a
    right-to-left page asks once, see _line; a page's first Arabic-script line, a pair at a time)."""
    if not _CHAR_BOX_FOUND(textpage, index, *_CHARBOX_OUT):
        raise pdfium.PdfiumError("Failed to get charbox.")
    return _BOX_DOUBLES.unpack_from(_CHARBOX)


def _text_box(handle: Any, start: int, end: int, count: int | None = None) -> tuple[float, float, float, float] | None:
    """(left, bottom, right, top) around pdfium's text rects of the characters from `start`
    to `end` (the rects leave out generated spaces), or None when there is none. `count`:
    how many, where pdfium counted (made) them for these characters last."""
    buffer = _box_buffer
    if _NATIVE is not None:  # the same calls, from C (native.py)
        count = _NATIVE.text_rects(_COUNT_RECTS_FUNCTION, _GET_RECT_FUNCTION, handle, start, end - start,
                                   -1 if count is None else count, buffer.values, len(buffer.slots))
        if count > len(buffer.slots):
            buffer = _buffer(count)
            _NATIVE.text_rects(_COUNT_RECTS_FUNCTION, _GET_RECT_FUNCTION, handle, start, end - start, count,
                               buffer.values, len(buffer.slots))
    else:
        count = _COUNT_RECTS(handle, start, end - start) if count is None else count
        buffer = _buffer(count)
        for index, (left, top, right, bottom) in zip(range(max(count, 0)), buffer.slots):  # (a rect's index each)
            _GET_RECT(handle, index, left, top, right, bottom)  # pdfium's order: l, t, r, b
    return _rects_box(buffer, count)


def _rects_box(buffer: _BoxBuffer, count: int) -> tuple[float, float, float, float] | None:
    """(left, bottom, right, top) around the `count` text rects in `buffer` (pdfium's order: l,
    t, r, b), or None where there is none."""
    if count <= 0:
        return None
    if count == 1:  # most lines: one text object
        one = buffer.values
        return one[0], one[3], one[2], one[1]
    values = buffer.read(count)
    return min(values[0::4]), min(values[3::4]), max(values[2::4]), max(values[1::4])


# A line's facts (see _line_facts): whether its font is bold, italic, bold only by its weight;
# its baseline; how many text rects pdfium makes of it and the box around them (None: not read,
# for a line of several pieces); whether those rects interleave (see _objects_interleave).
LineFacts = tuple[bool, bool, bool, float, int | None, tuple[float, float, float, float] | None, bool]


def _line_facts(handle: Any, mid: int, at_space: bool | None, start: int, end: int, single: bool,
                lead: int, address: int = 0) -> LineFacts:
    """What _line reads of every line, in its order: the baseline at pdfium's character `mid`
    (0.0 where pdfium gives none), its font's style (see _font_style; `at_space` there), the
    text box of the characters from `start` to `end` where the line is a `single` span (see
    _text_box), and the glyph box of character `lead` into _SPAN where lead >= 0 (see _lead);
    whether that span's rects interleave (_objects_interleave: told by the compiled call where it
    read them, so a line of several text objects costs no sum in Python).

    Five to seven calls into pdfium a line, each through ctypes, cost more than their work:
    the compiled helper (native.py) makes them in one call, into the same buffers (the font's
    name stays in _FONT_NAME). The rects are read before the line's repairs, which read none
    and make pdfium count none (pdfium counts them anew for each range anyway). `address`: the
    text page's (_Page.address), which the compiled box reader takes where it is there."""
    if _NATIVE is not None:
        buffer = _box_buffer
        if buffer is not _LINE_RECTS_BUFFER[0]:  # (a buffer made since the last line)
            _line_rects_into(buffer)
        space = -1 if at_space is None else int(at_space)
        if _BOX_READS is not None:  # (its ints as arguments: see box_reads.c)
            found = _BOX_READS.line_facts(_LINE_CONTEXT_ADDRESS, address, mid, space, start,
                                          end - start if single else -1, lead)
        else:
            _LINE_INTS.pack_into(_LINE_ARGS, 0, mid, space, start, end - start if single else -1,
                                 lead)  # (struct: a ctypes slice converts each)
            found = _NATIVE.line_facts(_LINE_CONTEXT, handle)  # (the line's ints in _LINE_ARGS: see
            # newsmon_line_facts_at)
        count = found >> 4
        if not single:
            return found & 1 != 0, found & 2 != 0, found & 4 != 0, _ORIGIN[1], None, None, False
        if count == 1:  # most lines: one text object (its rect as _rects_box reads it)
            left, top, right, bottom = _RECT_DOUBLES.unpack_from(buffer.values)  # (one call, not four items)
            return found & 1 != 0, found & 2 != 0, found & 4 != 0, _ORIGIN[1], 1, (left, bottom, right, top), False
        if count > len(buffer.slots):  # (not read: room is made, and they are read again)
            box = _text_box(handle, start, end, count)
            interleaved = box is not None and _objects_interleave(count, box)
        elif count > 1:  # (the box around them, as _rects_box makes it, and whether they interleave: written
            # by the compiled call)
            box = _RECT_DOUBLES.unpack_from(_LINE_BOX)
            interleaved = found & 8 != 0
        else:
            box, interleaved = None, False
        return found & 1 != 0, found & 2 != 0, found & 4 != 0, _ORIGIN[1], count, box, interleaved
    _ORIGIN[1] = 0.0
    _GET_CHAR_ORIGIN(handle, mid, *_ORIGIN_XY)
    baseline = _ORIGIN[1]
    bold, italic, weighed = _font_style(handle, mid, at_space)
    rects = _COUNT_RECTS(handle, start, end - start) if single else None
    box = _text_box(handle, start, end, rects) if single else None
    interleaved = rects is not None and rects > 1 and box is not None and _objects_interleave(rects, box)
    if lead >= 0:
        _GET_CHAR_BOX(handle, lead, *_SPAN_OUT)
    return bold, italic, weighed, baseline, rects, box, interleaved


def _font_style(handle: Any, index: int, at_space: bool | None) -> tuple[bool, bool, bool]:
    """(bold, italic) of the character's font, from its name, weight and descriptor flags,
    or a slanted text matrix (a writer that fakes italic, as XeTeX's FakeSlant does), and
    whether only the weight said bold (the name says nothing: see _Faces). `at_space`:
    whether the character is a space, when the caller knows (None: ask pdfium)."""
    _FONT_NAME[0] = b"\0"  # an empty name where pdfium has none
    _FONT_FLAGS[0] = 0
    _GET_FONT_INFO(handle, index, _FONT_NAME_OUT, _FONT_NAME_SIZE, _FONT_FLAGS_OUT)
    # As text: `b"bold" in name` first tries b"bold" as an int, raising and clearing an error.
    name = _FONT_NAME.value.decode("latin-1").lower()
    weighed = False
    if _says_bold(name):
        bold = True
    elif any(word in name for word in _REGULAR_WORDS):
        bold = False  # (see _REGULAR_WORDS)
    else:
        bold = weighed = _GET_FONT_WEIGHT(handle, index) >= 600
    italic = any(word in name for word in _ITALIC_WORDS) or bool(_FONT_FLAGS[0] & _ITALIC_FLAG)
    if not italic:
        if at_space if at_space is not None else _GET_UNICODE(handle, index) == 0x20:
            index += 1  # a space: its matrix may be a generated one
        _GET_MATRIX(handle, index, _MATRIX_OUT)
        italic = abs(_MATRIX.c) > 0.1 * abs(_MATRIX.d or 1.0) and abs(_MATRIX.b) < 0.01
    return bold, italic, weighed

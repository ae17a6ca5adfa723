"""The compiled glyph-box loop (parse/glyph_boxes.c, parse/native.py) reads what pdfium gives.

`make install` compiles it; the parser falls back to ctypes calls without it. Both paths must give
the same boxes and origins, and the same boxes as pypdfium2's own PdfTextPage.get_charbox.
"""

from __future__ import annotations

import ctypes
import dataclasses
import functools
import math
import random
from pathlib import Path
from types import SimpleNamespace

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from newsmon.parse import arabic, native, pdf
from newsmon.parse.article import parse_pdf_article
from newsmon.sources import load_profile
from tests.pdfs import COMMITTED

PDFS = Path(__file__).resolve().parents[1] / "data" / "pdfs"
FILES = ["chromium-noto-naskh.pdf", "xetex-zwnj.pdf", "reportlab-forms.pdf", "libreoffice-rtl-phrases.pdf"]


def test_make_install_built_the_compiled_loop():
    assert pdf._NATIVE is not None, f"{native.LIBRARY} missing or older than its source: run `make install`"


@pytest.fixture(params=FILES)
def text_page(request):
    document = pdfium.PdfDocument((PDFS / request.param).read_bytes())
    page = document[0]
    text = page.get_textpage()
    yield text
    text.close()
    page.close()
    document.close()


def _page(text) -> SimpleNamespace:
    return SimpleNamespace(handle=pdf._handle_arg(text.raw), textpage=text.raw, hidden=None)


def test_boxes_equal_pypdfium2s_for_every_character(text_page, monkeypatch):
    count = text_page.count_chars()
    assert count > 50
    expected = [text_page.get_charbox(i) for i in range(count)]
    monkeypatch.setattr(pdf, "_NATIVE", native.load())
    assert pdf._NATIVE is not None
    assert pdf._char_boxes(_page(text_page), range(count), list(range(count))) == expected


def test_both_paths_give_the_same_boxes_and_origins_a_missing_index_a_zero_box(text_page, monkeypatch):
    count = text_page.count_chars()
    chars = [-1, *range(count)]  # a list (not a range), with a character pdfium does not have
    positions = list(range(0, count + 1, 3))
    results = []
    for loop in (native.load(), None):
        monkeypatch.setattr(pdf, "_NATIVE", loop)
        handle = pdf._handle_arg(text_page.raw)
        results.append((pdf._char_boxes(_page(text_page), chars, positions),
                        pdf._char_boxes(_page(text_page), range(count), list(range(count))),
                        pdf._char_origins(handle, range(count), list(range(1, count, 2)))))
    assert results[0] == results[1]
    assert results[0][0][0] == (0.0, 0.0, 0.0, 0.0)
    assert len(set(results[0][2])) > 10  # origins that differ: a real read, not a zeroed buffer


def test_the_compiled_boxes_read_through_each_buffers_context_as_the_python_loop_reads(text_page, monkeypatch):
    """_char_boxes' compiled call takes pdfium's box function, the indices and the out array from
    the buffer's box_context (newsmon_char_boxes_in): the same boxes as the Python loop for no
    position, repeats, positions out of order, a range that starts late, a list with a missing
    character, and a line longer than the buffer (a buffer made anew, read through its own context)."""
    monkeypatch.setattr(pdf, "_box_buffer", pdf._box_buffer)  # (restored: a long line grows it)
    count = text_page.count_chars()
    rng = random.Random(47)  # noqa: S311 - crafted positions, no secret
    cases = [(range(count), []), (range(count), [0]), (range(count), [count - 1, 0, count - 1, 5]),
             (range(5, count), list(range(count - 5))[::-1]), ([-1, *range(count)], [0, 1, count, 0]),
             (range(count), [rng.randrange(count) for _ in range(len(pdf._box_buffer.slots) + 77)]),
             (range(count), [rng.randrange(count) for _ in range(3)])]
    results = []
    for loop in (native.load(), None):
        monkeypatch.setattr(pdf, "_NATIVE", loop)
        results.append([pdf._char_boxes(_page(text_page), chars, positions) for chars, positions in cases])
    assert results[0] == results[1]
    assert len(results[0][5]) == len(cases[5][1]) and results[0][6] != [(0.0, 0.0, 0.0, 0.0)] * 3
    buffer = pdf._box_buffer
    assert len(buffer.slots) > 512
    assert list(buffer.box_context) == [pdf._CHAR_BOX_FUNCTION.value, ctypes.addressof(buffer.indices),
                                        ctypes.addressof(buffer.values)]


def test_both_paths_give_the_same_text_boxes(text_page, monkeypatch):
    count = text_page.count_chars()
    spans = [(start, min(start + width, count)) for width in (1, 7, 40, count) for start in range(0, count, 11)]
    results = []
    for loop in (native.load(), None):
        monkeypatch.setattr(pdf, "_NATIVE", loop)
        monkeypatch.setattr(pdf, "_box_buffer", pdf._BoxBuffer(2))  # a span with more rects makes room
        handle = pdf._handle_arg(text_page.raw)
        results.append([pdf._text_box(handle, start, end) for start, end in spans])
    assert results[0] == results[1]
    assert sum(box is not None for box in results[0]) > len(spans) // 2


def test_both_paths_give_the_same_line_facts_into_the_same_buffers(text_page, monkeypatch):
    count = text_page.count_chars()
    cases = [(mid, at_space, max(0, mid - 12), min(count, mid + 12), single, lead)
             for mid in range(0, count, 5) for at_space in (None, False, True) for single in (True, False)
             for lead in (-1, min(mid + 3, count - 1))]
    results = []
    for loop in (native.load(), None):
        monkeypatch.setattr(pdf, "_NATIVE", loop)
        monkeypatch.setattr(pdf, "_box_buffer", pdf._BoxBuffer(2))  # a line with more rects makes room
        for buffer in (pdf._ORIGIN, pdf._SPAN, pdf._MATRIX):  # each path starts from the same state
            ctypes.memset(ctypes.addressof(buffer), 0, ctypes.sizeof(buffer))
        handle = pdf._handle_arg(text_page.raw)
        results.append([(pdf._line_facts(handle, *case), pdf._FONT_NAME.value, pdf._FONT_FLAGS[0], tuple(pdf._ORIGIN),
                         tuple(pdf._SPAN), bytes(pdf._MATRIX)) for case in cases])
    assert results[0] == results[1]
    assert len({facts[3] for facts, *_ in results[0]}) > 1  # baselines that differ: real reads
    assert any(facts[5] is not None for facts, *_ in results[0])


def _rect_cases() -> list[list[tuple[float, float, float, float]]]:
    """Crafted rects (pdfium's order: left, top, right, bottom) of a line of several text objects:
    ties, -0.0 against 0.0, a NaN first and later, infinities, one rect far out either way."""
    nan, inf = math.nan, math.inf
    cases = [[(10.0, 20.0, 30.0, 5.0), (12.0, 21.0, 28.0, 4.0)],
             [(1.0, 2.0, 3.0, 0.5), (1.0, 2.0, 3.0, 0.5), (1.0, 2.0, 3.0, 0.5)],
             [(0.0, 0.0, 0.0, 0.0), (-0.0, -0.0, -0.0, -0.0)], [(-0.0, -0.0, -0.0, -0.0), (0.0, 0.0, 0.0, 0.0)],
             [(nan, nan, nan, nan), (1.0, 2.0, 3.0, 4.0)],
             [(1.0, 2.0, 3.0, 4.0), (nan, nan, nan, nan), (0.5, 9.0, 9.0, 0.1)],
             [(-inf, inf, inf, -inf), (1.0, 2.0, 3.0, 4.0)],
             [(5.0, 6.0, 7.0, 1.0)] * 7 + [(-300.0, 900.0, 900.0, -300.0)]]
    rng = random.Random(47)  # noqa: S311 - crafted layouts, no secret
    for count in range(2, 9):
        for _ in range(20):
            cases.append([(rng.choice([rng.uniform(-50, 600), 100.0]), rng.uniform(0, 800), rng.uniform(0, 600),
                           rng.choice([rng.uniform(0, 800), 200.0])) for _ in range(count)])
    return cases


def test_the_box_around_a_lines_rects_is_the_one_python_makes_of_them(text_page, monkeypatch):
    """newsmon_line_facts_at writes the box around a line's rects where it has several, and
    _line_facts reads it there: the box _rects_box makes of the same rects (Python's min() and
    max(), each taking a later value only where it is less or greater), for crafted rects that
    pdfium's rect calls are made to give (see _rect_cases), each count up to the buffer's room."""
    monkeypatch.setattr(pdf, "_NATIVE", native.load())
    assert pdf._NATIVE is not None
    monkeypatch.setattr(pdf, "_box_buffer", pdf._BoxBuffer(8))
    rects: list[tuple[float, float, float, float]] = []
    double = ctypes.POINTER(ctypes.c_double)

    @ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_int)
    def count_rects(page, start, length):
        return len(rects)

    @ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int, double, double, double, double)
    def get_rect(page, index, left, top, right, bottom):
        left[0], top[0], right[0], bottom[0] = rects[index]
        return 1

    calls = pdf._LINE_CONTEXT[5], pdf._LINE_CONTEXT[6]  # (a ctypes array: put back by hand)
    pdf._LINE_CONTEXT[5] = ctypes.cast(count_rects, ctypes.c_void_p).value
    pdf._LINE_CONTEXT[6] = ctypes.cast(get_rect, ctypes.c_void_p).value
    try:
        handle = pdf._handle_arg(text_page.raw)
        told = []
        for case in _rect_cases():
            rects[:] = case
            facts = pdf._line_facts(handle, 0, None, 0, 1, True, -1)
            expected = (min(r[0] for r in case), min(r[3] for r in case), max(r[2] for r in case),
                        max(r[1] for r in case))
            assert facts[4] == len(case)
            assert repr(facts[5]) == repr(expected) == repr(pdf._rects_box(pdf._box_buffer, len(case))), case
            assert facts[6] is pdf._objects_interleave(len(case), expected), case  # (the same sums, in C)
            told.append(facts[6])
        assert any(told) and not all(told)
        rects[:] = [(1.0, 2.0, 3.0, 4.0)] * 9  # more than the buffer holds: made room for (pdfium's own rects)
        facts = pdf._line_facts(handle, 0, None, 0, 1, True, -1)
        assert facts[4] == 9
    finally:
        pdf._LINE_CONTEXT[5], pdf._LINE_CONTEXT[6] = calls


def test_line_facts_of_lines_in_fonts_taken_in_turn_are_each_fonts_own(monkeypatch):
    """The compiled line facts keep the last font name's words (bold, regular, italic): lines
    asked in an order that changes font at every line give what the Python path gives."""
    document = pdfium.PdfDocument((PDFS / "libreoffice-dejavu-latin-run-after-ezafe.pdf").read_bytes())
    page = document[0]
    text = page.get_textpage()
    count = text.count_chars()
    handle = pdf._handle_arg(text.raw)
    names = {}
    for mid in range(count):
        pdf._line_facts(handle, mid, None, mid, mid + 1, True, -1)
        names.setdefault(pdf._FONT_NAME.value, mid)
    assert len(names) >= 4  # Noto Serif regular and bold, DejaVu Sans bold and bold oblique
    order = [mid for _ in range(3) for mid in names.values()]  # each line in another font than the last
    results = []
    for loop in (native.load(), None):
        monkeypatch.setattr(pdf, "_NATIVE", loop)
        results.append([(pdf._line_facts(handle, mid, None, mid, mid + 1, True, -1)[:3], pdf._FONT_NAME.value)
                        for mid in order])
    text.close()
    page.close()
    document.close()
    assert results[0] == results[1]
    assert len({facts for facts, _ in results[0]}) >= 3  # regular, bold, bold and oblique


def test_both_paths_read_the_same_text_objects(text_page, monkeypatch):
    """_drawn_separators' text objects of a line's letters: one compiled call (newsmon_text_objects)
    or a ctypes call each, the same addresses (None where pdfium gives a character none)."""
    count = text_page.count_chars()
    page = SimpleNamespace(handle=pdf._handle_arg(text_page.raw))
    positions = set(range(0, count, 3)) | {count}  # (one past the last: no character, no object)
    found = []
    for loop in (native.load(), None):
        monkeypatch.setattr(pdf, "_NATIVE", loop)
        found.append(pdf._objects_at(page, range(count + 1), positions))
    assert found[0] == found[1]
    assert found[0][count] is None and len(set(found[0].values())) > 1


def test_both_paths_read_the_same_form_widths_of_every_letter_in_every_font(monkeypatch):
    """_final_forms' widths of a letter's presentation forms: one compiled call (newsmon_glyph_widths)
    or a ctypes call each, the same widths (0.0 where a font maps no form), for each font of each page's
    text objects and each letter that has forms; reportlab's fonts map the forms, the others' mostly not."""
    found: list[dict] = [{}, {}]
    for name in FILES:
        document = pdfium.PdfDocument((PDFS / name).read_bytes())
        page = document[0]
        text = page.get_textpage()
        handle = pdf._handle_arg(text.raw)
        indices = {pdf._TEXT_OBJECT_ADDRESS(handle, index): index for index in range(text.count_chars())}
        indices.pop(None, None)
        for widths, loop in zip(found, (native.load(), None)):
            monkeypatch.setattr(pdf, "_NATIVE", loop)
            for index in indices.values():
                font = pdf._GET_TEXT_FONT(pdf._GET_TEXT_OBJECT(handle, index))
                kept = SimpleNamespace(form_widths={})
                widths.update({(name, font.value, letter): pdf._form_widths(kept, font, letter)
                               for letter in pdf._FORMS})
        text.close()
        page.close()
        document.close()
    assert found[0] == found[1]
    mapped = {key[0] for key, widths in found[0].items() if any(widths)}
    assert "reportlab-forms.pdf" in mapped and len(mapped) < len(FILES)


PICTURE_ARTICLES = ["2020-01-01/doha-talks-resume-amid-doubts.pdf", "2020-01-05/vergessene-kinder-von-kabul.pdf",
                    "2020-01-08/travelogue-villages-of-war.pdf"]


def test_both_paths_find_the_same_pictures(monkeypatch):
    paths = [Path(native.__file__).resolve().parents[1] / "testing" / "corpus" / name for name in PICTURE_ARTICLES]
    found = []
    for loop, room in ((native.load(), 64), (native.load(), 1), (None, 1)):  # room for one: made, read again
        monkeypatch.setattr(pdf, "_NATIVE", loop)
        monkeypatch.setattr(pdf, "_picture_buffer", (ctypes.c_float * (4 * room))())
        pictures = []
        for path in [*paths, *(PDFS / name for name in FILES)]:
            document = pdfium.PdfDocument(path.read_bytes())
            pages = [document[number] for number in range(len(document))]
            pictures.append([pdf._page_pictures(page.raw, number) for number, page in enumerate(pages)])
            for page in pages:
                page.close()
            document.close()
        found.append(pictures)
    assert found[0] == found[1] == found[2]
    assert sum(len(page) for pages in found[0] for page in pages) >= 5


def test_the_page_scan_finds_the_misplaced_texts_and_pictures_of_the_two_looks(monkeypatch):
    """pdf._scanned_page (newsmon_page_scan: one look through a page's objects) finds what
    _misplaced_actual_text and _page_pictures find (a page with a misplaced /ActualText: the
    committed Chromium page of glyph_text's defect), its pictures where they fit in the buffer."""
    paths = [Path(native.__file__).resolve().parents[1] / "testing" / "corpus" / name for name in PICTURE_ARTICLES]
    paths += [PDFS / name for name in FILES] + [COMMITTED / "chromium-amiri-hamza-cluster.pdf"]
    looked = {True: 0, False: 0}
    for room in (64, 1):  # room for one: the pictures of a page with more are not kept (read as asked)
        monkeypatch.setattr(pdf, "_picture_buffer", (ctypes.c_float * (4 * room))())
        for path in paths:
            document = pdfium.PdfDocument(path.read_bytes())
            pages = [document[number] for number in range(len(document))]
            for number, page in enumerate(pages):
                monkeypatch.setattr(pdf, "_NATIVE", None)
                misplaced = pdf._misplaced_actual_text(pdf._handle_arg(page.raw))
                expected = pdf._page_pictures(page.raw, number)
                monkeypatch.setattr(pdf, "_NATIVE", native.load())
                scanned: dict[int, list[pdf.Picture]] = {}
                assert pdf._scanned_page(page.raw, number, scanned) is misplaced, path.name
                looked[misplaced] += 1
                if not misplaced:
                    assert scanned == ({number: expected} if len(expected) <= room else {}), path.name
            for page in pages:
                page.close()
            document.close()
    assert looked[True] and looked[False]


def test_both_paths_find_each_objects_index(monkeypatch):
    """pdf._object_index (the compiled path reads the page's objects a chunk at a time, or takes
    them from the page scan's look where it kept them, see _scanned_objects) gives every top-level
    object's index on both paths, asked in any order, and None for an address of no object of the
    page; the scan keeps a page's objects only where they fit in its room, and only for that page."""
    kept = 0
    for name in FILES:
        document = pdfium.PdfDocument((PDFS / name).read_bytes())
        page = document[0]
        handle = pdf._handle_arg(page.raw)
        count = pdfium_c.FPDFPage_CountObjects(page.raw)
        addresses = [pdf._OBJECT_ADDRESS(handle, index) for index in range(count)]
        asked = random.Random(count).sample(range(count), count)  # noqa: S311 - an order of asking, no secret
        found = []
        for loop, room in ((native.load(), 0), (native.load(), count), (native.load(), count - 1), (None, 0)):
            monkeypatch.setattr(pdf, "_NATIVE", loop)
            scanned = None
            if room:
                monkeypatch.setattr(pdf, "_PAGE_OBJECTS", list(pdf._object_room(room)))
                monkeypatch.setattr(pdf, "_SCANNED_OBJECTS", [0])
                assert not pdf._scanned_page(page.raw, 0, {})
                scanned = pdf._scanned_objects(page.raw)
                assert (scanned is not None) is (room == count), name
                assert pdf._scanned_objects(ctypes.c_void_p(1)) is None  # (another page's: none)
                kept += scanned is not None
                if scanned is not None:
                    assert scanned.tolist() == [address or 0 for address in addresses], name
            state = SimpleNamespace(page_handle=handle, objects={}, object_count=-1, scanned_objects=scanned)
            found.append([pdf._object_index(state, addresses[index]) for index in asked]
                         + [pdf._object_index(state, 1)])
        assert found[0] == found[1] == found[2] == found[3] == [*asked, None], name
        page.close()
        document.close()
    assert kept == len(FILES)


def _python_boxes(text_page, chars, positions):
    """Boxes through the ctypes path (no compiled loop)."""
    page = _page(text_page)
    saved, pdf._NATIVE = pdf._NATIVE, None
    try:
        return pdf._char_boxes(page, chars, positions)
    finally:
        pdf._NATIVE = saved


def _python_origins(text_page, chars, positions):
    """Origins through the ctypes path (no compiled loop)."""
    saved, pdf._NATIVE = pdf._NATIVE, None
    try:
        return pdf._char_origins(pdf._handle_arg(text_page.raw), chars, positions)
    finally:
        pdf._NATIVE = saved


def test_zwnj_gaps_are_the_wide_pairs_and_the_bare_edges_where_a_zwnj_is_common(text_page):
    """The wide pairs: a joining letter and a letter with forms that stand apart; the bare edges:
    of the places _COMMON_ZWNJ_PLACE finds, the letters whose ink starts right of their origin."""
    count = text_page.count_chars()
    text = "".join(chr(pdfium.raw.FPDFText_GetUnicode(text_page.raw, i)) for i in range(count))  # one per character
    assert arabic.ARABIC_LETTERS.intersection(text)
    order = list(range(count))
    lines = [(range(count), order, text), (range(count), order[::-1], text[::-1]),  # in pdfium's order or not
             ([-1, *range(count)], [0, *(o + 1 for o in order)], text[0] + text)]  # a character pdfium lacks
    for chars, positions, line in lines:
        boxes = _python_boxes(text_page, chars, positions)
        places = [m.start() for m in arabic._COMMON_ZWNJ_PLACE.finditer(line)]
        origins = _python_origins(text_page, chars, [positions[p] for p in places])
        for least, bare in ((-5.0, -1.0), (0.0, 0.0), (0.5, 0.05), (3.0, 0.5)):
            wide = [(k, boxes[k], boxes[k + 1]) for k in range(len(line) - 1)
                    if line[k] in arabic._ZWNJ_BEFORE and line[k + 1] in arabic._ZWNJ_AFTER
                    and boxes[k][0] - boxes[k + 1][2] > least]
            edges = [(p, origin, boxes[p]) for p, origin in zip(places, origins) if boxes[p][0] - bare >= origin]
            found = pdf._zwnj_gaps(pdf._ZWNJ_GAP_CLASSES, _page(text_page), chars, line, positions, least, bare, {})
            assert found == (wide, edges), (positions[:3], least, bare)
    wide, edges = pdf._zwnj_gaps(pdf._ZWNJ_GAP_CLASSES, _page(text_page), range(count), text, order, -5.0, -1.0, {})
    assert len(wide) > 5 and all(box != (0.0, 0.0, 0.0, 0.0) for _, box, _ in wide)  # real reads
    assert edges and all(box != (0.0, 0.0, 0.0, 0.0) for _, _, box in edges)
    # A box a repair changed counts instead of pdfium's: moved far left, its pair with the
    # letter before opens, and moved over that letter, its pair closes; an edge moves with it.
    p = wide[0][0]
    boxes = _python_boxes(text_page, range(count), order)
    pairs = [(q, boxes[q], boxes[q + 1]) for q in range(count - 1)
             if text[q] in arabic._ZWNJ_BEFORE and text[q + 1] in arabic._ZWNJ_AFTER]
    places = [m.start() for m in arabic._COMMON_ZWNJ_PLACE.finditer(text)]
    origins = _python_origins(text_page, range(count), places)
    for at in (p + 1, places[0]):
        for moved in ((-1000.0, 0.0, -999.0, 1.0), (boxes[p][0], 0.0, boxes[p][2] + 1000.0, 1.0)):
            changed = {at: moved}
            wide = [(q, changed.get(q, a), changed.get(q + 1, b)) for q, a, b in pairs
                    if changed.get(q, a)[0] - changed.get(q + 1, b)[2] > 0.0]
            edges = [(q, origin, changed.get(q, boxes[q])) for q, origin in zip(places, origins)
                     if changed.get(q, boxes[q])[0] >= origin]
            assert pdf._zwnj_gaps(pdf._ZWNJ_GAP_CLASSES, _page(text_page), range(count), text, order, 0.0, 0.0,
                                  changed) == (wide, edges)


def _gaps_in_python(text_page, chars, positions, line, least, bare):
    """_zwnj_gaps' wide pairs and bare edges of a line, read through the ctypes path."""
    boxes = _python_boxes(text_page, chars, positions)
    places = [m.start() for m in arabic._COMMON_ZWNJ_PLACE.finditer(line)]
    origins = _python_origins(text_page, chars, [positions[p] for p in places])
    wide = [(k, boxes[k], boxes[k + 1]) for k in range(len(line) - 1)
            if line[k] in arabic._ZWNJ_BEFORE and line[k + 1] in arabic._ZWNJ_AFTER
            and boxes[k][0] - boxes[k + 1][2] > least]
    return wide, [(p, origin, boxes[p]) for p, origin in zip(places, origins) if boxes[p][0] - bare >= origin]


def test_zwnj_gaps_read_positions_below_256_as_bytes_and_others_as_ints(text_page):
    """A line out of pdfium's order hands the compiled ZWNJ loop its positions one byte each where
    all are below 256 (_GAP_LINE[3] 2: the loop widens them to ints in place, from the last), else
    as ints (1): either way the loop reads the characters the Python loop reads. Edge cases: one
    position, two, position 0 last, characters dropped (kashidas), the 256 positions 0 to 255
    reversed, and 256 itself (ints); each call right after another of the other kind or of a longer
    line (the buffer holds that call's ints or bytes), in any order."""
    count = text_page.count_chars()
    text = "".join(chr(pdfium.raw.FPDFText_GetUnicode(text_page.raw, i)) for i in range(count))
    n = min(count, 256)
    cases = {"one": [n - 1], "two": [1, 0], "0 last": [*range(1, n), 0], "dropped": [p for p in range(n) if p % 7],
             "reversed": list(range(n))[::-1]}
    if count > 256:
        cases |= {"256": [256, *range(255, -1, -1)], "past 256": list(range(count))[::-1]}
    page = _page(text_page)
    expected, kinds = {}, {}
    for name, positions in cases.items():
        line = "".join(text[p] for p in positions)
        expected[name] = _gaps_in_python(text_page, range(count), positions, line, -5.0, -1.0)
        kinds[name] = 2 if max(positions) < 256 else 1
    assert any(wide for wide, _ in expected.values()) and any(edges for _, edges in expected.values())
    calls = {name: functools.partial(pdf._zwnj_gaps, pdf._ZWNJ_GAP_CLASSES, page, range(count),
                                     "".join(text[p] for p in positions), positions, -5.0, -1.0, {})
             for name, positions in cases.items()}
    for name in _names_shuffled(calls, seed=48, rounds=3):
        assert calls[name]() == expected[name], name
        assert pdf._GAP_LINE[3] == kinds[name], name


def test_bare_edges_are_the_letters_whose_ink_starts_right_of_their_origin(text_page):
    count = text_page.count_chars()
    handle = pdf._handle_arg(text_page.raw)
    positions = list(range(0, count, 2))
    boxes = _python_boxes(text_page, range(count), positions)
    saved, pdf._NATIVE = pdf._NATIVE, None
    try:
        origins = pdf._char_origins(handle, range(count), positions)
    finally:
        pdf._NATIVE = saved
    for bare in (-1.0, 0.0, 0.05):
        expected = [(k, origins[k], boxes[k]) for k in range(len(positions)) if boxes[k][0] - bare >= origins[k]]
        assert pdf._bare_edges(_page(text_page), range(count), positions, bare, {}) == expected
    assert pdf._bare_edges(_page(text_page), range(count), positions, -1.0, {})  # some letter found: a real read
    # A changed box counts instead of pdfium's (its ink moved far right of the origin, or left).
    first = positions[0]
    for moved in ((origins[0] + 5.0, 0.0, origins[0] + 9.0, 1.0), (origins[0] - 9.0, 0.0, origins[0] - 5.0, 1.0)):
        expected = [(k, origins[k], moved if k == 0 else boxes[k]) for k in range(len(positions))
                    if (moved if k == 0 else boxes[k])[0] >= origins[k]]
        assert pdf._bare_edges(_page(text_page), range(count), positions, 0.0, {first: moved}) == expected


# Mirror articles whose lines drop many kashidas (a box changed before the ZWNJ repair looks).
MIRROR = Path(native.__file__).resolve().parents[1] / "testing" / "corpus"
KASHIDA_ARTICLES = ["2020-01-04/afghan-migrants-iran-sanctions.pdf", "2020-01-08/travelogue-villages-of-war.pdf"]


# Kashidas a font maps to blanks (their boxes inked: the page's blank height decides).
BLANK_KASHIDAS = "libreoffice-kashida-spaces.pdf"


@pytest.mark.parametrize("path", [PDFS / name for name in (*FILES, BLANK_KASHIDAS)]
                         + [MIRROR / name for name in KASHIDA_ARTICLES],
                         ids=[*FILES, BLANK_KASHIDAS, *KASHIDA_ARTICLES])
def test_a_parse_is_the_same_with_and_without_the_compiled_loop(path, monkeypatch):
    data = path.read_bytes()
    profile = load_profile("afgazad")
    records = []
    for loop in (native.load(), None):
        monkeypatch.setattr(pdf, "_NATIVE", loop)
        try:
            record = dataclasses.asdict(parse_pdf_article(data, url="https://www.afgazad.com/x.pdf", profile=profile))
        except Exception as exc:  # noqa: BLE001 - a test PDF that is no article: the same error both ways
            record = {"error": str(exc)}
        record.pop("parsed_at", None)
        records.append(record)
    assert records[0] == records[1]


# Pages whose spaces pdfium makes up (Chromium: some missed, see arabic.Spacing.missed; XeTeX: none
# drawn), whose body lines' ZWNJ repair reads its wide pairs and bare edges in the compiled call.
MADE_UP_SPACES = ["chromium-noto-naskh.pdf", "chromium-pashto-zwnj.pdf", "xetex-zwnj.pdf"]


@pytest.mark.parametrize("name", MADE_UP_SPACES)
def test_a_line_repaired_with_the_compiled_reads_is_the_line_repaired_without_them(name, monkeypatch):
    """Each line pdf hands repair_line with its compiled reads comes out as it does without them
    (boxes, origins and gaps read one call each, in Python): on pages whose word spaces pdfium
    makes up, the body lines' wide pairs and bare edges come from the compiled ZWNJ call too,
    and the pen marks and spaces the page's Spacing tells stay the same."""
    monkeypatch.setattr(pdf, "_NATIVE", native.load())
    assert pdf._NATIVE is not None
    repair = pdf.repair_line
    seen = []

    def both_ways(text, *args, **kwargs):
        repaired = repair(text, *args, **kwargs)
        if kwargs.get("compiled") is not None:
            spacing = args[2] if len(args) > 2 else kwargs.get("spacing")
            seen.append((kwargs.get("body"), spacing is not None and not spacing.drawn, repaired != text))
            assert repair(text, *args, **{**kwargs, "compiled": None}) == repaired, text
        return repaired

    monkeypatch.setattr(pdf, "repair_line", both_ways)
    parse_pdf_article((PDFS / name).read_bytes(), url="https://www.afgazad.com/x.pdf",
                      profile=load_profile("afgazad"))
    assert any(body and made_up for body, made_up, _ in seen)  # body lines on the compiled path
    assert any(changed for _, _, changed in seen)  # some ZWNJ, space or other repair made


def test_a_stale_or_disabled_library_is_not_loaded(monkeypatch):
    monkeypatch.setenv(native.DISABLE_ENV, "0")
    assert native.load() is None


@pytest.mark.parametrize("name", [*FILES, BLANK_KASHIDAS])
def test_the_blank_height_is_the_highest_box_of_a_space_tab_or_zwnj(name):
    """newsmon_blank_height (one call a page) against pypdfium2's boxes of every character: the
    page whose kashidas pdfium reads as tabs has blanks a stroke high (KASHIDA_INK_EM of its
    type), the others none (a word space's box has no height)."""
    document = pdfium.PdfDocument((PDFS / name).read_bytes())
    text = document[0].get_textpage()
    heights = [top - bottom for k in range(text.count_chars()) if text.get_text_range(k, 1) in (" ", "\t", arabic.ZWNJ)
               for left, bottom, right, top in [text.get_charbox(k)]]
    page = SimpleNamespace(handle=pdf._handle_arg(text.raw))
    assert pdf._blank_height(page) == pytest.approx(max(heights, default=0.0), abs=1e-6)
    assert (max(heights) >= arabic.KASHIDA_INK_EM * 12) == (name == BLANK_KASHIDAS)


def test_both_paths_read_the_same_font_sizes_kept_for_the_page(text_page, monkeypatch):
    """pdf._font_sizes (a page's lines' middles, see _body_size) reads in one compiled call what
    _font_size reads one call each, a character pdfium does not have (-1) and repeats included,
    and keeps each for the page as _font_size does."""
    count = text_page.count_chars()
    indices = [-1, *range(0, count, 5), 0, count - 1]
    results = []
    for loop in (native.load(), None):
        monkeypatch.setattr(pdf, "_NATIVE", loop)
        page = SimpleNamespace(handle=pdf._handle_arg(text_page.raw), sizes={}, by_matrix=False)
        sizes = pdf._font_sizes(page, indices)
        assert page.sizes == dict(zip(indices, sizes))
        results.append(sizes)
    monkeypatch.setattr(pdf, "_NATIVE", None)
    page = SimpleNamespace(handle=pdf._handle_arg(text_page.raw), sizes={}, by_matrix=False)
    assert results[0] == results[1] == [pdf._font_size(page, index) for index in indices]
    assert any(size > 1.0 for size in results[0])


def test_zwnj_gaps_read_through_each_buffers_own_context(text_page, monkeypatch):
    """The compiled ZWNJ loop takes its unchanging arguments from the box buffer's gaps_context:
    a buffer made anew (grown for a longer line) hands over its own arrays, and the line's wide
    pairs and bare edges, and a changed box, are read as through the buffer before it."""
    count = text_page.count_chars()
    text = "".join(chr(pdfium.raw.FPDFText_GetUnicode(text_page.raw, i)) for i in range(count))
    order = list(range(count))
    changed = {count // 2: (-1000.0, 0.0, -999.0, 1.0)}
    results = []
    for size in (4 * count, 2, 2):  # room enough; then a buffer grown for the line, twice
        monkeypatch.setattr(pdf, "_box_buffer", pdf._BoxBuffer(size))
        for line_changed in ({}, changed):
            results.append(pdf._zwnj_gaps(pdf._ZWNJ_GAP_CLASSES, _page(text_page), range(count), text, order, 0.5, 0.05,
                                          line_changed))
        assert pdf._box_buffer.gaps_context[5] == ctypes.addressof(pdf._box_buffer.found)
    assert results[0:2] == results[2:4] == results[4:6]


def test_zwnj_gaps_line_ints_and_classes_hold_for_the_call_they_are_written_for(text_page, monkeypatch):
    """The compiled ZWNJ and bare edge loops read a line's offset, count, changed count, whether it
    reads the buffer's indices (_GAP_LINE), the bare (_GAP_LIMITS), and the letters' classes
    (_GAP_CLASSES_AT, written only where they change) from the buffer's context: each call's result
    is that of its own arguments, whatever line went before (in pdfium's order or not, a range
    starting late, changed boxes or none, other classes, a list with a character pdfium lacks), in
    any order of calls."""
    monkeypatch.setattr(pdf, "_GAP_CLASSES_SET", [None])
    count = text_page.count_chars()
    text = "".join(chr(pdfium.raw.FPDFText_GetUnicode(text_page.raw, i)) for i in range(count))
    order = list(range(count))
    page = _page(text_page)
    no_classes = (ctypes.c_ubyte * len(pdf._ZWNJ_GAP_CLASSES))()  # no letter of any class: nothing found
    pair = pdf._zwnj_gaps(pdf._ZWNJ_GAP_CLASSES, page, range(count), text, order, -5.0, -1.0, {})[0][0][0]
    changed = {pair + 1: (-1000.0, 0.0, -999.0, 1.0), 3: (5.0, 0.0, 6.0, 1.0)}  # (a box of a wide pair)
    cases = {"order": (pdf._ZWNJ_GAP_CLASSES, range(count), text, order, {}),
             "reversed": (pdf._ZWNJ_GAP_CLASSES, range(count), text[::-1], order[::-1], {}),
             "changed": (pdf._ZWNJ_GAP_CLASSES, range(count), text, order, changed),
             "late": (pdf._ZWNJ_GAP_CLASSES, range(2, count), text[2:], order[:count - 2], {}),
             "list": (pdf._ZWNJ_GAP_CLASSES, [-1, *range(count)], text[0] + text, order + [count], {}),
             "shaped": (pdf._ZWNJ_GAP_CLASSES_SHAPED, range(count), text, order, changed),
             "none": (no_classes, range(count), text, order, {})}
    calls = {name: functools.partial(pdf._zwnj_gaps, classes, page, chars, line, positions, -5.0, -1.0, moved)
             for name, (classes, chars, line, positions, moved) in cases.items()}
    # _bare_edges reads through the same context (the bare in _GAP_LIMITS' second slot, the line's ints)
    edges_at = list(range(1, count, 3))
    calls |= {"edges": functools.partial(pdf._bare_edges, page, range(count), edges_at, -1.0, {}),
              "edges at 0": functools.partial(pdf._bare_edges, page, range(count), edges_at, 0.0, {}),
              "edges changed": functools.partial(pdf._bare_edges, page, range(count), edges_at, -1.0,
                                                 {edges_at[0]: (-1000.0, 0.0, -999.0, 1.0)}),
              "edges list": functools.partial(pdf._bare_edges, page, [-1, *range(count)], edges_at[::-1], -1.0, {}),
              "zwnj least 0.5": functools.partial(pdf._zwnj_gaps, pdf._ZWNJ_GAP_CLASSES, page, range(count), text,
                                                  order, 0.5, 0.05, {})}
    first = {name: call() for name, call in calls.items()}
    assert first["order"][0] and first["none"] == ([], [])
    assert first["reversed"] != first["order"] != first["changed"] != first["late"]
    assert first["edges"] and first["edges"] != first["edges at 0"] and first["edges"] != first["edges changed"]
    assert first["edges list"] != first["edges"]
    for name in _names_shuffled(calls, seed=47, rounds=5):
        assert calls[name]() == first[name], name


def _names_shuffled(calls: dict, seed: int, rounds: int) -> list:
    """The names of `calls`, each twice a round, in an order shuffled anew each round (calls of the
    compiled loops in any order must answer as each alone)."""
    rng = random.Random(seed)  # noqa: S311 - an order of calls, no secret
    out = []
    for _ in range(rounds):
        names = list(calls) * 2
        rng.shuffle(names)
        out += names
    return out


def test_a_lines_compiled_reads_are_cheap_to_make_and_read_with_the_pages_classes(text_page, monkeypatch):
    """_compiled_reads is made for each Arabic-script line: its ZWNJ reader binds no keyword (a
    partial with one merges a dict at each call) and CompiledReads is not frozen (a frozen
    dataclass sets each field through object.__setattr__); the reader of a shaped page
    (joins_all) reads with ZWNJ_GAP_CLASSES_SHAPED, any other with ZWNJ_GAP_CLASSES."""
    monkeypatch.setattr(pdf, "_NATIVE", native.load())
    assert not arabic.CompiledReads.__dataclass_params__.frozen  # type: ignore[attr-defined]
    count = text_page.count_chars()
    text = "".join(chr(pdfium.raw.FPDFText_GetUnicode(text_page.raw, i)) for i in range(count))
    order = list(range(count))
    for joins_all, classes in ((False, pdf._ZWNJ_GAP_CLASSES), (True, pdf._ZWNJ_GAP_CLASSES_SHAPED)):
        page = SimpleNamespace(**vars(_page(text_page)), joins_all=joins_all, blank_height=1.0)
        reads = pdf._compiled_reads(page, range(count))  # type: ignore[arg-type]
        assert not reads.zwnj_gaps.keywords  # type: ignore[attr-defined]
        assert reads.blank_height == 1.0 and pdf._compiled_reads(page, range(count), True).blank_height == math.inf
        for least, bare in ((-5.0, -1.0), (0.5, 0.05)):
            assert reads.zwnj_gaps(text, order, least, bare, {}) \
                == pdf._zwnj_gaps(classes, page, range(count), text, order, least, bare, {})


def test_the_page_scan_counts_the_actual_texts_pdfium_leaves_out(monkeypatch):
    """newsmon_page_scan's count of the text objects whose /ActualText pdfium leaves out (found[1])
    is the number pdf._lost_objects finds without it, page by page; the committed Typst pages hold
    such objects (see test_parse_typst), the others none."""
    names = ["typst-fa-zwnj-clusters.pdf", "typst-fa-caption-into-picture.pdf", "typst-ps-latin-runs.pdf",
             "chromium-amiri-hamza-cluster.pdf"]
    counted = []
    for path in [COMMITTED / name for name in names] + [PDFS / name for name in FILES]:
        document = pdfium.PdfDocument(path.read_bytes())
        for number in range(len(document)):
            page = document[number]
            monkeypatch.setattr(pdf, "_NATIVE", native.load())
            if not pdf._scanned_page(page.raw, number, {}):
                expected = len(pdf._lost_objects(pdf._handle_arg(page.raw)))
                assert pdf._SCAN_COUNTS[2] == expected, path.name
                counted.append(expected)
            page.close()
        document.close()
    assert sum(counted) >= 5 and counted.count(0) >= 5

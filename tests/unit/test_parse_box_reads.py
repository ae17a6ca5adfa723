"""The compiled box reader (parse/box_reads.c, built with the parser's modules: compiled.py).

The compiled pdf.py reads a line's glyph boxes through it (pdf._char_boxes, pdf._LineBoxes.into
for arabic._Boxes.need); the test process runs the parser as Python (tests/conftest.py), so its
module is loaded here from the build itself and held to pypdfium2's own boxes and to the ctypes
path's. test_parse_compiled_modules.py checks the records of the two builds field for field.
"""

from __future__ import annotations

import ctypes
import dataclasses
import importlib.machinery
import importlib.util
import random
from collections import Counter
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pypdfium2 as pdfium
import pytest

from newsmon.parse import char_classes, compiled, pdf
from tests.unit.test_parse_native_boxes import text_page  # noqa: F401 - the same pages (a fixture)

PDFS = Path(__file__).resolve().parents[1] / "data" / "pdfs"
ZERO = (0.0, 0.0, 0.0, 0.0)


@pytest.fixture(scope="module")
def box_reads() -> ModuleType:
    built = sorted(compiled.DIRECTORY.glob("_box_reads.*.so"))
    assert compiled.fresh() and built, f"{compiled.DIRECTORY}: no build of today's sources: run `make install`"
    loader = importlib.machinery.ExtensionFileLoader("newsmon.parse._box_reads", str(built[0]))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def _address(text) -> int:
    address = pdf._handle_address(text.raw)
    assert address
    return address


def test_the_boxes_are_pypdfium2s_for_a_range_and_for_a_list_of_indices(box_reads, text_page):
    count = text_page.count_chars()
    assert count > 50
    expected = [text_page.get_charbox(i) for i in range(count)]
    address = _address(text_page)
    assert box_reads.char_boxes(pdf._CHAR_BOX_ADDRESS, address, 0, list(range(count)), None) == expected
    late = box_reads.char_boxes(pdf._CHAR_BOX_ADDRESS, address, 5, list(range(count - 5))[::-1], None)
    assert late == expected[5:][::-1]
    chars = [-1, *range(count)]  # a character pdfium does not have: a zero box, as the ctypes path gives
    positions = [0, 1, count, 0, 2, 2]
    assert box_reads.char_boxes(pdf._CHAR_BOX_ADDRESS, address, 0, positions, chars) == \
        [ZERO, expected[0], expected[count - 1], ZERO, expected[1], expected[1]]


def test_the_boxes_are_the_ctypes_paths(box_reads, text_page):
    count = text_page.count_chars()
    page = SimpleNamespace(handle=pdf._handle_arg(text_page.raw), textpage=text_page.raw, hidden=None)
    rng = random.Random(5)  # noqa: S311 - crafted positions, no secret
    positions = [rng.randrange(count) for _ in range(700)]  # (longer than the ctypes path's buffer)
    assert box_reads.char_boxes(pdf._CHAR_BOX_ADDRESS, _address(text_page), 0, positions, None) == \
        pdf._char_boxes(page, range(count), positions)


def test_into_puts_only_the_missing_boxes_in_the_dict(box_reads, text_page):
    count = text_page.count_chars()
    expected = [text_page.get_charbox(i) for i in range(count)]
    mark = (9.0, 9.0, 9.0, 9.0)  # a box a repair changed: never read over
    boxes = {3: mark}
    result = box_reads.boxes_into(boxes, [1, 3, 1, 4], pdf._CHAR_BOX_ADDRESS, _address(text_page), 2, None)
    assert result is None
    assert boxes == {3: mark, 1: expected[3], 4: expected[6]}
    chars = list(range(count))[::-1]
    box_reads.boxes_into(boxes, [0, 7], pdf._CHAR_BOX_ADDRESS, _address(text_page), 0, chars)
    assert boxes[0] == expected[count - 1] and boxes[7] == expected[count - 8] and boxes[3] == mark


def test_bad_arguments_raise_and_keep_what_was_read(box_reads, text_page):
    address = _address(text_page)
    with pytest.raises(TypeError, match="positions must be a list"):
        box_reads.char_boxes(pdf._CHAR_BOX_ADDRESS, address, 0, (1, 2), None)
    with pytest.raises(ValueError, match="null function or text page"):  # (each call checks its two first so)
        box_reads.char_boxes(pdf._CHAR_BOX_ADDRESS, 0, 0, [1], None)
    with pytest.raises(TypeError, match="char_boxes"):
        box_reads.char_boxes(pdf._CHAR_BOX_ADDRESS, address, 0, [1])
    boxes: dict[int, tuple[float, float, float, float]] = {}
    with pytest.raises(IndexError):  # a position past the line's characters
        box_reads.boxes_into(boxes, [0, 5], pdf._CHAR_BOX_ADDRESS, address, 0, [1, 2])
    assert list(boxes) == [0]
    with pytest.raises(TypeError, match="boxes must be a dict"):
        box_reads.boxes_into([], [0], pdf._CHAR_BOX_ADDRESS, address, 0, None)


def test_line_facts_are_the_ctypes_calls_into_the_same_buffers(box_reads, text_page, monkeypatch):
    """box_reads.line_facts is glyph_boxes.c's newsmon_line_facts_at with the line's ints as
    arguments: the same answer, and the same words written to the same buffers, as pdf._line_facts'
    ctypes call of the helper library (native.py) for each line shape."""
    assert pdf._NATIVE is not None
    count = text_page.count_chars()
    address, handle = _address(text_page), pdf._handle_arg(text_page.raw)
    monkeypatch.setattr(pdf, "_box_buffer", pdf._BoxBuffer(64))
    pdf._line_rects_into(pdf._box_buffer)
    buffers = (pdf._ORIGIN, pdf._SPAN, pdf._MATRIX, pdf._LINE_BOX, pdf._FONT_NAME, pdf._FONT_FLAGS, pdf._box_buffer.values)
    cases = [(mid, at_space, max(0, mid - 12), min(count, mid + 12) - max(0, mid - 12) if single else -1, lead)
             for mid in range(0, count, 7) for at_space in (-1, 0, 1) for single in (True, False)
             for lead in (-1, min(mid + 3, count - 1))]
    seen = set()
    for case in cases:
        results = []
        for call in ("ctypes", "box_reads"):
            for buffer in buffers:
                ctypes.memset(ctypes.addressof(buffer), 0, ctypes.sizeof(buffer))
            if call == "ctypes":
                pdf._LINE_INTS.pack_into(pdf._LINE_ARGS, 0, *case)
                found = pdf._NATIVE.line_facts(pdf._LINE_CONTEXT, handle)
            else:
                found = box_reads.line_facts(pdf._LINE_CONTEXT_ADDRESS, address, *case)
            results.append((found, tuple(bytes(buffer) for buffer in buffers), tuple(pdf._LINE_ARGS)))
        assert results[0] == results[1], case
        seen.add(results[0][0] >> 4)
    assert len(seen) > 1  # rect counts that differ: real reads
    with pytest.raises(TypeError, match="line_facts"):
        box_reads.line_facts(pdf._LINE_CONTEXT_ADDRESS, address, 1, 2)
    with pytest.raises(OverflowError):
        box_reads.line_facts(pdf._LINE_CONTEXT_ADDRESS, address, 2**40, 0, 0, 1, -1)


def test_char_indices_font_sizes_and_pens_are_the_ctypes_calls(box_reads, text_page):
    """The three single reads the compiled pdf.py makes through box_reads: each character's index
    (pdf._char_indices), a font size (pdf._font_size), a line's pens (pdf._char_pens: where pdfium
    gives no origin or box, here for index -1, what the out-parameters held stays, as through ctypes)."""
    count = text_page.count_chars()
    address, handle = _address(text_page), pdf._handle_arg(text_page.raw)
    indices = box_reads.char_indices(pdf._CHAR_INDEX_ADDRESS, address, count)
    assert indices == [pdf._CHAR_INDEX(handle, k) for k in range(count)] and len(set(indices)) > count // 2
    sizes = [box_reads.font_size(pdf._FONT_SIZE_ADDRESS, address, k) for k in range(-1, count + 1)]
    assert sizes == [pdf._GET_FONT_SIZE(handle, k) for k in range(-1, count + 1)] and len(set(sizes)) > 1
    chars = [-1, *range(count), -1]
    positions = [1, 0, 2, count, count + 1, 5, 0]
    results = []
    for call in ("ctypes", "box_reads"):
        pdf._ORIGIN[0], pdf._ORIGIN[1] = 7.0, 8.0
        pdf._RECT.right = 9.0
        if call == "ctypes":
            pens = [pdf._char_pens(handle, address, chars, [p])[0] for p in positions]
        else:
            pens = box_reads.char_pens(pdf._CHAR_ORIGIN_ADDRESS, address, pdf._LOOSE_BOX_ADDRESS, pdf._ORIGIN_ADDRESS,
                                       pdf._RECT_ADDRESS, positions, chars)
        results.append((pens, tuple(pdf._ORIGIN), pdf._RECT.right))
    assert results[0] == results[1]
    pens = results[0][0]
    assert pens[1] == pens[0] and pens[4] == pens[3] and pens[0] != (7.0, 9.0)  # -1: the pens before it
    assert len({pen[0] for pen in pens}) > 2
    with pytest.raises(TypeError, match="positions must be a list"):
        box_reads.char_pens(pdf._CHAR_ORIGIN_ADDRESS, address, pdf._LOOSE_BOX_ADDRESS, pdf._ORIGIN_ADDRESS,
                            pdf._RECT_ADDRESS, (1,), chars)
    with pytest.raises(IndexError):
        box_reads.char_pens(pdf._CHAR_ORIGIN_ADDRESS, address, pdf._LOOSE_BOX_ADDRESS, pdf._ORIGIN_ADDRESS,
                            pdf._RECT_ADDRESS, [count + 5], chars)
    with pytest.raises(ValueError, match="bad count"):
        box_reads.char_indices(pdf._CHAR_INDEX_ADDRESS, address, -1)


def test_one_char_box_is_pypdfium2s_or_none_where_pdfium_gives_none(box_reads, text_page):
    count = text_page.count_chars()
    address = _address(text_page)
    assert [box_reads.char_box(pdf._CHAR_BOX_ADDRESS, address, k) for k in range(count)] == \
        [text_page.get_charbox(k) for k in range(count)]
    assert box_reads.char_box(pdf._CHAR_BOX_ADDRESS, address, -1) is None
    assert box_reads.char_box(pdf._CHAR_BOX_ADDRESS, address, count + 5) is None
    with pytest.raises(pdfium.PdfiumError):  # what pdf._page_charbox raises then, as pdf._charbox does
        pdf._charbox(text_page.raw, -1)


def test_origins_objects_fonts_and_widths_are_the_ctypes_calls(box_reads, text_page):
    """The reads the compiled pdf.py makes through box_reads for a line's drawn separators and its
    letters' final forms (pdf._char_origins, _final_forms, _object_addresses, _object_address,
    _text_font, _form_widths): the ctypes calls' values, into the same out-parameters (where pdfium
    gives no origin, for index -1, the x they held stays)."""
    count = text_page.count_chars()
    address, handle = _address(text_page), pdf._handle_arg(text_page.raw)
    chars = [-1, *range(count), -1]
    positions = [0, 1, 0, 2, count, count + 1, 5]
    results = []
    for call in ("ctypes", "box_reads"):
        pdf._ORIGIN[0], pdf._ORIGIN[1] = 7.0, 8.0
        xs = pdf._char_origins(handle, chars, positions) if call == "ctypes" else box_reads.char_origins(
            pdf._CHAR_ORIGIN_ADDRESS, address, pdf._ORIGIN_ADDRESS, 0, positions, chars)
        results.append((xs, tuple(pdf._ORIGIN)))
    assert results[0] == results[1]
    xs = results[0][0]
    assert xs[0] == 7.0 and xs[2] == xs[1] and xs[5] == xs[4] and len(set(xs)) > 2
    indices = list(range(-1, count + 1))
    objects = [box_reads.object_at(pdf._GET_TEXT_OBJECT_ADDRESS, address, k) for k in indices]
    assert objects == [pdf._TEXT_OBJECT_ADDRESS(handle, k) or 0 for k in indices] and len(set(objects)) > 1
    buffer = pdf._BoxBuffer(len(indices))
    buffer.set_ints(indices)
    assert box_reads.text_objects(pdf._GET_TEXT_OBJECT_ADDRESS, address, buffer.indices_address, len(indices),
                                  buffer.values_address) is None
    assert buffer.addresses(len(indices)) == objects
    page = pdf._handle_arg(text_page.page.raw)
    on_page = list(range(-1, pdf._COUNT_OBJECTS(page) + 1))
    assert [box_reads.object_at(pdf._GET_OBJECT_ADDRESS, pdf._handle_address(text_page.page.raw), k)
            for k in on_page] == [pdf._OBJECT_ADDRESS(page, k) or 0 for k in on_page]
    fonts = [box_reads.text_font(pdf._GET_TEXT_OBJECT_ADDRESS, address, pdf._GET_TEXT_FONT_ADDRESS, k) for k in indices]
    assert fonts == [pdf._GET_TEXT_FONT(pdf._GET_TEXT_OBJECT(handle, k)).value or 0 for k in indices]
    assert fonts[0] == 0 and len(set(fonts)) > 1
    for font in set(fonts):
        for letter, forms in list(pdf._FORMS.items())[::5]:
            box_reads.glyph_widths(pdf._GLYPH_WIDTH_ADDRESS, font, pdf._FORM_CODE_ADDRESSES[letter], 4,
                                   pdf._FORM_WIDTHS_ADDRESS)
            assert list(pdf._FORM_WIDTHS) == [pdf._glyph_width(ctypes.c_void_p(font), code) if code else 0.0
                                              for code in forms]
    with pytest.raises(ValueError, match="null array"):
        box_reads.glyph_widths(pdf._GLYPH_WIDTH_ADDRESS, fonts[-2], 0, 4, pdf._FORM_WIDTHS_ADDRESS)
    with pytest.raises(ValueError, match="null function"):
        box_reads.text_font(pdf._GET_TEXT_OBJECT_ADDRESS, address, 0, 1)


def test_a_font_that_maps_the_forms_gives_their_widths_through_the_box_reader(box_reads):
    """reportlab's fonts map the presentation forms (pdf._final_forms): widths that are not all 0."""
    document = pdfium.PdfDocument((PDFS / "reportlab-forms.pdf").read_bytes())
    text = document[0].get_textpage()
    address = _address(text)
    fonts = {box_reads.text_font(pdf._GET_TEXT_OBJECT_ADDRESS, address, pdf._GET_TEXT_FONT_ADDRESS, k)
             for k in range(text.count_chars())} - {0}
    widths = []
    for font in fonts:
        box_reads.glyph_widths(pdf._GLYPH_WIDTH_ADDRESS, font, pdf._FORM_CODE_ADDRESSES["ب"], 4,
                               pdf._FORM_WIDTHS_ADDRESS)
        widths.append(tuple(pdf._FORM_WIDTHS))
        assert widths[-1] == tuple(pdf._glyph_width(ctypes.c_void_p(font), code) for code in pdf._FORMS["ب"])
    assert any(all(width > 0 for width in four) for four in widths)
    text.close()
    document.close()


def test_put_ints_writes_the_indices_struct_packed(box_reads):
    """pdf._BoxBuffer.put through box_reads: the ints the ctypes path packs with struct, in the
    same buffer; more than the buffer holds raises and writes nothing past it."""
    buffer = pdf._BoxBuffer(8)
    chars = [40, 41, -1, 43, 44]
    for positions, of in (([3, 0, 2, 2], chars), ([7, 0, 5], None), ([], chars)):
        box_reads.put_ints(buffer.indices_address, len(buffer.slots), positions, of)
        written = list(buffer.indices)[:len(positions)]
        assert written == (positions if of is None else [of[p] for p in positions])
    assert list(buffer.indices)[:3] == [7, 0, 5]
    with pytest.raises(ValueError, match="9 ints, room for 8"):
        box_reads.put_ints(buffer.indices_address, len(buffer.slots), list(range(9)), None)
    with pytest.raises(IndexError):
        box_reads.put_ints(buffer.indices_address, len(buffer.slots), [1, 9], chars)
    with pytest.raises(TypeError, match="positions must be a list"):
        box_reads.put_ints(buffer.indices_address, len(buffer.slots), (1,), None)


def _records(paths: list[Path]) -> list[object]:
    from newsmon.parse.article import parse_pdf_article
    from newsmon.sources import load_profile

    profile = load_profile("afgazad")
    out: list[object] = []
    for path in paths:
        try:
            record = parse_pdf_article(path.read_bytes(), url="https://www.afgazad.com/a.pdf", profile=profile)
            out.append(dataclasses.replace(record, fetched_at=None))
        except ValueError as exc:
            out.append(f"{type(exc).__name__}: {exc}")
    return out


def test_the_parser_reads_through_the_box_reader_the_records_it_reads_through_ctypes(box_reads, monkeypatch):
    """The parser (as Python here) with each of its reads through box_reads, as the compiled
    pdf.py and char_classes.py make them, against the same parser through ctypes: the same records, and every one of
    the reader's functions called."""
    root = Path(__file__).resolve().parents[2]
    paths = sorted([*PDFS.glob("*.pdf"), *(root / "corpus" / "variants" / "dev").rglob("*.pdf")])
    assert len(paths) > 150
    through_ctypes = _records(paths)
    calls: Counter[str] = Counter()

    def counted(name: str) -> object:
        function = getattr(box_reads, name)

        def call(*args: object) -> object:
            calls[name] += 1
            return function(*args)
        return call

    names = [name for name in dir(box_reads) if not name.startswith("_")]
    monkeypatch.setattr(pdf, "_BOX_READS", SimpleNamespace(**{name: counted(name) for name in names}))
    monkeypatch.setattr(char_classes, "_CLASS_PLACES", counted("class_places"))  # (the patterns' places and runs)
    monkeypatch.setattr(char_classes, "_CLASS_RUNS", counted("class_runs"))
    assert _records(paths) == through_ctypes
    assert sorted(name for name in names if not calls[name]) == []

"""The compiled kashida loop (glyph_boxes.c's newsmon_kashidas, pdf._kashidas): on a page with no
blank a stroke high it finds and judges a line's runs of kashida strokes as arabic._drop_kashidas'
own loop does, in one call (a line of LibreOffice's justified Arabic script has ten strokes or
more, each some 150 bytecodes in Python)."""

from __future__ import annotations

import ctypes
import dataclasses
import random
from pathlib import Path

import pytest

from newsmon.parse import arabic, native, pdf
from newsmon.parse.arabic import _Boxes
from newsmon.parse.article import parse_pdf_article
from newsmon.sources import load_profile

MIRROR = Path(native.__file__).resolve().parents[1] / "testing" / "corpus"
KASHIDA_ARTICLE = MIRROR / "2020-01-04" / "afghan-migrants-iran-sanctions.pdf"

pytestmark = pytest.mark.skipif(pdf._NATIVE is None, reason="glyph_boxes.c not compiled")

_BOX_FUNCTION = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int, *[ctypes.POINTER(ctypes.c_double)] * 4)


def _compiled(text: str, boxes: list[arabic.Box], rise: tuple[float, float] | None,
              ink: float) -> list[tuple[int, int, arabic.Box]]:
    """newsmon_kashidas over `text`, character k's box boxes[k] (a box function of its own in
    place of pdfium's), with pdf._kashidas' classes and limits."""

    def box(_page: object, index: int, left: object, right: object, bottom: object, top: object) -> int:
        for out, value in zip((left, bottom, right, top), boxes[index]):
            out[0] = value  # type: ignore[index]
        return 1

    function = _BOX_FUNCTION(box)
    found = (ctypes.c_int * len(text))()
    values = (ctypes.c_double * (4 * len(text)))()
    limits = (ctypes.c_double * 6)(*(rise or (0.0, 0.0)), 0.0 if rise is None else 1.0, arabic.KASHIDA_TOUCH_PT,
                                   ink, arabic.KASHIDA_INK_MAX * ink)
    context = (ctypes.c_void_p * 5)(ctypes.cast(function, ctypes.c_void_p).value,
                                    *(ctypes.addressof(one) for one in (pdf._KASHIDA_CLASSES, limits, found, values)))
    count = pdf._NATIVE.kashidas(context, None, pdf._utf32(text), None, 0, len(text))
    return [(found[2 * n], found[2 * n + 1], tuple(values[4 * n:4 * n + 4])) for n in range(count)]


def _random_box(rng: random.Random) -> arabic.Box:
    """A box among few values (strokes flat or tall, touching or apart, blanks inked or not)."""
    left, bottom = rng.choice((0.0, 0.5, 1.0, 1.5, 4.0)), rng.choice((0.0, -0.5, 0.3, 2.0))
    return left, bottom, left + rng.choice((0.0, 0.005, 0.5, 1.0, 3.0)), bottom + rng.choice((0.0, 0.05, 0.3, 4.0))


def test_the_compiled_loop_drops_what_the_python_loop_drops():
    """Random lines of letters, marks, strokes and blanks with random boxes: the same text, the
    same positions kept and the same changed boxes of the letters before the strokes."""
    alphabet = ["ب", "ن", "ا", "د", "ء", "ّ", "ٔ", " ", "\t", "4", "5", "-", ".", "@", "x", "،", "\u200c"]
    rng = random.Random(39)  # noqa: S311 - test data
    dropping = 0
    for _ in range(6000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        boxes = [_random_box(rng) for _ in text]
        rise = rng.choice((None, (0.0, 0.9), (1.0, 0.2)))
        ink = rng.choice((0.0, 0.04, 0.3))
        expected = _Boxes(lambda positions, boxes=boxes: [boxes[p] for p in positions])
        chars, order = arabic._drop_kashidas(text, list(range(len(text))), expected, rise, ink, blanks=False)
        got = _Boxes(lambda positions, boxes=boxes: [boxes[p] for p in positions])
        dropped = _compiled(text, boxes, rise, ink)
        assert arabic._without_strokes(text, list(range(len(text))), got, dropped) == (chars, order), text
        assert {p: got[p] for p in got.changed} == {p: expected[p] for p in expected.changed}, text
        dropping += bool(dropped)
    assert dropping > 150  # (the random lines drop strokes often enough to tell)


def test_a_line_with_a_changed_box_or_a_blank_a_stroke_high_is_judged_in_python():
    """The compiled loop reads pdfium's boxes: a line with a box a repair changed, or whose page
    has a blank a stroke high (blanks), goes through the Python loop."""
    asked = []

    def read_kashidas(*args: object) -> list[tuple[int, int, arabic.Box]]:
        asked.append(args)
        return []

    text = "ب4ب"
    boxes = _Boxes(lambda positions: [(0.0, 0.0, 1.0, 1.0)] * len(positions))
    arabic._drop_kashidas(text, [0, 1, 2], boxes, None, 0.3, False, read_kashidas)
    assert len(asked) == 1
    arabic._drop_kashidas(text, [0, 1, 2], boxes, None, 0.3, True, read_kashidas)
    boxes.changed.add(0)
    arabic._drop_kashidas(text, [0, 1, 2], boxes, None, 0.3, False, read_kashidas)
    assert len(asked) == 1


def test_a_justified_article_reads_its_kashidas_in_the_compiled_loop(monkeypatch):
    """A mirror article of LibreOffice's justified Dari: its strokes go in the compiled loop (a
    stale _glyph_boxes.so is not loaded: then this fails), and the record is the Python loop's."""
    calls = []
    compiled = pdf._kashidas

    def counted(*args: object) -> list[tuple[int, int, arabic.Box]]:
        found = compiled(*args)  # type: ignore[arg-type]
        calls.append(len(found))
        return found

    data, profile = KASHIDA_ARTICLE.read_bytes(), load_profile("afgazad")
    monkeypatch.setattr(pdf, "_kashidas", counted)
    record = dataclasses.asdict(parse_pdf_article(data, url="https://www.afgazad.com/x.pdf", profile=profile))
    assert sum(calls) > 100
    monkeypatch.setattr(arabic, "_without_strokes", lambda *args: pytest.fail("compiled loop used"))
    monkeypatch.setattr(pdf, "_NATIVE", None)
    python = dataclasses.asdict(parse_pdf_article(data, url="https://www.afgazad.com/x.pdf", profile=profile))
    record.pop("parsed_at", None), python.pop("parsed_at", None)
    assert record == python


def test_a_buffer_hands_the_compiled_loops_the_ints_and_boxes_it_is_given():
    """_BoxBuffer writes positions (a range's, as they are, with the range's start as offset; a
    list's, as its indices), pdfium's indices and changed boxes for the compiled loops (struct's
    packers, see pdf._ints), over whatever a longer line wrote before."""
    buffer = pdf._BoxBuffer(16)
    buffer.set_ints(list(range(100, 116)))
    assert buffer.set_indices(range(40, 60), [3, 1, 7]) == 40
    assert list(buffer.indices[:4]) == [3, 1, 7, 103]
    assert buffer.set_indices([9, 8, 7, 6, 5], [4, 0]) == 0
    assert list(buffer.indices[:3]) == [5, 9, 7]
    changed = {2: (1.5, -2.0, 3.25, 4.0), 0: (0.0, 0.5, 1e9, -1e-9)}
    indices, values, count = buffer.set_changed([10, 11, 12], changed)
    assert count == 2 and list(indices[:2]) == [12, 10]
    assert list(values[:8]) == [1.5, -2.0, 3.25, 4.0, 0.0, 0.5, 1e9, -1e-9]
    assert buffer.set_changed([10], {}) == (None, None, 0)

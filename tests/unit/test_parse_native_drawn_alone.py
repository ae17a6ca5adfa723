"""pdf._glued_alone (the alefs _spaced_alefs looks at) in one compiled call (glyph_boxes.c's
newsmon_drawn_alone) picks the alefs that its two looks a character pick through ctypes: an
alef of a text object other than its line's character before it, and the only character of
that object among pdfium's characters beside it (pdf._drawn_alone). The compiled loop reads the
alef's object once for both looks, so it is checked against the ctypes reads on crafted object
layouts (a C callback stands for pdfium's FPDFText_GetTextObject: the page's first and last
characters, characters of no object, a line's character before the alef that is not pdfium's
one before it) and on real pages."""

from __future__ import annotations

import ctypes
import random
from types import SimpleNamespace

import pypdfium2 as pdfium
import pytest

from newsmon.parse import native, pdf
from tests.pdfs import COMMITTED

_OBJECT_FUNCTION = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)


def _both(monkeypatch: pytest.MonkeyPatch, addresses: list[int | None], chars: list[int] | range,
          alefs: list[int]) -> tuple[list[int], list[int]]:
    """(compiled, by ctypes) picks of a page whose characters' objects are `addresses` (a C
    callback in pdfium's FPDFText_GetTextObject's place for the compiled loop)."""
    page = SimpleNamespace(handle=None, made_up=None)  # (a line of pdfium's order: see _made_up_on_page)
    function = _OBJECT_FUNCTION(lambda _page, index: addresses[index])
    loop = native.load()
    assert loop is not None  # (CI builds the helper: see native.py)
    with monkeypatch.context() as patch:
        patch.setattr(pdf, "_TEXT_OBJECT_ADDRESS", lambda _handle, index: addresses[index])
        patch.setattr(pdf, "_COUNT_CHARS", lambda _handle: len(addresses))
        patch.setattr(pdf, "_NATIVE", None)
        by_ctypes = pdf._glued_alone(page, chars, alefs)  # type: ignore[arg-type]
        patch.setattr(pdf, "_NATIVE", loop)
        patch.setattr(pdf, "_TEXT_OBJECT_FUNCTION", function)
        compiled = pdf._glued_alone(page, chars, alefs)  # type: ignore[arg-type]
    return compiled, by_ctypes


@pytest.mark.parametrize(("addresses", "chars", "alefs", "expected"), [
    ([1, 2], [0, 1], [1], [1]),  # the page's last character, alone
    ([2, 1], [0, 1], [1], [1]),
    ([1, 1], [0, 1], [1], []),  # of the object of the character before
    ([1, None], [0, 1], [1], []),  # an alef of no object
    ([None, 2, 3], [0, 1, 2], [1], [1]),  # the character before of no object
    ([None, None], [0, 1], [1], []),
    ([1, 2, 2], [0, 1, 2], [1], []),  # pdfium's next character of the alef's object
    ([2, 1, 3], [1, 0, 2], [1], [1]),  # the page's first character; the line's one before is pdfium's next
    ([3, 3, 2, 4], [2, 1, 3], [1], []),  # pdfium's character before (not the line's) of the alef's object
    ([3, 1, 1, 4], [0, 2, 3], [1, 2], [2]),
    ([5, 2, 1, 2], [0, 2], [1], [1]),
    ([1, 2, 3, 4, 5], [0, 1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4]),
    ([1, 2, 3], [0, 1, 2], [], []),
])
def test_crafted_layouts_pick_the_same_alefs(monkeypatch: pytest.MonkeyPatch, addresses: list[int | None],
                                             chars: list[int], alefs: list[int], expected: list[int]) -> None:
    assert _both(monkeypatch, addresses, chars, alefs) == (expected, expected)


def test_random_layouts_pick_the_same_alefs(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(45)  # noqa: S311 - test data
    picked = 0
    for _ in range(2000):
        count = rng.randint(2, 9)
        addresses = [rng.choice([None, 1, 1, 2, 3, 4]) for _ in range(count)]
        chars = rng.sample(range(count), count)  # a line's characters, pdfium's in any order
        alefs = sorted(rng.sample(range(1, count), rng.randint(0, count - 1)))
        compiled, by_ctypes = _both(monkeypatch, addresses, chars, alefs)
        assert compiled == by_ctypes, (addresses, chars, alefs)
        picked += len(by_ctypes)
    assert picked > 100  # (the layouts do have alefs drawn alone)


def test_lines_in_pdfiums_order_pick_the_same_alefs(monkeypatch: pytest.MonkeyPatch) -> None:
    """A line whose characters are pdfium's in order (a range, either way) looks at the page's
    characters drawn alone (read with those of no object): the same alefs as the ctypes reads."""
    rng = random.Random(46)  # noqa: S311 - test data
    picked = 0
    for _ in range(2000):
        count = rng.randint(2, 9)
        addresses = [rng.choice([None, 1, 1, 2, 3, 4]) for _ in range(count)]
        start, end = sorted(rng.sample(range(count + 1), 2))
        chars = range(start, end) if rng.random() < 0.7 else range(end - 1, start - 1, -1)
        alefs = sorted(rng.sample(range(1, len(chars)), rng.randint(0, len(chars) - 1))) if len(chars) > 1 else []
        compiled, by_ctypes = _both(monkeypatch, addresses, chars, alefs)
        assert compiled == by_ctypes, (addresses, chars, alefs)
        picked += len(by_ctypes)
    assert picked > 100


@pytest.mark.parametrize("name", ["lo-odt-lateef-clusters-in-words.pdf", "lo-odt-lateef-final-alef.pdf",
                                  "chromium-noto-naskh.pdf"])
def test_real_pages_pick_the_same_alefs(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every character of the page's first page as an alef, after pdfium's character before it and
    after one further back: the compiled call and the ctypes reads pick the same ones."""
    document = pdfium.PdfDocument((COMMITTED / name).read_bytes())
    try:
        textpage = document[0].get_textpage()
        count = textpage.count_chars()
        page = SimpleNamespace(handle=pdf._handle_arg(textpage.raw), made_up=None)
        for chars in (list(range(count)), [0, *range(count - 1)], range(count)):
            alefs = list(range(1, count))
            loop = native.load()
            assert loop is not None
            monkeypatch.setattr(pdf, "_NATIVE", loop)
            compiled = pdf._glued_alone(page, chars, alefs)  # type: ignore[arg-type]
            monkeypatch.setattr(pdf, "_NATIVE", None)
            by_ctypes = pdf._glued_alone(page, chars, alefs)  # type: ignore[arg-type]
            monkeypatch.undo()
            assert compiled == by_ctypes
        assert len(by_ctypes) > 50  # (each page has characters drawn alone: the test can tell)
    finally:
        document.close()

"""pdf._made_up_on_page reads in one compiled call a page (glyph_boxes.c's newsmon_page_objectless)
pdfium's characters of no text object, which _without_spaces_made_up_in_words looks at before
anything else: a line with none of them has no space pdfium made up inside a word. Checked against
a ctypes call a character on crafted layouts (a C callback stands for pdfium's
FPDFText_GetTextObject: the first and last characters, none, every one) and on real pages, and the
line-level answer against the one without the page's set."""

from __future__ import annotations

import ctypes
from types import SimpleNamespace

import pypdfium2 as pdfium
import pytest

from newsmon.parse import native, pdf
from tests.pdfs import COMMITTED

_OBJECT_FUNCTION = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)


@pytest.mark.parametrize("addresses", [[], [None], [1], [None, 1, 1, None], [1, None, 2, None, None, 3],
                                       [1, 2, 1, 1, 3, None, 4], [5, 5], [5, 6], [None, 7, None],
                                       [None] * 700, [7] * 700, [None if k % 3 else k + 1 for k in range(1500)]])
def test_crafted_layouts_give_the_characters_of_no_object(monkeypatch: pytest.MonkeyPatch,
                                                          addresses: list[int | None]) -> None:
    loop = native.load()
    assert loop is not None  # (CI builds the helper: see native.py)
    function = _OBJECT_FUNCTION(lambda _page, index: addresses[index])
    monkeypatch.setattr(pdf, "_NATIVE", loop)
    monkeypatch.setattr(pdf, "_TEXT_OBJECT_FUNCTION", function)
    monkeypatch.setattr(pdf, "_COUNT_CHARS", lambda _handle: len(addresses))
    page = SimpleNamespace(handle=None, made_up=None)
    expected = frozenset(k for k, address in enumerate(addresses) if address is None)
    assert pdf._made_up_on_page(page) == expected  # type: ignore[arg-type]
    assert page.made_up == expected  # (kept: read once a page)
    monkeypatch.setattr(pdf, "_TEXT_OBJECT_ADDRESS", lambda _handle, index: addresses[index])
    alone = [k for k in range(len(addresses)) if pdf._drawn_alone(page, k)]  # type: ignore[arg-type]
    assert page.alone_order == alone and page.alone == frozenset(alone)
    assert page.made_up_order == sorted(expected)


@pytest.mark.parametrize("name", ["lo-odt-lateef-clusters-in-words.pdf", "xetex-zwnj.pdf",
                                  "chromium-noto-naskh.pdf"])
def test_real_pages_give_the_characters_a_call_each_finds(name: str) -> None:
    """LibreOffice's runs (a few spaces made up inside words), XeTeX's (every space made up),
    Chromium's objects of a glyph or two."""
    assert pdf._NATIVE is not None
    document = pdfium.PdfDocument((COMMITTED / name).read_bytes())
    try:
        for number in range(len(document)):
            textpage = document[number].get_textpage()
            count = textpage.count_chars()
            page = SimpleNamespace(handle=pdf._handle_arg(textpage.raw), made_up=None)
            by_call = {k for k in range(count) if pdf._TEXT_OBJECT_ADDRESS(page.handle, k) is None}
            assert pdf._made_up_on_page(page) == by_call  # type: ignore[arg-type]
            assert page.alone_order == [k for k in range(count) if pdf._drawn_alone(page, k)]  # type: ignore[arg-type]
            assert pdf._objectless(page, range(count), list(range(count))) == by_call  # type: ignore[arg-type]
            assert by_call and len(by_call) < count  # (the test can tell them apart)
    finally:
        document.close()


def test_the_lines_read_alike_with_and_without_the_pages_set(monkeypatch: pytest.MonkeyPatch) -> None:
    """The Lateef fixture's lines (spaces made up inside words on some, none on most) come out the
    same whether _without_spaces_made_up_in_words first looks at the page's set or not."""
    from newsmon.parse.article import parse_pdf_article
    from newsmon.sources import load_profile

    data = (COMMITTED / "lo-odt-lateef-clusters-in-words.pdf").read_bytes()
    profile = load_profile("afgazad")
    looked, skipped = [0], [0]
    reads = pdf._made_up_on_page

    def counted(page: object) -> frozenset[int]:
        looked[0] += 1
        return reads(page)  # type: ignore[arg-type]

    original = pdf._without_spaces_made_up_in_words

    def spy(page, text, chars):  # type: ignore[no-untyped-def]
        result = original(page, text, chars)
        skipped[0] += result == (text, chars) and pdf._made_up_on_page(page).isdisjoint(chars)
        return result

    monkeypatch.setattr(pdf, "_made_up_on_page", counted)
    monkeypatch.setattr(pdf, "_without_spaces_made_up_in_words", spy)
    with_set = parse_pdf_article(data, url="https://www.afgazad.com/x.pdf", profile=profile).to_json_dict()
    monkeypatch.undo()
    monkeypatch.setattr(pdf, "_NATIVE", None)
    without = parse_pdf_article(data, url="https://www.afgazad.com/x.pdf", profile=profile).to_json_dict()
    assert with_set == without
    assert looked[0] and skipped[0]  # (lines told at once by the page's set)


def test_a_line_holds_one_of_no_object_as_a_look_at_each_character_tells() -> None:
    """_holds_made_up bisects the page's characters of no object for a line in pdfium's order (a
    range): the same answer as a look at each character, at the edges of the range too."""
    import random

    rng = random.Random(45)  # noqa: S311 - test data
    for _ in range(3000):
        order = sorted(rng.sample(range(60), rng.randint(0, 8)))
        page = SimpleNamespace(made_up=frozenset(order), made_up_order=order)
        start = rng.randint(0, 60)
        chars = range(start, start + rng.randint(0, 12))
        expected = any(k in page.made_up for k in chars)
        assert pdf._holds_made_up(page, chars) == expected, (order, chars)  # type: ignore[arg-type]
        assert pdf._holds_made_up(page, list(chars)) == expected  # type: ignore[arg-type]
        assert pdf._holds_made_up(page, range(chars.stop - 1, chars.start - 1, -1)) == expected  # type: ignore[arg-type]

"""ZWNJ, word space or nothing between two letters: told by gaps against the type size.

Three faults of pdfium's text, each shown on a PDF whose source says what was typed
(made in the test with reportlab, or committed: tests/data/pdfs/, see tools/zwnj_pdfs.py
and tools/producer_pdfs.py), and on hand-made boxes that pin the rules down:

- a ZWNJ's gap is a share of the type size, so a fixed gap in points misses it in small
  type and would see one in large type where letters merely touch;
- XeTeX draws a ZWNJ as a glyph that pdfium reads as a space or no-break space;
- Chromium draws a word space as an object pdfium skips, so pdfium makes no space there.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pypdfium2 as pdfium
from hypothesis import given, settings
from hypothesis import strategies as st

from newsmon.parse.arabic import ZWNJ, Spacing, repair_line
from newsmon.parse.pdf import read_pdf
from newsmon.parse.text import letter_forms, normalize_text
from tests.pdfs import ArticlePdf
from tests.unit.test_parse_producers import html_text

PDFS = Path(__file__).resolve().parents[1] / "data" / "pdfs"

Box = tuple[float, float, float, float]
WIDTH, JOIN = 0.4, -0.02  # a glyph's width and a join's overlap, in ems


def rtl_boxes(text: str, em: float, gaps: dict[int, float] | None = None) -> list[Box]:
    """Boxes of `text` drawn right to left: letters joined (overlapping by 0.02 em), a
    space a made-up one (no width) 0.3 em wide, a no-break space no glyph yet (no width,
    no advance), and `gaps` ({position: ems}) the ink gap after those positions."""
    gaps = gaps or {}
    boxes, right = [], 500.0
    for i, ch in enumerate(text):
        if ch in " \xa0":
            boxes.append((right, 0.0, right, 0.0))
            right -= 0.3 * em if ch == " " else 0.0
            continue
        boxes.append((right - WIDTH * em, 0.0, right, 0.7 * em))
        right -= (WIDTH + gaps.get(i, JOIN)) * em
    return boxes


def reader(boxes: list) -> callable:
    return lambda positions: [boxes[p] for p in positions]


def pens_of(boxes: list[Box], advances: dict[int, float] | None = None, em: float = 12.0) -> list[tuple[float, float]]:
    """(origin, end of advance) of each character: the pens of joined letters meet, and
    after the positions of `advances` ({position: ems}) the pen moved on that far before
    the next glyph (however far apart their ink stands)."""
    pens = [(left, right) for left, _, right, _ in boxes]
    for k in range(len(boxes) - 1):
        pens[k + 1] = (pens[k + 1][0], pens[k][0] - (advances or {}).get(k, 0.0) * em)
    return pens


def test_a_gap_a_small_share_of_the_type_is_a_zwnj_at_any_size():
    text = "کمآبی"
    for em in (10.0, 18.0, 36.0):  # 0.03 em: 0.3 pt in 10 pt type, 1.08 pt in 36 pt type
        assert repair_line(text, reader(rtl_boxes(text, em, {1: 0.03})), em) == "کم" + ZWNJ + "آبی"


def test_letters_that_touch_get_no_zwnj_at_any_size():
    # an Arabic XeTeX font of the real-world set sets joined letters up to 0.004 em apart
    text = "اختبار"
    for em in (10.0, 48.0, 100.0):
        assert repair_line(text, reader(rtl_boxes(text, em, {1: 0.004})), em) == text


def xetex_line(em: float = 12.0, plain_drawn: bool = False, zwnj_moves: float = 0.0) -> tuple[str, list, list]:
    """pdfium's text, boxes and pens of a XeTeX line "او پرسش‌های": the ZWNJ a glyph read as
    a no-break space, 0.24 em wide from the next letter's edge, between letters 0.08 em
    apart; the space after "او" made up (no width) or drawn (`plain_drawn`)."""
    text = "او پرسش\xa0های"
    sep = text.index("\xa0")
    boxes = rtl_boxes(text, em, {sep - 1: 0.08})
    left = boxes[sep + 1][2]
    boxes[sep] = (left, 0.0, left + 0.24 * em, 0.1 * em)
    if plain_drawn:
        boxes[2] = (boxes[2][0] - 0.25 * em, 0.0, boxes[2][0], 0.1 * em)
    pens = pens_of(boxes)
    pens[sep] = (pens[sep - 1][0] - zwnj_moves * em, boxes[sep][2])  # its origin: the letter's before it
    return text, boxes, pens


def test_a_space_glyph_that_moves_the_pen_no_further_is_a_zwnj():
    text, boxes, pens = xetex_line()
    spacing = Spacing(reader(pens))
    assert repair_line(text, reader(boxes), 12.0, spacing) == "او پرسش" + ZWNJ + "های"
    assert repair_line(text, reader(boxes), 12.0) == text  # no pen positions: left alone


def test_a_space_glyph_that_moves_the_pen_is_a_space():
    text, boxes, pens = xetex_line(zwnj_moves=0.25)
    assert repair_line(text, reader(boxes), 12.0, Spacing(reader(pens))) == text


def test_a_line_that_draws_its_spaces_keeps_them():
    # LibreOffice, Word, reportlab draw every space: a drawn one between close letters says nothing
    text, boxes, pens = xetex_line(plain_drawn=True)
    assert repair_line(text, reader(boxes), 12.0, Spacing(reader(pens))) == text


def test_a_word_space_pdfium_missed_is_a_space_not_a_zwnj():
    text = "قیمتآرد"  # "قیمت آرد": pdfium made no space between the words
    em = 12.0
    boxes = rtl_boxes(text, em, {3: 0.3})
    moved_on = pens_of(boxes, {3: 0.3}, em)  # the pen moved on by a space's advance after ت
    assert repair_line(text, reader(boxes), em, Spacing(reader(moved_on))) == "قیمت آرد"
    # the same ink gap with the pen standing still (Amiri's ZWNJ), or moved on by a ZWNJ
    # glyph's own advance (0.08 em in DejaVu Sans): a ZWNJ
    for advance in (0.0, 0.08):
        pens = pens_of(boxes, {3: advance}, em)
        assert repair_line(text, reader(boxes), em, Spacing(reader(pens))) == "قیمت" + ZWNJ + "آرد"
    assert repair_line(text, reader(boxes), em) == "قیمت" + ZWNJ + "آرد"  # no pen positions


def test_a_space_missed_after_a_letter_that_joins_no_next_one():
    text = "نگراناندکه"  # "نگران‌اند که"
    em = 12.0
    boxes = rtl_boxes(text, em, {7: 0.3})
    pens = pens_of(boxes, {7: 0.3}, em)
    missed = Spacing(reader(pens), missed=True)
    assert repair_line(text, reader(boxes), em, missed) == "نگراناند که"
    assert repair_line(text, reader(boxes), em, Spacing(reader(pens))) == text  # pdfium misses none there


LINE_CHARS = list("کمآبیپرسشهاونگرادتل ،.") + ["\xa0", "\u200c", "\u0650"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(LINE_CHARS), min_size=1, max_size=24),
       st.lists(st.tuples(st.floats(0, 200), st.floats(0, 8), st.floats(0, 10), st.floats(-5, 5)),
                min_size=24, max_size=24),
       st.floats(1, 60), st.booleans())
def test_repair_line_never_fails_with_odd_pens(chars, shapes, em, missed):
    """Any text with any boxes and pen positions gives a line back with the same letters:
    only spaces and ZWNJs are put in, taken out or swapped for each other."""
    text = "".join(chars)
    boxes = [(x, 0.0, x + w, h) for x, w, h, _ in shapes]
    pens = [(x + move, x + w) for x, w, _, move in shapes]
    repaired = repair_line(text, reader(boxes), em, Spacing(reader(pens), missed))
    assert re.sub("[ \xa0\u200c]", "", repaired) == re.sub("[ \xa0\u200c]", "", repair_line(text, reader(boxes), em))


# On PDFs


def test_reportlab_zwnj_read_at_every_type_size():
    """DejaVu Sans sets "کم‌آبی" 0.03 em apart: 0.33 pt in 11 pt type, where a fixed
    0.6 pt missed it; and no word without a ZWNJ gets one, however large the type."""
    words = "نمی‌شود کم‌آبی بی‌پاسخ نسخه‌های کتابخانه مردم شهروندان آن‌ها بیشتر".split()
    doc = ArticlePdf(footer=None)
    for size in (11, 16, 24, 32):
        doc.line(" ".join(words), size=size)
    lines = read_pdf(doc.build()).lines
    assert [line.size for line in lines] == [11, 16, 24, 32]
    for line in lines:
        assert letter_forms(normalize_text(line.text), "fa").split() == words, line.size


def tex_lines(name: str) -> list[tuple[str, str]]:
    """(language, line) of each paragraph of a committed .tex: what was typed."""
    source = (PDFS / name).read_text(encoding="utf-8")
    body = source.split("\\begin{document}")[1].split("\\end{document}")[0]
    lines = [re.sub(r"^\{\\\w+ (.*)\}$", r"\1", block.strip()) for block in body.split("\n\n") if block.strip()]
    return [("ps" if "ځ" in line else "fa", line) for line in lines]


@functools.lru_cache
def pdf_lines(name: str, reader_name: str) -> tuple[str, ...]:
    data = (PDFS / name).read_bytes()
    if reader_name == "pdfium":
        doc = pdfium.PdfDocument(data)
        text = "\r\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
        return tuple(normalize_text(line) for line in text.split("\r\n") if line.strip())
    return tuple(normalize_text(line.text) for line in read_pdf(data).lines)


def test_xetex_zwnj_glyphs_read_as_zwnj_and_typed_spaces_stay():
    typed = tex_lines("xetex-zwnj.tex")
    raw, got = pdf_lines("xetex-zwnj.pdf", "pdfium"), pdf_lines("xetex-zwnj.pdf", "newsmon")
    assert len(raw) == len(got) == len(typed)
    assert not any(ZWNJ in line for line in raw), "pdfium reads XeTeX's ZWNJ glyphs right now"
    assert sum(line.count(ZWNJ) for _, line in typed) >= 8
    for (language, line), read in zip(typed, got):
        assert letter_forms(read, language) == line


def test_chromium_word_spaces_pdfium_skipped_are_spaces():
    """Chromium draws a word space as an object of its own; where pdfium skips it, the
    words come out glued, and a ZWNJ put there would make one word of two."""
    raw = " ".join(pdf_lines("chromium-scheherazade.pdf", "pdfium"))
    got = " ".join(pdf_lines("chromium-scheherazade.pdf", "newsmon"))
    typed = html_text("chromium-scheherazade.html")
    for words in ("قیمت آرد", "نمی‌توانند آن"):
        assert words in typed and words in got
        assert words.replace(" ", "").replace(ZWNJ, "") in raw.replace(ZWNJ, "")

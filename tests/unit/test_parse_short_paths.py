"""The short paths the parser takes for most input give what its general ones give: a page with
no line-end hyphen split into lines, a kashida run of one stroke, a document information entry
that fits the buffer kept for it (and one that does not), a page with no Arabic mark."""

from __future__ import annotations

import io
import math
from pathlib import Path

import pypdfium2 as pdfium
from hypothesis import given, settings
from hypothesis import strategies as st

from newsmon.parse import arabic
from newsmon.parse.arabic import _Boxes
from newsmon.parse.pdf import _line_spans, open_pdf

BEH, NOON = "ب", "ن"
PDFS = Path(__file__).resolve().parents[1] / "data" / "pdfs"


def test_a_page_with_no_line_end_hyphen_is_split_at_its_line_breaks_blank_lines_left_out():
    text = "one line\r\n  \r\n\r\ntwo\r\n three \r\n"
    assert _line_spans(text) == [(0, 8), (16, 19), (21, 28)]
    assert [text[a:b] for a, b in _line_spans(text)] == ["one line", "two", " three "]
    assert _line_spans("") == [] and _line_spans(" \r\n\t") == []


def test_a_page_with_a_line_end_hyphen_is_split_there_too():
    text = "hy\ufffephen and\r\n \r\nmore\ufffe\r\n"
    assert [text[a:b] for a, b in _line_spans(text)] == ["hy\ufffe", "phen and", "more\ufffe"]


def _strokes(boxes: dict[int, tuple[float, float, float, float]]):
    return lambda positions: [boxes[p] for p in positions]


def test_a_run_of_one_stroke_goes_where_it_joins_its_letters_and_stays_where_it_stands_apart():
    """A kashida of one stroke ("ب4ن"), flat and touching both letters, goes; one that stands
    tall (a real "4") or apart stays. Runs of two strokes and of a stroke and a blank as before."""
    letter_b, letter_n = (20.0, 0.0, 30.0, 8.0), (0.0, 0.0, 10.0, 8.0)
    flat, tall, apart = (10.0, 0.0, 20.0, 1.0), (10.0, 0.0, 20.0, 7.0), (12.0, 0.0, 18.0, 1.0)
    text = BEH + "4" + NOON
    assert arabic._drop_kashidas(text, [0, 1, 2], _Boxes(_strokes({0: letter_b, 1: flat, 2: letter_n})),
                                 None, 0.3) == (BEH + NOON, [0, 2])
    for stroke in (tall, apart):
        boxes = _strokes({0: letter_b, 1: stroke, 2: letter_n})
        assert arabic._drop_kashidas(text, [0, 1, 2], _Boxes(boxes), None, 0.3) == (text, [0, 1, 2])
    two = {0: (25.0, 0.0, 35.0, 8.0), 1: (15.0, 0.0, 25.0, 1.0), 2: (10.0, 0.0, 15.0, 1.0), 3: letter_n}
    assert arabic._drop_kashidas(BEH + "44" + NOON, [0, 1, 2, 3], _Boxes(_strokes(two)), None, 0.3) \
        == (BEH + NOON, [0, 3])
    blank = {0: (25.0, 0.0, 35.0, 8.0), 1: (15.0, 0.0, 25.0, 1.0), 2: (10.0, 0.0, 15.0, 1.0), 3: letter_n}
    assert arabic._drop_kashidas(BEH + "4 " + NOON, [0, 1, 2, 3], _Boxes(_strokes(blank)), None, 0.3) \
        == (BEH + NOON, [0, 3])


def _pdf(producer: str, creator: str) -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(595.0, 842.0), invariant=1)
    pdf.setProducer(producer)
    pdf.setCreator(creator)
    pdf.setFont("Helvetica", 11)
    pdf.drawString(60, 760, "A line of text.")
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def test_document_information_entries_read_as_pypdfium2_reads_them_short_or_long():
    """Producer and Creator as PdfDocument.get_metadata_value gives them: a short entry (read
    into the buffer kept for it), a long one (read again into one of its size) and an empty one."""
    for producer, creator in (("LibreOffice 7.3", "Writer"), ("x" * 300 + " TeX", ""),
                              ("ReportLab " * 60, "Writer " + "ب" * 400)):
        data = _pdf(producer, creator)
        with open_pdf(data) as pdf:
            got = pdf.producer, pdf.creator
        doc = pdfium.PdfDocument(data)
        try:
            assert got == (doc.get_metadata_value("Producer"), doc.get_metadata_value("Creator"))
        finally:
            doc.close()


class _Spy:
    """A pattern that counts the searches made with it."""

    def __init__(self, pattern):
        self.pattern, self.searches = pattern, 0

    def search(self, *args):
        self.searches += 1
        return self.pattern.search(*args)


def test_a_page_with_no_arabic_mark_is_not_searched_for_one_drawn_apart(monkeypatch):
    """A page whose text has no Arabic mark at all (most) has none drawn apart, on the page or
    in a line of it: neither is searched for one. A page with marks is, as before."""
    from newsmon.parse import pdf

    for name, searched in (("chromium-noto-naskh.pdf", False), ("libreoffice-kashida-spaces.pdf", True)):
        data = (PDFS / name).read_bytes()
        with open_pdf(data) as plain:
            expected = [line.text for line in plain.lines]
        spy = _Spy(pdf._DETACHED_MARK)
        monkeypatch.setattr(pdf, "_DETACHED_MARK", spy)
        with open_pdf(data) as read:
            assert [line.text for line in read.lines] == expected
        assert (spy.searches > 0) == searched, name
        monkeypatch.undo()


_COORDINATES = st.one_of(st.floats(min_value=-5.0, max_value=40.0), st.sampled_from([0.0, -0.0, 10.0, 20.0, math.nan]))
_BOXES = st.tuples(_COORDINATES, _COORDINATES, _COORDINATES, _COORDINATES)


def _one_stroke_as_the_general_path(boxes: dict[int, tuple[float, float, float, float]],
                                    rise: tuple[float, float] | None) -> tuple[bool, tuple[float, ...]]:
    """Whether the general path (_stroke_reach and _touches) drops the stroke of "ب4ن", and the
    letter's box it leaves."""
    reach = arabic._stroke_reach([boxes[1]])
    if reach is None or not (arabic._touches(reach, boxes[0]) and arabic._touches(reach, boxes[2])
                             and (rise is None or reach[2] - rise[0] <= rise[1])):
        return False, boxes[0]
    left, bottom, right, top = boxes[0]
    return True, (min(left, reach[0]), bottom, right, top)


@settings(max_examples=1000, deadline=None)
@given(_BOXES, _BOXES, _BOXES, st.one_of(st.none(), st.tuples(_COORDINATES, _COORDINATES)))
def test_a_run_of_one_stroke_is_judged_as_the_general_path_judges_it(before, stroke, after, rise) -> None:
    """_drop_kashidas writes the one-stroke run's judgement out (no _stroke_reach, _touches):
    it drops the same strokes and widens the letter's box the same way, NaN and -0.0 included."""
    boxes = {0: before, 1: stroke, 2: after}
    dropped, box = _one_stroke_as_the_general_path(boxes, rise)
    read = _Boxes(_strokes(boxes))
    got = arabic._drop_kashidas(BEH + "4" + NOON, [0, 1, 2], read, rise, 0.3)
    assert got == ((BEH + NOON, [0, 2]) if dropped else (BEH + "4" + NOON, [0, 1, 2]))
    assert repr(read[0]) == repr(box) and (0 in read.changed) == dropped


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 40), st.integers(1, 9), st.integers(1, 3)), min_size=1, max_size=12),
       st.lists(st.one_of(st.sampled_from([0.0, -0.0, 10.25, 10.35, 11.95, -1.0, 0.01]),
                          st.floats(min_value=-2.0, max_value=30.0)), min_size=1, max_size=4),
       st.booleans())
def test_a_pages_body_size_is_the_most_common_rounded_size_of_its_lines(spans, sizes, indexed) -> None:
    """pdf._body_size, read with list comprehensions and the page's rounded sizes at hand, gives
    what reading each line's middle and rounding it one by one gives (pdfium's indices too)."""
    from newsmon.parse import pdf

    lines = [[(start, start + length)] + [(start + length, start + length + 1)] * extra
             for start, length, extra in spans]
    chars = list(range(0, 200, 2)) if indexed else None
    page = pdf._Page(None, 0, chars, {})
    middles = []
    for pieces in lines:
        start, end = pieces[0]
        if chars is not None:
            start, end = chars[start], chars[end - 1] + 1
        middles.append(start + (end - start) // 2)
    for k, middle in enumerate(middles):
        page.sizes.setdefault(middle, sizes[k % len(sizes)])
    count: dict[float, int] = {}
    for middle in middles:
        size = round(page.sizes[middle], 1)
        count[size] = count.get(size, 0) + 1
    count.pop(round(pdf._NO_FONT_SIZE, 1), None)
    want = max(count, key=count.__getitem__) if count else 0.0
    assert repr(pdf._body_size(page, lines)) == repr(want)
    assert repr(pdf._body_size(page, lines)) == repr(want)  # (its sizes kept rounded for the page now)

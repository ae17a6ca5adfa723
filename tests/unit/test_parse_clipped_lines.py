"""Glyphs the page's clip hides: Chromium draws the first line of the next page under the text
area too, clipped away but for the tops of its tall letters, and pdfium reads those as a line
("آ ک گ" under the page's last line; the line itself opens the next page). A short line whose
every glyph stands mostly outside its text object's clip box is no text of the page.

tests/data/pdfs/chromium-clipped-next-line.pdf is page 1 of the layout probe's document
v2221-chromium_clean-fa (`python -m tools.corpus.probe_layout --out DIR --first-seed 2200 --only
v2221-chromium_clean-fa`; a dev text, Dari, seed 2221), the page taken by pdfium's import_pages."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from newsmon.parse.pdf import read_pdf

PDF = Path(__file__).resolve().parents[1] / "data" / "pdfs" / "chromium-clipped-next-line.pdf"


def test_a_line_the_clip_hides_is_not_read():
    data = PDF.read_bytes()
    raw = pdfium.PdfDocument(data)[0].get_textpage().get_text_range()
    assert raw.rstrip().endswith("آ ک گ"), "pdfium no longer reads the clipped glyphs"
    lines = [line.text for line in read_pdf(data).lines]
    assert "آ ک گ" not in lines
    assert lines[-1].endswith("مانند WFP،")  # the page's real last line stays
    assert len(lines) > 20


def _clip_box_as_pypdfium2_reads_it(text_object) -> tuple[float, float, float, float] | None:
    """pdf._clip_box as it read the clip through pypdfium2's checked bindings."""
    import ctypes

    raw = pdfium.raw
    clip = raw.FPDFPageObj_GetClipPath(text_object) if text_object else None
    if not clip:
        return None
    x, y = ctypes.c_float(), ctypes.c_float()
    xs, ys = [], []
    for path in range(raw.FPDFClipPath_CountPaths(clip)):
        for segment in range(raw.FPDFClipPath_CountPathSegments(clip, path)):
            if raw.FPDFPathSegment_GetPoint(raw.FPDFClipPath_GetPathSegment(clip, path, segment), x, y):
                xs.append(x.value)
                ys.append(y.value)
    return (min(xs), min(ys), max(xs), max(ys)) if xs else None


def test_a_glyphs_clip_box_through_bare_calls_is_pypdfium2s():
    """pdf._clip_box reads a text object's clip path through bare ctypes calls (see pdf._bare):
    the same box, to the float, for every character of a clipped Chromium page (none for a
    character pdfium does not have), and the page's clipped glyphs among them."""
    from newsmon.parse import pdf

    document = pdfium.PdfDocument(PDF.read_bytes())
    text = document[0].get_textpage()
    handle = pdf._handle_arg(text.raw)
    boxes = [(pdf._clip_box(pdf._GET_TEXT_OBJECT(handle, index)),
              _clip_box_as_pypdfium2_reads_it(pdfium.raw.FPDFText_GetTextObject(text.raw, index)))
             for index in range(-1, text.count_chars())]
    assert all(repr(bare) == repr(checked) for bare, checked in boxes)
    assert boxes[0] == (None, None) and sum(bare is not None for bare, _ in boxes) >= 3

"""Two faults of Word's .docx justified with kashidas by LibreOffice, in the Nazli font (found
by the layout probe: python -m tools.corpus.probe_layout, document v2015-lo_docx-fa, a dev
text, seed 2015; committed as tests/data/pdfs/libreoffice-docx-nazli-kashida-brackets.pdf):

- LibreOffice draws kashida strokes after a closing bracket too, mapped to ",": pdfium reads
  "(IEC),, هنوز" and "(EU), و". A sign right after a bracket that is a flat stroke lying on
  the baseline is no comma (whose tail reaches below it), stop, hyphen (above it) or
  underscore (below it): it goes.
- pdfium gives a paragraph's last stop as a line of its own ("... کمتر خواهد شد" then "."),
  though it stands on that line's baseline, nearer than a word space: it ends that line."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from newsmon.parse.arabic import _Boxes, _drop_bracket_strokes
from newsmon.parse.pdf import read_pdf
from newsmon.parse.text import normalize_text

PDF = Path(__file__).resolve().parents[1] / "data" / "pdfs" / "libreoffice-docx-nazli-kashida-brackets.pdf"


def _raw_and_read() -> tuple[str, list[str]]:
    data = PDF.read_bytes()
    document = pdfium.PdfDocument(data)
    raw = "".join(page.get_textpage().get_text_range() for page in document)
    document.close()
    return raw, [normalize_text(line.text) for line in read_pdf(data).lines]


def test_kashida_strokes_after_a_bracket_go():
    raw, lines = _raw_and_read()
    assert "IEC),," in raw and "EU)," in raw, "pdfium reads no strokes now"
    text = " ".join(lines)
    assert "(IEC) هنوز" in text and "(EU) و نمایندگان" in text
    assert ")," not in text


def test_a_stop_read_as_a_line_of_its_own_ends_its_line():
    raw, lines = _raw_and_read()
    assert "خواهد شد\r\n.\r\n" in raw, "pdfium reads the stop on its line now"
    assert any(line.endswith("کمتر خواهد شد.") for line in lines)
    assert "." not in lines


def test_a_comma_after_a_bracket_stays():
    """A real comma (its box as high as wide, reaching below the baseline) is kept, as is a
    flat stroke above the baseline (a hyphen)."""
    boxes = {0: (10.0, 0.0, 12.0, 10.0), 1: (8.0, -2.0, 9.5, 1.5), 2: (5.0, 3.0, 7.5, 4.0), 3: (0.0, 0.0, 4.0, 6.0)}
    chars, order = _drop_bracket_strokes(")," + " ", [0, 1, 3], _Boxes(lambda ps: [boxes[p] for p in ps]), (0.0, 0.6))
    assert chars == "), "
    chars, order = _drop_bracket_strokes(")-" + " ", [0, 2, 3], _Boxes(lambda ps: [boxes[p] for p in ps]), (0.0, 0.6))
    assert chars == ")- "
    flat = {0: (10.0, 0.0, 12.0, 10.0), 1: (7.0, 0.0, 9.8, 1.0), 3: (0.0, 0.0, 4.0, 6.0)}
    chars, order = _drop_bracket_strokes("), ", [0, 1, 3], _Boxes(lambda ps: [flat[p] for p in ps]), (0.0, 0.6))
    assert (chars, order) == (") ", [0, 3])
    # after a guillemet too (layout probe v4603-lo_docx-fa: "«Made in Pakistan»%" with a stroke mapped to "%")
    chars, order = _drop_bracket_strokes("»% ", [0, 1, 3], _Boxes(lambda ps: [flat[p] for p in ps]), (0.0, 0.6))
    assert (chars, order) == ("» ", [0, 3])
    percent = {0: (10.0, 0.0, 12.0, 10.0), 1: (7.0, 0.0, 9.8, 7.0), 3: (0.0, 0.0, 4.0, 6.0)}
    assert _drop_bracket_strokes("»% ", [0, 1, 3], _Boxes(lambda ps: [percent[p] for p in ps]), (0.0, 0.6))[0] == "»% "


def test_a_stroke_mapped_to_a_letter_after_a_bracket_goes():
    """Nazli's subset maps LibreOffice's kashida stroke to a letter (layout probe v3041-lo_docx-fa,
    seed 3041: pdfium reads "(UNAMA)J در"): a flat letter on the baseline after a bracket goes;
    a real letter (as high as wide) or digit there stays."""
    flat = {0: (10.0, 0.0, 12.0, 10.0), 1: (5.1, 0.0, 9.9, 1.1), 3: (0.0, 0.0, 4.0, 6.0)}
    read = _Boxes(lambda ps: [flat[p] for p in ps])
    assert _drop_bracket_strokes(")J ", [0, 1, 3], read, (0.0, 0.6)) == (") ", [0, 3])
    assert _drop_bracket_strokes(")4", [0, 1], _Boxes(lambda ps: [flat[p] for p in ps]), (0.0, 0.6)) == (")", [0])
    letter = {0: (10.0, 0.0, 12.0, 10.0), 1: (5.1, 0.0, 9.9, 7.0), 3: (0.0, 0.0, 4.0, 6.0)}
    for text in (")s ", ")J ", ")2 "):
        assert _drop_bracket_strokes(text, [0, 1, 3], _Boxes(lambda ps: [letter[p] for p in ps]), (0.0, 0.6))[0] == text

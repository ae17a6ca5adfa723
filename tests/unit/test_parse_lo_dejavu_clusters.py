"""LibreOffice from .odt with DejaVu Sans, the font LibreOffice falls back to for Arabic script on
a machine with no other (a probe of fonts: `probe_fonts --font "DejaVu Sans" --lang fa`, seed 4607,
made again by tools/corpus/probe_fixture.py).

- "زمینهٔ" ends a line, and LibreOffice draws its "هٔ" as a cluster of its own, read as a line of
  pdfium's between the line above and its own: beside the end of the line above, and within its
  reach, so it joined that line and its own line with it, three lines as one. A cluster alone
  joins a line whose letters stand on its letter's baseline, or less than a line apart
  (pdf._letters_level).
- LibreOffice draws the stop of "کند." apart, and pdfium reads it right before the word
  (".کند"), and the last letter of the line's last word ("بایومتریک") first: two parts read one
  right after the other left the line as read (pdf._positional_order); a lone stop is no word's
  part.
"""

from __future__ import annotations

from tests.pdfs import committed_probe, committed_probe_reads, committed_raw_text

NAME = "lo-odt-dejavu-clusters-and-stops"


def test_pdfium_reads_the_clusters_and_stops_apart():
    lines = committed_raw_text(NAME, all_pages=True).splitlines()
    assert "ک New York Times روزنامه .کند ٔ" in lines
    at = lines.index("ٔه")
    assert "بایومتری" in lines[at - 1] and lines[at + 1].endswith("زمین\x1b")


def test_each_line_reads_whole_and_in_order():
    committed_probe_reads(NAME, "و همگانی کند. روزنامهٔ New York Times در گزارشی", "که دستگاه‌های بایومتریک در برخی",
                          "همین مساله زمینهٔ شکایت‌های تازه", "در مرحلهٔ نخست، عکس")


def test_kashidas_mapped_to_control_codes_are_no_garbled_text():
    """LibreOffice maps DejaVu Sans's kashida glyph in justified lines to a free control code
    ("بایومتری\\x1bک"); normalising drops it and the word is whole. Counted as a glyph with no
    character, they made 3 % of the text and the record was warned of as garbled (`garbled_text`,
    which the row suite quarantines): text.count_controls leaves out controls inside a word."""
    from newsmon.parse.text import count_controls

    assert "بایومتری\x1b" in committed_raw_text(NAME, all_pages=True)
    _, record = committed_probe(NAME)
    assert "garbled_text" not in record.parse_warnings
    assert count_controls("بایومتری\x1bک س\x1c\x1cال") == 0
    assert count_controls("\x01\x02 abc x\x1b ب\x1b") == 4  # (not between two Arabic letters)

"""A Solar Hijri date on a line LibreOffice justified with kashidas ("۱۴۰۲/۸/۱۲") is drawn in
pieces, and pdfium gives its slashes first, then its parts right to left, spaces made up between
them all ("/ / ۱۲ ۸ ۱۴۰۲"; a second texts probe: 2 of 7 LibreOffice ODT documents). Two slashes
side by side are no typed text's: the pieces are put back left to right as they stand.
tests/data/pdfs/libreoffice-pashto-justified-date.pdf is that probe's v4938-lo_odt-ps.
"""

from __future__ import annotations

from pathlib import Path

from newsmon.parse.arabic import _join_spaced_numbers
from newsmon.parse.article import parse_pdf_article
from newsmon.sources import load_profile

PDFS = Path(__file__).resolve().parents[1] / "data" / "pdfs"


class _Boxes(dict):
    def need(self, positions):
        pass


def test_the_date_reads_as_typed():
    record = parse_pdf_article((PDFS / "libreoffice-pashto-justified-date.pdf").read_bytes(),
                               url="https://www.afgazad.com/x.pdf", profile=load_profile("afgazad"))
    assert "د جمعې په ورځ ۱۴۰۲/۸/۱۲ په جلال" in record.body_text.replace("\n", " ")


def test_only_parts_and_slashes_that_alternate_as_they_stand():
    text = "ورځ / / ۱۲ ۸ ۱۴۰۲ په"
    # x of each character: the date's pieces stand "۱۴۰۲ / ۸ / ۱۲" left to right
    xs = {4: 40, 6: 50, 8: 60, 9: 61, 11: 45, 13: 0, 14: 1, 15: 2, 16: 3}
    boxes = _Boxes({k: (x, 0.0, x + 1.0, 1.0) for k, x in xs.items()})
    assert _join_spaced_numbers(text, list(range(len(text))), boxes)[0] == "ورځ ۱۴۰۲/۸/۱۲ په"
    # two slashes standing side by side: left as pdfium gave it
    boxes.update({4: (30, 0.0, 31.0, 1.0), 6: (35, 0.0, 36.0, 1.0)})
    assert _join_spaced_numbers(text, list(range(len(text))), boxes)[0] == text

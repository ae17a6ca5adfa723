"""A guillemet pair opened on one line and closed on the next (found in the dev-style probe
samples, LibreOffice and Chromium with Amiri alike: "د «دیوانِ" then "حافظ» او «کلیاتِ خوشال» نوې").
pdfium mirrors the guillemets of the second line ("حافظ« او »کلیاتِ خوشال« نوې"); its first one,
glued to the end of a word, closes the pair the line before opened, though the line opens none.
It was taken for an opening guillemet pdfium put across its space ("د« دیوان»" for "د «دیوان»"),
and the line read "حافظ «او» کلیاتِ خوشال»". The page is printed by Debian's Chromium in the test."""

from __future__ import annotations

from newsmon.parse.arabic import repair_line
from newsmon.parse.pdf import read_pdf
from newsmon.parse.text import normalize_text
from tests.unit.test_parse_chromium_spaces import chromium_pdf

FIRST = "په 2015 کال کې د «دیوانِ"
SECOND = "حافظ» او «کلیاتِ خوشال» نوې ډیجیټل نسخې هم آنلاین شوې."


def test_a_pair_the_line_before_opened_is_closed_where_its_guillemet_stands(tmp_path):
    data = chromium_pdf([f"{FIRST}<br>{SECOND}"], tmp_path)
    lines = [normalize_text(line.text) for line in read_pdf(data).lines]
    assert lines == [FIRST, SECOND]


def test_a_guillemet_moved_across_its_space_still_goes_back_when_the_pair_closes_on_the_line():
    """The case the rule was made for stays: "د« دیوان» او" is "د «دیوان» او" (boxes that
    say nothing: the text alone tells)."""
    text = "د« دیوان» او"
    assert repair_line(text, lambda positions: [(0.0, 0.0, 0.0, 0.0)] * len(positions)) == "د «دیوان» او"

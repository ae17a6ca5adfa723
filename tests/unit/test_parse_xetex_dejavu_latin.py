"""XeTeX with DejaVu Sans (a probe of fonts: `probe_fonts --font "DejaVu Sans" --lang fa`, seed 4686,
made again by tools/corpus/probe_fixture.py): the line "و IOM نیز برنامه‌هایی ..." opens with a
hamza that XeTeX draws apart, and pdfium reads the line's right end, "و IOM", after the rest and
left to right ("IOM و"). pdf._positional_order put the parts in order by where they stand, but took
"IOM و" for one part, read as it came: "IOM و نیز". A Latin word read left to right and followed by
an Arabic letter standing right of it are two parts.
"""

from __future__ import annotations

from tests.pdfs import committed_probe_reads, committed_raw_text

NAME = "xetex-dejavu-latin-word-opening-a-line"


def test_pdfium_reads_the_line_s_start_last_and_left_to_right():
    assert "IOM و" in committed_raw_text(NAME, all_pages=True).splitlines()


def test_the_latin_word_stands_after_the_conjunction():
    committed_probe_reads(NAME, "WFP، UNHCR و IOM نیز برنامه‌هایی")

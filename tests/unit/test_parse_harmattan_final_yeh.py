"""A narrow gap after a letter drawn in its joining form is no ZWNJ (arabic.NARROW_GAP_EM).

SIL's Harmattan ends its final yeh (Pashto "چې", "کې", "خپلې") 0.012 to 0.018 em short of the
letter it joins, whose ink starts at its origin. newsmon took every such gap for a ZWNJ and
wrote "چ‌ې", where pdfium's own text had "چې": worse than the raw text, in 8 of 14 Pashto
documents of a probe of fonts the corpora never use. A letter before a real ZWNJ is in its
final or isolated form and starts its ink inside its advance.

libreoffice-harmattan-final-yeh.pdf is written by LibreOffice (soffice --headless --convert-to
pdf) from libreoffice-harmattan-final-yeh.fodt (the corpus's LibreOffice styles, Harmattan,
Pashto sentences written for this test).
"""

from __future__ import annotations

from newsmon.parse.arabic import repair_line
from tests.pdfs import box_reader, committed_source_and_lines

NAME = "libreoffice-harmattan-final-yeh"
EM = 14.0


def test_every_word_as_the_source_spells_it():
    source, lines = committed_source_and_lines(NAME)
    assert lines[:4] == source
    assert sum(line.count("\u200c") for line in lines[:4]) == 2  # "سیمه‌ییزو", "بې‌ځایه" only


def _chay(origin_inset_em: float) -> str:
    """"اچې" drawn as Harmattan draws it at 14 pt: the yeh's ink ends 0.21 pt (0.015 em) short of
    the cheh; the cheh's ink starts `origin_inset_em` right of its origin. (An alef before it: no
    word has a ZWNJ after its first letter, see arabic._restore_zwnj.)"""
    boxes = [(483.10, 581.03, 485.20, 592.40), (474.93, 581.03, 481.24, 588.16), (467.29, 577.10, 474.72, 585.73)]
    origins = [482.60, 474.93 - origin_inset_em * EM, 466.85]
    return repair_line("اچې", box_reader(boxes), EM, read_origins=box_reader(origins))


def test_a_narrow_gap_after_a_joining_form_is_no_zwnj():
    assert _chay(0.0) == "اچې"
    assert _chay(-0.009) == "اچې"  # its joining stroke reaches a little past its origin


def test_the_same_gap_after_a_final_form_is_a_zwnj():
    """A final or isolated form starts its ink inside its advance (0.015 em or more)."""
    assert _chay(0.02) == "اچ\u200cې"

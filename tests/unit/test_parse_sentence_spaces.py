"""A word space pdfium misses after a sentence's or clause's punctuation, before a capital.

lualatex-sentence-spaces.pdf is typeset by LuaLaTeX from lualatex-sentence-spaces.tex: TeX
draws no space character, and where a justified line shrinks a word space (~0.11 em) after a
full stop, question mark, comma or colon, before a capital whose ink starts at its origin,
pdfium makes none up ("gefunden.Afghanistan", seen in a fresh LuaLaTeX probe document). The pen
moved on by a space there; inside "U.S.A.", "e.V.", "z.B.", "Ph.D." it did not.
"""

from __future__ import annotations

from pathlib import Path

from newsmon.parse.latin_spaces import capital_joints
from newsmon.parse.pdf import read_pdf

PDF = Path(__file__).resolve().parents[1] / "data" / "pdfs" / "lualatex-sentence-spaces.pdf"


def lines() -> list[str]:
    return [line.text for line in read_pdf(PDF.read_bytes()).lines]


def test_punctuation_before_a_capital_is_a_joint():
    assert capital_joints("gefunden.Afghanistan will,Asian") == [9, 26]
    assert capital_joints("no joint here. None") == []


def test_a_space_after_punctuation_that_the_pen_shows_is_put_back():
    text = " ".join(lines())
    for words in ("gefunden. Afghanistan plant", "the canal? Afghanistan says", "donors will, Asian banks",
                  "will not: All of them"):
        assert words in text


def test_abbreviations_stay_whole():
    assert lines()[-1] == "The U.S.A. and the e.V. of Herat, z.B. the Ph.D. students, wrote to the ministry."

"""LuaTeX (LuaLaTeX, babel's bidi, HarfBuzz) draws each right-to-left run in visual order and
marks nothing, so pdfium gives the runs' letters turned round ("ناتسناغفا") and misses most
spaces between their words. The page is tests/data/pdfs/lualatex-visual-runs.pdf, made by
lualatex from the .tex beside it (CI has no LuaTeX: the PDF is committed)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from newsmon.parse.pdf import read_pdf

PAGE = Path(__file__).resolve().parents[1] / "data" / "pdfs" / "lualatex-visual-runs.pdf"


def test_pdfium_gives_luatex_runs_turned_round():
    """The premise: pdfium's own text of the page has the runs in visual order, glued."""
    raw = pdfium.PdfDocument(PAGE.read_bytes())[0].get_textpage().get_text_range()
    assert "دازآناتسناغفا" in raw and "افغانستان" not in raw


def test_luatex_runs_are_read_in_logical_order_with_their_word_spaces():
    lines = [line.text for line in read_pdf(PAGE.read_bytes()).lines]
    assert lines[:2] == ["افغانستان آزاد", "کتابخانه شهر"]
    assert lines[2].startswith("A short English paragraph")  # the Latin lines as they were
    assert "کتابخانه شهر هر روز باز است و" in lines[-1] and lines[-1].endswith("تازه دارد")

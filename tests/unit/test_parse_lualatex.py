"""LuaTeX (LuaLaTeX, babel's bidi, HarfBuzz) draws each right-to-left run in visual order and
marks nothing, so pdfium gives the runs' letters turned round ("ناتسناغفا"), the pieces of a
line in an order of its own, and misses most spaces between their words. The pages are
tests/data/pdfs/lualatex-*.pdf, made by lualatex from the .tex beside each (CI has no LuaTeX:
the PDFs are committed).

A page tells how its runs are drawn by its first run of letters, but a run that opens at a final
heh tells nothing (pdf._around_cluster): a German article's second page, whose only Arabic script
is its Dari footer "صفحه 2" (pdfium: "هحفص 2"), is read as its first page was
(lualatex-de-dari-footer: tools/corpus/probe_fixture.py from a lualatex probe, seed 9026)."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium

from newsmon.parse.drawn_order import logical_order
from newsmon.parse.pdf import read_pdf
from tests.pdfs import COMMITTED, committed_probe_reads, committed_raw_text

PAGE = Path(__file__).resolve().parents[1] / "data" / "pdfs" / "lualatex-visual-runs.pdf"
# Dari and Pashto lines with a Latin phrase, Latin and Persian numbers, ZWNJs, a space Amiri
# kerns before a kaf ("به کتابخانهٔ") and lam-kaf joins ("ملګرو", "لکه"), and lines in three
# more fonts (see the .tex): each paragraph one line.
LINES = PAGE.with_name("lualatex-dari-lines.pdf")
# English and German paragraphs with word spaces as narrow as a justified line shrinks them
# before a capital, and names with a capital inside ("McCue", "YouTube"): see the .tex.
LATIN = PAGE.with_name("lualatex-latin-spaces.pdf")


def test_pdfium_gives_luatex_runs_turned_round():
    """The premise: pdfium's own text of the page has the runs in visual order, glued."""
    raw = pdfium.PdfDocument(PAGE.read_bytes())[0].get_textpage().get_text_range()
    assert "دازآناتسناغفا" in raw and "افغانستان" not in raw


def test_luatex_runs_are_read_in_logical_order_with_their_word_spaces():
    lines = [line.text for line in read_pdf(PAGE.read_bytes()).lines]
    assert lines[:2] == ["افغانستان آزاد", "کتابخانه شهر"]
    assert lines[2].startswith("A short English paragraph")  # the Latin lines as they were
    assert "کتابخانه شهر هر روز باز است و" in lines[-1] and lines[-1].endswith("تازه دارد")


def _paragraphs(tex: Path) -> list[str]:
    """The paragraphs of the document's body as typed in the .tex (each one line of the
    page), without the font switch around some of them."""
    body = tex.read_text(encoding="utf-8").split("\\begin{document}")[1].split("\\end{document}")[0]
    paragraphs = [" ".join(paragraph.split()) for paragraph in body.split("\n\n") if paragraph.strip()]
    return [re.sub(r"^\{\\fontspec\{[^}]*\}\[[^]]*\] (.*)\}$", r"\1", paragraph) for paragraph in paragraphs]


def test_pdfium_scrambles_the_pieces_of_luatex_lines():
    """The premise: pdfium's own text of the page has the date inside the byline's words."""
    raw = pdfium.PdfDocument(LINES.read_bytes())[0].get_textpage().get_text_range()
    assert "سیما اکبری" not in raw and "۱۲.۰۶.۲۰۲۰" not in raw


def test_luatex_lines_are_read_in_logical_word_order():
    typed = _paragraphs(LINES.with_suffix(".tex"))
    lines = [line.text for line in read_pdf(LINES.read_bytes()).lines]
    assert len(typed) == 7 and [line.split() for line in lines] == [line.split() for line in typed]
    assert lines == typed  # the ZWNJs and the punctuation where they were typed, too


def _logical(visual: str, rtl: bool = True) -> str:
    """The logical text of a line whose characters stand left to right as `visual`."""
    order = logical_order(visual, list(range(len(visual))), rtl)
    return "".join(visual[k] for k in order)


def test_logical_order_turns_a_right_to_left_line_round_but_its_latin_runs():
    assert _logical("19.03.2019 یربکا") == "اکبری 19.03.2019"
    assert _logical("A، B هلحرم") == "مرحله A، B"  # "A، B" stands left to right, its comma inside
    assert _logical("تاب UN-للم") == "ملل-UN بات"  # a hyphen between the scripts: the line's direction


def test_logical_order_keeps_the_hyphen_tex_breaks_a_latin_word_at_the_line_end_with():
    assert _logical("ASY-(مټسیس") == "سیسټم(ASY-"


def test_logical_order_turns_the_arabic_runs_of_a_left_to_right_line():
    assert _logical("the word باتک here", rtl=False) == "the word کتاب here"


def test_pdfium_misses_narrow_luatex_spaces_before_a_capital():
    """The premise: pdfium's own text glues the words around the narrow spaces."""
    raw = pdfium.PdfDocument(LATIN.read_bytes())[0].get_textpage().get_text_range()
    assert "toAfghanistan" in raw and "zumAusleihen" in raw and "neuenAngeboten" in raw


def test_narrow_luatex_spaces_before_a_capital_are_read_from_the_pens():
    typed = " ".join(_paragraphs(LATIN.with_suffix(".tex"))).replace("\\narrow", " ").split()
    lines = [line.text for line in read_pdf(LATIN.read_bytes()).lines]
    assert " ".join(lines).split() == typed  # "McCue", "YouTube", "LibreOffice" kept whole


def test_a_page_whose_runs_tell_nothing_is_read_as_the_pages_before_it():
    raw = committed_raw_text("lualatex-de-dari-footer", all_pages=True)
    assert "هحفص 1" in raw and "هحفص 2" in raw and "صفحه" not in raw
    lines = read_pdf((COMMITTED / "lualatex-de-dari-footer.pdf").read_bytes()).lines
    assert [(line.page, line.text) for line in lines if "ص" in line.text][-2:] == [(0, "صفحه 1"), (1, "صفحه 2")]
    record = committed_probe_reads("lualatex-de-dari-footer")
    assert "ص" not in record.body_text  # the footers are page numbers, not text

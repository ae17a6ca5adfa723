"""PDFs from producers the gold corpus lacks, read against the text they were made from.

tests/data/pdfs/ holds them, written by tools/producer_pdfs.py: one Dari/Pashto page
(its .html beside it) printed by Chromium with Noto Naskh Arabic and with Scheherazade,
and a reportlab page of presentation forms in visual order (its .txt beside it). The
expected words always come from those sources, never from the parser.
"""

from __future__ import annotations

import ctypes
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from newsmon.parse.arabic import ARABIC_LETTERS, ZWNJ, repair_line
from newsmon.parse.pdf import _logical_runs, read_pdf

DATA = Path(__file__).resolve().parents[1] / "data" / "pdfs"
PUNCTUATION = "«»()[]{}.,،؛:؟!"


class _BodyText(HTMLParser):
    """The text of an HTML page's body, one block per element."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self.in_body = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.in_body = self.in_body or tag == "body"
        self.blocks.append("")

    def handle_data(self, data: str) -> None:
        if self.in_body:
            self.blocks[-1] += data


def html_text(name: str) -> str:
    parser = _BodyText()
    parser.feed((DATA / name).read_text(encoding="utf-8"))
    return " ".join(parser.blocks)


def words(text: str) -> list[str]:
    """The words of `text`, punctuation and brackets stripped (where pdfium puts a bracket
    beside its space is another matter than the order of letters)."""
    return [w for w in (token.strip(PUNCTUATION) for token in text.split()) if w]


def arabic_words(text: str) -> list[str]:
    return [w for w in words(text) if not ARABIC_LETTERS.isdisjoint(w)]


def letters(text: str) -> str:
    """Letters and digits only, in order: the reading order, whatever the spacing."""
    return re.sub(r"[^\w]|_", "", text.replace(ZWNJ, ""))


def newsmon_text(name: str) -> str:
    return " ".join(line.text for line in read_pdf((DATA / name).read_bytes()).lines)


def pdfium_text(name: str) -> str:
    doc = pdfium.PdfDocument(DATA / name)
    return " ".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))


def marked_reversed_chars(name: str) -> int:
    """How many of the first page's text objects lie in /ReversedChars marked content."""
    doc = pdfium.PdfDocument(DATA / name)
    page, found = doc[0], 0
    name_buffer = (ctypes.c_ushort * 32)()
    length = ctypes.c_ulong()
    for i in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        obj = pdfium_c.FPDFPage_GetObject(page.raw, i)
        for k in range(pdfium_c.FPDFPageObj_CountMarks(obj)):
            pdfium_c.FPDFPageObjMark_GetName(pdfium_c.FPDFPageObj_GetMark(obj, k), name_buffer, 64, length)
            found += bytes(name_buffer)[:length.value - 2].decode("utf-16-le") == "ReversedChars"
    return found


def test_chromium_reversed_chars_page_reads_word_for_word():
    expected = words(html_text("chromium-noto-naskh.html"))
    raw = words(pdfium_text("chromium-noto-naskh.pdf").replace(ZWNJ, ""))
    plain = {w.replace(ZWNJ, "") for w in expected}
    reversed_words = [w for w in raw if w not in plain and w[::-1] in plain]
    assert marked_reversed_chars("chromium-noto-naskh.pdf") > 100
    assert len(reversed_words) >= 30, "the page no longer shows pdfium's defect"
    assert words(newsmon_text("chromium-noto-naskh.pdf")) == expected


def test_chromium_page_pdfium_reads_right_is_left_alone():
    """A control (it held before the change too): Skia marks Scheherazade's runs
    /ReversedChars as well, yet pdfium reads them right, so the marks alone must not turn
    a word. pdfium glues two pairs of words on this page (Chromium's space objects it
    skips) and drops every ZWNJ: newsmon puts both back (test_parse_zwnj.py), so its
    Arabic words are the HTML's (newsmon orders Latin ones itself)."""
    assert marked_reversed_chars("chromium-scheherazade.pdf") > 100
    text = newsmon_text("chromium-scheherazade.pdf")
    assert letters(text) == letters(html_text("chromium-scheherazade.html"))
    assert arabic_words(text) == arabic_words(html_text("chromium-scheherazade.html"))


def test_chromium_amiri_kerned_spaces_are_word_spaces_and_zwnjs_stay():
    """Amiri kerns the space before ک, گ and ګ down to a ZWNJ's ink gap, and Chromium draws
    no space glyph, so pdfium reads "زده کړې" as one word with a ZWNJ's gap in it; a space
    after a hamza above ("تازهٔ گفتگوها") or before a Pashto letter without presentation forms
    ("لاره ګڼل") it misses as well. The pen moved on there, as it does at no ZWNJ of Amiri's."""
    expected = words(html_text("chromium-amiri.html"))
    raw = words(pdfium_text("chromium-amiri.pdf"))
    assert "زده" not in raw and "لاره" not in raw, "the page no longer shows pdfium's defect"
    assert words(newsmon_text("chromium-amiri.pdf")) == expected


def test_reportlab_presentation_forms_get_no_invented_zwnj():
    source = (DATA / "reportlab-forms.txt").read_text(encoding="utf-8")
    doc = pdfium.PdfDocument(DATA / "reportlab-forms.pdf")
    textpage = doc[0].get_textpage()
    assert textpage.count_chars() > len(textpage.get_text_range()), "no glyph without Unicode left"
    got = words(newsmon_text("reportlab-forms.pdf"))
    expected = words(source)
    assert [w for w in got if ZWNJ in w and w not in expected] == []
    assert sorted(w for w in got if ZWNJ in w) == sorted(w for w in expected if ZWNJ in w)


def test_reportlab_lines_keep_their_own_boxes():
    """Glyphs without Unicode shift pdfium's character indices away from its text's:
    each line's box, size and baseline must still be its own."""
    lines = read_pdf((DATA / "reportlab-forms.pdf").read_bytes()).lines
    source = (DATA / "reportlab-forms.txt").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(source)
    for line, above in zip(lines[1:], lines):
        assert line.top - line.bottom < 1.5 * line.size
        assert line.top <= above.bottom + 1.0 and line.baseline < above.baseline
        assert line.bottom <= line.baseline <= line.top


def test_visual_runs_turned_round_with_their_characters():
    text = "سلام دنوریم"  # the second word's letters in visual order (left to right)
    boxes = [(100.0 - 5 * i, 0.0, 104.0 - 5 * i, 8.0) for i in range(5)]  # right to left
    boxes += [(40.0 + 5 * i, 0.0, 44.0 + 5 * i, 8.0) for i in range(6)]  # left to right
    chars = list(range(10, 21))
    turned, order = _logical_runs(text, chars, lambda positions: [boxes[chars[p] - 10] for p in positions])
    assert turned == "سلام میروند"
    assert order == [10, 11, 12, 13, 14, 20, 19, 18, 17, 16, 15]


def rtl_boxes(text: str, gap_after: int) -> list[tuple[float, float, float, float]]:
    """Boxes of `text` drawn right to left, joined letters overlapping by 0.5 pt, and a
    1.5 pt gap after position `gap_after`."""
    boxes, right = [], 200.0
    for i, _ in enumerate(text):
        boxes.append((right - 5.0, 0.0, right, 8.0))
        right -= 6.5 if i == gap_after else 4.5
    return boxes


def test_no_zwnj_after_a_ligature_whose_letters_share_one_box():
    """XeTeX fonts draw "با" as one glyph and pdfium gives its letters reversed ("اب"):
    the gap after the ligature's glyph is no ZWNJ between ب and the next letter."""
    text = "ابلنسبة"  # pdfium's text of بالنسبة
    boxes = rtl_boxes(text, gap_after=1)
    ligature = list(boxes)
    ligature[0] = ligature[1] = (boxes[1][0], 0.0, boxes[0][2], 8.0)
    assert ZWNJ not in repair_line(text, lambda positions: [ligature[p] for p in positions])
    assert repair_line(text, lambda positions: [boxes[p] for p in positions]) == "اب" + ZWNJ + "لنسبة"


def test_no_zwnj_before_hamza_which_joins_no_letter():
    text = "الشيء"  # ء has presentation forms but joins neither side: a gap before it is normal
    boxes = rtl_boxes(text, gap_after=3)
    assert repair_line(text, lambda positions: [boxes[p] for p in positions]) == text
    assert repair_line("الشیب", lambda positions: [boxes[p] for p in positions]) == "الشی" + ZWNJ + "ب"


CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "variants" / "dev"


def corpus_lines(name: str) -> tuple[list[str], str, dict]:
    """newsmon's lines of a committed corpus document, pdfium's raw text of it, its truth."""
    data = (CORPUS / f"{name}.pdf").read_bytes()
    doc = pdfium.PdfDocument(data)
    raw = "\r\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    truth = json.loads((CORPUS / f"{name}.json").read_text(encoding="utf-8"))
    return [line.text for line in read_pdf(data).lines], raw, truth


def test_a_kasra_drawn_below_the_line_stays_in_its_line():
    """LibreOffice draws the ezafe kasra of "حلِ" below the baseline, and pdfium breaks the
    line there: the kasra becomes a line of its own and the line's two halves two more,
    the left half first. They are one line again, in reading order, the kasra on its letter.
    (A committed corpus document; the words come from its ground truth.)"""
    lines, raw, truth = corpus_lines("v0018-lo_odt-fa")
    assert "\u0650" in raw.split("\r\n"), "the document no longer shows the defect"
    line = next(line for line in lines if "حلِ" in line)
    assert " ".join(line.split()) in " ".join(truth["body_text"].split()), line
    assert "\u0650" not in [ln.strip() for ln in lines]


def test_a_letter_with_only_a_marks_box_is_no_word_space():
    """Chromium with Noto Naskh Arabic draws "حلِ" as one glyph and gives the lam the
    kasra's box, under the line: pdfium makes a space up before it ("ح لِ")."""
    lines, raw, truth = corpus_lines("v0009-chromium_naskh-fa")
    assert "ح لِ" in raw, "the document no longer shows the defect"
    line = next(line for line in lines if "مساله" in line)
    assert "که حلِ مساله" in line and "حلِ مساله" in truth["body_text"]


def test_no_word_space_where_a_yeh_reaches_under_the_letter_before():
    """XeTeX draws Pashto "زیات" with the pen a little past the "ز" and the yeh's ink under
    it: pdfium makes a space up ("ز یات"). The ink touches and the pen moved on by less than
    a space: one word."""
    lines, raw, truth = corpus_lines("v0005-xetex-ps")
    assert "ز یات" in raw, "the document no longer shows the defect"
    text = " ".join(lines)
    assert "ز یات" not in text and "زیات" in text and "زیات" in truth["body_text"]


def test_a_hyphen_pdfium_sent_elsewhere_goes_back_between_its_words():
    """LibreOffice draws "ضد-پالیسي" right, but pdfium's reading order sends the neutral
    hyphen to the start of the line ("- کارپوهان ... ضد پالیسي"). Its box stands in the gap
    between "ضد" and "پالیسي": there it goes, and nothing is left where pdfium put it."""
    lines, raw, truth = corpus_lines("v0030-lo_odt-ps")
    assert "\r\n- " in raw and "ضد پالیسي" in raw, "the document no longer shows the defect"
    line = next(line for line in lines if "پالیسي" in line)
    assert "ضد-پالیسي" in line and "ضد-پالیسي" in truth["body_text"]
    assert not line.startswith("-") and " - " not in line


def test_an_arabic_comma_pdfium_put_before_a_latin_word_follows_it():
    """At the end of a right-to-left run pdfium puts the Arabic comma after "A" before it
    ("مرحله‌های ،A"): no word starts with a comma, so it goes after the word."""
    lines, raw, truth = corpus_lines("v0075-chromium_naskh-fa")
    assert "،A" in raw, "the document no longer shows the defect"
    line = next(line for line in lines if "مرحله\u200cهای" in line and "A" in line)
    assert line.endswith("A،") and "مرحله\u200cهای A، B" in truth["body_text"]


def test_a_line_pdfium_gave_as_two_left_part_first_is_one_line():
    """Chromium: pdfium breaks a justified right-to-left line at a wide word space and gives
    its left part first ("کمیسیون ... بررسی", then "یکی از کارشناسان فنی"): one line again,
    the right part first."""
    lines, raw, truth = corpus_lines("v0086-chromium_clean-fa")
    raw_lines = raw.split("\r\n")
    assert raw_lines.index("یکی از کارشناسان فنی") == next(
        i for i, ln in enumerate(raw_lines) if ln.startswith("کمیسیون که نخواست")) + 1, "no longer shows the defect"
    line = next(line for line in lines if "کارشناسان فنی" in line)
    assert line.startswith("یکی از کارشناسان فنی کمیسیون که نخواست") and line.endswith("مرحله بررسی")
    assert " ".join(line.split()) in " ".join(truth["body_text"].split())

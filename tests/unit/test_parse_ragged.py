"""Ragged right-to-left text, its paragraphs not set apart by spacing alone (found in the
dev corpus and the dev-style probe samples: reportlab's Pashto and Dari, v0076, v2022). A line
that stops short ends its paragraph only where the next line's first word would have fit in
the room it leaves. A width guessed from the word's letters (the line's average character
width) falls short for wide Pashto words ("ښوونځیو"), and the paragraph was cut in two there;
the word's own width on the page tells. The PDF is drawn here the way the generator draws it:
each paragraph broken greedily at a width, lines set flush right, presentation forms in visual
order (DejaVu Sans), a little space between paragraphs."""

from __future__ import annotations

import io

from newsmon.parse.layout import paragraphs_and_captions
from newsmon.parse.pdf import read_pdf
from newsmon.parse.text import normalize_text
from tests.pdfs import _register_fonts

FONT, SIZE, RIGHT, TOP, LEADING, WIDTH = "DejaVuSans", 13.0, 520.0, 760.0, 22.0, 386.0
FIRST = ("کابل یکی از شهرهای بزرگ منطقه است و جمعیت آن در بیست سال گذشته چند برابر شده است. "
         "بسیاری از خانواده\u200cها از ولایت\u200cهای دیگر به این شهر آمده\u200cاند و در خانه\u200cهای کوچک زندگی "
         "می\u200cکنند. شهرداری می\u200cگوید که برای آب آشامیدنی و برق این خانه\u200cها برنامه دارد، اما پول آن "
         "هنوز نرسیده است و مردم در زمستان با سرما و تاریکی روبرو هستند. کارشناسان می\u200cگویند که بدون "
         "برنامه درست این مشکل بزرگ\u200cتر خواهد شد.")
SECOND = ("گزارش\u200cها نشان می\u200cدهد که در سال\u200cهای گذشته شمار زیادی از ښوونځیو سوځول شده\u200cاند و "
          "خانواده\u200cها اندېښمن دي چې د ښوونځیو ودانې بیا ونه سوځول شي او ماشومان له زده کړې پاتې شي. "
          "د پوهنې وزارت وايي چې د ښوونځیو د ساتنې لپاره نوې طرحه جوړه شوې ده.")


def visual(text: str) -> str:
    """A line of a right-to-left paragraph shaped, in visual order (right to left whatever its first word)."""
    import arabic_reshaper
    from bidi.algorithm import get_display

    return get_display(arabic_reshaper.reshape(text), base_dir="R")


def width(text: str) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    _register_fonts()
    return stringWidth(visual(text), FONT, SIZE)


def greedy(text: str, measure: float = WIDTH) -> list[str]:
    """The paragraph's lines: each takes words while they fit in `measure`."""
    lines: list[str] = []
    current: list[str] = []
    for word in text.split():
        if current and width(" ".join([*current, word])) > measure:
            lines.append(" ".join(current))
            current = [word]
        else:
            current.append(word)
    return [*lines, " ".join(current)]


def ragged_page(paragraphs: list[str], spacing: float = 10.0, measure: float = WIDTH) -> bytes:
    from reportlab.pdfgen import canvas

    _register_fonts()
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(595, 842), invariant=1)
    pdf.setFont(FONT, SIZE)
    y = TOP
    for paragraph in paragraphs:
        for line in greedy(paragraph, measure):
            pdf.drawRightString(RIGHT, y, visual(line))
            y -= LEADING
        y -= spacing
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def test_a_short_line_whose_next_word_would_not_have_fit_goes_on_with_its_paragraph():
    lines = greedy(SECOND)
    short, after = lines[0], lines[1]
    edge = max(width(line) for line in greedy(FIRST) + lines)  # where the page shows the block's far edge
    room, word = edge - width(short), after.split()[0]
    guessed = (len(word) + 2) * width(short) / len(short)
    assert guessed < room < width(f"{short} {word}") - width(short), "the page no longer shows the case"
    data = ragged_page([FIRST, SECOND])
    pdf = read_pdf(data)
    paragraphs, _ = paragraphs_and_captions(pdf.lines, pdf)
    assert [normalize_text(p) for p in paragraphs] == [FIRST, SECOND]


def test_a_short_line_with_room_for_the_next_word_still_ends_its_paragraph():
    # No space between the paragraphs: the room the first one's last line leaves tells alone.
    pdf = read_pdf(ragged_page([FIRST, SECOND], spacing=0.0))
    paragraphs, _ = paragraphs_and_captions(pdf.lines, pdf)
    assert [normalize_text(p) for p in paragraphs] == [FIRST, SECOND]


CUSTOMS = ("کالاها و پرداخت محصول از یک سیستم تازه و دیجیتالی به نام (ASYCUDA) استفاده "
           "می\u200cکنند و بازرگانان می\u200cگویند که کار آنان آسان\u200cتر شده است، اما هنوز در برخی "
           "ولایت\u200cها برق و انترنت کافی نیست.")


def test_a_short_line_before_a_latin_word_too_wide_for_it_goes_on_with_its_paragraph():
    # The next line starts with "(ASYCUDA)", at its right end; pdfium reads its closing bracket
    # mirrored into the word after it. The room (about 70 pt) is more than the guess from the
    # line's letters, less than the word's width.
    measure = 398.0
    lines = greedy(CUSTOMS, measure)
    assert lines[1].startswith("(ASYCUDA) "), "the page no longer shows the case"
    edge = max(width(line) for line in greedy(FIRST, measure) + lines)
    room, word = edge - width(lines[0]), "(ASYCUDA)"
    assert (len(word) + 2) * width(lines[0]) / len(lines[0]) < room < width(f"{lines[0]} {word}") - width(lines[0])
    pdf = read_pdf(ragged_page([FIRST, CUSTOMS], measure=measure))
    paragraphs, _ = paragraphs_and_captions(pdf.lines, pdf)
    assert [normalize_text(p) for p in paragraphs] == [FIRST, CUSTOMS]


def test_a_latin_word_that_opens_the_next_line_is_measured_as_latin():
    """Chromium (Noto Naskh Arabic, 14 pt, ragged) broke a Dari line before "(Certificate of
    Origin)" with 59.3 pt of room left (a fresh probe text): 14 characters at the line before's
    average (4.21 pt, Arabic script) make 58.9 pt, and the paragraph was cut there. Latin
    letters are wider (see layout.LATIN_CHAR_EM); a number or code opening the line is not
    measured so (a table of contents' "1.")."""
    from newsmon.parse.layout import _Room
    from newsmon.parse.pdf import Line

    left, right = 60.2, 537.4
    prev = Line("ب" * 100, 1, left + 59.3, left + 59.3 + 421.0, 700.0, 690.0, 692.0, 14.0, False)  # (flush right)
    line = Line("(Certificate of Origin) برای قالین‌های دست‌باف؛ و", 1, left, right, 680.0, 670.0, 672.0,
                14.0, False)
    assert not _Room(left, right, "right").ends_paragraph(prev, line)
    # a short Latin word did fit: the line before ended its paragraph
    short = Line("(UN) برای قالین‌های دست‌باف؛ و", 1, left, right, 680.0, 670.0, 672.0, 14.0, False)
    assert _Room(left, right, "right").ends_paragraph(prev, short)


def test_a_first_word_measured_to_its_zwnj_counts_its_letters_after_a_line_that_goes_on():
    """XeTeX with Noto Sans Arabic (ragged, a probe of fonts, seed 3245): "... دو طرف" left 31 pt
    of room, and the next line opens with "می‌گویند"; pdfium reads the ZWNJ's gap as a space, so
    the lead (15.4 pt) reaches only over "می". After a line that does not end a sentence the
    word's letters are counted; after one that does, the lead is kept as measured (LibreOffice's
    "... است." then "نسخه‌های": a paragraph's end)."""
    from newsmon.parse.layout import _Room
    from newsmon.parse.pdf import Line

    left, right = 68.0, 532.3
    goes_on = Line("ب" * 76 + " دو طرف", 1, 99.4, right, 620.0, 608.0, 612.3, 12.0, False)
    line = Line("می‌گویند که بر سر «کاهش خشونت» پیشرفت‌هایی داشته‌اند، اما هنوز", 1, 77.2, right,
                600.0, 589.0, 593.6, 12.0, False, lead=15.44)
    assert not _Room(left, right, "right").ends_paragraph(goes_on, line)
    ends = Line("ب" * 76 + " دو طرف.", 1, 99.4, right, 620.0, 608.0, 612.3, 12.0, False)
    assert _Room(left, right, "right").ends_paragraph(ends, line)
    # a first word with no ZWNJ is measured by its lead, as before
    plain = Line("گویند که بر سر «کاهش خشونت» پیشرفت‌هایی داشته‌اند، اما هنوز", 1, 77.2, right,
                 600.0, 589.0, 593.6, 12.0, False, lead=15.44)
    assert _Room(left, right, "right").ends_paragraph(goes_on, plain)

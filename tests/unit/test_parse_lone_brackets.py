"""Brackets that pdfium read apart from their words go back beside the words they stand against.

In a LibreOffice line justified with kashidas (Noto Naskh Arabic, 14 pt), pdfium read a
parenthetical that opens the line with both its brackets first, apart from their words:
"۷ ) ( درجو سانتي ګراد" for "۷ درجو (سانتي ګراد)" (a fresh Pashto probe text, 2 of 2
LibreOffice documents; "(۲ در ۳ متر)" of a Dari one too). The boxes below are that line's, as
pdfium gives them: each bracket stands against the end of a word, far from its neighbours in
the text.
"""

from __future__ import annotations

from newsmon.parse.arabic import repair_line
from tests.pdfs import box_reader

TEXT = ") ( سانتي ګراد ترمنځ س"
BOXES = [(529.6, 139.8, 532.5, 148.3), (529.3, 142.4, 529.3, 142.4), (467.1, 139.8, 470.0, 148.3),
         (529.0, 142.4, 529.0, 142.4), (518.1, 142.3, 528.3, 148.0), (515.0, 142.3, 518.7, 152.4),
         (510.2, 142.3, 513.3, 150.9), (505.1, 142.3, 511.0, 149.2), (495.1, 136.5, 505.7, 144.9),
         (491.1, 142.4, 494.7, 142.4), (485.3, 142.3, 491.2, 152.3), (479.5, 139.2, 486.1, 147.1),
         (477.8, 142.4, 479.2, 152.4), (470.6, 142.3, 476.2, 149.0), (462.9, 142.4, 466.5, 142.4),
         (458.6, 142.3, 462.3, 150.9), (452.8, 139.2, 459.4, 147.1), (446.3, 142.3, 452.8, 147.4),
         (441.5, 142.3, 447.0, 149.2), (432.5, 136.9, 442.2, 153.1), (428.8, 142.4, 432.4, 142.4),
         (417.8, 142.3, 428.1, 148.0)]


def test_brackets_read_first_go_back_beside_their_words():
    assert repair_line(TEXT, box_reader(BOXES), 14.0) == "(سانتي ګراد) ترمنځ س"


def test_brackets_beside_their_words_stay():
    # the same line with its brackets where they belong (and the same boxes)
    text = ")سانتي ګراد( ترمنځ س"
    boxes = [BOXES[0], *BOXES[4:14], BOXES[2], *BOXES[14:]]
    assert repair_line(text, box_reader(boxes), 14.0) == "(سانتي ګراد) ترمنځ س"


# A Pashto line of the same text and writer with Latin words in brackets: pdfium read the
# opening bracket of "(Shpageeza)" after "ACB" and the closing ones apart ("(ACB د شپګیزې
# ( )Shpageeza )کرکټ"). A bracket takes the line's direction beside a Latin word too.
TEXT_LATIN = "بورډ )ACB د شپګیزې ( )Shpageeza )کرکټ"
BOXES_LATIN = [(459.6, 456.0, 462.4, 463.0), (454.5, 456.1, 459.9, 462.7), (449.3, 456.1, 453.5, 462.6),
               (444.9, 457.4, 449.0, 463.3), (441.8, 458.5, 444.5, 458.5), (439.0, 456.3, 441.4, 463.6),
               (416.1, 458.5, 423.9, 465.8), (424.3, 458.4, 430.6, 465.8), (431.6, 458.5, 438.1, 465.7),
               (410.2, 458.5, 412.8, 458.5), (405.7, 458.5, 409.7, 463.3), (402.6, 458.5, 405.2, 458.5),
               (394.6, 458.5, 402.0, 464.6), (390.3, 455.6, 394.9, 461.2), (384.8, 458.5, 390.6, 466.3),
               (380.5, 456.1, 385.1, 461.2), (375.6, 456.1, 380.8, 465.0), (369.2, 452.3, 375.4, 462.6),
               (365.6, 458.5, 368.3, 458.5), (413.3, 456.3, 415.8, 463.6), (412.9, 458.5, 412.9, 458.5),
               (362.8, 456.3, 365.2, 463.6), (316.0, 458.4, 320.7, 465.8), (321.5, 458.5, 326.8, 466.1),
               (327.1, 456.2, 332.0, 463.7), (332.8, 458.4, 337.1, 463.7), (337.8, 456.1, 342.6, 464.1),
               (343.2, 458.4, 347.3, 463.7), (348.1, 458.4, 352.2, 463.7), (352.8, 458.5, 357.0, 463.5),
               (357.7, 458.4, 362.1, 463.7), (309.3, 458.5, 312.0, 458.5), (312.6, 456.3, 315.1, 463.6),
               (304.4, 458.5, 309.2, 466.3), (299.4, 456.1, 304.7, 462.6), (294.5, 458.5, 299.3, 466.3),
               (285.6, 457.4, 294.8, 464.0)]


def test_brackets_read_apart_from_latin_words_go_back_beside_them():
    assert repair_line(TEXT_LATIN, box_reader(BOXES_LATIN), 13.0) == "بورډ (ACB) د شپګیزې (Shpageeza) کرکټ"


# A Dari LibreOffice .odt list item whose line holds a parenthetical: pdfium read the label "3"
# and the point after it apart, with a bracket between them, "3 ) . داروهای" (texts probe:
# v4918-lo_odt-fa, and "۴ ) ( ." in v4925-lo_odt-ps). Each made-up space beside the bracket was
# its gap: once it goes to its word, none stays before the point ("3 . داروهای" before).
TEXT_ITEM = '3 ) . داروهای اسهال و تب بهویژه برای کودکان زیر ۵ ( سال ؛'
BOXES_ITEM = [(526.6, 531.8, 532.3, 540.6), (417.3, 531.9, 417.3, 531.9), (413.6, 530.3, 416.2, 541.0),
              (526.1, 531.9, 526.1, 531.9), (523.7, 531.7, 525.2, 533.3), (519.8, 531.9, 522.9, 531.9),
              (514.5, 531.8, 519.3, 537.5), (512.0, 531.9, 513.3, 540.5), (506.5, 529.1, 510.4, 536.0),
              (501.9, 529.1, 506.1, 535.9), (494.5, 531.8, 500.8, 537.9), (491.9, 531.8, 495.1, 540.5),
              (482.4, 529.1, 490.9, 536.9), (478.8, 531.9, 481.9, 531.9), (476.8, 531.9, 478.0, 540.5),
              (466.6, 531.8, 475.4, 536.7), (460.5, 529.3, 467.2, 536.9), (457.9, 531.8, 461.1, 540.5),
              (449.1, 529.1, 456.3, 540.5), (445.6, 531.9, 448.7, 531.9), (440.6, 529.1, 444.9, 535.9),
              (437.2, 531.9, 440.3, 531.9), (433.5, 531.8, 436.7, 539.2), (420.7, 529.4, 434.1, 536.0),
              (417.3, 531.9, 417.3, 531.9), (409.4, 529.6, 412.0, 536.7), (404.0, 531.8, 410.0, 538.1),
              (398.6, 529.1, 402.8, 535.9), (394.5, 529.6, 397.4, 536.7), (389.4, 529.1, 395.1, 539.8),
              (385.8, 531.9, 389.9, 537.5), (382.3, 531.9, 385.4, 531.9), (379.1, 529.6, 381.7, 536.7),
              (373.9, 529.1, 379.6, 536.0), (372.6, 531.9, 373.8, 540.5), (363.0, 529.1, 371.6, 536.9),
              (359.5, 531.9, 362.7, 531.9), (354.6, 531.8, 359.7, 540.4), (349.4, 529.1, 355.2, 535.9),
              (343.7, 531.8, 348.4, 537.5), (338.4, 531.8, 343.4, 540.4), (335.6, 531.8, 338.9, 540.5),
              (326.9, 529.1, 334.2, 537.9), (323.5, 531.9, 326.6, 531.9), (318.8, 529.1, 322.7, 538.5),
              (315.5, 529.6, 318.4, 536.7), (310.4, 529.1, 316.1, 536.0), (307.7, 531.9, 310.8, 531.9),
              (301.7, 531.9, 306.7, 540.0), (276.7, 531.9, 276.7, 531.9), (273.0, 530.3, 275.7, 541.0),
              (297.9, 531.9, 301.0, 531.9), (288.5, 531.8, 297.3, 536.7), (285.9, 531.8, 289.1, 540.5),
              (277.0, 529.1, 284.3, 540.5), (276.7, 531.9, 276.7, 531.9), (268.8, 531.7, 270.7, 537.9)]


def test_a_bracket_read_between_an_item_label_and_its_point_leaves_no_space():
    assert repair_line(TEXT_ITEM, box_reader(BOXES_ITEM), 12.0) == \
        "3. داروهای اسهال و تب (به\u200cویژه برای کودکان زیر ۵ سال)؛"


def test_nested_closers_turned_round_at_a_word_end_close_the_pairs_a_line_before_opened():
    """"(به‌ویژه کانال بغرا [که ... دارد]) پر": two pairs that open on one line and close
    together on the next. LibreOffice (DOCX) and Chromium wrote the closers so that pdfium gives
    them turned round, glued to the word before ("دارد[( پر"), and each line is repaired on its
    own (texts probe: 3 documents of fa-helmand-canals)."""
    from newsmon.parse.arabic import brackets_across_lines

    paragraph = "کانال‌های فرعی (به‌ویژه کانال بغرا [که بیش از ۶۰ کیلومتر درازا دارد[( پر از گل است."
    assert brackets_across_lines(paragraph) == \
        "کانال‌های فرعی (به‌ویژه کانال بغرا [که بیش از ۶۰ کیلومتر درازا دارد]) پر از گل است."
    # no pair open before them, or one of their kind closed after: left as printed
    for text in ("کیلومتر درازا دارد[( پر از گل است.", "بغرا [که بیش دارد[ پر ] از گل است."):
        assert brackets_across_lines(text) == text


def test_a_turned_closer_before_a_control_character_is_turned_back():
    """"۱۴۰۳ )۱۰ می 2024(\\x04 در": a LibreOffice (DOCX) parenthetical with a footnote's control
    character after it, which normalising drops later. The closer, turned round, stood before
    that character and not before the space, and stayed an opener (texts probe: v4919-lo_docx-fa)."""
    from newsmon.parse.arabic import _unmirror

    assert _unmirror("شب پنجشنبه ۲۱ ثور ۱۴۰۳ )۱۰ می 2024(\x04 در چهار") == \
        "شب پنجشنبه ۲۱ ثور ۱۴۰۳ (۱۰ می 2024)\x04 در چهار"
    assert _unmirror("سازمان ملل (U.N. OCHA)\x04 که روز") == "سازمان ملل (U.N. OCHA)\x04 که روز"

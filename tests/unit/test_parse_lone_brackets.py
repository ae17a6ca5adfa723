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

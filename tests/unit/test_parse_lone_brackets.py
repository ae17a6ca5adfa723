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

TEXT = ") ( سانتي ګراد ترمنځ س"
BOXES = [(529.6, 139.8, 532.5, 148.3), (529.3, 142.4, 529.3, 142.4), (467.1, 139.8, 470.0, 148.3),
         (529.0, 142.4, 529.0, 142.4), (518.1, 142.3, 528.3, 148.0), (515.0, 142.3, 518.7, 152.4),
         (510.2, 142.3, 513.3, 150.9), (505.1, 142.3, 511.0, 149.2), (495.1, 136.5, 505.7, 144.9),
         (491.1, 142.4, 494.7, 142.4), (485.3, 142.3, 491.2, 152.3), (479.5, 139.2, 486.1, 147.1),
         (477.8, 142.4, 479.2, 152.4), (470.6, 142.3, 476.2, 149.0), (462.9, 142.4, 466.5, 142.4),
         (458.6, 142.3, 462.3, 150.9), (452.8, 139.2, 459.4, 147.1), (446.3, 142.3, 452.8, 147.4),
         (441.5, 142.3, 447.0, 149.2), (432.5, 136.9, 442.2, 153.1), (428.8, 142.4, 432.4, 142.4),
         (417.8, 142.3, 428.1, 148.0)]


def reader(boxes: list) -> callable:
    return lambda positions: [boxes[p] for p in positions]


def test_brackets_read_first_go_back_beside_their_words():
    assert repair_line(TEXT, reader(BOXES), 14.0) == "(سانتي ګراد) ترمنځ س"


def test_brackets_beside_their_words_stay():
    # the same line with its brackets where they belong (and the same boxes)
    text = ")سانتي ګراد( ترمنځ س"
    boxes = [BOXES[0], *BOXES[4:14], BOXES[2], *BOXES[14:]]
    assert repair_line(text, reader(boxes), 14.0) == "(سانتي ګراد) ترمنځ س"

"""Stops, colons, guillemets and brackets that pdfium read away from where they stand go back
beside their words (parse.displaced_punctuation), and a number whose decimal point is set in
another font than its digits is one number.

LibreOffice sets these Pashto paragraphs in Noto Kufi Arabic, which has no "." or guillemets:
those come from a fallback font (Scheherazade) and are drawn as text objects of their own.
pdfium reads them in the order drawn: a stop inside the next word with a space of its own on
each side ("ش . وې ده" for "شوې ده."), at the end of the line ("دی (. ." for "(ASYCUDA). ...
دی."), or all of a line's marks together (": » .«" at the start of a line, for "وايي: «...»"),
and the decimal point of "2.5" with a space after it ("5. 2"). In layout probes of fonts the
corpus never uses (tools/corpus/probe_layout.py: LibreOffice with Noto Kufi Arabic) these were
the most frequent body_text miss.

libreoffice-kufi-displaced-stops.pdf is written by LibreOffice (soffice --headless --convert-to
pdf) from libreoffice-kufi-displaced-stops.fodt (the corpus's LibreOffice styles, Noto Kufi
Arabic as the complex-script font, Pashto sentences written for this test).
"""

from __future__ import annotations

from tests.pdfs import committed_probe, committed_raw_text, committed_source_and_lines

NAME = "libreoffice-kufi-displaced-stops"


def test_pdfium_reads_the_marks_away_from_their_words():
    """The defect is pdfium's (so the tests below can fail)."""
    raw = committed_raw_text(NAME).replace("\x06", "")
    assert "ش . وې ده" in raw
    assert "دی (. ." in raw
    assert ": » .« یو بزګر وايي زموږ" in raw
    assert "له 5. 2 میلیارد" in raw and "تر ۵. ۱ میلیارد" in raw


def test_each_mark_stands_beside_its_word():
    source, lines = committed_source_and_lines(NAME)
    body = [line for line in lines if line != "- 1 -"]  # (the page's footer)
    assert " ".join(body).split() == " ".join(source).split()


def test_a_mark_read_in_place_is_glued_to_its_word():
    """A colon pdfium read where it stands, but with a space of its own before it: glued."""
    _, lines = committed_source_and_lines(NAME)
    text = " ".join(lines)
    assert "مشر وايي: «موږ" in text and "بزګر وايي: «زموږ" in text


def laid_out(words: list[str], em: float = 10.0) -> list[tuple[float, float, float, float]]:
    """Boxes of a right-to-left line of `words` (each character 0.5 em wide, a 0.3 em space)."""
    boxes, x = [], 500.0
    for n, word in enumerate(words):
        if n:
            boxes.append((x - 0.3 * em, 0.0, x - 0.3 * em, 0.0))
            x -= 0.3 * em
        for _ in word:
            boxes.append((x - 0.5 * em, 0.0, x, 0.7 * em))
            x -= 0.5 * em
    return boxes


def test_only_a_mark_set_in_another_font_and_drawn_elsewhere_moves():
    """A stop read at the line's start but drawn after the second word goes there; the same
    stop in the letters' own font, or a dot of a leader, stays as read (TeX's ". . ." leaders
    and "2 . 1" section numbers: bench_parse_real's XeTeX files)."""
    from newsmon.parse.displaced_punctuation import seat_displaced_punctuation

    drawn = laid_out(["کال", "کې.", "د", "کابل"])
    # pdfium's reading: ". کال کې د کابل", the stop's box where it is drawn (after "کې")
    text = ". کال کې د کابل"
    stop = drawn[6]
    boxes = [stop, (510.0, 0.0, 510.0, 0.0), *drawn[:6], *drawn[7:]]

    def read_boxes(positions: list[int]) -> list[tuple[float, float, float, float]]:
        return [boxes[p] for p in positions]

    def fonts(stop_font: int):
        return lambda positions: [stop_font if text[p] == "." else 1 for p in positions]

    moved, order = seat_displaced_punctuation(text, read_boxes, fonts(2), 10.0)
    assert moved == "کال کې. د کابل" and [text[k] for k in order] == list(moved)
    assert seat_displaced_punctuation(text, read_boxes, fonts(1), 10.0)[0] == text
    leader = ". . . کال کې د کابل"
    leader_boxes = [stop, (0, 0, 0, 0), stop, (0, 0, 0, 0), *boxes]
    assert seat_displaced_punctuation(leader, lambda ps: [leader_boxes[p] for p in ps],
                                      lambda ps: [2 if leader[p] == "." else 1 for p in ps], 10.0)[0] == leader


def test_a_stop_read_at_a_zwnj_leaves_no_space_there():
    """LibreOffice with Noto Kufi Arabic (a probe of fonts: tools/corpus/probe_fonts.py --font "Noto
    Kufi Arabic", seed 4306, made again by tools/corpus/probe_fixture.py): pdfium reads a line's stop,
    drawn at its end in a fallback font, between "ماه" and "ها", a ZWNJ apart, with a space of its
    own on each side ("ماه . ها"). Noto Kufi sets the letters after the ZWNJ 0.17 em off, more than
    drawn_order.SPACE_EMS, but its space glyph is 0.39 em wide: words stand further apart than most
    of that (displaced_punctuation._word_space), so no space stays, and the ZWNJ is read from the gap."""
    name = "lo-odt-kufi-stop-at-a-zwnj"
    assert "ماه . ها" in committed_raw_text(name, all_pages=True)
    truth, record = committed_probe(name)
    assert "ماه\u200cها" in truth["body_text"]
    assert "ماه\u200cها" in record.body_text
    assert "ماه ها" not in record.body_text


def test_a_line_read_left_part_first_reads_right_to_left():
    """The same document: pdfium breaks the line "کمیسیون ضد-فساد ... جامعهٔ مدنی، بر بازشماری" at
    the hamza of "جامعهٔ", which LibreOffice draws first, and gives its left part ("ٔه م)دنی، ب)ر
    بازش)ماری") before its right part: both stand on one baseline and are one line
    (pdf._on_one_baseline), which reads from the right part (pdf._left_part_first). The kashidas
    ("م)دنی": Noto Kufi's maps to ")") go as before. The whole body is then the truth's."""
    name = "lo-odt-kufi-stop-at-a-zwnj"
    raw = committed_raw_text(name, all_pages=True)
    assert raw.index("ٔه م)دنی، ب)ر بازش)ماری") < raw.index("- کمیسیون ضد فساد مستقل")
    truth, record = committed_probe(name)
    assert "یک کمیسیون ضد-فساد مستقل، با حضور نمایندگان جامعهٔ مدنی، بر بازشماری نظارت کند." in truth["body_text"]
    assert record.body_text == truth["body_text"]

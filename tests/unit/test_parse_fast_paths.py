"""The parser's fast paths give what the plain regexes they replace give, on any text.

Each fast path (bytes and str methods in place of a regex with a match per word, a check
for printable text before a scan for controls) is compared with the regex it stands for,
written out here, on texts drawn from the characters that tell them apart: the letters at
the edges of each class, characters beyond the BMP, lone surrogates, case folds a regex
treats apart (dotless i, long s, Kelvin sign) and every kind of space.
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from newsmon.parse import arabic, dates, header, language, layout, text, textlayer
from tests.unit.test_parse_class_first import _normalized_as_before

_EDGES = ("aAzZ@[`{ÀÖ×÷ØßÞÿıİſKẞ\u0100\u024f\u0250 \t\n\x0b\x0c\r\x1c\x1f\x7f\x80\x85\x9f\xa0\u1680\u2000\u200a"
          "\u200b\u200c\u200d\u2028\u202f\u3000\u05ff\u0600\u0620\u064a\u0660\u0669\u066e\u066f\u06a1\u06d3"
          "\u06d4\u06f0\u06f9\u06ff\u0700\u0750\u077f\u0780\ue000\uf8ff\ufb4f\ufb50\ufdff\ufe70\ufeff\ufffd"
          "*_()[]«»\"'،,.:-–—/۱0\x00\x19\ud800\U0001f600")
TEXTS = st.text(alphabet=st.sampled_from(_EDGES), max_size=24)


@settings(max_examples=1000, deadline=None)
@given(TEXTS)
def test_latin_words_are_the_regex_words(sample: str) -> None:
    assert language._latin_words(sample) == re.findall(r"[a-zA-ZÀ-ÿß]+", sample)
    assert language._latin_words(sample, lower=True) == [w.lower() for w in re.findall(r"[a-zA-ZÀ-ÿß]+", sample)]


@settings(max_examples=1000, deadline=None)
@given(TEXTS)
def test_arabic_block_count_counts_the_block(sample: str) -> None:
    assert language._arabic_block_count(sample) == len(re.findall(r"[\u0600-\u06ff]", sample))


@settings(max_examples=1000, deadline=None)
@given(TEXTS)
def test_control_count_is_the_regex_count(sample: str) -> None:
    """The controls (C0 but tab and line breaks, DEL, C1) one at a time, but for those between two
    Arabic letters (kashida glyphs mapped to control codes: see count_controls)."""
    letter = "[\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff]"
    in_words = sum(len(m) for m in re.findall(f"(?<={letter})[\x01-\x08\x0e-\x1f\x80-\x9f]+(?={letter})", sample))
    assert text.count_controls(sample) == len(re.findall(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", sample)) - in_words


@settings(max_examples=1000, deadline=None)
@given(TEXTS)
def test_ascii_digits_are_the_translated_text(sample: str) -> None:
    table = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
    assert dates.to_ascii_digits(sample) == sample.translate(table)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.sampled_from(_EDGES + "يىكەیکه"), max_size=24))
def test_header_words_are_folded_word_by_word(sample: str) -> None:
    """Words of a text with none of the letters the fold maps are the same folded or not."""
    fold = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ە": "ه", "\u200c": None})
    words = (word.strip("–—-|,،.;:()[]«»\"'").lower().translate(fold) for word in sample.split())
    assert header._word_list(sample) == [w for w in words if w]


@settings(max_examples=1000, deadline=None)
@given(TEXTS)
def test_date_decoration_strips_what_the_regex_removed(sample: str) -> None:
    decoration = re.compile(r"^[\s*_()\[\]«»\"'،,:\-–—]+|[\s*_()\[\]«»\"'،,.:\-–—]+$")
    assert dates._undecorated(sample) == decoration.sub("", sample)


@settings(max_examples=1000, deadline=None)
@given(TEXTS)
def test_odd_letters_are_counted_character_by_character(sample: str) -> None:
    letter = re.compile(f"[{textlayer._ARABIC}]")
    suspect = re.compile(f"[{textlayer._OTHER}{textlayer._DOTLESS}{textlayer._DIGITS}]")
    digits = re.compile(f"[{textlayer._DIGITS}]")
    odd = 0
    for at, ch in enumerate(sample):
        if not suspect.match(ch):
            continue
        before = at > 0 and letter.match(sample[at - 1]) is not None
        after = at + 1 < len(sample) and letter.match(sample[at + 1]) is not None
        if ch in textlayer._DOTLESS or ((before and after) if digits.match(ch) else (before or after)):
            odd += 1
    assert textlayer._odd_letters(sample) == odd


def test_normalize_text_of_printable_and_unprintable_lines() -> None:
    assert text.normalize_text("a  b\tc\x07") == "a b c"
    assert text.normalize_text("plain  text") == "plain text"
    assert text.normalize_text("\u200fسلام\u00a0 دنیا\x01") == "سلام دنیا"
    assert text.normalize_text("سلام  دنیا") == "سلام دنیا"


_BRACKETS_AND_PUNCT = "()[]{}«»‹›،؛:.!؟0۱٣٩aZ بیلا-\u200c"
REPAIRED = st.text(alphabet=st.sampled_from(_BRACKETS_AND_PUNCT), max_size=16)


@settings(max_examples=1000, deadline=None)
@given(REPAIRED)
def test_one_scan_finds_what_any_of_the_three_last_repairs_looks_for(sample: str) -> None:
    three = (r"[«»()\[\]{}‹›]", r"[،؛:.!؟][0-9۰-۹٠-٩]", r"[،؛][A-Za-z]")
    assert bool(arabic._BRACKET_OR_PUNCT.search(sample)) == any(re.search(p, sample) for p in three)


_JOINING = "بپتکگیلمنهس" + "اآدذرزوژء" + "ګړټ" + " \u200c-a1"


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.sampled_from(_JOINING), max_size=16))
def test_zwnj_places_are_the_runs_of_joining_letters(sample: str) -> None:
    before = "".join(sorted(arabic._ZWNJ_BEFORE))
    after = "".join(sorted(arabic._ZWNJ_AFTER))
    runs = [m.span() for m in re.finditer(f"[{before}]+(?=[{after}])", sample)]
    assert [m.span() for m in arabic._ZWNJ_PLACES.finditer(sample)] == runs


@settings(max_examples=1000, deadline=None)
@given(REPAIRED)
def test_a_bracket_by_a_space_is_found_from_the_bracket(sample: str) -> None:
    either_side = r"[«»()\[\]{}‹›] | [«»()\[\]{}‹›]"
    assert bool(arabic._BRACKET_BY_SPACE.search(sample)) == bool(re.search(either_side, sample))


@settings(max_examples=1000, deadline=None)
@given(TEXTS)
def test_runs_found_by_their_first_character_are_the_repeated_class(sample: str) -> None:
    """A class and any more of it finds what the class repeated finds (it is scanned for faster)."""
    for fast, plain in ((layout._NUMBERS, r"\d+"), (layout._LETTERS, r"[^\W\d_]+"),
                        (text._ARABIC_WORD, "[\u0621-\u065f\u066e-\u06d3\u06d5-\u06ff\u200c]+"),
                        (textlayer._ARABIC_WORDS, "[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff\u200c]+")):
        assert [m.span() for m in fast.finditer(sample)] == [m.span() for m in re.finditer(plain, sample)]


def test_page_text_is_pypdfium2s_text_range() -> None:
    """open_pdf reads a page's text through pdfium's own handles (pdf._page_text), without
    pypdfium2's text page object: the same text, on every page of the mirror corpus and of
    the PDFs the tests keep."""
    import pypdfium2 as pdfium

    from newsmon.parse import pdf

    root = Path(__file__).resolve().parents[2]
    files = sorted(root.glob("include/newsmon/testing/corpus*/**/*.pdf")) + sorted(root.glob("tests/data/**/*.pdf"))
    assert len(files) > 70
    pages = 0
    for path in files:
        doc = pdfium.PdfDocument(path.read_bytes())
        try:
            for number in range(len(doc)):
                textpage = doc[number].get_textpage()
                assert pdf._page_text(textpage.raw) == textpage.get_text_range(), (path.name, number)
                pages += 1
        finally:
            doc.close()
    assert pages > len(files)


def test_page_text_reuses_one_buffer() -> None:
    """pdf._page_text reads every page into one kept buffer, grown for a longer page (an array
    made per page was a new ctypes array type per text length, some 25 microseconds each):
    a shorter page read after a longer one gets its own text, none of the longer one's."""
    import ctypes

    import pypdfium2 as pdfium

    from newsmon.parse import pdf

    root = Path(__file__).resolve().parents[2]
    path = next(p for p in sorted(root.glob("include/newsmon/testing/corpus*/**/*.pdf")))
    doc = pdfium.PdfDocument(path.read_bytes())
    saved = pdf._TEXT_BUFFER[0]
    try:
        textpage = doc[0].get_textpage()
        expected = textpage.get_text_range()
        assert len(expected) > 40
        pdf._TEXT_BUFFER[0] = (ctypes.c_ushort * 8)()
        assert pdf._page_text(textpage.raw) == expected  # grown to hold the page
        grown = pdf._TEXT_BUFFER[0]
        assert len(grown) > len(expected)
        assert pdf._page_text(textpage.raw) == expected and pdf._TEXT_BUFFER[0] is grown  # kept
    finally:
        pdf._TEXT_BUFFER[0] = saved
        doc.close()


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.one_of(st.floats(allow_nan=True), st.sampled_from([0.0, -0.0, 10.25, 10.35, 1.0, 11.95])),
                max_size=8))
def test_a_pages_rounded_sizes_are_round_to_a_tenth(sizes: list[float]) -> None:
    """pdf._rounded keeps each size rounded for the page: the same float, sign of a zero and
    NaN included, as round(size, 1) gives, however often and in whatever order asked."""
    from newsmon.parse import pdf

    page = pdf._Page(None, 0, None, {})
    for size in sizes + sizes[::-1]:
        got, want = pdf._rounded(page, size), round(size, 1)
        assert repr(got) == repr(want), size


@settings(max_examples=1000, deadline=None)
@given(TEXTS)
def test_lone_characters_are_the_regex_lone_characters(sample: str) -> None:
    """textlayer counts the one-character words among str.split()'s words, where it ran a regex
    looking behind at every position: the same count (both know the same whitespace)."""
    lone = re.compile("(?<!\\S)[0-9A-Za-z\u0600-\u06ff](?!\\S)")
    assert sum(map(textlayer._LONE_CHARACTERS.__contains__, sample.split())) == len(lone.findall(sample))


def _normalized_with_every_scan(line: str) -> str:
    """normalize_text as it was before a text printable but for its ZWNJs skipped the scans for
    bidi controls, controls and other spaces (none of which is a ZWNJ), and before one scan told
    a line with no presentation form or kashida mark: every scan, as test_parse_class_first
    writes it out for the non-ASCII path."""
    return text.normalize_text(line) if line.isascii() else _normalized_as_before(line)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.sampled_from(_EDGES + "\u200c\u200c\u200f\u202b\u0640\ufe8e\u0654"), max_size=24))
def test_a_line_printable_but_for_its_zwnjs_normalizes_as_with_every_scan(sample: str) -> None:
    assert text.normalize_text(sample) == _normalized_with_every_scan(sample)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.sampled_from(" لکگګكڪبنا\u200cی"), max_size=16))
def test_a_space_before_a_lam_kaf_has_a_lam_kaf(sample: str) -> None:
    """repair_line looks for _SPACE_BEFORE_LAM_KAF only where _LAM_KAF finds a pair: every match
    of the first holds one of the second."""
    if arabic._SPACE_BEFORE_LAM_KAF.search(sample):
        assert arabic._LAM_KAF.search(sample)


def test_the_body_style_of_equal_weights_is_the_first_seen() -> None:
    """style.body_style counts in a dict (not a Counter): of two styles as heavy, the first a
    line has wins, as Counter.most_common(1) gave."""
    from newsmon.parse.pdf import Line
    from newsmon.parse.style import Style, body_style

    def line(size: float, bold: bool) -> Line:
        return Line("abcd", 0, 0.0, 10.0, 10.0, 0.0, 1.0, size, bold)

    assert body_style([line(10.0, False), line(12.0, True)]) == Style(10.0, False, False)
    assert body_style([line(12.0, True), line(10.0, False)]) == Style(12.0, True, False)
    assert body_style([line(12.0, True), line(10.0, False), line(10.2, False)]) == Style(10.0, False, False)


@settings(max_examples=1000, deadline=None)
@given(TEXTS)
def test_layout_words_are_the_text_with_its_other_runs_as_spaces_split(sample: str) -> None:
    """layout._word_list finds the runs of letters where it made each run of other characters
    a space and split the text: the same words (a letter is never whitespace)."""
    assert layout._word_list(sample) == re.sub(r"[\W\d_]+", " ", sample.replace("\u200c", "")).split()


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.sampled_from(_EDGES + "TtEeXxDdVvIiPpLlAaCcOoNnMmKk\u212a\u0130#-–— |/"), max_size=16))
def test_the_quick_looks_before_two_layout_patterns_miss_no_match(sample: str) -> None:
    """layout tells a writer that is no TeX engine, and furniture with no number, before the
    pattern: never one that the pattern alone matches."""
    assert layout.hyphenates_words(sample) == (layout._TEX_WRITER.search(sample) is not None)
    for key in (sample, sample.replace("#", "3")):
        assert layout._page_number(key) == (layout._PAGE_NUMBER.match(key) is not None)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(["the", "The", "of", "und", "DIE", "le", "Les", "est", "x", "Haus", "in", "en", "ß"]),
                max_size=30).map(" ".join))
def test_language_counts_only_the_stopwords_it_scores(sample: str) -> None:
    """detect_language counts the stop words alone (the only words it looks up): the same language."""
    from collections import Counter

    latin_words = language._latin_words(sample)
    if not latin_words:
        return
    counts = Counter(map(str.lower, latin_words))
    scores = {lang: sum(counts[w] for w in words) for lang, words in language._STOPWORDS.items()}
    best = max(scores, key=scores.__getitem__)
    assert language.detect_language(sample) == (best if scores[best] > 0 else None)


_DATE_PARTS = st.sampled_from(["2020", "1398", "۱۳۹۸", "12020", "202", "1", "05", "۱۱", "٢٠٢١", ".", "/", "-", " ",
                               "  ", "جدی", "مرغومی", "January", "mai", "ش", "هـ ش", "ل.", "لمریز", "هجری شمسی",
                               "Date:", "تاریخ:", "Thursday,", "پنجشنبه", "«", "»", "(", ")", "|", "By", "x"])


def _over_date_lines(test):
    """`test` run over lines made of _DATE_PARTS, and over the date lines of the corpus's kinds."""
    for line in ("۱۴ جدی ۱۳۹۸ هـ ش", "Date: 5 January 2020", "05.05.2020", "۱۱ جدی ۱۳۹۸",
                 "2020.202020202020.2020"):  # (a day or month too large for C's int: no date, no OverflowError)
        test = example(line)(test)
    return settings(max_examples=1000, deadline=None)(given(st.lists(_DATE_PARTS, max_size=8).map("".join))(test))


@_over_date_lines
def test_every_date_read_has_a_year_of_four_digits(sample: str) -> None:
    """find_date tries only the runs of words that hold a year of four digits (a run of digits
    no longer): parse_date reads no date without one."""
    if dates.parse_date(sample) is not None:
        assert re.search(r"(?<!\d)\d{4}(?!\d)", sample)
        assert dates._YEAR.search(sample)
    assert (dates._YEAR.search(sample) is None) == (re.search(r"(?<!\d)\d{4}(?!\d)", sample) is None)


@_over_date_lines
def test_a_date_line_is_cleaned_as_by_every_substitution(sample: str) -> None:
    """_clean looks for a Solar Hijri era after the date only in a line that ends as one does."""
    line = dates.to_ascii_digits(" ".join(sample.split()))
    whole = dates._undecorated(dates._SOLAR_SUFFIX.sub("", dates._WEEKDAY.sub("", dates._LABEL.sub(
        "", dates._undecorated(line)))))
    assert dates._clean(line) == whole


def test_a_solar_date_is_the_gregorian_date_jdatetime_gives_without_a_locale() -> None:
    """_make_date names a locale (jdatetime asks the C library's for a date made without one)."""
    import jdatetime

    for year, month, day in ((1398, 10, 11), (1399, 12, 30), (1398, 12, 30), (1400, 7, 31), (1400, 0, 1), (1, 1, 1)):
        try:
            expected = jdatetime.date(year, month, day).togregorian()
        except ValueError:
            expected = None
        assert dates._make_date(year, month, day) == expected


_EXTENTS = st.tuples(st.sampled_from([0, 0, 0, 1, 1, 2]), st.sampled_from([40.0, 50.0, 62.8, 100.0, 300.0, 320.0]),
                     st.sampled_from([50.0, 62.8, 280.0, 300.0, 530.2, 560.0]))


@settings(max_examples=1000, deadline=None)
@given(st.lists(_EXTENTS, min_size=1, max_size=30), st.booleans())
def test_column_edges_of_pages_told_at_once_are_the_edges_line_by_line(extents: list, in_order: bool) -> None:
    """_column_edges tells a page whose lines all overlap one another at once: the edges each
    line gets are those _page_column_edges gives it, one line after another."""
    from newsmon.parse.pdf import Line

    if in_order:
        extents = sorted(extents, key=lambda e: e[0])
    lines = [Line("text", page, x0, x1, 700.0, 690.0, 692.0, 12.0, False) for page, x0, x1 in extents]
    x0s, x1s = [line.x0 for line in lines], [line.x1 for line in lines]
    left, right = layout._percentile(x0s, 0.1), layout._percentile(x1s, 0.9)
    expected = [(left, right)] * len(lines)
    pages: dict[int, list[int]] = {}
    for i, line in enumerate(lines):
        pages.setdefault(line.page, []).append(i)
    for members in pages.values():
        layout._page_column_edges(members, x0s, x1s, right - left, expected)
    assert layout._column_edges(lines) == expected


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([9.9, 10.0, 10.2, 10.3, 12.0, 12.24, 12.26, 14.0]), st.booleans(),
                          st.booleans()), min_size=1, max_size=5),
       st.sampled_from([10.0, 12.0, 12.5, 14.0]), st.booleans(), st.booleans())
def test_a_block_styled_apart_is_one_whose_every_line_style_differs(styles: list, size: float, bold: bool,
                                                                    italic: bool) -> None:
    from newsmon.parse.pdf import Line
    from newsmon.parse.style import Style

    block = layout.Block([Line("text", 0, 0.0, 1.0, 2.0, 1.0, 1.0, s, b, i) for s, b, i in styles])
    body = Style(size, bold, italic)
    assert layout._styled_apart(block, body) == all(Style.of(line) != body for line in block.lines)

"""Patterns the parser scans every line or paragraph with open with what they scan for, and
give what the patterns they replace gave; text work done once where it was done twice.

sre scans fast for a pattern's first character where that is a class or a plain character;
a pattern that opens with a repeat (X+), an alternation of classes or a look-around is tried
as a whole at every position, several times the cost (speed36: callgrind per mirror pass
1,753.7 M -> 1,728 M with these). Each rewritten pattern is compared with the one it replaces,
written out here, on texts drawn from the characters that tell them apart.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsmon import records
from newsmon.parse import arabic, layout, pdf, text, textlayer
from newsmon.parse.article import parse_pdf_article
from tests.pdfs import ArticlePdf
from tests.unit.test_parse_header import EN_BODY, PROFILE, TITLE, URL, body_of

_compiler = pytest.importorskip("re._compiler")
_parser = pytest.importorskip("re._parser")
_constants = pytest.importorskip("re._constants")


def _scanned_for_its_first_character(pattern: re.Pattern[str]) -> bool:
    """Does sre know the pattern's first character (a literal prefix or a class to scan for)?"""
    code: list[int] = []
    _compiler._compile_info(code, _parser.parse(pattern.pattern, pattern.flags), pattern.flags)
    mask = code[2] if len(code) > 2 else 0
    return bool(mask & (_constants.SRE_INFO_PREFIX | _constants.SRE_INFO_CHARSET | _constants.SRE_INFO_LITERAL))


_SCANNED = {
    "pdf._ARABIC_LETTERS": pdf._ARABIC_LETTERS, "pdf._ASCII_LETTERS": pdf._ASCII_LETTERS,
    "text._SPACES": text._SPACES, "text._CONTROLS": text._CONTROLS,
    "foreign_characters(fa, ps)": textlayer.foreign_characters(("fa", "ps")),
    "foreign_characters(en, de)": textlayer.foreign_characters(("en", "de")),
    "arabic._KAF_APART": arabic._KAF_APART, "arabic._PLAIN_SPACE_IN_ARABIC": arabic._PLAIN_SPACE_IN_ARABIC,
    "arabic._REVERSED_LIGATURE_AT": arabic._REVERSED_LIGATURE_AT,
    "arabic._OPENER_AFTER_SPACE": arabic._OPENER_AFTER_SPACE,
    "arabic._CLOSER_BEFORE_WORD": arabic._CLOSER_BEFORE_WORD, "arabic._LONE_CLOSER_PAIR": arabic._LONE_CLOSER_PAIR,
}


@pytest.mark.parametrize("name", sorted(_SCANNED))
def test_a_scanned_pattern_opens_with_what_it_scans_for(name: str) -> None:
    assert _scanned_for_its_first_character(_SCANNED[name])


_KAFS = "".join(sorted(arabic.KERNED_SPACE_BEFORE))
_LINE = ("بپتکگیلمنهسعحخج" + "اآأإدذرزوژءه" + "ګړټښ" + _KAFS + "\u064e\u0650\u0654" + "  ()[]«»‹›-a1\n\u200c")
LINES = st.text(alphabet=st.sampled_from(_LINE), max_size=24)


@settings(max_examples=1000, deadline=None)
@given(LINES)
def test_kafs_apart_are_the_two_cases(sample: str) -> None:
    joining, marks = "".join(sorted(arabic._ZWNJ_BEFORE)), arabic._MARKS
    no_forms = "".join(sorted(set(arabic.KERNED_SPACE_BEFORE) - arabic._ZWNJ_AFTER))
    plain = re.compile(f"[{_KAFS}](?<=[{joining}][{marks}].)|[{no_forms}](?<=[{joining}].)")
    assert [m.span() for m in arabic._KAF_APART.finditer(sample)] == [m.span() for m in plain.finditer(sample)]


@settings(max_examples=1000, deadline=None)
@given(LINES)
def test_a_kaf_apart_needs_a_mark_or_a_kaf_with_no_forms(sample: str) -> None:
    """_kerned_spaces searches for _KAF_APART only where the line holds a mark (repair_line's
    `rare`) or one of _FORMLESS_KAFS: every match holds one of them."""
    assert sorted(arabic._FORMLESS_KAFS) == sorted(set(arabic.KERNED_SPACE_BEFORE) - arabic._ZWNJ_AFTER)
    assert len(arabic._FORMLESS_KAFS) == 2  # (_kerned_spaces tests the two by index)
    if arabic._KAF_APART.search(sample):
        assert arabic.MARK_BRACKET_OR_LATIN.search(sample) or any(kaf in sample for kaf in arabic._FORMLESS_KAFS)


@settings(max_examples=1000, deadline=None)
@given(LINES)
def test_the_plain_space_is_the_first_space_no_zwnj_could_be(sample: str) -> None:
    letters = arabic._LETTERS
    first = next((m.start() + 1 for m in re.finditer(f"[{letters}] (?=[{letters}])", sample)
                  if sample[m.start()] not in arabic._ZWNJ_BEFORE or sample[m.end()] not in arabic._ZWNJ_AFTER), None)
    assert arabic.plain_space(sample) == first


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.sampled_from("اآأإهلب "), max_size=16))
def test_reversed_ligatures_are_found_where_each_starts(sample: str) -> None:
    anywhere = re.compile("(?=" + "|".join(arabic._REVERSED_LIGATURES) + ")")
    assert [m.start() - 1 for m in arabic._REVERSED_LIGATURE_AT.finditer(sample)
            if any(sample.startswith(lig, m.start() - 1) for lig in arabic._REVERSED_LIGATURES)] \
        == [m.start() for m in anywhere.finditer(sample)]
    # _fix_ligatures finds the same places by str.find (no regex call a line)
    assert arabic._reversed_ligature_places(sample) \
        == [m.start() for m in arabic._REVERSED_LIGATURE_AT.finditer(sample)]


@settings(max_examples=1000, deadline=None)
@given(LINES)
def test_brackets_by_a_word_are_found_from_the_space_or_bracket(sample: str) -> None:
    plain = {arabic._OPENER_AFTER_SPACE: r"(?<=\S) ([(\[«‹])(?=[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff])",
             arabic._CLOSER_BEFORE_WORD: r"(?<=\S)([)\]}»›]) (?=\w)",
             arabic._LONE_CLOSER_PAIR: r"(?<=\S) ([)\]}»›]) ([^ ()\[\]{}«»‹›][^()\[\]{}«»‹›]{0,60}?)([)\]}»›])(?= |$)"}
    for fast, written in plain.items():
        assert [(m.span(), m.groups()) for m in fast.finditer(sample)] \
            == [(m.span(), m.groups()) for m in re.finditer(written, sample)]


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab سلام\n\t\xa0\u2028\x85\u200c\u200de\u0301é"), max_size=24))
def test_count_and_hash_is_the_word_lists(body: str) -> None:
    norm = unicodedata.normalize("NFC", body)
    words = norm.split()
    count = len(words) if norm == body else len(body.split())
    assert records.count_and_hash(body) == (count, hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest())


def test_a_parsed_body_is_hashed_without_a_word_list() -> None:
    body = "سلام دنیا می\u200cشود.\n\nA second paragraph (two)."
    assert records._single_spaced(body) == "سلام دنیا می\u200cشود. A second paragraph (two)."
    assert records._single_spaced("one\n\n\ntwo") is None and records._single_spaced("a\u2028b") is None


def test_a_paragraphs_lines_are_joined_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pull-quote look reads the body paragraphs' texts, and the paragraphs are those texts
    again where the writer breaks no words: each is joined once."""
    pdf_ = ArticlePdf().masthead().line("European Languages", bold=True).line("By Jane Doe").line("02.01.2020")
    pdf_.line("Prices rise again", **TITLE)
    pdf_.paragraph(EN_BODY[0]).paragraph(EN_BODY[1])
    pdf_.paragraph("the winter has been hard, the roads to the north were closed for a week", size=15,
                   italic=True, indent=True)
    pdf_.paragraph(EN_BODY[2])
    joined: Counter[str] = Counter()
    join_lines = layout.join_lines

    def counted(texts: list[str], *args: object, **kwargs: object) -> str:
        out = join_lines(texts, *args, **kwargs)  # type: ignore[arg-type]
        joined[out] += 1
        return out

    monkeypatch.setattr(layout, "join_lines", counted)
    record = parse_pdf_article(pdf_.build(), url=URL, profile=PROFILE)
    assert body_of(record) == EN_BODY
    assert all(joined[paragraph] == 1 for paragraph in EN_BODY)


def _normalized_as_before(line: str) -> str:
    """normalize_text as it was before one scan told a line with no presentation form or
    kashida mark (the non-ASCII path, written out)."""
    line = text.fold_presentation_forms(line)
    printable = line.isprintable()
    if not printable:
        line = text._BIDI_CONTROLS.sub("", line)
    if text.has_arabic_script(line):
        if text._KASHIDA_MARK.search(line):
            line = text._KASHIDA_ARTIFACT.sub("", line)
        line = line.replace(text.TATWEEL, "")
    else:
        line = text.unswap_ligatures(line)
    if not printable:
        line = text._CONTROL.sub("", line)
    line = text._single_spaces(unicodedata.normalize("NFC", line), printable).strip()
    line = text._single_spaces(text._ZWNJ_AT_A_WORD_EDGE.sub("", line)).strip()  # (a ZWNJ at a word's edge)
    return text._ZWNJ_RUN.sub(text.ZWNJ, line)  # (a ZWNJ twice)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.sampled_from("بلا ـ4\x19\u200f\ufefb\ufe8e\ufdf2é a\u00a0"), max_size=20))
def test_normalize_text_skips_only_what_finds_nothing(line: str) -> None:
    if not line.isascii():
        assert text.normalize_text(line) == _normalized_as_before(line)


def _boxes(positions: list[int]) -> list[tuple[float, float, float, float]]:
    """Glyph boxes of a right-to-left line, four points wide, a point apart (a made-up page)."""
    return [(200.0 - 5 * p - 4, 0.0, 200.0 - 5 * p, 10.0 - (p % 3)) for p in positions]


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.sampled_from("بلکاه مد" + "\u064e\u0654" + "()[]«»" + "ab1-/." + "  "), max_size=20))
def test_repair_line_skips_only_the_looks_that_find_nothing(line: str) -> None:
    """The one scan for a mark, bracket or Latin letter skips no repair that had work."""
    assert arabic.repair_line(line, _boxes, 12.0) == arabic.repair_line(line, _boxes, 12.0, rare=True)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.sampled_from("،۱۲0 9a\tب٬.,/:\n"), max_size=16))
def test_a_comma_before_numbers_is_found_from_the_comma(sample: str) -> None:
    from newsmon.parse import bidi_numbers

    number = r"[0-9۰-۹](?:[٫٬.,/:]?[0-9۰-۹])*"
    written = re.compile(rf"(?<!\S)،({number})(?= [0-9۰-۹]|$)")
    fast = bidi_numbers._COMMA_BEFORE_NUMBERS
    assert [(m.span(), m.groups()) for m in fast.finditer(sample)] \
        == [(m.span(), m.groups()) for m in written.finditer(sample)]
    assert fast.sub(r"\1،", sample) == written.sub(r"\1،", sample)

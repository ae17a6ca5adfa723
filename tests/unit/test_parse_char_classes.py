"""char_classes: the places of a pattern of one character and its neighbours, read from a class
table in one compiled loop (char_classes.c, in the box reader's extension), are the pattern's own.

The test process runs the parser as Python (tests/conftest.py), which searches with the patterns:
the extension is loaded here from the build itself (as test_parse_box_reads.py does) and held to
them on random lines over their characters.
"""

from __future__ import annotations

import pytest

from newsmon.parse import arabic, char_classes, pdf, text
from tests.unit.test_parse_box_reads import box_reads  # noqa: F401 - the build's extension (a fixture)
from tests.unit.test_parse_pattern_rewrites import ALPHABET, _lines

PLACES = {**{name: getattr(arabic, name) for name in (
    "_UNJOINED_PLACES", "_SEPARATOR_PLACES", "_SEPARATOR_SHAPED_PLACES", "_SPACE_BETWEEN_LETTERS_PLACES",
    "_PLAIN_SPACE_PLACES", "_LAM_KAF_AT", "_LAM_BEFORE_ALEF_AT", "_SPACE_BY_MARK_AT", "_SPACE_AFTER_UNJOINED_AT",
    "_BRACKET_AT", "MARK_BRACKET_OR_LATIN_AT", "LATIN_DIGIT_BULLET_OR_BRACKET_AT")},
          **{f"pdf.{name}": getattr(pdf, name) for name in ("_SPACE_BETWEEN_LETTERS_PLACES", "_A_MARK_AT", "_NATIVE_NUMBER_AT",
                                                            "_GLUED_ALEF_AT")}}
# Patterns of two characters, asked only whether they match (their matches do not overlap; the places
# do), and alphabets for the rarer ones.
SEARCHED_ONLY = {"_LAM_KAF_AT", "pdf._NATIVE_NUMBER_AT"}
ALPHABETS = {"_LAM_KAF_AT": "لکگابی ", "_LAM_BEFORE_ALEF_AT": "لاآأبم ", "_SPACE_AFTER_UNJOINED_AT": "دریيېبه  ",
             "pdf._NATIVE_NUMBER_AT": "۱۲٣9ب "}
RUNS = {"_ZWNJ_RUNS": arabic._ZWNJ_RUNS, "_ZWNJ_RUNS_SHAPED": arabic._ZWNJ_RUNS_SHAPED,
        "pdf._LETTER_RUNS": pdf._LETTER_RUNS, "text._ARABIC_WORDS": text._ARABIC_WORDS}
# (the separators' no-break space, and characters past the tables: a ZWNJ is in none of these classes)
LINE_ALPHABET = [*ALPHABET, "\xa0", "\xa0", " ", " ", "\u200c", "\u2060", "\ufeb0", "𝐀", *"لکگاآیيه•◦۲٣é"]


@pytest.mark.parametrize("name", sorted(PLACES))
def test_the_compiled_places_are_the_patterns(box_reads, name):  # noqa: F811 - the fixture
    places = PLACES[name]
    lines = _lines(len(name), ALPHABETS.get(name, LINE_ALPHABET), 20000) + ["", " ", "ب", "ب ب", "ا ب", "1ب"]
    found = 0
    for line in lines:
        expected = [m.start() + places.shift for m in places.pattern.finditer(line)]
        if name not in SEARCHED_ONLY:
            assert box_reads.class_places(line, places.classes, places.rules, False) == expected, (name, line)
            assert places.places(line) == expected  # (the Python parser's: the pattern's search)
        assert box_reads.class_places(line, places.classes, places.rules, True) == expected[:1], (name, line)
        assert places.found(line) == bool(expected) == (places.pattern.search(line) is not None)
        found += len(expected)
    assert found > 40  # the alphabet reaches the pattern


@pytest.mark.parametrize("name", sorted(RUNS))
def test_the_compiled_runs_are_the_patterns(box_reads, name):  # noqa: F811 - the fixture
    runs = RUNS[name]
    lines = _lines(len(name) + 1, LINE_ALPHABET, 20000) + ["", "ب", "بب", "بد", "دب", "بِب", "ب\u200cب"]
    found = given_back = 0
    for line in lines:
        spans = [m.span() for m in runs.pattern.finditer(line)]
        assert box_reads.class_runs(line, runs.classes, runs.mask, runs.least, runs.after, False) == spans, (name, line)
        assert box_reads.class_runs(line, runs.classes, runs.mask, runs.least, runs.after, True) == \
            runs.pattern.findall(line), (name, line)
        assert runs.spans(line) == spans and runs.words(line) == runs.pattern.findall(line)  # (the Python parser's)
        found += len(spans)
        given_back += sum(end < len(line) and ord(line[end]) < len(runs.classes)
                          and runs.classes[ord(line[end])] & runs.mask != 0 for _, end in spans)
    assert found > 1000
    assert given_back > 20 if runs.after else given_back == 0  # (a run that gives its last character back)


def test_the_places_are_read_from_any_kind_of_string(box_reads):  # noqa: F811 - the fixture
    places = arabic._SPACE_BETWEEN_LETTERS_PLACES
    for line in ("ab c", "بی بی", "بی بی 𝐀", "\u200cب ب"):  # (1, 2 and 4 bytes a character)
        assert box_reads.class_places(line, places.classes, places.rules, False) == \
            [m.start() for m in places.pattern.finditer(line)]


def test_a_table_holds_eight_classes_of_the_characters_it_covers_and_bad_arguments_raise(box_reads):  # noqa: F811
    classes = char_classes.table("ab", "b")
    assert classes[ord("a")] == 1 and classes[ord("b")] == 3 and len(classes) == char_classes.TABLE_SIZE
    with pytest.raises(ValueError, match="eight"):
        char_classes.table(*["a"] * 9)
    with pytest.raises(ValueError, match="U\\+1D400 is past the class table"):
        char_classes.table("𝐀")
    with pytest.raises(TypeError, match="three masks a rule"):
        box_reads.class_places("ab", classes, b"\x01\x02", False)
    with pytest.raises(TypeError, match="class_places"):
        box_reads.class_places(b"ab", classes, b"\x01\x02\x01", False)
    with pytest.raises(TypeError, match="wrong number"):
        box_reads.class_places("ab", classes)
    with pytest.raises(TypeError, match="class_runs"):
        box_reads.class_runs("ab", "ab", 1, 1, 0, False)
    with pytest.raises(OverflowError):
        box_reads.class_runs("ab", classes, 2**40, 1, 0, False)


def test_a_text_longer_than_the_loops_own_room_is_read_whole(box_reads):  # noqa: F811 - the fixture
    """Past LOCAL_CLASSES characters (1,024) the loops take memory of their own: a page's text."""
    line = "".join(_lines(11, LINE_ALPHABET, 400))
    assert len(line) > 2048
    places, runs = arabic._UNJOINED_PLACES, text._ARABIC_WORDS
    assert box_reads.class_places(line, places.classes, places.rules, False) == \
        [m.start() for m in places.pattern.finditer(line)]
    assert box_reads.class_runs(line, runs.classes, runs.mask, runs.least, runs.after, True) == \
        runs.pattern.findall(line)

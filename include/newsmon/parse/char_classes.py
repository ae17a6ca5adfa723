"""Where a pattern of one character and its two neighbours matches, or a pattern of a run of
characters, told from a table of their classes in one compiled loop (char_classes.c, in the box
reader's extension) where the parser runs compiled.

Some of the ZWNJ repair's patterns ask only what a character is and what stands on each side of
it (arabic._UNJOINED: a letter that joins no next one before a letter; arabic._SEPARATOR: a space
between a letter that joins the next one and a letter with forms). Their classes take most of a
line's characters, so the regex engine tries a match nearly everywhere: 20 to 80 ns a character
(_UNJOINED was the costliest pattern of a corpus pass), where a table lookup is one or two. The
pattern stays the definition: the Python parser (and a build without the extension) searches with
it, and the rules here are written from the same sets, which tests hold to the pattern. So for
the runs of a class (a line's letters, a text's words: pdf._LETTER_RUN, text._ARABIC_WORD).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final, cast

from newsmon.parse import native

# The code points a class table covers (the Arabic block and all below it, the General
# Punctuation block's ZWNJ and marks, and on to the Geometric Shapes' bullets): any other
# character is in no class.
TABLE_SIZE: Final = 0x2600


_EXTENSION: Final = native.extension()  # (where the parser runs compiled; None else)
_CLASS_PLACES: Final = getattr(_EXTENSION, "class_places", None)
_CLASS_RUNS: Final = getattr(_EXTENSION, "class_runs", None)


def table(*sets: Iterable[str]) -> bytes:
    """A class table: bit k of a code point's byte set where the character is in sets[k] (eight
    sets at most; each character below TABLE_SIZE)."""
    if len(sets) > 8:
        raise ValueError(f"{len(sets)} classes: a table byte holds eight")
    classes = bytearray(TABLE_SIZE)
    for bit, characters in enumerate(sets):
        for character in characters:
            if ord(character) >= TABLE_SIZE:
                raise ValueError(f"U+{ord(character):04X} is past the class table")
            classes[ord(character)] |= 1 << bit
    return bytes(classes)


class ClassPlaces:
    """The places of a text where `pattern` matches (where its matches are one character, or two
    of which the second is the place: `shift` 1), read by the rules where the parser runs compiled;
    or whether it matches at all (a pattern of two characters too: its first is the place).

    `rules`: (before, here, after) for each alternative, each a mask of the classes (bits of
    `classes`, see table) the character there must be in, 0 for any or none."""

    def __init__(self, pattern: re.Pattern[str], classes: bytes, rules: list[tuple[int, int, int]],
                 shift: int = 0) -> None:
        self.pattern = pattern
        self.classes = classes
        self.rules = bytes(mask for rule in rules for mask in rule)
        self.shift = shift

    def places(self, text: str) -> list[int]:
        if _CLASS_PLACES is not None:
            return cast("list[int]", _CLASS_PLACES(text, self.classes, self.rules, False))
        return [match.start() + self.shift for match in self.pattern.finditer(text)]

    def found(self, text: str) -> bool:
        """Whether the pattern matches anywhere in `text` (its search)."""
        if _CLASS_PLACES is not None:
            return bool(_CLASS_PLACES(text, self.classes, self.rules, True))
        return self.pattern.search(text) is not None


class ClassRuns:
    """The matches of `pattern`, a run of the characters of some classes (`mask`: their bits of
    `classes`, see table) `least` long or longer, each as long as it goes on; where the pattern
    looks ahead for a class (`after`: its bits; the run's own characters in it too) and the
    character after a run is in none, the run ends a character earlier (the engine gives its last
    character back). Read in one loop where the parser runs compiled."""

    def __init__(self, pattern: re.Pattern[str], classes: bytes, mask: int, least: int = 1, after: int = 0) -> None:
        self.pattern = pattern
        self.classes = classes
        self.mask = mask
        self.least = least
        self.after = after

    def spans(self, text: str) -> list[tuple[int, int]]:
        if _CLASS_RUNS is not None:
            return cast("list[tuple[int, int]]", _CLASS_RUNS(text, self.classes, self.mask, self.least, self.after,
                                                             False))
        return [match.span() for match in self.pattern.finditer(text)]

    def words(self, text: str) -> list[str]:
        if _CLASS_RUNS is not None:
            return cast("list[str]", _CLASS_RUNS(text, self.classes, self.mask, self.least, self.after, True))
        return cast("list[str]", self.pattern.findall(text))

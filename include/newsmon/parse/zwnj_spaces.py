"""ZWNJs that a PDF draws as space glyphs which move the pen by nothing, and word spaces it
draws as ZWNJs that move the pen.

A ZWNJ has no ink and no width. Ghostscript, re-writing a LibreOffice or Chromium page, maps
its glyph to U+0020, and LibreOffice Impress slides draw it so too: pdfium then reads a word
space inside the word ("نسخه های", "رأی دهی", "بې وزلو"). Such a space is drawn, with a
glyph a space wide, where the letter drawn next to it stands: its origin is that letter's
(within 0.01 em; a word space moves the pen by a fifth of an em or more, so the origins of
the letters beside it stand that far from its own). A space that pdfium made up (XeTeX) has
no width and stands at the origin of the letter before it: no ZWNJ.

A page's lines are looked at closer only where its first space where a ZWNJ is likeliest
(after "می", before "ها", "اند", "تر") is drawn so: most pages draw no ZWNJ as a space (and
LibreOffice and Word draw none at all: "نسخههای"), and reading three pens at every space of
every line would cost more than the rest of the line's repairs.

Where the font's one glyph was drawn for a ZWNJ before any space, Ghostscript maps it to the
ZWNJ, and pdfium reads every word space as one ("کم‌آبی‌در‌کابل؛‌چاه‌ها"): such a "ZWNJ"
moves the pen by its width, to the origin of the letter drawn next to it, where a ZWNJ moves
it by nothing. A page is looked at closer where one of its first ZWNJs does so (a real one
may come first).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from typing import Final

from newsmon.parse.arabic import ARABIC_LETTERS, NON_LEFT_JOINING, WITH_FORMS, ZWNJ

ZWNJ_SPACE_EMS: Final = 0.01  # a space whose origin is this close to a letter's beside it moved the pen by nothing
_LOOKED_AT: Final = 8  # ZWNJs a page is told by (see page_draws_spaces_as_zwnjs)
DRAWN_EMS: Final = 0.1  # a space glyph at least this wide (from its origin to its advance's end) is drawn

_AFTER: Final = "".join(sorted(ARABIC_LETTERS & WITH_FORMS - {"ء"}))  # letters a ZWNJ may stand before
_BEFORE: Final = "".join(sorted(set(_AFTER) - NON_LEFT_JOINING))  # and after: letters that join the next one
_LETTERS: Final = "".join(sorted(ARABIC_LETTERS))
# A space between a letter that joins the next one and a letter with forms: where a ZWNJ may stand.
_SPACE_FOR_A_ZWNJ: Final = re.compile(f" (?<=[{_BEFORE}] )(?=[{_AFTER}])")
# A ZWNJ between two characters that are no spaces ("کابل؛‌چاه": after a semicolon, too),
# matched at the ZWNJ, looking behind.
_ZWNJ_INSIDE: Final = re.compile(f"{ZWNJ}(?<=\\S{ZWNJ})(?=\\S)")
# Where a Persian text has a ZWNJ most often: after the prefix "می" (or "نمی"), before the
# suffixes "ها", "اند", "تر". One pattern for each literal (the prefix with its space, the
# space with a suffix), each with where the space stands in its match: a pattern that opens
# with a literal of a few characters is scanned for its first one and the rest compared on
# the spot, where one that opens with the space alone starts the look-arounds at every space
# (a sixth of a Persian page's characters: 1 % of a parse's instructions, once a page).
_LIKELY_ZWNJ: Final = (
    (re.compile(f"می (?:(?<=(?<![{_LETTERS}])می )|(?<=(?<![{_LETTERS}])نمی ))(?=[{_AFTER}])"), 2),
    *((re.compile(f" {suffix}(?<=[{_BEFORE}] {suffix})"), 0) for suffix in ("ها", "اند", "تر")),
)

PenReader = Callable[[list[int]], list[tuple[float, float]]]  # (origin, end of advance) by position


def page_draws_zwnj_spaces(text: str, read_pens: PenReader, em: float) -> bool:
    """Whether a page (its text `text`; `read_pens` gives the pens of the characters at the
    positions given; `em`: the type size of its Arabic script) draws its ZWNJs as spaces,
    told by its first space where a ZWNJ is likeliest (none: no)."""
    found = [match.start() + at for pattern, at in _LIKELY_ZWNJ if (match := pattern.search(text))]
    if not found:
        return False
    space = min(found)  # the first such space of the page
    return _moves_nothing(read_pens([space - 1, space, space + 1]), em)


def zwnjs_for_empty_spaces(text: str, read_pens: PenReader, em: float) -> str:
    """`text` with a ZWNJ for each space between a joining letter and a letter with forms
    that moves the pen by nothing (see the module), on a page that draws its ZWNJs so."""
    return _replaced(text, [m.start() for m in _SPACE_FOR_A_ZWNJ.finditer(text)], read_pens, em, _moves_nothing, ZWNJ)


def _replaced(text: str, places: list[int], read_pens: PenReader, em: float,
              drawn_so: Callable[[list[tuple[float, float]], float], bool], by: str) -> str:
    """`text` with `by` for each character at `places` whose pens and its neighbours' (see
    read_pens) are `drawn_so` (given them and the type size `em`)."""
    if not places:
        return text
    pens = read_pens([q for p in places for q in (p - 1, p, p + 1)])
    found = [p for k, p in enumerate(places) if drawn_so(pens[3 * k:3 * k + 3], em)]
    if not found:
        return text
    chars = list(text)
    for p in found:
        chars[p] = by
    return "".join(chars)


def _moves_nothing(pens: list[tuple[float, float]], em: float) -> bool:
    """Do the pens of (letter, space, letter) put a drawn space where a letter beside it stands?"""
    (before, _), (space, end), (after, _) = pens
    return end - space >= DRAWN_EMS * em and min(abs(space - before), abs(space - after)) < ZWNJ_SPACE_EMS * em


def page_draws_spaces_as_zwnjs(text: str, read_pens: PenReader, em: float) -> bool:
    """Whether a page (its text `text`; `read_pens` gives the pens of the characters at the
    positions given; `em`: the type size of its Arabic script) draws its word spaces as
    ZWNJs, told by its first few ZWNJs inside a line's text (a real one may come first; none: no)."""
    places = [m.start() for m in itertools.islice(_ZWNJ_INSIDE.finditer(text), _LOOKED_AT)]
    if not places:
        return False
    pens = read_pens([q for p in places for q in (p - 1, p, p + 1)])
    return any(_moves_on(pens[3 * k:3 * k + 3], em) for k in range(len(places)))


def spaces_for_moving_zwnjs(text: str, read_pens: PenReader, em: float) -> str:
    """`text` with a word space for each ZWNJ inside it that moves the pen by its width (see
    the module), on a page that draws its word spaces so."""
    return _replaced(text, [m.start() for m in _ZWNJ_INSIDE.finditer(text)], read_pens, em, _moves_on, " ")


def _moves_on(pens: list[tuple[float, float]], em: float) -> bool:
    """Do the pens of (letter, glyph, letter) show a drawn glyph that moved the pen by its width,
    from its own origin (no letter's) to the origin of a letter beside it?"""
    (before, _), (origin, end), (after, _) = pens
    near = ZWNJ_SPACE_EMS * em
    return (end - origin >= DRAWN_EMS * em and min(abs(origin - before), abs(origin - after)) >= near
            and min(abs(end - before), abs(end - after)) < near)

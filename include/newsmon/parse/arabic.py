"""Repair pdfium's text of Arabic-script lines using the glyph boxes.

pdfium gets Dari and Pashto mostly right, but word-processor PDFs leave four faults
that only geometry can undo:

- a ligature's letters come out reversed ("ال" for "لا", "هلل" for "لله"): they share
  one glyph box, which tells them from real letter pairs;
- a combining mark (hamza above "ٔ", vowel signs) drifts away from its letter, often
  with a zero-width space beside it: its box still sits on the letter it belongs to;
- ZWNJ (U+200C) is dropped: where it stood, a letter that joins to the next one does
  not touch it, so a visible gap between two letters of a word means a ZWNJ (gaps are
  measured against the type size); XeTeX draws it as a glyph pdfium reads as a space,
  which moves the pen no further; and where pdfium makes a page's spaces up, it misses
  some (Chromium): two letters a word space apart, the pen moved on by a space's advance;
  where the ink tells nothing, the PDF's drawing may: LibreOffice and Chromium draw the ZWNJ
  (and Chromium each space) as an object of its own that pdfium skips, and a writer that
  shapes the text itself draws the letter before a ZWNJ in its final form (see _drawn_separators);
- inside a right-to-left line, the words of an embedded Latin phrase come out in
  right-to-left order, brackets and guillemets come out mirrored where the PDF maps a
  bracket glyph to the character typed (LibreOffice, Word; XeTeX's are right), and
  punctuation after a number lands before it;
- justified text stretched with kashidas yields stray ASCII characters between two
  letters ("5", "@", "B": whatever the font's kashida glyph maps to); their boxes are
  flat strokes on the baseline, which tells them from real characters.
"""

from __future__ import annotations

import math
import re
import string
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

from newsmon.parse import char_classes
from newsmon.parse.char_classes import ClassPlaces, ClassRuns

Box = tuple[float, float, float, float]  # left, bottom, right, top

ZWNJ: Final = "\u200c"
# Letters that never join the letter after them: a gap after them is normal.
NON_LEFT_JOINING: Final = frozenset("ءآأؤإاةدذرزژوۀډړږۍۇۈۉۋەٱٲٳٵۆ")
# Letters with no presentation forms (ټ ډ ړ ګ څ ...): PDFs shaped the old way draw them
# unjoined, so a gap beside them says nothing about ZWNJ.
WITH_FORMS: Final = frozenset(unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB50, 0xFEFF))
# Brackets pdfium mirrors in right-to-left runs ("<" and ">" are left alone: as signs of
# comparison they stand between spaces or digits, where their direction cannot be told).
_OPENERS: Final = "([{«‹"
_CLOSERS: Final = ")]}»›"
MIRRORED: Final = str.maketrans(_OPENERS + _CLOSERS, _CLOSERS + _OPENERS)
# What may follow a word-final closing bracket besides a space.
_CLOSING_PUNCT: Final = frozenset(_CLOSERS + ".,;:!?،؛؟")


ARABIC_LETTERS: Final = frozenset(chr(c) for c in range(0x0620, 0x0700) if unicodedata.category(chr(c)) == "Lo")
ARABIC_MARKS: Final = frozenset(chr(c) for c in range(0x0610, 0x0700) if unicodedata.category(chr(c)) == "Mn")


# A ZWNJ can stand between these two sets: after a letter that joins the next one, and
# before a letter, both with presentation forms (see WITH_FORMS). Hamza (ء) has forms
# but joins on neither side: the gap before it is no ZWNJ ("الشيء").
_ZWNJ_AFTER: Final = ARABIC_LETTERS & WITH_FORMS - {"ء"}
_ZWNJ_BEFORE: Final = _ZWNJ_AFTER - NON_LEFT_JOINING
# Where the page's writer shaped the text with a shaping engine and its fonts map no
# presentation forms (LibreOffice, XeTeX: see pdf._maps_forms), the letters that have none
# (Pashto's ټ ځ څ ښ ګ ڼ, and ډ ړ ږ ۍ, which join only the letter before them) join as the
# others do, and a gap beside them tells a ZWNJ as well ("بې‌ځایه", "سپین‌ږیری"). A writer
# that shapes into presentation forms itself (reportlab) draws them unjoined: there a gap
# beside them tells nothing.
_NO_FORMS_DUAL: Final = frozenset("ټځڅښګڼ")
_NO_FORMS_RIGHT: Final = frozenset("ډړږۍ")
_ZWNJ_AFTER_SHAPED: Final = _ZWNJ_AFTER | _NO_FORMS_DUAL | _NO_FORMS_RIGHT
_ZWNJ_BEFORE_SHAPED: Final = _ZWNJ_BEFORE | _NO_FORMS_DUAL
# A letter that joins the next one inside a word, between two letters with forms (see
# pdf._joined_bare).
JOINED_INSIDE: Final = re.compile(f"(?<=[{''.join(sorted(_ZWNJ_AFTER))}])[{''.join(sorted(_ZWNJ_BEFORE))}]"
                           f"(?=[{''.join(sorted(_ZWNJ_AFTER))}])")
# One of those letters beside a letter it would join, in a page's text (a letter and the next
# one: see pdf._joins_letters_with_no_forms).
# (The letter first, then which of the two it is: see _UNJOINED.)
NO_FORMS_PAIR: Final = re.compile(f"[{''.join(sorted(_NO_FORMS_DUAL | _ZWNJ_BEFORE_SHAPED))}]"
                           f"(?:(?<=[{''.join(sorted(_NO_FORMS_DUAL))}])(?=[{''.join(sorted(_ZWNJ_AFTER_SHAPED))}])"
                           f"|(?<=[{''.join(sorted(_ZWNJ_BEFORE_SHAPED))}])"
                           f"(?=[{''.join(sorted(_NO_FORMS_DUAL | _NO_FORMS_RIGHT))}]))")


def is_arabic_letter(ch: str) -> bool:
    return ch in ARABIC_LETTERS


def _is_mark(ch: str) -> bool:
    return ch in ARABIC_MARKS


# Gaps are measured in ems of the line's type (its font size in page space), so that one
# rule holds for 10 pt body text and 32 pt titles alike. Joined letters overlap (by 0.005
# em or more in the corpora's six producers) or touch (0.004 em apart in an Arabic XeTeX
# font of the real-world set); two letters that would join but stand 0.01 em apart or more
# (most ZWNJs 0.05 to 0.15 em) show a ZWNJ. A ZWNJ after a letter whose final form reaches
# under the next one (ی, ن, ه in many fonts: "نمی‌شود", "کم‌آبی") leaves no gap to see.
ZWNJ_GAP_EM: Final = 0.01
# Where two letters stand a word space apart, though, pdfium may have made no space (on a
# page that draws no spaces, so that pdfium makes them up): Chromium draws the space as an
# object of its own that pdfium skips. There the ink stands 0.28 em apart or more, and the
# pen moved on by a space's advance, 0.29 em or more. Neither alone tells: a ZWNJ's glyph
# may have an advance of its own (0.05 em in Noto Naskh, up to 0.09 em in DejaVu Sans),
# and its ink gap reach 0.24 em (Amiri). Before a kaf or gaf, whose upper stroke reaches
# back over the space, fonts kern the space down (Amiri: to 0.05 em of pen, 0.15 em of ink
# or more, where its ZWNJ moves the pen not at all and leaves 0.14 em of ink at most); a
# ZWNJ that moves the pen as far has less ink gap there (DejaVu Sans 0.06 em, Noto Naskh 0.09).
SPACE_GAP_EM: Final = 0.14
SPACE_ADVANCE_EM: Final = 0.15
KERNED_SPACE_ADVANCE_EM: Final = 0.03
KERNED_SPACE_BEFORE: Final = frozenset("کگګكڪ")
# A font may set a narrower word space than SPACE_ADVANCE_EM (SIL's Lateef: 0.114 em); on a page
# whose spaces pdfium makes up, the pen moving on by this share of it is a space (see _pen_marks).
NARROW_SPACE_SHARE: Final = 0.7
# XeTeX draws the ZWNJ as a glyph that pdfium reads as a space (or no-break space): a
# glyph that moves the pen no further (its origin is the next letter's), between letters
# a ZWNJ's width apart. A real space moves the pen by a fifth of an em or more.
STILL_PEN_EM: Final = 0.02
ZWNJ_WIDE_EM: Final = 0.2
# The type size assumed where the caller gives none.
DEFAULT_EM: Final = 12.0
# A ZWNJ the next letter's ink hides. A letter that joins the next one draws its joining
# stroke out to where its pen started (its origin, the glyph's left edge in a right-to-left
# line), or past it into the next glyph; its final or isolated form, drawn before a ZWNJ,
# leaves that edge bare: its ink starts 0.003 to 0.07 em inside its advance (Noto Naskh's
# final yeh 0.003 em; Amiri, Noto Sans Arabic, Noto Naskh's heh 0.01 em or more). Where the
# next letter's own ink reaches 0.013 em or more past that origin, under or over it (the
# madda of "آ", the tooth of "پ" or "ی"), the two boxes overlap and no gap shows the ZWNJ.
# Joined letters whose neighbour reaches that far start their ink at the origin (0.0001 em
# from it at most in the corpora and the real-world set); those with a bare edge (the
# real-world set's Arabic fonts: up to 0.012 em, DejaVu Sans Mono) meet their neighbour at
# the pen: its ink reaches 0.01 em past it at most. Both at once tell the ZWNJ. A letter
# whose ink reaches much farther (the madda reaches 0.14 em at most in the corpora's fonts)
# is stacked with the one before it, as in a ligature (XeTeX's Amiri sets "نج" so, the
# noon raised over the jeem): that tells nothing.
BARE_EDGE_EM: Final = 0.002
REACHES_PAST_EM: Final = 0.012
# Where a page's letters that join the next one start their ink at their origin, all but one of
# the first BARE_SAMPLE of its text (see pdf._joined_bare: most pages), a bare edge of
# BARE_ALONE_EM or more of another letter tells the ZWNJ however near the next letter's ink reaches:
# a final cheh's tail stops 0.01 em inside its advance, and the gaf after it reaches 0.005 em
# past its origin ("هیچ‌گاه" in Noto Sans Arabic, LibreOffice), less than a joined letter's
# neighbour may reach where letters join with a bare edge (DejaVu Sans Mono: see above).
BARE_ALONE_EM: Final = 0.005
BARE_SAMPLE: Final = 32
# A narrow gap after a letter drawn in its joining form is no ZWNJ. SIL's Harmattan ends its
# final yeh (Pashto "چې", "کې") 0.012 to 0.018 em short of the letter it joins, whose ink
# starts at its origin or reaches past it (0.009 em); a letter before a ZWNJ, in its final or
# isolated form, starts its ink 0.015 em or more inside its advance, and the ZWNJ leaves a gap
# of 0.03 em or more (0.02 em in a few of the corpora's; measured on the corpora, the probes
# and a probe of five fonts the corpora never use).
NARROW_GAP_EM: Final = 0.03
STACKED_EM: Final = 0.3
# A lam before an alef: every font joins the two in a ligature, one glyph (one box) or two
# whose ink crosses (the alef reaches 0.28 of the lam's height or more into the lam's, in the
# corpora, probes and real-world set), so that a lam and an alef that stand side by side as
# two glyphs (the alef's ink reaching 0.03 of the lam's height into the lam's at most) stand
# across a ZWNJ ("جلال‌آباد", "ملال‌آور"), even where no gap shows it: its ink reaches 0.028 em
# into the lam's at most, a ligature's 0.2 em or more (two letters that join overlap by 0.005
# em or more, 0.04 em in the unit tests' boxes). A lam so set is a final or isolated
# one, its full height (0.62 em or more); Amiri draws its lam-alef as two glyphs side by side,
# but the lam's is a short stroke (0.3 em; 0.5 em on a Chromium page whose text is garbled).
LAM_ALEF_APART_EM: Final = 0.04
LAM_TALL_EM: Final = 0.55
# A bracket stands against the word it opens or closes, nearer than a word space: LibreOffice
# sets Noto Naskh's 0.09 em apart in a kashida-justified line, a closing one 0.165 em after a
# number ("(1979)" in Noto Sans Arabic, where the line's word spaces are 0.26 em).
LONE_BRACKET_REACH_EM: Final = 0.18


# The glyph boxes of the characters at some positions of a line.
BoxReader = Callable[[list[int]], list[Box]]
# The pen positions of the characters at some positions of a line: for each, where its
# glyph starts (the origin) and where its advance ends, along the baseline.
PenReader = Callable[[list[int]], list[tuple[float, float]]]
# A body line's places where a ZWNJ may show, from one read (see _zwnj_gaps): given the line's
# text (its characters in reading order, and each one's position in the line as read: `order`),
# `least`, `bare` and the boxes a repair changed, by position (they count instead of the PDF's):
# the places p where a letter that joins the next one (_ZWNJ_BEFORE) and the letter with forms
# after it (_ZWNJ_AFTER) stand more than `least` apart (the left of p's glyph box minus the
# right of p + 1's), each with the two boxes; and, of the places _COMMON_ZWNJ_PLACE finds, those
# whose glyph's ink starts `bare` or more right of its origin (see _hidden_zwnjs), each with
# its origin and glyph box (both ascending).
ZwnjGapReader = Callable[[str, list[int], float, float, dict[int, Box]],
                         tuple[list[tuple[int, Box, Box]], list[tuple[int, float, Box]]]]
# The k of the letters at some positions of a line whose glyph's ink starts `bare` or more
# right of its origin (see _hidden_zwnjs), each with its origin and glyph box (ascending);
# the boxes a repair changed count, as above.
EdgeReader = Callable[[list[int], float, dict[int, Box]], list[tuple[int, float, Box]]]
# The runs of kashida strokes _drop_kashidas drops from a line with no blank a stroke high (its
# characters, their positions, the `rise` and `ink`), each as its start and end and the new box of
# the letter before it.
KashidaReader = Callable[[str, list[int], tuple[float, float] | None, float], list[tuple[int, int, Box]]]
# Where the glyphs of the characters at some positions of a line start (their origins),
# along the baseline.
OriginReader = Callable[[list[int]], list[float]]
# The letters a page joins to the next one with their ink starting inside their advance, where
# its other joined letters start theirs at their origin; None where they do not (see
# _hidden_among).
BareReader = Callable[[], frozenset[str] | None]
# What the PDF draws between the letters at each of some pairs of positions of a line
# ((letter, next letter)) that pdfium's text leaves out: a ZWNJ, a space (" ") or nothing
# it tells of (None) (see _drawn_separators).
DrawnReader = Callable[[list[tuple[int, int]]], list[str | None]]
# For each of some pairs of positions (letter, next letter), whether the PDF's objects show the
# two drawn one right after the other, with no ZWNJ object between them (see _lam_alef_apart).
JoinedReader = Callable[[list[tuple[int, int]]], list[bool]]
# The text object (an address to compare, or None) that draws the character at each of some
# positions of a line (see _drawn_runs).
ObjectReader = Callable[[list[int]], list[int | None]]


@dataclass(slots=True, init=False)
class CompiledReads:
    """Reads of a line that make in one call what the ZWNJ repair would make of many boxes
    and origins (compiled: the PDF reader gives them where it can, see pdf._zwnj_gaps).
    Made for each Arabic-script line: not frozen (a frozen dataclass sets each field through
    object.__setattr__, three times the cost of a plain one's __init__)."""

    zwnj_gaps: ZwnjGapReader
    bare_edges: EdgeReader
    # The greatest height of a blank's glyph box on the line's page (see _inked_blanks): below a
    # line's stroke height, no blank of the line is a kashida stroke.
    blank_height: float = math.inf
    # The line's kashida strokes, where no blank of the page is a stroke (see _drop_kashidas).
    kashidas: KashidaReader | None = None

    def __init__(self, zwnj_gaps: ZwnjGapReader, bare_edges: EdgeReader, blank_height: float = math.inf,
                 kashidas: KashidaReader | None = None) -> None:
        """(Its own, not dataclasses': compiled, see pdf.Line.)"""
        self.zwnj_gaps, self.bare_edges = zwnj_gaps, bare_edges
        self.blank_height, self.kashidas = blank_height, kashidas


@dataclass(slots=True, init=False)
class Spacing:
    """How to look closer at a line whose page draws no word spaces (XeTeX, Chromium).

    There pdfium makes the spaces up from the gaps, and may miss one; and a space glyph
    that is drawn may be a ZWNJ's. A line's own first space that no ZWNJ could be tells
    whether the line draws its spaces after all (a page may mix fonts that draw them and
    fonts that do not). `missed`: pdfium makes the page's spaces up between glyphs drawn
    one object each, and an object it skips hides the gap (Chromium), so a space may be
    missing after any letter, not only where a ZWNJ could stand. `drawn`: the page draws its
    word spaces as glyphs after all, and pdfium misses only one whose glyph maps to no text:
    the narrower space a font sets before a kaf (Amiri's, which fpdf2 leaves unmapped).
    Made for many lines: not frozen, slots (see CompiledReads).
    """

    read_pens: PenReader
    missed: bool = False
    drawn: bool = False
    placed: bool = False
    # What the page's objects draw between two letters (see DrawnReader): a kerned space that
    # pens show is none where the page draws a ZWNJ object there (LibreOffice).
    read_drawn: DrawnReader | None = None
    # `missed` on a page whose font's word space moves the pen less than SPACE_ADVANCE_EM: that
    # advance (ems), else 0.0 (see _pen_marks: SIL's Lateef, 0.114 em).
    narrow: float = 0.0
    # The page's pen offsets by type size, where a line showed one (see _pen_offset): a line with
    # too few joined letters of its own takes its size's (Chromium's "باراننهاوري", spaces all missed).
    pen_offsets: dict[float, float] | None = None

    def __init__(self, read_pens: PenReader, missed: bool = False, drawn: bool = False, placed: bool = False,
                 read_drawn: DrawnReader | None = None, narrow: float = 0.0,
                 pen_offsets: dict[float, float] | None = None) -> None:
        """(Its own, not dataclasses': compiled, see pdf.Line.)"""
        self.read_pens, self.missed, self.drawn, self.placed = read_pens, missed, drawn, placed
        self.read_drawn, self.narrow, self.pen_offsets = read_drawn, narrow, pen_offsets


class _Boxes(dict[int, Box]):
    """Glyph boxes of one line by position, read from the PDF only where a repair looks.

    Each box is a call into pdfium, the parser's dearest step, and most characters never
    need one (a repair asks only at the places its text pattern points to).
    One is made for each Arabic-script line: slots, no instance dict, and no call of dict's own
    __init__ (dict.__new__ made it empty already).
    """

    __slots__ = ("_into", "_read", "changed", "joined", "whole")

    def __init__(self, read: BoxReader) -> None:
        self._read = read
        # The reader's way to put the boxes it reads in this dict itself, where it has one (pdf's
        # compiled box reader: a repair's call is one call, with no set, list or zip made for it).
        self._into: Callable[[dict[int, Box], list[int]], None] | None = getattr(read, "into", None)
        self.whole = False  # every position's box read (see read_all)
        # Positions of letters whose gap to the letter before tells nothing (see _join_lam_kaf).
        self.joined: set[int] = set()
        # Positions whose box a repair changed from what the PDF gives (see _drop_kashidas).
        self.changed: set[int] = set()

    def read_all(self, count: int) -> None:
        """Read the boxes of positions 0 to `count` - 1 (all of a line's) in one call."""
        self.need(list(range(count)))
        self.whole = True

    def need(self, positions: list[int]) -> None:
        if self.whole:
            return
        if self._into is not None:
            self._into(self, positions)
            return
        missing = list(set(positions) - self.keys()) if self else positions  # repeats are harmless
        if missing:
            self.update(zip(missing, self._read(missing)))

    def __missing__(self, position: int) -> Box:
        """A box no repair asked for first (see need): read alone."""
        box = self[position] = self._read([position])[0]
        return box


def repair_line(text: str, read_boxes: BoxReader, em: float | None = None, spacing: Spacing | None = None,
                baseline: float | None = None, read_origins: OriginReader | None = None,
                body: bool = False, read_drawn: DrawnReader | None = None,
                compiled: CompiledReads | None = None, shaped: bool = False,
                read_joined: JoinedReader | None = None, reversed_pairs: bool = False,
                rare: bool | None = None, joined: Sequence[int] = (),
                read_objects: ObjectReader | None = None, joined_bare: BareReader | None = None) -> str:
    """The line's text with kashidas, ligatures, marks, Latin word order and ZWNJs put right.

    `read_boxes(positions)` gives the glyph boxes of those characters of `text`, `em` the
    line's type size in the boxes' units. With `spacing` (see Spacing), a line whose PDF
    draws no word spaces gets the spaces pdfium missed and the ZWNJs drawn as spaces put
    right; without it, word-space-wide gaps and spaces stay as pdfium has them. `baseline`:
    where the line's glyphs stand (y of their origin), which tells a kashida stroke (on it)
    from a hyphen (above it). With `read_origins` (where each glyph starts), a ZWNJ that the
    next letter's ink hides is put back too (see BARE_EDGE_EM); on a `body` line where
    _COMMON_ZWNJ_PLACE finds a place. With `read_drawn`, a ZWNJ that
    the PDF draws where pdfium's text has none is put back too, and a space it draws where
    pdfium's text has none and the gap looked like a ZWNJ's (see _drawn_separators). With
    `compiled`, the gaps a ZWNJ may leave in a body line are read in one call (see
    _restore_zwnj). `shaped`: the page's writer shaped the text (see _ZWNJ_AFTER_SHAPED). The
    repairs work on the characters and, beside them, each one's position in `text`.
    `reversed_pairs`: the page gives ligatures with their letters reversed (see REH_LIKE).
    `rare`: whether `text` holds a mark, a bracket or a Latin letter (MARK_BRACKET_OR_LATIN),
    where the caller looked already (None: looked for here). `joined`: the positions of letters
    that the PDF joins to the letter before across a gap (a justified line's stretched join, see
    pdf._stretch_gaps): no ZWNJ stands there. `read_objects`: which text object draws a
    character (see _drawn_runs). `joined_bare()`: the letters the page joins to the next one
    with a bare edge, where the others start their ink at their origin (see BARE_ALONE_EM), so
    that a bare edge of the others tells a ZWNJ alone; None: not so (asked only where such an
    edge is found, once a page).
    """
    boxes = _Boxes(read_boxes)
    boxes.joined.update(joined)
    chars, order = text, list(range(len(text)))
    # A line that _restore_zwnj reads box by box (a title's, or one whose page's spaces pdfium makes
    # up: see there), where the compiled helper reads them (`compiled`), has all its boxes read in one
    # call: it reads those of every letter that may hide a ZWNJ, most of the line, and the repairs
    # before it (and after: the letters before its cuts) read theirs in calls of their own, each
    # call's set-up (pdfium's work aside) dearer than a few boxes more. (A body line whose page's
    # spaces pdfium makes up reads its runs' gaps in the compiled call, but its Spacing's places and
    # pen marks read the boxes of most of its letters: read in each look's own calls, 4 M instructions
    # more on the dev corpus than all at once.)
    if compiled is not None and not (spacing is not None and spacing.placed) \
            and not (body and read_drawn is None and (spacing is None or spacing.drawn) and read_origins is not None):
        boxes.read_all(len(text))
    rise = None if baseline is None else (baseline, KASHIDA_RISE_EM * (em or DEFAULT_EM))
    ink = KASHIDA_INK_EM * (em or DEFAULT_EM)
    if "-" in chars and _HALF_DETACHED_HYPHEN.search(chars):  # rare: before the kashidas, which it joins
        chars, order = _seat_glued_hyphens(chars, order, boxes, em or DEFAULT_EM)
    # (looked for again below, where a line no repair changed has the same answer)
    lam_kaf_of, lam_kaf = chars, "ل" in chars and _LAM_KAF_AT.found(chars)
    if lam_kaf:
        chars, order = _drop_lam_stems(chars, order, boxes, em or DEFAULT_EM)
    blanks = compiled is None or compiled.blank_height >= ink  # (see _inked_blanks)
    read_kashidas = None if compiled is None else compiled.kashidas
    # Most lines hold no printed ASCII character (a stroke is one): their ASCII characters, one
    # scan at memory speed, are spaces and at most a stop or colon.
    chars, order = _drop_kashidas(chars, order, boxes, rise, ink, blanks, read_kashidas,
                                  printed=bool(chars.encode("ascii", "ignore").strip()))
    chars, order = _fix_ligatures(chars, order, boxes, reversed_pairs)
    # Most lines hold no mark, bracket or Latin letter, which each of the looks below needs:
    # one scan tells (no repair puts one in).
    if rare is None:
        rare = MARK_BRACKET_OR_LATIN_AT.found(chars)
    brackets = rare and _BRACKET_BEFORE_LETTER.search(chars) is not None
    if brackets or _STOP_BEFORE_LETTER.search(chars):  # rare
        chars, order = _seat_letters_before_brackets(chars, order, boxes, em or DEFAULT_EM, brackets)
        chars, order = _drop_kashidas(chars, order, boxes, rise, ink, blanks)  # (a stroke before the letter)
    if rare and rise is not None and _STROKES_AFTER_BRACKET.search(chars):  # rare
        chars, order = _drop_bracket_strokes(chars, order, boxes, rise)
    if rare and _MARK.search(chars):
        chars, order = _reattach_marks(chars, order, boxes)
        # A stroke that stood beside a phantom space stands between two letters now.
        chars, order = _drop_kashidas(chars, order, boxes, rise, ink, blanks, read_kashidas)
        if "\u0654" in chars and _HAMZA_BEFORE_FINAL_HEH.search(chars):  # rare
            chars, order = _hamza_onto_final_heh(chars, order)
    # Few lines hold a Latin letter, a digit, a bullet or a bracket, which each of the five looks
    # below marked (LATIN_DIGIT_BULLET_OR_BRACKET) needs: one scan tells, made again only for a
    # line a repair changed (`seen`: the text it was made for).
    seen, latin = chars, LATIN_DIGIT_BULLET_OR_BRACKET_AT.found(chars)
    if latin and _STROKE_BEFORE_SPACE.search(chars):  # rare (after the marks: a stroke before one's phantom
        # space joins)
        chars, order = _drop_end_strokes(chars, order, boxes, rise)
    # (A lam-kaf pair first, scanned for at its lam: most lines have none, where the space
    # pattern looks behind at every space.)
    if chars is not lam_kaf_of:
        lam_kaf = "ل" in chars and _LAM_KAF_AT.found(chars)
    if lam_kaf and _SPACE_BEFORE_LAM_KAF.search(chars):
        chars, order = _join_lam_kaf(chars, order, boxes, em or DEFAULT_EM)
    if rare and ("-" in chars or "/" in chars or _LETTER_BY_DIGIT.search(chars)) \
            and _HYPHENATED_LATIN.search(chars):  # rare
        chars, order = _order_hyphenated_latin(chars, order, boxes)
    if rare and ("@" in chars or _DOTTED_LETTERS.search(chars)) and _ADDRESS_LATIN.search(chars):  # rare
        chars, order = _order_address_latin(chars, order, boxes)
    if rare and "-" in chars and _HYPHEN_THEN_LATIN_AT_END.search(chars):  # rare
        chars, order = _latin_hyphen_at_line_end(chars, order, boxes)
    if chars is not seen:
        seen, latin = chars, LATIN_DIGIT_BULLET_OR_BRACKET_AT.found(chars)
    if latin and _SPLIT_NUMBER.search(chars):  # rare (before the runs: "5. 2" is one number, "2.5")
        chars, order = _join_split_numbers(chars, order, boxes, em or DEFAULT_EM)
    if latin:  # (see _order_latin_runs: _LTR_PAIR)
        chars, order = _order_latin_runs(chars, order, boxes, read_objects)
    if "/ /" in chars and _SLASHES_THEN_NUMBERS.search(chars):  # rare
        chars, order = _join_spaced_numbers(chars, order, boxes)
    if rare and _LONE_BRACKET.search(chars):  # rare
        chars, order = _reseat_lone_brackets(chars, order, boxes, em or DEFAULT_EM)
    if rare and _BRACKET_BY_SPACE.search(chars):
        chars, order = _seat_brackets(chars, order, boxes, em or DEFAULT_EM)
    if chars is not seen:
        seen, latin = chars, LATIN_DIGIT_BULLET_OR_BRACKET_AT.found(chars)
    if latin and _LONE_BULLET.search(chars):  # rare
        chars, order = _bullet_first(chars, order, boxes)
    if "-" in chars and _DETACHED_HYPHEN.search(chars):
        chars, order = _seat_item_marks(chars, order, boxes, em or DEFAULT_EM)
        chars, order = _place_hyphens(chars, order, boxes, em or DEFAULT_EM)
    if read_drawn is not None and not body and " " in chars:  # a title's or italic line: few
        chars = _displaced_spaces_as_zwnjs(chars, order, boxes, em or DEFAULT_EM)
    if chars is not seen:
        seen, latin = chars, LATIN_DIGIT_BULLET_OR_BRACKET_AT.found(chars)
    repaired = _restore_zwnj(chars, order, boxes, em or DEFAULT_EM, spacing, read_origins, body, read_drawn,
                             compiled, shaped, read_joined, joined_bare, rare)
    if "\u0654" in repaired:  # rare: an ezafe's cluster read glued to the next word, or apart from its own
        if _EZAFE_GLUED.search(repaired):
            repaired = _EZAFE_GLUED.sub("\u0647\u0654 ", repaired)
        if _EZAFE_APART.search(repaired):
            repaired = _EZAFE_APART.sub("", repaired)
    # (_restore_zwnj puts in no character but a ZWNJ or space: `latin` holds for its text too)
    if not latin or not _BRACKET_OR_PUNCT.search(repaired):  # most lines: none of the three below has work
        return repaired
    repaired = _unmirror(repaired)
    if _PUNCT_THEN_DIGIT.search(repaired):  # rare: skip the look-behind scan of the others
        repaired = _PUNCT_BEFORE_NUMBER.sub(r"\2\1", repaired)
    if _ARABIC_COMMA_THEN_LATIN.search(repaired):
        repaired = _NUMBER_THEN_COMMA_LATIN.sub(r"\3\2 \1", repaired)
        repaired = _ARABIC_COMMA_BEFORE_LATIN.sub(r"\2\1", repaired)
    return repaired


def _drop_kashidas(chars: str, order: list[int], boxes: _Boxes, rise: tuple[float, float] | None = None,
                   ink: float = 0.0, blanks: bool = True,
                   read_kashidas: KashidaReader | None = None, printed: bool = True) -> tuple[str, list[int]]:
    """Remove kashida strokes that pdfium reports as ASCII characters inside a word.

    A stroke goes only when every ASCII character between the two letters is a stroke
    (flat) and the strokes touch the letters on both sides, as a kashida joins them; one
    real character among them keeps them all. A hyphen or dash is flat too
    ("اسکات-باز"), but its glyph leaves a gap to the letters beside it, or, where a font
    sets it against them (reportlab's "ضد-آلودگی"), stands above the baseline, where a
    kashida lies on it: `rise` = (the line's baseline, how far above it a stroke is none).

    A font may map its kashida glyph to a space or a tab (LibreOffice's subsets of Noto
    Naskh Arabic map it to whatever code is free: "4", " ", "\t"): a space or tab is a stroke
    only where its box has ink (`ink` high or more: a word space's box has none), and only
    between two letters that join; where pdfium made up a space of no width after the
    strokes, beside a mark that drifted off the next letter ("اتحادی444 ٔه"), it goes too.
    `blanks` False: the page has no blank that high (see CompiledReads.blank_height), so runs of
    nothing but blanks are not looked at; then a line with no printed run has nothing to drop (one
    search tells), and `read_kashidas` (compiled) finds and judges the runs as below, where no box
    was changed yet (it reads pdfium's boxes): a line of LibreOffice's justified Arabic script has
    ten strokes or more, some 150 bytecodes each here. `printed` False: the caller found no
    printed ASCII character in `chars` (none but blanks), which every stroke run needs.
    """
    if not blanks:
        if not printed or _PRINTED_BETWEEN_LETTERS.search(chars) is None:  # most lines
            return chars, order
        if read_kashidas is not None and not boxes.changed:
            return _without_strokes(chars, order, boxes, read_kashidas(chars, order, rise, ink))
    runs = _printed_runs(chars) if printed else []
    if runs:  # rare: a blank among printed strokes also stands only where the two letters join
        runs = [(start, end) for start, end in runs  # (str.find: no regex call for a run of a few characters)
                if (chars.find(" ", start, end) < 0 and chars.find("\t", start, end) < 0)
                or (chars[start - 1] in _JOINS_NEXT and chars[_next_letter(chars, end)] in _JOINS_BACK)]
    blank = [m.span() for m in _BLANKS_IN_A_JOIN.finditer(chars)] if blanks else []
    if blank:  # most are word spaces: their own boxes (no ink) rule them out before the letters' are read
        blank = _inked_blanks(order, boxes, blank, ink)
        runs = sorted(runs + blank) if runs else blank
    if not runs:
        return chars, order
    ends = {end: _next_letter(chars, end) for _, end in runs}
    boxes.need([p for start, end in runs for p in (*order[start - 1:end], order[ends[end]])])
    kept_chars, kept_order, at = [], [], 0
    for start, end in runs:
        if end - start == 1 and chars[start] not in " \t":  # most runs: one stroke, no blank to sort out
            # (_stroke_reach and _touches written out: a run costs three calls less, and a page
            # of LibreOffice's justified Dari has hundreds of strokes)
            left, bottom, right, top = boxes[order[start]]
            if not top - bottom < 0.6 * (right - left):
                continue  # no stroke (not flat)
            before = boxes[order[start - 1]]
            if not max(left - before[2], before[0] - right) <= KASHIDA_TOUCH_PT:
                continue
            after = boxes[order[ends[end]]]
            if not (max(left - after[2], after[0] - right) <= KASHIDA_TOUCH_PT
                    and (rise is None or bottom - rise[0] <= rise[1])):
                continue
            boxes[order[start - 1]] = (min(before[0], left), before[1], before[2], before[3])
            boxes.changed.add(order[start - 1])
            kept_chars.append(chars[at:start])
            kept_order.extend(order[at:start])
            at = end
            continue
        spaces = [boxes[order[k]] for k in range(start, end) if chars[k] in " \t"]
        reach = _stroke_reach([boxes[order[k]] for k in range(start, end) if chars[k] not in " \t"], ink, spaces)
        if reach is None:
            continue
        before = boxes[order[start - 1]]
        if (_touches(reach, before) or _inked_blanks_near(chars, start, end, reach, before, ink)) \
                and _touches(reach, boxes[order[ends[end]]]) and (rise is None or reach[2] - rise[0] <= rise[1]):
            # The strokes joined the two letters: the letter before them reaches over
            # them, so no gap (no ZWNJ) is seen between the two.
            left, bottom, right, top = before
            boxes[order[start - 1]] = (min(left, reach[0]), bottom, right, top)
            boxes.changed.add(order[start - 1])
            kept_chars.append(chars[at:start])
            kept_order.extend(order[at:start])
            at = end
    if at == 0:
        return chars, order
    kept_chars.append(chars[at:])
    kept_order.extend(order[at:])
    return "".join(kept_chars), kept_order


# How far a split number's sign may stand from the digits on either side of it (of the type
# size: the side bearings of a sign set in another font than the digits).
SPLIT_NUMBER_REACH_EM: Final = 0.25
# A number's last digits and the sign before them, a space, maybe an Arabic comma, and the
# number's first digits: pdfium's reading of "۶۲/۵،" as "۵/ ،۶۲" (see _join_split_numbers).
_SPLIT_NUMBER: Final = re.compile(r"[/.:٫٬](?<=[0-9۰-۹][/.:٫٬]) [،؛]?[0-9۰-۹]")


def _join_split_numbers(chars: str, order: list[int], boxes: _Boxes, em: float) -> tuple[str, list[int]]:
    """Join a number that pdfium reads in two parts turned round, a space made up between them.

    LibreOffice draws "۶۲/۵" (a fraction or a score, Arabic-Indic digits in a right-to-left
    sentence) with its comma after it as pieces that pdfium reads "۵/ ،۶۲": the part right of
    the sign first, a space of no width, then the comma and the part left of it. Where the
    boxes stand as one number (each part against the sign, the sign right of the first digits),
    the number is put back left to right as pdfium gives a whole one, the comma before it
    (pdfium's order, which repair_line turns at its end): "،۶۲/۵". A sign drawn in another font
    than the digits (LibreOffice: the paragraph's font for "." where the digits fall back to
    Noto Kufi Arabic) stands further off, within SPLIT_NUMBER_REACH_EM."""
    reach = SPLIT_NUMBER_REACH_EM * em
    for m in reversed(list(_SPLIT_NUMBER.finditer(chars))):
        sign, space = m.start(), m.start() + 1
        first = sign
        while first > 0 and chars[first - 1] in _DIGITS:
            first -= 1
        second = space + 1 + (chars[space + 1] in "،؛")
        end = second
        while end < len(chars) and chars[end] in _DIGITS:
            end += 1
        boxes.need([order[k] for k in range(first, end)])
        right = [boxes[order[k]] for k in range(first, sign)]
        left = [boxes[order[k]] for k in range(second, end)]
        mark = boxes[order[sign]]
        if _drawn(boxes[order[space]]) or not -reach < min(b[0] for b in right) - mark[2] < reach \
                or not -reach < mark[0] - max(b[2] for b in left) < reach:
            continue
        chars = chars[:first] + chars[space + 1:end] + chars[sign] + chars[first:sign] + chars[end:]
        order = order[:first] + order[space + 1:end] + [order[sign]] + order[first:sign] + order[end:]
    return chars, order


# Two slashes or more, each a word of its own, then numbers, one more than slashes: pdfium's
# reading of a date drawn in pieces ("/ / ۱۲ ۸ ۱۴۰۲" for "۱۴۰۲/۸/۱۲"; see _join_spaced_numbers).
_SLASHES_THEN_NUMBERS: Final = re.compile(r"(?<!\S)((?:/ ){2,})((?:[0-9۰-۹]+ )+[0-9۰-۹]+)(?!\S)")


def _join_spaced_numbers(chars: str, order: list[int], boxes: _Boxes) -> tuple[str, list[int]]:
    """A number with slashes (a date) that pdfium reads as its slashes, then its parts, spaces
    made up between them all, put back as it stands.

    LibreOffice draws the parts of "۱۴۰۲/۸/۱۲" on a justified line (stretched with kashidas) as
    pieces of their own, and pdfium gives "/ / ۱۲ ۸ ۱۴۰۲". Two slashes side by side are no typed
    text's; the pieces are one left-to-right run by the bidi rules (slashes between Arabic
    numbers join them): where, in the order their boxes stand, parts and slashes alternate,
    they are joined left to right, no space between them, as pdfium gives a whole one."""
    for m in reversed(list(_SLASHES_THEN_NUMBERS.finditer(chars))):
        words = m[0].split(" ")
        if len(words) - 2 * m[1].count("/") != 1:
            continue
        spans, at = [], m.start()
        for word in words:
            spans.append((word, order[at:at + len(word)]))
            at += len(word) + 1
        boxes.need([p for _, positions in spans for p in positions])
        spans.sort(key=lambda span: min(boxes[p][0] for p in span[1]))
        text = "".join(word for word, _ in spans)
        if re.fullmatch(r"[0-9۰-۹]+(?:/[0-9۰-۹]+)+", text):
            chars = chars[:m.start()] + text + chars[m.end():]
            order = order[:m.start()] + [p for _, positions in spans for p in positions] + order[m.end():]
    return chars, order


# A bracket after a word (a space between them, or none), then (after a space, or none) one to
# three Arabic letters or a percent sign (see _seat_letters_before_brackets). (The bracket first:
# a pattern that opens with a look-behind is tried at every position.)
_IN_WORD: Final = "".join(sorted(ARABIC_LETTERS))  # (inside a character class)
_BRACKET_BEFORE_LETTER: Final = re.compile(rf"[()\[\]](?:(?<=[^ ][()\[\]])|(?<=[^ ] [()\[\]])) ?([{_IN_WORD}]{{1,3}}|٪)"
                                    rf"(?![{_IN_WORD}])")
# The same after a stop, the letters (and their marks) glued to it (no sentence goes on so), or
# after a stop between spaces (as no sentence ends).
_STOP_BEFORE_LETTER: Final = re.compile(rf"[.:!،؛؟](?:(?<=[^ ][.:!،؛؟])|(?<=[^ ] [.:!،؛؟]) ?)"
                                 rf"((?:[{_IN_WORD}][{''.join(sorted(ARABIC_MARKS))}]*){{1,3}})(?![{_IN_WORD}])")


def _seat_letters_before_brackets(chars: str, order: list[int], boxes: _Boxes, em: float,
                                  brackets: bool = True) -> tuple[str, list[int]]:
    """Put a word's last letter that pdfium reads after the bracket closing the word back before it.

    In a LibreOffice line justified with kashidas, a word's last letter may be drawn apart
    after the bracket that follows the word: pdfium reads "نف/ (ر هستند" for "نفر) هستند", the
    letter's glyph standing right of the bracket's (before it, right to left) and against the
    word's kashida stroke or letter, the space between them made up (no width). The letter
    goes back to its word and the made-up space away: "نف/ر( هستند"; so do the last two or three
    letters ("م? ( تر" for "متر)", a space made up after the bracket too), and letters read after
    a stop drawn apart in a fallback font ("ش77 .د" for "شد.": LibreOffice, Noto Kufi Arabic).
    So does a number's percent sign (")۸۹ (٪ ،" for "(۸۹٪)،"), and then a made-up space before
    the comma after the bracket goes too. `brackets`: whether to look after brackets (the line
    holds one), not only after stops."""
    reach = LONE_BRACKET_REACH_EM * em
    found = [*(_BRACKET_BEFORE_LETTER.finditer(chars) if brackets else ()), *_STOP_BEFORE_LETTER.finditer(chars)]
    for m in sorted(found, key=lambda m: m.start(), reverse=True):
        bracket, (letter, end) = m.start(), m.span(1)
        space = bracket - (chars[bracket - 1] == " ")  # (where the word before ends)
        word = chars.rfind(" ", 0, space) + 1
        boxes.need([order[k] for k in range(word, end)])
        mark, piece = boxes[order[bracket]], [boxes[order[k]] for k in range(letter, end)]
        if any(_drawn(boxes[order[k]]) for k in range(space, letter) if chars[k] == " ") \
                or not -0.1 < min(box[0] for box in piece) - mark[2] < reach \
                or min(abs(boxes[order[k]][0] - max(box[2] for box in piece)) for k in range(word, space)) > reach:
            continue
        tail = end
        if chars[tail:tail + 2] in (" ،", " ؛", " .") and not _drawn(boxes[order[tail]]):
            tail += 1
        if chars[letter] == "٪":  # a number's sign goes where it stands, left of the digits, as
            # pdfium gives a number with its signs (see bidi_numbers)
            while chars[word] in _BRACKETS:
                word += 1
            chars = chars[:word] + "٪" + chars[word:space] + chars[bracket] + chars[tail:]
            order = order[:word] + [order[letter]] + order[word:space] + [order[bracket]] + order[tail:]
        else:
            chars = chars[:space] + chars[letter:end] + chars[bracket] + chars[tail:]
            order = order[:space] + order[letter:end] + [order[bracket]] + order[tail:]
    return chars, order


def _without_strokes(chars: str, order: list[int], boxes: _Boxes,
                     dropped: list[tuple[int, int, Box]]) -> tuple[str, list[int]]:
    """The line without the `dropped` runs of strokes (see KashidaReader), the box of the letter
    before each changed as the reader gives it (see _drop_kashidas' loop)."""
    if not dropped:
        return chars, order
    kept_chars, kept_order, at = [], [], 0
    for start, end, box in dropped:
        boxes[order[start - 1]] = box
        boxes.changed.add(order[start - 1])
        kept_chars.append(chars[at:start])
        kept_order.extend(order[at:start])
        at = end
    kept_chars.append(chars[at:])
    kept_order.extend(order[at:])
    return "".join(kept_chars), kept_order


# ASCII characters but brackets right after a bracket or guillemet and before a space or the
# line's end: LibreOffice's kashida justification may draw strokes there too, mapped to
# whatever code the font's subset left free (Word's .docx: "(IEC)" + two strokes mapped to
# ",": "(IEC),, هنوز"; "«Made in Pakistan»%"; in Nazli a letter: "(UNAMA)J در"). Only flat
# ones on the baseline go (see _drop_bracket_strokes): no letter or digit is.
# pdfium may read such a stroke before its bracket, after the space it made up there (SIL's
# Harmattan: "IEC \")هنوز" for "(IEC) هنوز"; SIL's Lateef maps it to a control code: "ACCI \x1c)په"):
# a run between a space and a bracket is looked at too.
# Where LibreOffice (Word's .docx, SIL's Lateef) drew its stroke in the word space after a bracket,
# no space stands between the bracket and the next word ("(dpi)-و", "(dpi))و" for "(dpi) و"): a
# bracket and the signs after it up to a letter are looked at too, the stroke in either place
# (pdfium may read it before the bracket), and a space goes where the strokes were, unless pdfium
# made one up before the bracket ("dpi ))و", Harmattan): that one is the word space.
# (The bracket or space first, then which choice: a pattern that opens with a look-behind or with
# choices is tried at every position, see _UNJOINED. The third's group holds the run after its
# bracket, the match the bracket too.)
_STROKES_AFTER_BRACKET: Final = re.compile(r"[ ()«»](?:(?<=[()«»])([!-'*-~]+)(?= |$)"
                                    r"|(?<= )([\x01-\x1f!-'*-~]+)(?=[()«»])"
                                    rf"|(?<=[()«»])([!-~]+)(?=[{''.join(sorted(ARABIC_LETTERS))}]))")


def _drop_bracket_strokes(chars: str, order: list[int], boxes: _Boxes,
                          rise: tuple[float, float]) -> tuple[str, list[int]]:
    """The line without the kashida strokes drawn beside a bracket (see _STROKES_AFTER_BRACKET):
    signs each flat (see _stroke_reach) and lying on the baseline, as no comma, stop, hyphen
    (above it) or underscore (below it) does. Between a bracket and a letter, where the strokes
    stood in the word space, a space takes the last one's place."""
    gone: set[int] = set()
    spaced: set[int] = set()  # (the last stroke of a run before a letter: a space in its place)
    for match in _STROKES_AFTER_BRACKET.finditer(chars):
        if match.group(3):
            run = range(*match.span())  # (its bracket and the run after it)
            boxes.need([order[k] for k in run])
            strokes = [k for k in run if _on_the_baseline(boxes[order[k]], rise) and _stroke_reach([boxes[order[k]]])]
            if strokes and len(strokes) < len(run):
                gone.update(strokes)
                if chars[strokes[0] - 1] != " ":
                    spaced.add(strokes[-1])
            continue
        run = range(*match.span(1 if match.group(1) else 2))
        boxes.need([order[k] for k in run])
        strokes_boxes = [boxes[order[k]] for k in run]
        reach = _stroke_reach(strokes_boxes)
        if reach is not None and all(_on_the_baseline(box, rise) for box in strokes_boxes):
            gone.update(run)
    if not gone:
        return chars, order
    kept = [k for k in range(len(chars)) if k not in gone or k in spaced]
    return "".join(" " if k in spaced else chars[k] for k in kept), [order[k] for k in kept]


def _on_the_baseline(box: Box, rise: tuple[float, float]) -> bool:
    """Does the glyph box lie on the line's baseline, as a kashida's stroke does (see
    _drop_kashidas' `rise`): its bottom no higher than the rise above it, its top over it?"""
    return box[1] - rise[0] <= rise[1] and box[3] > rise[0]


def _hamza_onto_final_heh(chars: str, order: list[int]) -> tuple[str, list[int]]:
    """The line with each hamza above read before a word's final heh put on the heh (see
    _HAMZA_BEFORE_FINAL_HEH)."""
    places = [m.start() for m in _HAMZA_BEFORE_FINAL_HEH.finditer(chars)]
    text, order = list(chars), list(order)
    for p in places:
        text[p], text[p + 1] = text[p + 1], text[p]
        order[p], order[p + 1] = order[p + 1], order[p]
    return "".join(text), order


# How close two letters around a ZWNJ stand (ems): a word space leaves more.
DISPLACED_ZWNJ_GAP_EM: Final = 0.2
# How far (ems) from both letters around it a space glyph stands that LibreOffice drew for a
# ZWNJ between them: a word space's glyph stands between its letters. (110 pt off in a DejaVu
# Sans Bold title; 0.54 em off, in the next word gap, in a regular one: "تشنه تر" for "تشنه‌تر".)
DISPLACED_SPACE_EM: Final = 0.3


def _displaced_spaces_as_zwnjs(chars: str, order: list[int], boxes: _Boxes, em: float) -> str:
    """The line with a ZWNJ for each space that LibreOffice drew as a space glyph at the line's
    end (a title in DejaVu Sans Bold: "خشک می شوند" for "خشک می‌شوند", the space's box 110 pt
    left of both letters) or in the next word's gap: a space glyph whose box stands more than
    DISPLACED_SPACE_EM away from the two letters around it (not between them), which stand a
    ZWNJ's gap apart (less than DISPLACED_ZWNJ_GAP_EM), the first joining the next (JOINED_SPACE).
    A word space LibreOffice draws where it stands, or leaves to pdfium (no width)."""
    spaces = [m.start() for m in JOINED_SPACE.finditer(chars)]
    if not spaces:
        return chars
    boxes.need([order[p] for p in spaces])
    # A drawn space (pdfium's own have no width) less than an em right of the next one, as read
    # (a word between them in a right-to-left line is wider but for a few: those are looked at
    # too; the line's last one is): the letters' boxes tell.
    mids = [(boxes[order[p]][0] + boxes[order[p]][2]) / 2 for p in spaces]
    places = [p for k, p in enumerate(spaces) if _drawn(boxes[order[p]])
              and (k + 1 == len(spaces) or mids[k] < mids[k + 1] + em)]
    if not places:
        return chars
    boxes.need([order[k] for p in places for k in (p - 1, p + 1)])
    zwnjs = []
    for p in places:
        (left, _, right, _), before, after = boxes[order[p]], boxes[order[p - 1]], boxes[order[p + 1]]
        low, high = min(before[0], after[0]), max(before[2], after[2])
        off = DISPLACED_SPACE_EM * em
        if (right < low - off or left > high + off) and _apart(before, after) < DISPLACED_ZWNJ_GAP_EM * em:
            zwnjs.append(p)
    for p in zwnjs:
        chars = chars[:p] + ZWNJ + chars[p + 1:]
    return chars


# An ASCII letter or digit after a letter or a closing bracket, before a word space: where a
# font maps its kashida glyph to one (see _drop_end_strokes). (The character first: see
# _PRINTED_BETWEEN_LETTERS.)
_STROKE_BEFORE_SPACE: Final = re.compile(rf"[A-Za-z0-9](?<=[{''.join(sorted(ARABIC_LETTERS))})\]][A-Za-z0-9])(?= )")


def _drop_end_strokes(chars: str, order: list[int], boxes: _Boxes,
                      rise: tuple[float, float] | None) -> tuple[str, list[int]]:
    """Remove a kashida stroke pdfium reports as an ASCII letter or digit after a word's last
    letter or a closing bracket, before a word space: LibreOffice (DOCX, SIL's Harmattan)
    draws its kashida glyph there too, mapped to a free code ("(IEC)B هنوز", "روزنامهٔB New").
    It goes where its glyph is a stroke (flat), on the baseline (see _drop_kashidas' `rise`),
    touching the character before it; a letter or digit drawn there is no such stroke."""
    places = [m.start() for m in _STROKE_BEFORE_SPACE.finditer(chars)]
    boxes.need([order[q] for p in places for q in (p - 1, p)])
    drop = set()
    for p in places:
        reach = _stroke_reach([boxes[order[p]]])
        if reach is not None and _touches(reach, boxes[order[p - 1]], _BRACKET_TOUCH if chars[p - 1] in ")]" else 1.0) \
                and (rise is None or reach[2] - rise[0] <= rise[1]):
            drop.add(p)
    if not drop:
        return chars, order
    return "".join(ch for k, ch in enumerate(chars) if k not in drop), [q for k, q in enumerate(order) if k not in drop]


def _printed_runs(chars: str) -> list[tuple[int, int]]:
    """The runs of ASCII characters between two letters (each run whole, marks allowed before the
    letter after it) with a printed character among them. Found from their first printed
    character, which is rare, where a run that may open with a blank would be tried at every
    word space; the blanks before it are taken in after."""
    runs = []
    for match in _PRINTED_BETWEEN_LETTERS.finditer(chars):
        start, end = match.span()
        while start and chars[start - 1] in " \t":
            start -= 1
        if start and chars[start - 1] in ARABIC_LETTERS:
            runs.append((start, end))
    return runs


def _inked_blanks(order: list[int], boxes: _Boxes, runs: list[tuple[int, int]], ink: float) -> list[tuple[int, int]]:
    """Of runs of nothing but spaces and tabs, those with a stroke's ink in one of them (see
    _stroke_reach, which finds no stroke in the others either): a word space between two
    joining letters, most of them, is told from its own box alone."""
    boxes.need([order[k] for start, end in runs for k in range(start, end)])
    most = KASHIDA_INK_MAX * ink
    inked = []
    for start, end in runs:  # (loops, no generator a run: most runs are one word space)
        for k in range(start, end):
            _, bottom, _, top = boxes[order[k]]
            if ink <= top - bottom <= most:
                inked.append((start, end))
                break
    return inked


def _next_letter(chars: str, end: int) -> int:
    """The position of the letter after a run ending at `end`, across marks."""
    while chars[end] in ARABIC_MARKS:
        end += 1
    return end


def _stroke_reach(strokes: list[Box], ink: float = 0.0,
                  spaces: list[Box] | None = None) -> tuple[float, float, float] | None:
    """(left, right) that the strokes reach and the lowest bottom of them, or None where one
    of them is no stroke (not flat). Most runs are a single stroke: it is judged without the
    generators that several need. Of the run's `spaces`, one whose box is `ink` to
    KASHIDA_INK_MAX times `ink` high is a stroke, one of no width is none that pdfium made
    up; another keeps the run, and so does a run of nothing but such spaces."""
    if spaces:
        if not ink:
            return None
        for left, bottom, right, top in spaces:
            if ink <= top - bottom <= KASHIDA_INK_MAX * ink:
                strokes = [*strokes, (left, bottom, right, top)]
            elif right - left > 0.01:
                return None
        if not strokes:
            return None
    if len(strokes) == 1:
        left, bottom, right, top = strokes[0]
        return (left, right, bottom) if top - bottom < 0.6 * (right - left) else None
    if not all(top - bottom < 0.6 * (right - left) for left, bottom, right, top in strokes):
        return None
    return min(box[0] for box in strokes), max(box[2] for box in strokes), min(box[1] for box in strokes)


# A kashida overlaps the letters it joins or stands a hair apart (-0.4 to 0.7 pt in the
# LibreOffice PDFs of the gold corpus); a hyphen's or dash's side bearings leave 1.05 pt
# and more (XeTeX Persian documents).
# The gap before a lam-kaf ligature that is a word space (see _join_lam_kaf): Chromium + Amiri
# leaves 0.13-0.16 em inside a word ("خ لک", "م لګرو") and 0.48-0.52 em after a word space ("یې لګولی").
LAM_KAF_SPACE_EM: Final = 0.3
KASHIDA_TOUCH_PT: Final = 0.9
# A kashida stroke lies on the baseline (its box's bottom within 0.01 pt of the glyph
# origin in all six producers of the corpora); a hyphen stands 0.14 to 0.24 em above it.
KASHIDA_RISE_EM: Final = 0.06
# A kashida stroke's box is 0.07 em high (LibreOffice, Noto Naskh Arabic at 14 pt: 1.14 pt); a
# word space's has no height (0.01 pt).
KASHIDA_INK_EM: Final = 0.03
# ... and no more than 0.15 em: a space's box that high is no stroke (LibreOffice DOCX justified
# word spaces: 0.35 em and more; Chromium's glyphs of no ToUnicode: 0.16 em and more).
KASHIDA_INK_MAX: Final = 5.0
# A kashida stands between a letter that joins the next one and a letter that joins the one before.
_JOINS_NEXT: Final = ARABIC_LETTERS - NON_LEFT_JOINING - {"ء"}
JOINS_NEXT: Final = _JOINS_NEXT  # (pdf's name for it)
_JOINS_BACK: Final = ARABIC_LETTERS - {"ء"}
def _inked_blanks_near(chars: str, start: int, end: int, reach: tuple[float, float, float], before: Box,
                       ink: float) -> bool:
    """Whether the run is of blanks only, inked (a kashida's glyph mapped to a space: a word
    space has no ink), that stand a hair more than a touch short of the letter before them, less
    than KASHIDA_NEAR_INKS times `ink` (LibreOffice sets Noto Naskh Arabic's kashida 0.11 em off
    the joining shin of "ش ود", against the waw)."""
    return ink > 0 and all(chars[k] in " \t" for k in range(start, end)) \
        and 0 <= before[0] - reach[1] < KASHIDA_NEAR_INKS * ink


KASHIDA_NEAR_INKS: Final = 5  # 0.15 em at KASHIDA_INK_EM


def _touches(reach: tuple[float, float, float], letter: Box, times: float = 1.0) -> bool:
    """Do strokes from `reach` = (left, right, ...) reach the letter (no more than `times`
    KASHIDA_TOUCH_PT apart)?"""
    left, right, _ = reach
    return max(left - letter[2], letter[0] - right) <= times * KASHIDA_TOUCH_PT


# A bracket's box stands inside its glyph's side bearing: a stroke after one may stand twice as far
# from it (1.02 pt after "(UNAMA)" in Word's .docx by LibreOffice), and lies on the baseline, as
# no hyphen does (see _drop_end_strokes).
_BRACKET_TOUCH: Final = 2.0


# Letter sequences drawn as one glyph, in logical order. LibreOffice PDFs give them to
# pdfium reversed, reportlab PDFs in order; only a reversed one is turned round.
LIGATURES: Final = frozenset({"لا", "لآ", "لأ", "لإ", "لله", "الله"})


# Fonts rich in ligatures (KACST's KacstOne: "شر", "سر", "تی", "سی") set many more pairs of
# letters as one glyph, and a writer may give a glyph's letters reversed ("رش": LibreOffice and
# XeTeX with KacstOne) or in order (XeTeX: "سى" in the same document; "تر", "لا" with Amiri).
# No ligature begins with a letter that joins no next one (a reh, zain, dal, waw): a pair that
# shares one glyph box and begins with one came out reversed, wherever it stands. Looked for on a
# page where REVERSED_PAIRS_AT_LEAST such pairs begin with a reh-like letter (the commonest;
# counted in one call, see pdf._ligature_order). Seen on probes of fonts the corpora never use:
# 2 to 11 such pairs a page; none in real XeTeX Arabic PDFs (up to 16 ligatures in order a page)
# nor in the corpora. A pair whose letters could stand either way ("تی" or "یت") is left as it is.
REH_LIKE: Final = frozenset("رزژړږ")
REVERSED_PAIRS_AT_LEAST: Final = 2


def _pair_classes() -> bytes:
    """shared_pairs' classes of U+0600..U+06FF (see pdf._ligature_order): bit 1 a reh-like
    letter, bit 2 a letter that joins the next one (an alef joins none)."""
    return bytes((1 if chr(0x600 + i) in REH_LIKE else 0)
                 | (2 if chr(0x600 + i) in _JOINS_NEXT else 0) for i in range(256))


def _join_classes() -> bytes:
    """pdf._stretch_gaps' classes of U+0600..U+06FF: bit 1 a letter that joins the next one,
    bit 2 a letter that joins the one before (LibreOffice stretches a justified line at such a
    join, see pdf._stretch_gaps)."""
    return bytes((1 if chr(0x600 + i) in _JOINS_NEXT else 0)
                 | (2 if chr(0x600 + i) in _JOINS_BACK else 0) for i in range(256))


JOIN_CLASSES: Final = _join_classes()


def _kashida_classes() -> bytes:
    """pdf._kashidas' classes of U+0600..U+06FF (see glyph_boxes.c's newsmon_kashidas): bit 1 a
    letter, bit 2 a mark, bit 4 a letter that joins the next one, bit 8 one that joins the one before."""
    return bytes((1 if ch in ARABIC_LETTERS else 0) | (2 if ch in ARABIC_MARKS else 0)
                 | (4 if ch in _JOINS_NEXT else 0) | (8 if ch in _JOINS_BACK else 0)
                 for ch in map(chr, range(0x600, 0x700)))


KASHIDA_CLASSES: Final = _kashida_classes()
# A space between a letter that joins the next one and one that joins the one before (see
# pdf._stretch_gaps: where the compiled helper is not there, the places it looks at).
JOINED_SPACE: Final = re.compile(rf" (?<=[{''.join(sorted(_JOINS_NEXT))}] )(?=[{''.join(sorted(_JOINS_BACK))}])")


def ligatures_reversed(reh_first: int) -> bool:
    """Does the page give ligatures with their letters reversed, by the pairs sharing a glyph
    box that begin with a reh-like letter (see REH_LIKE)?"""
    return reh_first >= REVERSED_PAIRS_AT_LEAST


_REVERSED_LIGATURES: Final = sorted({lig[::-1] for lig in LIGATURES} - LIGATURES, key=len, reverse=True)
# Those that start with each letter, in that order (a place, found at its second letter, is
# tried only with the ligatures of the letter before: most places are an alef and a lam).
_REVERSED_BY_FIRST: Final = {first: tuple(lig for lig in _REVERSED_LIGATURES if lig[0] == first)
                      for first in {lig[0] for lig in _REVERSED_LIGATURES}}
# Where one may start: at its second letter (a lam in each), after one of the first letters;
# which of them starts there the text tells. _reversed_ligature_places finds these places by
# str.find (the one second letter and the first letters below); _REVERSED_LIGATURE_AT is the
# same places as a pattern, the definition the tests hold the finder to (no parse calls it).
(_REVERSED_SECOND,) = {lig[1] for lig in _REVERSED_LIGATURES}
_REVERSED_FIRSTS: Final = frozenset(lig[0] for lig in _REVERSED_LIGATURES)
_REVERSED_LIGATURE_AT: Final = re.compile(f"[{''.join(sorted({lig[1] for lig in _REVERSED_LIGATURES}))}]"
                                   f"(?<=[{''.join(sorted({lig[0] for lig in _REVERSED_LIGATURES}))}].)")


def _reversed_ligature_places(chars: str) -> list[int]:
    """Where _REVERSED_LIGATURE_AT matches: each lam after a letter a reversed ligature starts
    with, found by str.find (a few lams a line, most of them no such place), where finditer made
    a match object for each and set up the regex engine's state for every line (some 1.5k
    instructions)."""
    found = []
    at = chars.find(_REVERSED_SECOND, 1)
    while at > 0:
        if chars[at - 1] in _REVERSED_FIRSTS:
            found.append(at)
        at = chars.find(_REVERSED_SECOND, at + 1)
    return found


def _fix_ligatures(chars: str, order: list[int], boxes: _Boxes,
                   reversed_pairs: bool = False) -> tuple[str, list[int]]:
    """Turn round every ligature whose letters (sharing one glyph box) came out reversed.

    A reversed ligature is a run of letters with one box, begun and ended by letters
    with other boxes: only places whose text reads as a reversed ligature are measured.
    `reversed_pairs`: the page gives ligatures reversed (see REH_LIKE): each pair of letters
    sharing a box that begins with a letter no ligature begins with is turned round too.
    """
    if reversed_pairs:
        chars, order = _turn_shared_pairs(chars, order, boxes)
    seconds = _reversed_ligature_places(chars)
    if not seconds:  # most lines (and no comprehension's call: some thousand instructions)
        return chars, order
    places = [(second - 1, lig) for second in seconds
              for lig in _REVERSED_BY_FIRST[chars[second - 1]] if chars.startswith(lig, second - 1)]
    if not places:
        return chars, order
    boxes.need([p for start, lig in places for p in order[max(0, start - 1):start + len(lig) + 1]])
    for start, lig in places:
        end = start + len(lig)
        box = boxes[order[start]]
        if any(boxes[order[k]] != box for k in range(start + 1, end)):
            continue
        if start > 0 and boxes[order[start - 1]] == box:
            continue  # the shared box goes on to the left: a longer run, no ligature
        if end < len(chars) and boxes[order[end]] == box and is_arabic_letter(chars[end]):
            continue
        chars = chars[:start] + lig[::-1] + chars[end:]
        order = order[:start] + order[start:end][::-1] + order[end:]
    return chars, order


LAM_ALEF_REACH_EM: Final = 0.05  # a lam whose box reaches this near the letter before it joins it


def turned_lam_alefs(text: str, read_boxes: BoxReader, em: float) -> tuple[str, list[int]]:
    """The line with its lam-alefs of two glyphs that pdfium read turned round put right (see
    _turn_lam_alefs), and the position in `text` of each of its characters."""
    return _turn_lam_alefs(text, list(range(len(text))), _Boxes(read_boxes), em)


def _turn_lam_alefs(chars: str, order: list[int], boxes: _Boxes, em: float) -> tuple[str, list[int]]:
    """The line with each lam-alef that pdfium read turned round put right, and the space it
    made up before one inside a word dropped.

    Chromium with SIL's Harmattan draws "لا" as two glyphs, the alef's set back onto the lam's
    (a hair off the baseline), and pdfium reads them turned round, often after a space it makes
    up there: "اخت الف" for "اختلاف", "اعالم" for "اعلام". An alef read before a lam whose box
    it lies within, across, is such a pair (an alef that ends a word before a lam stands
    beside it). The space before it goes where pdfium made it up (its box has no width) and
    the lam's box reaches the letter before it, one that joins the next (LAM_ALEF_REACH_EM)."""
    places = [k for k in range(len(chars) - 1) if chars.startswith("ال", k)]
    boxes.need([order[q] for k in places for q in range(max(0, k - 2), k + 2)])
    turned, drop = list(range(len(chars))), set()
    for k in places:
        alef, lam = boxes[order[k]], boxes[order[k + 1]]
        if not (lam[0] <= alef[0] and alef[2] <= lam[2] and lam[0] < lam[2]):
            continue
        turned[k], turned[k + 1] = k + 1, k
        if k >= 2 and chars[k - 1] == " " and chars[k - 2] in _JOINS_NEXT:
            space, before = boxes[order[k - 1]], boxes[order[k - 2]]
            if space[2] <= space[0] and lam[2] >= before[0] - LAM_ALEF_REACH_EM * em:
                drop.add(k - 1)
    if turned == list(range(len(chars))):
        return chars, order
    chars, order = "".join(chars[k] for k in turned), [order[k] for k in turned]
    return _without(chars, order, drop) if drop else (chars, order)


def _turn_shared_pairs(chars: str, order: list[int], boxes: _Boxes) -> tuple[str, list[int]]:
    """Turn round each pair of letters that share one glyph box (and no third letter beside
    them shares it) where the second joins the next letter: a ligature reversed (see REH_LIKE),
    on a page that gives its ligatures reversed. The first may join the next letter too: on such
    a page every pair but a lam-alef came out reversed ("نخستنی" for "نخستین", "ساخنت" for
    "ساختن": KacstOne with LibreOffice and XeTeX, 32 such pairs in 5 probe documents, none in
    order), but XeTeX's pairs with an alef maksura, which come in order ("اساسى", "سنگینى": the
    font's final yeh mapped to U+0649). An alef's pairs are left to _fix_ligatures' LIGATURES."""
    places = [k for k in range(len(chars) - 1)
              if chars[k + 1] in _JOINS_NEXT and chars[k] in _PAIR_FIRSTS and chars[k + 1] != "\u0649"]
    if not places:
        return chars, order
    boxes.need([order[q] for k in places for q in range(max(0, k - 1), min(len(chars), k + 3))])
    turned = list(range(len(chars)))
    for k in places:
        box = boxes[order[k]]
        if box != boxes[order[k + 1]] or box[2] <= box[0] or turned[k] != k:
            continue
        if (k > 0 and chars[k - 1] in ARABIC_LETTERS and boxes[order[k - 1]] == box) \
                or (k + 2 < len(chars) and chars[k + 2] in ARABIC_LETTERS and boxes[order[k + 2]] == box):
            continue  # three letters or more in one glyph: not a pair
        turned[k], turned[k + 1] = k + 1, k
    if turned == list(range(len(chars))):
        return chars, order
    return "".join(chars[k] for k in turned), [order[k] for k in turned]


def _join_lam_kaf(chars: str, order: list[int], boxes: _Boxes, em: float) -> tuple[str, list[int]]:
    """Drop the space pdfium made up before a lam that is part of a lam-kaf ligature.

    Amiri draws "لک" and "لګ" as one glyph whose lam is a flat stroke on the baseline, under
    the kaf's box, and leaves a gap before it that pdfium reads as a word space ("خ لک" for
    "خلک"). A lam that stands on its own after a space is tall; a flat one joins the letter
    before it, so the gap before it is no ZWNJ or space either (boxes.joined). But Amiri draws
    the ligature flat at a word's start too ("یې لګولی"): where the gap before it is a word
    space wide (LAM_KAF_SPACE_EM), the space is one.
    """
    places = [m.start() for m in _SPACE_BEFORE_LAM_KAF.finditer(chars) if m.start()]
    boxes.need([order[q] for p in places for q in (p - 1, p, p + 1, p + 2)])
    drop = {p for p in places
            if not _drawn(boxes[order[p]]) and _flat_under(boxes[order[p + 1]], boxes[order[p + 2]], em)
            and boxes[order[p - 1]][0] - max(boxes[order[p + 1]][2], boxes[order[p + 2]][2]) < LAM_KAF_SPACE_EM * em}
    if not drop:
        return chars, order
    boxes.joined.update(order[p + 1] for p in drop)
    return _without(chars, order, drop)


def _drop_lam_stems(chars: str, order: list[int], boxes: _Boxes, em: float) -> tuple[str, list[int]]:
    """Drop the character a writer gave the stem of Amiri's lam before a kaf.

    Amiri draws the lam of "لک", "لګ" as two glyphs: its stem, which its character map gives
    no letter, and a flat stroke on the baseline under the kaf, which it maps to the lam.
    XeTeX leaves the stem out of the text; fpdf2 gives it a code of its own ("ټو\x86لګي",
    "Ðلکه"), WeasyPrint the lam's ("للګولو") or a stray one ("ټوटلګي"). Such a character
    stands right before the flat lam and its tall box reaches over the flat lam's end; a
    letter of the word other than a lam stays, and so does a lam that stands apart from it.
    """
    places = [m.start() - 1 for m in _LAM_KAF.finditer(chars) if m.start()
              and (chars[m.start() - 1] == "ل" or not (chars[m.start() - 1].isspace()
                                                       or chars[m.start() - 1] in _WORD_CHARS))]
    if not places:
        return chars, order
    boxes.need([order[q] for p in places for q in (p, p + 1, p + 2)])
    drop = set()
    for p in places:
        stem, lam, kaf = (boxes[order[q]] for q in (p, p + 1, p + 2))
        if _flat_under(lam, kaf, em) and stem[3] - stem[1] > _TALL_EM * em and stem[0] <= lam[2] <= stem[2]:
            drop.add(p)
    if not drop:
        return chars, order
    boxes.joined.update(order[p + 1] for p in drop)
    return _without(chars, order, drop)


_TALL_EM: Final = 0.3  # a letter's stem stands higher than this; a flat stroke is under a fifth of an em


def _flat_under(lam: Box, kaf: Box, em: float) -> bool:
    """Is the lam's box a flat stroke (under a fifth of an em high) that the kaf's box overlaps?"""
    return lam[3] - lam[1] < 0.2 * em and lam[0] < kaf[2] and kaf[0] < lam[2]


# A list item's bullet between spaces, past the line's first character (see _bullet_first).
_BULLETS: Final = "•◦▪▫●■‣"
_LONE_BULLET: Final = re.compile(f"[{_BULLETS}](?<=. .)(?= |$)")


def _bullet_first(chars: str, order: list[int], boxes: _Boxes) -> tuple[str, list[int]]:
    """Put a list item's bullet that pdfium read inside the line back at its start.

    A bullet opens its item at the line's right end, but pdfium may read it after the first
    words, between spaces (" یک سیر • (۷ کیلوگرام)": LibreOffice in a kashida line, the line
    read from the space after the bullet). Where its box stands right of every other glyph of
    the line, it goes first, with the space after it."""
    m = _LONE_BULLET.search(chars)
    assert m is not None  # (the caller found one)
    at = m.start()
    boxes.need(order)
    if boxes[order[at]][0] < max(boxes[order[k]][2] for k in range(len(chars)) if k != at and _drawn(boxes[order[k]])):
        return chars, order
    rest_chars, rest_order = chars[:at - 1] + chars[at + 1:], order[:at - 1] + order[at + 1:]
    space = 0 if rest_chars[0] == " " else None  # the line's own space at its start, or the bullet's
    return (chars[at] + " " + rest_chars[space is not None:],
            [order[at], order[at - 1] if space is None else rest_order[0]] + rest_order[space is not None:])


_NUMBER_AT_WORD_START: Final = re.compile(r"(?<!\S)[0-9۰-۹٠-٩]+")


def _seat_item_marks(chars: str, order: list[int], boxes: _Boxes, em: float) -> tuple[str, list[int]]:
    """Put a list item's hyphen that pdfium read apart back against its number.

    An item mark "۱- د لاس" stands on the page as "-۱" (the hyphen takes the line's
    direction, see bidi_numbers), and pdfium may read the hyphen far off, between spaces
    ("۱ د لاس د پېړوالي اندازه - (MUAC)": LibreOffice in a kashida line). Where its box
    stands against the left end of a number that starts a word (nearer than a word space), it
    goes right before the number, as pdfium reads a whole item mark, and one space beside its
    old place with it."""
    reach = LONE_BRACKET_REACH_EM * em
    numbers = [m.span() for m in _NUMBER_AT_WORD_START.finditer(chars)]
    if not numbers:
        return chars, order
    for h in reversed([m.start() for m in _DETACHED_HYPHEN.finditer(chars)]):
        boxes.need([order[h], *(order[k] for start, end in numbers for k in range(start, end))])
        hyphen = boxes[order[h]]
        middle = (hyphen[1] + hyphen[3]) / 2
        against = [start for start, end in numbers
                   if 0 <= min(boxes[order[k]][0] for k in range(start, end)) - hyphen[2] < reach
                   and all(boxes[order[k]][1] <= middle <= boxes[order[k]][3] for k in range(start, end))]
        if len(against) != 1:
            continue
        at = against[0]
        cut = h + 1 if chars[h + 1:h + 2] == " " else h - (h > 0 and chars[h - 1] == " ")
        first, last = sorted((h, cut))
        chars, order = chars[:first] + chars[last + 1:], order[:first] + order[last + 1:]
        at -= (last - first + 1) if at > first else 0
        chars, order = chars[:at] + "-" + chars[at:], order[:at] + [order[h]] + order[at:]
        numbers = [m.span() for m in _NUMBER_AT_WORD_START.finditer(chars)]
    return chars, order


def _place_hyphens(chars: str, order: list[int], boxes: _Boxes, em: float) -> tuple[str, list[int]]:  # noqa: C901
    """Put a hyphen that pdfium set apart back between the two words it joins.

    LibreOffice draws "ضد-فساد" right, but pdfium's reading order sends the neutral hyphen
    elsewhere in the line, between spaces or to its start ("- ... ضد فساد"). Its box still
    stands in the gap between the two letters it joins, where the text has a space: there
    it goes. A dash between spaces whose box stands in no such gap stays where it is. Where
    it stood, the letters around it keep one space if they stand a word space apart, none
    if not (pdfium made up the spaces around the hyphen: "کرده - اند" was "کرده‌اند").
    """
    hyphens = [m.start() for m in _DETACHED_HYPHEN.finditer(chars)]
    boxes.need([order[q] for h in hyphens for q in (h - 2, h, h + 2) if 0 <= q < len(chars)])
    hyphens = [h for h in hyphens if not _between_its_neighbours(chars, order, boxes, h)]
    if not hyphens:
        return chars, order
    spaces = _spaces_between_letters(chars)
    boxes.need([order[q] for q in (*hyphens, *(k + d for k in spaces for d in (-1, 1)))])
    moves: dict[int, int] = {}  # hyphen position -> the space it replaces
    dashes: dict[int, int] = {}  # hyphen position -> the space it stands beside, spaces either side
    word_gap = _letters_word_gap(order, boxes, spaces, em)
    for h in hyphens:
        left, _, right, _ = boxes[order[h]]
        gaps = [k for k in spaces if k not in moves.values()
                and boxes[order[k + 1]][2] <= left + 0.5 and right - 0.5 <= boxes[order[k - 1]][0]]
        if len(gaps) == 1:
            moves[h] = gaps[0]
        elif not gaps and (k := _separator_gap(chars, order, boxes, h, word_gap)) is not None:
            dashes[h] = k
    if not moves and not dashes:
        return chars, order
    new_chars, new_order = list(chars), list(order)
    drop: set[int] = set()
    for h, k in moves.items():
        new_chars[k], new_order[k] = "-", order[h]
    for h in (*moves, *dashes):
        around = [q for q in (h - 1, h + 1) if 0 <= q < len(chars) and chars[q] == " "]
        drop.update([h, *around[:1]])
        if len(around) == 2 and h - 1 > 0 and h + 2 < len(chars):
            boxes.need([order[h - 2], order[h + 2]])
            if _apart(boxes[order[h - 2]], boxes[order[h + 2]]) < word_gap:
                drop.add(around[1])
    text, positions = _without("".join(new_chars), new_order, drop)
    for h, k in sorted(dashes.items(), key=lambda item: -item[1]):  # " - " where the text had " "
        at = k - sum(q < k for q in drop)
        text, positions = text[:at] + " - " + text[at + 1:], [*positions[:at + 1], order[h], *positions[at:]]
    return text, positions


def _separator_gap(chars: str, order: list[int], boxes: _Boxes, h: int, word_gap: float) -> int | None:
    """The one space of the line where the dash at h stands on the page with a word space
    either side of it: a separator pdfium's reading order sent elsewhere ("لیکوال: نجیب -
    الله ستانکزی ۲۱" for "... نجیب‌الله ستانکزی - ۲۱", a byline's dash before its date;
    a list's dashes in a justified paragraph). None where no space, or more than one, has room."""
    found = None
    left, _, right, _ = boxes[order[h]]
    for k in range(1, len(chars) - 1):
        if chars[k] != " " or chars[k - 1] in " -" or chars[k + 1] in " -":
            continue
        boxes.need([order[k - 1], order[k + 1]])
        before, after = boxes[order[k - 1]], boxes[order[k + 1]]  # right of the gap, left of it
        if after[2] + word_gap <= left and right + word_gap <= before[0]:
            if found is not None:
                return None
            found = k
    return found


def _seat_glued_hyphens(chars: str, order: list[int], boxes: _Boxes, em: float) -> tuple[str, list[int]]:
    """Put the words around a hyphen that pdfium read on the wrong side of a space in the
    order they stand on the page.

    LibreOffice draws a compound's hyphen ("ضد-فساد") after the rest of the line in a font
    of its own; where a kashida stretches the word before it, pdfium reads the hyphen in
    with the letter after the stroke, a space on one side: "ض9 -د فساد", glyphs standing
    ض, stroke, د, hyphen, ف from right to left. The three words around such a hyphen are
    read by where their characters stand instead, right to left, a space kept where two
    stand a word space apart (and only as many as pdfium read there); the hyphen must end
    up joining two characters, or the words stay as read (_place_hyphens sees to a hyphen
    read between spaces). Words with marks (drawn over their letters) or Latin words or
    numbers (read left to right) are left alone.
    """
    word_gap: float | None = None
    for match in reversed(list(_HALF_DETACHED_HYPHEN.finditer(chars))):
        h = match.start()
        word_start = chars.rfind(" ", 0, h) + 1  # the hyphen's word, the one before and the one after
        start = chars.rfind(" ", 0, word_start - 1) + 1 if word_start else 0
        word_end = chars.find(" ", h)
        end = -1 if word_end < 0 else chars.find(" ", word_end + 1)
        end = len(chars) if end < 0 else end
        run = chars[start:end]
        if _MARK.search(run) or _LATIN_WORD_OR_NUMBER.search(run):
            continue
        if word_gap is None:  # the line's word space, from spaces between two letters
            word_gap = _letters_word_gap(order, boxes, _spaces_between_letters(chars), em)
        placed = _by_position(chars, order, boxes, start, end, word_gap)
        if placed is not None:
            new_chars, new_order = placed
            chars, order = chars[:start] + new_chars + chars[end:], order[:start] + new_order + order[end:]
    return chars, order


def _spaces_between_letters(chars: str) -> list[int]:
    """The positions of the line's spaces that stand between two Arabic letters."""
    return [k for k in range(1, len(chars) - 1) if chars[k] == " "
            and is_arabic_letter(chars[k - 1]) and is_arabic_letter(chars[k + 1])]


def _letters_word_gap(order: list[int], boxes: _Boxes, spaces: list[int], em: float) -> float:
    """Half the line's usual word space, measured across its `spaces` between two letters
    (SPACE_GAP_EM of the type size where it has none; _word_gap measures mark-aware pairs)."""
    boxes.need([order[k + d] for k in spaces for d in (-1, 1)])
    return _half_median([_apart(boxes[order[k - 1]], boxes[order[k + 1]]) for k in spaces], SPACE_GAP_EM * em)


def _by_position(chars: str, order: list[int], boxes: _Boxes, start: int, end: int,
                 word_gap: float) -> tuple[str, list[int]] | None:
    """The characters of chars[start:end] right to left by where they stand, with spaces where
    two stand `word_gap` apart or more; None where that is the order read, spaces more than were
    read, or no hyphen joining two characters (see _seat_glued_hyphens)."""
    ink = [k for k in range(start, end) if chars[k] != " "]
    spaces = [k for k in range(start, end) if chars[k] == " "]
    boxes.need([order[k] for k in ink])
    placed = sorted(ink, key=lambda k: -(boxes[order[k]][0] + boxes[order[k]][2]))
    if placed == ink:
        return None
    new_chars: list[str] = []
    new_order: list[int] = []
    for n, k in enumerate(placed):
        if n and _apart(boxes[order[placed[n - 1]]], boxes[order[k]]) >= word_gap:
            if not spaces:
                return None
            new_chars.append(" ")
            new_order.append(order[spaces.pop(0)])
        new_chars.append(chars[k])
        new_order.append(order[k])
    text = "".join(new_chars)
    if not _JOINING_HYPHEN.search(text):
        return None
    return text, new_order


def _without(chars: str, order: list[int], drop: set[int]) -> tuple[str, list[int]]:
    """The characters and their positions but those at the places `drop`."""
    kept = [k for k in range(len(chars)) if k not in drop]
    return "".join(chars[k] for k in kept), [order[k] for k in kept]


def _between_its_neighbours(chars: str, order: list[int], boxes: _Boxes, h: int) -> bool:
    """Does the hyphen at h stand on the page between the characters around it in the text
    (a dash between two words, right where the text has it)?"""
    if h < 2 or h + 2 >= len(chars):
        return False
    before, hyphen, after = boxes[order[h - 2]], boxes[order[h]], boxes[order[h + 2]]
    return min(before[0], after[0]) <= hyphen[0] and hyphen[2] <= max(before[2], after[2])


def _reattach_marks(chars: str, order: list[int], boxes: _Boxes) -> tuple[str, list[int]]:
    """Move every combining mark right after the letter its box sits on.

    Rare (few lines carry marks), and a mark may sit on any letter: every box is read.
    A mark that sits on no letter and follows none has drifted off it (LibreOffice) and goes.
    Joined letters' boxes overlap, and a font may set a mark near its letter's joining
    side, over the next letter's box as much (XeTeX): where the mark sits over the box of the
    letter pdfium put it after (across marks and a space pdfium made up), that letter keeps it.
    The places to look at (marks, spaces beside them) are found in the line's text by regex: a
    line of a hundred characters holds one or two marks, and a look at each character in Python
    cost more than the rest of the repair (LibreOffice's and XeTeX's vowelled lines).
    """
    boxes.need(order)
    pairs = list(zip(chars, map(boxes.__getitem__, order), order))  # (zip and map: no Python step a character)
    moved = _spaces_after_glyph_pairs(pairs, chars)
    text, positions = (chars, order) if moved is pairs else ("".join([ch for ch, _, _ in moved]),
                                                             [p for _, _, p in moved])
    pairs = moved
    # Each mark, the position of the letter pdfium put it after (None: not after a letter),
    # and of the Arabic letter it follows across other marks and zero-width spaces.
    at = [m.start() for m in _MARK.finditer(text)]
    marks = [(pairs[i], pairs[i - 1][2] if i and pairs[i - 1][0].isalpha() and not _is_mark(pairs[i - 1][0]) else None,
              _follows(pairs, i)) for i in at]
    # The pairs kept, and beside them their characters and positions (each once: where a mark's
    # letter is), made of slices: most of a line is kept.
    kept: list[tuple[str, Box, int]] = []
    kept_text: list[str] = []
    kept_at: list[int] = []
    start = 0
    for i in [*sorted(_phantom_spaces(pairs, text).union(at)), len(pairs)]:
        kept += pairs[start:i]
        kept_text += text[start:i]
        kept_at += positions[start:i]
        start = i + 1
    for (mark, box, position), after, follows in marks:
        centre = (box[0] + box[2]) / 2
        host = kept_at.index(follows) if follows is not None and follows in kept_at else -1
        if host >= 0:
            ch, b, _ = kept[host]
            if (b[0] - 0.5 <= centre <= b[2] + 0.5 or _shares_glyph(b, box)) \
                    and (mark not in _CARRIERS or ch in _CARRIERS[mark]):
                while host + 1 < len(kept) and _is_mark(kept[host + 1][0]):
                    host += 1
                kept.insert(host + 1, (mark, box, position))
                kept_text.insert(host + 1, mark)
                kept_at.insert(host + 1, position)
                continue
        under = [i for i, (ch, b, _) in enumerate(kept) if b[0] - 0.5 <= centre <= b[2] + 0.5 and not ch.isspace()]
        # An Arabic letter, else another one (a Latin "k" with a Persian damma: "kُم"), else the
        # letter whose glyph's box it shares (LibreOffice's "تِ" in SIL's Harmattan, which pdfium
        # reads mark first: "کلیاِت"), else the letter pdfium put it after (a spacing hamza glyph
        # beside its "ه": "تازهٔ").
        hosts = [i for i in under if is_arabic_letter(kept[i][0])] or [i for i in under if kept[i][0].isalpha()] \
            or [i for i, (ch, b, _) in enumerate(kept) if is_arabic_letter(ch) and _shares_glyph(b, box)] \
            or [i for i, (_, _, p) in enumerate(kept) if p == after]
        if not hosts:
            continue  # a mark with no letter under it or before it is noise
        # A madda or hamza sits on the few letters that carry one: on a lam-alef ligature,
        # whose two letters share a box (or nearly), on the alef ("الإسلام", not "الٕاسلام").
        hosts = [i for i in hosts if kept[i][0] in _CARRIERS.get(mark, "")] or hosts
        host = min(hosts, key=lambda i: abs((kept[i][1][0] + kept[i][1][2]) / 2 - centre))
        while host + 1 < len(kept) and _is_mark(kept[host + 1][0]):
            host += 1
        kept.insert(host + 1, (mark, box, position))
        kept_text.insert(host + 1, mark)
        kept_at.insert(host + 1, position)
    return "".join(kept_text), kept_at


def _spaces_after_glyph_pairs(pairs: list[tuple[str, Box, int]], text: str) -> list[tuple[str, Box, int]]:
    """The pairs with a word space pdfium read before a letter and its mark drawn as one glyph
    put after them, where it stands (the same list where none is; `text`: the pairs' characters).

    Chromium draws "اً" and "نِ" as one glyph, gives the letter and its mark the two halves of
    the mark's box (see off_the_line), and reads the word space after them first: "مستقیم اًاز"
    for "مستقیماً از", "قالی ِن" at a line's end for "قالینِ". That space, one pdfium made
    up (no width), stands beyond the glyph, in the gap to the next word: its place tells. Only a
    space with a mark among the three characters after it can stand so (see _glyph_pair_end);
    a space moved on lands before the next such space, whose look ahead sees the text as read."""
    last = len(pairs) - 3
    spaces = [i for i in map(_start, _SPACE_BEFORE_MARK.finditer(text)) if i <= last and not _drawn(pairs[i][1])]
    for i in spaces:  # (a space moved on lands after `i`'s run: no later space is moved back over it)
        end = _glyph_pair_end(pairs, i + 1)
        if end and _stands_beyond(pairs, i, end):
            pairs = [*pairs[:i], *_letter_first(pairs[i + 1:end]), pairs[i], *pairs[end:]]
    return pairs


def _glyph_pair_end(pairs: list[tuple[str, Box, int]], start: int) -> int | None:
    """Where a run of one Arabic letter and marks that share one glyph's box (in either
    order) ends, the run starting at `start`; None where none starts there."""
    end, letters = start, 0
    while end < len(pairs) and end - start < 3 and (_is_mark(pairs[end][0]) or is_arabic_letter(pairs[end][0])):
        letters += not _is_mark(pairs[end][0])
        if letters > 1:
            break
        end += 1
    run = pairs[start:end]
    letter = [box for ch, box, _ in run if not _is_mark(ch)]
    if len(letter) != 1 or not any(_shares_glyph(letter[0], box) for ch, box, _ in run if _is_mark(ch)):
        return None
    return end if end == len(pairs) or not _is_mark(pairs[end][0]) else None


def _stands_beyond(pairs: list[tuple[str, Box, int]], space: int, end: int) -> bool:
    """Whether the space at `space` stands left of the glyph run up to `end` (beyond it in an
    Arabic line) and right of the letter after it, if any (before that)."""
    x = pairs[space][1][0]
    if any(box[0] < x + 0.01 for _, box, _ in pairs[space + 1:end]):
        return False
    return end == len(pairs) or (is_arabic_letter(pairs[end][0]) and pairs[end][1][2] <= x + 0.01)


def _letter_first(run: list[tuple[str, Box, int]]) -> list[tuple[str, Box, int]]:
    """A glyph's letter and marks in logical order: the letter, then its marks as read."""
    return sorted(run, key=lambda pair: _is_mark(pair[0]))


def _follows(pairs: list[tuple[str, Box, int]], i: int) -> int | None:
    """The position of the Arabic letter before the mark at i, across other marks and
    spaces of no width (pdfium's own, made up beside a mark), or None: also where the run
    of marks ends the line or holds more than a letter carries (a shadda and a vowel), as
    marks do that pdfium gave apart from their letters and the line gathered at its end."""
    def between(k: int) -> bool:
        return _is_mark(pairs[k][0]) or (pairs[k][0] == " " and pairs[k][1][2] - pairs[k][1][0] <= 0.01)
    j, end = i - 1, i + 1
    while j >= 0 and between(j):
        j -= 1
    while end < len(pairs) and between(end):
        end += 1
    if end == len(pairs) or sum(_is_mark(ch) for ch, _, _ in pairs[j + 1:end]) > 2:
        return None
    return pairs[j][2] if j >= 0 and is_arabic_letter(pairs[j][0]) else None


# The letters a madda (U+0653) or a hamza above or below (U+0654, U+0655) is written on.
_CARRIERS: Final = {"\u0653": "ا", "\u0654": "اوىيیهەےۇ", "\u0655": "ا"}


def _is_phantom_space(pairs: list[tuple[str, Box, int]], i: int) -> bool:
    """A zero-width space that pdfium generated next to a mark: perhaps a phantom."""
    ch, box, _ = pairs[i]
    if ch != " " or box[2] - box[0] > 0.01:
        return False
    return any(0 <= j < len(pairs) and _is_mark(pairs[j][0]) for j in (i - 1, i + 1))


def _before_sunk_letter(pairs: list[tuple[str, Box, int]], i: int) -> bool:
    """A zero-width space pdfium generated between two letters where the second has only a
    mark's box (see off_the_line): no gap, no space."""
    (before, left, _), (ch, box, _), (after, right, _) = pairs[i - 1:i + 2]
    mark = pairs[i + 2][1] if i + 2 < len(pairs) and _is_mark(pairs[i + 2][0]) else None
    return (ch == " " and not _drawn(box) and is_arabic_letter(before) and is_arabic_letter(after)
            and off_the_line(left, right, mark))


def _may_sink(pairs: list[tuple[str, Box, int]], i: int) -> bool:
    """What _before_sunk_letter needs of a space between two letters, from three boxes: the space
    is none the PDF draws, and the next letter's box stands under the letter before's or in its
    upper half (off_the_line's cases): a letter on the line beside the one before it is neither, at
    most spaces of a page whose word spaces pdfium makes up (Chromium's), which this tells with
    no call of the two."""
    space, following = pairs[i][1], pairs[i + 1][1]
    if space[2] > space[0] or following[1] >= following[3]:
        return False
    letter = pairs[i - 1][1]
    return following[3] <= letter[1] or following[1] >= (letter[1] + letter[3]) / 2


def off_the_line(letter: Box, following: Box, mark: Box | None = None) -> bool:
    """Whether the following letter has only a mark's box, off the line of the letter's:
    Chromium with Noto Naskh Arabic draws "حلِ" as one "حل" glyph and gives "ل" the
    kasra's box, wholly under the letter before; with Scheherazade, "هّ" gives "ه" half of
    the shadda's box over the line and its `mark` the other half (a letter whose glyph is
    drawn high, Scheherazade's "آ" has the madda's box alone, is no such case: no mark
    shares it). With some fonts Chromium draws a line-final "هٔ" as one raised glyph, its box
    over the upper half of the letter before's: no gap tells there either. The gap to it tells
    nothing."""
    if following[1] >= following[3]:
        return False
    if following[3] <= letter[1]:
        return True
    return mark is not None and following[1] >= (letter[1] + letter[3]) / 2 and _shares_glyph(following, mark)


def _off_the_line_at(chars: str, order: list[int], boxes: _Boxes, p: int) -> bool:
    """off_the_line for the letters at p and p + 1 of a line (their boxes read), with the
    mark after them, if any."""
    mark = None
    if p + 2 < len(chars) and _is_mark(chars[p + 2]):
        boxes.need([order[p + 2]])
        mark = boxes[order[p + 2]]
    return off_the_line(boxes[order[p]], boxes[order[p + 1]], mark)


def _shares_glyph(letter: Box, mark: Box) -> bool:
    """Whether a letter and a mark hold the two halves of one glyph's box (see off_the_line): the
    same height, side by side."""
    return (abs(letter[1] - mark[1]) < 0.01 and abs(letter[3] - mark[3]) < 0.01
            and (abs(letter[0] - mark[2]) < 0.01 or abs(letter[2] - mark[0]) < 0.01))


def _phantom_spaces(pairs: list[tuple[str, Box, int]], text: str) -> set[int]:
    """Positions of the zero-width spaces pdfium generated beside a drifting mark (`text`: the
    pairs' characters, where a regex finds the spaces to look at).

    pdfium generates a space where it sees a gap between two characters, and a mark
    drawn away from its letter makes such a gap (LibreOffice): the letters around that
    space stand together, or a ZWNJ's width apart. But a space beside a word-final mark
    is often a real one (ezafe in XeTeX Persian: "حلِ مساله"): one space stays wherever
    the letters around it stand a word space apart (half the line's usual one or more),
    unless another space between them (one drawn by the PDF) stands for it already.
    """
    word_gap: float | None = None  # (_word_gap's, made where a stretch asks: most lines' marks have none)
    phantoms: set[int] = {i for i in _SPACE_BETWEEN_LETTERS_PLACES.places(text)
                          if _may_sink(pairs, i) and _before_sunk_letter(pairs, i)}
    after = 0  # (each stretch is looked at once, from its first space that may be a phantom)
    for i in _SPACE_BY_MARK_AT.places(text):
        if i < after or i in phantoms or not _is_phantom_space(pairs, i):
            continue
        first, last = i, i  # the stretch of spaces and marks around i
        while first > 0 and (pairs[first - 1][0] == " " or _is_mark(pairs[first - 1][0])):
            first -= 1
        while last + 1 < len(pairs) and (pairs[last + 1][0] == " " or _is_mark(pairs[last + 1][0])):
            last += 1
        spaces = [n for n in range(first, last + 1) if pairs[n][0] == " "]
        candidates = [n for n in spaces if _is_phantom_space(pairs, n)]
        keep_one = first > 0 and last + 1 < len(pairs) and candidates == spaces
        if keep_one:
            if word_gap is None:
                word_gap = _word_gap(pairs, text)
            keep_one = _apart(pairs[first - 1][1], pairs[last + 1][1]) >= word_gap \
                or _after_ezafe_heh(pairs, first, last)
        phantoms.update(candidates[1:] if keep_one else candidates)
        after = last + 1
    return phantoms


def _after_ezafe_heh(pairs: list[tuple[str, Box, int]], first: int, last: int) -> bool:
    """Whether the stretch of spaces and marks from `first` to `last` follows a heh that a
    hamza above of the line sits on, and a letter follows it: "هٔ", the ezafe's, ends a word.
    The gap does not tell there: XeTeX with Noto Sans Arabic sets "دربارهٔ آیندهٔ" with the
    madda of "آ" reaching over the word space, 1.4 pt from the heh (and draws that heh's
    hamza first in the line, the next word's in the stretch)."""
    letter, heh = pairs[first - 1][0], pairs[first - 1][1]
    if letter != "\u0647" or not is_arabic_letter(pairs[last + 1][0]):
        return False
    return any(ch == "\u0654" and heh[0] - 0.5 <= (box[0] + box[2]) / 2 <= heh[2] + 0.5 for ch, box, _ in pairs)


# Where a line has no other word space to compare with: about a quarter of an em at 10 pt,
# above the gaps after non-joining letters (up to 2 pt in XeTeX Persian documents).
WORD_GAP_PT: Final = 2.2


def _word_gap(pairs: list[tuple[str, Box, int]], text: str) -> float:
    """Half the line's usual gap between two words that a space separates (`text`: the pairs'
    characters)."""
    return _half_median([_apart(pairs[n - 1][1], pairs[n + 1][1]) for n in map(_start, _WORD_SPACE.finditer(text))],
                        WORD_GAP_PT)


def _half_median(gaps: list[float], default: float) -> float:
    """Half the median of the gaps at a line's word spaces (`default` where it has none)."""
    return sorted(gaps)[len(gaps) // 2] / 2 if gaps else default


def _apart(a: Box, b: Box) -> float:
    """Horizontal distance between two boxes (negative where they overlap)."""
    return max(a[0] - b[2], b[0] - a[2])


def _restore_zwnj(chars: str, order: list[int], boxes: _Boxes, em: float, spacing: Spacing | None,
                  read_origins: OriginReader | None = None, body: bool = False,
                  read_drawn: DrawnReader | None = None, compiled: CompiledReads | None = None,
                  shaped: bool = False, read_joined: JoinedReader | None = None,
                  joined_bare: BareReader | None = None, with_marks: bool = True) -> str:
    """Put back the ZWNJ wherever two letters that would join stand apart (a space where
    the pen moved on as a space moves it), and the spaces and ZWNJs that only pen
    positions show (see _pen_marks).

    Only pairs of a joining letter and a letter with forms can hide a ZWNJ; a regex
    finds runs of such pairs, and only their letters' boxes are read. A letter that
    shares its glyph box with the one before it ends a ligature whose letters pdfium may
    give in either order ("اب" for "با" in XeTeX fonts): the gap after it says nothing.
    A body line has its wide pairs read in one `compiled` call instead (a third of the ZWNJ
    repair's cost, the regex, the boxes and the loop, on the gold corpus), and only their
    boxes; and in the same call the bare edges where a ZWNJ may hide (see _hidden_zwnjs: two
    calls of a few microseconds' set-up each, for most lines, that found nothing). So has one
    whose page's spaces pdfium makes up (Chromium's, XeTeX's: `spacing` not drawn), where the
    runs' pairs and edges were a Python loop, a regex and a call each (some 200 microseconds a
    line); its Spacing's places (a plain space, the separators, the unjoined letters) are read
    beside them, its boxes all read already (see repair_line). `with_marks` False: the line holds no mark
    (repair_line's `rare` told, and no repair puts one in), which a kaf that _kerned_spaces
    looks at apart may follow.
    """
    if spacing is not None and spacing.placed:
        return chars
    least = ZWNJ_GAP_EM * em
    separators: list[int] = []
    unjoined: list[int] = []
    runs: list[tuple[int, int]] = []  # (only a line not read by `compiled` looks at its runs again)
    edges = None  # the bare edges read with the wide pairs (see _zwnj_gaps)
    if compiled is not None and body and read_drawn is None and read_origins is not None:
        if spacing is not None and not spacing.drawn:  # (the runs' boxes are the compiled call's to read)
            spacing, separators, unjoined = _spacing_places(chars, order, boxes, [], spacing, shaped)
        wide, edges = _zwnj_gaps(chars, order, boxes, least, BARE_EDGE_EM * em, compiled.zwnj_gaps)
    else:
        runs = (_ZWNJ_RUNS_SHAPED if shaped else _ZWNJ_RUNS).spans(chars)
        # (the runs' letters, whose boxes are read here: none left to read where all are read already)
        places = [] if boxes.whole else [p for start, end in runs for p in order[start:end + 1]]
        if spacing is None or spacing.drawn:
            boxes.need(places)
        else:
            spacing, separators, unjoined = _spacing_places(chars, order, boxes, places, spacing, shaped)
        wide = [p for start, end in runs for p in range(start, end)
                if boxes[order[p]][0] - boxes[order[p + 1]][2] > least] if runs else []
    cuts = [p for p in wide if not _off_the_line_at(chars, order, boxes, p) and order[p + 1] not in boxes.joined] \
        if wide else []  # (most lines: none, and no comprehension's call)
    if cuts and read_origins is not None:
        cuts = _apart_from_joining_forms(order, boxes, em, cuts, read_origins)
    drawn: dict[int, str] = {}
    candidates = None if body or (read_origins is None and read_drawn is None) else _zwnj_candidates(chars, runs)
    if edges is not None:
        if edges:  # (cuts stay ascending)
            cuts = sorted(cuts + _hidden_among(chars, order, boxes, em, edges, set(cuts), joined_bare))
    elif read_origins is not None:
        hidden = list(map(_start, _COMMON_ZWNJ_PLACE.finditer(chars))) if candidates is None else candidates
        if hidden:
            cuts = sorted(cuts + _hidden_zwnjs(chars, order, boxes, em, hidden, set(cuts), read_origins, compiled,
                                               joined_bare))
    if read_drawn is not None:
        places = sorted({*(_zwnj_candidates(chars, runs) if candidates is None else candidates), *cuts})
        drawn = _drawn_separators(chars, order, boxes, em, places, read_drawn)
        cuts = sorted({*cuts, *(p for p, separator in drawn.items() if separator == ZWNJ)})
    if "ل" in chars and _LAM_BEFORE_ALEF_AT.found(chars):
        apart = _lam_alef_apart(chars, order, boxes, em)
        if apart and read_joined is not None:  # rare: a few places a page
            joined = read_joined([(order[p], order[p + 1]) for p in apart])
            apart = [p for p, drawn_together in zip(apart, joined, strict=True) if not drawn_together]
        cuts = sorted({*cuts, *apart})
    if cuts:
        before = [order[p - 1] for p in cuts if p > 0 and order[p - 1] not in boxes]
        if before:  # the letter before a run: rarely read yet
            boxes.need(before)
        # (no word has a ZWNJ after its first letter: cairo's reprint of Chromium's words sets a
        # word's first glyph apart from the rest, "م‌یلیارد")
        cuts = [p for p in cuts if p > 0 and chars[p - 1] != " " and boxes[order[p - 1]] != boxes[order[p]]]
        if "\u0647" in chars:  # no word ends in a ZWNJ and a heh: the gap is a cluster's (see FINAL_HEH_AFTER_JOIN)
            cuts = [p for p in cuts if not FINAL_HEH_AFTER_JOIN.match(chars, p + 1)]
    marks = dict.fromkeys([p + 1 for p in cuts], ZWNJ) if cuts else {}
    if drawn:
        spaces = [p for p in set(cuts).intersection(drawn) if drawn[p] == " "]
        if spaces and spacing:
            spaces = _moved_on(chars, spaces, order, em, spacing.read_pens)
        marks.update((p + 1, " ") for p in spaces)
    if (spacing is None or spacing.drawn) and " " in chars:  # a page that draws its word spaces
        marks.update(dict.fromkeys(_touching_spaces(chars, order, boxes, em), ""))
    if spacing and spacing.drawn:
        kerned = _kerned_spaces(chars, cuts, order, boxes, em, spacing.read_pens, with_marks)
        if kerned and spacing.read_drawn is not None:  # rare: a ZWNJ object there is no space
            found = spacing.read_drawn([(order[a], order[b]) for a, b in kerned])
            kerned = [pair for pair, separator in zip(kerned, found) if separator != ZWNJ]
        if kerned:  # (rare)
            marks.update(dict.fromkeys([b for _, b in kerned], " "))
    elif spacing:
        marks.update(_pen_marks(chars, separators, unjoined + cuts, order, boxes, em, spacing.read_pens,
                                spacing.narrow, spacing.pen_offsets))
        marks.update(dict.fromkeys(_touching_spaces(chars, order, boxes, em, spacing.read_pens), ""))
    if not marks:
        return chars
    pieces, at = [], 0
    for p in sorted(marks):  # a separator before position p (replacing the one there, if any)
        pieces += [chars[at:p], marks[p]]
        at = p + 1 if chars[p] in _SEPARATORS else p
    pieces.append(chars[at:])
    return "".join(pieces)


def _lam_alef_apart(chars: str, order: list[int], boxes: _Boxes, em: float) -> list[int]:
    """The places of a lam before an alef whose glyphs stand side by side, not crossed in
    the ligature every font sets them in (see LAM_ALEF_APART_EM): a ZWNJ stands between.
    Only two that pdfium read one after the other: a pair that a repair brought together
    (letters put in the order they stand, a mark's letter found) tells nothing. Some fonts do
    set the ligature as two glyphs side by side, the lam tall (Noto Kufi Arabic): where the
    page draws every glyph as an object of its own and a ZWNJ as one too (Chromium), two such
    glyphs drawn one right after the other have no ZWNJ between them (the caller's
    JoinedReader tells; see repair_line's `read_joined`). Nor has a ligature glyph whose box pdfium
    gives its two letters in halves (Chromium with farsiweb's Homa: "اختلاف", "سالانه"; see
    _halves_of_one_glyph)."""
    places = [p for p in _LAM_BEFORE_ALEF_AT.places(chars) if order[p + 1] == order[p] + 1]
    boxes.need([order[q] for p in places for q in (p, p + 1)])
    reach, tall, joined = LAM_ALEF_APART_EM * em, LAM_TALL_EM * em, boxes.joined
    apart = []
    for p in places:  # (each box looked up once, all read above: a loop, not a comprehension looking up ten)
        lam, alef = boxes[order[p]], boxes[order[p + 1]]
        if lam != alef and order[p + 1] not in joined and alef[2] - lam[0] < reach and lam[3] - lam[1] >= tall \
                and not _halves_of_one_glyph(lam, alef):
            apart.append(p)
    return apart


def _halves_of_one_glyph(right: Box, left: Box) -> bool:
    """Whether two letters' boxes are the right and left halves of one glyph's box: pdfium
    splits a ligature's box evenly among its letters (the same width, the one's left edge the
    other's right edge)."""
    return abs(right[0] - left[2]) < 0.01 and abs((right[2] - right[0]) - (left[2] - left[0])) < 0.01


def _zwnj_gaps(chars: str, order: list[int], boxes: _Boxes, least: float, bare: float,
               read_gaps: ZwnjGapReader) -> tuple[list[int], list[tuple[int, int, float]]]:
    """The places of a body line whose letters stand more than `least` apart, and the
    (place, position, origin) of the places _COMMON_ZWNJ_PLACE finds where the letter's ink
    starts `bare` or more right of its origin (see ZwnjGapReader), their boxes read (a box a
    repair changed counts as changed)."""
    wide, edges = read_gaps(chars, order, least, bare, _changed(boxes) if boxes.changed else {})
    if not wide and not edges:  # most lines: nothing found
        return [], []
    for p, box, after in wide:
        boxes.setdefault(order[p], box)
        boxes.setdefault(order[p + 1], after)
    for p, _, box in edges:
        boxes.setdefault(order[p], box)
    return [p for p, _, _ in wide], [(p, order[p], origin) for p, origin, _ in edges]


def _apart_from_joining_forms(order: list[int], boxes: _Boxes, em: float, cuts: list[int],
                              read_origins: OriginReader) -> list[int]:
    """The `cuts` (places whose letters stand apart) that are not a narrow gap after a letter
    drawn in its joining form, its ink from its origin (see NARROW_GAP_EM): the origins are read
    for the narrow ones only, one call each."""
    narrow = [p for p in cuts if boxes[order[p]][0] - boxes[order[p + 1]][2] < NARROW_GAP_EM * em]
    if not narrow:
        return cuts
    joining = {p for p, origin in zip(narrow, read_origins([order[p] for p in narrow]))
               if -REACHES_PAST_EM * em <= boxes[order[p]][0] - origin < BARE_EDGE_EM * em}
    return [p for p in cuts if p not in joining]


def _changed(boxes: _Boxes) -> dict[int, Box]:
    """The boxes a repair changed, by position (see _Boxes.changed)."""
    return {x: boxes[x] for x in boxes.changed} if boxes.changed else {}


def _hidden_zwnjs(chars: str, order: list[int], boxes: _Boxes, em: float, places: list[int],
                  cut: set[int], read_origins: OriginReader, compiled: CompiledReads | None = None,
                  joined_bare: BareReader | None = None) -> list[int]:
    """The `places` (letters that join the next one, before a letter with forms; not yet
    `cut`) where a ZWNJ hides under the next letter's ink (see BARE_EDGE_EM): the letter's
    ink starts inside its advance, and the next letter's reaches past the letter's origin,
    but not so far as a stacked letter's.

    The origins are read at `places` only, one call each: read for every letter of every
    line, they cost more than the rest of the ZWNJ repair (see _zwnj_candidates and
    _COMMON_ZWNJ_PLACE for where a ZWNJ may stand). Two letters of one ligature glyph
    (lam-alef, the lams and heh of "الله") share its box or split it anywhere: no place."""
    letters = [order[p] for p in places]
    bare = BARE_EDGE_EM * em
    if compiled is None:
        boxes.need(letters)
        found = [(p, x, origin) for p, x, origin in zip(places, letters, read_origins(letters))
                 if boxes[x][0] - bare >= origin]  # few: most letters join the next one at their origin
    else:  # the same, from one call
        edges = compiled.bare_edges(letters, bare, _changed(boxes))
        for k, _, box in edges:
            boxes.setdefault(letters[k], box)
        found = [(places[k], letters[k], origin) for k, origin, _ in edges]
    return _hidden_among(chars, order, boxes, em, found, cut, joined_bare) if found else []


def _hidden_among(chars: str, order: list[int], boxes: _Boxes, em: float, found: list[tuple[int, int, float]],
                  cut: set[int], joined_bare: BareReader | None = None) -> list[int]:
    """The places of `found` (place, position, origin of a letter whose ink starts inside its
    advance) where the next letter's ink reaches past the letter's origin, not so far as a
    stacked letter's, and that are not yet `cut` (see _hidden_zwnjs). On a page whose joined
    letters start their ink at their origin but `joined_bare()`'s (see BARE_ALONE_EM), an edge
    of another letter BARE_ALONE_EM bare tells the ZWNJ however near the next letter's ink
    reaches (a gap a ZWNJ's width the gap look found already)."""
    past, stacked, alone = REACHES_PAST_EM * em, STACKED_EM * em, BARE_ALONE_EM * em
    return [p for p, x, origin in found
            if boxes[order[p + 1]][2] - origin < stacked and p not in cut and _two_glyphs(chars, order, boxes, p)
            and (past <= boxes[order[p + 1]][2] - origin
                 or (joined_bare is not None and boxes[x][0] - origin >= alone  # (rare: asked last)
                     and (bare := joined_bare()) is not None and chars[p] not in bare))]


def _two_glyphs(chars: str, order: list[int], boxes: _Boxes, p: int) -> bool:
    """Are the letters at `p` and `p + 1` two glyphs, not parts of one ligature (joined by
    the page, one shared box, lam-alef), so that a ZWNJ could stand between them?"""
    return order[p + 1] not in boxes.joined and boxes[order[p]] != boxes[order[p + 1]] \
        and not (chars[p] == "ل" and chars[p + 1] in _ALEFS)


def _drawn_separators(chars: str, order: list[int], boxes: _Boxes, em: float, places: list[int],
                      read_drawn: DrawnReader) -> dict[int, str]:
    """{place: separator} for the `places` (letters that join the next one, before a letter
    with forms) where the PDF draws a ZWNJ or a space that pdfium's text leaves out (see
    DrawnReader). LibreOffice and Chromium draw a ZWNJ as a glyph object of its own, marked
    with the text it stands for (/ActualText U+200C), which pdfium skips: it tells the ZWNJs
    that no gap and no origin show, wherever the final form's ink reaches (a tail past its
    origin, ink slanted over it: an italic title in a font with none). Chromium draws a word
    space as a glyph object of its own too, which pdfium skips and makes its own space up
    from the gap; before a kaf, which Amiri kerns the space against, the gap is a ZWNJ's and
    only the object tells the space. Two letters of one ligature glyph (lam-alef) share its
    box; a letter stacked over the next one (by more than STACKED_EM) is no place."""
    stacked, joined = -STACKED_EM * em, boxes.joined
    kept: list[int] = []
    pairs: list[tuple[int, int]] = []
    for p in places:  # (_two_glyphs written out, each box looked up once: no call or comprehension a place)
        letter, after = order[p], order[p + 1]
        if after in joined:
            continue
        box, next_box = boxes[letter], boxes[after]
        if box != next_box and not (chars[p] == "ل" and chars[p + 1] in _ALEFS) and box[0] - next_box[2] > stacked:
            kept.append(p)
            pairs.append((letter, after))
    if not kept:
        return {}
    return {p: separator for p, separator in zip(kept, read_drawn(pairs)) if separator is not None}


def _zwnj_candidates(chars: str, runs: list[tuple[int, int]]) -> list[int]:
    """The places of `runs` (a letter that joins the next one, before a letter with forms:
    chars[end] follows the run's last) where a ZWNJ would leave parts of two letters or more
    on both sides (see text._plausible_zwnj), or a last yeh ("گفته‌ی"): a letter of its word
    before the joining letter and one after the next letter. Inside a run both hold; only
    its first and last places are looked at (a line's runs are many: a few steps each)."""
    padded = " " + chars + "  "  # padded[k + 1] is chars[k]
    places: list[int] = []
    add = places.extend
    for start, end in runs:
        add(range(start + (padded[start] not in _WORD_CHARS),
                  end - (padded[end + 2] not in _WORD_CHARS and padded[end + 1] not in _YEHS)))
    return places


def _spacing_places(chars: str, order: list[int], boxes: _Boxes, places: list[int], spacing: Spacing,
                    shaped: bool = False) -> tuple[Spacing | None, list[int], list[int]]:
    """Read the boxes of the runs (`places`) and of what pen positions may tell about, in
    one read: (the spacing, or None where the line draws its spaces after all; the spaces
    that may be a ZWNJ's glyph; the letters that join no next one, where pdfium may have
    missed a space after them)."""
    plain = plain_space(chars)
    separators = (_SEPARATOR_SHAPED_PLACES if shaped else _SEPARATOR_PLACES).places(chars)
    unjoined = _UNJOINED_PLACES.places(chars) if spacing.missed else []
    if not boxes.whole:  # (most lines here have every box read already: see repair_line)
        wanted = set(places)  # (slices of `order`: a separator's three, an unjoined letter's two; every
        # match has a character after it)
        if plain is not None:
            wanted.add(order[plain])
        for p in separators:
            wanted.update(order[p - 1:p + 2])
        for p in unjoined:
            wanted.update(order[p:p + 2])
        boxes.need(list(wanted))
    if plain is not None and _drawn(boxes[order[plain]]):
        return None, [], []
    return spacing, separators, unjoined


def _pen_marks(chars: str, separators: list[int], apart: list[int], order: list[int], boxes: _Boxes, em: float,
               read_pens: PenReader, narrow: float = 0.0,
               pen_offsets: dict[float, float] | None = None) -> dict[int, str]:
    """{position: separator} that pen positions show on a line whose spaces pdfium made up
    (one read for all): a ZWNJ for each of the `separators` (spaces between a joining
    letter and a letter with forms) that is a ZWNJ's glyph, a drawn glyph that moves the
    pen no further between letters no more than a ZWNJ's width apart (XeTeX); a space
    after each letter of `apart` (letters that stand apart from the next) where the
    letters stand a word space apart and the pen moved on as a space moves it (see
    SPACE_GAP_EM), or less before a kaf (see KERNED_SPACE_BEFORE): pdfium missed that space.
    Where the page's word space is `narrow` (its advance in ems, see Spacing.narrow), its ink
    gap tells nothing (Lateef's "ر" reaches under the next word: 0.05 em, as an alef stands
    from the next letter of its word): the pen alone tells, moved on by NARROW_SPACE_SHARE of
    that advance or more."""
    wide, gap = ZWNJ_WIDE_EM * em, SPACE_GAP_EM * em if not narrow else float("-inf")
    still = [p for p in separators if _drawn(boxes[order[p]])
             and -wide < boxes[order[p - 1]][0] - boxes[order[p + 1]][2] < wide]
    left = {p: _number_start(chars, p) for p in apart if chars[p] in _DIGITS}  # (rare)
    if left:
        boxes.need([order[q] for q in left.values()])
    spaced = [p for p in apart if boxes[order[left.get(p, p)]][0] - boxes[order[p + 1]][2] >= gap
              and order[p + 1] not in boxes.joined and not _off_the_line_at(chars, order, boxes, p)]
    if not still and not spaced:
        return {}
    pens = read_pens([order[q] for p in still for q in (p, p - 1)]
                     + [order[q] for p in spaced for q in (left.get(p, p), p + 1)])
    glyphs, letters = pens[:2 * len(still)], pens[2 * len(still):]
    marks = {p: ZWNJ for p, (glyph, _), (letter, _) in zip(still, glyphs[0::2], glyphs[1::2])
             if abs(letter - glyph) <= STILL_PEN_EM * em}
    least, kerned = (NARROW_SPACE_SHARE * narrow if narrow else SPACE_ADVANCE_EM) * em, KERNED_SPACE_ADVANCE_EM * em
    moved = [origin - end for (origin, _), (_, end) in zip(letters[0::2], letters[1::2])]
    if narrow and moved and min(moved) < -PEN_OFFSET_EM * em:  # rare: see _pen_offset
        offset = _pen_offset(chars, order, em, read_pens, set(apart), {} if pen_offsets is None else pen_offsets)
        # (a letter drawn with its mark as one glyph, "هٔ", has an advance of its own)
        moved = [step if p + 2 < len(chars) and _is_mark(chars[p + 2]) else step - offset
                 for p, step in zip(spaced, moved)]
    marks.update((p + 1, " ") for p, step in zip(spaced, moved)
                 if step >= (kerned if chars[p + 1] in KERNED_SPACE_BEFORE else least))
    return marks


# How far back the pen may go between two letters of a word (in ems of the type size) before a line
# is read for its own pen offset (see _pen_offset): a font's side bearings, 0.02 em or so.
PEN_OFFSET_EM: Final = 0.1
_PEN_OFFSET_PAIRS: Final = 7  # joined pairs read for a line's pen offset


def _pen_offset(chars: str, order: list[int], em: float, read_pens: PenReader, apart: set[int],
                offsets: dict[float, float]) -> float:
    """How far the pen goes back (negative) from each glyph's advance to the next one's origin
    inside a word of the line: the median over a few pairs of letters that join (none of
    `apart`), where it goes back by more than PEN_OFFSET_EM, else 0.0. Chromium draws a title
    in SIL's Lateef bold by a thicker outline, and pdfium gives each glyph an advance 0.18 em
    wider: the pen goes back so much inside every word and moves on only 1.7 pt at a missed
    space ("بازشماری آراو", "بدون‌پایان" at 27 pt), where a space moves it 3.1 pt from there.
    A line with fewer than three such pairs takes the last offset found on its page at its
    type size (`offsets`, which this fills), else 0.0."""
    size = round(em, 1)
    pairs = [p for start, end in _ZWNJ_RUNS.spans(chars) for p in range(start, end) if p not in apart]
    pairs = spread(pairs, _PEN_OFFSET_PAIRS)
    if len(pairs) < 3:
        return offsets.get(size, 0.0)
    pens = read_pens([order[q] for p in pairs for q in (p, p + 1)])
    steps = sorted(origin - end for (origin, _), (_, end) in zip(pens[0::2], pens[1::2]))
    middle = steps[len(steps) // 2]
    offsets[size] = middle if middle < -PEN_OFFSET_EM * em else 0.0
    return offsets[size]


def _number_start(chars: str, p: int) -> int:
    """The first digit of the number whose last digit is at `p`: a number stands left to right
    in a right-to-left line, so that the word after it stands beside its first digit, not its
    last ("۱۲مه": the meem beside the ۱)."""
    while p > 0 and chars[p - 1] in _DIGITS:
        p -= 1
    return p


def _kerned_spaces(chars: str, cuts: list[int], order: list[int], boxes: _Boxes, em: float,
                   read_pens: PenReader, with_marks: bool = True) -> list[tuple[int, int]]:
    """The positions of the kafs (each after the position of the letter before it) before which
    pdfium missed a word space on a page that draws its spaces (see Spacing.drawn): fpdf2 draws
    the narrower space Amiri sets before a kaf as a glyph that maps to no text, and pdfium reads
    "زرګونهکسان", "برنامهٔکار" (a ZWNJ where the gap looked like one). The letter (its marks
    aside) and the kaf stand a word space apart and the pen moved on as a kerned space moves it
    (see KERNED_SPACE_BEFORE), where inside a word, or after a ZWNJ (Amiri sets that glyph before
    a kaf too), it moves on by nothing or goes back. Only after a letter that joins the next one:
    after one that does not, a font may set a kaf of the same word as far apart (XeTeX's
    "ا کسنت" for "اکسنت" in a real Persian manual). A justified line may stretch a ZWNJ before a
    kaf as far (LibreOffice: "می گوید"), where the page draws the ZWNJ as an object of its own:
    the caller asks the page (Spacing.read_drawn). `with_marks` False: the line holds no mark, so
    that only a kaf with no forms may stand apart (_KAF_APART's search, some 7,000 instructions a
    line, is made only where the line holds a mark or such a kaf: two scans at memory speed)."""
    places = [(p, p + 1) for p in cuts if chars[p + 1] in KERNED_SPACE_BEFORE] if cuts else []  # most: letters
    # apart already (most lines: no cut, and no comprehension's call)
    if (with_marks or _FORMLESS_KAFS[0] in chars or _FORMLESS_KAFS[1] in chars) \
            and _KAF_APART.search(chars):  # rare: a mark between, or a kaf with no forms (no cut is looked for)
        places += [(k - 1 - (chars[k - 1] in ARABIC_MARKS), k) for k in map(_start, _KAF_APART.finditer(chars))]
    if not places:
        return []
    boxes.need([order[q] for pair in places for q in pair])
    gap = SPACE_GAP_EM * em
    places = [(a, b) for a, b in places if boxes[order[a]][0] - boxes[order[b]][2] >= gap
              and order[b] not in boxes.joined and boxes[order[a]] != boxes[order[b]]]
    if not places:
        return []
    pens = read_pens([order[q] for pair in places for q in pair])
    kerned = KERNED_SPACE_ADVANCE_EM * em
    return [(a, b) for (a, b), (origin, _), (_, end) in zip(places, pens[0::2], pens[1::2]) if origin - end >= kerned]


def may_miss_a_kerned_space(text: str) -> bool:
    """Does the line have a kaf after a letter that joins the next one, where a page that draws
    its word spaces may have drawn a space pdfium misses (see _kerned_spaces)?"""
    return _KAF_AFTER_JOINING.search(text) is not None


def _moved_on(chars: str, places: list[int], order: list[int], em: float, read_pens: PenReader) -> list[int]:
    """The `places` (a letter, before the next) where the pen moved on from the next letter's
    advance to the letter's origin as a word space moves it (less before a kaf: see
    KERNED_SPACE_BEFORE): a glyph the page draws between them that maps to no text is a space
    there, and a ZWNJ where the pen stood still or went back (fpdf2 draws Amiri's ZWNJ before a
    kaf so, moving the pen back 0.24 em: "مذاکره‌کننده")."""
    pens = read_pens([order[q] for p in places for q in (p, p + 1)])
    least, kerned = SPACE_ADVANCE_EM * em, KERNED_SPACE_ADVANCE_EM * em
    return [p for p, (origin, _), (_, end) in zip(places, pens[0::2], pens[1::2])
            if origin - end >= (kerned if chars[p + 1] in KERNED_SPACE_BEFORE else least)]


def _touching_spaces(chars: str, order: list[int], boxes: _Boxes, em: float,
                     read_pens: PenReader | None = None) -> list[int]:
    """The spaces pdfium made up between a letter that joins no next one and a yeh whose
    ink reaches under it or touches it, where the pen moved on by less than a space (XeTeX's
    Pashto "زیات": 0.08 em; "نویو": the ink 0.003 em apart): no word space. Only before a
    yeh, whose initial form reaches back under the letter before: other letters whose ink
    touches across a word space stand in real XeTeX Arabic documents, and Chromium's Noto
    Naskh kerns "در آن" to an overlap of ink and pen. Chromium's pages alike: "خپرندو یه"
    (Amiri, ink 0.003 em over, pen 0.08 em on), "رو یهٔ" beside a run pdfium gave in visual
    order (ink overlapping, pen 0.08 em); their real word spaces before a yeh after such a
    letter leave 0.09 em of ink and 0.16 em of pen or more (193 of them in 120 Chromium
    documents of the dev partition and three probe samples). On a page that draws its word
    spaces (no `read_pens`), a space pdfium made up there is none either (fpdf2's Amiri:
    "خپرندو یه", the yeh's ink 0.003 em over the waw's)."""
    space_yeh, space_arabic_yeh, space_pashto_yeh = _SPACE_YEH
    if space_yeh not in chars and space_arabic_yeh not in chars and space_pashto_yeh not in chars:
        return []  # most lines (six in seven): no yeh after a space, told by three scans at memory
        # speed, where the pattern looks behind at every space
    places = _SPACE_AFTER_UNJOINED_AT.places(chars)
    if not places:
        return []
    boxes.need([order[p] for p in places])  # (most spaces of a page that draws them: drawn)
    places = [p for p in places if not _drawn(boxes[order[p]])]
    if not places:
        return []
    boxes.need([order[q] for p in places for q in (p - 1, p + 1)])
    touch = ZWNJ_GAP_EM * em  # joined letters overlap or touch (see ZWNJ_GAP_EM)
    places = [p for p in places if boxes[order[p - 1]][0] - boxes[order[p + 1]][2] < touch]
    if not places or read_pens is None:
        return places
    pens = read_pens([order[q] for p in places for q in (p - 1, p + 1)])
    least = SPACE_ADVANCE_EM * em
    return [p for p, (origin, _), (_, end) in zip(places, pens[0::2], pens[1::2]) if origin - end < least]


def plain_space(text: str) -> int | None:
    """Where `text` has its first space between two Arabic letters that no ZWNJ's glyph
    could be (see _SEPARATOR), if any: whether the PDF draws that space tells whether it
    draws the word spaces of its Arabic script (Chromium draws those of a Latin font)."""
    match = _PLAIN_SPACE_IN_ARABIC.search(text)
    return None if match is None else match.start()


def plain_spaces_sampled(text: str, samples: int = 9) -> list[int]:
    """Up to `samples` of the plain spaces (see plain_space) of `text`, spread evenly over
    them: a page's masthead, title or pull quote may be set in a font whose spaces the PDF
    draws otherwise than its body's (Chromium with SIL's Lateef: bold runs have no space
    glyph, regular ones do), so the page is judged by most of its spaces, not its first."""
    return spread(_PLAIN_SPACE_PLACES.places(text), samples)


def spread(items: list[int], samples: int) -> list[int]:
    """Up to `samples` of `items`, every k-th from the first, k the least that leaves no more
    (a page judged by places spread over it, not by its first lines: a masthead or couplet in
    another font opens it)."""
    return items[::-(-len(items) // samples)] if items else []


def _drawn(box: Box) -> bool:
    """Is this a glyph the PDF draws (a space pdfium makes up has no width)?"""
    return box[2] > box[0]


_LATIN_CHARS: Final = r"A-Za-z0-9\u00c0-\u024f"
_LATIN: Final = re.compile(f"[{_LATIN_CHARS}]")
_LETTERS: Final = "".join(sorted(ARABIC_LETTERS))
# A heh with the ezafe's hamza, which ends its word, glued to the next word's letter (or a ZWNJ
# between): pdfium read the two apart and no gap showed the space (Chromium with farsiweb's Homa:
# "دربارهٔآیندهٔ", the madda of "آ" reaching over the word space). Not a cluster that opens a word: one
# seated at the wrong word ("نهادهای هٔمدنی"), which a space would leave as wrong.
# (The heh first: see _UNJOINED.)
_EZAFE_GLUED: Final = re.compile(f"\u0647(?<=[{_LETTERS}]\u0647)\u0654\u200c?(?=[{_LETTERS}])")
# ... or a word of its own after a word's letters: the space pdfium's parts left before it (Chromium with
# Homa: "آیند هٔ"; "هٔ" alone is no word).
_EZAFE_APART: Final = re.compile(f" (?<=[{_LETTERS}] )(?=\u0647\u0654(?![{_LETTERS}\u064b-\u065f\u0670]))")
_MARKS: Final = "".join(sorted(ARABIC_MARKS))
_MARK: Final = re.compile(f"[{_MARKS}]")
# For _reattach_marks: a space with a mark among the three characters after it (see
# _spaces_after_glyph_pairs); a space beside a mark (see _is_phantom_space); a space between two
# Arabic letters (see _before_sunk_letter); a space between two characters neither of which is a
# space or a mark (see _word_gap). (Each opens with its space, looking behind after it: the regex
# engine scans for a plain first character, where a pattern that opens with a look-behind is tried
# at every position, some hundred instructions each.)
_SPACE_BEFORE_MARK: Final = re.compile(f" (?=[^{_MARKS}]{{0,2}}[{_MARKS}])")
_SPACE_BY_MARK: Final = re.compile(f" (?:(?<=[{_MARKS}] )|(?=[{_MARKS}]))")
_SPACE_BETWEEN_LETTERS: Final = re.compile(f" (?<=[{_LETTERS}] )(?=[{_LETTERS}])")
_WORD_SPACE: Final = re.compile(f" (?<=[^ {_MARKS}] )(?=[^ {_MARKS}])")
# What any of repair_line's rarer repairs needs (a mark; a bracket; a Latin letter, which
# _HYPHENATED_LATIN and _HYPHEN_THEN_LATIN_AT_END match), in one class.
MARK_BRACKET_OR_LATIN: Final = re.compile(f"[{_MARKS}()\\[\\]{{}}«»‹›A-Za-z]")
# ASCII characters between two letters: kashida strokes, or real characters glued on.
# (A pattern here looks behind after its first character: the regex engine scans a line
# quickly for a first character, where a look-behind first is tried at every position.)
# (Those with a printed character among them, found from that character: see _printed_runs;
# the runs of nothing but blanks, which are word spaces but for a font that maps its kashida
# to one, only between two letters that join.)
_PRINTED_BETWEEN_LETTERS: Final = re.compile(rf"[!-~](?<=[{_LETTERS}\t ][!-~])[\t -~]*(?=[{_MARKS}]*[{_LETTERS}])")
_BLANKS_IN_A_JOIN: Final = re.compile(rf"[\t ](?<=[{''.join(sorted(_JOINS_NEXT))}][\t ])[\t ]*"
                               rf"(?=[{_MARKS}]*[{''.join(sorted(_JOINS_BACK))}])")
# Letters that join the next one, each followed by a letter with forms: a ZWNJ may hide
# after each of them (the forms-letters include the joining ones: a match is a run).
# (One letter, then any more: a pattern that opens with a character class is scanned for fast.)
_ZWNJ_PLACES, _ZWNJ_PLACES_SHAPED = (
    re.compile(f"[{''.join(sorted(before))}][{''.join(sorted(before))}]*(?=[{''.join(sorted(after))}])")
    for before, after in ((_ZWNJ_BEFORE, _ZWNJ_AFTER), (_ZWNJ_BEFORE_SHAPED, _ZWNJ_AFTER_SHAPED)))
# The characters of a word (letters and marks), where a ZWNJ may hide (see _zwnj_candidates).
WORD_CHARACTERS: Final = "\u0621-\u065f\u066e-\u06d3\u06d5-\u06ff"  # inside a regex character class
# A hamza above read before a word's final heh, after a letter that takes none (pdfium's "مجموعٔه"
# for "مجموعهٔ": LibreOffice's cluster of the two in SIL's Harmattan, its mark's box over the
# letter before; see _hamza_onto_final_heh). A hamza above stands on a heh, yeh, waw or alef only.
# (The mark first: a pattern that opens with a look-behind is tried at every position.)
_HAMZA_BEFORE_FINAL_HEH: Final = re.compile("\u0654(?<=[{}]\u0654)\u0647(?![{}])".format(
    "".join(sorted(ARABIC_LETTERS - set("\u0647\u06c1\u06d5\u06cc\u064a\u06d0\u0648\u0627"))), WORD_CHARACTERS))
# A space before a heh that is a word of its own: no word is one heh (pdf._stretched_before_lone_heh,
# after a letter that joins the next one: "مقایس ه" for "مقایسه"). (A literal first: scanned for fast.)
LONE_HEH: Final = re.compile(rf" \u0647(?![{WORD_CHARACTERS}])")
# A word's final heh (a hamza above it or not) after a letter that joins it. LibreOffice draws it as a
# cluster of its own in SIL's fonts (Harmattan) and KACST's, and the gap before it, where
# justification stretched the join or the cluster's glyph stands off, is no ZWNJ: no word ends in a
# ZWNJ and a heh ("گفت‌هٔ" for "گفتهٔ", "مرحل‌هٔ"; see _restore_zwnj).
# (Final: before a space, a stop or the line's end; a kashida a font maps to a free code, "ه\x1cای", is none.)
FINAL_HEH_AFTER_JOIN: Final = re.compile(
    rf"\u0647(?<=[{''.join(sorted(_JOINS_NEXT))}]\u0647)(?=\u0654?(?:[ \xa0\n\r.،؛:!؟]|$))")
_WORD_CHARS: Final = frozenset(filter(re.compile(f"[{WORD_CHARACTERS}]").match, map(chr, range(0x621, 0x700))))
_YEHS: Final = frozenset("یي")
_ALEFS: Final = frozenset("اآأإٱ")
LIGATURE_PAIR_CLASSES: Final = _pair_classes()  # (see pdf._ligature_order)
_PAIR_FIRSTS: Final = ARABIC_LETTERS - _ALEFS - {"ء"}  # (see _turn_shared_pairs)
_LATIN_LETTER: Final = re.compile("[A-Za-z]")
_DIGITS: Final = frozenset("0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩")
_LAM_BEFORE_ALEF: Final = re.compile("ل(?=[اآأإٱ])")
# On a body line, a ZWNJ that the next letter's ink hides is looked for after every letter that
# joins the next one, where _zwnj_candidates would place it (the compiled reads find the places
# and read their origins in one call, see CompiledReads). It was looked for only after the
# letters most Dari ZWNJs follow (yeh, heh, noon, meem, beh) while each origin cost a call of
# its own; fresh texts hide it after others too: a final dad's or hah's tail reaches under the
# alef madda after it ("فیض‌آباد", "صلح‌آمیز"). A title's or caption's words, which the body
# seldom spells with a ZWNJ that zwnj_as_elsewhere could take, are looked at after every letter
# too. (One of the letters first: a pattern that opens with a class is scanned for fast; the
# rest looks around it.)
_COMMON_ZWNJ_PLACE: Final = re.compile(
    f"[{''.join(sorted(_ZWNJ_BEFORE))}](?<=[{WORD_CHARACTERS}].)(?=[{''.join(sorted(_ZWNJ_AFTER))}][{WORD_CHARACTERS}]|[یي](?![{WORD_CHARACTERS}]))")


def _gap_classes(before: frozenset[str], after: frozenset[str]) -> bytes:
    """The sets the ZWNJ repair's looks test (see ZwnjGapReader) as one byte per code point from
    U+0600 (which holds them all), for the compiled reads: bit 1, in `before` (a letter a ZWNJ
    may follow); bit 2, in `after` (one it may precede); bit 4, a letter _COMMON_ZWNJ_PLACE
    opens with (_ZWNJ_BEFORE); bit 8, a word character; bit 16, a yeh; bit 32, in _ZWNJ_AFTER
    (what _COMMON_ZWNJ_PLACE looks ahead for, on every page)."""
    return bytes((chr(c) in before) | 2 * (chr(c) in after) | 4 * (chr(c) in _ZWNJ_BEFORE)
                 | 8 * (chr(c) in _WORD_CHARS) | 16 * (chr(c) in _YEHS) | 32 * (chr(c) in _ZWNJ_AFTER)
                 for c in range(0x600, 0x700))


ZWNJ_GAP_CLASSES: Final = _gap_classes(_ZWNJ_BEFORE, _ZWNJ_AFTER)
ZWNJ_GAP_CLASSES_SHAPED: Final = _gap_classes(_ZWNJ_BEFORE_SHAPED, _ZWNJ_AFTER_SHAPED)  # (see _ZWNJ_AFTER_SHAPED)
_start: Final = re.Match.start
# A space or no-break space between a joining letter and a letter with forms (matched
# from the letter before it): a ZWNJ's glyph may come out so (XeTeX).
_SEPARATORS: Final = " \xa0"
_SEPARATOR, _SEPARATOR_SHAPED = (
    re.compile(f"[{''.join(sorted(before))}][ \xa0](?=[{''.join(sorted(after))}])")
    for before, after in ((_ZWNJ_BEFORE, _ZWNJ_AFTER), (_ZWNJ_BEFORE_SHAPED, _ZWNJ_AFTER_SHAPED)))
# A hyphen with no word on one side or the other: between spaces, or first or last on the line.
_DETACHED_HYPHEN: Final = re.compile(r"(?:(?<= )|^)-(?= |$)")
# A hyphen with a space on one side and an Arabic letter on the other (see _seat_glued_hyphens).
_HALF_DETACHED_HYPHEN: Final = re.compile(f"(?<= )-(?=[{_LETTERS}])|(?<=[{_LETTERS}])-(?= )")
_JOINING_HYPHEN: Final = re.compile(r"[^ ]-[^ ]")
# A Latin word with a hyphen or a slash: ASCII letters and digits, hyphens and slashes, and
# full stops inside it, a letter among them, as pdfium gives it, its parts in any order
# ("means-K", "-20T" for "T-20", "eps1-2.fig" for "fig1-2.eps", "bin/1/best/DE", and "20T"
# for "T20" with neither; see
# _order_hyphenated_latin, which keeps only an order with no hyphen, slash or stop at the
# word's edge). A stop at its end is the sentence's.
_HYPHENATED_LATIN: Final = re.compile(r"(?<![\w./-])(?=[A-Za-z0-9./-]*[A-Za-z])(?=[A-Za-z0-9.]*[-/])"
                               r"[A-Za-z0-9/-]+(?:\.[A-Za-z0-9/-]+)*(?![\w-])"
                               # or letters beside digits, alone ("20T" for "T20", "3MP"; not
                               # a piece of "cm1.4" or "2.8MikeTeX", whose order is another matter)
                               r"|(?<![\w./-])(?=[A-Za-z0-9]*(?:[A-Za-z][0-9]|[0-9][A-Za-z]))[A-Za-z0-9]+(?![\w./-])")
_WORD_EDGE_SIGNS: Final = "-./@"
# A Latin address or abbreviation: parts of ASCII letters and digits joined by stops, "@",
# hyphens or slashes, a stop at either end ("af.example@baghlan.relief", ".N.U"), as pdfium
# gives them in a right-to-left line (see _order_address_latin, which keeps only one with an
# "@" or two stops).
_ADDRESS_LATIN: Final = re.compile(r"(?<![\w./@-])\.?[A-Za-z0-9]+(?:[-./@][A-Za-z0-9]+)+\.?(?![\w/@-])")
# A stop between two Latin letters (the gate of _order_address_latin on a line with no "@").
_DOTTED_LETTERS: Final = re.compile(r"[A-Za-z]\.[A-Za-z]")
# Two Latin letters or digits in a row: a Latin word or a number (a kashida stroke that
# pdfium reads as an ASCII character is one character).
# A hyphen before a Latin word that ends the line (see _latin_hyphen_at_line_end).
_HYPHEN_THEN_LATIN_AT_END: Final = re.compile(r"(?<![\w-])-([A-Za-z]+)\s*$")
# Letters beside digits (the gate of _order_hyphenated_latin on a line with no hyphen or slash).
_LETTER_BY_DIGIT: Final = re.compile(r"[A-Za-z](?:(?=[0-9])|(?<=[0-9].))")
_LATIN_WORD_OR_NUMBER: Final = re.compile(f"[{_LATIN_CHARS}]{{2}}")
# A kaf right after a letter that joins the next one, or after such a letter and a mark (see
# _kerned_spaces). (The kaf first, looking behind: a pattern that opens with a class is scanned for fast.)
_JOINING: Final = "".join(sorted(_ZWNJ_BEFORE))
_KAF_AFTER_JOINING: Final = re.compile(f"[{''.join(sorted(KERNED_SPACE_BEFORE))}]"
                                f"(?:(?<=[{_JOINING}].)|(?<=[{_JOINING}][{_MARKS}].))")
# The kafs with no presentation forms (ڪ ګ): every match of _KAF_APART holds one, or a mark.
_FORMLESS_KAFS: Final = "".join(sorted(set(KERNED_SPACE_BEFORE) - _ZWNJ_AFTER))
# Such a kaf where the two are no ZWNJ place, so that no gap between them was measured yet:
# after a mark, or a kaf with no presentation forms (ګ).
# (One class of kafs first, the two cases looked behind: a pattern that opens with two classes
# in a branch is tried at every position.)
_KAF_APART: Final = re.compile(f"[{''.join(sorted(KERNED_SPACE_BEFORE))}](?:(?<=[{_JOINING}][{_MARKS}].)"
                        f"|(?<=[{_JOINING}][{_FORMLESS_KAFS}]))")
# A space after a letter that joins no next one, before a yeh (matched at the space).
_SPACE_YEHS: Final = "\u06cc\u064a\u06d0"  # (ی ي ې)
_SPACE_AFTER_UNJOINED: Final = re.compile(" (?<=[" + "".join(sorted(NON_LEFT_JOINING & ARABIC_LETTERS))
                                   + f"] )(?=[{_SPACE_YEHS}])")
# What every match of _SPACE_AFTER_UNJOINED holds: a space, then one of the yehs.
_SPACE_YEH: Final = tuple(" " + yeh for yeh in _SPACE_YEHS)
# A lam before a kaf (see _drop_lam_stems).
_LAM_KAF: Final = re.compile(f"ل[{''.join(sorted(KERNED_SPACE_BEFORE))}]")
# A space after a letter, before a lam-kaf pair (matched at the space): after one that joins the
# next one, or one that does not ("ټو لګي" for "ټولګي": the gap after a waw is no word space).
_SPACE_BEFORE_LAM_KAF: Final = re.compile(" (?<=[" + "".join(sorted(ARABIC_LETTERS)) + "] )(?=ل[کگګك])")
# A space between two Arabic letters that no ZWNJ's glyph could be: after a letter that joins
# no next one, or before one with no forms (see plain_space). Matched at the space, looking
# around: a pattern that opens with a plain character is scanned for at memory speed, where a
# letter class is tested at every character.
_PLAIN_SPACE_IN_ARABIC: Final = re.compile(
    f" (?:(?<=[{''.join(sorted(ARABIC_LETTERS - _ZWNJ_BEFORE))}] )(?=[{_LETTERS}])"
    f"|(?<=[{_LETTERS}] )(?=[{''.join(sorted(ARABIC_LETTERS - _ZWNJ_AFTER))}]))")
# A letter that joins no next one, before another letter, or two letters one of which has no
# presentation forms (ګ ړ ښ ...: no ZWNJ is looked for there), a digit beside a letter, or an
# Arabic comma or semicolon before one, a letter before a bracket or guillemet ("سازمان)FAO )", "او»هیچ"
# with SIL's Lateef, whose narrow space pdfium misses): pdfium may have missed a space there.
_NO_FORMS: Final = "".join(sorted(ARABIC_LETTERS - WITH_FORMS))
# (Each choice takes one character, so a place is found whichever takes it: the character is taken
# first, from the four choices' classes, and each choice looks behind at it, in their order. A pattern
# that opens with a class is scanned for fast, where one that opens with choices is tried at every
# position: 4.3 -> 3.7 ms a corpus pass here, where most characters are letters the class takes; 2-5
# times less for the patterns below that open with a rarer character.)
_UNJOINED: Final = re.compile(f"[{_LETTERS}{_MARKS}0-9۰-۹٠-٩،؛](?:(?<=["
                       + "".join(sorted((NON_LEFT_JOINING & ARABIC_LETTERS) | (ARABIC_LETTERS - WITH_FORMS)))
                       + f"])(?=[{_LETTERS}])|(?<=[{_LETTERS}])(?=[{_NO_FORMS}0-9۰-۹٠-٩()«»])"
                       + f"|(?<=[{_LETTERS}][{_MARKS}])(?=[{_LETTERS}])|(?<=[0-9۰-۹٠-٩،؛])(?=[{_LETTERS}]))")
# The places of patterns above, each of one character and its neighbours (or runs of them), as the
# compiled parser reads them (char_classes: a table of the same sets, one loop; the pattern's search else).
_UNJOINED_PLACES: Final = ClassPlaces(_UNJOINED, char_classes.table(
    ARABIC_LETTERS, (NON_LEFT_JOINING & ARABIC_LETTERS) | (ARABIC_LETTERS - WITH_FORMS),
    {*_NO_FORMS, *_DIGITS, *"()«»"}, ARABIC_MARKS, {*_DIGITS, *"،؛"}), [(0, 2, 1), (0, 1, 4), (1, 8, 1), (0, 16, 1)])
_SEPARATOR_PLACES: Final = ClassPlaces(_SEPARATOR, char_classes.table(_ZWNJ_BEFORE, _SEPARATORS, _ZWNJ_AFTER),
                                       [(1, 2, 4)], shift=1)
_SEPARATOR_SHAPED_PLACES: Final = ClassPlaces(_SEPARATOR_SHAPED, char_classes.table(
    _ZWNJ_BEFORE_SHAPED, _SEPARATORS, _ZWNJ_AFTER_SHAPED), [(1, 2, 4)], shift=1)
_SPACE_BETWEEN_LETTERS_PLACES: Final = ClassPlaces(_SPACE_BETWEEN_LETTERS, char_classes.table(ARABIC_LETTERS, " "),
                                                   [(1, 2, 1)])
_PLAIN_SPACE_PLACES: Final = ClassPlaces(_PLAIN_SPACE_IN_ARABIC, char_classes.table(
    ARABIC_LETTERS, ARABIC_LETTERS - _ZWNJ_BEFORE, ARABIC_LETTERS - _ZWNJ_AFTER, " "), [(2, 8, 1), (1, 8, 4)])
_ZWNJ_RUNS, _ZWNJ_RUNS_SHAPED = (ClassRuns(pattern, char_classes.table(before, after), 1, after=2)
                                 for pattern, before, after in ((_ZWNJ_PLACES, _ZWNJ_BEFORE, _ZWNJ_AFTER),
                                                                (_ZWNJ_PLACES_SHAPED, _ZWNJ_BEFORE_SHAPED,
                                                                 _ZWNJ_AFTER_SHAPED)))
_LAM_KAF_AT: Final = ClassPlaces(_LAM_KAF, char_classes.table("ل", KERNED_SPACE_BEFORE), [(0, 1, 2)])  # (the lam)
_LAM_BEFORE_ALEF_AT: Final = ClassPlaces(_LAM_BEFORE_ALEF, char_classes.table("ل", "اآأإٱ"), [(0, 1, 2)])
_SPACE_BY_MARK_AT: Final = ClassPlaces(_SPACE_BY_MARK, char_classes.table(ARABIC_MARKS, " "), [(1, 2, 0), (0, 2, 1)])
_SPACE_AFTER_UNJOINED_AT: Final = ClassPlaces(_SPACE_AFTER_UNJOINED, char_classes.table(
    NON_LEFT_JOINING & ARABIC_LETTERS, " ", _SPACE_YEHS), [(1, 2, 4)])
# A left-to-right word: no space, no Arabic letter, some Latin letter or digit (matched
# at its first one, so that a long word cannot be split many ways). A run is two or more
# of them, one space apart.
_LTR_WORD: Final = rf"[^ {_LETTERS}{_LATIN_CHARS}]*[{_LATIN_CHARS}][^ {_LETTERS}]*"
_ARABIC_PUNCT: Final = frozenset("،؛؟")
_LTR_RUN: Final = re.compile(rf"(?<![^ ]){_LTR_WORD}(?: {_LTR_WORD})+(?![^ ])")
# What every run holds: a Latin letter or digit, then (with no space or Arabic letter
# between) a space, then (the same) another Latin letter or digit.
_LTR_PAIR: Final = re.compile(rf"[{_LATIN_CHARS}][^ {_LETTERS}]* [^ {_LETTERS}]*[{_LATIN_CHARS}]")
_PUNCT_BEFORE_NUMBER: Final = re.compile(r"(?<!\S)([،؛:.!؟]+)([0-9۰-۹٠-٩][0-9۰-۹٠-٩/.,]*)(?!\S)")
_PUNCT_THEN_DIGIT: Final = re.compile(r"[،؛:.!؟][0-9۰-۹٠-٩]")  # what every match of the above holds
# An Arabic comma or semicolon that pdfium put before the Latin word it follows ("،A B" for
# "A، B", at the end of a right-to-left run): no word starts with one.
_ARABIC_COMMA_BEFORE_LATIN: Final = re.compile(r"(?<!\S)([،؛]+)([A-Za-z][\w.'’-]*)(?!\S)")
# A number, a space and an Arabic comma glued to a Latin word: "۲۲ ،ARI" for "ARI، ۲۲", two
# items of the right-to-left sentence (a Latin word, then a number after its comma, each a
# left-to-right run of its own) that pdfium read as one run in the order they stand on the page.
_NUMBER_THEN_COMMA_LATIN: Final = re.compile(r"(?<![^\s(])([0-9۰-۹][0-9۰-۹٫٬.,]*) ([،؛])([A-Za-z][\w.'’-]*)(?!\S)")
_ARABIC_COMMA_THEN_LATIN: Final = re.compile(r"[،؛][A-Za-z]")  # what every match of the above holds
_BRACKETS: Final = frozenset("«»()[]{}‹›")
_BRACKET_CLASS: Final = r"«»()\[\]{}‹›"  # _BRACKETS inside a regex character class
_BRACKET: Final = re.compile(f"[{_BRACKET_CLASS}]")
# For _side: a bracket or a blank (str.isspace's, as the regex engine's \s is); a line's text up to
# its last bracket (or blank) before a place; a blank.
_BRACKET_OR_BLANK: Final = re.compile(f"[{_BRACKET_CLASS}\\s]")
_LAST_BRACKET: Final = re.compile(f"(?s).*[{_BRACKET_CLASS}]")
_LAST_BRACKET_OR_BLANK: Final = re.compile(f"(?s).*[{_BRACKET_CLASS}\\s]")
_BLANK: Final = re.compile(r"\s")
# A round or square bracket with a space, another bracket or a line end on both sides.
# A Latin word one space (and punctuation) away: the word beside is one of a phrase.
_LATIN_NEIGHBOUR: Final = re.compile(r"[^\sA-Za-z0-9]* [^\sA-Za-z0-9]*[A-Za-z0-9]")
_LONE_BRACKET: Final = re.compile(r"[()\[\]](?:(?<=^.)|(?<=[\s()\[\]].))(?=[\s()\[\]]|$)")
# What every match of _STROKE_BEFORE_SPACE, _LTR_PAIR (see _order_latin_runs), _SPLIT_NUMBER,
# _LONE_BULLET and _BRACKET_OR_PUNCT holds (see repair_line): a Latin letter or digit (each one's
# first), a digit of the Arabic scripts, a bullet, or a bracket.
LATIN_DIGIT_BULLET_OR_BRACKET: Final = re.compile(
    f"[{_LATIN_CHARS}\u06f0-\u06f9\u0660-\u0669{_BULLETS}{_BRACKET_CLASS}]")
# (whether a line has one of these, as the compiled parser tells: see char_classes)
_BRACKET_AT: Final = ClassPlaces(_BRACKET, char_classes.table(_BRACKETS), [(0, 1, 0)])
MARK_BRACKET_OR_LATIN_AT: Final = ClassPlaces(MARK_BRACKET_OR_LATIN, char_classes.table(
    {*ARABIC_MARKS, *_BRACKETS, *string.ascii_letters}), [(0, 1, 0)])
LATIN_DIGIT_BULLET_OR_BRACKET_AT: Final = ClassPlaces(LATIN_DIGIT_BULLET_OR_BRACKET, char_classes.table(
    {*string.ascii_letters, *string.digits, *map(chr, range(0xC0, 0x250)), *map(chr, range(0x06F0, 0x06FA)),
     *map(chr, range(0x0660, 0x066A)), *_BULLETS, *_BRACKETS}), [(0, 1, 0)])
# What any of _BRACKET, _PUNCT_THEN_DIGIT and _ARABIC_COMMA_THEN_LATIN finds: one scan of a
# line for the three (it opens with a character class, which the engine scans for fast).
_BRACKET_OR_PUNCT: Final = re.compile(f"[{_BRACKET_CLASS}،؛:.!؟]"
                               f"(?:(?<=[{_BRACKET_CLASS}])|(?<=[،؛:.!؟])[0-9۰-۹٠-٩]|(?<=[،؛])[A-Za-z])")
# A bracket glued to a word, then a space and another word (the bracket in group 1); and the
# other way round. (The bracket or the space first: see _UNJOINED.)
_BRACKET_THEN_SPACE: Final = re.compile(f"([{_BRACKET_CLASS}])(?<=[^\\s{_BRACKET_CLASS}][{_BRACKET_CLASS}])"
                                      f" (?=[^\\s{_BRACKET_CLASS}])")
_SPACE_THEN_BRACKET: Final = re.compile(f" (?<=[^\\s{_BRACKET_CLASS}] )([{_BRACKET_CLASS}])(?=[^\\s{_BRACKET_CLASS}])")
# A bracket before or after a space (matched at the bracket: a pattern that opens with a
# character class is scanned for fast, where one that opens with alternatives is tried at
# every position).
_BRACKET_BY_SPACE: Final = re.compile(f"[{_BRACKET_CLASS}](?:(?= )|(?<= .))")
# A closing bracket after a word, a few words, an opening bracket before a word.
# (Not guillemets after a sentence's end: a quotation that an earlier line opened ends there.)
_SENTENCE_END: Final = ".!?؟"
_SPACED_OUT_PAIR: Final = re.compile(r"(?<=\S) ?([)\]}»›]) ([^ ()\[\]{}«»‹›][^()\[\]{}«»‹›]{0,60}?) ([(\[{«‹])(?=\S)")
# The same from its closing bracket on, which every match holds: a pattern that opens with a character
# class is scanned for fast, one that opens with a look-behind tried at every position of a paragraph
# (looked for first: most paragraphs hold none).
_SPACED_OUT_PAIR_AT_ITS_CLOSER: Final = re.compile(r"[)\]}»›] [^ ()\[\]{}«»‹›][^()\[\]{}«»‹›]{0,60}? [(\[{«‹](?=\S)")
# A pair of round brackets turned round with their spaces kept, in the order pdfium reads a
# parenthetical that opens with a number in Chromium's PDFs ("بهسودو) ۹۸ سلنه(، سرخرود" for
# "بهسودو (۹۸ سلنه)، سرخرود"): a closing one at the end of a word, then a space and a few
# words, and an opening one at the end of the last of them.
_GLUED_TURNED_PAIR: Final = re.compile(r"\)(?<=[^\s()]\)) ([^\s()][^()]{0,60}?)\((?=[\s،؛.:!؟]|$)")
# An opening bracket at the start of a word, after a word and a space.
# (Each of these three opens with the space or bracket it matches, looking behind for the word
# before it: one that opens with a look-behind is tried at every position of a paragraph.)
_OPENER_AFTER_SPACE: Final = re.compile(r" (?<=\S )([(\[«‹])(?=[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff])")
# Round or square opening brackets glued to the end of an Arabic-script word, before a space,
# punctuation or the end (see _glued_openers_closing).
_OPENERS_AT_WORD_END: Final = re.compile(
    r"[(\[](?<=[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff][(\[])[(\[]*(?=[\s،؛.:!؟]|$)")
# A list's item number at the end of a text, a word of its own ("، ۲" before "۲) بالا").
_ITEM_NUMBER_BEFORE: Final = re.compile(r"(?<![^\s،؛:.])[0-9۰-۹٠-٩]{1,3}$")
# A closing bracket at the end of a word, before a space and a letter.
_CLOSER_BEFORE_WORD: Final = re.compile(r"([)\]}»›])(?<=\S[)\]}»›]) (?=\w)")
# A closing bracket alone between spaces, then a few words and the same closing bracket at the
# end of a word ("سیسټم ) ASYCUDA) پلي"): the first one opens the pair, mirrored and moved.
_LONE_CLOSER_PAIR: Final = re.compile(r" (?<=\S )([)\]}»›]) ([^ ()\[\]{}«»‹›][^()\[\]{}«»‹›]{0,60}?)([)\]}»›])"
                               r"(?=[ ،؛.:!؟]|$)")  # (the second closer before a space, punctuation or the end)


# A footnote's mark stands half a letter's height up; a subscript ("H2", "x1") lower, a digit
# of the text's on the baseline.
RAISED_DIGITS: Final = 0.3
_Word = tuple[str, list[int]]  # a word's characters and their positions in the line
# Justified lines stretch word spaces to about one glyph height; a table's cells stand
# several apart.
CELL_GAP_HEIGHTS: Final = 4.0


def _order_latin_runs(chars: str, order: list[int], boxes: _Boxes,
                      read_objects: ObjectReader | None = None) -> tuple[str, list[int]]:
    """Put the words of each embedded left-to-right phrase back in left-to-right order.

    pdfium keeps the letters of a Latin word in order but gives the words of a Latin
    phrase inside a right-to-left line in right-to-left order ("Roman New Times"). Not
    every row of Latin words is a phrase, though: items of a right-to-left sentence
    ("R، G و B" typeset by XeTeX, a list of names) stand right to left on the page, and
    pdfium has them in order already. The boxes tell them apart: an Arabic comma or
    semicolon that stands between its word and the next word of the run to the right
    belongs to a phrase (LibreOffice and Word lay "R، G" out left to right, as the
    Unicode bidi rules say); anywhere else it makes its word an item of the sentence
    (XeTeX). A gap of several glyph heights is a table's cell border. Each phrase is
    put left to right, the phrases and items keep pdfium's order. Punctuation of the
    sentence that pdfium glued to a word of a phrase (the full stop after it, the
    quotes around it) stays outside the phrase. Where the PDF draws two words of a run as
    left-to-right runs of their own (see _drawn_runs), each is a phrase of its own.
    """
    if not _LTR_PAIR.search(chars):  # most lines: skip the look-behind scan below
        return chars, order
    runs = [m.span() for m in _LTR_RUN.finditer(chars)]
    if not runs:
        return chars, order
    boxes.need([order[k] for start, end in runs for k in range(start, end) if chars[k] != " "])
    for start, end in runs:  # each run keeps its length: the spans of the others hold
        words, at = [], start
        for word in chars[start:end].split(" "):
            words.append((word, order[at:at + len(word)]))
            at += len(word) + 1
        separator = order[start + len(words[0][0])]
        positions: list[int]
        text, positions = "", []
        phrases = _phrases(words, boxes)
        if read_objects is not None:
            phrases = _drawn_runs(phrases, chars, order, start, boxes, read_objects)
        for phrase in phrases:
            for group in _phrase_groups(phrase, boxes):
                if text:
                    text, positions = text + " ", positions + [separator]
                group_text, group_positions = _phrase(group, boxes, separator)
                text, positions = text + group_text, positions + group_positions
        chars = chars[:start] + text + chars[end:]
        order = order[:start] + positions + order[end:]
    return chars, order


def _phrases(words: list[_Word], boxes: _Boxes) -> list[list[_Word]]:
    """The run cut after each word that ends an item of the right-to-left sentence: one
    with an Arabic comma (semicolon, question mark) that belongs neither to the phrase nor
    to the end of it. Where that word has letters, the words pdfium has before it in the run
    (up to the last cut) are the item's too: pdfium reverses an item's words and glues the
    comma to the last (XeTeX's "Eagles Kabul، Sharks Amo" for "Kabul Eagles، Amo Sharks"). A
    number is an item of its own ("SHT] 24[،": a reference set right to left after its word)."""
    phrases: list[list[_Word]] = [[]]
    for word, positions in words:
        if any(ch in _ARABIC_PUNCT and _sentence_item(p, positions, words, boxes) for ch, p in zip(word, positions)):
            if _LATIN_LETTER.search(word):
                phrases[-1].append((word, positions))
                phrases.append([])
            else:
                phrases += [[(word, positions)], []]
        else:
            phrases[-1].append((word, positions))
    return [phrase for phrase in phrases if phrase]


# A number (a currency sign beside it: "2.5$"), a word of Latin
# letters (a unit's: "mg/kg") or a number that starts a run of them ("2023" of "June 2023"),
# brackets of the sentence glued on.
_NUMBER_WORD: Final = re.compile(r"[()\[\]]?[$€£]?[0-9]+(?:[.,][0-9]+)*[$€£]?")
_LETTERS_WORD: Final = re.compile(r"(?:[A-Za-z]+(?:/[A-Za-z]+)?|[0-9]+)[()\[\]]?")


def _space_apart(one: list[int], other: list[int], boxes: _Boxes) -> bool:
    """Do two words stand a word space apart (a justified line's, at most a glyph's height), not
    a table's columns?"""
    spans = sorted((min(boxes[p][0] for p in word), max(boxes[p][2] for p in word)) for word in (one, other))
    height = max(boxes[p][3] - boxes[p][1] for p in one + other)
    return spans[1][0] - spans[0][1] <= height


def _drawn_runs(phrases: list[list[_Word]], chars: str, order: list[int], start: int, boxes: _Boxes,
                read_objects: ObjectReader) -> list[list[_Word]]:
    """The phrases cut between two words that the PDF draws as two left-to-right runs.

    A number before a Latin word in a right-to-left sentence ("(200,000 IU)") is two runs
    by the Unicode bidi rules (the space between them is the sentence's), set right to
    left: on the page it looks just like the phrase "IU 200,000" set left to right, and
    pdfium gives both in one order. LibreOffice draws each run as a text object, its spaces
    as glyphs of it: on a page that draws its spaces (the caller's to know), where each of
    two words is one object of its own and pdfium made the space between them up (it has
    no object), the words are two runs and pdfium's order is theirs. (A page drawing every
    glyph as an object of its own, Chromium's, tells nothing: each word there is several.)
    """
    cut: list[list[_Word]] = []
    for phrase in phrases:
        if len(phrase) < 2:
            cut.append(phrase)
            continue
        # Each word's letters and digits (the sentence's brackets and stops glued to it aside)
        # and the space after it (the run's words are one space apart).
        cores = [[p for ch, p in zip(word, positions) if ch.isalnum()] for word, positions in phrase]
        spaces = [order[order.index(positions[-1], start) + 1] for _, positions in phrase[:-1]]
        objects = read_objects([p for core in cores for p in core] + spaces)
        drawn, at = [], 0
        for core in cores:
            drawn.append(set(objects[at:at + len(core)]))
            at += len(core)
        cut.append([phrase[0]])
        for w in range(1, len(phrase)):
            before, after, space = drawn[w - 1], drawn[w], objects[at + w - 1]
            if space is None and _NUMBER_WORD.fullmatch(phrase[w - 1][0]) and _LETTERS_WORD.fullmatch(phrase[w][0]) \
                    and len(before) == 1 and len(after) == 1 and None not in before | after and before != after \
                    and _space_apart(cores[w - 1], cores[w], boxes):
                cut.append([])
            cut[-1].append(phrase[w])
    return cut


def _sentence_item(at: int, positions: list[int], words: list[_Word], boxes: _Boxes) -> bool:
    """Does the Arabic comma at `at` make its word an item of the right-to-left sentence?

    Laid out left to right (as the Unicode bidi rules do between two Latin words), a
    phrase's own comma stands right of its word with another word of the run further
    right ("R، G"); the sentence's comma after a phrase stands left of its last word with
    no word of the run further left ("Washington Post،"). A comma anywhere else separates
    items of the sentence, set right to left (XeTeX: "jDE، SDE").
    """
    mark = boxes[at]
    letters = [boxes[p] for p in positions if p != at]  # a Latin character is there too
    others = [(min(boxes[p][0] for p in other), max(boxes[p][2] for p in other))
              for _, other in words if other is not positions]
    if mark[0] >= max(box[2] for box in letters) - 0.1:  # right of its word
        return not any(left >= mark[2] - 0.1 for left, _ in others)
    if mark[2] <= min(box[0] for box in letters) + 0.1:  # left of its word
        return any(right <= mark[0] + 0.1 for _, right in others)
    return True


def _phrase_groups(words: list[_Word], boxes: _Boxes) -> list[list[_Word]]:
    """The words of a run in groups that stand no more than a word space apart: the
    groups right to left (as pdfium has them), the words of each in pdfium's order."""
    spans = {w: (min(boxes[p][0] for p in positions), max(boxes[p][2] for p in positions))
             for w, (_, positions) in enumerate(words)}
    widest_gap = CELL_GAP_HEIGHTS * max(boxes[p][3] - boxes[p][1] for _, positions in words for p in positions)
    groups: list[list[int]] = []
    for w in sorted(spans, key=lambda w: spans[w][0]):
        if groups and spans[w][0] - spans[groups[-1][-1]][1] <= widest_gap:
            groups[-1].append(w)
        else:
            groups.append([w])
    return [[words[w] for w in sorted(group)] for group in reversed(groups)]


def _phrase(words: list[_Word], boxes: _Boxes, separator: int) -> tuple[str, list[int]]:
    """One group's words left to right, the sentence's punctuation around them kept outside."""
    cores: tuple[_Word, ...] | list[_Word]  # zip's, then sorted
    heads, cores, tails = zip(*(_sentence_punctuation(word, positions, boxes) for word, positions in words))
    cores = sorted(cores, key=lambda core: min(boxes[p][0] for p in core[1]))
    text = "".join(h[0] for h in heads) + " ".join(c[0] for c in cores) + "".join(t[0] for t in tails)
    positions = [p for h in heads for p in h[1]]
    for n, (_, core_positions) in enumerate(cores):
        positions += ([separator] if n else []) + core_positions
    return text, positions + [p for t in tails for p in t[1]]


def _order_hyphenated_latin(chars: str, order: list[int], boxes: _Boxes) -> tuple[str, list[int]]:
    """Each Latin word of a right-to-left line with its parts left to right.

    pdfium reverses the parts of a hyphenated Latin word inside a right-to-left line as it
    does the words of a Latin phrase ("Based-Computer" for "Computer-Based", "means-K" for
    "K-means"), and it takes the digits of "T-20" with the hyphen before them ("-20T"), the
    parts of a file name or a path either side of a stop or a slash turned round with them
    ("eps1-2.fig", "/1rand-to-current/DE"), and the digits after a word's letters with no
    hyphen ("20T" for "T20", "3MP"): the parts (runs of letters, runs of digits, one
    hyphen, slash or stop) are put in the order their boxes stand on the page, each part's
    characters as they are. An order that leaves a hyphen, slash or stop at the word's edge is
    not a word's ("dcpo-" before a Persian word on the next line stands left of "dcpo",
    rightly; a hyphen of the right-to-left text glued to the word): the word stays as pdfium
    gave it; so does one with its digits raised as a footnote's mark (see _raised_digits).
    Only words of ASCII letters and digits (with a letter):
    Arabic-Indic numbers either side of a hyphen stand right to left."""
    for match in _HYPHENATED_LATIN.finditer(chars):
        start, end = match.span()
        boxes.need(order[start:end])
        word, positions = _hyphen_parts_in_order(chars[start:end], order[start:end], boxes)
        if word[0] not in _WORD_EDGE_SIGNS and word[-1] not in _WORD_EDGE_SIGNS:
            chars, order = chars[:start] + word + chars[end:], order[:start] + positions + order[end:]
    return chars, order


def _order_address_latin(chars: str, order: list[int], boxes: _Boxes) -> tuple[str, list[int]]:
    """Each e-mail address, dotted web address and dotted abbreviation of a right-to-left line
    with its parts left to right.

    pdfium turns the parts of such a word round either side of each stop and "@" as it does a
    hyphenated word's ("org.example@baghlan.relief" for "relief.baghlan@example.org",
    "af.example.site.www", ".N.U" for "U.N."), though the bidi algorithm sets the whole of it
    as one left-to-right run: the parts go in the order their boxes stand (see
    _hyphen_parts_in_order). Only a word with an "@" or two stops; an order that leaves a sign
    at the word's edge is not a word's (a sentence's stop beside it), but a stop after single
    letters ("U.N.") is the abbreviation's own."""
    for match in reversed(list(_ADDRESS_LATIN.finditer(chars))):
        start, end = match.span()
        if "@" not in match[0] and match[0].count(".") < 2:
            continue
        boxes.need(order[start:end])
        word, positions = _hyphen_parts_in_order(chars[start:end], order[start:end], boxes)
        core = word[:-1] if re.fullmatch(r"(?:[A-Za-z]\.)+", word) else word
        if core[0] not in _WORD_EDGE_SIGNS and core[-1] not in _WORD_EDGE_SIGNS:
            chars, order = chars[:start] + word + chars[end:], order[:start] + positions + order[end:]
    return chars, order


def _latin_hyphen_at_line_end(chars: str, order: list[int], boxes: _Boxes) -> tuple[str, list[int]]:
    """A Latin word broken at its hyphen at the end of a right-to-left line, the hyphen after it.

    pdfium puts the hyphen before the word ("(-Computer" at a line's end, "Based Test)" on the
    next, for "(Computer-Based Test)": LibreOffice). Where its box stands right of the word's
    letters, as a Latin word's own hyphen does (a Latin run is set left to right), the word
    ends there: the hyphen goes after it."""
    m = _HYPHEN_THEN_LATIN_AT_END.search(chars)
    assert m is not None  # (the caller found it)
    hyphen, start, end = m.start(), m.start(1), m.end(1)
    boxes.need([order[hyphen], *order[start:end]])
    if boxes[order[hyphen]][0] < max(boxes[order[k]][2] for k in range(start, end)) - 0.1:
        return chars, order
    chars = chars[:hyphen] + chars[start:end] + "-" + chars[end:]
    return chars, order[:hyphen] + order[start:end] + [order[hyphen]] + order[end:]


def _hyphen_parts_in_order(word: str, positions: list[int], boxes: _Boxes) -> _Word:
    """`word` (see _order_hyphenated_latin) with its parts (runs of letters, of digits, a
    hyphen, slash or stop) in the order their boxes stand."""
    parts: list[tuple[str, list[int]]] = []
    for ch, p in zip(word, positions):
        last = parts[-1][0][-1] if parts else "-"
        if ch in _WORD_EDGE_SIGNS or last in _WORD_EDGE_SIGNS or ch.isdigit() != last.isdigit():
            parts.append((ch, [p]))
        else:
            parts[-1] = (parts[-1][0] + ch, parts[-1][1] + [p])
    if _raised_digits(parts, boxes):
        return word, positions
    parts.sort(key=lambda part: min(boxes[p][0] for p in part[1]))
    return "".join(part for part, _ in parts), [p for _, part in parts for p in part]


def _raised_digits(parts: list[tuple[str, list[int]]], boxes: _Boxes) -> bool:
    """Does a part of digits stand raised over the letters (a footnote's mark: XeTeX sets it
    on the right-to-left side of a Latin word, "1WYSIWYG", where pdfium's order is the page's)?"""
    letters = [boxes[p] for part, at in parts if part[0].isalpha() for p in at]
    digits = [boxes[p] for part, at in parts if part[0].isdigit() for p in at]
    if not letters or not digits:
        return False
    bottom = sorted(box[1] for box in letters)[len(letters) // 2]  # the baseline (descenders aside: "fig", "eps")
    height = max(box[3] - box[1] for box in letters)
    return min(box[1] for box in digits) - bottom > RAISED_DIGITS * height


def _sentence_punctuation(word: str, positions: list[int], boxes: _Boxes) -> tuple[_Word, _Word, _Word]:
    """(leading, core, trailing) of a word: punctuation pdfium put before the word that
    stands right of its letters, or after it that stands left of them, is the
    right-to-left sentence's, not the phrase's."""
    letters = [p for ch, p in zip(word, positions) if ch.isalnum()] or positions
    left, right = min(boxes[p][0] for p in letters), max(boxes[p][2] for p in letters)
    first, last = 0, len(word)
    while first < last and not word[first].isalnum() and boxes[positions[first]][0] >= right - 0.1:
        first += 1
    while last > first and not word[last - 1].isalnum() and boxes[positions[last - 1]][2] <= left + 0.1:
        last -= 1
    head, core, tail = (word[:first], positions[:first]), (word[first:last], positions[first:last]), \
        (word[last:], positions[last:])
    # An Arabic comma right of the letters is the phrase's own (it stays on the phrase's
    # side of the cut made by _phrases): it follows the word ("R،").
    inner = [n for n, ch in enumerate(head[0]) if ch in _ARABIC_PUNCT]
    if inner:
        core = (core[0] + "".join(head[0][n] for n in inner), core[1] + [head[1][n] for n in inner])
        head = ("".join(ch for n, ch in enumerate(head[0]) if n not in inner),
                [p for n, p in enumerate(head[1]) if n not in inner])
    return head, core, tail


def _seat_brackets(chars: str, order: list[int], boxes: _Boxes, em: float) -> tuple[str, list[int]]:
    """Put each bracket that pdfium set on the wrong side of its space beside the word it holds.

    A bracket's glyph stands against the word it opens or closes, a word space from the
    other one. pdfium may put the space on the other side ("د» دیوان" for "د «دیوان": Chromium
    with Noto Naskh Arabic): where the box of the bracket all but touches the Arabic-script
    word across the space and stands a word space or more from everything on the side it
    was glued to (up to the next bracket: a left-to-right run "(,,,A B =)" stands against
    its bracket with its far end), the bracket and the space change places. Which bracket
    it is (mirrored or not) is _unmirror's matter.
    """
    places = [(m.start(1), m.start(1) + 1) for m in _BRACKET_THEN_SPACE.finditer(chars)]
    places += [(m.start(1), m.start(1) - 1) for m in _SPACE_THEN_BRACKET.finditer(chars)]
    sides = {bracket: (_side(chars, bracket, 2 * bracket - space, False),
                       _side(chars, space, 2 * space - bracket, True)) for bracket, space in places}
    sides = {bracket: (glued, across) for bracket, (glued, across) in sides.items()
             if not ARABIC_LETTERS.isdisjoint(chars[q] for q in across)
             or _latin_phrase_bracket(chars, bracket, glued, across)}
    if not sides:
        return chars, order
    # A bracket moves only where every character on its glued side stands a word space or more
    # from it; the side's nearest character (first in `glued`) mostly touches it: the boxes of the
    # bracket, the word across and that character are read first, the rest of a side (up to the
    # rest of the line) only for a drawn bracket that its nearest character leaves so far apart.
    boxes.need([order[q] for bracket, (glued, across) in sides.items() for q in (bracket, glued[0], *across)])
    word_gap, swapped, new_order = SPACE_GAP_EM * em, list(chars), list(order)
    far = {bracket for bracket in sides if _drawn(boxes[order[bracket]])
           and _apart(boxes[order[bracket]], boxes[order[sides[bracket][0][0]]]) >= word_gap}
    if not far:
        return chars, order
    boxes.need([order[q] for bracket in far for q in sides[bracket][0][1:]])
    for bracket, space in places:
        if bracket not in far:
            continue
        box, (glued, across) = boxes[order[bracket]], sides[bracket]
        left, right = box[0], box[2]
        # (_apart written out; the first character nearer than a word space ends the look)
        apart_glued = math.inf
        for q in glued:
            other = boxes[order[q]]
            apart = max(left - other[2], other[0] - right)
            if not apart >= word_gap:
                break
            apart_glued = min(apart_glued, apart)
        else:
            if min(_apart(box, boxes[order[q]]) for q in across) < apart_glued / 2:
                swapped[bracket], swapped[space] = swapped[space], swapped[bracket]
                new_order[bracket], new_order[space] = new_order[space], new_order[bracket]
    return "".join(swapped), new_order


def _reseat_lone_brackets(chars: str, order: list[int], boxes: _Boxes, em: float) -> tuple[str, list[int]]:
    """Put each bracket that pdfium read apart from every word back beside the word it stands against.

    In a LibreOffice line justified with kashidas, pdfium may read the brackets of a
    parenthetical apart from their words ("۷ ) ( درجو سانتي ګراد" for "۷ درجو (سانتي ګراد)",
    "(ACB د شپګیزې ( )Shpageeza" for "(ACB) د شپګیزې (Shpageeza)"). A bracket with a space,
    another bracket or a line end on both sides whose box stands against (LONE_BRACKET_REACH_EM,
    less than a word space) exactly one letter at the edge of its word goes beside that word:
    before it where the bracket stands right of it, after it where left (a bracket takes the
    line's direction, beside a Latin word too; which bracket it is, mirrored or not, is
    _unmirror's matter), and one space beside its old place goes with it. Against a Latin
    phrase's left end it goes after the phrase, against its right end before it
    ("(ALCS 2016-2017 و ... ( )SDES": see _latin_phrase_edge). A bracket glued to
    another ("[]", "()") is left as printed."""
    lone = [m.start() for m in _LONE_BRACKET.finditer(chars)]
    boxes.need([order[k] for k in range(len(chars)) if not chars[k].isspace()])
    reach = LONE_BRACKET_REACH_EM * em
    for at in reversed(lone):
        box = boxes[order[at]]
        if not _drawn(box) or chars[at - 1:at] in _BRACKETS or chars[at + 1:at + 2] in _BRACKETS:
            continue
        where = _word_against(chars, order, boxes, box, reach)
        if where is None:
            continue
        bracket, position = chars[at], order[at]
        cut = at + 1 if at + 1 < len(chars) and chars[at + 1] == " " else at - (at > 0 and chars[at - 1] == " ")
        first, last = sorted((at, cut))
        chars, order = chars[:first] + chars[last + 1:], order[:first] + order[last + 1:]
        where -= (last - first + 1) if where > first else 0
        if cut > at and _bracket_s_own_space(chars, order, boxes, first - 1, em):
            chars, order = chars[:first - 1] + chars[first:], order[:first - 1] + order[first:]
            where -= 1 if where >= first else 0
        if cut > at and chars[first - 1:first] == " " and chars[first:first + 1] in _PUNCT_AFTER_A_WORD:
            # "3 ) . داروهای": the space before the bracket was its gap too, not a space before the
            # point ("3." a LibreOffice list's item mark, "۴ ) ( ." with a pair)
            chars, order = chars[:first - 1] + chars[first:], order[:first - 1] + order[first:]
            where -= 1 if where >= first else 0
        chars, order = chars[:where] + bracket + chars[where:], order[:where] + [position] + order[where:]
        if chars[where + 1:where + 2] == " " and chars[where + 2:where + 3] in _PUNCT_AFTER_A_WORD:
            # "سلنه) ، سرخرود": the gap the bracket left, which pdfium read as a space before the comma
            chars, order = chars[:where + 1] + chars[where + 2:], order[:where + 1] + order[where + 2:]
    return chars, order


_PUNCT_AFTER_A_WORD: Final = frozenset("،؛.:!؟")  # (a one-character slice: "" is in no frozenset)


def _bracket_s_own_space(chars: str, order: list[int], boxes: _Boxes, at: int, em: float) -> bool:
    """Is the space at `at`, left where a bracket read there was taken out with the space after
    it, one that pdfium made up around the bracket, between two Arabic letters whose ink stands
    closer than a word space? LibreOffice's kashida lines: "قباله ) های" for "قباله‌های" with
    "(" of the next words read inside the word, at its ZWNJ; the ZWNJ is _restore_zwnj's matter."""
    if chars[at:at + 1] != " " or at < 1 or chars[at - 1] not in ARABIC_LETTERS \
            or chars[at + 1:at + 2] not in ARABIC_LETTERS:
        return False
    boxes.need([order[at - 1], order[at + 1]])
    before, after = boxes[order[at - 1]], boxes[order[at + 1]]
    return _drawn(before) and _drawn(after) and before[0] - after[2] < SPACE_GAP_EM * em


def _word_against(chars: str, order: list[int], boxes: _Boxes, box: Box, reach: float) -> int | None:
    """Where a bracket whose glyph box is `box` goes in the line (see _reseat_lone_brackets):
    before the word whose right end it stands against, after the one whose left end; None
    where it stands against no such letter, or several."""
    middle = (box[1] + box[3]) / 2
    places = []
    for k, ch in enumerate(chars):
        latin = (ch.isascii() and ch.isalnum()) or ch in _NUMBER_CHARS
        if not (latin or ch in ARABIC_LETTERS) or not _drawn(boxes[order[k]]):
            continue
        letter = boxes[order[k]]
        if not letter[1] <= middle <= letter[3] or not -reach < _apart(box, letter) < reach:
            continue
        right_of = box[0] >= letter[2] - reach
        if latin:  # left to right (a number too): its last letter at its right end. Of a phrase (its words
            # in their order by now), the bracket stands against the first word's left end (and
            # goes after the phrase) or the last word's right end (and goes before it).
            at_edge = not _word_char(chars, k + 1 if right_of else k - 1, latin)
            start, end = _latin_word_edge(chars, k, -1), _latin_word_edge(chars, k, 1)
            if right_of:
                outer = not _LATIN_NEIGHBOUR.match(chars, end)
                place = _latin_phrase_edge(chars, start, -1)
            else:
                outer = not _LATIN_NEIGHBOUR.match(chars[::-1], len(chars) - start)
                place = _latin_phrase_edge(chars, end, 1)
            places.append(place if at_edge and outer and place is not None else None)
        else:  # its first letter at its right end
            at_edge = not _word_char(chars, k - 1 if right_of else k + 1, latin)
            places.append((k if right_of else k + 1) if at_edge else None)
    return places[0] if len(places) == 1 else None


def _word_char(chars: str, k: int, latin: bool) -> bool:
    """Is there a letter (of a Latin word or number: or digit, a number's sign) at `k`?"""
    if not 0 <= k < len(chars):
        return False
    return (chars[k].isascii() and chars[k].isalnum()) or chars[k] in _NUMBER_CHARS if latin else chars[k].isalpha()


# The digits and signs of a number in Arabic-Indic digits, which pdfium gives left to right as
# it does a Latin word (see _word_against).
_NUMBER_CHARS: Final = frozenset("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٪٫٬")


def _latin_phrase_edge(chars: str, at: int, step: int) -> int | None:
    """The start (`step` -1) or the end (1) of the Latin phrase whose word starts or ends at `at`:
    words one space apart. None where punctuation stands between two of them or glued to the
    phrase's edge (XeTeX's items of a sentence, "X, Y", whose order pdfium's text does not tell)."""
    while True:
        if step > 0:
            if not _LATIN_NEIGHBOUR.match(chars, at):
                return at if chars[at:at + 1] in ("", " ") else None
            if not _NEXT_LATIN_WORD.match(chars, at):
                return None
            at = _latin_word_edge(chars, at + 1, 1)
        else:
            if not _LATIN_NEIGHBOUR.match(chars[::-1], len(chars) - at):
                return at if chars[at - 1:at] in ("", " ") else None
            if not _NEXT_LATIN_WORD.match(chars[::-1], len(chars) - at):
                return None
            at = _latin_word_edge(chars, at - 2, -1)


_NEXT_LATIN_WORD: Final = re.compile("[ ][A-Za-z0-9]")


def _latin_word_edge(chars: str, k: int, step: int) -> int:
    """The start (`step` -1) or the end (1) of the Latin word with a letter at `k`."""
    while 0 <= k + step < len(chars) and (chars[k + step].isalnum() or chars[k + step] in "-.'’٪٫٬"):
        k += step
    return k if step < 0 else k + 1


def _latin_phrase_bracket(chars: str, bracket: int, glued: list[int], across: list[int]) -> bool:
    """Is the round bracket at `bracket` one that may close or open a Latin word across its
    space, glued by pdfium to the right-to-left text (a phrase broken over two lines: "Bank )نشان"
    for "Bank) نشان")? Not a square bracket or brace: "]15 [" is a reference's, a brace a
    macro's, whose order pdfium's text does not tell."""
    return chars[bracket] in "()" and any("A" <= chars[q] <= "z" and chars[q].isalpha() for q in across) \
        and not ARABIC_LETTERS.isdisjoint(chars[q] for q in glued)


def _side(chars: str, at: int, start: int, one_word: bool) -> list[int]:
    """The positions of the drawn characters from `start` on, away from `at` (the character
    beside it), up to a bracket or the line's end, or with `one_word` to a space too. (Where
    the side stops and its blanks, by regex: the side away from a bracket may be the rest of
    the line, a Python step a character.)"""
    if not 0 <= start < len(chars):
        return []
    if start > at:
        stop = (_BRACKET_OR_BLANK if one_word else _BRACKET).search(chars, start)
        first, end = start, len(chars) if stop is None else stop.start()
    else:
        stop = (_LAST_BRACKET_OR_BLANK if one_word else _LAST_BRACKET).match(chars, 0, start + 1)
        first, end = 0 if stop is None else stop.end(), start + 1
    found: list[int] = []
    if not one_word:  # (one word has no blank)
        for blank in map(_start, _BLANK.finditer(chars, first, end)):
            found.extend(range(first, blank))
            first = blank + 1
    found.extend(range(first, end))
    return found if start > at else found[::-1]


def _unmirror(text: str) -> str:
    """Turn round the brackets and guillemets that came out mirrored, and only those.

    pdfium mirrors every bracket of a right-to-left run. That is right where the PDF maps
    a bracket glyph to the character drawn (XeTeX), and wrong where it maps it to the
    character typed (LibreOffice, Word): the brackets of those come out turned round. The
    glyph boxes are the same either way; the text tells them apart. A turned-round bracket
    stands where its partner belongs: a closing one at the start of a word (")مثل" after
    a space) with no bracket open before it, an opening one at the end of a word ("مثل("
    before a space or punctuation) while one is open or with none to close it after it
    (a quotation that began on an earlier line). Only those are turned. pdfium also
    moves the space beside a bracket ("(Unicode )ستونزې", "د« دیوان»"): a bracket that
    closes or opens a pair from the wrong side of its space keeps its character and
    changes places with the space (or loses the space before it, where one follows too).
    """
    if not _BRACKET_AT.found(text):
        return text
    if ")" in text and _GLUED_TURNED_PAIR.search(text):  # (first: the look below would turn its opener)
        text = _turn_glued_pairs(text)
    chars = list(text)
    still_open: list[tuple[str, int]] = []  # the openers read so far and not closed yet, and where
    moved: list[tuple[int, int]] = []  # (bracket, space) whose places pdfium swapped
    for m in _BRACKET.finditer(text):  # (the brackets alone: a Python step each, not one a character)
        i, ch = m.start(), m[0]
        if ch in _CLOSERS:
            opener = _last_open(still_open, ch.translate(MIRRORED))
            if opener is not None:
                if _opens_a_word(text, i):
                    moved.append((i, i - 1))  # "(Unicode )ستونزې": the space goes after it
                elif text[i - 1:i] == " " and text[i + 1:i + 2] in ("", " ") and text[opener + 1:opener + 2] != " ":
                    chars[i - 1] = ""  # "(IEC ) هنوز": a mark that stood beside it has left
            elif _opens_a_word(text, i):
                chars[i] = ch.translate(MIRRORED)
                still_open.append((chars[i], i))
        elif ch in _OPENERS:
            closes = _closes_a_word(text, i)
            if closes and (any(c == ch for c, _ in still_open) or ch.translate(MIRRORED) not in text[i + 1:]
                           or _next_of_its_kind_opens(text, i, ch)):
                chars[i] = ch.translate(MIRRORED)
                _last_open(still_open, ch)
            elif _closes_from_the_next_word(text, i, ch, still_open):
                chars[i] = ch.translate(MIRRORED)  # "(ANDMA (وعده": "(ANDMA) وعده"
                _last_open(still_open, ch)
                if text[i + 1:i + 2] == " ":
                    chars[i - 1] = ""  # "(ANDMA ( وعده": the space after it is there already
                else:
                    moved.append((i, i - 1))
            else:
                still_open.append((ch, i))
                if closes and text[i + 1:i + 2] == " ":
                    moved.append((i, i + 1))  # "د« دیوان»": the space goes before it
    for bracket, space in moved:
        chars[bracket], chars[space] = chars[space], chars[bracket]
    return _swap_mirrored_spacing("".join(chars))


def brackets_across_lines(text: str) -> str:
    """A paragraph's text with the turned-round pairs that span two of its lines put right
    (see _swap_mirrored_spacing: each line was repaired on its own)."""
    if not _BRACKET_AT.found(text) or ARABIC_LETTERS.isdisjoint(text):
        return text
    return _swap_mirrored_spacing(text)


def _swap_mirrored_spacing(text: str) -> str:
    """"متحد) UNAMA (که" (or "متحد ) UNAMA (که") to "متحد (UNAMA) که": pdfium sometimes reads
    a parenthetical of a right-to-left line with its brackets and spaces turned round both
    (and "سیسټم ) ASYCUDA) پلي" with its opening one alone, see _lone_closer). Taken so only where
    the closing bracket closes nothing before it and the opening one is closed by nothing after."""
    if _LONE_CLOSER_PAIR.search(text):
        text = _LONE_CLOSER_PAIR.sub(lambda m: _lone_closer(text, m), text)
    if _CLOSER_BEFORE_WORD.search(text):
        text = _openers_moved_past_their_space(text)
    if _more_opened_than_closed(text):
        if _OPENER_AFTER_SPACE.search(text):
            text = _closers_moved_past_their_space(text)
        if _OPENERS_AT_WORD_END.search(text):
            text = _glued_openers_closing(text)
    if ")" in text and _GLUED_TURNED_PAIR.search(text):  # (a pair across two lines: see brackets_across_lines)
        text = _turn_glued_pairs(text)
    if not _SPACED_OUT_PAIR_AT_ITS_CLOSER.search(text) or not _SPACED_OUT_PAIR.search(text):
        return text
    def swap(m: re.Match[str]) -> str:
        before, after = text[:m.start()], text[m.end():]
        if m[3] != m[1].translate(MIRRORED):
            return m[0]
        alone = _nested_right(before, m[3], m[1]) and _stands_alone(text, m, m[1])
        if (m[3] in before or m[1] in after) and not alone:
            return m[0]  # (brackets of its kind around it, and it inside one of their pairs)
        if m[1] == ")" and _item_mark_at(text, m.start(1)):
            return m[0]  # "۲) بالا رفتن (قیمت": an item mark, and a pair that goes on to the next line
        if m[1] in "»›" and before.rstrip()[-1:] in _SENTENCE_END:
            return m[0]  # "دي.» هغه وپوښتل: «که": a quotation's end after its last sentence, the next one's start
        return f" {m[3]}{m[2]}{m[1]} "
    return _SPACED_OUT_PAIR.sub(swap, text)


def _item_mark_at(text: str, at: int) -> bool:
    """Is the bracket at `at` a list's item mark, after a number that is a word of its own
    ("۲) بالا": see _ITEM_NUMBER_BEFORE)?"""
    return _ITEM_NUMBER_BEFORE.search(text, max(0, at - 4), at) is not None


def _nested_right(text: str, opener: str, closer: str) -> bool:
    """Does each closer of the kind in `text` close a pair opened before it in `text`, and each
    opener get closed ("سلنه)، ... (۹ سلنه" does not: a pair that an earlier line opened)?"""
    depth = 0
    for ch in text:
        if ch == opener:
            depth += 1
        elif ch == closer:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _turn_glued_pairs(text: str) -> str:
    """"بهسودو) ۹۸ سلنه(، سرخرود" to "بهسودو (۹۸ سلنه)، سرخرود" (see _GLUED_TURNED_PAIR), where
    the pair stands alone (_stands_alone)."""
    return _GLUED_TURNED_PAIR.sub(lambda m: f" ({m[1]})" if _stands_alone(text, m, ")") else m[0], text)


def _stands_alone(text: str, m: re.Match[str], closer: str) -> bool:
    """Is the turned-round pair `m` (which opens with `closer`) inside no other pair of its kind
    (as many of its kind open as close before it, and after it), and not a list's item mark
    ("۲) بالا رفتن (قیمت": see _ITEM_NUMBER_BEFORE)? Then the brackets around it on the line are
    pairs of their own (turned round or not), which leave its reading alone."""
    opener = closer.translate(MIRRORED)
    before, after = text[:m.start()], text[m.end():]
    return before.count(opener) == before.count(closer) and after.count(opener) == after.count(closer) \
        and not _item_mark_at(text, text.index(closer, m.start()))


def _openers_moved_past_their_space(text: str) -> str:
    """"کړ. «زموږ ... یو.»" for "کړ.» زموږ ... یو.»": a closing bracket at the end of a word,
    before the next one, with no pair of its kind open before it and its own kind closed
    again further on (before any opens), is the opening one, mirrored and moved past its space.
    A round bracket right after a number that is a word of its own ("۱) کاهش ... ۲) بالا") is
    a list's item mark: it closes nothing and opens nothing, and pdfium reads it right."""
    moved: list[tuple[int, str]] = []  # (each match judged on the text as read: most move nothing, and
    # the text is rebuilt only for those that do)
    for m in _CLOSER_BEFORE_WORD.finditer(text):
        i, closer = m.start(1), m[1]
        opener = closer.translate(MIRRORED)
        if text.count(opener, 0, i) > text.count(closer, 0, i):
            continue  # it closes a pair
        if closer == ")" and _item_mark_at(text, i):
            continue  # "۲) بالا": an item mark
        # (its kind's next bracket, by str.find: a paragraph's rest, a Python step a character)
        closed_again, opened = text.find(closer, i + 1), text.find(opener, i + 1)
        if closed_again >= 0 and (opened < 0 or closed_again < opened):
            moved.append((i, opener))
    if not moved:
        return text
    chars = list(text)
    for i, opener in moved:
        chars[i], chars[i + 1] = " ", opener
    return "".join(chars)


def _more_opened_than_closed(text: str) -> bool:
    """Does the text hold more opening brackets or guillemets of a kind than closing ones
    (where an opener may stand for a closer: most paragraphs hold as many)?"""
    return text.count("(") > text.count(")") or text.count("«") > text.count("»") \
        or text.count("[") > text.count("]")


def _glued_openers_closing(text: str) -> str:
    """"دارد[( پر" for "دارد]) پر": round and square opening brackets glued to the end of an
    Arabic-script word (where no pair opens) are closing ones, each mirrored in its place, where
    a pair of its kind is open before it (opened on an earlier line: each line was repaired on
    its own; LibreOffice and Chromium, nested pairs closing together) and none of its kind
    closes after it before another opens."""
    chars = list(text)
    for m in _OPENERS_AT_WORD_END.finditer(text):
        for i in range(m.start(), m.end()):
            opener = text[i]
            closer = opener.translate(MIRRORED)
            if text.count(opener, 0, i) - text.count(closer, 0, i) <= 0:
                return text  # it closes no pair: leave the whole run as printed
            closed, opened = text.find(closer, i + 1), text.find(opener, i + 1)  # (see _openers_moved_...)
            if closed >= 0 and (opened < 0 or closed < opened):
                return text
        for i in range(m.start(), m.end()):
            chars[i] = text[i].translate(MIRRORED)
    return "".join(chars)


def _closers_moved_past_their_space(text: str) -> str:
    """"(Computer-Based Test (در" for "(Computer-Based Test) در": an opening bracket at the
    start of an Arabic-script word (not a formula's or code's), after a space, while a pair
    of its kind is open before it (opened on an earlier line: each line was repaired on its
    own) and none of its kind closes after it before another opens, is the closing one,
    mirrored and moved past its space."""
    chars = list(text)
    opened: dict[str, tuple[int, int]] = {}  # kind: (openers less closers before a place, the place)
    for m in _OPENER_AFTER_SPACE.finditer(text):
        i, opener = m.start(1), m[1]
        closer = opener.translate(MIRRORED)
        balance, at = opened.get(opener, (0, 0))  # (each stretch of the text counted once)
        balance += text.count(opener, at, i) - text.count(closer, at, i)
        opened[opener] = (balance, i)
        if balance <= 0:
            continue  # it opens a pair
        # (its kind's next bracket, by str.find: see _openers_moved_past_their_space)
        closed, opened_again = text.find(closer, i + 1), text.find(opener, i + 1)
        if closed < 0 or 0 <= opened_again < closed:
            chars[i - 1], chars[i] = closer, " "
    return "".join(chars)


def _lone_closer(text: str, m: re.Match[str]) -> str:
    """" (X)" for " ) X)", where nothing before the lone closer opens a pair it could close
    (a pair opened and closed before it, "(PSL) ... لیګ ) IPL)", leaves none open)."""
    before, opener = text[:m.start()], m[1].translate(MIRRORED)
    if m[1] != m[3] or before.count(opener) > before.count(m[1]):
        return m[0]
    return f" {m[1].translate(MIRRORED)}{m[2]}{m[3]}"


def _next_of_its_kind_opens(text: str, i: int, ch: str) -> bool:
    """Is the next bracket of the kind of the opener at i (either way round) a closer standing
    at the start of a word ("حافظ« او »کلیاتِ")? That one opens a pair, mirrored: then the one at
    i closes a pair, mirrored too, which an earlier line opened ("د «دیوانِ" then "حافظ» او
    «کلیاتِ"), and is no opener pdfium put across its space ("د« دیوان»", closed at a word's end)."""
    closer = ch.translate(MIRRORED)
    j, again = text.find(closer, i + 1), text.find(ch, i + 1)  # (str.find: no Python step a character)
    return j >= 0 and not 0 <= again < j and _opens_a_word(text, j)


def _closes_from_the_next_word(text: str, i: int, ch: str, still_open: list[tuple[str, int]]) -> bool:
    """Is the opener at i, after a space, the closer of the pair still open, mirrored and moved
    past its space ("(ANDMA (وعده")? So only where the same opener is open, nothing after it
    closes one, and the run since the open one holds no other bracket (no nesting to mistake)."""
    if text[i - 1:i] != " " or not text[i + 1:].strip() or ch.translate(MIRRORED) in text[i + 1:]:
        return False  # (an opener at a line's end may open what the next line closes)
    opened = [at for c, at in still_open if c == ch]
    return bool(opened) and not _BRACKET.search(text, opened[-1] + 1, i)


def _last_open(still_open: list[tuple[str, int]], opener: str) -> int | None:
    """Close the last `opener` still open: where it stands, or None when none is open."""
    for n in range(len(still_open) - 1, -1, -1):
        if still_open[n][0] == opener:
            return still_open.pop(n)[1]
    return None


def _opens_a_word(text: str, i: int) -> bool:
    """Does the character at i stand before a word, after a space (or the line's start)?"""
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return before.isspace() and not after.isspace() and after not in _CLOSING_PUNCT


def _closes_a_word(text: str, i: int) -> bool:
    """Does the character at i stand after a word, before a space, punctuation or the line's end?
    A control character after it is no word's ("2024(\x04 در": LibreOffice's footnote anchor,
    which normalising drops later): the one after that tells."""
    before = text[i - 1] if i else " "
    j = i + 1
    while j < len(text) and text[j] < " " and not text[j].isspace():
        j += 1
    after = text[j] if j < len(text) else " "
    return not before.isspace() and before not in _OPENERS and (after.isspace() or after in _CLOSING_PUNCT)

"""A line of a page that LuaTeX drew, read from where its glyphs stand (see `as_drawn`).

LuaTeX (babel's bidi, HarfBuzz) draws each right-to-left run in visual order and marks nothing
(pdf._visual_runs tells such a page: "unmarked"); pdfium reads the line in pieces in an order
of its own and makes up too few word spaces, in places of its own. Here the line is put back
together from its glyphs' boxes and pens, and the Unicode bidi rules are read backwards.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Final

from newsmon.parse.arabic import ARABIC_LETTERS, ARABIC_MARKS, NON_LEFT_JOINING, WITH_FORMS, ZWNJ, Box

JUMP_EMS: Final = 0.6  # ink further than this from the character read before it: pdfium jumped
SPACE_EMS: Final = 0.15  # parts of a line further apart than this have a word space between them

_BACK_EMS: Final = 0.3  # a glyph that starts further left than this of the one drawn before it begins a new piece


def as_drawn(text: str, chars: Sequence[int], read_boxes: Callable[[list[int]], list[Box]],
              read_pens: Callable[[list[int]], list[tuple[float, float]]], em: float) -> tuple[str, list[int]]:
    """The line of a page that LuaTeX drew (see pdf._visual_runs) in logical order, read from
    where its glyphs stand, and its characters.

    LuaTeX draws a line's glyphs left to right as they stand (each right-to-left run turned
    round by babel's bidi), but pdfium reads them in pieces and puts the pieces of a line
    in an order of its own ("هدنسیون۱۲.۰۶.۲۰۲۰ : یربکاامیس": the word "نویسنده", the date
    right of it, then the colon and name left of it). A piece is a run of characters each
    of which stands beside or right of the one read before it; the pieces put left to right
    give the line as drawn, and the Unicode bidi rules read backwards give its logical
    order (see logical_order). LuaTeX draws no word spaces, and pdfium makes up too few,
    in places of its own: the spaces go where the pen moved on (see _drawn_with_spaces).
    """
    boxes = read_boxes(list(range(len(text))))
    pens = read_pens(list(range(len(text))))
    text = "".join(ZWNJ if ch in _SPACES and _drawn_zwnj(pens, k) else ch for k, ch in enumerate(text))
    pieces: list[list[int]] = []
    for k, ch in enumerate(text):
        if ch in _SPACES:  # made up by pdfium, or drawn for no word space: see _drawn_with_spaces
            continue
        if pieces and _goes_on(boxes[pieces[-1][-1]], boxes[k], em):
            pieces[-1].append(k)
        else:
            pieces.append([k])
    pieces.sort(key=lambda piece: boxes[piece[0]][0])
    drawn = [k for piece in pieces for k in _by_pen(text, piece, pens)]
    drawn = _drawn_with_spaces(text, _marks_turned_round(text, drawn, boxes), boxes, pens, em)
    letters = sum(ch in ARABIC_LETTERS for ch in text)
    text += " "  # (at len(text): each space put in)
    order = logical_order(text, drawn, rtl=2 * letters >= sum(ch.isalpha() for ch in text))
    return "".join(text[k] for k in order), _space_chars(order, chars)


def _by_pen(text: str, piece: list[int], pens: list[tuple[float, float]]) -> list[int]:
    """The piece with its letters in the order of their pens (where each glyph starts), the
    other characters where they are: LuaTeX draws left to right, but pdfium may read a
    letter Amiri stacks on the one after it first (the "س" over the "خ" of "پاسخ")."""
    slots = [n for n, k in enumerate(piece) if text[k] in ARABIC_LETTERS]
    letters = sorted((piece[n] for n in slots), key=lambda k: pens[k][0])
    out = list(piece)
    for n, k in zip(slots, letters):
        out[n] = k
    return out


_SPACES: Final = " \xa0"


def _marks_turned_round(text: str, drawn: list[int], boxes: list[Box]) -> list[int]:
    """The positions `drawn` with each letter that pdfium read before its marks put after
    them, so that logical_order, turning the letters' run round, puts them after it again:
    "هٔ" + "ما" + "ع" gives "عامهٔ", not "عامٔه". A mark is the letter's where its box sits
    over or under the letter's, or is the part of the letter's glyph that pdfium split off
    for it (Scheherazade draws "هٔ" as one glyph: the mark's box ends where the letter's
    starts, with the same top and bottom)."""
    out = list(drawn)
    at = 0
    while at < len(out):
        end = at + 1
        if text[out[at]] in ARABIC_LETTERS:
            while end < len(out) and text[out[end]] in ARABIC_MARKS and _marks(boxes[out[at]], boxes[out[end]]):
                end += 1
        out[at:end] = out[at:end][::-1]
        at = end
    return out


def _marks(letter: Box, mark: Box) -> bool:
    """Is the mark with this box the letter's? (see _marks_turned_round)"""
    if letter[0] <= (mark[0] + mark[2]) / 2 <= letter[2]:
        return True
    return abs(mark[2] - letter[0]) < 0.01 and abs(mark[1] - letter[1]) < 0.01 and abs(mark[3] - letter[3]) < 0.01


def _drawn_zwnj(pens: list[tuple[float, float]], k: int) -> bool:
    """Is the space at `k` a ZWNJ that LuaTeX drew? It draws one as a glyph pdfium reads as
    a space (Amiri) or no-break space (Noto Naskh Arabic), a space wide, ending where the
    letter after it starts, so over the letter before it; a space that pdfium made up has
    no width."""
    start, end = pens[k]
    return end - start > 0.0 and k > 0 and start < pens[k - 1][1] - 0.5 * (end - start)


def _drawn_with_spaces(text: str, drawn: list[int], boxes: list[Box], pens: list[tuple[float, float]],
                       em: float) -> list[int]:
    """The positions `drawn` (left to right as they stand) with a space (len(text)) put
    between each two glyphs a word space apart: LuaTeX sets a word space as a move of the
    pen, no glyph, and draws each ZWNJ (see _drawn_zwnj). After a letter that joins the next
    one (the glyph left of it), a space is where their inks do not touch, as a joined
    letter's do: Amiri kerns the space before a kaf to a hundredth of an em or less ("به
    کتاب"), and a glyph whose ink reaches past its advance (a kaf's stroke) hides how far the
    pen moved. A letter with no presentation forms may be drawn unjoined, though ("ۍ" in
    DejaVu Sans): there the pen must have moved on too. Elsewhere a space is where the pen
    moved on more than a fraction of an em: the letters of a word stand apart after one
    that does not join ("ری", "وا"). A mark's pen tells nothing, and a glyph that maps to no
    text goes (see _NO_TEXT)."""
    out: list[int] = []
    last: int | None = None
    for k in drawn:
        if text[k] in ARABIC_MARKS:
            out.append(k)
            continue
        if last is not None and _word_space(text[last], text[k], boxes[last][2], boxes[k][0],
                                            (pens[k][0] - pens[last][1]) / em):
            at = len(out)
            while at and out[at - 1] < len(text) and text[out[at - 1]] in ARABIC_MARKS:
                at -= 1  # (before the marks of the letter, which follow them: see _marks_turned_round)
            out.insert(at, len(text))
        if text[k] != _NO_TEXT:  # (its pen counts: the ring of Amiri's "ګ" after a lam)
            out.append(k)
        last = k
    return out


def _word_space(left: str, right: str, left_ink: float, right_ink: float, pen_ems: float) -> bool:
    """Is there a word space between two glyphs side by side, `left` ending its ink at
    `left_ink`, `right` starting it at `right_ink`, the pen moved on `pen_ems` between
    them? (see _drawn_with_spaces)"""
    if _joins_next(right) and left in ARABIC_LETTERS:
        return right_ink > left_ink and (left in WITH_FORMS or pen_ems > _PEN_MOVED_EMS)
    return pen_ems > SPACE_EMS


_PEN_MOVED_EMS: Final = 0.005  # less is rounding (DejaVu's unjoined "ۍ" after a lam: -0.009 to 0.001 em)


def _joins_next(ch: str) -> bool:
    """Does the Arabic letter join the letter after it (the one left of it)?"""
    return ch in ARABIC_LETTERS and ch not in NON_LEFT_JOINING


_NO_TEXT: Final = "\ufffd"  # a glyph that maps to no text


def _space_chars(order: list[int], chars: Sequence[int]) -> list[int]:
    """pdfium's character of each position in `order`; a space put in (past the line's
    characters) takes the one before it (its box and pen tell nothing)."""
    out: list[int] = []
    for k in order:
        out.append(chars[k] if k < len(chars) else (out[-1] if out else chars[0]))
    return out


def _goes_on(before: Box, box: Box, em: float) -> bool:
    """Does a glyph with this box go on from the one drawn before it, left to right?"""
    return before[0] - _BACK_EMS * em <= box[0] <= before[2] + JUMP_EMS * em


# Arabic-Indic digits are an Arabic number (bidi class AN), which joins no Latin run: between
# them and a Latin word a space or sign takes the paragraph's direction, and "۲۵ mg/kg" stands
# as "mg/kg ۲۵", right to left (Chromium: European digits after Arabic letters are ambiguous,
# left alone).
_ARABIC_DIGITS: Final = frozenset("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹")


def logical_order(text: str, drawn: list[int], rtl: bool, numbers_apart: bool = False) -> list[int]:
    """The positions of the line's characters `drawn` (left to right as they stand) in
    logical order, in a right-to-left paragraph (`rtl`) or a left-to-right one: the bidi
    rules read backwards. A right-to-left paragraph is turned round but for each run of
    Latin letters and digits (with the spaces and punctuation between two of them: "A، B",
    "19.03.2019"), which keeps the order it stands in, and so does the hyphen TeX puts after
    the part of a Latin word it breaks at the end of the line (left of all else: "ASY-" of
    "(ASY-" + "CUDA)"); in a left-to-right one, each run of Arabic script (so bounded) is
    turned round. `numbers_apart`: the writer follows the Unicode bidi rules, under which a
    run of Arabic-Indic digits and one of Latin letters are two (see _ARABIC_DIGITS; a TeX
    engine sets them its own way)."""
    def other(k: int) -> bool:
        ch = text[k]
        return (ch.isalnum() and ch not in ARABIC_LETTERS) if rtl else (ch in ARABIC_LETTERS or ch in ARABIC_MARKS)
    segments: list[list[int]] = []
    run: list[int] = []  # a run of the other direction's characters
    held: list[int] = []  # neutrals after it, that belong to it if more of it follows
    for k in drawn:
        if numbers_apart and rtl and held and run and other(k) \
                and (text[k] in _ARABIC_DIGITS) != (text[run[-1]] in _ARABIC_DIGITS):
            segments += [run] + [[h] for h in held]  # Arabic-Indic digits and Latin: two runs (see _ARABIC_DIGITS)
            run, held = [k], []
        elif other(k) or (rtl and text[k] == "-" and run[:1] == drawn[:1] and not held):
            run += held + [k]  # (a hyphen after the Latin word the line ends with: TeX's, in the word)
            held = []
        elif run and not text[k].isalnum() and text[k] not in ARABIC_MARKS:
            held.append(k)
        else:
            segments += ([run] if run else []) + [[h] for h in held] + [[k]]
            run, held = [], []
    segments += ([run] if run else []) + [[h] for h in held]
    if rtl:
        return [k for segment in reversed(segments) for k in segment]
    return [k for segment in segments for k in (segment[::-1] if other(segment[0]) else segment)]

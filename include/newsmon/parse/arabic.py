"""Repair pdfium's text of Arabic-script lines using the glyph boxes.

pdfium gets Dari and Pashto mostly right, but word-processor PDFs leave four faults
that only geometry can undo:

- a ligature's letters come out reversed ("ال" for "لا", "هلل" for "لله"): they share
  one glyph box, which tells them from real letter pairs;
- a combining mark (hamza above "ٔ", vowel signs) drifts away from its letter, often
  with a zero-width space beside it: its box still sits on the letter it belongs to;
- ZWNJ (U+200C) is dropped: where it stood, a letter that joins to the next one does
  not touch it, so a visible gap between two letters of a word means a ZWNJ;
- inside a right-to-left line, the words of an embedded Latin phrase come out in
  right-to-left order, brackets and guillemets come out mirrored, and punctuation
  after a number lands before it;
- justified text stretched with kashidas yields stray ASCII characters between two
  letters ("5", "@", "B": whatever the font's kashida glyph maps to); their boxes are
  flat strokes on the baseline, which tells them from real characters.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

Box = tuple[float, float, float, float]  # left, bottom, right, top

ZWNJ = "\u200c"
# Letters that never join the letter after them: a gap after them is normal.
NON_LEFT_JOINING = frozenset("ءآأؤإاةدذرزژوۀډړږۍۇۈۉۋەٱٲٳٵۆ")
# Letters with no presentation forms (ټ ډ ړ ګ څ ...): PDFs shaped the old way draw them
# unjoined, so a gap beside them says nothing about ZWNJ.
_WITH_FORMS = frozenset(unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB50, 0xFEFF))
MIRRORED = str.maketrans("«»()[]{}<>‹›", "»«)(][}{><›‹")


ARABIC_LETTERS = frozenset(chr(c) for c in range(0x0620, 0x0700) if unicodedata.category(chr(c)) == "Lo")
ARABIC_MARKS = frozenset(chr(c) for c in range(0x0610, 0x0700) if unicodedata.category(chr(c)) == "Mn")


# A ZWNJ can stand between these two sets: after a letter that joins the next one, and
# before a letter, both with presentation forms (see _WITH_FORMS).
_ZWNJ_AFTER = ARABIC_LETTERS & _WITH_FORMS
_ZWNJ_BEFORE = _ZWNJ_AFTER - NON_LEFT_JOINING


def is_arabic_letter(ch: str) -> bool:
    return ch in ARABIC_LETTERS


def _is_mark(ch: str) -> bool:
    return ch in ARABIC_MARKS


# Joined letters overlap (-1.0 to -0.2 pt in LibreOffice and reportlab PDFs alike); at a
# ZWNJ the letters stand 1.2 pt or more apart.
ZWNJ_GAP_PT = 0.6


# The glyph boxes of the characters at some positions of a line.
BoxReader = Callable[[list[int]], list[Box]]


class _Boxes(dict[int, Box]):
    """Glyph boxes of one line by position, read from the PDF only where a repair looks.

    Each box is a call into pdfium, the parser's dearest step, and most characters never
    need one (a repair asks only at the places its text pattern points to).
    """

    def __init__(self, read: BoxReader) -> None:
        super().__init__()
        self._read = read

    def need(self, positions: list[int]) -> None:
        missing = list(set(positions) - self.keys()) if self else positions  # repeats are harmless
        if missing:
            self.update(zip(missing, self._read(missing)))


def repair_line(text: str, read_boxes: BoxReader) -> str:
    """The line's text with kashidas, ligatures, marks, Latin word order and ZWNJs put right.

    `read_boxes(positions)` gives the glyph boxes of those characters of `text`. The
    repairs work on the characters and, beside them, each one's position in `text`.
    """
    boxes = _Boxes(read_boxes)
    chars, order = text, list(range(len(text)))
    chars, order = _drop_kashidas(chars, order, boxes)
    chars, order = _fix_ligatures(chars, order, boxes)
    if _MARK.search(chars):
        chars, order = _reattach_marks(chars, order, boxes)
    chars, order = _order_latin_runs(chars, order, boxes)
    repaired = _unmirror(_restore_zwnj(chars, order, boxes, gap=ZWNJ_GAP_PT))
    if _PUNCT_THEN_DIGIT.search(repaired):  # rare: skip the look-behind scan of the others
        repaired = _PUNCT_BEFORE_NUMBER.sub(r"\2\1", repaired)
    return repaired


def _drop_kashidas(chars: str, order: list[int], boxes: _Boxes) -> tuple[str, list[int]]:
    """Remove kashida strokes that pdfium reports as ASCII characters inside a word.

    A stroke goes only when every ASCII character between the two letters is a stroke
    (flat on the baseline); one real character among them keeps them all.
    """
    runs = [m.span() for m in _ASCII_BETWEEN_LETTERS.finditer(chars)]
    if not runs:
        return chars, order
    boxes.need([p for start, end in runs for p in order[start - 1:end]])
    kept_chars, kept_order, at = [], [], 0
    for start, end in runs:
        strokes = [boxes[order[k]] for k in range(start, end)]
        if all(top - bottom < 0.6 * (right - left) for left, bottom, right, top in strokes):
            # The strokes joined the two letters: the letter before them reaches over
            # them, so no gap (no ZWNJ) is seen between the two.
            left, bottom, right, top = boxes[order[start - 1]]
            boxes[order[start - 1]] = (min(left, *(box[0] for box in strokes)), bottom, right, top)
            kept_chars.append(chars[at:start])
            kept_order.extend(order[at:start])
            at = end
    if at == 0:
        return chars, order
    kept_chars.append(chars[at:])
    kept_order.extend(order[at:])
    return "".join(kept_chars), kept_order


# Letter sequences drawn as one glyph, in logical order. LibreOffice PDFs give them to
# pdfium reversed, reportlab PDFs in order; only a reversed one is turned round.
LIGATURES = frozenset({"لا", "لآ", "لأ", "لإ", "لله", "الله"})


_REVERSED_LIGATURES = sorted({lig[::-1] for lig in LIGATURES} - LIGATURES, key=len, reverse=True)
_REVERSED_LIGATURE_AT = re.compile("(?=" + "|".join(_REVERSED_LIGATURES) + ")")
_REVERSED_LIGATURE = re.compile("|".join(_REVERSED_LIGATURES))


def _fix_ligatures(chars: str, order: list[int], boxes: _Boxes) -> tuple[str, list[int]]:
    """Turn round every ligature whose letters (sharing one glyph box) came out reversed.

    A reversed ligature is a run of letters with one box, begun and ended by letters
    with other boxes: only places whose text reads as a reversed ligature are measured.
    """
    if not _REVERSED_LIGATURE.search(chars):  # most lines: skip the look-ahead scan below
        return chars, order
    places = [(m.start(), lig) for m in _REVERSED_LIGATURE_AT.finditer(chars)
              for lig in _REVERSED_LIGATURES if chars.startswith(lig, m.start())]
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


def _reattach_marks(chars: str, order: list[int], boxes: _Boxes) -> tuple[str, list[int]]:
    """Move every combining mark right after the letter its box sits on.

    Rare (few lines carry marks), and a mark may sit on any letter: every box is read.
    """
    boxes.need(order)
    pairs = [(ch, boxes[p], p) for ch, p in zip(chars, order)]
    marks = [pair for pair in pairs if _is_mark(pair[0])]
    kept = [pair for i, pair in enumerate(pairs) if not _is_mark(pair[0]) and not _is_phantom_space(pairs, i)]
    for mark, box, position in marks:
        centre = (box[0] + box[2]) / 2
        hosts = [i for i, (ch, b, _) in enumerate(kept) if is_arabic_letter(ch) and b[0] - 0.5 <= centre <= b[2] + 0.5]
        if not hosts:
            continue  # a mark with no letter under it is noise
        host = min(hosts, key=lambda i: abs((kept[i][1][0] + kept[i][1][2]) / 2 - centre))
        while host + 1 < len(kept) and _is_mark(kept[host + 1][0]):
            host += 1
        kept.insert(host + 1, (mark, box, position))
    return "".join(ch for ch, _, _ in kept), [p for _, _, p in kept]


def _is_phantom_space(pairs: list[tuple[str, Box, int]], i: int) -> bool:
    """A zero-width space that pdfium generated next to a drifting mark."""
    ch, box, _ = pairs[i]
    if ch != " " or box[2] - box[0] > 0.01:
        return False
    return any(0 <= j < len(pairs) and _is_mark(pairs[j][0]) for j in (i - 1, i + 1))


def _restore_zwnj(chars: str, order: list[int], boxes: _Boxes, gap: float) -> str:
    """Put back the ZWNJ wherever two letters that would join stand apart.

    Only pairs of a joining letter and a letter with forms can hide a ZWNJ; a regex
    finds runs of such pairs, and only their letters' boxes are read.
    """
    runs = [m.span() for m in _ZWNJ_PLACES.finditer(chars)]
    boxes.need([p for start, end in runs for p in order[start:end + 1]])
    cuts = [p + 1 for start, end in runs for p in range(start, end)
            if boxes[order[p]][0] - boxes[order[p + 1]][2] > gap]
    if not cuts:
        return chars
    pieces = [chars[a:b] for a, b in zip([0, *cuts], [*cuts, len(chars)])]
    return ZWNJ.join(pieces)


_LATIN_CHARS = r"A-Za-z0-9\u00c0-\u024f"
_LATIN = re.compile(f"[{_LATIN_CHARS}]")
_LETTERS = "".join(sorted(ARABIC_LETTERS))
_MARK = re.compile("[" + "".join(sorted(ARABIC_MARKS)) + "]")
# ASCII characters between two letters: kashida strokes, or real characters glued on.
_ASCII_BETWEEN_LETTERS = re.compile(rf"(?<=[{_LETTERS}])[!-~]+(?=[{_LETTERS}])")
# Letters that join the next one, each followed by a letter with forms: a ZWNJ may hide
# after each of them (the forms-letters include the joining ones: a match is a run).
_ZWNJ_PLACES = re.compile("[" + "".join(sorted(_ZWNJ_BEFORE)) + "]+(?=[" + "".join(sorted(_ZWNJ_AFTER)) + "])")
# A left-to-right word: no space, no Arabic letter, some Latin letter or digit (matched
# at its first one, so that a long word cannot be split many ways). A run is two or more
# of them, one space apart.
_LTR_WORD = rf"[^ {_LETTERS}{_LATIN_CHARS}]*[{_LATIN_CHARS}][^ {_LETTERS}]*"
_LTR_RUN = re.compile(rf"(?<![^ ]){_LTR_WORD}(?: {_LTR_WORD})+(?![^ ])")
# What every run holds: a Latin letter or digit, then (with no space or Arabic letter
# between) a space, then (the same) another Latin letter or digit.
_LTR_PAIR = re.compile(rf"[{_LATIN_CHARS}][^ {_LETTERS}]* [^ {_LETTERS}]*[{_LATIN_CHARS}]")
_PUNCT_BEFORE_NUMBER = re.compile(r"(?<!\S)([،؛:.!؟]+)([0-9۰-۹٠-٩][0-9۰-۹٠-٩/.,]*)(?!\S)")
_PUNCT_THEN_DIGIT = re.compile(r"[،؛:.!؟][0-9۰-۹٠-٩]")  # what every match of the above holds
_BRACKET = re.compile(r"[«»()\[\]{}<>‹›]")


def _order_latin_runs(chars: str, order: list[int], boxes: _Boxes) -> tuple[str, list[int]]:
    """Put the words of each embedded left-to-right phrase back in left-to-right order."""
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
        words.sort(key=lambda w: min(boxes[p][0] for p in w[1]))
        chars = chars[:start] + " ".join(w for w, _ in words) + chars[end:]
        positions = words[0][1]
        for _, word_positions in words[1:]:
            positions = positions + [separator] + word_positions
        order = order[:start] + positions + order[end:]
    return chars, order


def _unmirror(text: str) -> str:
    """Brackets and guillemets between right-to-left letters are drawn mirrored: undo it."""
    if not _BRACKET.search(text):
        return text
    chars = list(text)
    for i, ch in enumerate(chars):
        if ch in "«»()[]{}<>‹›" and _strong_side(text, i, -1) != "ltr" and _strong_side(text, i, 1) != "ltr" \
                and "rtl" in (_strong_side(text, i, -1), _strong_side(text, i, 1)):
            chars[i] = ch.translate(MIRRORED)
    return "".join(chars)


def _strong_side(text: str, i: int, step: int) -> str | None:
    j = i + step
    while 0 <= j < len(text):
        if is_arabic_letter(text[j]):
            return "rtl"
        if text[j].isalpha():
            return "ltr"
        j += step
    return None

"""Punctuation that pdfium read away from where it stands, put back beside its word.

LibreOffice sets a right-to-left line in two fonts where the paragraph's font lacks the
letters (Noto Kufi Arabic for the letters, the paragraph's font for the stops, colons and
guillemets, or the other way round) and draws each font's glyphs as text objects of their
own. pdfium reads the objects in the order drawn and may give a stop at the line's start
(". کېږي، ورځ ... ګرځي د لارۍ" for "کېږي، ورځ ... ګرځي. د لارۍ") or several between two
words they do not belong to ("می‌گوید . : «ما", "لري. » « » « له بلې"), each with a space
of pdfium's own on both sides. Such a mark stands far from both its neighbours in the text
(further than drawn_order.JUMP_EMS of the type size), and where it stands tells its place:
in the gap between the two letters it stands between, glued to the nearer of the two words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from newsmon.parse.arabic import ARABIC_LETTERS, Box
from newsmon.parse.drawn_order import JUMP_EMS, SPACE_EMS

# The marks that are looked at (a word's stop or colon, a guillemet: each glued to a word), and
# those of them that open what follows (glued to the word after them).
PUNCTUATION: Final = ".:«»"
OPENING: Final = "«"
# A mark this near its word (of the type size: its side bearing and the letter's) is glued to it.
GLUED_EMS: Final = 0.25
# Two words a drawn space glyph apart stand at least this share of its width apart (see _word_space).
DRAWN_SPACE_SHARE: Final = 0.75
# What a run of such marks may hold besides (a bracket the mark was read after: ")." for "(X).").
_RUN: Final = PUNCTUATION + "()"
# Such a mark after a space or bracket (or opening a line), then a space: where pdfium puts one
# it read away from its place. (The mark first, then a look back: the regex engine scans a text
# quickly for a first character; a page's text is searched before any of its lines.)
LONE: Final = re.compile(f"[{PUNCTUATION}](?<=[ \\n()][{PUNCTUATION}])[{re.escape(_RUN)}]* ")


# What a page's text holds where a line of it may hold such a mark: a stop, colon or closing
# guillemet between spaces, or opening a line before a space (most pages: none). Two searches
# for a literal first character, which the regex engine scans for fast: LONE, which opens with
# a class of marks, costs three times as much over a page, where most are asked about.
_PAGE_LONE: Final = (re.compile(" [.:»] "), re.compile("\n[.:»] "))


def page_lone_punctuation(text: str) -> bool:
    """May a line of the page whose text is `text` hold a mark read away from its place (then
    lone_punctuation tells which lines)?"""
    return any(pattern.search(text) is not None for pattern in _PAGE_LONE)


def lone_punctuation(line: str) -> bool:
    """Does the line (or page) hold a mark that may have been read away from its place: one
    in a run of marks and brackets between spaces (see LONE), or opening the line?"""
    if line[:1] in PUNCTUATION and LONE.match(f" {line}", 1) is not None:
        return True
    return any(_alone(line, match.start()) for match in LONE.finditer(line))


def seat_displaced_punctuation(text: str, read_boxes: Callable[[list[int]], list[Box]],
                               read_fonts: Callable[[list[int]], list[int]], em: float) -> tuple[str, list[int]]:
    """The right-to-left line with each mark that stands alone between spaces (or opens the line)
    moved to where it stands, and the position in `text` of each character of the result: a mark
    (or bracket) far from both its neighbouring letters into the gap between the two words it
    stands between (see _seat), a mark beside its word glued to it. Only a mark beside an Arabic
    letter, set in another font than both its neighbouring letters (`read_fonts(positions)`: an
    identity of each one's font), and no dot of a leader or ellipsis is moved: TeX's dot leaders,
    "..." and section numbers ("2 . 1") stand apart as drawn. Any other stays as read."""
    inked = [k for k, ch in enumerate(text) if not ch.isspace()]
    box_at = dict(zip(inked, read_boxes(inked)))
    # What stands in the words read (not a control: LibreOffice maps its justification's kashidas
    # to one), and of it the letters and digits (no hyphen or mark: those may be read apart too).
    words = [k for k in inked if text[k] not in _RUN and text[k] > " "]
    letters = [k for k in words if text[k].isalnum()]
    if not letters:
        return text, list(range(len(text)))
    seats: dict[int, tuple[int, bool]] = {}
    for k, (before, after, same_font) in _movable(text, letters, read_fonts).items():
        near = [w for w in (before, after) if w is not None and _apart(box_at[k], box_at[w]) <= JUMP_EMS * em]
        if same_font and near:
            continue  # (see _movable)
        if not near:
            seat = _seat(box_at[k], _tokens(text, words), box_at)
            if seat in ((after, True), (before, False), (-1, before is None)):
                continue  # where pdfium read it (its spaces stay)
            if same_font and (seat is None or seat[0] < 0 or _apart(box_at[k], box_at[seat[0]]) >= GLUED_EMS * em):
                continue  # (see _movable)
        else:  # where pdfium read it, but spaced apart from its word: glued to it if it is near
            word = after if text[k] in OPENING else before
            glued = word in near and _apart(box_at[k], box_at[word]) < GLUED_EMS * em and text[k] in PUNCTUATION
            seat = (word, word == after) if glued and word is not None else None
        if seat is not None:
            seats[k] = seat
    if not seats:
        return text, list(range(len(text)))
    order = _without(text, set(seats), box_at, _word_space(text, read_boxes, em))
    places: dict[tuple[int, bool], list[int]] = {}
    for mark, place in seats.items():
        places.setdefault(place, []).append(mark)
    for (letter, before_it), marks in places.items():  # several at one place: right to left
        at = 0 if letter < 0 else order.index(letter) + (0 if before_it else 1)
        order[at:at] = sorted(marks, key=lambda mark: -box_at[mark][2])
    return "".join(text[k] for k in order), order


def _word_space(text: str, read_boxes: Callable[[list[int]], list[Box]], em: float) -> float:
    """How far apart two words of the line stand at least: drawn_order.SPACE_EMS of the type
    size, or DRAWN_SPACE_SHARE of the middle width of the space glyphs the line draws where that
    is more (Noto Kufi Arabic's space is 0.39 em wide, and a word's letters after a ZWNJ stand
    0.17 em off: "ماه . ها" for "ماه‌ها", where pdfium read a stop between them)."""
    widths = sorted(box[2] - box[0] for box in read_boxes([k for k, ch in enumerate(text) if ch == " "])
                    if box[2] > box[0])
    return max(SPACE_EMS * em, DRAWN_SPACE_SHARE * widths[len(widths) // 2]) if widths else SPACE_EMS * em


def _movable(text: str, letters: list[int], read_fonts: Callable[[list[int]], list[int]]) \
        -> dict[int, tuple[int | None, int | None, bool]]:
    """The marks of the line that may be moved (see seat_displaced_punctuation), each with the
    letters read right before and after it (None: none), and whether it is set in the font of
    both. One in their font is moved only from between two Arabic letters, far from both, to
    beside a word it touches (LibreOffice's .docx with DejaVu Sans draws a paragraph's last stop
    apart, and pdfium reads it after the line's first word: "انگیزهٔ . مردم ... کمتر خواهد شد")."""
    found: dict[int, tuple[int | None, int | None]] = {}
    for k, ch in enumerate(text):
        if ch not in _RUN or not _alone(text, k) or _in_a_leader(text, k) or _by_a_detached_hyphen(text, k):
            continue
        before = next((w for w in reversed(letters) if w < k), None)
        after = next((w for w in letters if w > k), None)
        if any(w is not None and text[w] in ARABIC_LETTERS for w in (before, after)):
            found[k] = (before, after)
    asked = sorted(set(found) | {w for pair in found.values() for w in pair if w is not None})
    font_at = dict(zip(asked, read_fonts(asked)))
    out: dict[int, tuple[int | None, int | None, bool]] = {}
    for k, (before, after) in found.items():
        if all(w is None or font_at[w] != font_at[k] for w in (before, after)):
            out[k] = (before, after, False)
        elif text[k] in _STOPS and before is not None and after is not None \
                and text[before] in ARABIC_LETTERS and text[after] in ARABIC_LETTERS:
            out[k] = (before, after, True)
    return out


_STOPS: Final = ".:"  # (a guillemet in the words' font stays where read: see _movable)


def _by_a_detached_hyphen(text: str, at: int) -> bool:
    """Is the character next to the mark at `at`, spaces aside, a hyphen between spaces? pdfium
    read that hyphen apart too, and repair_line puts it back by what stands around it (see
    arabic._place_hyphens, and _drop_kashidas, which takes a stroke run for a kashida unless
    a real character, such as this mark, stands in it): the two stay together."""
    before, after = text[:at].rstrip(), text[at + 1:].lstrip()
    return (before[-1:] == "-" and before[-2:-1] in ("", " ")) or (after[:1] == "-" and after[1:2] in ("", " "))


def _in_a_leader(text: str, at: int) -> bool:
    """Is the mark at `at` one of three or more of the same in a row, spaces aside ("...",
    ". . .": a leader or ellipsis; two stops read together at a line's end are no such run)?"""
    squeezed = text.replace(" ", "")
    k = len(text[:at].replace(" ", ""))
    start, end = k, k + 1
    while start and squeezed[start - 1] == text[at]:
        start -= 1
    while end < len(squeezed) and squeezed[end] == text[at]:
        end += 1
    return end - start >= 3


def _alone(text: str, at: int) -> bool:
    """Does the mark at `at` stand in a run of such marks and brackets between spaces (or the
    line's ends, or a line break)?"""
    start, end = at, at + 1
    while start > 0 and text[start - 1] in _RUN:
        start -= 1
    while end < len(text) and text[end] in _RUN:
        end += 1
    return (start == 0 or text[start - 1] in " \n") and (end == len(text) or text[end] in " \r")


def _apart(one: Box, other: Box) -> float:
    return max(one[0] - other[2], other[0] - one[2], 0.0)


def _tokens(text: str, words: list[int]) -> list[list[int]]:
    """The positions `words` in runs that no space of `text` parts (a line's words as read)."""
    out: list[list[int]] = [[words[0]]]
    for k in words[1:]:
        if " " in text[out[-1][-1] + 1:k]:
            out.append([k])
        else:
            out[-1].append(k)
    return out


def _seat(box: Box, tokens: list[list[int]], box_at: dict[int, Box]) -> tuple[int, bool] | None:
    """Where a mark standing at `box` goes: next to which letter (-1: at the line's start), and
    whether before it (else after it); None where it stands in no gap between two words read
    one after the other. Between two words it goes with the nearer one: after the first (a
    stop, a closing guillemet) or before the second (an opening guillemet). A word is measured
    by all its letters (a Latin word's last letter stands at its right)."""
    middle = (box[0] + box[2]) / 2
    reach = [(min(box_at[k][0] for k in token), max(box_at[k][2] for k in token)) for token in tokens]
    if middle > max(right for _, right in reach):
        return -1, True
    if middle < min(left for left, _ in reach):
        return tokens[-1][-1], False
    for n in range(len(tokens) - 1):  # right to left: the first of two stands right
        (first_left, _), (_, second_right) = reach[n], reach[n + 1]
        if second_right <= middle <= first_left:
            if box[0] - second_right < first_left - box[2]:
                return tokens[n + 1][0], True
            return tokens[n][-1], False
    return None


def _without(text: str, marks: set[int], box_at: dict[int, Box], space: float) -> list[int]:
    """The positions of `text` but the marks, and the spaces pdfium put around them: where
    marks are taken from between two words, one space stays if the words stand further apart
    than `space`, else none (pdfium read a mark inside a word: "ش . وې" for "شوې")."""
    out: list[int] = []
    removed = False  # whether a mark was taken out since the last character kept
    for k in range(len(text)):
        if k in marks:
            removed = True
            continue
        if text[k] != " ":
            if removed and out and text[out[-1]] == " " and _touching(text, out, k, marks, box_at, space):
                while out and text[out[-1]] == " ":
                    out.pop()
            removed = False
            out.append(k)
        elif out and text[out[-1]] != " ":
            out.append(k)
    while out and text[out[-1]] == " ":
        out.pop()
    return out


def _touching(text: str, out: list[int], at: int, marks: set[int], box_at: dict[int, Box], space: float) -> bool:
    """Do the word kept last in `out` and the one that starts at position `at` stand less than
    `space` apart (each measured by all its characters, a justified line's kashidas too)?"""
    end = len(out)
    while end and text[out[end - 1]] == " ":
        end -= 1
    start = end
    while start and text[out[start - 1]] != " ":
        start -= 1
    stop = at
    while stop < len(text) and text[stop] != " " and stop not in marks:
        stop += 1
    first = [box_at[k] for k in out[start:end] if k in box_at]
    second = [box_at[k] for k in range(at, stop) if k in box_at]
    if not first or not second:
        return True
    return _apart((min(b[0] for b in first), 0.0, max(b[2] for b in first), 0.0),
                  (min(b[0] for b in second), 0.0, max(b[2] for b in second), 0.0)) < space

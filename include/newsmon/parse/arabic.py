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
from collections.abc import Sequence

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


def repair_line(text: str, boxes: Sequence[Box]) -> str:
    """The line's text with ligatures, marks and ZWNJs put right."""
    pairs = list(zip(text, boxes))
    if _ASCII_VISIBLE.search(text):
        pairs = _drop_kashidas(pairs)
    if "ل" in text:
        pairs = _fix_ligatures(pairs)
    if any(ch in ARABIC_MARKS for ch in text):
        pairs = _reattach_marks(pairs)
    if _LATIN.search(text):
        pairs = _order_latin_runs(pairs)
    repaired = _restore_zwnj(pairs, gap=ZWNJ_GAP_PT)
    return _PUNCT_BEFORE_NUMBER.sub(r"\2\1", _unmirror(repaired))


def _drop_kashidas(pairs: list[tuple[str, Box]]) -> list[tuple[str, Box]]:
    """Remove kashida strokes that pdfium reports as ASCII characters inside a word."""
    def is_stroke(i: int) -> bool:
        ch, (left, bottom, right, top) = pairs[i]
        return "!" <= ch <= "~" and (top - bottom) < 0.6 * (right - left)

    keep = []
    for i, pair in enumerate(pairs):
        if is_stroke(i):
            before = next((pairs[j][0] for j in range(i - 1, -1, -1) if not is_stroke(j)), "")
            after = next((pairs[j][0] for j in range(i + 1, len(pairs)) if not is_stroke(j)), "")
            if is_arabic_letter(before) and is_arabic_letter(after) and keep:
                # The stroke joined the two letters: the letter before it reaches over it,
                # so no gap (no ZWNJ) is seen between the two.
                ch, box = keep[-1]
                keep[-1] = (ch, (min(box[0], pair[1][0]), box[1], box[2], box[3]))
                continue
        keep.append(pair)
    return keep


# Letter sequences drawn as one glyph, in logical order. LibreOffice PDFs give them to
# pdfium reversed, reportlab PDFs in order; only a reversed one is turned round.
LIGATURES = frozenset({"لا", "لآ", "لأ", "لإ", "لله", "الله"})


def _fix_ligatures(pairs: list[tuple[str, Box]]) -> list[tuple[str, Box]]:
    """Turn round every ligature whose letters (sharing one glyph box) came out reversed."""
    if not any(pairs[i][1] == pairs[i + 1][1] for i in range(len(pairs) - 1)):
        return pairs
    out: list[tuple[str, Box]] = []
    i = 0
    while i < len(pairs):
        j = i + 1
        while j < len(pairs) and pairs[j][1] == pairs[i][1] and is_arabic_letter(pairs[j][0]):
            j += 1
        run = pairs[i:j]
        letters = "".join(ch for ch, _ in run)
        reversed_ok = letters[::-1] in LIGATURES and letters not in LIGATURES
        out.extend(reversed(run) if reversed_ok and is_arabic_letter(run[0][0]) else run)
        i = j
    return out


def _reattach_marks(pairs: list[tuple[str, Box]]) -> list[tuple[str, Box]]:
    """Move every combining mark right after the letter its box sits on."""
    marks = [(ch, box) for ch, box in pairs if _is_mark(ch)]
    kept = [(ch, box) for i, (ch, box) in enumerate(pairs)
            if not _is_mark(ch) and not _is_phantom_space(pairs, i)]
    for mark, box in marks:
        centre = (box[0] + box[2]) / 2
        hosts = [i for i, (ch, b) in enumerate(kept) if is_arabic_letter(ch) and b[0] - 0.5 <= centre <= b[2] + 0.5]
        if not hosts:
            continue  # a mark with no letter under it is noise
        host = min(hosts, key=lambda i: abs((kept[i][1][0] + kept[i][1][2]) / 2 - centre))
        while host + 1 < len(kept) and _is_mark(kept[host + 1][0]):
            host += 1
        kept.insert(host + 1, (mark, box))
    return kept


def _is_phantom_space(pairs: list[tuple[str, Box]], i: int) -> bool:
    """A zero-width space that pdfium generated next to a drifting mark."""
    ch, box = pairs[i]
    if ch != " " or box[2] - box[0] > 0.01:
        return False
    return any(0 <= j < len(pairs) and _is_mark(pairs[j][0]) for j in (i - 1, i + 1))


def _restore_zwnj(pairs: list[tuple[str, Box]], gap: float) -> str:
    out: list[str] = []
    prev_ch, prev_left = "", 0.0
    for ch, box in pairs:
        if prev_ch in _ZWNJ_BEFORE and ch in _ZWNJ_AFTER and prev_left - box[2] > gap:
            out.append(ZWNJ)
        out.append(ch)
        prev_ch, prev_left = ch, box[0]
    return "".join(out)


_LATIN = re.compile(r"[A-Za-z0-9\u00c0-\u024f]")
_ASCII_VISIBLE = re.compile(r"[!-~]")
_PUNCT_BEFORE_NUMBER = re.compile(r"(?<!\S)([،؛:.!؟]+)([0-9۰-۹٠-٩][0-9۰-۹٠-٩/.,]*)(?!\S)")


def _order_latin_runs(pairs: list[tuple[str, Box]]) -> list[tuple[str, Box]]:
    """Put the words of each embedded left-to-right phrase back in left-to-right order."""
    words: list[list[tuple[str, Box]]] = [[]]
    for pair in pairs:
        if pair[0] == " ":
            words.append([pair])
            words.append([])
        else:
            words[-1].append(pair)
    tokens = [w for w in words if w]
    out: list[tuple[str, Box]] = []
    i = 0
    while i < len(tokens):
        if not _is_ltr_word(tokens[i]):
            out.extend(tokens[i])
            i += 1
            continue
        j = i
        while j + 2 < len(tokens) and tokens[j + 1][0][0] == " " and _is_ltr_word(tokens[j + 2]):
            j += 2
        run = tokens[i:j + 1:2]
        if len(run) > 1:
            run.sort(key=lambda w: min(b[0] for _, b in w))
            for n, word in enumerate(run):
                out.extend(word if n == 0 else tokens[i + 1] + word)
        else:
            out.extend(run[0])
        i = j + 1
    return out


def _is_ltr_word(word: list[tuple[str, Box]]) -> bool:
    text = "".join(ch for ch, _ in word)
    return text != " " and bool(_LATIN.search(text)) and not any(is_arabic_letter(ch) for ch in text)


def _unmirror(text: str) -> str:
    """Brackets and guillemets between right-to-left letters are drawn mirrored: undo it."""
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

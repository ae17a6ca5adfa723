"""Word spaces pdfium misses in a Latin-script line: read back from where the pen moved on.

TeX draws no space character: a word space is only a move of the pen, and pdfium makes one
up where the gap between two glyphs' inks looks wide enough. LuaTeX shrinks the spaces of a
justified line to ~0.11 em, and before a capital whose ink starts at its origin (A, W) the
gap between inks is then too narrow for pdfium: "aid toAfghanistan", "TheWorld". Inside a
word the pen goes on from one glyph's advance to the next one's origin, give or take a kern
(< 0.02 em in every PDF here) or the letter spacing the whole line has (a typewriter face
set 0.076 em apart); a pen that moved on further than that is a word space.

Only where a lower-case letter or a sentence's or clause's punctuation runs straight into a
capital is the pen read: anywhere else the text gives no hint of a missed space, and reading
two pens a character of every Latin line would cost more than the rare miss is worth (in
words like "McCue" or "YouTube", and abbreviations like "U.S.A." or "e.V.", the pen does not
move on, so they stay whole).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

# A lower-case letter, or the punctuation that ends a word's sentence or clause (right after
# a letter or digit), then a capital (Latin, with the accented letters of Latin-1):
# "gefunden.Afghanistan", "will,Asian". (A space pdfium made up before the punctuation is no
# word's end: in a letter-spaced listing, "Arabic ,Scale", the pen tells nothing there.) No
# look-behind: searched for in every line with no Arabic script, it costs a third less so.
_LOWER, _UPPER, _PUNCTUATION = "a-zß-öø-ÿ", "A-ZÀ-ÖØ-Þ", ".,;:!?"
_INTO_A_CAPITAL: Final = re.compile(f"[{_LOWER}{_PUNCTUATION}][{_UPPER}]")
# Each byte of Latin-1 as its case: "a" for a letter of _LOWER or the punctuation (what may run
# into a capital), "A" for one of _UPPER, else " ". "?" stays " ": it also stands for every
# character beyond Latin-1 (see capital_joints).
_CASES: Final = bytes(ord("a") if re.fullmatch(f"[{_LOWER}]", chr(b)) or chr(b) in _PUNCTUATION[:-1]
               else ord("A") if re.fullmatch(f"[{_UPPER}]", chr(b)) else ord(" ") for b in range(256))
MISSED_EMS: Final = 0.05  # a pen that moved on this much further than inside the word: a word space


def capital_joints(text: str) -> list[int]:
    """The positions in `text` of the capitals that follow a lower-case letter or punctuation
    straight on: where a word space may be missing."""
    # Most lines have none: told from the line's Latin-1 bytes (one a character, "?" for those
    # beyond, which is neither case) as cases, at memory speed, where the regex tests each
    # character against its classes; a line with a real "?" goes to the regex.
    if b"aA" not in text.encode("latin-1", "replace").translate(_CASES) and "?" not in text:
        return []
    return [m.start() + 1 for m in _INTO_A_CAPITAL.finditer(text)
            if text[m.start()] not in _PUNCTUATION or (m.start() > 0 and text[m.start() - 1].isalnum())]


def with_missed_spaces(text: str, joints: list[int],
                       read_pens: Callable[[list[int]], list[tuple[float, float]]], em: float) -> str:
    """`text` with a word space before each capital at `joints` (see capital_joints) where
    the pen moved on from the letter before it further than MISSED_EMS of an em (`em`, in the
    page's units) over what it moved on between the two letters before that (the line's own
    letter spacing; none where the letter before begins its word). `read_pens` gives the
    (origin, end of advance) of the characters at the positions it is given. A gap of an em
    or more is not a word space missed but a line pdfium put together from pieces: left."""
    positions = sorted({p for k in joints for p in (k - 2, k - 1, k) if p >= 0})
    pens = dict(zip(positions, read_pens(positions)))
    out, last = [], 0
    for k in joints:
        gap = pens[k][0] - pens[k - 1][1]
        spacing = pens[k - 1][0] - pens[k - 2][1] if k >= 2 and text[k - 2].isalpha() else 0.0
        if MISSED_EMS * em < gap - max(spacing, 0.0) and gap < em:
            out += [text[last:k], " "]
            last = k
    return "".join(out) + text[last:] if out else text

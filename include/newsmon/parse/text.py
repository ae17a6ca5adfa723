"""Text normalisation for multilingual article text.

PDF text of Arabic-script languages arrives with presentation forms, Arabic instead of
Persian letter variants, bidi controls and word-processor artifacts. Everything
downstream (language detection, search, hashing, validation) needs one canonical form,
so it is made here and only here.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from itertools import chain
from typing import Final

from newsmon.parse import char_classes
from newsmon.parse.arabic import WORD_CHARACTERS
from newsmon.parse.char_classes import ClassRuns

ZWNJ: Final = "\u200c"
TATWEEL: Final = "\u0640"

# Bidi embedding/override/isolate controls and marks; ZWNJ (U+200C) is kept on purpose.
# A regex rather than str.translate: a dict-driven translate visits every character in
# Python-level lookups, and most lines have no control to remove.
_BIDI_CONTROLS: Final = re.compile("[\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c\ufeff]")
# Dari writes Persian yeh and kaf; Pashto keeps Arabic yeh "ي" as a letter of its own
# (verb and plural endings), so only kaf and alef maksura are folded there. Pairs for
# str.replace, which runs at memory speed where a dict-driven translate does not.
_LETTER_FORMS: Final = {
    "fa": (("ي", "ی"), ("ى", "ی"), ("ك", "ک"), ("ە", "ه")),
    "ps": (("ى", "ی"), ("ك", "ک"), ("ە", "ه")),
}
_ARABIC_LETTER: Final = r"[\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff]"
_HAS_ARABIC_LETTER: Final = re.compile(_ARABIC_LETTER)
# The characters of _ARABIC_LETTER's class, all in the Arabic block (a line's first one is looked
# up before the scan), taken from the class itself.
_ARABIC_LETTER_SET: Final = frozenset(filter(_HAS_ARABIC_LETTER.match, map(chr, range(0x600, 0x700))))
# Where LibreOffice stretched a kashida between two letters, pdfium returns a stray
# character, repeated per stretched glyph: an ASCII digit, "@", ":" (which one depends on
# the font) or U+0019. The parser's line repair drops those whose glyph boxes show a
# stroke (newsmon.parse.arabic); this text-only rule is the fallback for text that comes
# without boxes, and takes only what no real text holds: a digit or U+0019 glued between
# two letters of a word. An "@" or "#" stays: real text has them there (TeX macro names
# such as "\دوپن@پنج" in a XeTeX Persian manual).
_KASHIDA_ARTIFACT: Final = re.compile(rf"(?<={_ARABIC_LETTER}){TATWEEL}*([0-9\x19])\1*{TATWEEL}*(?={_ARABIC_LETTER})")
_KASHIDA_MARK: Final = re.compile("[0-9\x19]")
_PRESENTATION_FORMS: Final = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")
_FORM_OR_KASHIDA_MARK: Final = re.compile("[0-9\x19\ufb50-\ufdff\ufe70-\ufeff]")  # either of the two above
# Each UTF-16 code unit's high byte is [HIGH_BYTE_START::2] of the bytes of str.encode("utf-16"):
# str.encode's own path, in the machine's byte order after a byte order mark (other names go through
# the codec registry, a thousand instructions more). (A start, not a slice object kept in a name:
# mypyc's build reads bytes[name] as an index.)
HIGH_BYTE_START: Final = 3 if sys.byteorder == "little" else 2
# C0 controls, DEL and the C1 controls: fpdf2 maps a piece of a Pashto letter it draws apart to
# U+0085 ("ټو\x85لګي" for "ټولګي"), which str.split() takes for a space.
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# (Runs as X X*: a pattern that opens with a repeat is tried at every position, one that opens
# with a class is scanned for it.)
_CONTROLS: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f][\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*")
# (count_controls)
_KASHIDA_CONTROLS: Final = re.compile(f"(?<={_ARABIC_LETTER})[\x01-\x08\x0e-\x1f\x80-\x9f]+(?={_ARABIC_LETTER})")
_SPACES: Final = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000][ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]*")
_OTHER_SPACE: Final = re.compile(r"[\t\u00a0\u2000-\u200b\u202f\u205f\u3000]")
# Ghostscript's pdfwrite writes the character map of a Latin ligature glyph ("fi", "ff", "fl")
# with each letter's two bytes swapped: pdfium then reads each letter as the CJK ideograph
# U+XX00, XX its ASCII code ("昀椀fth" for "fifth", "o昀昀icials", "Ge昀氀üchtete"). Such a run
# of swapped ASCII letters against a Latin letter, in a text with no other CJK character, is
# those letters (`unswap_ligatures`). Raw pdfium text has them as ideographs.
_SWAPPED: Final = "".join(chr(code << 8) for code in (*range(ord("A"), ord("Z") + 1), *range(ord("a"), ord("z") + 1)))
_LATIN_LETTER: Final = "[A-Za-z\u00c0-\u024f]"
_SWAPPED_RUN: Final = re.compile(f"(?<={_LATIN_LETTER})[{_SWAPPED}]+|[{_SWAPPED}]+(?={_LATIN_LETTER})")
# One swapped letter, what every match of _SWAPPED_RUN holds: a pattern that opens with a class
# is scanned for fast, where the look-behind that opens _SWAPPED_RUN is tried at every position.
_SWAPPED_LETTER: Final = re.compile(f"[{_SWAPPED}]")
_CJK: Final = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def fold_presentation_forms(text: str) -> str:
    """Arabic presentation forms (shaped glyphs) to base letters, leaving other text as is."""
    if not _PRESENTATION_FORMS.search(text):
        return text
    return _PRESENTATION_FORMS.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def has_arabic_script(text: str) -> bool:
    # An ASCII text (a flag of the string, not a scan) has none: most lines of Latin-script text.
    if text.isascii():
        return False
    if text[0] in _ARABIC_LETTER_SET:  # most Arabic-script lines open with a letter
        return True
    # A Latin-1 text (German or French: one byte a character, which the encoder copies as it is)
    # has none either, where the scan tested each of its characters.
    return len(text.encode("latin-1", "ignore")) < len(text) and _HAS_ARABIC_LETTER.search(text) is not None


def count_controls(text: str) -> int:
    """How many control characters (not tab or line breaks) the text holds: glyphs a font maps
    to control codes, which normalize_text drops, so that a judge of the text never sees them.
    Those between two Arabic letters are not counted: a kashida glyph that LibreOffice maps to
    a free code ("بایومتری\x1bک", "س\x1cال" in justified lines), dropped as any control, leaves
    the word whole (a justified page held 3 % of them, and its text was warned of as garbled)."""
    # Printable text has none (a scan at memory speed, where a regex tests each character): an
    # ASCII or Latin-script text as a rule, and Persian text once its ZWNJs (no printable) are out.
    if text.isprintable() or (ZWNJ in text and text.replace(ZWNJ, "").isprintable()):
        return 0
    return sum(map(len, _CONTROLS.findall(text))) - sum(map(len, _KASHIDA_CONTROLS.findall(text)))


# The word "الله" as SIL's fonts (Scheherazade, Lateef, Harmattan) draw it: a shadda and a
# superscript alef over its second lam, glyphs of their own that XeTeX maps to U+0651 U+0670
# ("حمیداللّٰه" for "حمیدالله"): marks the writer never typed, which a search for the name would
# miss. (In canonical order: NFC puts the shadda first.)
_ALLAH_AS_DRAWN: Final = re.compile("\u0644\u0644\u0651\u0670\u0647")


def normalize_text(text: str) -> str:
    """One line or paragraph to canonical form: NFC, folded, no controls, single spaces."""
    # Controls, bidi controls and the spaces other than " " are none of them printable: a text
    # that is (most lines, told by a scan at memory speed) skips the regex scans for them.
    if text.isascii():  # nothing to fold, no bidi control, already NFC: skip those scans
        if text.isprintable():
            return (_SPACES.sub(" ", text) if "  " in text else text).strip()
        text = _CONTROL.sub("", text)
        # of the other spaces only the tab is ASCII
        return (_SPACES.sub(" ", text) if "  " in text or "\t" in text else text).strip()
    # Most lines hold neither a presentation form nor a stray kashida mark: one scan tells
    # (where it finds one, each is looked for as before; folding and dropping bidi controls
    # make no digit).
    forms_or_marks = _FORM_OR_KASHIDA_MARK.search(text) is not None
    if forms_or_marks:
        text = fold_presentation_forms(text)
    # A ZWNJ (in most Persian lines) is not printable, and none of the scans below looks for it:
    # a text printable but for its ZWNJs skips them too.
    printable = text.isprintable() or (ZWNJ in text and text.replace(ZWNJ, "").isprintable())
    if not printable:
        text = _BIDI_CONTROLS.sub("", text)
    if has_arabic_script(text):
        if forms_or_marks and _KASHIDA_MARK.search(text):  # most lines have none: skip the look-around scan
            text = _KASHIDA_ARTIFACT.sub("", text)
        text = text.replace(TATWEEL, "")
    else:
        text = unswap_ligatures(text)
    if not printable:
        text = _CONTROL.sub("", text)
    text = unicodedata.normalize("NFC", text)
    if "\u0670" in text:  # rare: see _ALLAH_AS_DRAWN
        text = _ALLAH_AS_DRAWN.sub("\u0644\u0644\u0647", text)
    text = _single_spaces(text, printable).strip()
    if ZWNJ in text and (" \u200c" in text or "\u200c " in text or text[0] == ZWNJ or text[-1] == ZWNJ):
        text = _single_spaces(_ZWNJ_AT_A_WORD_EDGE.sub("", text)).strip()  # rare: see there
    if "\u200c\u200c" in text:  # rare: a ZWNJ the PDF draws and one its gap showed ("آب\u200c\u200cهای")
        text = _ZWNJ_RUN.sub(ZWNJ, text)
    return text


def unswap_ligatures(text: str) -> str:
    """Latin ligatures' letters that Ghostscript's character map swapped into CJK ideographs
    put back (see _SWAPPED_RUN); a text that has CJK characters of its own is left as it is."""
    if not _SWAPPED_LETTER.search(text) or not _SWAPPED_RUN.search(text) or _CJK.search(_SWAPPED_RUN.sub("", text)):
        return text
    return _SWAPPED_RUN.sub(lambda m: "".join(chr(ord(c) >> 8) for c in m.group()), text)


# A ZWNJ at a word's start or end, which joins nothing: one the PDF draws apart and pdfium reads at
# a line's start ("\u200cو پرسش\u200cهای" after a title's first line, LibreOffice from .docx).
# (spaces are single plain ones by then)
_ZWNJ_AT_A_WORD_EDGE: Final = re.compile("\u200c+(?= |$)|(?:(?<=^)|(?<= ))\u200c+")


_ZWNJ_RUN: Final = re.compile("\u200c\u200c+")  # a ZWNJ twice or more: one (none is ever typed twice)


def _single_spaces(text: str, printable: bool = False) -> str:
    """Every run of spaces as one plain space. Most lines have only single plain spaces,
    which a substitution would replace one by one with themselves: skip it for them (and the
    search for other spaces in a `printable` text, which has none)."""
    if "  " in text or (not printable and _OTHER_SPACE.search(text)):
        return _SPACES.sub(" ", text)
    return text


def letter_forms(text: str | None, language: str | None) -> str | None:
    """The letter variants a language writes (Dari: Persian yeh and kaf)."""
    pairs = _LETTER_FORMS.get(language or "")
    if not text or not pairs:
        return text
    for old, new in pairs:
        text = text.replace(old, new)
    return text


def letters_only(text: str) -> str:
    """Letters of a text without spaces or punctuation: for loose comparisons."""
    return "".join(ch for ch in normalize_text(text) if ch.isalpha())


# A word of Arabic script: letters, marks and ZWNJs.
# (One letter, then any more: a pattern that opens with a character class is scanned for fast.)
_WORD_CHARACTER: Final = f"[{WORD_CHARACTERS}\u200c]"
_ARABIC_WORD: Final = re.compile(f"{_WORD_CHARACTER}{_WORD_CHARACTER}*")
_ARABIC_WORDS: Final = ClassRuns(_ARABIC_WORD, char_classes.table(  # (its words, see char_classes)
    map(chr, [*range(0x0621, 0x0660), *range(0x066E, 0x06D4), *range(0x06D5, 0x0700), 0x200C])), 1)


def zwnj_as_elsewhere(texts: list[str]) -> list[str]:
    """The texts of one document with every word written as the document writes it elsewhere
    with a ZWNJ ("نسخه‌های" in the body makes the title's "نسخههای" so).

    A ZWNJ is read from the gap it leaves, and the ZWNJ after a letter whose final form
    reaches under the next one ("نسخه‌ها" in a bold title, "کم‌آبی") leaves none. Only a
    word the document writes one way with a ZWNJ, at least as often as without, is taken:
    a word written with a ZWNJ two ways keeps both, and a ZWNJ read once in a line pdfium
    garbled ("ب‌ه") does not outvote the many places that read the word without one.
    """
    if not any(ZWNJ in text for text in texts):  # a search at memory speed: no word to respell
        return texts
    words_of = [[] if text.isascii() else _ARABIC_WORDS.words(text) for text in texts]  # isascii: a flag, no scan
    counts = Counter(chain.from_iterable(words_of))
    variants: dict[str, list[str]] = {}
    for word in counts:  # each word once
        if ZWNJ in word and ZWNJ in word.strip(ZWNJ) and _plausible_zwnj(word):  # (most: no ZWNJ, no copy)
            variants.setdefault(word.replace(ZWNJ, ""), []).append(word)
    spelled = {plain: words[0] for plain, words in variants.items()
               if len(words) == 1 and counts[plain] and counts[words[0]] >= counts[plain]}
    if not spelled:
        return texts

    def spell(m: re.Match[str]) -> str:
        return spelled.get(m[0], m[0])

    # Only the texts that hold a word to respell are rewritten (most paragraphs hold none).
    return [_ARABIC_WORD.sub(spell, text) if spelled.keys() & set(words) else text
            for text, words in zip(texts, words_of)]


def _plausible_zwnj(word: str) -> bool:
    """Whether every part a ZWNJ leaves has two letters or more (a last "ی" aside: "گفته‌ی"):
    a ZWNJ after a lone letter ("ب‌ه", "اس‌ت‌اد") comes from a line pdfium garbled."""
    parts = word.strip(ZWNJ).split(ZWNJ)
    return all(len(part) >= 2 for part in parts[:-1]) and (len(parts[-1]) >= 2 or parts[-1] in ("ی", "ي"))

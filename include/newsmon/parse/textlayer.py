"""Is there text to read? Image-only scans and fonts without a usable character map.

A scanned PDF has pictures and no text; a PDF whose fonts map their glyphs to nothing
sensible gives private-use code points, replacement characters, symbols or letters of
scripts the document is not written in ("⤶ا㩈"), or maps each glyph to the wrong letter of
the right script ("ذغُ ج‌لله" for "بسم الله"). None of these is an article, and none must pass as
an empty or garbled one: the parser refuses them with a reason an operator can act on, and
warns (`garbled_text`) of a text that is readable only in part.

The checks run on the first lines (a character map that fails, fails from the first page on)
with regular expressions over code point ranges: they cost little beside the extraction.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Final

from newsmon.parse.language import ARABIC_SCRIPT_FUNCTION_WORDS
from newsmon.parse.pdf import Line, PdfText
from newsmon.parse.text import HIGH_BYTE_START, ZWNJ

# Letters of the scripts each language is written in (code point ranges).
_SCRIPT_RANGES: Final = {
    "latin": "A-Za-z\u00c0-\u024f\u1e00-\u1eff",
    "arabic": "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff",
    "cyrillic": "\u0400-\u04ff",
    "greek": "\u0370-\u03ff",
}
_LANGUAGE_SCRIPTS: Final = {
    "en": "latin", "de": "latin", "fr": "latin", "es": "latin", "it": "latin", "nl": "latin", "pt": "latin",
    "tr": "latin", "uz": "latin", "fa": "arabic", "ps": "arabic", "ar": "arabic", "ur": "arabic",
    "ru": "cyrillic", "uk": "cyrillic", "tg": "cyrillic", "el": "greek",
}
# Digits, punctuation, marks and the symbols articles use (bullets, arrows, dingbats, currency),
# whatever their language. Geometric shapes (U+25A0-25FF) are not here: "■" is what a glyph
# without a character map often comes out as.
_COMMON: Final = ("\\s0-9!-/:-@\\[-`{-~\u00a0-\u00bf\u00d7\u00f7\u0300-\u036f\u2000-\u206f\u20a0-\u20cf"
           "\u2100-\u214f\u2150-\u218f\u2190-\u21ff\u2212\u2600-\u26ff\u2700-\u27bf\u200c\u200d")
MIN_CHARACTERS_PER_PAGE: Final = 40
MAX_FOREIGN_SHARE: Final = 0.25  # above: no usable character map
WARN_FOREIGN_SHARE: Final = 0.02  # above: garbled_text
MAX_ODD_WORD_SHARE: Final = 0.4  # Arabic-script words with letters no text of theirs holds
WARN_ODD_WORD_SHARE: Final = 0.15
MIN_FUNCTION_WORD_SHARE: Final = 0.01
# A text whose words are mostly single letters or digits is no prose in any language (the
# commonest one-letter words, Dari and Pashto "و", "د", are a tenth of the words at most): a
# writer that lacks the script's glyphs draws each as a box of its code's hex digits (AbiWord
# with a font it cannot find: "0 6 / 2 A" for "ت"), or glyphs one by one apart.
MAX_LONE_CHARACTER_SHARE: Final = 0.5
_LONE_CHARACTERS_JUDGED: Final = 60
# The words of one such character (CJK writes a word a character), told among the sample's
# words (str.split and the regex \s know the same whitespace): a regex looking behind at every
# position of the sample cost a tenth of the parse's look at its text layer.
_LONE_CHARACTERS: Final = frozenset(chr(c) for c in (*range(0x30, 0x3a), *range(0x41, 0x5b), *range(0x61, 0x7b),
                                              *range(0x600, 0x700)))
_SAMPLE = 800
_ARABIC: Final = "\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff"
_ARABIC_LETTER_OR_ZWNJ: Final = "[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff\u200c]"
# (One, then any more: a pattern that opens with a character class is scanned for fast.)
_ARABIC_WORDS: Final = re.compile(f"{_ARABIC_LETTER_OR_ZWNJ}{_ARABIC_LETTER_OR_ZWNJ}*")
# Each UTF-16 code unit's high byte told as in a word of _ARABIC_WORDS (A), in none (a space), or
# either, as the low byte has it ("?": U+07xx, U+FBxx, U+FExx): see _arabic_word_count. A ZWNJ
# (U+200C, where U+20xx is no word character else) is counted as the letter U+0600.
_WORD_HIGH_BYTES: Final = bytes(ord("A") if high in (0x06, 0xFC, 0xFD) else ord("?") if high in (0x07, 0xFB, 0xFE)
                         else ord(" ") for high in range(256))
# Beside an Arabic letter in a word: a Latin letter or one of another script or private use,
# or a digit between two letters ("ضمش٠مس"); anywhere: a dotless letter form (ٮ ٯ ڡ) that only
# fonts without a proper character map give. Each is a glyph mapped to the wrong code point.
# An apostrophe or slash beside a letter, an ASCII digit between two, is a glyph's own code
# read as a character: Ghostscript re-writes Chromium's Arabic so ("1/ ساF های 'خیر" for
# "در سال‌های اخیر"); prose has "1995م" (a digit before a letter), seldom a letter touching ' or /.
_OTHER: Final = (
    "A-Za-z\u00c0-\u024f\u0700-\u074f\u0780-\u07bf\u0800-\u089f\u0900-\u0dff\u1200-\u137f\ue000-\uf8ff\ufffd"
    "'/")
_DOTLESS: Final = "\u066e\u066f\u06a1"
_DIGITS: Final = "0-9\u0660-\u0669\u06f0-\u06f9"
# One odd character a match: the pattern opens with a class of all of them (which the regex
# engine scans for fast; alternatives first are tried at every position), then tells by
# looking behind which one it is and whether what stands beside it makes it odd.
_ODD: Final = re.compile(f"[{_DOTLESS}{_DIGITS}{_OTHER}](?:(?<=[{_DOTLESS}])|(?<=[{_ARABIC}][{_DIGITS}])(?=[{_ARABIC}])"
                  f"|(?<=[{_ARABIC}][{_OTHER}])|(?<=[{_OTHER}])(?=[{_ARABIC}]))")
_PUNCTUATION: Final = "،؛؟«»\u200c"
_WORDS_JUDGED: Final = 200


@functools.lru_cache(maxsize=16)
def foreign_characters(languages: tuple[str, ...]) -> re.Pattern[str]:
    """Characters that fit none of the languages' scripts and no common punctuation: private-use
    code points, U+FFFD, controls, symbols, letters of other scripts. All scripts known when a
    language is not."""
    scripts = {_LANGUAGE_SCRIPTS.get(lang) for lang in languages}
    ranges = (_SCRIPT_RANGES.values() if None in scripts or not scripts
              else [_SCRIPT_RANGES[s] for s in scripts if s is not None])
    # (One, then any more: a pattern that opens with a repeat is tried at every position.)
    foreign = "[^" + _COMMON + "".join(ranges) + "]"
    return re.compile(foreign + foreign + "*")


@dataclass
class TextLayer:
    """The verdict on a document's text: why it cannot be an article (None: it can), and
    what a record of it should be warned of."""

    problem: str | None = None
    warnings: list[str] = field(default_factory=list)


def judge_text_layer(lines: list[Line], pdf: PdfText, languages: tuple[str, ...], controls: int = 0) -> TextLayer:
    """Whether the document has text an article can be made of, judged on its first lines,
    and on the `controls` (control characters) its whole text held before normalising."""
    sample = _sample(lines)
    visible = len(sample) - sample.count(" ") - sample.count("\n")
    if visible < MIN_CHARACTERS_PER_PAGE * min(pdf.page_count, 3):
        why = ("an image-only scan needs OCR first" if pdf.pictures
               else f"too little text for an article: fewer than {MIN_CHARACTERS_PER_PAGE} per page")
        return TextLayer(f"no usable text layer: {visible} characters on {pdf.page_count} page(s) with "
                         f"{len(pdf.pictures)} image(s) ({why})")
    control_share = controls / (controls + sum(len(line.text) for line in lines)) if controls else 0.0
    if control_share > MAX_FOREIGN_SHARE:
        return TextLayer(f"no usable character map: {control_share:.0%} of the characters are control codes "
                         "(glyphs mapped to no character; the first lines may read, the rest does not)")
    tokens = sample.split()
    words = len(tokens)
    # Only a word of one character is one of _LONE_CHARACTERS: a sample with too few such words to
    # tell (most: counted by their lengths) has none looked up (a hash of every word).
    if words >= _LONE_CHARACTERS_JUDGED and list(map(len, tokens)).count(1) > MAX_LONE_CHARACTER_SHARE * words:
        lone = sum(map(_LONE_CHARACTERS.__contains__, tokens))  # (a longer word is in no set of characters)
        if lone > MAX_LONE_CHARACTER_SHARE * words:
            return TextLayer(f"no usable character map: {lone} of the first {words} words are a single character "
                             "(a writer without the script's glyphs draws each as a box of hex digits, or glyphs "
                             "apart)")
    foreign = "".join(foreign_characters(languages).findall(sample))
    if len(foreign) > MAX_FOREIGN_SHARE * visible:
        shown = "".join(dict.fromkeys(foreign))[:8].encode("unicode_escape").decode()
        return TextLayer(f"no usable character map: {len(foreign) / visible:.0%} of the characters are "
                         f"private-use, symbols, unmapped or of no script of the source's languages (e.g. {shown})")
    problem, odd = _arabic_words_problem(sample, lines)
    if problem:
        return TextLayer(problem)
    garbled = odd or len(foreign) > WARN_FOREIGN_SHARE * visible or control_share > WARN_FOREIGN_SHARE
    return TextLayer(warnings=["garbled_text"] if garbled else [])


def _arabic_words_problem(sample: str, lines: list[Line]) -> tuple[str | None, bool]:
    """Why the sample's Arabic-script words cannot be text (None: they can), and whether
    enough of them are odd to call the text garbled. Judged only on enough words."""
    judged = min(_arabic_word_count(sample), _WORDS_JUDGED)  # (the words made only as _count_common reads them)
    if judged < 20 or judged < 0.5 * sample.count(" "):  # little Arabic script, or mostly other text
        return None, False
    odd = _odd_letters(sample)
    if odd > MAX_ODD_WORD_SHARE * judged:
        return (f"no usable character map: {odd} odd letters in {judged} Arabic-script words (letters of "
                "other scripts or dotless forms inside words: a font that maps glyphs to the wrong letters)"), True
    common = _count_common(itertools.islice(map(_matched, _ARABIC_WORDS.finditer(sample)), _WORDS_JUDGED), enough=2)
    if common < 2 and judged < _WORDS_JUDGED:  # few common words yet: judge on more of the text
        words = _ARABIC_WORDS.findall(_sample(lines, 3 * _SAMPLE))[:_WORDS_JUDGED]
        common = _count_common(words, enough=int(MIN_FUNCTION_WORD_SHARE * len(words)) + 1)
        judged = len(words)
    if judged >= 100 and common < MIN_FUNCTION_WORD_SHARE * judged:
        return (f"no usable character map: {common} of {judged} Arabic-script words are common Dari, "
                "Pashto or Arabic words (prose has a fifth; glyphs mapped to the wrong letters have none)"), True
    return None, odd > WARN_ODD_WORD_SHARE * judged


def _arabic_word_count(sample: str) -> int:
    """How many words _ARABIC_WORDS finds in the sample, counted where the high byte of each UTF-16
    code unit tells whether it is a word's character (_WORD_HIGH_BYTES: the Arabic block, most of
    the text, tells so; a ZWNJ counts as a letter): bytes methods at memory speed, where findall
    made a string and reset the regex engine's stack (a malloc and a free) for each of ~150 words
    (1 % of a parse's instructions). A sample with a character the high byte does not tell (the
    Arabic supplement, presentation forms) is counted by findall."""
    encoded = sample.replace(ZWNJ, "\u0600").encode("utf-16", "surrogatepass")
    units = encoded[HIGH_BYTE_START::2].translate(_WORD_HIGH_BYTES)
    if b"?" in units:
        return len(_ARABIC_WORDS.findall(sample))
    return (b" " + units).count(b" A")  # (each word's start: a run of "A" after a space; no bytes object a word)


def _matched(match: re.Match[str]) -> str:
    return match.group()


def _odd_letters(sample: str) -> int:
    """How many characters of the sample are odd inside Arabic-script words: a dotless form
    anywhere, a digit between two Arabic letters, a character of another script or private
    use beside one (see _OTHER)."""
    return len(_ODD.findall(sample))


def _count_common(words: Iterable[str], enough: int) -> int:
    """How many of the words are common function words, counting no further than `enough`."""
    found = 0
    for word in words:
        if word.strip(_PUNCTUATION) in ARABIC_SCRIPT_FUNCTION_WORDS:
            found += 1
            if found >= enough:
                break
    return found


def _sample(lines: list[Line], characters: int = _SAMPLE) -> str:
    """The document's first lines, up to `characters` characters."""
    taken, size = [], 0
    for line in lines:
        taken.append(line.text)
        size += len(line.text) + 1
        if size >= characters:
            break
    return "\n".join(taken)


def suspicious(text: str | None, languages: tuple[str, ...]) -> bool:
    """A short text (a title) with characters that fit no script of the source's languages."""
    if not text:
        return False
    return sum(map(len, foreign_characters(languages).findall(text))) > max(1, 0.1 * len(text))

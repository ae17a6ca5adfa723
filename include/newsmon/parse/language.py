"""Language of an article: en, de, fr, fa (Dari/Persian) or ps (Pashto).

A documented rule rather than a statistical model: the languages newsmon reads are
told apart reliably by script, by letters only Pashto has, and by the commonest
function words of the Latin-script languages. Detect on normalised text only.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Final

# Letters Pashto uses and Dari does not.
PASHTO_LETTERS: Final = frozenset("ټډړږښګڼېۍځڅ")
_LATIN_WORD: Final = re.compile(r"[a-zA-ZÀ-ÿß]+")
# Each byte of Latin-1 that is a letter of _LATIN_WORD kept, every other one a space (see _latin_words).
_LATIN_BYTES: Final = bytes(b if _LATIN_WORD.fullmatch(chr(b)) else 0x20 for b in range(256))
# The same with each letter lower-cased as str.lower lowers it (one Latin-1 letter each, checked
# below): the words' stop-word look-up lowers them all in the one translation.
_LATIN_LOWER_BYTES: Final = bytes(ord(chr(b).lower()) if b != 0x20 else b for b in _LATIN_BYTES)
assert all(len(chr(b).lower()) == 1 and ord(chr(b).lower()) < 256 and _LATIN_WORD.fullmatch(chr(b).lower())
           for b in _LATIN_BYTES if b != 0x20)

_STOPWORDS: Final = {
    "en": {"the", "of", "and", "to", "in", "is", "that", "for", "it", "was",
           "on", "with", "as", "by", "this", "are", "from", "have", "has", "not"},
    "de": {"der", "die", "und", "das", "in", "zu", "den", "von", "ist", "nicht",
           "mit", "sich", "des", "auf", "für", "ein", "eine", "dem", "auch", "wird"},
    "fr": {"le", "la", "les", "de", "des", "et", "est", "un", "une", "du",
           "en", "que", "qui", "dans", "pour", "pas", "sur", "au", "par", "avec"},
}


_ANY_STOPWORD: Final = frozenset().union(*_STOPWORDS.values())


# The commonest words of Dari/Persian, Pashto and Arabic: a fifth of the words of any prose
# in these languages, and almost none of a text whose glyphs were mapped to wrong letters.
ARABIC_SCRIPT_FUNCTION_WORDS = frozenset(
    "و در به از که این را با است می برای آن یک هم تا بر شد شده کرد هر ها های "  # Dari / Persian
    "د په او چې له ته کې دې دا یې څخه لپاره شوی وي "  # Pashto
    "في من على أن إلى عن ما لا هذا هذه التي الذي كان مع أو ثم قد كل بين ذلك".split())  # Arabic
ARABIC_SCRIPT_FUNCTION_WORDS |= frozenset(w.replace("ي", "ی").replace("ك", "ک") for w in ARABIC_SCRIPT_FUNCTION_WORDS)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code, or None when the text is too short to tell."""
    arabic = 0 if text.isascii() else _arabic_block_count(text)  # isascii: a flag of the string, no scan
    if arabic > len(text) - arabic:  # most of the text: Latin letters (the rest at most) cannot outnumber it
        return _arabic_script_language(text, arabic)
    latin_words = _latin_words(text, lower=True)  # (lower-cased: the lengths are the words')
    if arabic == 0:  # (most texts that get here: no Arabic letter to outnumber the Latin ones)
        if not latin_words:
            return None
    elif arabic > sum(map(len, latin_words)):
        return _arabic_script_language(text, arabic)
    # Every word counted at C speed, then only the stop words the text has looked at: a filter
    # of the words by the stop words' __contains__ is a call a word (a body has hundreds).
    counts = Counter(latin_words)
    found = counts.keys() & _ANY_STOPWORD
    # (each language's words that the text has: a Counter's missing word is a Python call)
    scores = {lang: sum([counts[w] for w in found if w in words]) for lang, words in _STOPWORDS.items()}
    best = max(scores, key=scores.__getitem__)
    return best if scores[best] > 0 else None


def _arabic_block_count(text: str) -> int:
    """How many characters of the text lie in the Arabic block (U+0600 to U+06FF): those whose
    UTF-16 code unit has the high byte 0x06. Counted in the encoded bytes at memory speed, where
    a regex makes a match object per word (the language of every article is told by its body)."""
    return text.encode("utf-16-be", "surrogatepass")[::2].count(6)


def _arabic_script_language(text: str, arabic: int) -> str:
    """Dari or Pashto, for a text of `arabic` Arabic-script characters."""
    pashto = sum(map(text.count, PASHTO_LETTERS))
    # Dari loan words carry a Pashto letter now and then; Pashto prose has many.
    return "ps" if pashto >= max(3, arabic * 0.01) else "fa"


def _latin_words(text: str, lower: bool = False) -> list[str]:
    """What _LATIN_WORD.findall(text) gives: the text's Latin-1 bytes (one a character, "?" for
    those beyond, which is no letter) with every byte but a letter turned into a space, split.
    A regex makes a match per word at many times the cost of a byte (a body has hundreds).
    `lower`: each word as str.lower gives it (in the same translation, not a call a word)."""
    table = _LATIN_LOWER_BYTES if lower else _LATIN_BYTES
    return text.encode("latin-1", "replace").translate(table).decode("latin-1").split()

"""Numbers with signs inside right-to-left text, back in the order they were typed.

pdfium reads a number and the signs glued to it ("-", "%", "٪") as one left-to-right run
and gives it in the order it stands on the page. Writers that follow the Unicode bidi
algorithm (word processors, browsers, reportlab) do not set it as one run, though:

- a hyphen-minus, plus or minus sign beside a number (ES) joins it only between two digits of a number that
  stands in left-to-right context; at a number's edge it takes the line's direction and
  stands on the other side of it: "۱- د لاس" (an item mark) is printed, and read, "-۱";
- after an Arabic letter, a number's digits are Arabic numbers (rule W2), which neither a
  percent or currency sign (ET) nor a hyphen joins: "٪۶۸" is read "۶۸٪", "95%" "%95",
  "$1.2" "1.2$", and the parts
  of "2019-2020" or "0700-123-456" stand right to left ("2020-2019", "456-123-0700");
- a unit's superscript digit comes out before its word ("(²km)" for "(km²)");
- a range's en dash may get a space after it ("۱۴۰۲– ۱۴۰۳": see _SPACED_RANGE);
- a signed temperature's sign and degree sign stand apart from its number ("°۱۸−C" or, from a
  TeX engine, "۱۸°−C" for "−۱۸°C": see _SIGNED_DEGREES).

TeX engines (XeTeX's bidi) set a number with its percent sign and inner hyphens as one
left-to-right box, which pdfium reads as typed; their item marks' hyphens stand as above.
"""

from __future__ import annotations

import re
from typing import Final

_NUMBER: Final = r"[0-9۰-۹](?:[٫٬.,/:]?[0-9۰-۹])*"
_EDGE: Final = r"(?<![^\s(«،؛:])"  # a word's start: nothing but a space, an opening bracket or punctuation before
_END: Final = r"(?![^\s)»،؛:.!؟])"  # a word's end
# A sign glued to one side of a number that is a word of its own (group 1 and 2, or 3 and 4);
# a dollar sign is of the percent sign's bidi class (ET).
_SIGNED: Final = re.compile(rf"{_EDGE}(?:([-+\u2212%٪$])({_NUMBER})|({_NUMBER})([-+\u2212%٪$])){_END}")
# Numbers joined by hyphens, a word of their own ("2020-2019").
_HYPHENED: Final = re.compile(rf"{_EDGE}{_NUMBER}(?:-{_NUMBER})+{_END}")
# A superscript digit glued before a Latin word ("²km" for "km²"): pdfium reads the word and its
# digit (a European number) as two runs and puts them in right-to-left order.
_SUPERSCRIPT_FIRST: Final = re.compile(rf"{_EDGE}([¹²³]+)([A-Za-z]+){_END}")
# A range's en dash glued to its first number with a space after it, before the second: a space
# pdfium or a repair made up ("۱۴۰۲– ۱۴۰۳": XeTeX set a hamza of the next line's word there).
_SPACED_RANGE: Final = re.compile(r"(?<=[0-9۰-۹])\u2013 (?=[0-9۰-۹])")
# A signed number of degrees, a word of its own, as pdfium reads it: the degree sign (ET, which
# an Arabic number does not join) before the number and the sign after it ("°۱۸−C"), or, where a
# TeX engine set number and degree sign as one box, both after it ("۱۸°−C"), for "−۱۸°C". On the
# page the sign stands right of the number, the degree sign and unit left: typed, they follow it.
_SIGNED_DEGREES: Final = re.compile(rf"{_EDGE}(?:°({_NUMBER})|({_NUMBER})°)([-+\u2212])([A-Z]?){_END}")
# The signs of the bidi class ES (a hyphen-minus, a plus sign, a minus sign: "−۱۲", "+۲"): at a
# number's edge each takes the line's direction, as a hyphen does.
_ES_SIGNS: Final = "-+\u2212"
# What every match of the four holds: a sign beside a digit, or a superscript digit (the one
# scan most texts get).
_SIGN_BY_DIGIT: Final = re.compile(r"[-+\u2212%٪$\u2013¹²³](?:(?<=[-+\u2212%٪$])(?=[0-9۰-۹])|(?<=[0-9۰-۹][-+\u2212%٪$])"
                            r"|(?<=[0-9۰-۹]\u2013) |(?<=[¹²³]))")  # (a class first: see arabic._UNJOINED)
# An Arabic comma glued before a number that another number follows ("،۱۵۰٬۰۰۰ ۱۰۰٬۰۰۰" for
# "۱۵۰٬۰۰۰، ۱۰۰٬۰۰۰"): between two Arabic numbers the comma takes the line's direction and stands
# left of the first, and pdfium reads the two numbers as one left-to-right run with the comma
# before it (every producer, TeX's too; the second number may open the next line). A typed
# comma has a space after it, not a digit. (The comma first, then what stands before it looked
# behind at: a pattern that opens with a look-behind is tried at every position of the line, where
# one that opens with a plain character is scanned for; the same matches.)
_COMMA_BEFORE_NUMBERS: Final = re.compile(rf"،(?<!\S،)({_NUMBER})(?= [0-9۰-۹]|$)")
# An Arabic-script letter (layout's joining of lines asks it too).
ARABIC_LETTER: Final = re.compile(r"[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff]")


def _has_a_sign(text: str) -> bool:
    """Does the text hold a character _SIGN_BY_DIGIT begins at? A few plain searches cost a
    tenth of that pattern's scan of a line, and most lines hold none of them."""
    return "-" in text or "%" in text or "٪" in text or "\u2013" in text or "¹" in text or "²" in text \
        or "³" in text or "+" in text or "\u2212" in text or "$" in text


def typed_order(text: str, whole_numbers: bool = False, before: str = "") -> str:
    """A line's `text` with the signed numbers of its right-to-left sentences in typed order.
    `whole_numbers`: the writer sets a number and its signs as one left-to-right box (a TeX
    engine): only the item marks' hyphens are turned round. `before`: the text before the
    line in its paragraph, where the writer runs the bidi algorithm on whole paragraphs (a
    number that opens a line takes its context from there; "": the line is its own)."""
    if "،" in text and _COMMA_BEFORE_NUMBERS.search(text):  # rare
        text = _COMMA_BEFORE_NUMBERS.sub(r"\1،", text)
    if not _has_a_sign(text):
        return text
    if "°" in text and ARABIC_LETTER.search(text):  # rare
        text = _SIGNED_DEGREES.sub(lambda m: f"{m[3]}{m[1] or m[2]}°{m[4]}", text)
    if not _SIGN_BY_DIGIT.search(text) or not ARABIC_LETTER.search(text):
        return text
    if "\u2013" in text:
        text = _SPACED_RANGE.sub("\u2013", text)
    if not whole_numbers:
        text = _HYPHENED.sub(lambda m: "-".join(reversed(m[0].split("-"))) if _after_arabic(text, m.start(), before)
                             else m[0], text)
    text = _SIGNED.sub(lambda m: _turned(text, m, whole_numbers, before), text)
    return _SUPERSCRIPT_FIRST.sub(r"\2\1", text) if "²" in text or "³" in text or "¹" in text else text


def _turned(text: str, m: re.Match[str], whole_numbers: bool, before: str) -> str:
    """A signed number turned round, where its writer set the sign on the other side."""
    sign = m[1] or m[4]
    if sign != "-" and sign in _ES_SIGNS and whole_numbers and (m[1] or not _after_arabic(text, m.start(), before)):
        # a TeX writer's plus or minus sign before a number (a formula's, a section number's "−۱ ۱")
        # stays as pdfium has it; one after an Arabic number ("۱۲−" for "−۱۲") stood at its edge
        return m[0]
    if sign not in _ES_SIGNS and (whole_numbers or not _after_arabic(text, m.start(), before)):
        return m[0]  # a percent sign of a left-to-right number stands where it was typed
    return f"{m[2]}{m[1]}" if m[1] else f"{m[4]}{m[3]}"


def _after_arabic(text: str, at: int, before: str) -> bool:
    """Is the last letter before `at` (in `text`, else at the end of `before`) an Arabic-script
    one (the number's digits are Arabic numbers, bidi rule W2)? Where none is near, no (a
    paragraph's start is no letter)."""
    for ch in reversed(before[-40:] + text[max(0, at - 40):at]):
        if ch.isalpha():
            return ARABIC_LETTER.match(ch) is not None
    return False

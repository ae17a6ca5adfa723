"""Dates as the sources print them, to ISO dates.

afgazad prints the header date as DD.MM.YYYY, but articles also carry dates with
English, German or French month names, and Solar Hijri dates with Dari, Pashto or
Iranian month names in Persian, Arabic-Indic or ASCII digits.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Final

import jdatetime

_DIGITS: Final = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")

_GREGORIAN_MONTHS: Final = {
    # English
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
    # German
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "maerz": 3, "mai": 5, "juni": 6, "juli": 7,
    "oktober": 10, "dezember": 12,
    # French
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "juin": 6, "juillet": 7,
    "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12, "decembre": 12,
}

_SOLAR_MONTHS: Final = {
    # Dari (Afghan zodiac names)
    "حمل": 1, "ثور": 2, "جوزا": 3, "جوزاء": 3, "سرطان": 4, "اسد": 5, "سنبله": 6,
    "میزان": 7, "عقرب": 8, "قوس": 9, "جدی": 10, "دلو": 11, "حوت": 12,
    # Pashto
    "وری": 1, "غویی": 2, "غوایی": 2, "غبرګولی": 3, "چنګاښ": 4, "زمری": 5, "وږی": 6,
    "تله": 7, "لړم": 8, "لیندۍ": 9, "لیندی": 9, "مرغومی": 10, "سلواغه": 11, "کب": 12,
    # Iranian
    "فروردین": 1, "اردیبهشت": 2, "خرداد": 3, "تیر": 4, "مرداد": 5, "شهریور": 6,
    "مهر": 7, "آبان": 8, "آذر": 9, "دی": 10, "بهمن": 11, "اسفند": 12,
}

# A font that maps its glyphs to the Arabic letters prints a Dari month with Arabic yeh, alef
# maksura or kaf ("ميزان", XeTeX with Nazli): the same month.
_PERSIAN_LETTERS: Final = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک"})
_MONTH_WORD: Final = r"([^\W\d_]+)"
_SCRAMBLED: Final = re.compile(r"^[\d\s./-]+$")
_NUMERIC_DMY: Final = re.compile(r"^(\d{1,2})\s*[./\-]\s*(\d{1,2})\s*[./\-]\s*(\d{4})$")
_NUMERIC_YMD: Final = re.compile(r"^(\d{4})\s*[./\-]\s*(\d{1,2})\s*[./\-]\s*(\d{1,2})$")
_DAY_MONTH_YEAR: Final = re.compile(rf"^(\d{{1,2}})(?:er|st|nd|rd|th)?\.?\s+{_MONTH_WORD}\.?,?\s+(\d{{4}})$")
_MONTH_DAY_YEAR: Final = re.compile(rf"^{_MONTH_WORD}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})$")
# Decoration around a date line: emphasis marks, brackets, "Date:"-style labels, trailing "ش"/"هـ ش".
# Stripped as characters (a regex for a run at the end tries every position of the line).
# What a regex's \s matches (str.isspace()), all of it.
_SPACES: Final = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
           "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
_LEADING_DECORATION: Final = _SPACES + "*_()[]«»\"'،,:-–—"
_TRAILING_DECORATION: Final = _LEADING_DECORATION + "."
_LABEL: Final = re.compile(r"^(?:date|datum|تاریخ|نېټه|نیټه)\s*[:：]\s*", re.IGNORECASE)
# A weekday before the date ("Thursday, 5 March 2020", "پنجشنبه، ۱۵ حوت ۱۳۹۸"): part of the date's
# text, never a name beside it. Dari/Persian/Pashto days are "<number word> شنبه" (with a space, a
# ZWNJ or neither) and جمعه/آدینه; Pashto's own اتوار; English, German and French names.
_WEEKDAY: Final = re.compile(
    r"^(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun"
    r"|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag"
    r"|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\.?"
    "|(?:(?:[یي]ک|دو|سه|چ[هـ]?ار|پنج)[\\s\u200c]?)?شنبه|جمعه|آد[یي]نه|اتوار"
    r")\s*[,،]?\s+", re.IGNORECASE)
_SOLAR_SUFFIX: Final = re.compile(r"\s*(?:هـ\s*ش|ه\.\s*ش|هجری\s+شمسی|لمریز|ل\.?|ش)\.?$")
_SOLAR_SUFFIX_ENDS: Final = frozenset("شیزل.")  # what a line that ends in one ends with (a one-character slice)


def to_ascii_digits(text: str) -> str:
    # str.translate looks every character up in the table, at many times the cost of a scan:
    # a text without Arabic-Indic digits (an ASCII one is told by a flag) is returned as it is.
    if text.isascii() or not _ARABIC_DIGIT.search(text):
        return text
    return text.translate(_DIGITS)


_ARABIC_DIGIT: Final = re.compile("[۰-۹٠-٩]")  # the characters _DIGITS maps


def parse_date(text: str) -> dt.date | None:
    """The date a short line states, or None when the line is not (only) a date.

    Years below 1700 are Solar Hijri (no Gregorian news date is that old).
    """
    line = to_ascii_digits(" ".join(text.split()))  # (once: the decoration goes from it too)
    scrambled = _scrambled_numeric(line)
    if scrambled:  # before the hyphens a writer moved away go as decoration ("2021 05 27 - -")
        return _make_date(*scrambled)
    line = _clean(line)
    if not line:
        return None
    for pattern, order in ((_NUMERIC_DMY, "dmy"), (_NUMERIC_YMD, "ymd")):
        match = pattern.match(line)
        if match:
            a, b, c = (int(g) for g in match.groups())
            day, month, year = (a, b, c) if order == "dmy" else (c, b, a)
            return _make_date(year, month, day)
    numbers = _scrambled_numeric(line)
    if numbers:
        return _make_date(*numbers)
    match = _DAY_MONTH_YEAR.match(line)
    if match:
        return _named(int(match.group(1)), match.group(2), int(match.group(3)))
    match = _MONTH_DAY_YEAR.match(line)
    if match:
        return _named(int(match.group(2)), match.group(1), int(match.group(3)))
    return None


# Between a date and what shares its line (a byline): spaces, tabs, dashes, bars, commas, slashes
# and the dots and bullets writers put between the two ("Jane Doe · 2 January 2020").
_BULLETS: Final = "•·‧∙⋅●◦▪■◆♦"
_SEPARATORS: Final = " \t-–—|،,;؛:/" + _BULLETS
_EDGES: Final = " \t-–—|،,;؛:" + _BULLETS  # what a date's own text never begins or ends with ("/" and "." may be in it)
_MAX_DATE_TOKENS: Final = 5
_YEAR: Final = re.compile(r"\d(?<!\d\d)\d\d\d(?!\d)")  # four digits, no more (the class first: scanned for fast)


@dataclass(frozen=True)
class DateInLine:
    """A date found inside a line, the date's text as printed, and the rest of the line."""

    date: dt.date
    raw: str
    rest: str


def find_date(text: str, whole_numbers: bool = False) -> DateInLine | None:
    """The longest run of words of a short line that states a date, with what is left.

    Header lines often put the byline and the date on one line ("By Jane Doe - 02.01.2020",
    "۱۲ جدی ۱۳۹۸ | نویسنده: ..."), in either order: every run of up to five words is
    tried, longest first, so "2 January 2020" wins over "2020". `whole_numbers`: the writer
    sets a hyphenated date as one left-to-right box (a TeX engine), as typed (see _after_arabic).
    """
    words = text.split()
    if not words or len(words) > 16:
        return None
    whole = parse_date(text)
    if whole:
        return DateInLine(whole, as_printed(text.strip()), "")
    # Every date parse_date reads has a year of four digits (a run of digits no longer, which no
    # space splits): only the runs of words that hold one are tried.
    years = [_YEAR.search(word) is not None for word in words]
    for size in range(min(_MAX_DATE_TOKENS, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            if not any(years[start:start + size]):
                continue
            raw = " ".join(words[start:start + size]).strip(_EDGES)
            found = parse_date(raw)
            if found:
                if not whole_numbers and _ARABIC_LETTER.search(" ".join(words[:start])):
                    raw = _after_arabic(raw)
                raw = as_printed(raw)
                rest = " ".join([*words[:start], "\0", *words[start + size:]])
                before, _, after = rest.partition("\0")
                rest = " ".join(part.strip(_SEPARATORS + " ") for part in (before, after)
                                if part.strip(_SEPARATORS + " "))
                return DateInLine(found, raw, rest)
    return None


_ARABIC_LETTER: Final = re.compile("[\u0621-\u064a\u0671-\u06d3]")
_HYPHENATED_NUMBERS: Final = re.compile(r"^[\d۰-۹]+(?:-[\d۰-۹]+){2}$")


def _after_arabic(raw: str) -> str:
    """A hyphenated numeric date that follows Arabic letters in its line, in the order it is
    read. The Unicode bidi algorithm makes its numbers Arabic numbers there (W2), and a hyphen
    between two of those stays neutral (W4, unlike "." and "/"), so the page shows the numbers
    right to left: "سلطانی / 2020-07-09" is drawn, and extracted, as "09-07-2020"."""
    return "-".join(reversed(raw.split("-"))) if _HYPHENATED_NUMBERS.match(raw) else raw


def as_printed(raw: str) -> str:
    """A numeric date whose separators the extractor moved away ("/ / ۱۵ ۰۵ ۱۳۹۹") as the page
    shows it ("۱۳۹۹/۰۵/۱۵": Solar Hijri year first, a Gregorian year last), digits as printed;
    any other text unchanged."""
    ascii_raw = to_ascii_digits(raw.strip())
    numbers = _scrambled_numeric(ascii_raw)
    if not numbers or _ISO_DATE.match(ascii_raw):
        return raw
    printed = _NUMBER.findall(raw)  # the same three numbers in the document's own digits
    first = _SEPARATOR.search(raw)
    assert first is not None  # (_scrambled_numeric found two)
    separator = first[0]
    # (each number's value read from the ASCII text: to_ascii_digits maps digit to digit, so the
    # runs of digits of the two texts match one for one)
    by_value = dict(zip(map(int, _NUMBER.findall(ascii_raw)), printed))
    year, month, day = [by_value[v] if v in by_value else str(v) for v in numbers]
    iso = separator == "-" and len(printed[0]) == 4  # ISO 8601 read year first: printed so
    parts = (year, month, day) if numbers[0] < 1700 or iso else (day, month, year)
    return separator.join(parts)


# A run of digits (one, then any more: a pattern that opens with a class is scanned for fast, where
# a repeat first is tried at every position); a separator of a numeric date.
_NUMBER: Final = re.compile(r"\d\d*")
_SEPARATOR: Final = re.compile("[./-]")
# ISO 8601 (2020-03-05): a Gregorian year first, hyphens; printed so whatever the line's direction.
_ISO_DATE: Final = re.compile(r"^(?:1[7-9]|2\d)\d\d-\d\d?-\d\d?$")


def _scrambled_numeric(line: str) -> tuple[int, int, int] | None:
    """(year, month, day) of a numeric date whose separators were moved away from the numbers.

    A font without "/" (Noto Naskh Arabic) makes the writer fall back to another font for
    it, and the extractor may then return "۱۳۹۸ ۱۰ ۱۸ / /": three numbers in order, the two
    separators elsewhere. The year (four digits) comes first or last, as printed.
    """
    if not _SCRAMBLED.match(line):
        return None
    numbers = _NUMBER.findall(line)
    if len(numbers) != 3 or line.count(".") + line.count("/") + line.count("-") != 2:
        return None
    if len(numbers[0]) == 4:
        year, month, day = numbers
    elif len(numbers[2]) == 4:
        day, month, year = numbers
    else:
        return None
    return int(year), int(month), int(day)


def _clean(line: str) -> str:
    """The line (single-spaced, ASCII digits) without its decoration, label, weekday and era."""
    line = _undecorated(line)
    line = _LABEL.sub("", line)
    line = _WEEKDAY.sub("", line)
    if line[-1:] in _SOLAR_SUFFIX_ENDS:  # (the sub looks for it at every position: most lines end in a digit)
        line = _SOLAR_SUFFIX.sub("", line)
    return _undecorated(line)


def _undecorated(line: str) -> str:
    return line.lstrip(_LEADING_DECORATION).rstrip(_TRAILING_DECORATION)


def _named(day: int, month_name: str, year: int) -> dt.date | None:
    key = month_name.lower()
    if key in _GREGORIAN_MONTHS and year >= 1700:
        return _make_date(year, _GREGORIAN_MONTHS[key], day)
    month_name = month_name.translate(_PERSIAN_LETTERS)
    if month_name in _SOLAR_MONTHS and year < 1700:
        return _make_date(year, _SOLAR_MONTHS[month_name], day)
    return None


def _make_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        if year < 1700:
            # (with a locale: jdatetime asks the C library's for each date made without one, at
            # many times the cost of the conversion; the locale names the months, which go unused)
            return jdatetime.date(year, month, day, locale=jdatetime.FA_LOCALE).togregorian()
        return dt.date(year, month, day)
    except (ValueError, OverflowError):  # (a number too large for C's int: "2020.202020202020.2020")
        return None

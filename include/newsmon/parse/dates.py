"""Dates as the sources print them, to ISO dates.

afgazad prints the header date as DD.MM.YYYY, but articles also carry dates with
English, German or French month names, and Solar Hijri dates with Dari, Pashto or
Iranian month names in Persian, Arabic-Indic or ASCII digits.
"""

from __future__ import annotations

import datetime as dt
import re

import jdatetime

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")

_GREGORIAN_MONTHS = {
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

_SOLAR_MONTHS = {
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

_MONTH_WORD = r"([^\W\d_]+)"
_NUMERIC_DMY = re.compile(r"^(\d{1,2})\s*[./\-]\s*(\d{1,2})\s*[./\-]\s*(\d{4})$")
_NUMERIC_YMD = re.compile(r"^(\d{4})\s*[./\-]\s*(\d{1,2})\s*[./\-]\s*(\d{1,2})$")
_DAY_MONTH_YEAR = re.compile(rf"^(\d{{1,2}})(?:er|st|nd|rd|th)?\.?\s+{_MONTH_WORD}\.?,?\s+(\d{{4}})$")
_MONTH_DAY_YEAR = re.compile(rf"^{_MONTH_WORD}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})$")
# Decoration around a date line: emphasis marks, brackets, "Date:"-style labels, trailing "ش"/"هـ ش".
_DECORATION = re.compile(r"^[\s*_()\[\]«»\"'،,:\-–—]+|[\s*_()\[\]«»\"'،,.:\-–—]+$")
_LABEL = re.compile(r"^(?:date|datum|تاریخ|نېټه|نیټه)\s*[:：]\s*", re.IGNORECASE)
_SOLAR_SUFFIX = re.compile(r"\s*(?:هـ\s*ش|ه\.\s*ش|هجری\s+شمسی|لمریز|ل\.?|ش)\.?$")


def to_ascii_digits(text: str) -> str:
    return text.translate(_DIGITS)


def parse_date(text: str) -> dt.date | None:
    """The date a short line states, or None when the line is not (only) a date.

    Years below 1700 are Solar Hijri (no Gregorian news date is that old).
    """
    line = _clean(text)
    if not line:
        return None
    for pattern, order in ((_NUMERIC_DMY, "dmy"), (_NUMERIC_YMD, "ymd")):
        match = pattern.match(line)
        if match:
            a, b, c = (int(g) for g in match.groups())
            day, month, year = (a, b, c) if order == "dmy" else (c, b, a)
            return _make_date(year, month, day)
    match = _DAY_MONTH_YEAR.match(line)
    if match:
        return _named(int(match.group(1)), match.group(2), int(match.group(3)))
    match = _MONTH_DAY_YEAR.match(line)
    if match:
        return _named(int(match.group(2)), match.group(1), int(match.group(3)))
    return None


def _clean(text: str) -> str:
    line = to_ascii_digits(" ".join(text.split()))
    line = _DECORATION.sub("", line)
    line = _LABEL.sub("", line)
    line = _SOLAR_SUFFIX.sub("", line)
    return _DECORATION.sub("", line)


def _named(day: int, month_name: str, year: int) -> dt.date | None:
    key = month_name.lower()
    if key in _GREGORIAN_MONTHS and year >= 1700:
        return _make_date(year, _GREGORIAN_MONTHS[key], day)
    if month_name in _SOLAR_MONTHS and year < 1700:
        return _make_date(year, _SOLAR_MONTHS[month_name], day)
    return None


def _make_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        if year < 1700:
            return jdatetime.date(year, month, day).togregorian()
        return dt.date(year, month, day)
    except ValueError:
        return None

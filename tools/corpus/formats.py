"""The printed strings of a header: dates in every format, bylines, labels, running headers, footers."""

from __future__ import annotations

import datetime as dt

import jdatetime

from tools.corpus.mirror import (
    DARI_MONTHS, DE_MONTHS, EN_MONTHS, FA_DIGITS, FR_MONTHS, PASHTO_MONTHS, SITE_MAIL, SITE_MARK, SITE_NAME,
    SITE_WEB, VERSE,
)
from newsmon.sources.profile import load_profile

__all__ = ["SITE_MAIL", "SITE_MARK", "SITE_NAME", "SITE_WEB", "VERSE", "SITE_LATIN", "format_date",
           "original_text", "section_labels", "running_text", "footer_text", "persian_digits", "joiner_text",
           "FOOTER_PARTS"]

SITE_LATIN = "Afghanistan Azad – Azad Afghanistan"
# The separator printed between byline and date on one line ("tab" and "cell" are not text).
# spaces/dash/pipe are the corpus's; the others are probe-only (tools/corpus/probe_layout.py).
JOINERS = {"spaces": "   ", "dash": " - ", "pipe": " | ", "bullet": " • ", "slash": " / ", "emdash": " — ",
           "middot": " · "}
EN_WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
DARI_WEEKDAYS = ("دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه", "شنبه", "یکشنبه")
PASHTO_WEEKDAYS = ("دوشنبه", "سه شنبه", "چهارشنبه", "پنجشنبه", "جمعه", "شنبه", "یکشنبه")
# A footer as (text before the page number, text between page number and page count or None
# when the count is not printed, text after): every producer builds its own fields around it.
# n, dash_n, page_n_of_m, fa_n, n_slash_m are the corpus's; the others are probe-only.
FOOTER_PARTS: dict[str, tuple[str, str | None, str]] = {
    "n": ("", None, ""), "dash_n": ("- ", None, " -"), "page_n_of_m": ("Page ", " of ", ""),
    "fa_n": ("صفحه ", None, ""), "n_slash_m": ("", " / ", ""),
    "emdash_n": ("— ", None, " —"), "paren_n": ("(", None, ")"), "n_site": ("", None, " | afgazad.com"),
    "fa_n_of_m": ("صفحه ", " از ", ""), "seite_n": ("Seite ", None, ""),
}


def joiner_text(kind: str) -> str:
    """The printed byline/date separator of a joiner kind (one table for every producer)."""
    return JOINERS[kind]


def persian_digits(text: str) -> str:
    return text.translate(FA_DIGITS)


def format_date(day: dt.date, fmt: str, lang: str) -> str:
    """The header date exactly as printed (the truth's published_date_raw)."""
    if fmt == "dmy":
        return day.strftime("%d.%m.%Y")
    if fmt == "dmy_fa":
        return persian_digits(day.strftime("%d.%m.%Y"))
    if fmt == "en_long":
        return f"{day.day} {EN_MONTHS[day.month - 1]} {day.year}"
    if fmt == "en_mdy":
        return f"{EN_MONTHS[day.month - 1]} {day.day}, {day.year}"
    if fmt == "de_long":
        return f"{day.day}. {DE_MONTHS[day.month - 1]} {day.year}"
    if fmt == "fr_long":
        return f"{'1er' if day.day == 1 else day.day} {FR_MONTHS[day.month - 1]} {day.year}"
    if fmt == "iso":
        return day.isoformat()
    if fmt == "dmy_slash":
        return day.strftime("%d/%m/%Y")
    if fmt == "en_short":
        return f"{day.day} {EN_MONTHS[day.month - 1][:3]} {day.year}"
    if fmt == "en_weekday":
        return f"{EN_WEEKDAYS[day.weekday()]}, {day.day} {EN_MONTHS[day.month - 1]} {day.year}"
    j = jdatetime.date.fromgregorian(date=day)
    if fmt == "shamsi_weekday":
        weekday = (PASHTO_WEEKDAYS if lang == "ps" else DARI_WEEKDAYS)[day.weekday()]
        return f"{weekday}، {format_date(day, 'shamsi_long', lang)}"
    if fmt == "shamsi_long":
        months = PASHTO_MONTHS if lang == "ps" else DARI_MONTHS
        return persian_digits(f"{j.day} {months[j.month - 1]} {j.year}")
    if fmt == "shamsi_num":
        return f"{j.year}/{j.month:02d}/{j.day:02d}"
    if fmt == "shamsi_num_fa":
        return persian_digits(f"{j.year}/{j.month:02d}/{j.day:02d}")
    raise ValueError(f"unknown date format {fmt}")


def original_text(day: dt.date, lang: str) -> str:
    """The optional last line with the original publication date (as the mirror corpus prints it)."""
    return format_date(day, {"en": "en_long", "de": "de_long", "fr": "fr_long"}.get(lang, "shamsi_long"), lang)


def section_labels(section_en: str, style: str, unknown: str | None) -> list[str]:
    """The label lines in printed order (one_line prints the two on one line, English first)."""
    dari = next(s["fa"] for s in load_profile("afgazad").sections if s["en"] == section_en)
    return {
        "one_line": [section_en, dari], "lines_en_first": [section_en, dari], "lines_fa_first": [dari, section_en],
        "en_only": [section_en], "fa_only": [dari], "unknown": [unknown or ""], "none": [],
    }[style]


def running_text(kind: str, date_text: str, title: str) -> str | None:
    return {
        "none": None, "site_date": f"{SITE_NAME}   {date_text}", "site_latin": SITE_LATIN,
        "web": SITE_WEB, "title": title,
    }[kind]


def footer_text(kind: str, page: int, pages: int) -> str | None:
    """A footer for producers that write the page number themselves (reportlab); Persian
    digits where the footer's words are Dari."""
    if kind == "none":
        return None
    before, between, after = FOOTER_PARTS[kind]
    digits = persian_digits if kind in ("fa_n", "fa_n_of_m") else str
    count = "" if between is None else f"{between}{digits(str(pages))}"
    return f"{before}{digits(str(page))}{count}{after}"

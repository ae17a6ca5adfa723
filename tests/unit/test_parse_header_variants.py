"""Header layouts the corpus never drew (tools/corpus/probe_layout.py found each one wrong):
separators between byline and date, prefixes no list holds, weekdays and ISO dates. Each is a
small PDF made here, as in test_parse_header.py."""

from __future__ import annotations

import datetime as dt

import pytest

from newsmon.parse.article import parse_pdf_article
from newsmon.parse.dates import find_date
from newsmon.parse.header import strip_byline_prefix
from tests.pdfs import ArticlePdf
from tests.unit.test_parse_header import BOLD, EN_BODY, FA_BODY, JAN_2, PROFILE, TITLE, URL, article, body_of

FA_TITLE = ("گرانی آرد در بازارهای کابل", TITLE)


@pytest.mark.parametrize("line", [
    "Jane Doe · 02.01.2020",  # a middle dot
    "02.01.2020 • By Jane Doe",  # a bullet
    "By Jane Doe / 02.01.2020",  # a slash beside a date that has none
    "Jane Doe / 2020-01-02",
])
def test_byline_and_date_split_at_any_separator_punctuation(line):
    record = article(("European Languages", BOLD), line, ("Prices rise again", TITLE))
    assert (record.author, record.published_date) == ("Jane Doe", JAN_2)
    assert body_of(record) == EN_BODY


@pytest.mark.parametrize("lines", [
    ["Text: Jane Doe", "02.01.2020"],  # a label and a colon
    ["02.01.2020", "Translated by Jane Doe"],  # a Latin "… by"
    ["02.01.2020 - Text: Jane Doe"],  # sharing the date's line
    ["Übersetzt von Jane Doe · 02.01.2020"],
])
def test_a_byline_prefix_no_list_holds_beside_the_date(lines):
    record = article(("European Languages", BOLD), *lines, ("Prices rise again", TITLE))
    assert record.author == "Jane Doe"
    assert body_of(record) == EN_BODY


@pytest.mark.parametrize("name", ["Christoph von Eichhorn", "Alexa von Heyden", "Walter von der Vogelweide"])
def test_a_von_in_a_name_is_no_prefix(name):
    """German names hold a "von" before the surname (real pages of trafilatura's evaluation set):
    a "von" before a single word, or a lowercase one, is the name's own."""
    record = article(("European Languages", BOLD), f"{name} · 02.01.2020", ("Prices rise again", TITLE))
    assert record.author == name
    assert strip_byline_prefix(name) == name


@pytest.mark.parametrize("lines", [
    ["گزارش از: احمد شاه فرهمند", "۱۲ جدی ۱۳۹۸"],
    ["۱۲ جدی ۱۳۹۸", "ترجمه و تلخیص: احمد شاه فرهمند"],  # a known prefix opens a longer one
    ["۱۲ جدی ۱۳۹۸ · گزارش از: احمد شاه فرهمند"],
])
def test_a_dari_byline_label_no_list_holds(lines):
    record = article(("سیاسی", BOLD), *lines, FA_TITLE, body=FA_BODY)
    assert (record.author, record.published_date) == ("احمد شاه فرهمند", JAN_2)
    assert body_of(record) == FA_BODY


def test_a_labelled_byline_over_a_smaller_body_is_still_a_byline():
    """A 12 pt byline over a 10 pt body stands out by its size alone, less than a title does."""
    pdf = ArticlePdf().masthead().line("European Languages", bold=True).line("02.01.2020").line("Text: Jane Doe")
    pdf.line("Prices rise again", **TITLE)
    for paragraph in EN_BODY:
        pdf.paragraph(paragraph, size=10)
    record = parse_pdf_article(pdf.build(), url=URL, profile=PROFILE)
    assert record.author == "Jane Doe" and record.title == "Prices rise again"


@pytest.mark.parametrize("title_style", [TITLE, {"size": 14, "italic": True}])
def test_a_title_with_a_colon_beside_the_date_is_no_byline(title_style):
    """Bold, or only a little larger and slanted (a probe's "Zwischen zwei Ländern: Rückkehrberatung
    für afghanische Familien", 17 pt italic over a 14 pt body): a title, not a labelled byline."""
    record = article(("European Languages", BOLD), "02.01.2020", ("Kabul: Prices Rise Again", title_style))
    assert record.title == "Kabul: Prices Rise Again" and record.author is None


@pytest.mark.parametrize("printed, byline", [
    ("Thursday, 2 January 2020", None),
    ("پنجشنبه، ۱۲ جدی ۱۳۹۸", "نویسنده: احمد شاه فرهمند"),
    ("سه شنبه ۱۰ جدی ۱۳۹۸", None),
])
def test_a_weekday_before_the_date_is_part_of_the_date(printed, byline):
    fa = "۱۳۹۸" in printed
    line = f"{byline}   {printed}" if byline else printed
    record = article(("سیاسی" if fa else "European Languages", BOLD), line,
                     FA_TITLE if fa else ("Prices rise again", TITLE), body=FA_BODY if fa else EN_BODY)
    assert record.published_date_raw == printed
    assert record.published_date == (JAN_2 if "۱۲" in printed or "2 J" in printed else dt.date(2019, 12, 31))
    assert record.author == ("احمد شاه فرهمند" if byline else None)


def test_an_iso_date_is_printed_year_first():
    assert find_date("2020-01-02 | By Jane Doe").raw == "2020-01-02"
    assert find_date("۲۰۲۰-۰۱-۰۲").raw == "۲۰۲۰-۰۱-۰۲"
    assert find_date("02-01-2020").raw == "02-01-2020"
    record = article(("European Languages", BOLD), "By Jane Doe", "2020-01-02", ("Prices rise again", TITLE))
    assert (record.published_date, record.published_date_raw) == (JAN_2, "2020-01-02")


@pytest.mark.parametrize("printed", ["2020-01-02", "02-01-2020", "۲۰۲۰-۰۱-۰۲"])
def test_a_hyphenated_date_after_a_dari_byline_reads_in_its_printed_order(printed):
    """After Arabic letters the bidi algorithm shows a hyphenated date's numbers right to left
    (its hyphens join no Arabic numbers, unlike "." and "/"): the page's "02-01-2020" is the
    printed "2020-01-02", read from the right."""
    record = article(("سیاسی", BOLD), f"نویسنده: احمد شاه فرهمند / {printed}", FA_TITLE, body=FA_BODY)
    assert (record.author, record.published_date, record.published_date_raw) == (
        "احمد شاه فرهمند", JAN_2, printed)


def test_a_tex_engine_sets_a_hyphenated_date_after_a_dari_byline_as_typed():
    """XeTeX sets "2020-10-14" as one left-to-right box even after Arabic letters, and pdfium
    reads it as typed: its raw date is not turned round (the layout probe's v2739-xetex-fa)."""
    assert find_date("ترجمه: احمد ضیا رحیمی · 2020-10-14", whole_numbers=True).raw == "2020-10-14"
    assert find_date("ترجمه: احمد ضیا رحیمی · 14-10-2020").raw == "2020-10-14"  # a word processor's


def test_an_iso_date_whose_hyphens_the_writer_moved_away_is_a_date():
    """LibreOffice's ISO date alone on a Dari line comes out of pdfium "2021 05 27 - -": the
    hyphens (bidi-neutral there) drawn after the numbers. Read before the hyphens go as
    decoration, it is the date, year first as printed."""
    found = find_date("2021 05 27 - -")
    assert (found.date, found.raw) == (dt.date(2021, 5, 27), "2021-05-27")
    assert find_date("27 05 2021 - -").raw == "27-05-2021"
    assert find_date("۱۳۹۸ ۱۰ ۱۸ / /").raw == "۱۳۹۸/۱۰/۱۸"

"""The judge of a text layer (parse/textlayer.py) on Arabic-script prose whose glyphs came out
as their own codes: Ghostscript's pdfwrite re-writing a Chromium page (the lines below are what
pdfium reads of corpus/variants/dev/v0002-chromium_clean-fa.pdf after `gs -sDEVICE=pdfwrite`;
benchmarks/bench_parse_redistilled.py re-writes it so)."""

from __future__ import annotations

from newsmon.parse import textlayer

# Many letters read as "1", "2", "'", "/" or a capital ("در" as "1/", "از" as "'2", "و" as "J").
GARBLED = "\n".join([
    "کابل 1/ ساF های 'خیر با یکی '2 جدی ترین -",
    " بحر'H های تا1یخ خو/ 1Jبه 1J شدI' ست: کم آبی. به گفته",
    "کا1شناساH J2'1ت ' رژی J آ)، س س آ) های 2 ر2رزمی 1/ رربی '2 ساسات شهر /I 1/ ساF ل شته",
    "بیش 'øö 2 رتر پایین 1فته 'ست. 1/ ناحزه های غربی شهر، بسزا1ی '2 چاI های کم عمق /یگر آبی ند'1ند J",
    "خانو'/I ها ناچا1ند آ) آشارزدنی '2 1' تانکرها بخرند.",
])
# The same words as typed (the document's truth), with the digits and slashes prose has: a year
# before its letter ("1995م"), a date written with slashes.
TYPED = "\n".join([
    "کابل در سال‌های اخیر با یکی از جدی‌ترین بحران‌های تاریخ خود روبه‌رو شده است: کم‌آبی. به گفتهٔ",
    "کارشناسان وزارت انرژی و آب، سطح آب‌های زیرزمینی در برخی از ساحات شهر در ده سال گذشته بیش از ۲۰",
    "متر پایین رفته است. در ناحیه‌های غربی شهر، بسیاری از چاه‌های کم‌عمق دیگر آبی ندارند و خانواده‌ها",
    "ناچارند آب آشامیدنی را از تانکرها بخرند. این گزارش در 1399/03/11 منتشر شد؛ از سال 1995م تا امروز",
])


def test_glyph_codes_read_as_digits_and_punctuation_make_the_text_garbled():
    problem, garbled = textlayer._arabic_words_problem(GARBLED, [])
    assert problem is None  # readable in part: a record, warned of
    assert garbled


def test_prose_with_dates_and_a_year_before_its_letter_is_not_garbled():
    assert textlayer._odd_letters(TYPED) == 0
    assert textlayer._arabic_words_problem(TYPED, []) == (None, False)

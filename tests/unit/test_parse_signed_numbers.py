"""Numbers with signs inside right-to-left text read in the order they were typed (bidi_numbers).

pdfium gives a number and the signs glued to it ("-", "%", "٪") as one left-to-right run, in
the order they stand on the page. Word processors, browsers and reportlab set them by the
Unicode bidi algorithm: after an Arabic letter a number's digits are Arabic numbers, which
neither a percent sign nor a hyphen joins, and a hyphen at a number's edge takes the line's
direction. A fresh probe of texts full of figures (tools/corpus/probe_texts: ps-measles-vaccination
and five more, `python -m tools.corpus.probe_texts --first-seed 4700`) read "٪۶۸" as "۶۸٪",
"95%" as "%95", the item mark "۱- " as "-۱ ", "0700-123-456" as "456-123-0700" in every
document of those producers (body_text 0.229 on 96 documents).

tests/data/pdfs/libreoffice-pashto-signed-numbers.pdf is that probe's v4778-lo_odt-ps and
reportlab-pashto-signed-numbers.pdf its v4787-reportlab-ps (the text ps-measles-vaccination).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsmon.parse.article import parse_pdf_article
from newsmon.parse.bidi_numbers import typed_order
from newsmon.parse.layout import join_lines
from newsmon.sources import load_profile

PDFS = Path(__file__).resolve().parents[1] / "data" / "pdfs"


@pytest.mark.parametrize("name", ["libreoffice-pashto-signed-numbers.pdf", "reportlab-pashto-signed-numbers.pdf"])
def test_signed_numbers_of_a_pashto_article_read_as_typed(name):
    record = parse_pdf_article((PDFS / name).read_bytes(), url="https://www.afgazad.com/x.pdf",
                               profile=load_profile("afgazad"))
    body = record.body_text
    assert "دغه کچه ٪۶۸ وه." in body
    assert "پوښښ له 95% څخه کم" in body
    assert "یادې کړې: ۱- لرې پرتې" in body and "کمښت، ۳- د ځینو" in body
    assert "شمېرې یا 0700-123-456 ته زنګ" in body


def test_after_an_arabic_letter_a_sign_goes_back_to_the_side_it_was_typed_on():
    assert typed_order("دغه کچه ۶۸٪ وه") == "دغه کچه ٪۶۸ وه"
    assert typed_order("پوښښ له %95 څخه") == "پوښښ له 95% څخه"
    assert typed_order("کال (2020-2019) کې") == "کال (2019-2020) کې"
    assert typed_order("یادې کړې: -۱ لرې") == "یادې کړې: ۱- لرې"


def test_a_number_in_left_to_right_context_keeps_its_signs():
    # after a Latin word (and at a line's start with nothing before it) the digits are
    # European numbers: the percent sign and inner hyphens join them, pdfium reads them right
    assert typed_order("سروې (ALCS 2016-2017) او") == "سروې (ALCS 2016-2017) او"
    assert typed_order("د WHO 45% راپور") == "د WHO 45% راپور"
    assert typed_order("۶۸٪ وه او") == "۶۸٪ وه او"
    # ... unless the writer ran the bidi algorithm on the whole paragraph, an Arabic word
    # ending the line before
    assert typed_order("۶۸٪ وه او", before="په نورستان کې دغه کچه") == "٪۶۸ وه او"


def test_a_tex_writer_sets_a_number_with_its_signs_as_typed():
    assert typed_order("دغه کچه ٪۶۸ وه", whole_numbers=True) == "دغه کچه ٪۶۸ وه"
    assert typed_order("کال 2019-2020 کې", whole_numbers=True) == "کال 2019-2020 کې"
    assert typed_order("یادې کړې: -۱ لرې", whole_numbers=True) == "یادې کړې: ۱- لرې"


def test_a_line_with_no_signed_number_is_left_alone():
    for text in ("COVID-19 او د ۲۰۲۳ کال", "د ۱۵ سلنې څخه ۱۹ سلنې ته", "Anteil von 44,6 % in"):
        assert typed_order(text) == text


def test_a_range_broken_after_its_en_dash_joins_without_a_space():
    assert join_lines(["in den drei Jahren (2023–", "2025) schließen"]) == "in den drei Jahren (2023–2025) schließen"
    assert join_lines(["تا زمستان ۱۴۰۲–", "۱۴۰۳ نگران"], breaks_words=True) == "تا زمستان ۱۴۰۲–۱۴۰۳ نگران"
    assert join_lines(["Kabul –", "Herat"]) == "Kabul – Herat"  # typed with spaces: the space stays


def test_a_round_bracket_after_an_item_number_stays_a_closing_one():
    """"۱) کاهش ... ۲) بالا": a list's item marks inside a line. The first one closes nothing
    before it and the next of its kind closes again, which made it read as an opening bracket
    mirrored and moved past its space ("۱ (کاهش"), though pdfium had it right."""
    from newsmon.parse.arabic import _unmirror

    text = "برمی\u200cشمارند: ۱) کاهش تولید گندم داخلی به دلیل خشکسالی، ۲) بالا رفتن قیمت"
    assert _unmirror(text) == text
    turned = "و بانک جهانی (World Bank) خواسته ) UNFPA) همکاری"  # (a real mirrored opener still turns)
    assert _unmirror(turned) != turned


def test_parentheticals_that_open_with_a_number_turned_round_by_chromium_are_put_right():
    """Chromium's PDFs read a parenthetical that opens with a number with both brackets turned
    round and glued to the words outside it ("بهسودو) ۹۸ سلنه(، سرخرود"), three of them in a
    line of district figures; and one with a Latin phrase inside as ") World Bank (" in a line
    that holds another pair. Each pair that stands inside no other is turned back."""
    from newsmon.parse.arabic import _unmirror, brackets_across_lines

    line = "په بهسودو) ۹۸ سلنه(، سرخرود) ۹۶ سلنه( او کامه) ۹۵ سلنه( کې، او تر ټولو ټیټ"
    assert _unmirror(line) == "په بهسودو (۹۸ سلنه)، سرخرود (۹۶ سلنه) او کامه (۹۵ سلنه) کې، او تر ټولو ټیټ"
    assert _unmirror("کچه په مرکز) ٪۸۹(، متون او") == "کچه په مرکز (٪۸۹)، متون او"
    # a paragraph whose last pair opens on the next line (repaired line by line first)
    paragraph = "به ترتیب کابل) ۵٬۵۷۲٬۶۳۰ نفر(، هرات) ۲٬۱۴۰٬۶۶۲ نفر(، بلخ (۱٬۵۰۹٬۱۸۳ نفر) هستند."
    assert brackets_across_lines(paragraph) == \
        "به ترتیب کابل (۵٬۵۷۲٬۶۳۰ نفر)، هرات (۲٬۱۴۰٬۶۶۲ نفر)، بلخ (۱٬۵۰۹٬۱۸۳ نفر) هستند."
    assert _unmirror("سروی‌های (SDES) و بانک جهانی) World Bank (خواسته است") == \
        "سروی‌های (SDES) و بانک جهانی (World Bank) خواسته است"
    # an item mark and a parenthetical that goes on to the next line stay as they are
    assert _unmirror("خشکسالی، ۲) بالا رفتن (قیمت جهانی") == "خشکسالی، ۲) بالا رفتن (قیمت جهانی"


def test_a_latin_item_and_a_number_after_its_comma_read_in_typed_order():
    """"(ARI، ۲۲ سلنه)": a Latin word, an Arabic comma and a number, each a run of its own in a
    right-to-left sentence. pdfium reads the two as one left-to-right run, as they stand on the
    page ("۲۲ ،ARI"), in every producer but XeTeX; only the comma used to be put right."""
    from newsmon.parse.arabic import repair_line
    from tests.pdfs import box_reader

    text = "انتانات (۲۲ ،ARI سلنه)، ملاریا"
    boxes = [(195.0 - 4.5 * i, 0.0, 200.0 - 4.5 * i, 8.0) for i in range(len(text))]  # (joined letters overlap)
    assert repair_line(text, box_reader(boxes), 12.0) == "انتانات (ARI، ۲۲ سلنه)، ملاریا"


def test_a_closing_bracket_reseated_after_its_word_takes_no_space_before_the_comma():
    """LibreOffice, justified with kashidas: pdfium read "(۹۸ سلنه)، سرخرود (۹۶ سلنه)" with its
    brackets apart ("سلنه ، سرخرود ( )۹۶ ( سلنه") and a space where the bracket stood before the
    comma; the bracket goes back beside its word, and that space goes."""
    record = parse_pdf_article((PDFS / "libreoffice-pashto-signed-numbers.pdf").read_bytes(),
                               url="https://www.afgazad.com/x.pdf", profile=load_profile("afgazad"))
    assert "په بهسودو (۹۸ سلنه)، سرخرود (۹۶ سلنه) او" in record.body_text


def test_a_lone_closer_pair_before_a_comma_is_put_right():
    from newsmon.parse.arabic import brackets_across_lines

    assert brackets_across_lines("د تنفسي لارو انتانات ) ARI، ۲۲ سلنه)، ملاریا") == \
        "د تنفسي لارو انتانات (ARI، ۲۲ سلنه)، ملاریا"


def test_a_unit_with_a_superscript_digit_reads_as_typed():
    assert typed_order("هر کیلومتر مربع (²km) زندگی") == "هر کیلومتر مربع (km²) زندگی"
    assert typed_order("مساحت ³m ۲۰") == "مساحت m³ ۲۰"


def test_an_item_mark_that_ends_a_line_keeps_its_space():
    # reportlab: "... رسېږي، ۲-" ends the line (its hyphen turned back by bidi_numbers)
    assert join_lines(["په پښو رسېږي، ۲-", "د یخچالونو کمښت"]) == "په پښو رسېږي، ۲- د یخچالونو کمښت"
    assert join_lines(["COVID-", "19 cases"]) == "COVID-19 cases"


def test_a_pair_after_one_an_earlier_line_opened_is_left_as_pdfium_read_it():
    """The line opens with the closer of a pair an earlier line opened; the pairs on it are right.
    Counting brackets before ") او د پوستکي ناروغۍ (" found as many of each kind, and the words
    between were taken for a turned-round pair."""
    from newsmon.parse.arabic import _unmirror

    line = "سلنه)، د تنفسي لارو انتانات (ARI، ۲۲ سلنه)، ملاریا (۹ سلنه) او د پوستکي ناروغۍ (۷"
    assert _unmirror(line) == line


def test_a_list_item_after_a_full_line_that_ends_a_sentence_opens_a_paragraph():
    """Items set as paragraphs of their own in justified text: an item that ends on a full line
    ("... څخه ډېر ټیټ وي.") gave no sign of its end, and the next item ("۲- د وزن ...") was
    read as its continuation (Chromium, xetex). An item ends with a sentence or a semicolon
    ("3) ... above 60;" then "4) referral ...": the texts probe's v4723-xetex-en), not a comma."""
    from newsmon.parse.layout import split_blocks
    from newsmon.parse.pdf import Line

    def line(text: str, baseline: float) -> Line:
        return Line(text, 0, 60.0, 530.0, baseline + 10, baseline - 3, baseline, 12.0, False, False, 0.0)

    texts = ["۱- د لاس د پېړوالي اندازه چې له ۱۱۵ ملي‌متره لږه وي، سخته خوارځواکي ښيي او", "دا نښه ده.",
             "۲- د وزن او قد نسبت چې له معیار څخه ډېر ټیټ وي او د ماشوم وده ورو ده، نو", "ډاکټران یې ګوري،",
             "۳- د پښو پړسوب چې د ناروغۍ تر ټولو خطرناکه بڼه ده او ژر درملنه غواړي او نور"]
    blocks = split_blocks([line(t, 700.0 - 18 * k) for k, t in enumerate(texts)])
    assert [len(b.lines) for b in blocks] == [2, 3]  # the third item follows a comma: running text
    items = ["3) a sputum test with the GeneXpert machine for anyone whose score is above 60;",
             "4) referral to the nearest clinic for those who test positive."]
    assert len(split_blocks([line(t, 700.0 - 18 * k) for k, t in enumerate(items)])) == 2


def test_a_range_keeps_no_space_made_up_after_its_en_dash():
    assert typed_order("تا زمستان ۱۴۰۲– ۱۴۰۳ نگران") == "تا زمستان ۱۴۰۲–۱۴۰۳ نگران"
    assert typed_order("له ۲۰۱۹ – ۲۰۲۰ پورې") == "له ۲۰۱۹ – ۲۰۲۰ پورې"  # typed with spaces both sides


def test_a_plus_or_minus_sign_before_a_number_reads_as_typed():
    """A plus sign and a minus sign (U+2212) are of the hyphen's bidi class (ES): at a number's
    edge after an Arabic letter each stands on its other side, and pdfium gives "۱۲−", "۲+" for
    the temperatures "−۱۲", "+۲" (a second texts probe, ps-weather-forecast-snow: every producer,
    XeTeX too). The PDF is that probe's v4931-lo_odt-ps. A TeX writer's plus and minus signs
    before a number stay as pdfium has them: real XeTeX files hold them in formulas and in
    section numbers ("−۱ ۱"), where turning them reads no better."""
    record = parse_pdf_article((PDFS / "libreoffice-pashto-plus-minus.pdf").read_bytes(), url="https://www.afgazad.com/x.pdf",
                               profile=load_profile("afgazad"))
    assert "د شپې −۱۲ او د ورځې +۲ درجو" in record.body_text.replace("\n", " ")


def test_plus_and_minus_signs_turn_as_a_hyphen_does():
    assert typed_order("تودوخه ۱۲− درجې وه") == "تودوخه −۱۲ درجې وه"
    assert typed_order("شمېره 93+ ده") == "شمېره +93 ده"
    assert typed_order("the value +5 stays") == "the value +5 stays"
    # a TeX writer sets them so too after an Arabic letter (XeTeX: "۱۲−" for "−۱۲"), but one
    # before a number, or after a Latin word, stays as pdfium has it
    assert typed_order("تودوخه ۱۲− درجې وه", whole_numbers=True) == "تودوخه −۱۲ درجې وه"
    assert typed_order("د ورځې ۲+ درجو", whole_numbers=True) == "د ورځې +۲ درجو"
    assert typed_order("برهان −۱ ۱ و", whole_numbers=True) == "برهان −۱ ۱ و"
    assert typed_order("د x 2+ ده", whole_numbers=True) == "د x 2+ ده"


def test_an_arabic_comma_between_two_numbers_goes_back_after_the_first():
    """Between two Arabic numbers ("۱۵۰٬۰۰۰، ۱۰۰٬۰۰۰") the comma takes the line's direction and
    stands left of the first; pdfium reads both numbers as one left-to-right run with the comma
    glued before it ("،۱۵۰٬۰۰۰ ۱۰۰٬۰۰۰": a second texts probe, ps-wrestling-championship, every
    producer). reportlab-pashto-comma-between-numbers.pdf is that probe's v4942-reportlab-ps."""
    record = parse_pdf_article((PDFS / "reportlab-pashto-comma-between-numbers.pdf").read_bytes(),
                               url="https://www.afgazad.com/x.pdf", profile=load_profile("afgazad"))
    assert "سره ۱۵۰٬۰۰۰، ۱۰۰٬۰۰۰ او ۵۰٬۰۰۰ افغانۍ" in record.body_text.replace("\n", " ")
    assert typed_order("ګټونکو ته ،۳۰ ۲۰ او ۱۰ افغانۍ") == "ګټونکو ته ۳۰، ۲۰ او ۱۰ افغانۍ"
    # a comma typed with its space, one between digits, one before a word: left alone
    for text in ("سره ۱۵۰، ۱۰۰ او", "سال ۱۳۹۸،۱۲ و", "R، G و B", "د ،۱۲ کال"):
        assert typed_order(text) == text


@pytest.mark.parametrize("name", ["libreoffice-pashto-weather-figures.pdf", "xetex-pashto-weather-figures.pdf"])
def test_a_signed_temperature_reads_as_typed(name):
    """"−۱۸°C" in a Pashto sentence: the minus sign (ES) takes the line's direction and stands
    right of the Arabic number, the degree sign (ET, which an Arabic number does not join) and
    the unit left of it. pdfium read "°۱۸−C" in the five producers that follow the bidi rules and
    "۱۸°−C" from XeTeX, which sets number and degree sign as one box (texts probe: 6 documents,
    the text ps-weather-cold; these are its v4931-lo_odt-ps and v4936-xetex-ps)."""
    record = parse_pdf_article((PDFS / name).read_bytes(), url="https://www.afgazad.com/x.pdf",
                               profile=load_profile("afgazad"))
    assert "شپه تر −۱۸°C پورې سړه" in record.body_text
    assert "د شپې −۱۲ او د ورځې +۲ درجو" in record.body_text.replace("\n", " ")


def test_a_signed_temperature_turns_round_only_in_right_to_left_text():
    assert typed_order("به شپه تر °۱۸−C پورې") == "به شپه تر −۱۸°C پورې"
    assert typed_order("به شپه تر ۱۸°−C پورې", whole_numbers=True) == "به شپه تر −۱۸°C پورې"
    assert typed_order("تر (°5+) پورې") == "تر (+5°) پورې"
    for text in ("bei −18°C in Kabul", "تر −۱۸°C پورې", "تر ۱۸° پورې", "tagsüber °18−C"):
        assert typed_order(text) == text


def test_a_dollar_sign_after_an_arabic_letter_goes_back_before_its_number():
    """"$38.5 million" in a Pashto sentence: the dollar sign is of the percent sign's bidi class
    (ET), which an Arabic number (a European one after an Arabic letter, rule W2) does not join,
    so it stands right of the number and pdfium reads "38.5$" (texts probe: LibreOffice and
    Chromium, 7 documents of ps-road-budget and fa-land-dispute; libreoffice-pashto-dollar-amount.pdf
    is its v4926-lo_docx-ps)."""
    record = parse_pdf_article((PDFS / "libreoffice-pashto-dollar-amount.pdf").read_bytes(),
                               url="https://www.afgazad.com/x.pdf", profile=load_profile("afgazad"))
    assert "ټوله بودیجه $38.5 million ده" in record.body_text.replace("\n", " ")
    assert typed_order("با پرداخت 1.2$ million خریده") == "با پرداخت $1.2 million خریده"
    assert typed_order("بودیجه 40$ ده") == "بودیجه $40 ده"
    # at a line's start (reportlab's bidi runs on each line) and after a Latin word the number is
    # a European one, which the sign joins: pdfium reads it as typed
    for text in ("$38.5 million ده او", "costs $38.5 هر", "price 12$ هر"):
        assert typed_order(text) == text

"""LibreOffice's "أ" in SIL's Lateef: a cluster drawn raised, which pdfium reads as a line of its own.

LibreOffice draws an alef with a hamza above in Lateef as a cluster under an /ActualText of its
own, raised off the baseline; pdfium ends the line there, gives the "أ" as a line of its own and
the words drawn before it in the same line as the next one ("... از ۸" + "ی‌دهی، شکایت‌های ...",
then "أ", then " هزار محل ر" for "از ۸ هزار محل رأی‌دهی، شکایت‌های"): a probe of LibreOffice
documents in fonts the corpora never use (tools/corpus/probe_fonts.py --producer lo_odt). A part
of a line that pdfium read after it, standing between two of its characters on its baseline, or a
cluster of one letter inside its height, goes back where it stands (pdf._within_line,
pdf._inserted, also into a line already put together from pieces).

Where a line holds several such clusters, pdfium gives the words between them as lines of their
own too, in the order their objects are drawn ("أی آنان چه ... صندوق ر" before "که ر"), and may
give the cluster's text twice, at the alef and at the hamza (a copy: pdf._without_mark_copies).
Pieces of one baseline that open with such a cluster are one line (pdf._on_one_baseline,
pdf._alef_hamza_apart), put in order by where they stand (pdf._positional_order, a piece of
pdfium's a part of its own), and so is a line around a cluster that is an object of its own
(pdf._alef_hamza_alone: "هر أر B ،A و ی در سه"). The fixture is a probe document made again
without pictures by tools/corpus/probe_fixture.py (the corpus's own text).
"""

from __future__ import annotations

from tests.pdfs import committed_probe, committed_raw_text

NAME = "lo-odt-lateef-raised-alef-hamza"


def test_pdfium_reads_the_cluster_as_a_line():
    """The defect is pdfium's (so the test below can fail)."""
    raw = committed_raw_text(NAME, all_pages=True)
    assert "\r\nأ\r\n هزار محل ر\r\n" in raw


def test_the_words_around_the_cluster_read_in_place():
    truth, record = committed_probe(NAME)
    phrase = "از ۸ هزار محل رأی\u200cدهی، شکایت\u200cهای"
    assert phrase in truth["body_text"]
    assert phrase in record.body_text


def test_a_line_with_several_clusters_reads_in_order():
    """Before: "بسیاری از ر أی، با یک" and the words between the clusters as paragraphs of
    their own; "که هر أر A، B و أی در سه"."""
    truth, record = committed_probe(NAME)
    for phrase in (("بسیاری از رأی\u200cدهندگان که با وجود تهدیدهای امنیتی به پای صندوق رفتند، اکنون می\u200cپرسند"
                    " که رأی آنان چه ارزشی دارد. اعتماد، برخلاف صندوق رأی، با یک فرمان"),
                   "توضیح داد که هر رأی در سه مرحله بررسی می\u200cشود: مرحله\u200cهای A، B و C.",
                   "از حدود 2.7 میلیون رأی ثبت\u200cشده، نزدیک به ۳۰۰ هزار رأی هنوز زیر بررسی است.",
                   "بر سر آرای «بدون بایومتریک»"):
        assert phrase in truth["body_text"], phrase
        assert phrase in record.body_text, phrase
    assert "\u0623" not in record.body_text.replace("رأی", "")  # (no copy of a cluster left over)

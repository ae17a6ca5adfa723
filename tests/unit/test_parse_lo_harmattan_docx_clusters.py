"""LibreOffice's .docx in SIL's Harmattan: the heh-with-hamza and beh-with-kasra clusters.

LibreOffice draws "هٔ" (a word's ezafe) and "بِ" in Harmattan as glyph clusters under an
/ActualText of their own, text objects apart, and breaks the word's run there; pdfium reads the
line in the order of its objects, not where they stand (a probe of LibreOffice documents in
fonts the corpora never use: tools/corpus/probe_fonts.py --font Harmattan --producer lo_docx,
seeds 2260-2559, 4 of 26 Dari documents). Each fixture is a probe document made again by
tools/corpus/probe_fixture.py (the corpus's own text; the JSON holds the recipe and the truth):

- cluster-after-bracket: "(IEC )هٔ نهایی ... است" then "هنوز نتیج ." on the same baseline: pdfium
  read the bracket right before the cluster word (pdf._DETACHED_MARK after a bracket too; the
  bracket glued to it does not stop pdf._positional_order), and LibreOffice ends the run
  "هنوز نتیج" with a space glyph in the join ("نتیج هٔ": pdf._LONE_HEH_HAMZA); "کند. هٔ" then
  "روزنام New York" (a piece that ends with the cluster: pdf._HAMZA_CLUSTER_LAST).
- piece-after-stop: "ذخیر . هٔ بند هٔ آب باران می‌دانند" + "پروژ": a piece of pdfium's that opens
  with a letter is a part of its own (pdf._positional_order), however near the part before.
- ezafe-before-part: "بآِ همسایه" (the word turned at the cluster): the kasra read right after the
  word's last letter stays on it when the next word is another part (pdf._positional_order).
- turned-first-run: the first Arabic-script run of a page is "هاگتسد" (a caption's "دستگاه",
  turned at its final heh's cluster), which made the page seem one of runs in visual order
  (LuaTeX's) and every line of it was read again from where its glyphs stand, spaces inside the
  words (pdf._around_cluster: a run that opens as a word turned at such a cluster tells nothing).
"""

from __future__ import annotations

import pytest

from tests.pdfs import committed_probe, committed_raw_text

# fixture: (what pdfium reads, a phrase of the truth that newsmon must read)
CASES = {
    "lo-docx-harmattan-cluster-after-bracket": (
        ")IEC )هٔ", "کمیسیون مستقل انتخابات (IEC) هنوز نتیجهٔ نهایی را اعلام نکرده است. بازشماری"),
    "lo-docx-harmattan-piece-after-stop": (
        "ذخیر . هٔ بند هٔ آب باران", "در اطراف شهر و ذخیرهٔ آب باران می\u200cدانند. پروژهٔ بند شاه\u200cتوت"),
    "lo-docx-harmattan-ezafe-before-part": ("بآِ همس", "می\u200cکند، آبِ همسایه را هم"),
    "lo-docx-harmattan-turned-first-run": ("هاگتسد اسکن کتاب هک", "دشواری\u200cها کم نیستند. برق شهر"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_pdfium_reads_the_line_out_of_order(name):
    """The defect is pdfium's (so the test below can fail)."""
    assert CASES[name][0] in committed_raw_text(name, all_pages=True)


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_body_reads_as_typed(name):
    truth, record = committed_probe(name)
    assert CASES[name][1] in truth["body_text"]
    assert CASES[name][1] in record.body_text
    assert record.body_text == truth["body_text"]

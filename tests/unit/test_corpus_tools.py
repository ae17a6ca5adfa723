"""The corpus builders of tools/corpus reproduce the committed gold corpora.

They are dev tools (`make corpus-variants`, `make corpus-html`), outside the library; what they
wrote is committed, and the parser's floors are set on it. So each builder is checked against
its committed output: the HTML pages and the Darya News site are rebuilt whole (no external tool
needed) and must match byte for byte; the varied PDF corpus needs LibreOffice, Chromium and
XeTeX to render, so its plan is checked instead: the same documents, and ground truth equal to
the committed truth but for what only the rendered PDF tells (its page count).
"""

from __future__ import annotations

import json
from types import SimpleNamespace
from pathlib import Path

import pytest

from newsmon.testing import darya as darya_site
from tools.corpus import darya, html_corpus
from tools.corpus.content import load_articles
from tools.corpus.coverage import missing
from tools.corpus.layout import build_doc
from tools.corpus.plan import all_recipes
from tools.corpus.truth import ground_truth

ROOT = Path(__file__).resolve().parents[2]
VARIANTS = ROOT / "corpus" / "variants"
PDF_TAGS = ("pages:", "multipage", "reversed_chars")  # tags build() adds from the rendered PDF


def files(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("partition", ["dev", "heldout"])
def test_the_html_corpus_is_rebuilt_byte_for_byte(tmp_path, partition):
    truths = html_corpus.build(partition, tmp_path)
    rebuilt, committed = files(tmp_path / partition), files(html_corpus.OUT_DIR / partition)
    assert len(truths) * 2 == len(committed) and sorted(rebuilt) == sorted(committed)
    assert [name for name in committed if rebuilt[name] != committed[name]] == []


def test_the_darya_site_corpus_is_rebuilt_byte_for_byte(tmp_path):
    written = darya.generate(tmp_path / "darya")
    rebuilt, committed = files(tmp_path / "darya"), files(darya_site.CORPUS_DIR)
    assert written * 2 == len(committed) and sorted(rebuilt) == sorted(committed)
    assert [name for name in committed if rebuilt[name] != committed[name]] == []


@pytest.fixture(scope="module")
def planned() -> list:
    articles = {a.slug: a for a in load_articles()}
    return [build_doc(articles[r.article], r) for r in all_recipes(list(articles.values()))]


def test_the_variants_plan_is_the_committed_set_of_documents(planned):
    for partition in ("dev", "heldout"):
        ids = {doc.doc_id for doc in planned if doc.recipe.partition == partition}
        assert ids == {p.stem for p in (VARIANTS / partition).glob("*.json")}, partition
        assert ids == {p.stem for p in (VARIANTS / partition).glob("*.pdf")}, partition
    assert missing([doc.recipe for doc in planned]) == {"dev": [], "heldout": []}  # every dimension value drawn
    dev = [doc.recipe for doc in planned if doc.recipe.partition == "dev"]
    held_out = [doc.recipe for doc in planned if doc.recipe.partition == "heldout"]
    assert not {r.key() for r in dev} & {r.key() for r in held_out}
    assert not {r.arrangement() for r in dev} & {r.arrangement() for r in held_out}


def test_the_variants_ground_truth_is_what_the_plan_says(planned):
    differ = []
    for doc in planned:
        committed = json.loads((VARIANTS / doc.recipe.partition / f"{doc.doc_id}.json").read_text(encoding="utf-8"))
        committed["tags"] = [t for t in committed["tags"] if not t.startswith(PDF_TAGS)]
        if ground_truth(doc) != committed:
            differ.append(doc.doc_id)
    assert differ == []


def test_the_probe_sample_draws_like_dev_from_new_seeds_and_never_a_held_out_header():
    from tools.corpus.plan import dev_recipes, heldout_recipes
    from tools.corpus.probe import probe_recipes
    from tools.corpus.recipes import DEV_SEEDS, RESERVED, dev_schedule

    articles = load_articles()
    dev = dev_recipes(articles)
    held = heldout_recipes(articles, dev)
    probe = probe_recipes(articles, first_seed=1000)
    assert [(r.producer, r.lang) for r in probe] == dev_schedule()
    assert all(r.seed >= 1000 and r.seed not in DEV_SEEDS for r in probe)
    assert not {r.key() for r in probe} & {r.key() for r in held}
    assert not {r.arrangement() for r in probe} & {r.arrangement() for r in held}
    assert not {v for r in probe for v in r.to_dict().values() if isinstance(v, str | int)} & RESERVED
    heldout_texts = {a.slug for a in articles if a.heldout_only}
    assert heldout_texts and not {r.article for r in probe} & heldout_texts


def test_the_new_producers_probe_takes_no_dev_or_held_out_seed_and_no_held_out_header_with_any_producer():
    """tools.corpus.probe_new draws dev-like recipes for producers the corpus does not have; a
    held-out header must not come back on a new producer (the key and arrangement compared
    without the producer), nor a seed dev or held-out used, a reserved value or a held-out text."""
    from tools.corpus.plan import dev_recipes, heldout_recipes
    from tools.corpus.probe_new import NEW_PRODUCERS, new_recipes
    from tools.corpus.recipes import DEV_SEEDS, PRODUCERS, RESERVED

    articles = load_articles()
    dev = dev_recipes(articles)
    held = heldout_recipes(articles, dev)
    probe = new_recipes(articles, sorted(NEW_PRODUCERS), 12, first_seed=5000)
    assert len(probe) == 12 * len(NEW_PRODUCERS) and not {r.producer for r in probe} & set(PRODUCERS)
    assert {r.lang for r in probe} == {"fa", "ps", "en", "de"}
    assert not {r.seed for r in probe} & ({r.seed for r in dev + held} | set(DEV_SEEDS))
    assert not {r.key()[1:] for r in probe} & {r.key()[1:] for r in held}
    assert not {r.arrangement()[1:] for r in probe} & {r.arrangement()[1:] for r in held}
    assert not {v for r in probe for v in r.to_dict().values() if isinstance(v, str | int)} & RESERVED
    assert not {r.article for r in probe} & {a.slug for a in articles if a.heldout_only}

def test_a_reportlab_line_of_a_dari_paragraph_that_begins_with_a_latin_word_reads_right_to_left(tmp_path):
    """The reportlab generator lays out each line of a right-to-left paragraph right to left, the
    direction of the paragraph: a line that begins with "(ASYCUDA)" has it at its right end, where
    a Dari reader starts. (python-bidi's default took the direction from the line's first letter
    and drew such a line left to right, Latin word first: v0070's "(ASYCUDA)" line.)"""
    import pypdfium2 as pdfium
    from reportlab.platypus import SimpleDocTemplate

    from tools.corpus import reportlab_pdf

    fonts = reportlab_pdf.Fonts(SimpleNamespace(recipe=SimpleNamespace(arabic_font="DejaVu Sans",
                                                                       latin_font="DejaVu Sans")))
    first = "گمرکات کشور از سامانهٔ"
    text = first + " (ASYCUDA) برای ثبت کالا استفاده می‌کنند"
    width = fonts.width(reportlab_pdf._visual(first), 12, False) + 2  # the Latin word opens line 2
    lines = reportlab_pdf._text_block(reportlab_pdf._flowables(), fonts, text, 12, width, True, "start")
    assert [line.parts[0].split()[0] for line in lines][:2] == ["گمرکات", "(ASYCUDA)"]
    pdf = tmp_path / "asycuda.pdf"
    SimpleDocTemplate(str(pdf), leftMargin=40, rightMargin=40).build(lines)
    page = pdfium.PdfDocument(str(pdf))[0]
    textpage = page.get_textpage()
    boxes = [(textpage.get_text_range(i, 1), textpage.get_charbox(i)) for i in range(textpage.count_chars())]
    latin_line = next(box[1] for ch, box in boxes if ch == "Y")
    on_line = [(ch, box) for ch, box in boxes if abs(box[1] - latin_line) < 3 and not ch.isspace()]
    latin_left = min(box[0] for ch, box in on_line if ch.isascii() and ch.isalpha())
    arabic_right = max(box[2] for ch, box in on_line if not ch.isascii())
    assert latin_left > arabic_right  # "(ASYCUDA)" is right of every Dari letter of its line


def test_the_texts_probe_draws_only_its_own_texts_and_no_dev_or_held_out_seed_or_header():
    """tools.corpus.probe_texts draws each of its own Dari and Pashto texts (none a corpus text)
    with every producer of the corpus, on no seed dev or held-out used and no held-out header."""
    from tools.corpus.plan import dev_recipes, heldout_recipes
    from tools.corpus.probe_texts import TEXTS, text_recipes
    from tools.corpus.recipes import DEV_SEEDS, PRODUCERS

    corpus = load_articles()
    texts = load_articles(TEXTS)
    assert {"fa", "ps"} <= {t.lang for t in texts} and len(texts) >= 5  # (and a few English, German ones)
    assert not {t.slug for t in texts} & {a.slug for a in corpus}
    assert not {t.title for t in texts} & {a.title for a in corpus}
    held_out_subjects = {a.slug.split("-", 1)[1] for a in corpus if a.heldout_only}  # (none of theirs)
    assert not {t.slug.split("-", 1)[1] for t in texts} & held_out_subjects
    dev = dev_recipes(corpus)
    held = heldout_recipes(corpus, dev)
    probe = text_recipes(texts, 1)
    assert len(probe) == len(texts) * len(PRODUCERS)
    assert {(r.article, r.producer) for r in probe} == {(t.slug, p) for t in texts for p in PRODUCERS}
    assert not {r.seed for r in probe} & ({r.seed for r in dev + held} | set(DEV_SEEDS))
    assert not {r.key() for r in probe} & {r.key() for r in held}
    assert not {r.arrangement() for r in probe} & {r.arrangement() for r in held}


def test_the_layout_probe_draws_novel_values_and_never_a_reserved_value_a_dev_value_or_a_held_out_header():
    """tools.corpus.probe_layout makes the parser meet layout values nobody has drawn (fonts, joiners,
    footers, prefixes, date formats, labels, sizes): each is novel with a good chance, none is
    reserved for held-out or in a tuple dev draws from, and no held-out seed, text, key or
    arrangement is taken."""
    from tools.corpus import formats
    from tools.corpus.plan import dev_recipes, heldout_recipes
    from tools.corpus.probe_layout import FIRST_SEED, LAST_SEED, NOVEL_ARABIC, layout_recipes, novel_values
    from tools.corpus.recipes import RESERVED

    articles = load_articles()
    dev = dev_recipes(articles)
    held = heldout_recipes(articles, dev)
    probe = layout_recipes(articles, FIRST_SEED, 48)
    novel = novel_values()
    assert not novel & RESERVED
    dev_values = {str(v) for r in dev for v in r.to_dict().values()}
    assert novel & dev_values == {"Nazli"}  # XeTeX's font in dev; novel on the producers that lack it
    assert "Nazli" not in NOVEL_ARABIC["xetex"]
    assert len(probe) == 48 and all(FIRST_SEED <= r.seed <= LAST_SEED for r in probe)
    drawn = {(k, str(v)) for r in probe for k, v in r.to_dict().items() if str(v) in novel}
    for field in ("arabic_font", "latin_font", "joiner", "footer", "prefix", "date_format", "unknown_label",
                  "body_size", "line_spacing"):
        assert any(k == field for k, _ in drawn), field
    assert not {str(v) for r in probe for v in r.to_dict().values()} & RESERVED
    assert not {r.key() for r in probe} & {r.key() for r in held}
    assert not {r.arrangement() for r in probe} & {r.arrangement() for r in held}
    assert not {r.article for r in probe} & {a.slug for a in articles if a.heldout_only}
    day = __import__("datetime").date(2020, 3, 5)
    assert formats.format_date(day, "en_weekday", "en") == "Thursday, 5 March 2020"
    assert formats.format_date(day, "en_short", "en") == "5 Mar 2020"
    assert formats.format_date(day, "dmy_slash", "fa") == "05/03/2020"
    assert formats.footer_text("fa_n_of_m", 2, 3) == "صفحه ۲ از ۳" and formats.footer_text("n", 2, 3) == "2"

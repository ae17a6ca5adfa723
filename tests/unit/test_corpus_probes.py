"""The probe tools that draw values neither partition uses (tools/corpus/probe_fonts.py, probe_print_footer.py)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from tools.corpus.content import load_articles
from tools.corpus.probe import probe_recipes
from tools.corpus.probe_fonts import FONTS, PRODUCERS, font_recipes
from tools.corpus.recipes import ARABIC_FONTS, RESERVED


def test_its_fonts_are_new_to_dev_and_held_out():
    used = {font for fonts in ARABIC_FONTS.values() for font in fonts}
    probe_fonts = {font for fonts in FONTS.values() for font in fonts}
    assert not probe_fonts & used and not probe_fonts & RESERVED


def test_each_recipe_takes_a_probe_font_of_its_language():
    recipes = font_recipes(probe_recipes(load_articles(), 1500))
    assert recipes
    assert all(r.producer in PRODUCERS and r.arabic_font in FONTS[r.lang] for r in recipes)
    assert {r.arabic_font for r in recipes} == {font for fonts in FONTS.values() for font in fonts}


def test_the_print_footer_probe_leaves_the_page_margins_to_the_browser():
    from tools.corpus.probe_print_footer import print_footer_recipes

    recipes = print_footer_recipes(probe_recipes(load_articles(), 1900))
    assert recipes and all(r.producer.startswith("chromium") for r in recipes)
    assert {(r.running_header, r.footer) for r in recipes} == {("none", "none")}


def test_a_verse_paragraph_is_set_as_couplets_and_each_is_a_paragraph_of_the_truth(tmp_path):
    """A body paragraph whose lines open with "> " is verse: content.Article.verses holds its
    couplets, layout.Verse sets them, and the truth reads each couplet as a paragraph."""
    from tools.corpus.content import parse_text
    from tools.corpus.layout import Verse, build_doc

    text = Path(__file__).resolve().parents[2] / "tools" / "corpus" / "probe_texts" / "fa-poetry-evening-herat.txt"
    article = parse_text(text)
    assert [i for i, _ in article.verses] == [2, 5]
    first = dict(article.verses)[2][0]
    assert first == ("باران که می‌بارد به کوچه‌های قدیم", "صدای پای پدر می‌رسد ز راه دراز")
    recipe = probe_recipes([article, *load_articles()], 1500)[0]
    doc = build_doc(article, dataclasses.replace(recipe, article=article.slug, lang="fa"))
    assert sum(isinstance(block, Verse) for block in doc.body) == 2
    assert f"{first[0]} {first[1]}" in doc.paragraphs and len(doc.paragraphs) == len(article.paragraphs) + 1


def test_the_texts_probe_never_draws_a_held_out_seed():
    """Seven texts twice on each producer from seed 4950 would run past 5000: refused."""
    import pytest

    from tools.corpus.probe_texts import TEXTS, text_recipes

    texts = load_articles(TEXTS)[:7]
    assert max(r.seed for r in text_recipes(texts[:1], 1, 4900)) < 5000
    with pytest.raises(ValueError, match="held-out range"):
        text_recipes(texts, 2, 4950)

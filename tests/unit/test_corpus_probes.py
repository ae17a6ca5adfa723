"""The probe tools that draw values neither partition uses (tools/corpus/probe_fonts.py, probe_print_footer.py)."""

from __future__ import annotations

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

"""Which documents the corpus holds: the dev recipes, then the held-out recipes that pass the rule."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from tools.corpus.content import Article
from tools.corpus.recipes import (
    DEV_SEEDS, HELDOUT_FIRST_SEED, Recipe, dev_schedule, draw_recipe, heldout_schedule,
)

MAX_TRIES = 10_000


def _next_article(pool: list[Article], used: Counter, lang: str) -> Article:
    """Round robin, shifted by one each round, so a producer does not get the same text every time."""
    n = used[lang]
    used[lang] += 1
    return pool[(n + n // len(pool)) % len(pool)]


def _recipe(seed: int, partition: str, producer: str, article: Article) -> Recipe:
    return draw_recipe(seed, partition, producer, article.lang, article.slug, len(article.captions), bool(article.quote))


def first_fitting_recipe(seed: int, partition: str, producer: str, article: Article,
                         fits: Callable[[Recipe], bool], what: str) -> tuple[Recipe, int]:
    """The recipe of the first seed from `seed` on that `fits`, and the seed after it; a
    RuntimeError naming `what` after MAX_TRIES seeds."""
    for _ in range(MAX_TRIES):
        recipe = _recipe(seed, partition, producer, article)
        seed += 1
        if fits(recipe):
            return recipe, seed
    raise RuntimeError(f"no {what} recipe for {producer}/{article.lang} in {MAX_TRIES} seeds")


def dev_recipes(articles: list[Article]) -> list[Recipe]:
    pools = {lang: [a for a in articles if a.lang == lang and not a.heldout_only] for lang in {a.lang for a in articles}}
    used: Counter = Counter()
    recipes = []
    for seed, (producer, lang) in zip(DEV_SEEDS, dev_schedule(), strict=True):
        article = _next_article(pools[lang], used, lang)
        recipes.append(_recipe(seed, "dev", producer, article))
    return recipes


def _heldout_pool(articles: list[Article]) -> list[Article]:
    """Held-out-only texts come back after every two others."""
    reserved = [a for a in articles if a.heldout_only]
    others = [a for a in articles if not a.heldout_only]
    if not reserved:
        return others
    pool: list[Article] = []
    for i, article in enumerate(others):
        if i % 2 == 0:
            pool.append(reserved[(i // 2) % len(reserved)])
        pool.append(article)
    return pool


def heldout_recipes(articles: list[Article], dev: list[Recipe]) -> list[Recipe]:
    """Reserved seeds; a recipe whose combination or header arrangement dev has is skipped."""
    keys = {r.key() for r in dev}
    arrangements = {r.arrangement() for r in dev}
    pools = {lang: _heldout_pool([a for a in articles if a.lang == lang]) for lang in {a.lang for a in articles}}
    used: Counter = Counter()
    seed = HELDOUT_FIRST_SEED
    recipes = []
    for producer, lang in heldout_schedule():
        article = _next_article(pools[lang], used, lang)
        recipe, seed = first_fitting_recipe(seed, "heldout", producer, article,
                                            lambda r: r.key() not in keys and r.arrangement() not in arrangements,
                                            "held-out")
        recipes.append(recipe)
    return recipes


def all_recipes(articles: list[Article]) -> list[Recipe]:
    dev = dev_recipes(articles)
    return dev + heldout_recipes(articles, dev)

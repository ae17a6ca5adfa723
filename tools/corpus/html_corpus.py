"""Build the HTML gold corpus: article pages and their ground truth, corpus/html/{dev,heldout}.

    .venv/bin/python -m tools.corpus.html_corpus          # both partitions, deterministic

Pages come from the templates of `html_templates` (WordPress-like, a JSON-LD news portal, a
minimal blog, an RTL Dari/Pashto portal, OpenGraph only, visible byline and dateline only,
schema.org microdata) in en, de, fr, fa and ps. `heldout` is made of template x language
combinations that `dev` never has (and the microdata template, in no `dev` page), from other
seeds: the HTML parser's rules are written and tuned against `dev` only.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
import sys
from pathlib import Path

from newsmon.parse.text import letter_forms, normalize_text
from newsmon.records import content_hash, count_words, make_article_id
from tools.corpus.html_templates import TEMPLATES, Story
from tools.corpus.html_texts import TEXTS

OUT_DIR = Path(__file__).resolve().parents[2] / "corpus" / "html"
SOURCE = "htmlgold"
BASE_URL = "https://news.example.org"
PAGES_PER_COMBINATION = 3
DEV = {
    "wordpress": ("en", "de", "fr", "fa"),
    "portal_jsonld": ("en", "fa", "ps"),
    "minimal_blog": ("en", "de", "fr"),
    "rtl_portal": ("fa", "ps"),
    "og_only": ("en", "fa", "fr"),
    "visible_only": ("en", "ps", "de"),
}
HELDOUT = {
    "wordpress": ("ps",),
    "portal_jsonld": ("de", "fr"),
    "minimal_blog": ("fa",),
    "rtl_portal": ("en",),
    "og_only": ("ps", "de"),
    "visible_only": ("fa", "fr"),
    "microdata": ("en", "fa", "ps", "de"),
}
SEEDS = {"dev": 1401, "heldout": 9907}
FIRST_DAY, LAST_DAY = dt.date(2024, 1, 1), dt.date(2026, 10, 31)


def story(lang: str, rng: random.Random) -> Story:
    words = TEXTS[lang]
    blocks = rng.sample(words["paragraphs"], rng.randint(3, 5))
    subhead_at = None
    if rng.random() < 0.5:
        subhead_at = 2
        blocks.insert(2, rng.choice(words["subheads"]))
    title = rng.choice(words["titles"])
    return Story(lang=lang, title=title, authors=rng.sample(words["authors"], rng.choice([1, 1, 2, 2, 3])),
                 date=FIRST_DAY + dt.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days)),
                 blocks=blocks, subhead_at=subhead_at,
                 captions=rng.sample(words["captions"], rng.choice([0, 1, 1, 2])),
                 section=rng.choice(words["sections"]),
                 related=rng.sample([t for t in words["titles"] if t != title], 3), rng=rng)


def ground_truth(doc_id: str, partition: str, template: str, page, told: Story) -> dict:
    """The record a perfect parser makes of the page, from the story alone (never from a parser)."""
    lang = told.lang
    url = f"{BASE_URL}/{lang}/{doc_id}.html"
    body = letter_forms("\n\n".join(normalize_text(b) for b in told.blocks), lang)
    authors = page.authors or told.authors
    return {
        "article_id": make_article_id(SOURCE, url), "source": SOURCE, "url": url, "partition": partition,
        "template": template, "section": page.section, "language": lang, "title": normalize_text(told.title),
        "author": ", ".join(normalize_text(a) for a in authors), "published_date": told.date.isoformat(),
        "published_date_raw": normalize_text(page.date_raw), "original_published_date": None,
        "captions": [normalize_text(c) for c in told.captions], "body_text": body,
        "word_count": count_words(body), "content_sha256": content_hash(body),
    }


def build(partition: str, out_dir: Path = OUT_DIR) -> list[dict]:
    plan = DEV if partition == "dev" else HELDOUT
    rng = random.Random(SEEDS[partition])
    target = out_dir / partition
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    truths = []
    for template, languages in plan.items():
        for lang in languages:
            for n in range(PAGES_PER_COMBINATION):
                doc_id = f"{partition[0]}{len(truths):03d}-{template}-{lang}"
                told = story(lang, random.Random(rng.randrange(2**32)))
                page = TEMPLATES[template](told)
                (target / f"{doc_id}.html").write_text(page.html, encoding="utf-8")
                truth = ground_truth(doc_id, partition, template, page, told)
                (target / f"{doc_id}.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n",
                                                       encoding="utf-8")
                truths.append(truth)
    return truths


def main() -> int:
    for partition in ("dev", "heldout"):
        truths = build(partition)
        print(f"{partition}: {len(truths)} pages in {OUT_DIR / partition}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

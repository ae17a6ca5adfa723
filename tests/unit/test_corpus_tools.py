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

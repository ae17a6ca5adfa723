"""A fresh PROBE sample of the dev variation space, built outside the repository.

    .venv/bin/python -m tools.corpus.probe [--out /work/probe12-corpus] [--first-seed 1000] [--only ID ...]
    newsmon eval --dir /work/probe12-corpus

The dev partition has been tuned against, so its scores overstate how the parser reads documents
it has not seen; the held-out partition must not be looked at while tuning. A probe sample is
drawn exactly as dev is (``dev_schedule()``'s producer x language cycle, no reserved value, no
``heldout: yes`` text, the same round robin of texts) but from NEW seeds, so its misses are fresh
evidence from the dev space. A drawn recipe whose ``key()`` or ``arrangement()`` a held-out recipe
has is skipped (the next seed is tried): the probe never repeats a held-out header. Only the
held-out *recipes* are computed for that (from the plan), never a held-out PDF or output.

The PDFs and truth JSON go flat into ``--out`` (not committed: a probe is a throwaway sample).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

from tools.corpus.build import produce
from tools.corpus.check import check_pdf
from tools.corpus.content import Article, load_articles
from tools.corpus.layout import Doc, build_doc
from tools.corpus.pin import pin_pdf
from tools.corpus.plan import MAX_TRIES, _next_article, _recipe, dev_recipes, heldout_recipes
from tools.corpus.recipes import DEV_SEEDS, HELDOUT_FIRST_SEED, Recipe, dev_schedule
from tools.corpus.truth import ground_truth

DEFAULT_OUT = Path("/work/probe12-corpus")
DEFAULT_FIRST_SEED = 1000
PARTITION = "probe"


def held_out_headers_and_pools(articles: list[Article]) -> tuple[set[tuple[str, ...]], set[tuple[str, ...]],
                                                               dict[str, list[Article]]]:
    """The held-out recipes' header keys and arrangements (a probe repeats neither; only the
    recipes are computed, never a held-out document), and the dev texts of each language."""
    held = heldout_recipes(articles, dev_recipes(articles))
    pools = {lang: [a for a in articles if a.lang == lang and not a.heldout_only]
             for lang in {a.lang for a in articles}}
    return {r.key() for r in held}, {r.arrangement() for r in held}, pools


def probe_recipes(articles: list[Article], first_seed: int = DEFAULT_FIRST_SEED) -> list[Recipe]:
    """One recipe per dev slot, from seeds counting up from `first_seed`, none with a held-out
    key or arrangement (and no seed of dev or held-out)."""
    keys, arrangements, pools = held_out_headers_and_pools(articles)
    used: Counter = Counter()
    seed, recipes = first_seed, []
    for producer, lang in dev_schedule():
        article = _next_article(pools[lang], used, lang)
        for _ in range(MAX_TRIES):
            if seed in DEV_SEEDS or seed >= HELDOUT_FIRST_SEED:
                raise ValueError(f"probe seed {seed}: a dev or held-out seed; start below {HELDOUT_FIRST_SEED} "
                                 f"and above {DEV_SEEDS.stop - 1}")
            recipe = _recipe(seed, PARTITION, producer, article)
            seed += 1
            if recipe.key() not in keys and recipe.arrangement() not in arrangements:
                recipes.append(recipe)
                break
        else:
            raise RuntimeError(f"no probe recipe for {producer}/{lang} in {MAX_TRIES} seeds")
    return recipes


LOW_RECALL = "pdfium finds only"  # (check_pdf's problem where raw recall is low)


def build_probe(docs: list[Doc], out_dir: Path, low_recall: bool = False) -> list[dict]:
    """Produce, pin and check each PDF; write `<id>.pdf` + `<id>.json` flat into `out_dir`.
    A document whose checks fail is left out with one line saying why (a probe is a sample).
    `low_recall`: keep one whose only fault is that pdfium's raw text finds too few of its words
    (Chromium's /ReversedChars with some fonts: a case for newsmon's reading, made into a fixture)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="newsmon-probe-"))
    truths = []
    try:
        pdfs = produce(docs, work)
        for doc in docs:
            data = pin_pdf(pdfs[doc.doc_id].read_bytes(), doc.doc_id, doc.recipe.date)
            checked = check_pdf(doc, data)
            problems = [p for p in checked.problems if not (low_recall and p.startswith(LOW_RECALL))]
            if problems:
                print(f"  {doc.doc_id}: left out: {'; '.join(problems)}", file=sys.stderr)
                continue
            truth = ground_truth(doc)
            truth["tags"] += [f"pages:{checked.pages}"] + (["multipage"] if checked.pages > 1 else [])
            truth["tags"] += ["reversed_chars"] if checked.reversed_chars else []
            (out_dir / f"{doc.doc_id}.pdf").write_bytes(data)
            (out_dir / f"{doc.doc_id}.json").write_text(json.dumps(truth, ensure_ascii=False, indent=2) + "\n",
                                                        encoding="utf-8")
            truths.append(truth)
            print(f"  {doc.doc_id:32} pages={checked.pages} raw_recall={checked.raw_recall:.3f}")
        return truths
    finally:
        shutil.rmtree(work, ignore_errors=True)


def write_probe(recipes: list[Recipe], articles: dict[str, Article], out_dir: Path,
                only: list[str] | None = None) -> int:
    """Build the recipes' documents (those in `only`, where given) into `out_dir` (see
    build_probe) and say how many were written: every probe tool's last step."""
    docs = [build_doc(articles[r.article], r) for r in recipes if not only or r.doc_id in only]
    truths = build_probe(docs, out_dir)
    print(f"{len(truths)} of {len(docs)} probe documents written to {out_dir}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tools.corpus.probe", description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default {DEFAULT_OUT})")
    ap.add_argument("--first-seed", type=int, default=DEFAULT_FIRST_SEED)
    ap.add_argument("--only", action="append", help="only this document id (repeatable)")
    args = ap.parse_args(argv)
    articles = {a.slug: a for a in load_articles()}
    return write_probe(probe_recipes(list(articles.values()), args.first_seed), articles, args.out, args.only)


if __name__ == "__main__":
    sys.exit(main())

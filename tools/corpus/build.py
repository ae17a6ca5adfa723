"""Produce the PDFs and their ground truth, check them, and put them in corpus/variants/<partition>/."""

from __future__ import annotations

import json
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tools.corpus import chromium, lo_docx, lo_odt, reportlab_pdf, soffice, xetex
from tools.corpus.check import check_pdf
from tools.corpus.content import load_articles
from tools.corpus.coverage import missing
from tools.corpus.layout import Doc, build_doc
from tools.corpus.pin import pin_pdf
from tools.corpus.plan import all_recipes
from tools.corpus.truth import ground_truth

ROOT = Path(__file__).resolve().parents[2]
OUT_DIR = ROOT / "corpus" / "variants"
RENDER = {"chromium_clean": chromium.render, "chromium_naskh": chromium.render,
          "reportlab": reportlab_pdf.render, "xetex": xetex.render}
SOFFICE_SOURCES = {"lo_odt": lo_odt.write_source, "lo_docx": lo_docx.write_source}
WORKERS = 4


def select(partition: str, only: set[str] | None) -> list[Doc]:
    articles = {a.slug: a for a in load_articles()}
    recipes = all_recipes(list(articles.values()))
    gaps = missing(recipes)
    if any(gaps.values()):
        raise SystemExit(f"the recipes miss dimension values: {gaps}")
    return [build_doc(articles[r.article], r) for r in recipes
            if partition in ("all", r.partition) and (not only or r.doc_id in only)]


def produce(docs: list[Doc], work: Path) -> dict[str, Path]:
    """Every document's raw PDF in work/pdf (LibreOffice ones in one batch, the rest in a few threads)."""
    pdf_dir = work / "pdf"
    pdf_dir.mkdir()
    sources = [SOFFICE_SOURCES[d.recipe.producer](d, work) for d in docs if d.recipe.producer in SOFFICE_SOURCES]
    others = [d for d in docs if d.recipe.producer in RENDER]

    def one(doc: Doc) -> None:
        scratch = work / doc.doc_id
        scratch.mkdir()
        RENDER[doc.recipe.producer](doc, pdf_dir / f"{doc.doc_id}.pdf", scratch)

    with ThreadPoolExecutor(WORKERS) as pool:
        futures = [pool.submit(one, d) for d in others]
        if sources:
            soffice.convert(sources, pdf_dir)
        for future in futures:
            future.result()
    return {d.doc_id: pdf_dir / f"{d.doc_id}.pdf" for d in docs}


def build(partition: str = "all", only: set[str] | None = None, out_dir: Path = OUT_DIR) -> list[dict]:
    docs = select(partition, only)
    if not docs:
        raise SystemExit("nothing selected")
    work = Path(tempfile.mkdtemp(prefix="newsmon-variants-"))
    try:
        pdfs = produce(docs, work)
        staged, problems = [], []
        for doc in docs:
            data = pin_pdf(pdfs[doc.doc_id].read_bytes(), doc.doc_id, doc.recipe.date)
            checked = check_pdf(doc, data)
            problems += [f"{doc.doc_id}: {p}" for p in checked.problems]
            truth = ground_truth(doc)
            truth["tags"] += [f"pages:{checked.pages}"] + (["multipage"] if checked.pages > 1 else [])
            truth["tags"] += ["reversed_chars"] if checked.reversed_chars else []
            staged.append((doc, data, truth, checked))
        if problems:
            raise SystemExit("checks failed:\n  " + "\n  ".join(problems))
        _install(staged, out_dir, replace_all=only is None)
        for doc, _, _, checked in staged:
            print(f"  {doc.doc_id:32} pages={checked.pages} raw_recall={checked.raw_recall:.3f}"
                  f"{' /ReversedChars' if checked.reversed_chars else ''}")
        return [truth for _, _, truth, _ in staged]
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _install(staged: list, out_dir: Path, replace_all: bool) -> None:
    """Write <id>.pdf and <id>.json; a whole-partition build first empties that partition's folder."""
    for partition in sorted({doc.recipe.partition for doc, *_ in staged}):
        folder = out_dir / partition
        if replace_all and folder.exists():
            for old in list(folder.glob("*.pdf")) + list(folder.glob("*.json")):
                old.unlink()
        folder.mkdir(parents=True, exist_ok=True)
    for doc, data, truth, _ in staged:
        folder = out_dir / doc.recipe.partition
        (folder / f"{doc.doc_id}.pdf").write_bytes(data)
        (folder / f"{doc.doc_id}.json").write_text(json.dumps(truth, ensure_ascii=False, indent=2) + "\n",
                                                   encoding="utf-8")

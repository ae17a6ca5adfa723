"""The eval gate: the parser's scores on both partitions of each gold corpus (PDF and HTML: dev,
and the held-out partition nobody tunes against) never drop below the committed floors, and the
floors name the documents they were set on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsmon import evaluate
from newsmon.cli import main

FLOORS = Path(__file__).resolve().parents[2] / "benchmarks" / "parse_floors.json"


@pytest.fixture(scope="module")
def corpora():
    return evaluate.partitions()


@pytest.mark.parametrize("partition", evaluate.ALL_PARTITIONS)
def test_scores_meet_the_floors(corpora, partition):
    docs = corpora[partition]
    scores = evaluate.score_parser(docs, evaluate.parse_with_newsmon)
    floors = evaluate.load_floors(FLOORS)
    assert evaluate.partition_problems(partition, docs, scores, floors) == []
    assert set(floors["partitions"][partition]["body_f1"]) >= {"en", "de", "fa", "ps", "all"}


def test_the_held_out_partition_is_its_own_documents(corpora):
    dev = {doc.truth["url"] for doc in corpora["dev"]}
    held_out = [doc for doc in corpora["heldout"]]
    assert len(held_out) >= 40 and not dev & {doc.truth["url"] for doc in held_out}
    assert all(doc.truth["partition"] == "heldout" for doc in held_out)


def test_gate_fails_below_a_floor(tmp_path, capsys):
    impossible = tmp_path / "floors.json"
    impossible.write_text(json.dumps({"partitions": {"dev": {"body_f1": {"all": 1.01}}, "heldout": {}}}))
    assert main(["eval", "--floors", str(impossible), "--partition", "dev"]) == 1
    assert "BELOW FLOOR dev all body_f1" in capsys.readouterr().err


def test_gate_fails_when_the_documents_changed_under_the_floors(tmp_path, capsys):
    floors = evaluate.load_floors(FLOORS)
    floors["partitions"]["heldout"]["digest"] = "0" * 16
    changed = tmp_path / "floors.json"
    changed.write_text(json.dumps(floors))
    assert main(["eval", "--floors", str(changed), "--partition", "heldout"]) == 1
    assert "heldout corpus digest" in capsys.readouterr().err


def test_f1_counts_shingles():
    assert evaluate.f1("a b c d", "a b c d") == 1.0
    assert evaluate.f1("", "a b c") == 0.0
    assert 0 < evaluate.f1("a b c d e", "a b c x e") < 1


def test_the_html_held_out_pages_are_combinations_no_dev_page_has(corpora):
    def combinations(partition):
        return {(doc.truth["template"], doc.truth["language"]) for doc in corpora[partition]}

    dev, held_out = combinations("html-dev"), combinations("html-heldout")
    assert len(corpora["html-heldout"]) >= 30 and not dev & held_out
    assert {t for t, _ in held_out} - {t for t, _ in dev}  # a page template of its own
    assert {lang for _, lang in dev} >= {"en", "de", "fr", "fa", "ps"} <= {lang for _, lang in held_out}
    assert len({t for t, _ in dev}) >= 5
    assert all(doc.truth["partition"] == "heldout" for doc in corpora["html-heldout"])


def test_eval_reports_the_html_partitions_apart_and_gates_them(tmp_path, capsys):
    floors = evaluate.load_floors(FLOORS)
    assert main(["eval", "--floors", str(FLOORS), "--partition", "html-heldout"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("== html-heldout: ") and "== html-dev" not in out and "== dev" not in out
    floors["partitions"]["html-dev"]["fields"]["fa"]["author"] = 1.01
    raised = tmp_path / "floors.json"
    raised.write_text(json.dumps(floors))
    assert main(["eval", "--floors", str(raised), "--partition", "html-dev"]) == 1
    assert "BELOW FLOOR html-dev fa author: 1.0 < 1.01" in capsys.readouterr().err


def test_the_html_gate_fails_when_its_pages_changed(tmp_path, capsys):
    import shutil

    html = tmp_path / "html"
    shutil.copytree(evaluate.HTML_DIR, html)
    page = sorted((html / "dev").glob("*.html"))[0]
    page.write_bytes(page.read_bytes().replace(b"</body>", b"<p>one more line</p></body>"))
    corpora = evaluate.html_partitions(html)
    scores = evaluate.score_parser(corpora["html-dev"], evaluate.parse_with_newsmon)
    problems = evaluate.partition_problems("html-dev", corpora["html-dev"], scores, evaluate.load_floors(FLOORS))
    assert any("html-dev corpus digest" in p for p in problems)

"""The eval gate: the parser's scores on both partitions of the gold corpus (dev, and the
held-out partition nobody tunes against) never drop below the committed floors, and the floors
name the documents they were set on."""

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


@pytest.mark.parametrize("partition", evaluate.PARTITIONS)
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

"""The eval gate: the parser's scores on the gold corpus never drop below the committed floors."""

from __future__ import annotations

from pathlib import Path

from newsmon import evaluate
from newsmon.cli import main

FLOORS = Path(__file__).resolve().parents[2] / "benchmarks" / "parse_floors.json"


def test_scores_meet_the_floors():
    scores = evaluate.score_parser(evaluate.gold_corpus(), evaluate.parse_with_newsmon)
    assert evaluate.below_floors(scores, evaluate.load_floors(FLOORS)) == []
    assert set(evaluate.load_floors(FLOORS)["body_f1"]) >= {"en", "de", "fa", "ps", "all"}


def test_gate_fails_below_a_floor(tmp_path, capsys):
    impossible = tmp_path / "floors.json"
    impossible.write_text('{"body_f1": {"all": 1.01}}')
    assert main(["eval", "--floors", str(impossible)]) == 1
    assert "BELOW FLOOR all body_f1" in capsys.readouterr().err


def test_f1_counts_shingles():
    assert evaluate.f1("a b c d", "a b c d") == 1.0
    assert evaluate.f1("", "a b c") == 0.0
    assert 0 < evaluate.f1("a b c d e", "a b c x e") < 1

"""The eval gate: the parser's scores on both partitions of each gold corpus (PDF and HTML: dev,
and the held-out partition nobody tunes against) never drop below the committed floors, and the
floors name the documents they were set on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import evaluate
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


# -- the ratchet: `newsmon eval --update-floors` raises floors, and lowers one only with --allow-lower

def scores(body_f1: dict[str, float], **fields: dict[str, float]) -> evaluate.Scores:
    """Scores of a partition: `fields` per language, every field not named scoring 1.0."""
    return evaluate.Scores(documents={lang: 3 for lang in body_f1}, body_f1=body_f1,
                           fields={lang: {n: fields.get(lang, {}).get(n, 1.0) for n in evaluate.FIELDS}
                                   for lang in body_f1})


def test_updating_raises_every_floor_to_its_score_adds_new_ones_and_pins_the_digest():
    floors = {"_comment": "kept", "partitions": {
        "dev": {"digest": "0" * 16, "fields": {"all": {"title": 0.5}}, "body_f1": {"all": 0.9}},
        "heldout": {"digest": "1" * 16, "body_f1": {"all": 0.2}}}}
    before = json.dumps(floors)
    update = evaluate.update_floors(floors, {"dev": ("a" * 16, scores({"all": 0.95, "fa": 0.97},
                                                                      all={"title": 0.75}))})
    assert update.refused == [] and update.lowered == []
    dev = update.floors["partitions"]["dev"]
    assert dev["digest"] == "a" * 16 and dev["body_f1"] == {"all": 0.95, "fa": 0.97}
    assert dev["fields"]["all"]["title"] == 0.75 and dev["fields"]["fa"]["author"] == 1.0
    assert "dev all title: 0.5 -> 0.75" in update.raised and "dev fa body_f1: 0.97" in update.added
    assert update.floors["partitions"]["heldout"] == {"digest": "1" * 16, "body_f1": {"all": 0.2}}  # not scored
    assert update.floors["_comment"] == "kept" and json.dumps(floors) == before  # the input is left alone


def test_updating_refuses_to_lower_a_floor_unless_allowed():
    floors = {"partitions": {"dev": {"fields": {"all": {"title": 0.8}, "xx": {"title": 1.0}},
                                     "body_f1": {"all": 0.99}}}}
    regressed = {"dev": ("d" * 16, scores({"all": 0.95}, all={"title": 0.75}))}
    refused = evaluate.update_floors(floors, regressed)
    assert sorted(refused.refused) == ["dev all body_f1: 0.99 -> 0.95", "dev all title: 0.8 -> 0.75",
                                       "dev xx title: 1.0 -> (not scored)"]
    assert refused.floors["partitions"]["dev"]["fields"]["all"]["title"] == 0.8  # kept as it was
    allowed = evaluate.update_floors(floors, regressed, allow_lower=True)
    assert allowed.refused == [] and len(allowed.lowered) == 3
    dev = allowed.floors["partitions"]["dev"]
    assert dev["fields"]["all"]["title"] == 0.75 and "xx" not in dev["fields"] and dev["body_f1"]["all"] == 0.95


def test_eval_refuses_to_lower_a_floor_without_allow_lower_and_writes_nothing(tmp_path, capsys):
    """A floor the scores fell below (here: set above any score, 1.01) is a regression:
    --update-floors refuses it and leaves the file byte for byte; --allow-lower lowers that
    floor and no other."""
    committed = evaluate.load_floors(FLOORS)
    floors = json.loads(json.dumps(committed))
    floors["partitions"]["html-heldout"]["fields"]["all"]["section"] = 1.01  # the parser "used to" do better
    path = tmp_path / "floors.json"
    evaluate.write_floors(path, floors)
    written = path.read_bytes()

    assert main(["eval", "--floors", str(path), "--partition", "html-heldout", "--update-floors"]) == 1
    err = capsys.readouterr().err
    assert "REFUSED html-heldout all section: 1.01 -> " in err and "--allow-lower" in err
    assert path.read_bytes() == written

    assert main(["eval", "--floors", str(path), "--partition", "html-heldout", "--update-floors",
                 "--allow-lower"]) == 0
    capsys.readouterr()
    updated = evaluate.load_floors(path)["partitions"]
    assert updated["html-heldout"]["fields"]["all"]["section"] < 1.01
    for name, part in committed["partitions"].items():  # nothing else came down
        assert updated[name]["digest"] == part["digest"]
        for lang, values in part["fields"].items():
            assert all(updated[name]["fields"][lang][f] >= v for f, v in values.items()), (name, lang)
        assert all(updated[name]["body_f1"][lang] >= v for lang, v in part["body_f1"].items()), name


def test_eval_raises_a_floor_left_below_its_score(tmp_path, capsys):
    floors = evaluate.load_floors(FLOORS)
    floors["partitions"]["html-heldout"]["fields"]["en"]["author"] = 0.1  # lowered by hand
    path = tmp_path / "floors.json"
    evaluate.write_floors(path, floors)
    assert main(["eval", "--floors", str(path), "--partition", "html-heldout", "--update-floors"]) == 0
    assert "raised: html-heldout en author: 0.1 -> " in capsys.readouterr().out
    assert evaluate.load_floors(path)["partitions"]["html-heldout"]["fields"]["en"]["author"] >= \
        evaluate.load_floors(FLOORS)["partitions"]["html-heldout"]["fields"]["en"]["author"]


@pytest.mark.parametrize("args, message", [
    (["--allow-lower"], "--allow-lower only goes with --update-floors"),
    (["--update-floors"], "--update-floors needs --floors FILE"),
])
def test_the_ratchet_flags_are_refused_out_of_place(capsys, args, message):
    assert main(["eval", "--partition", "html-heldout", *args]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err


def test_the_committed_floors_file_is_written_as_the_ratchet_writes_it(tmp_path):
    """So that an update's diff shows only the floors that moved."""
    path = tmp_path / "floors.json"
    evaluate.write_floors(path, evaluate.load_floors(FLOORS))
    assert path.read_bytes() == FLOORS.read_bytes()


def test_eval_scores_an_ad_hoc_folder_on_its_own(tmp_path, capsys):
    import shutil

    truth = sorted((evaluate.VARIANTS_DIR / "dev").glob("*.json"))[0]
    shutil.copy(truth, tmp_path / truth.name)
    shutil.copy(truth.with_suffix(".pdf"), tmp_path / truth.with_suffix(".pdf").name)
    assert main(["eval", "--dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"== dir {tmp_path}: 1 documents") and "== dev" not in out and "== heldout" not in out
    empty = tmp_path / "missing"
    assert main(["eval", "--dir", str(empty)]) == 2
    assert f"corpus partition {empty}: not found" in capsys.readouterr().err

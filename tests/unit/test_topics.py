"""Watched topics (issue 18): the query language, the topic files, matching through the search
normaliser, matches made in the load transaction and refreshed when a file changes, the marts
on the mirror against counts computed here by hand, and `newsmon topics`.

Real DuckDB files throughout; the mirror's ground truth is loaded through `load_day`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsmon.records import content_hash, make_article_id
from newsmon.testing.mirror import load_ground_truth
from newsmon.topics import TOPICS_DIR, check_topic_file, load_topics
from newsmon.topics.query import And, Not, Or, Phrase, Prefix, QueryError, Term, matches, parse
from newsmon.topics.text import term_text, terms
from newsmon.warehouse import open_for_write
from newsmon.warehouse.load import load_day
from newsmon.warehouse.stemming import stem
from newsmon.warehouse.topics import compile_topic, refresh_topics
from tests.warehouse_data import copy_of_mirror, ground_truth_frame, load_mirror, newsmon

ZWNJ = "\u200c"


# --- the query language ------------------------------------------------------------------

@pytest.mark.parametrize("query, column, words", [
    ("", 1, "empty"),
    ("kabul OR", 7, "OR needs a word"),
    ("OR kabul", 1, "OR cannot stand here"),
    ("kabul AND AND herat", 11, "AND cannot stand after AND at column 7"),
    ("(kabul OR herat", 1, "this '(' is never closed"),
    ("kabul) herat", 6, "')' closes no '('"),
    ('kabul "herat city', 7, 'phrase\'s " is never closed'),
    ("kab*ul", 1, "* goes once, at the end"),
    ("kabul k*", 7, "a prefix needs at least 2 letters"),
    ("kabul ()", 7, "'()' is empty"),
    ("kabul ---", 7, "'---' has no letter or digit"),
    ('kabul ""', 7, "this phrase is empty"),
    ("NOT kabul", 1, "matches articles without any of its words"),
    ("کابل OR (هرات NOT", 15, "NOT needs a word"),
])
def test_a_query_that_does_not_parse_says_why_at_its_column(query, column, words):
    with pytest.raises(QueryError) as caught:
        parse(query)
    assert caught.value.column == column and words in str(caught.value)
    assert str(caught.value).startswith(f"column {column}: ")


def test_the_grammar_or_binds_loosest_side_by_side_is_and_not_binds_tightest():
    tree = parse('kabul "air pollution" OR smog* NOT (coal OR wood)')
    assert tree == Or((And((Term("kabul", 1), Phrase(("air", "pollution"), 7))),
                       And((Prefix("smog", 26), Not(Or((Term("coal", 37), Term("wood", 45))))))))
    assert [tree.parts[0].parts[1].column, tree.parts[1].parts[0].column] == [7, 26]  # where each was written
    assert parse("a AND b") == parse("a b")
    assert parse("u.s.a") == Phrase(("u", "s", "a"), 1)  # a word of several terms is a phrase
    assert parse("and or not") == And((Term("and", 1), Term("or", 5), Term("not", 8)))  # lower case: words


# --- matching through the search normaliser ----------------------------------------------

def test_terms_ignore_zwnj_letter_forms_short_vowels_and_case():
    assert terms("نگرانی‌ها") == terms("نگرانیها") == [stem("نگرانیها")]  # stemmed too: see below
    assert terms("كابل") == terms("کابل")  # Arabic kaf vs Persian kaf
    assert terms("ولايتي") == terms("ولایتی")  # Arabic yeh vs Persian yeh
    assert terms("کَابُل") == terms("کابل")  # short vowels (fatha, damma)
    assert terms("Kabul's KABUL") == ["kabul", "s", "kabul"]


_SEPARATORS = re.compile(r"[\W_]+")


def _terms_of_whole_text(text: str) -> list[str]:
    """The plain way: the whole text through the search normaliser, split, each term stemmed."""
    from newsmon.warehouse.search import normalise

    return [stem(term) for term in _SEPARATORS.sub(" ", normalise(text)).split()]


def test_terms_word_by_word_are_the_terms_of_the_whole_text_on_the_corpus():
    rows = [r for day in load_ground_truth().values() for r in day]
    for row in rows:
        text = f"{row['title']}\n{row['body_text']}"
        assert terms(text) == _terms_of_whole_text(text), row["title"]


_ALPHABET = ("abcXYZß ǅ\u00a0\u3000\u2028\t\n.,-_'\u00a8\u0301\u0308\u200c\u200d\u0640\u064b\u064e\u0650"
             "\u0654\u0670يكىیکابلهۀﻻﷲ١۲3\ufb01\u2460\u1e9b\u0323\u202b\u2067")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=40))
def test_terms_word_by_word_are_the_terms_of_the_whole_text_on_any_text(text):
    assert terms(text) == _terms_of_whole_text(text)


@pytest.mark.parametrize("query, text", [
    ("نگرانی‌ها", "نگرانیها"),           # query with ZWNJ, text without
    ("نگرانیها", "نگرانی‌ها"),           # and the other way round
    ("كابل", "کابل"),                    # Arabic kaf in the query
    ("کابل", "كابل"),                    # Arabic kaf in the text
    ("ولايت", "ولایت"),                  # Arabic yeh in the query
    ("ولایت", "ولايت"),                  # Arabic yeh in the text
    ("کَابُل", "کابل"),                   # short vowels in the query
    ("کابل", "کَابُل"),                   # short vowels in the text
    ('"صلح پایدار"', "صلحِ پایدار"),        # kasra (ezafe) inside a phrase
])
def test_with_and_without_each_variant_the_same_article_matches(tmp_path, query, text):
    found = _match_in_warehouse(tmp_path, {"fa": query}, [("fa", f"خبر امروز {text} در شهر", "خبر")])
    assert found == [0], f"{query!r} should match {text!r}"


def test_a_dari_or_pashto_word_matches_its_inflected_forms_and_not_other_words(tmp_path):
    articles = [("fa", "ولایت‌ها", "خبر"),          # 0 plural, with ZWNJ
                ("fa", "امنیت ولایتی", "خبر"),      # 1 adjectival yeh
                ("ps", "ولایتونه", "خبر"),          # 2 Pashto plural
                ("fa", "ولایات", "خبر"),            # 3 broken plural: a light stemmer leaves it
                ("fa", "ولا", "خبر"),               # 4 a shorter word
                ("fa", "تنها", "خبر")]              # 5 a word ending in ها that is no plural
    assert _match_in_warehouse(tmp_path / "a", "ولایت", articles) == [0, 1, 2]
    assert _match_in_warehouse(tmp_path / "b", "ولایتها", articles) == [0, 1, 2]  # any form finds the others
    assert _match_in_warehouse(tmp_path / "c", "تنها", articles) == [5]
    assert _match_in_warehouse(tmp_path / "d", '"امنیت ولایت"', articles) == [1]  # in a phrase too


def test_a_word_matches_whole_terms_a_prefix_their_start_and_languages_keep_to_their_query(tmp_path):
    articles = [("en", "Kabul University reopens", "winter courses"),       # 0
                ("en", "Kabulistan", "a made-up place"),                      # 1
                ("de", "Kabul im Winter", "Schnee"),                           # 2
                ("fa", "کابل", "زمستان"),                                       # 3
                ("ps", "کابل", "ژمی"),                                          # 4
                ("en", "Winter in Kabul", "cold, not coal")]                   # 5
    assert _match_in_warehouse(tmp_path / "a", {"en": "kabul"}, articles) == [0, 5]
    assert _match_in_warehouse(tmp_path / "b", {"en": "kabul*"}, articles) == [0, 1, 5]
    assert _match_in_warehouse(tmp_path / "c", {"en": "kabul NOT coal", "fa": "کابل"}, articles) == [0, 3]
    assert _match_in_warehouse(tmp_path / "d", "kabul OR کابل", articles) == [0, 2, 3, 4, 5]
    # a phrase stays inside the title or the body: "reopens winter" spans both and does not match
    assert _match_in_warehouse(tmp_path / "e", '"reopens winter" OR "winter courses"', articles) == [0]
    assert _match_in_warehouse(tmp_path / "f", '"reopens winter"', articles) == []
    # a topic's sources and languages limit it: these articles are afgazad's
    assert _match_in_warehouse(tmp_path / "g", "kabul OR کابل", articles, sources=["darya"]) == []
    assert _match_in_warehouse(tmp_path / "h", "kabul OR کابل", articles, languages=["fa", "de"]) == [2, 3]


def _match_in_warehouse(folder: Path, query, articles, **scope) -> list[int]:
    """Load `articles` ((language, title, body), index = position) through load_day with one
    topic stored, and return the positions the load matched."""
    folder.mkdir(parents=True, exist_ok=True)
    topics_dir = folder / "topics"
    topics_dir.mkdir()
    (topics_dir / "t.yaml").write_text(json.dumps({"name": "t", "query": query, **scope}, ensure_ascii=False),
                                       encoding="utf-8")
    found = load_topics([topics_dir])
    assert found.problems == []
    con = open_for_write(folder / "w.duckdb")
    try:
        refresh_topics(con, found)  # the topic is stored first; the load then matches its articles
        frame = _frame([(lang, title, body, dt.date(2020, 2, 1)) for lang, title, body in articles])
        load_day(con, source="afgazad", run_date=dt.date(2020, 2, 1), articles=frame, run={"run_id": "r"})
        ids = list(frame["article_id"])
        matched = {row[0] for row in con.execute("SELECT article_id FROM topic_matches WHERE topic = 't'").fetchall()}
        return [i for i, article_id in enumerate(ids) if article_id in matched]
    finally:
        con.close()


def _frame(rows):
    records = []
    for i, (lang, title, body, day) in enumerate(rows):
        url = f"https://www.afgazad.com/pdf/{day:%Y/%m/%d}/t-{i}-{abs(hash((title, body))) % 10**8}.pdf"
        records.append({"article_id": make_article_id("afgazad", url), "source": "afgazad", "url": url,
                        "section": "سیاسی", "language": lang, "title": title, "author": None,
                        "published_date": day.isoformat(), "original_published_date": None, "body_text": body,
                        "captions": [], "word_count": len(body.split()), "content_sha256": content_hash(body),
                        "fetched_at": "2020-02-01T00:00:00+00:00", "raw_ref": f"t.warc.gz#{i}",
                        "published_date_raw": day.isoformat(), "parse_warnings": []})
    return ground_truth_frame(records)


# --- the load transaction and the refresh ------------------------------------------------

def test_the_loads_match_each_article_as_the_reference_matcher_does(mirror_with_topics):
    con, truth = mirror_with_topics
    topics = load_topics([TOPICS_DIR]).topics
    stored = set(con.execute("SELECT topic, article_id FROM topic_matches").fetchall())
    expected = set()
    for rows in truth.values():
        for row in rows:
            text = term_text(row["title"], row["body_text"])
            for topic in topics:
                tree = topic.query_for(row["language"])
                if tree is not None and matches(tree, text):
                    expected.add((topic.name, row["article_id"]))
    assert stored == expected and len(expected) > 40
    # and a refresh of the same files, which re-matches nothing, finds the same
    result = refresh_topics(con, load_topics([TOPICS_DIR]), force=True)
    assert set(con.execute("SELECT topic, article_id FROM topic_matches").fetchall()) == expected
    assert sum(result.matches.values()) == len(expected)


def test_a_failed_load_leaves_neither_its_articles_nor_their_matches(mirror_with_topics):
    con, _ = mirror_with_topics
    before = con.execute("SELECT count(*) FROM topic_matches").fetchone()[0]
    frame = _frame([("en", "Kabul again", "kabul", dt.date(2020, 2, 2))])
    frame = pd.concat([frame, frame], ignore_index=True)  # the same article_id twice: the load refuses the batch
    with pytest.raises(ValueError, match="article_id repeated"):
        load_day(con, source="afgazad", run_date=dt.date(2020, 2, 2), articles=frame, run={"run_id": "bad"})
    assert con.execute("SELECT count(*) FROM topic_matches").fetchone()[0] == before
    # a failure after the matches were made (the last step inside the load's transaction) undoes them too
    frame = _frame([("en", "Kabul again", "kabul", dt.date(2020, 2, 2))])

    def crash(_con):
        assert _con.execute("SELECT count(*) FROM topic_matches").fetchone()[0] > before  # made, not committed
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        load_day(con, source="afgazad", run_date=dt.date(2020, 2, 2), articles=frame, run={"run_id": "bad"},
                 before_commit=crash)
    assert con.execute("SELECT count(*) FROM topic_matches").fetchone()[0] == before
    assert con.execute("SELECT count(*) FROM topic_documents WHERE title = 'Kabul again'").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM articles WHERE title = 'Kabul again'").fetchone()[0] == 0


def test_an_edited_article_is_matched_again_by_the_load(mirror_with_topics):
    con, truth = mirror_with_topics
    day = dt.date(2020, 1, 7)
    rows = [dict(r) for r in truth[day]]
    coal = next(r for r in rows if r["title"].startswith("Kabul municipality"))
    assert ("kabul", coal["article_id"]) in set(con.execute("SELECT topic, article_id FROM topic_matches").fetchall())
    coal["title"] = "Municipality bans coal sales"
    coal["body_text"] = "The city bans coal sales in central districts."
    coal["content_sha256"] = content_hash(coal["body_text"])
    load_day(con, source="afgazad", run_date=day, articles=ground_truth_frame(rows), run={"run_id": "again"})
    topics = {r[0] for r in con.execute("SELECT topic FROM topic_matches WHERE article_id = ?",
                                        [coal["article_id"]]).fetchall()}
    assert "kabul" not in topics


def test_a_changed_file_is_noticed_by_its_digest_and_rematched_over_all_history(mirror_with_topics, tmp_path):
    con, _ = mirror_with_topics
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "kabul.yaml").write_text("name: kabul\nquery:\n  en: kabul AND winter\n", encoding="utf-8")
    before = dict(con.execute("SELECT topic, digest FROM topics").fetchall())
    result = refresh_topics(con, load_topics([TOPICS_DIR, folder]))
    assert result.refreshed == ["kabul"] and result.unchanged == ["elections", "iran", "peace-talks", "winter"]
    after = dict(con.execute("SELECT topic, digest FROM topics").fetchall())
    assert after["kabul"] != before["kabul"] and {k: v for k, v in after.items() if k != "kabul"} == \
        {k: v for k, v in before.items() if k != "kabul"}
    texts = [r[0] for r in con.execute("SELECT d.terms FROM topic_matches m JOIN topic_documents d USING (article_id) "
                                       "WHERE m.topic = 'kabul'").fetchall()]
    assert texts and all(" kabul " in t and " winter " in t for t in texts)
    assert con.execute("SELECT DISTINCT language FROM articles JOIN topic_matches USING (article_id) "
                       "WHERE topic = 'kabul'").fetchall() == [("en",)]
    assert refresh_topics(con, load_topics([TOPICS_DIR, folder])).refreshed == []  # nothing changed since


def test_a_removed_file_drops_its_topic_but_a_broken_file_keeps_what_is_stored(mirror_with_topics, tmp_path):
    con, _ = mirror_with_topics
    keep = tmp_path / "keep"
    keep.mkdir()
    for name in ("kabul", "iran"):
        (keep / f"{name}.yaml").write_text((TOPICS_DIR / f"{name}.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (keep / "broken.yaml").write_text("name: broken\nquery: (kabul\n", encoding="utf-8")
    found = load_topics([keep])
    assert len(found.problems) == 1
    refresh_topics(con, found)  # a file did not validate: nothing is dropped
    assert con.execute("SELECT count(*) FROM topics").fetchone()[0] == 5
    (keep / "broken.yaml").unlink()
    result = refresh_topics(con, load_topics([keep]))
    assert result.removed == ["elections", "peace-talks", "winter"]
    assert {r[0] for r in con.execute("SELECT DISTINCT topic FROM topic_matches").fetchall()} == {"iran", "kabul"}


def test_every_query_word_reaches_sql_as_a_parameter():
    topic = load_topics([TOPICS_DIR]).named("peace-talks")
    condition, params = compile_topic(topic)
    assert "'" not in condition and "reduction" not in condition and "صلح" not in condition
    assert " (?:peace |ceasefire |reduction in violence )" in params.values()  # OR-ed words: one expression
    stems = [stem(word) for word in ("صلح", "مذاکرات", "طالبان")]  # the file's words, as the texts hold them
    assert " (?:" + "|".join(f"{word} " for word in stems) + ")" in params.values()
    assert all(not re.search(r"[^\w ]", t) for t in terms("a.b (c) [d] {e} ^f$ g|h i*j k+l m?n \\o"))


# --- the topic files -----------------------------------------------------------------------

def test_the_shipped_topics_validate():
    found = load_topics([TOPICS_DIR])
    assert found.problems == [] and [t.name for t in found.topics] == ["elections", "iran", "kabul",
                                                                       "peace-talks", "winter"]


@pytest.mark.parametrize("text, line_col, words", [
    ("name: t\nquery: kabul OR\n", "2:14", "query: column 7 of the query: OR needs a word"),
    ("name: t\nquery:\n  fa: 'کابل OR (هرات'\n", "3:16", "query.fa: column 9 of the query: this '(' is never closed"),
    ("name: t\nquery:\n  en: |\n    kabul AND\n", "3:7", "query.en: column 7 of the query: AND needs a word"),
    ("name: t\nquery: kabul\nlanguage: [fa]\n", "3:1", "language: unknown key; known keys: description, languages"),
    ("name: T!\nquery: kabul\n", "1:7", "name: expected a string matching"),
    ("name: t\nquery:\n  farsi: کابل\n", "3:3", "query: expected a value matching ^[a-z]{2}$, got 'farsi'"),
    ("name: t\nquery: kabul\nsources: afgazad\n", "3:10", "sources: expected a list"),
    ("query: kabul\n", "1:1", "missing required field 'name'"),
    ("name: t\nquery: [kabul\n", "3:1", "YAML syntax error"),
])
def test_a_bad_topic_file_is_one_line_with_its_file_line_and_column(tmp_path, text, line_col, words):
    path = tmp_path / "t.yaml"
    path.write_text(text, encoding="utf-8")
    topic, problems = check_topic_file(path)
    assert topic is None and len(problems) == 1, problems
    assert problems[0].startswith(f"{path}:{line_col}: ") and words in problems[0], problems[0]
    assert "\n" not in problems[0]


def test_an_operator_file_replaces_a_shipped_topic_of_the_same_name(tmp_path):
    (tmp_path / "kabul.yaml").write_text("name: kabul\nquery: kabul\nsources: [darya]\n", encoding="utf-8")
    found = load_topics([TOPICS_DIR, tmp_path])
    kabul = found.named("kabul")
    assert kabul.file == str(tmp_path / "kabul.yaml") and kabul.sources == ("darya",) and len(found.topics) == 5


# --- the marts on the mirror, against counts computed here --------------------------------

def _normal(text: str) -> str:
    """The normalisation rules as the issue states them, written out here (not the library's)."""
    drop = {0x200C, 0x200D, 0x0640} | set(range(0x064B, 0x0653))
    text = unicodedata.normalize("NFKC", text)
    text = "".join(c for c in text if ord(c) not in drop).replace("ي", "ی").replace("ك", "ک")
    return text.casefold()


def _has_word(text: str, word: str) -> bool:
    return re.search(rf"(?<![^\W_]){re.escape(word)}(?![^\W_])", text) is not None


HAND_TOPICS = {
    # name: (file, predicate over (language, normalised title + body))
    "kabul": (None, lambda lang, t: {"fa": _has_word(t, "کابل"), "ps": _has_word(t, "کابل"),
                                     "en": _has_word(t, "kabul"), "de": _has_word(t, "kabul"),
                                     "fr": _has_word(t, "kaboul") or _has_word(t, "kabul")}.get(lang, False)),
    "afghan-not-iran": ("name: afghan-not-iran\nquery: afghan* NOT iran*\nlanguages: [en, de]\n",
                        lambda lang, t: lang in ("en", "de") and re.search(r"(?<![^\W_])afghan", t) is not None
                        and re.search(r"(?<![^\W_])iran", t) is None),
    "winter-aid": ('name: winter-aid\nquery: \'"winter aid" OR "کمک های زمستانی"\'\n',
                   lambda lang, t: re.search(r"(?<![^\W_])winter\W+aid(?![^\W_])", t) is not None
                   or re.search(r"(?<![^\W_])کمک\W+های\W+زمستانی(?![^\W_])", t) is not None),
}


def test_the_topic_marts_on_the_mirror_agree_with_counts_made_by_hand(tmp_path):
    folder = tmp_path / "topics"
    folder.mkdir()
    for name, (text, _) in HAND_TOPICS.items():
        if text:
            (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    con, truth = copy_of_mirror(tmp_path / "w.duckdb")
    result = refresh_topics(con, load_topics([TOPICS_DIR, folder]))  # after the loads: all history at once
    assert result.tokenised == sum(map(len, truth.values()))

    day_totals, expected, articles = Counter(), Counter(), set()
    for run_day, rows in truth.items():
        for row in rows:
            day = dt.date.fromisoformat(row["published_date"]) if row["published_date"] else run_day
            key = (day, row["source"], row["language"])
            day_totals[key] += 1
            text = _normal(row["title"] + "\n" + row["body_text"])
            for name, (_, predicate) in HAND_TOPICS.items():
                if predicate(row["language"], text):
                    expected[(name, *key)] += 1
                    articles.add((name, row["article_id"], day))
    assert all(expected[name, *k] >= 0 for name in HAND_TOPICS for k in day_totals)
    assert {name for name, *_ in expected} == set(HAND_TOPICS), "every hand topic matches something"

    rows = con.execute("SELECT topic, article_date, source, language, articles, day_articles, share "
                       "FROM mart_topic_daily WHERE topic IN ('kabul', 'afghan-not-iran', 'winter-aid')").fetchall()
    got = {(t, d, s, lang): (n, total, share) for t, d, s, lang, n, total, share in rows}
    languages = {"kabul": {"fa", "ps", "en", "de", "fr"}, "afghan-not-iran": {"en", "de"}, "winter-aid": None}
    want = {}
    for name in HAND_TOPICS:
        for key, total in day_totals.items():
            if languages[name] is None or key[2] in languages[name]:
                n = expected[(name, *key)]
                want[(name, *key)] = (n, total, n / total)
    assert got == want
    assert set(con.execute("SELECT topic, article_id, article_date FROM mart_topic_articles "
                           "WHERE topic IN ('kabul', 'afghan-not-iran', 'winter-aid')").fetchall()) == articles
    con.close()


# --- the command line ----------------------------------------------------------------------

def test_newsmon_topics_list_refresh_and_show(tmp_path):
    path = tmp_path / "w.duckdb"
    con, _ = copy_of_mirror(path)
    con.close()
    listed = newsmon("topics", "list", "--format", "json", env_path=path)
    assert listed.returncode == 0, listed.stderr
    assert {r["topic"]: r["state"] for r in json.loads(listed.stdout)} == dict.fromkeys(
        ["elections", "iran", "kabul", "peace-talks", "winter"], "new: run topics refresh")
    refreshed = newsmon("topics", "refresh", env_path=path)
    assert refreshed.returncode == 0 and "refreshed 5 topic(s)" in refreshed.stdout, refreshed.stderr
    listed = json.loads(newsmon("topics", "list", "--format", "json", env_path=path).stdout)
    assert {r["state"] for r in listed} == {"current"}
    shown = newsmon("topics", "show", "kabul", "--from", "2020-01-03", "--to", "2020-01-04", "--format", "json",
                    env_path=path)
    body = json.loads(shown.stdout)
    assert body["queries"]["fa"] == "کابل" and {r["article_date"] for r in body["daily"]} == {"2020-01-03",
                                                                                               "2020-01-04"}
    con = open_for_write(path)
    want = con.execute("SELECT sum(articles) FROM mart_topic_daily WHERE topic = 'kabul' "
                       "AND article_date BETWEEN DATE '2020-01-03' AND DATE '2020-01-04'").fetchone()[0]
    con.close()
    assert sum(r["articles"] for r in body["daily"]) == want > 0
    csv = newsmon("topics", "show", "kabul", "--format", "csv", env_path=path)
    assert csv.stdout.splitlines()[0] == "article_date,source,language,articles,day_articles,share"
    missing = newsmon("topics", "show", "nowhere", env_path=path)
    assert missing.returncode == 1 and missing.stderr.strip().startswith("newsmon topics show: no topic named 'nowhere'")


def test_newsmon_topics_check_names_the_file_line_and_column(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\nquery: kabul OR (herat\n", encoding="utf-8")
    result = newsmon("topics", "check", str(bad))
    assert result.returncode == 1
    assert result.stderr.strip() == f"{bad}:2:17: query: column 10 of the query: this '(' is never closed"
    assert newsmon("topics", "check").returncode == 0


def test_topics_on_ducklake_match_as_on_a_duckdb_file(tmp_path, monkeypatch):
    """The scale path (DuckLake: no primary keys, Parquet files) gives the same matches and marts,
    made in the load as after a refresh."""
    monkeypatch.setenv("NEWSMON_HOME", str(tmp_path))
    results = []
    for target in (tmp_path / "w.duckdb", f"ducklake:{tmp_path / 'meta.ducklake'}"):
        con = open_for_write(target)
        refresh_topics(con, load_topics([TOPICS_DIR]))
        load_mirror(con)
        load_mirror(con)  # a reload changes nothing
        results.append((sorted(con.execute("SELECT topic, article_id FROM topic_matches").fetchall()),
                        sorted(con.execute("SELECT * FROM mart_topic_daily").fetchall())))
        con.close()
    assert results[0] == results[1] and len(results[0][0]) > 40

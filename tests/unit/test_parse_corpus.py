"""Every gold PDF of the mirror parses to its ground truth, field by field."""

from __future__ import annotations

import datetime as dt

import pytest

from newsmon.parse.article import ParseError, parse_pdf_article
from newsmon.sources import load_profile
from newsmon.testing.mirror import CORPUS_DIR, load_ground_truth

PROFILE = load_profile("afgazad")
FIELDS = ["article_id", "url", "section", "language", "title", "author", "published_date",
          "published_date_raw", "original_published_date", "captions", "body_text", "word_count",
          "content_sha256"]
GOLD = [(day, truth) for day, items in load_ground_truth().items() for truth in items]


def _pdf(day: dt.date, truth: dict) -> bytes:
    return (CORPUS_DIR / day.isoformat() / f"{truth['url'].rsplit('/', 1)[1]}").read_bytes()


def test_corpus_is_large_and_varied():
    languages = {t["language"] for _, t in GOLD}
    assert len(GOLD) >= 30 and {"en", "de", "fa", "ps"} <= languages


@pytest.mark.parametrize("day, truth", GOLD, ids=[t["url"].rsplit("/", 1)[1] for _, t in GOLD])
def test_gold_pdf_parses_to_ground_truth(day, truth):
    record = parse_pdf_article(_pdf(day, truth), url=truth["url"], profile=PROFILE).to_json_dict()
    wrong = {f: (record[f], truth[f]) for f in FIELDS if record[f] != truth[f]}
    assert wrong == {}


@pytest.mark.parametrize("data, reason", [
    (b"", "empty file"),
    (b"<html>not a pdf</html>", "not a PDF"),
    (b"%PDF-1.7\n1 0 obj\n<<", "damaged or truncated"),
])
def test_bad_documents_fail_with_a_reason(data, reason):
    with pytest.raises(ParseError, match=reason):
        parse_pdf_article(data, url="https://www.afgazad.com/x.pdf", profile=PROFILE)


def test_truncated_gold_pdf_fails_cleanly():
    day, truth = GOLD[0]
    data = _pdf(day, truth)
    with pytest.raises(ParseError):
        parse_pdf_article(data[: len(data) // 3], url=truth["url"], profile=PROFILE)

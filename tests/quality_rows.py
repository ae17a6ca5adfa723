"""Article records for the data-quality tests: good ones, each way a row can be broken, and a
day staged or a history loaded as the pipeline would have.

A helper module shared by the unit tests (`validate_day` alone) and the integration tests (the
stages, GX and a real warehouse), so that neither tier imports the other's test files.
"""

from __future__ import annotations

import datetime as dt

from newsmon import pipeline, settings
from newsmon.pipeline import ARTICLES, articles_frame
from newsmon.records import ArticleRecord, content_hash, count_words, make_article_id
from newsmon.staging import Staging
from newsmon.warehouse.connection import connect_with_retry
from newsmon.warehouse.load import load_day
from newsmon.warehouse.migrate import migrate

DAY = dt.date(2024, 3, 5)
SOURCE = "afgazad"


def article(i: int, **changes) -> dict:
    """A good record dated DAY (languages, authors and captions varied by `i`), with `changes`."""
    body = " ".join(f"word{j}" for j in range(25 + i))
    url = f"https://www.afgazad.com/pdf/2024/03/05/article-{i}.pdf"
    record = ArticleRecord(
        article_id=make_article_id("afgazad", url),
        source="afgazad",
        url=url,
        section="Political",
        language=["en", "de", "fa", "ps", "fr"][i % 5],
        title=f"Article number {i}",
        author="A. Writer" if i % 2 else None,
        published_date=DAY,
        original_published_date=None,
        body_text=body,
        captions=[f"caption {i}"] if i % 3 == 0 else [],
        word_count=count_words(body),
        content_sha256=content_hash(body),
        fetched_at=dt.datetime(2024, 3, 5, 12, 0, tzinfo=dt.timezone.utc),
        raw_ref=f"afgazad-2024-03-05.warc.gz#{i * 1000}",
    ).to_dict()
    record.update(changes)
    return record


BROKEN_ROWS = [
    ("null title", {"title": None}, "expect_column_values_to_not_be_null(title)"),
    ("null article_id", {"article_id": None}, "expect_column_values_to_not_be_null(article_id)"),
    ("null body", {"body_text": None}, "expect_column_values_to_not_be_null(body_text)"),
    ("wrong date", {"published_date": DAY + dt.timedelta(days=1)}, "expect_column_values_to_be_between(published_date)"),
    ("unparseable date", {"published_date": "5th of March"}, "expect_column_values_to_not_be_null(published_date)"),
    ("unknown language", {"language": "xx"}, "expect_column_values_to_be_in_set(language)"),
    ("off-host url", {"url": "https://evil.example/pdf/a.pdf"}, "expect_column_values_to_match_regex(url)"),
    ("look-alike host", {"url": "https://afgazad.com.evil.example/a.pdf"}, "expect_column_values_to_match_regex(url)"),
    ("too-short body", {"body_text": "only five words here now", "word_count": 5},
     "expect_column_values_to_be_between(word_count)"),
    ("short title", {"title": "ab"}, "expect_column_value_lengths_to_be_between(title)"),
    ("long title", {"title": "x" * 51}, "expect_column_value_lengths_to_be_between(title)"),
    ("null word_count", {"word_count": None}, "expect_column_values_to_not_be_null(word_count)"),
    ("null content hash", {"content_sha256": None}, "expect_column_values_to_not_be_null(content_sha256)"),
    ("bad content hash", {"content_sha256": "abc"}, "expect_column_values_to_match_regex(content_sha256)"),
    ("foreign source", {"source": "other"}, "expect_column_values_to_be_in_set(source)"),
    ("short body, enough words", {"body_text": " ".join("a" * 25), "word_count": 25},
     "expect_column_value_lengths_to_be_between(body_text)"),
    ("original date after published", {"original_published_date": DAY + dt.timedelta(days=2)},
     "expect_column_pair_values_a_to_be_greater_than_b(published_date,original_published_date)"),
    ("presentation form in title", {"title": "\ufe8e\ufedf\ufed8\ufe8e\ufee9 title"},
     "expect_column_values_to_not_match_regex(title):presentation_forms"),
    ("presentation form in body", {"body_text": article(2)["body_text"] + " \ufb8e\ufbfe"},
     "expect_column_values_to_not_match_regex(body_text):presentation_forms"),
    ("replacement char in title", {"title": "Kabul \ufffd news"},
     "expect_column_values_to_not_match_regex(title):replacement_char"),
    ("replacement char in body", {"body_text": article(2)["body_text"] + " caf\ufffd"},
     "expect_column_values_to_not_match_regex(body_text):replacement_char"),
    ("control char in title", {"title": "Kabul\x0bnews"}, "expect_column_values_to_not_match_regex(title):control_chars"),
    ("control char in body", {"body_text": article(2)["body_text"] + "\x1a"},
     "expect_column_values_to_not_match_regex(body_text):control_chars"),
    ("bidi control in body", {"body_text": article(2)["body_text"] + " \u202bx\u202c"},
     "expect_column_values_to_not_match_regex(body_text):control_chars"),
    ("author is an ISO date", {"author": "2020-01-05"}, "expect_column_values_to_not_match_regex(author):author_is_date"),
    ("author is a Persian date", {"author": "۱۵ جدی ۱۳۹۸"}, "expect_column_values_to_not_match_regex(author):author_is_date"),
    ("author is a written date", {"author": "5. März 2020"}, "expect_column_values_to_not_match_regex(author):author_is_date"),
    ("author is a URL", {"author": "https://www.afgazad.com/x"}, "expect_column_values_to_not_match_regex(author):author_is_url"),
    ("author is a domain", {"author": "afgazad.com"}, "expect_column_values_to_not_match_regex(author):author_is_url"),
    ("parser found no title", {"parse_warnings": ["no_byline", "no_title"]},
     "expect_column_values_to_not_match_regex(parse_warnings):parse_warnings"),
    ("parser found no header date", {"parse_warnings": ["no_header_date"]},
     "expect_column_values_to_not_match_regex(parse_warnings):parse_warnings"),
    ("garbled title", {"parse_warnings": ["suspicious_title", "no_section"]},
     "expect_column_values_to_not_match_regex(parse_warnings):parse_warnings"),
    ("garbled text", {"parse_warnings": ["no_byline", "garbled_text"]},
     "expect_column_values_to_not_match_regex(parse_warnings):parse_warnings"),
]


LONG = " ".join(f"word{j}" for j in range(60))  # above the afgazad profile's body floors


def record(i: int, day: dt.date = DAY, **changes) -> dict:
    """A good afgazad record for `day` (the real profile: min_body_chars 200)."""
    url = f"https://www.afgazad.com/pdf/{day:%Y/%m/%d}/a-{i}.pdf"
    base = article(i, body_text=LONG, word_count=60, published_date=day, url=url)
    base.update(article_id=make_article_id(SOURCE, url), content_sha256=content_hash(LONG))
    base.update(changes)
    return base


def stage_day(day: dt.date, records: list[dict]) -> None:
    """What parse_stage would have written for the day."""
    staging = Staging(SOURCE, day)
    staging.write_parquet(ARTICLES, articles_frame(records))
    staging.write_json(pipeline.STARTED, {"started_at": dt.datetime.now(dt.timezone.utc).isoformat()})


def load_history(day: dt.date, weeks: int = 4, per_day: int = 6) -> None:
    """Normal earlier same-weekday days, loaded for real."""
    con = connect_with_retry(settings.warehouse_path())
    try:
        migrate(con)
        for w in range(1, weeks + 1):
            d = day - dt.timedelta(weeks=w)
            load_day(con, source=SOURCE, run_date=d, articles=articles_frame([record(i, d) for i in range(per_day)]),
                     run={"started_at": dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(weeks=w)})
    finally:
        con.close()

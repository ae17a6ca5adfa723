"""A topic spike alert through real Airflow (`airflow dags test newsmon_report`): a synthetic
spike is alerted exactly once, as a log line and a JSON post to a real webhook on 127.0.0.1,
however often the report DAG runs after it; a quiet topic and a short history alert nothing."""

from __future__ import annotations

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import duckdb
import pandas as pd
import pytest

from newsmon.records import ARTICLE_FIELDS, content_hash, make_article_id
from newsmon.topics import load_topics
from newsmon.warehouse import open_for_write
from newsmon.warehouse.load import load_day
from newsmon.warehouse.topics import detect_spikes, refresh_topics
from tests.conftest import airflow

FIRST = dt.date(2021, 3, 1)
QUIET_DAYS = 10  # one "flood" article a day: the trailing median is 1
SPIKE = 5  # articles about floods on the spike day (more than 3 x 1, at least 3)


class Receiver:
    """A webhook on 127.0.0.1 that keeps every JSON body posted to it."""

    def __init__(self) -> None:
        self.bodies: list[dict] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                owner.bodies.append(json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0)))))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/secret-token-123"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _articles(day: dt.date, about_floods: int, others: int = 3) -> pd.DataFrame:
    rows = []
    for i in range(about_floods + others):
        body = (f"Heavy flood waters rose in the valley, report {i}." if i < about_floods
                else f"The market reopened after the holiday, report {i}.")
        url = f"https://www.afgazad.com/pdf/{day:%Y/%m/%d}/a-{i}.pdf"
        rows.append({"article_id": make_article_id("afgazad", url), "source": "afgazad", "url": url,
                     "section": "European Languages", "language": "en", "title": f"Report {i} of {day}",
                     "author": None, "published_date": day, "original_published_date": None, "body_text": body,
                     "captions": [], "word_count": len(body.split()), "content_sha256": content_hash(body),
                     "fetched_at": pd.Timestamp("2021-03-20", tz="UTC"), "raw_ref": f"x.warc.gz#{i}",
                     "published_date_raw": day.isoformat(), "parse_warnings": []})
    return pd.DataFrame(rows, columns=ARTICLE_FIELDS)


def _load_history(path, spike_day_floods: int) -> dt.date:
    con = open_for_write(path)
    for n in range(QUIET_DAYS):
        day = FIRST + dt.timedelta(days=n)
        load_day(con, source="afgazad", run_date=day, articles=_articles(day, 1), run={"run_id": f"r{n}"})
    spike_day = FIRST + dt.timedelta(days=QUIET_DAYS)
    load_day(con, source="afgazad", run_date=spike_day, articles=_articles(spike_day, spike_day_floods),
             run={"run_id": "spike"})
    con.close()
    return spike_day


@pytest.mark.slow
def test_a_spike_is_alerted_once_through_the_report_dag(airflow_env, tmp_path):
    home = tmp_path / "home"
    (home / "topics").mkdir(parents=True)
    (home / "topics" / "floods.yaml").write_text("name: floods\nquery:\n  en: flood*\n", encoding="utf-8")
    spike_day = _load_history(home / "warehouse.duckdb", SPIKE)
    receiver = Receiver()
    env = {**airflow_env, "NEWSMON_HOME": str(home), "NEWSMON_ALERT_WEBHOOK": receiver.url}
    try:
        first = airflow(env, "dags", "test", "newsmon_report")
        second = airflow(env, "dags", "test", "newsmon_report")  # the next run: nothing new to say
    finally:
        receiver.close()
    spikes = [b for b in receiver.bodies if b["kind"] == "topic_spike"]
    assert len(spikes) == 1, receiver.bodies
    [body] = spikes
    assert (body["source"], body["date"], body["stage"], body["severity"]) == ("afgazad", str(spike_day), "report",
                                                                               "warning")
    assert body["extra"]["topic"] == "floods" and body["extra"]["articles"] == SPIKE and body["extra"]["median"] == 1
    assert body["text"] == (f"newsmon WARNING topic_spike source=afgazad date={spike_day} stage=report "
                            f"reason=topic floods: {SPIKE} articles, trailing median 1 (alerts above 3x)")
    assert body["text"] in first.stdout + first.stderr and body["text"] not in second.stdout + second.stderr
    with duckdb.connect(str(home / "warehouse.duckdb"), read_only=True) as con:
        assert con.execute("SELECT topic, source, article_date, articles FROM topic_alerts").fetchall() == [
            ("floods", "afgazad", spike_day, SPIKE)]


@pytest.mark.parametrize("floods, factor, history, expected", [
    (SPIKE, 3.0, 7, 1),   # the spike: 5 > 3 x median 1, and at least 3
    (3, 3.0, 7, 0),       # 3 is not above 3 x 1
    (3, 2.5, 7, 1),       # but above 2.5 x 1
    (2, 1.0, 7, 0),       # above 1 x 1, but under the minimum count of 3
    (SPIKE, 3.0, 11, 0),  # too little history to judge: 10 earlier days, 11 asked for
])
def test_what_counts_as_a_spike_and_it_is_found_once(tmp_path, floods, factor, history, expected):
    path = tmp_path / "w.duckdb"
    folder = tmp_path / "topics"
    folder.mkdir()
    (folder / "floods.yaml").write_text("name: floods\nquery: flood*\n", encoding="utf-8")
    con = open_for_write(path)
    refresh_topics(con, load_topics([folder]))  # stored before the loads: the loads match
    con.close()
    spike_day = _load_history(path, floods)
    con = open_for_write(path)
    found = detect_spikes(con, [spike_day], factor=factor, min_count=3, min_history=history)
    assert [(s.topic, s.article_date, s.articles, s.median) for s in found] == \
        [("floods", spike_day, floods, 1.0)] * expected
    assert detect_spikes(con, [spike_day], factor=factor, min_count=3, min_history=history) == []  # recorded: once
    con.close()

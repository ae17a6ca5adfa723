"""Every article opens offline: the plugin serves an article's archived document from the WARC
archive at `/newsmon/archive/<id>`, and the report links it (issue 16).

The warehouse is loaded the way the pipeline loads it, from real WARC files: the discover, fetch
and parse stages run against the offline mirrors of afgazad (PDFs) and Darya News (HTML) on
127.0.0.1 for one date, and the parsed articles are loaded with `load_day` (the data-quality
stage, which needs GX, is left out: it does not touch raw_ref). Expected bytes are read from the
mirror's own files and from the WARC record with warcio directly, not through newsmon's reader.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re
import shutil
from pathlib import Path
from urllib.parse import quote, urlsplit

import duckdb
import pytest
from warcio.archiveiterator import ArchiveIterator

from newsmon import pipeline
from newsmon.report import write_report
from newsmon.sources import load_profile
from newsmon.staging import Staging
from newsmon.warehouse import open_for_write
from newsmon.warehouse.load import load_day
from tests.browser import Chromium
from tests.plugin_helpers import import_plugin, mounted
from tests.plugin_helpers import served as serve
from tests.security import probe

ROOT = Path(__file__).resolve().parents[2]
DAY = dt.date(2020, 1, 2)
STRICT_CSP_PARTS = ("default-src 'none'", "img-src data:", "style-src 'unsafe-inline'", "sandbox")


def _run_stages(name: str, base_url: str) -> None:
    base = load_profile(name)
    profile = dataclasses.replace(base, fetch=dataclasses.replace(base.fetch, requests_per_second=0))
    pipeline.discover_stage(profile, DAY, base_url)
    pipeline.fetch_stage(profile, DAY, base_url)
    pipeline.parse_stage(profile, DAY)


@pytest.fixture
def warehouse(newsmon_home, mirror, darya) -> dict[str, list[dict]]:
    """afgazad's and darya's articles of DAY, fetched from the mirrors into the WARC archive and
    loaded; returns each source's article rows (article_id, url, raw_ref, title)."""
    for name, server in (("afgazad", mirror), ("darya", darya)):
        _run_stages(name, server.base_url)
    con = open_for_write(newsmon_home / "warehouse.duckdb")
    try:
        for name in ("afgazad", "darya"):
            load_day(con, source=name, run_date=DAY, articles=Staging(name, DAY).read_parquet(pipeline.ARTICLES),
                     run={"run_id": f"{name}-{DAY}", "started_at": dt.datetime(2024, 1, 1)})
        rows = con.execute("SELECT source, article_id, url, raw_ref, title FROM articles "
                           "ORDER BY source, url").fetchall()
    finally:
        con.close()
    loaded: dict[str, list[dict]] = {"afgazad": [], "darya": []}
    for source, article_id, url, raw_ref, title in rows:
        loaded[source].append({"article_id": article_id, "url": url, "raw_ref": raw_ref, "title": title})
    assert len(loaded["afgazad"]) >= 3 and len(loaded["darya"]) >= 2
    return loaded


def _warc_payload(raw_ref: str) -> tuple[bytes, str]:
    """(body, Content-Type) of the record at `raw_ref`, read with warcio directly."""
    path, _, offset = raw_ref.rpartition("#")
    with open(path, "rb") as fh:
        fh.seek(int(offset))
        record = next(iter(ArchiveIterator(fh)))
        return record.content_stream().read(), record.http_headers.get_header("Content-Type")


@pytest.fixture
def plugin(warehouse, monkeypatch, tmp_path):
    return import_plugin(monkeypatch, tmp_path)


@pytest.fixture
def client(plugin):
    """The plugin's routes without Airflow's login in front (as tests/unit/test_report.py does)."""
    from fastapi.testclient import TestClient

    return TestClient(mounted(plugin.router))


def _get_archive(client, article_id: str):
    return client.get(f"/newsmon/archive/{quote(article_id, safe='')}")


# --- the route ------------------------------------------------------------------------------

def test_the_archived_pdf_is_served_byte_for_byte_with_safe_headers(client, warehouse, mirror_dir):
    for article in warehouse["afgazad"]:
        response = _get_archive(client, article["article_id"])
        assert response.status_code == 200, response.text
        in_mirror = (mirror_dir / urlsplit(article["url"]).path.lstrip("/")).read_bytes()
        body, archived_type = _warc_payload(article["raw_ref"])
        assert response.content == in_mirror == body and body.startswith(b"%PDF")
        assert archived_type == "application/pdf" and response.headers["content-type"] == "application/pdf"
        name = urlsplit(article["url"]).path.rsplit("/", 1)[1]
        assert response.headers["content-disposition"] == f'inline; filename="{name}"'
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["content-length"] == str(len(in_mirror))


def test_the_archived_html_page_is_served_under_a_strict_policy(client, warehouse):
    for article in warehouse["darya"]:
        response = _get_archive(client, article["article_id"])
        body, archived_type = _warc_payload(article["raw_ref"])
        assert response.status_code == 200 and response.content == body
        assert response.headers["content-type"] == archived_type == "text/html; charset=utf-8"
        csp = response.headers["content-security-policy"]
        assert all(part in csp for part in STRICT_CSP_PARTS) and "script-src" not in csp, csp
        assert response.headers["x-content-type-options"] == "nosniff"
        disposition = response.headers["content-disposition"]
        assert re.fullmatch(r'inline; filename="[A-Za-z0-9._-]+\.html"', disposition), disposition
        assert html.escape(article["title"], quote=False) in body.decode("utf-8")


def test_unknown_and_malformed_ids_are_404_and_malformed_ones_are_never_looked_up(client, warehouse, monkeypatch):
    import newsmon.report.archive as archive_module

    unknown = _get_archive(client, "0" * 32)
    assert unknown.status_code == 404 and unknown.text.count("\n") == 1 and "0" * 32 in unknown.text
    assert unknown.headers["content-type"].startswith("text/plain")
    looked_up: list[str] = []
    real = archive_module.article_raw_ref
    monkeypatch.setattr(archive_module, "article_raw_ref", lambda aid, **kw: looked_up.append(aid) or real(aid, **kw))
    afgazad_id = warehouse["afgazad"][0]["article_id"]
    malformed = ["a1", afgazad_id.upper(), afgazad_id + "0", afgazad_id[:-1], "../../warehouse.duckdb",
                 f"{afgazad_id}' OR '1'='1", "<script>alert(1)</script>", afgazad_id[:-1] + "\u0660", " " + afgazad_id]
    for bad in malformed:
        response = _get_archive(client, bad)
        assert response.status_code == 404 and b"%PDF" not in response.content, bad
        if "/" not in bad:  # a slash (even as %2F) makes it no route at all: 404 from the router
            assert response.text == "not found: not an article id\n", (bad, response.text)
    assert looked_up == []
    assert client.get("/newsmon/archive/").status_code == 404
    assert _get_archive(client, afgazad_id).status_code == 200 and looked_up == [afgazad_id]
    probe("archive ids of the wrong shape (upper case, one digit too many or few, ../, SQL quotes, <script>, "
          "an Arabic-Indic digit, a leading space) asked for at /newsmon/archive/<id>", trials=len(malformed),
          area="ui and api", outcome="404 'not an article id' for each, before any warehouse lookup; the id of an "
                                    "article reaches DuckDB only as a parameter")


def test_the_archive_needs_an_airflow_login(plugin, warehouse):
    from fastapi.testclient import TestClient

    client = TestClient(mounted(plugin.app))
    response = client.get(f"/newsmon/archive/{warehouse['afgazad'][0]['article_id']}")
    assert response.status_code in (401, 403) and b"%PDF" not in response.content
    probe("an article's archived copy asked for without an Airflow login", trials=1, area="ui and api",
          outcome=f"{response.status_code}: the archive route sits behind Airflow's own authentication")


def _plant_raw_ref(newsmon_home: Path, article_id: str, raw_ref: str) -> None:
    con = duckdb.connect(str(newsmon_home / "warehouse.duckdb"))
    try:
        con.execute("UPDATE articles SET raw_ref = ? WHERE article_id = ?", [raw_ref, article_id])
    finally:
        con.close()


def test_a_raw_ref_planted_outside_the_archive_is_refused(client, warehouse, newsmon_home, tmp_path):
    article = warehouse["afgazad"][0]
    path, _, offset = article["raw_ref"].rpartition("#")
    outside = tmp_path / "outside" / "stolen.warc.gz"  # a real WARC file, but not in $NEWSMON_HOME/raw
    outside.parent.mkdir()
    shutil.copy(path, outside)
    link = newsmon_home / "raw" / "afgazad" / "link.warc.gz"  # inside by name, outside once resolved
    link.symlink_to(outside)
    planted = [f"{outside}#{offset}", f"{newsmon_home}/raw/../../outside/stolen.warc.gz#{offset}",
               f"{link}#{offset}", "/etc/passwd#0", f"{newsmon_home / 'warehouse.duckdb'}#0",
               f"{path}#-1", f"{path}", f"{path}#1e3"]
    for raw_ref in planted:
        _plant_raw_ref(newsmon_home, article["article_id"], raw_ref)
        response = _get_archive(client, article["article_id"])
        assert response.status_code == 404 and b"%PDF" not in response.content, (raw_ref, response.text)
        assert response.text.count("\n") == 1 and "root:" not in response.text
    _plant_raw_ref(newsmon_home, article["article_id"], f"{path}#{int(offset) + 7}")  # inside, but no record there
    assert _get_archive(client, article["article_id"]).status_code == 404
    _plant_raw_ref(newsmon_home, article["article_id"], article["raw_ref"])
    assert _get_archive(client, article["article_id"]).status_code == 200
    probe("raw_refs planted in the warehouse that point outside $NEWSMON_HOME/raw (another WARC file, ../, a "
          "symbolic link out of the archive, /etc/passwd, the warehouse file, malformed offsets)",
          trials=len(planted), area="ui and api",
          outcome="404 for each, nothing of the file sent: the plugin reads only WARC files that resolve inside "
                  "the archive, at a response record")


# --- the report's links -----------------------------------------------------------------------

def test_the_live_report_and_search_link_the_archived_copy_with_the_source_beside_it(client, warehouse):
    page = client.get("/newsmon/", params={"date": str(DAY)}).text
    for article in warehouse["afgazad"] + warehouse["darya"]:
        # a PDF's link is marked, to be saved rather than shown inside the UI's sandboxed frame
        pdf = " data-pdf" if article["url"].endswith(".pdf") else ""
        archived = f'<a class="archive"{pdf} href="/newsmon/archive/{article["article_id"]}">'
        source = (f'<a class="source muted" href="{html.escape(article["url"])}" rel="noopener noreferrer" '
                  'target="_blank">source ↗</a>')
        assert archived in page and source in page, article
    assert 'id="archive-note"' not in page
    title = warehouse["darya"][0]["title"]
    found = client.get("/newsmon/api/search", params={"q": title.split()[0]}).json()["results"]
    hit = next(r for r in found if r["article_id"] == warehouse["darya"][0]["article_id"])
    assert hit["archive_url"] == f"/newsmon/archive/{hit['article_id']}" and hit["url"] == warehouse["darya"][0]["url"]
    assert client.get(hit["archive_url"]).status_code == 200


def test_the_written_report_says_where_archived_copies_open_and_keeps_the_live_links(warehouse):
    page = write_report(DAY).read_text(encoding="utf-8")
    assert 'id="archive-note"' in page and "Airflow" in page and "/newsmon/archive/" not in page
    for article in warehouse["afgazad"]:
        assert f'<a href="{html.escape(article["url"])}" rel="noopener noreferrer">' in page


def test_served_type_and_file_name_are_plain():
    from newsmon.report.archive import safe_filename, served_type

    assert served_type({"content-type": "Text/HTML; Charset=\"windows-1256\""}) == \
        ("text/html", "text/html; charset=windows-1256")
    assert served_type({"Content-Type": "application/pdf"}) == ("application/pdf", "application/pdf")
    for bad in ("", "pdf", "text/html\r\nSet-Cookie: a=b", "text/html, text/plain", "a/b c"):
        assert served_type({"Content-Type": bad})[0] == "application/octet-stream", bad
    assert served_type({})[1] == "application/octet-stream"
    aid = "0" * 32
    assert safe_filename("https://x.example/pdf/2020/01/02/a-b.pdf", "application/pdf", aid) == "a-b.pdf"
    assert safe_filename("https://x.example/culture/2020/01/06/workshop/", "text/html", aid) == "workshop.html"
    assert safe_filename("https://x.example/news/x.htm", "text/html", aid) == "x.html"
    assert safe_filename("https://x.example/", "text/html", aid) == f"article-{aid}.html"
    assert safe_filename('https://x.example/a"b;c%0d%0a/..%2f%D8%A7.pdf', "application/pdf", aid) == "2f_D8_A7.pdf"
    assert safe_filename("https://x.example/doc", "application/octet-stream", aid) == "doc"


# --- in a browser ---------------------------------------------------------------------------

@pytest.fixture
def served(client):
    """The plugin's routes on 127.0.0.1 (tests/plugin_helpers.served)."""
    with serve(client.app) as url:
        yield url


def test_a_person_opens_archived_articles_from_the_report_in_chromium(served, warehouse, mirror_dir):
    pdf, page = warehouse["afgazad"][0], warehouse["darya"][0]
    with Chromium() as browser:
        browser.navigate(f"{served}/newsmon/?date={DAY}")
        browser.wait_for("document.readyState === 'complete' && document.querySelectorAll('a.archive').length > 0")
        fetched = browser.evaluate(f"""(async () => {{
            const link = Array.from(document.querySelectorAll('a.archive'))
                .find(a => a.getAttribute('href').endsWith('/{pdf["article_id"]}'));
            const r = await fetch(link.href, {{credentials: 'same-origin'}});
            const bytes = new Uint8Array(await r.arrayBuffer());
            return [r.status, r.headers.get('content-type'), bytes.length,
                    String.fromCharCode.apply(null, bytes.slice(0, 5))];
        }})()""")
        size = (mirror_dir / urlsplit(pdf["url"]).path.lstrip("/")).stat().st_size
        assert fetched == [200, "application/pdf", size, "%PDF-"]

        # the search box's hits (from the plugin's JSON) open the archived copy too, the source beside it
        word = page["title"].split()[0]
        browser.evaluate(f"""(() => {{ const box = document.getElementById('search'); box.value = {word!r};
            box.dispatchEvent(new Event('input')); }})()""")
        hit = browser.wait_for("""(() => { const a = document.querySelector('#search-results li.hit a');
            const s = document.querySelector('#search-results li.hit a.source');
            return a && s ? [a.getAttribute('href'), s.getAttribute('rel'), s.getAttribute('href')] : null; })()""")
        assert re.fullmatch(r"/newsmon/archive/[0-9a-f]{32}", hit[0]) and hit[1] == "noopener noreferrer", hit
        assert hit[2].startswith("https://"), hit

        browser.evaluate(f"""Array.from(document.querySelectorAll('a.archive'))
            .find(a => a.getAttribute('href').endsWith('/{page["article_id"]}')).click()""")
        browser.wait_for(f"location.pathname === '/newsmon/archive/{page['article_id']}' "
                         "&& document.readyState === 'complete'")
        assert page["title"] in browser.evaluate("document.title")
        assert page["title"] in browser.evaluate("document.querySelector('h1').textContent")
        elsewhere = [u for u in browser.requests if not u.startswith(served + "/") and not u.startswith("data:")]
        assert elsewhere == [], elsewhere
        assert not [e for e in browser.errors if "Content Security Policy" not in e], browser.errors

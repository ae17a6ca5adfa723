"""`newsmon source check` and `newsmon source try`: the maintainer's tools of issue 14.

Run as a user would: the `newsmon` console script in a subprocess (this checkout's code first on
the path), against real profile files and the real offline mirrors on 127.0.0.1.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from newsmon.parse.pdf import read_pdf
from newsmon.records import ArticleRecord
from newsmon.sources.check import SCHEMA_PATH, check_file
from newsmon.sources.profile import PROFILE_DIR, Discovery, DiscoveryMethod, FetchPolicy, QualityPolicy, SourceProfile
from newsmon.testing.mirror import load_ground_truth

ROOT = Path(__file__).resolve().parents[2]
NEWSMON = str(Path(sys.executable).with_name("newsmon"))
DARYA = (PROFILE_DIR / "darya.yaml").read_text(encoding="utf-8")
SHIPPED = sorted(PROFILE_DIR.glob("*.yaml")) + sorted((ROOT / "include/newsmon/testing/profiles").glob("*.yaml"))


def newsmon(*args: str, home: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'include'}{os.pathsep}{ROOT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    if home:
        env["NEWSMON_HOME"] = str(home)
    return subprocess.run([NEWSMON, *args], capture_output=True, text=True, timeout=120, env=env, cwd=ROOT)


def line_of(text: str, fragment: str) -> int:
    """1-based number of the (only) line of `text` holding `fragment`: the test's own count."""
    found = [n for n, line in enumerate(text.splitlines(), 1) if fragment in line]
    assert len(found) == 1, (fragment, found)
    return found[0]


def edited(old: str, new: str, text: str = DARYA) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


# -- the schema and the dataclasses
def _schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@pytest.mark.parametrize("cls, where", [
    (SourceProfile, ()), (Discovery, ("$defs", "discovery")), (DiscoveryMethod, ("$defs", "discovery_method")),
    (FetchPolicy, ("$defs", "fetch")), (QualityPolicy, ("$defs", "quality")),
])
def test_schema_and_dataclasses_name_the_same_fields(cls, where):
    schema = _schema()
    for key in where:
        schema = schema[key]
    assert set(schema["properties"]) == {f.name for f in dataclasses.fields(cls)}
    assert schema["additionalProperties"] is False
    for name, prop in schema["properties"].items():
        target = _schema()["$defs"][prop["$ref"].rsplit("/", 1)[1]] if "$ref" in prop else prop
        assert target.get("description", "").strip(), f"{cls.__name__}.{name} has no description"


def test_fields_without_a_default_are_required():
    schema = _schema()
    no_default = {f.name for f in dataclasses.fields(FetchPolicy)
                  if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING}
    assert set(schema["$defs"]["fetch"]["required"]) == no_default == {"user_agent"}
    assert schema["$defs"]["discovery_method"]["required"] == ["kind"]
    assert set(schema["$defs"]["discovery_method"]["properties"]["kind"]["enum"]) == {"listing", "sitemap", "feed",
                                                                                     "section_crawl"}
    # what _from_dict reads with raw[...]: the rest have defaults there
    assert set(schema["required"]) == {"name", "base_url", "allowed_hosts", "languages", "discovery", "fetch"}


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_profile_is_valid(path):
    assert check_file(path) == []


def test_source_check_of_a_valid_file_prints_one_line(tmp_path):
    proc = newsmon("source", "check", str(PROFILE_DIR / "darya.yaml"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [f"{PROFILE_DIR / 'darya.yaml'}: valid profile 'darya' "
                                        "(html; discovery: section_crawl, feed, sitemap)"]


# -- one kind of mistake each: (edit of darya.yaml, text on the offending line, what the message says)
MISTAKES = {
    "unknown key": (lambda t: edited("timezone:", "colour: blue\ntimezone:", t), "colour: blue",
                    "colour: unknown key; known keys: allowed_hosts, base_url"),
    "wrong type": (lambda t: edited("max_pages: 5", "max_pages: five", t), "max_pages: five",
                   "discovery.methods[0].max_pages: expected an integer >= 1, got 'five'"),
    "missing required field": (lambda t: edited('  user_agent: "newsmon/0.1 (+https://github.com/newsmon; '
                                                'newsmon@example.org)"\n', "", t), "fetch:",
                               "fetch: missing required field 'user_agent'"),
    "unknown discovery kind": (lambda t: edited("- kind: feed", "- kind: rss", t), "- kind: rss",
                               "discovery.methods[1].kind: expected one of 'listing', 'sitemap', 'feed', "
                               "'section_crawl', got 'rss'"),
    "unknown document_type": (lambda t: edited("document_type: html", "document_type: htm", t), "document_type: htm",
                              "document_type: expected one of 'pdf', 'html', got 'htm'"),
    "out of range": (lambda t: edited("volume_min_fraction: 0.25", "volume_min_fraction: 1.5", t),
                     "volume_min_fraction: 1.5", "quality.volume_min_fraction: expected a number >= 0 and <= 1, got 1.5"),
    "zero pace": (lambda t: edited("requests_per_second: 2.0", "requests_per_second: 0", t), "requests_per_second: 0",
                  "fetch.requests_per_second: expected a number > 0, got 0"),
    "section_crawl without link_xpath": (
        lambda t: re.sub(r"\n      link_xpath: .*", "", t), "- kind: section_crawl",
        "discovery.methods[0]: missing required field 'link_xpath'"),
    "bad regex": (lambda t: edited('url_date_regex: "/(?P<year>', 'url_date_regex: "/((?P<year>', t),
                  'url_date_regex: "/((?P<year>', "discovery.methods[0].url_date_regex: expected a Python regular "
                                                   "expression, got"),
    "date regex without its groups": (lambda t: edited("(?P<day>", "(?P<dd>", t), "(?P<dd>",
                                      "discovery.methods[0].url_date_regex: expected the named groups year, month and day"),
    "bad XPath": (lambda t: edited("/h2/a[@href]\"", "/h2/a[@href\"", t), "/h2/a[@href\"",
                  "discovery.methods[0].link_xpath: expected an XPath 1.0 expression, got"),
    "unknown time zone": (lambda t: edited('timezone: "Asia/Kabul"', 'timezone: "Asia/Kabol"', t), "Asia/Kabol",
                          "timezone: expected an IANA time zone such as Asia/Kabul, got 'Asia/Kabol'"),
    "duplicate key": (lambda t: edited("document_type: html", "document_type: html\ndocument_type: pdf", t),
                      "document_type: pdf", "document_type: duplicate key"),
    "language code": (lambda t: edited('languages: ["en", "fa", "ps"]', 'languages: ["en", "Farsi"]', t), '"Farsi"',
                      "languages[1]: expected a string matching ^[a-z]{2}$, got 'Farsi'"),
    "semantic (load_profile)": (
        lambda t: edited("    - kind: feed\n", "    - kind: listing\n    - kind: feed\n", t), "- kind: listing",
        "discovery: discovery method 'listing' needs listing_path and article_xpath"),
    "YAML syntax error": (lambda t: edited('allowed_hosts: ["www.darya-news.example", "darya-news.example"]',
                                           'allowed_hosts: ["www.darya-news.example", "darya-news.example"', t),
                          'timezone: "Asia/Kabul"', "YAML syntax error: expected ',' or ']'"),
}


@pytest.mark.parametrize("kind", MISTAKES)
def test_source_check_reports_each_kind_of_mistake_at_its_line(kind, tmp_path):
    edit, marker, message = MISTAKES[kind]
    text = edit(DARYA)
    path = tmp_path / "darya.yaml"
    path.write_text(text, encoding="utf-8")
    proc = newsmon("source", "check", str(path))
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert len(lines) == 1, lines
    found = re.fullmatch(rf"{re.escape(str(path))}:(\d+):(\d+): (.*)", lines[0])
    assert found, lines[0]
    line = line_of(text, marker)
    if kind == "semantic (load_profile)":
        line = line_of(text, "discovery:")  # the block whose settings do not fit together
    assert int(found.group(1)) == line, (lines[0], line)
    assert found.group(3).startswith(message), found.group(3)
    assert proc.stderr.strip() == f"{path}: 1 problem(s)"


def test_source_check_lists_every_mistake_with_its_column(tmp_path):
    text = DARYA
    for old, new in (("max_pages: 5", "max_pages: five"), ("document_type: html", "document_type: htm"),
                     ("- kind: feed", "- kind: rss"), ("max_bytes: 10485760", "max_bytes: -1"),
                     ('timezone: "Asia/Kabul"', 'timezone: "Asia/Kabul"\ncolour: blue')):
        text = edited(old, new, text)
    path = tmp_path / "darya.yaml"
    path.write_text(text, encoding="utf-8")
    proc = newsmon("source", "check", str(path))
    assert proc.returncode == 1
    got = [tuple(map(int, re.match(r".*?:(\d+):(\d+): ", line).groups())) for line in proc.stdout.splitlines()]
    rows = text.splitlines()

    def at(fragment: str, value: str) -> tuple[int, int]:
        n = line_of(text, fragment)
        return n, rows[n - 1].index(value) + 1

    assert got == sorted([at("max_pages: five", "five"), at("document_type: htm", "htm"),
                          at("- kind: rss", "rss"), at("max_bytes: -1", "-1"), at("colour: blue", "colour")])


def test_source_check_of_a_missing_file_says_so_in_one_line(tmp_path):
    proc = newsmon("source", "check", str(tmp_path / "nowhere.yaml"))
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.splitlines() == [f"newsmon source check: {tmp_path / 'nowhere.yaml'}: no such profile file"]


# -- source try
def _fields(out: str) -> dict[str, tuple[str, str]]:
    """field -> (value as printed, evidence as printed) from `source try`'s output."""
    names = [f.name for f in dataclasses.fields(ArticleRecord)]
    rows = out.splitlines()[1:]
    found = {}
    for value_row, evidence_row in zip(rows[::2], rows[1::2]):
        name, _, value = value_row.partition(" ")
        assert name in names, value_row
        assert evidence_row.lstrip().startswith("<- "), evidence_row
        found[name] = (value.strip(), evidence_row.strip().removeprefix("<- "))
    return found


@pytest.mark.parametrize("slug", ["doha-talks-resume-amid-doubts", "hopes-and-fears-of-peace"])
def test_source_try_prints_every_field_of_a_mirror_pdf_with_its_evidence(slug, mirror, mirror_dir, tmp_path):
    import datetime as dt

    truth = next(r for r in load_ground_truth()[dt.date(2020, 1, 1)] if r["url"].endswith(f"/{slug}.pdf"))
    path = f"/pdf/2020/01/01/{slug}.pdf"
    mirror.clear_requests()
    proc = newsmon("source", "try", "--source", "afgazad", "--base-url", mirror.base_url, mirror.base_url + path,
                   home=tmp_path / "home")
    assert proc.returncode == 0, proc.stderr
    asked = [p for _, p, _, _ in mirror.requests]
    assert asked == ["/robots.txt", path]  # politely: robots.txt first, then the one document
    fields = _fields(proc.stdout)
    assert set(fields) == {f.name for f in dataclasses.fields(ArticleRecord)}
    for name in ("article_id", "url", "title", "author", "section", "language", "published_date",
                 "published_date_raw", "word_count", "content_sha256"):
        assert fields[name][0] == str(truth[name]), name
    assert fields["original_published_date"][0] == str(truth["original_published_date"] or "(none)")
    lines = read_pdf((mirror_dir / path.lstrip("/")).read_bytes()).lines
    for name, expected in (("published_date", truth["published_date_raw"]), ("author", truth["author"]),
                           ("title", truth["title"][:30]), ("section", truth["section"])):
        where = re.match(r"page (\d+), lines? (\d+)(?:-(\d+))?: «(.*)»$", fields[name][1])
        assert where, (name, fields[name][1])
        assert expected in where.group(4), (name, fields[name][1])
        page, first = int(where.group(1)), int(where.group(2))
        on_page = [line.text for line in lines if line.page == page - 1]
        assert expected.split()[0] in on_page[first - 1], (name, on_page[first - 1])  # the PDF's own line
    assert fields["body_text"][0].startswith(truth["body_text"][:100])
    assert "body_text" in fields["body_text"][1] or "paragraphs" in fields["body_text"][1]


def test_source_try_refuses_a_url_outside_the_profiles_scope(mirror, tmp_path):
    mirror.clear_requests()
    proc = newsmon("source", "try", "--source", "afgazad", "--base-url", mirror.base_url,
                   "https://elsewhere.example/pdf/2020/01/01/x.pdf", home=tmp_path / "home")
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.splitlines() == [
        "newsmon source try: https://elsewhere.example/pdf/2020/01/01/x.pdf: refused, outside source afgazad's "
        f"scope: host not allowed: elsewhere.example; allowed: www.afgazad.com, afgazad.com or the --base-url "
        f"{mirror.base_url}"]
    # the mirror itself without --base-url is another host too: refused before any request
    proc = newsmon("source", "try", "--source", "afgazad", mirror.base_url + "/pdf/2020/01/01/neujahr-in-kabul.pdf",
                   home=tmp_path / "home")
    assert proc.returncode == 1 and len(proc.stderr.splitlines()) == 1
    assert "refused, outside source afgazad's scope: host not allowed: 127.0.0.1" in proc.stderr
    assert mirror.requests == []


def test_source_try_of_a_missing_document_says_what_happened(mirror, tmp_path):
    proc = newsmon("source", "try", "--source", "afgazad", "--base-url", mirror.base_url,
                   mirror.base_url + "/pdf/2020/01/07/missing-article.pdf", home=tmp_path / "home")
    assert proc.returncode == 1 and proc.stdout == ""
    assert len(proc.stderr.splitlines()) == 1 and "404" in proc.stderr


# -- the HTML parser's evidence, on the offline mirror's HTML source
@pytest.mark.parametrize("template, want", [
    ("A", {"title": "json-ld", "author": "json-ld author", "published_date": "json-ld datePublished"}),
    ("C", {"author": "visible byline", "published_date": "visible dateline"})])
def test_source_try_of_an_html_page_prints_each_field_with_its_tag(darya, capsys, newsmon_home, template, want):
    from newsmon.cli import main
    from newsmon.testing import darya as site

    truth = next(t for day in load_ground_truth(site.CORPUS_DIR).values() for t in day
                 if t["template"] == template and t["author"])
    url = darya.base_url + truth["url"].removeprefix(site.BASE_URL)
    assert main(["source", "try", "--source", "darya", "--base-url", darya.base_url, url]) == 0
    fields = _fields(capsys.readouterr().out)
    for name, where in want.items():
        assert fields[name][1].lower().startswith(where.lower()), (name, fields[name])
    assert fields["title"][0] == truth["title"] and fields["author"][0] == truth["author"]
    assert fields["published_date"][0] == truth["published_date"]


def test_evidence_refuses_a_field_the_record_does_not_have():
    from newsmon.parse.evidence import Evidence

    evidence = Evidence()
    with pytest.raises(ValueError, match="'headline': not an ArticleRecord field"):
        evidence.note("headline", "JSON-LD")
    evidence.note("title", "JSON-LD NewsArticle.headline")
    evidence.note("title", "<h1>")  # the parser's final decision wins
    assert evidence.get("title") == "<h1>" and evidence

"""GX Data Docs open offline (issue 16): every asset GX's pages load comes from the site itself.

The vendored files (include/gx/vendor, tools/vendor_datadocs.py) are checked against their
manifest, GX's own templates against the manifest's URLs (a GX upgrade that adds a CDN link
fails here), and built Data Docs in headless Chromium: no request leaves file://, none fails,
and the index lists the validations.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from pathlib import Path

import great_expectations
import pytest

from newsmon.quality.offline_docs import VENDOR, make_offline, offline_html, vendor_manifest
from newsmon.quality.validate import validate_day
from newsmon.sources.profile import load_profile
from tests.browser import Chromium
from tests.quality_rows import DAY, article

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
TEMPLATES = Path(great_expectations.__file__).parent / "render" / "view" / "templates"
# A resource a page loads by itself: a script's src, a stylesheet's href (not a link to click).
_RESOURCE = re.compile(r'<(?:script\b[^>]*\bsrc|link\b[^>]*\bhref)="(https?://[^"]+)"')


def test_every_vendored_file_is_the_one_in_the_manifest_with_its_licence():
    files = vendor_manifest()["files"]
    on_disk = {p.relative_to(VENDOR).as_posix() for p in VENDOR.rglob("*") if p.is_file()} - {"vendor.json"}
    assert on_disk == set(files), on_disk ^ set(files)
    for name, entry in files.items():
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == entry["sha256"], name
        assert (VENDOR / entry["licence"]).is_file(), name
    assert set(vendor_manifest()["urls"].values()) <= set(files)


def test_every_cdn_resource_in_gx_templates_has_a_vendored_file():
    urls = vendor_manifest()["urls"]
    in_templates = {url for template in TEMPLATES.rglob("*.j2")
                    for url in _RESOURCE.findall(template.read_text(encoding="utf-8"))}
    assert in_templates, "no CDN resource found in GX's templates: has their layout changed?"
    assert in_templates - set(urls) == set()


def test_a_page_is_rewritten_to_paths_relative_to_it():
    url, local = next(iter(vendor_manifest()["urls"].items()))
    page = (f'<script src="{url}" integrity="sha384-abc+/=" crossorigin="anonymous"></script>'
            '<img src="https://great-expectations-web-assets.s3.us-east-2.amazonaws.com/logo-long.png'
            '?d=20261202T1&dataContextId=4f3b"><a href="https://greatexpectations.io">GX</a>')
    out = offline_html(page, "../..", {url: local})
    assert f'<script src="../../static/vendor/{local}"></script>' in out
    assert '<img src="../../static/images/logo-long.png">' in out and "dataContextId" not in out
    assert '<a href="https://greatexpectations.io">' in out  # a link to click is no request


def test_data_docs_in_chromium_load_nothing_from_off_the_machine(newsmon_home):
    profile = dataclasses.replace(load_profile("afgazad"), allowed_hosts=("www.afgazad.com", "afgazad.com"))
    import pandas as pd

    from newsmon.records import ARTICLE_FIELDS
    frame = pd.DataFrame([article(i) for i in range(4)], columns=ARTICLE_FIELDS)
    validate_day(frame, DAY, profile, run_name="afgazad-offline-1")
    validate_day(frame, DAY, profile, run_name="afgazad-offline-2")
    site = newsmon_home / "gx_docs"
    pages = [site / "index.html", *sorted((site / "validations").rglob("*.html"))[:1]]
    ARTIFACTS.mkdir(exist_ok=True)
    with Chromium() as browser:
        for n, page in enumerate(pages):
            browser.navigate(page.as_uri())
            if n == 0:  # the index: bootstrap-table draws one row per validation run
                rows = browser.wait_for("document.querySelectorAll('table tbody tr td a').length")
                assert rows >= 2, rows
            (ARTIFACTS / f"gx_docs_{n}.png").write_bytes(browser.screenshot())
        off_machine = [u for u in browser.requests if not u.startswith(("file://", "data:"))]
        assert off_machine == [] and browser.failed == [], (off_machine, browser.failed)
        assert any("static/vendor/" in u for u in browser.requests)  # the assets were asked for
        assert browser.errors == [], browser.errors


def test_links_into_static_start_at_the_site_whatever_depth_gx_wrote():
    page = '<link rel="shortcut icon" href="../../../static/images/favicon.ico"><img src="./static/images/x.png">'
    out = offline_html(page, "../../../..", {})
    assert out == '<link rel="shortcut icon" href="../../../../static/images/favicon.ico"><img src="../../../../static/images/x.png">'


def test_pages_built_before_the_vendored_files_are_rewritten_once_they_arrive(tmp_path):
    url, local = next(iter(vendor_manifest()["urls"].items()))
    old = tmp_path / "validations" / "s" / "old.html"
    old.parent.mkdir(parents=True)
    old.write_text(f'<script src="{url}"></script>')
    assert make_offline(tmp_path, since=4102444800.0) == 1  # new to the site: every page, whatever `since`
    assert old.read_text() == f'<script src="../../static/vendor/{local}"></script>'
    assert (tmp_path / "static" / "vendor" / local).is_file()
    old.write_text(f'<script src="{url}"></script>')
    assert make_offline(tmp_path, since=4102444800.0) == 0  # in place now: only pages newer than `since`

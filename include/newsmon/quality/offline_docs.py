"""GX Data Docs that open offline: every page's CDN links point at files of the site itself.

GX 1.x writes pages that load Bootstrap, jQuery, bootstrap-table, Font Awesome and Vega from
five CDNs, and its logo from S3 with the data context's id in the URL (although analytics
are off). Offline the index is unstyled and its validation list, which bootstrap-table
draws, stays empty; online each page view tells third parties about the site. After every
build, the pages just written get their links rewritten to include/gx/vendor (copied into
the site's static/vendor, versions pinned and licences kept: tools/vendor_datadocs.py) and
the logo to the copy GX already puts in static/images.

Why rewrite the built pages rather than override GX's templates: the templates are GX's to
change between releases, while a page is plain HTML whose every URL we can check (a test
fails on any link left pointing off the machine).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

from newsmon.files import write_atomically
from newsmon.quality.context import GX_DIR

VENDOR = GX_DIR / "vendor"
SITE_VENDOR = Path("static") / "vendor"  # under the Data Docs site
LOGO = Path("static") / "images" / "logo-long.png"  # GX copies it into every site
_S3_LOGO = re.compile(r'https://great-expectations-web-assets\.s3\.[a-z0-9-]+\.amazonaws\.com/logo-long\.png[^"\']*')
# A vendored file is no longer fetched cross-origin: the CDN's integrity and crossorigin go
# (a file:// page cannot load a script marked crossorigin; vendor.json keeps each file's sha256).
_TO_STATIC = re.compile(r'((?:src|href)=["\'])(?:\./|(?:\.\./)+)static/')
_CDN_ATTRS = re.compile(r'\s+(?:integrity="sha\d+-[A-Za-z0-9+/=]+"|crossorigin="anonymous")')


def vendor_manifest() -> dict[str, Any]:
    """include/gx/vendor/vendor.json: CDN URL -> vendored file, and each file's package,
    version, licence and sha256."""
    return json.loads((VENDOR / "vendor.json").read_text(encoding="utf-8"))


def make_offline(site: Path, since: float | None = None) -> int:
    """Copy the vendored files into the site and rewrite its pages: those modified at or
    after `since` (a time.time()), or all of them when None or when the vendored files were
    new to the site (docs built before, or with other versions). Returns the pages rewritten."""
    manifest = vendor_manifest()
    if _copy_vendor(site, manifest):
        since = None
    rewritten = 0
    for page in site.rglob("*.html"):
        if since is not None and page.stat().st_mtime < since:
            continue
        html = page.read_text(encoding="utf-8")
        offline = offline_html(html, os.path.relpath(site, page.parent), manifest["urls"])
        if offline != html:
            write_atomically(page, offline.encode("utf-8"))
            rewritten += 1
    return rewritten


def offline_html(html: str, to_site: str, urls: dict[str, str]) -> str:
    """The page with each vendored CDN URL and the S3 logo replaced by a path relative to the
    page (`to_site`: the site's root as seen from the page's folder)."""
    root = Path(to_site)
    for url, local in urls.items():
        for quote in ('"', "'"):
            html = html.replace(f"{quote}{url}{quote}", f"{quote}{(root / SITE_VENDOR / local).as_posix()}{quote}")
    html = _S3_LOGO.sub((root / LOGO).as_posix(), html)
    # GX counts the folders above a page wrongly for some (a validation page's favicon is
    # "../../../static/…" four folders down): every link into static/ starts at the site.
    html = _TO_STATIC.sub(lambda m: f"{m[1]}{root.as_posix()}/static/", html)
    return re.sub(r"<(?:script|link)\b[^>]*>", lambda tag: _CDN_ATTRS.sub("", tag[0])
                  if "static/vendor/" in tag[0] else tag[0], html)


def _copy_vendor(site: Path, manifest: dict[str, Any]) -> bool:
    """Put the vendored files (and their licences) into the site; True when they were new to it
    (a stamp of the manifest's digest says whether the copy is current).

    Several processes may build the same site at once (overlapping backfills): every file is
    written whole under a temporary name and renamed into place, and files are only added
    (each package's folder names its version, so a file's content never changes)."""
    target = site / SITE_VENDOR
    digest = hashlib.sha256(json.dumps(manifest, sort_keys=True).encode()).hexdigest()
    stamp = target / ".vendor.sha256"
    if stamp.is_file() and stamp.read_text().strip() == digest:
        return False
    for name in manifest["files"]:
        if not (target / name).is_file():
            write_atomically(target / name, (VENDOR / name).read_bytes())
    write_atomically(stamp, f"{digest}\n".encode())
    return True


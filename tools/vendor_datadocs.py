"""Vendor the front-end files GX Data Docs load from CDNs, from the npm registry, with licences.

GX 1.x's Data Docs pages load Bootstrap, jQuery, bootstrap-table, Font Awesome, Vega and more
from five CDNs (jsdelivr, cdnjs, unpkg, bootstrapcdn, code.jquery.com). Offline, or where
nothing may leave the machine, the index is unstyled and its validation list (drawn by
bootstrap-table) stays empty. newsmon serves them from the Data Docs site itself
(newsmon.quality.offline_docs rewrites each page's CDN links to these files).

This script writes include/gx/vendor/: for each CDN URL the file of the npm package at the
version the URL names (a range such as vega@5 pinned to its newest 5.x when vendored), the
package's licence file, and vendor.json (URL -> file, package, version, licence, sha256).
Run it again only to change a version; CI never runs it (it needs npm and the registry).

    python tools/vendor_datadocs.py
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "include" / "gx" / "vendor"

# CDN URL as GX's templates write it -> (npm package, exact version, file in the package).
ASSETS: dict[str, tuple[str, str, str]] = {
    "https://cdn.jsdelivr.net/npm/vega@5": ("vega", "5.33.1", "build/vega.min.js"),
    "https://cdn.jsdelivr.net/npm/vega-lite@5": ("vega-lite", "5.23.0", "build/vega-lite.min.js"),
    "https://cdn.jsdelivr.net/npm/vega-embed@6": ("vega-embed", "6.29.0", "build/vega-embed.min.js"),
    "https://cdnjs.cloudflare.com/ajax/libs/font-awesome/6.6.0/css/all.min.css":
        ("@fortawesome/fontawesome-free", "6.6.0", "css/all.min.css"),
    "https://code.jquery.com/jquery-3.7.1.min.js": ("jquery", "3.7.1", "dist/jquery.min.js"),
    "https://cdnjs.cloudflare.com/ajax/libs/popper.js/1.12.9/umd/popper.min.js":
        ("popper.js", "1.12.9", "dist/umd/popper.min.js"),
    "https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js":
        ("bootstrap", "4.3.1", "dist/js/bootstrap.min.js"),
    "https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css":
        ("bootstrap", "4.3.1", "dist/css/bootstrap.min.css"),
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.js":
        ("bootstrap-table", "1.19.1", "dist/bootstrap-table.min.js"),
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.css":
        ("bootstrap-table", "1.19.1", "dist/bootstrap-table.min.css"),
    "https://unpkg.com/bootstrap-table@1.19.1/dist/extensions/filter-control/bootstrap-table-filter-control.min.js":
        ("bootstrap-table", "1.19.1", "dist/extensions/filter-control/bootstrap-table-filter-control.min.js"),
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.css":
        ("bootstrap-table", "1.19.0", "dist/extensions/filter-control/bootstrap-table-filter-control.css"),
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.min.css":
        ("bootstrap-table", "1.19.0", "dist/extensions/filter-control/bootstrap-table-filter-control.min.css"),
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/css/bootstrap-datepicker.min.css":
        ("bootstrap-datepicker", "1.9.0", "dist/css/bootstrap-datepicker.min.css"),
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/js/bootstrap-datepicker.min.js":
        ("bootstrap-datepicker", "1.9.0", "dist/js/bootstrap-datepicker.min.js"),
    "https://cdn.jsdelivr.net/npm/@forevolve/bootstrap-dark@1.1.0/dist/css/bootstrap-prefers-dark.css":
        ("@forevolve/bootstrap-dark", "1.1.0", "dist/css/bootstrap-prefers-dark.css"),
}
# Files a vendored stylesheet loads by relative path (Font Awesome's fonts; Chromium, Firefox
# and Safari take the woff2 and never ask for the ttf beside it).
EXTRA = {("@fortawesome/fontawesome-free", "6.6.0"): [
    "webfonts/fa-brands-400.woff2", "webfonts/fa-regular-400.woff2",
    "webfonts/fa-solid-900.woff2", "webfonts/fa-v4compatibility.woff2"]}
# A package that ships neither a licence file nor a notice: the licence file of another package
# of the same repository (vega's monorepo, BSD-3-Clause), stored beside the vendored file.
LICENCE_FROM = {("vega", "5.33.1"): ("vega-util", "1.17.3")}  # its last release with the file
LICENCE_NAMES = ("LICENSE", "LICENSE.txt", "LICENSE.md", "LICENCE", "license")


def package_dir(package: str, version: str) -> str:
    """The folder of one package version under vendor/ (scope slash made a dash)."""
    return f"{package.lstrip('@').replace('/', '-')}-{version}"


def npm_pack(package: str, version: str, workdir: Path) -> tarfile.TarFile:
    """The package's tarball from the npm registry (`npm pack`, no install, no scripts)."""
    out = subprocess.run(["npm", "pack", f"{package}@{version}", "--silent", "--ignore-scripts"],
                         cwd=workdir, check=True, capture_output=True, text=True).stdout.split()[-1]
    return tarfile.open(workdir / out)


def _notice(tar: tarfile.TarFile, names: dict[str, tarfile.TarInfo], paths: set[str]) -> str | None:
    """A vendored file whose header carries the licence notice, for a package that ships no
    licence file (popper.js 1.12.9: "Distributed under the MIT License" atop popper.min.js)."""
    for path in sorted(paths):
        head = tar.extractfile(names[path]).read(600).lower()  # type: ignore[union-attr]
        if b"copyright" in head and b"license" in head:
            return path
    return None


def _licence_from(package: str, version: str, workdir: Path, folder: Path) -> str:
    """Copy another package's licence file into `folder` as LICENSE; its name there."""
    with npm_pack(package, version, workdir) as tar:
        member = next(m for m in tar.getmembers() if m.name.removeprefix("package/") in LICENCE_NAMES)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "LICENSE").write_bytes(tar.extractfile(member).read())  # type: ignore[union-attr]
    return "LICENSE"


def main() -> int:
    wanted: dict[tuple[str, str], set[str]] = {}
    for package, version, path in ASSETS.values():
        wanted.setdefault((package, version), set()).add(path)
    for key, paths in EXTRA.items():
        wanted[key].update(paths)
    files: dict[str, dict[str, str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for (package, version), paths in sorted(wanted.items()):
            folder = VENDOR / package_dir(package, version)
            with npm_pack(package, version, Path(tmp)) as tar:
                names = {m.name.removeprefix("package/"): m for m in tar.getmembers() if m.isfile()}
                licence = next((n for n in LICENCE_NAMES if n in names), None) or _notice(tar, names, paths)
                if licence is None and (package, version) in LICENCE_FROM:
                    licence = _licence_from(*LICENCE_FROM[package, version], Path(tmp), folder)
                if licence is None:
                    sys.exit(f"{package}@{version}: no licence file or notice in the package")
                for path in sorted(paths | {licence}):
                    if path in names:
                        data = tar.extractfile(names[path]).read()  # type: ignore[union-attr]
                    else:  # the licence taken from a sibling package (already in place)
                        data = (folder / path).read_bytes()
                    target = folder / path
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(data)
                    files[f"{folder.name}/{path}"] = {
                        "package": package, "version": version,
                        "licence": f"{folder.name}/{licence}", "sha256": hashlib.sha256(data).hexdigest()}
    manifest = {
        "about": "Front-end files of GX Data Docs, from the npm registry: tools/vendor_datadocs.py",
        "urls": {url: f"{package_dir(p, v)}/{path}" for url, (p, v, path) in ASSETS.items()},
        "files": files,
    }
    (VENDOR / "vendor.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(files)} files of {len(wanted)} packages in {VENDOR.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

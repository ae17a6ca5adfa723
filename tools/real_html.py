"""A real-world set of HTML news and blog pages nobody on the team made, written OUTSIDE the repo.

The pages and their annotations are the evaluation sets of two public projects, which `fetch`
(the session tool) brings onto this machine as bare git snapshots under
/work/.mirror/<owner>+<name>/repo; this script copies them out of the snapshots at the commits
pinned below and writes one manifest. Nothing fetched is committed.

    .venv/bin/python tools/real_html.py            # write the set (default /work/real-html)
    .venv/bin/python tools/real_html.py --check    # say which snapshots are missing

- adbar/trafilatura `tests/evaldata.json`: ~1,000 pages (news, blogs, institutions; mostly
  German and English) with text snippets the main content must hold ("with") and must not
  ("without"), and for most the title, author and publication date;
- adbar/htmldate `tests/eval_default.json` and `eval_mediacloud_2020.json`: ~1,000 pages (many
  languages) with their publication date.

Destination: `$NEWSMON_REAL_HTML`, else /work/real-html. Snapshots: `$NEWSMON_MIRRORS`, else
/work/.mirror. benchmarks/bench_html.py reads `manifest.json` there.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

DEFAULT_DEST = Path("/work/real-html")
DEFAULT_MIRRORS = Path("/work/.mirror")
MANIFEST = "manifest.json"


# Each source: repository, the commit read, its annotation files, and the folders its pages
# are looked up in (first hit wins, as the projects' own evaluation scripts do).
SOURCES = {
    "trafilatura": {"repo": "adbar/trafilatura", "commit": "e90b0ef51ab026fdb905fb6c5b3c84dd3d784fd5",
                    "annotations": ["tests/evaldata.json"], "folders": ["tests/cache", "tests/eval"]},
    "htmldate": {"repo": "adbar/htmldate", "commit": "b8952828329abaeeb3be21387b526f2be614ce67",
                 "annotations": ["tests/eval_default.json", "tests/eval_mediacloud_2020.json"],
                 "folders": ["tests/test_set", "tests/cache", "tests/eval"]},
}
FIELDS = ("title", "author", "date", "with", "without")


def set_dir() -> Path:
    return Path(os.environ.get("NEWSMON_REAL_HTML") or DEFAULT_DEST)


def snapshot(repo: str) -> Path:
    mirrors = Path(os.environ.get("NEWSMON_MIRRORS") or DEFAULT_MIRRORS)
    return mirrors / repo.replace("/", "+") / "repo"


def git(repo_dir: Path, *args: str) -> bytes:
    return subprocess.run(["git", "--git-dir", str(repo_dir), *args], check=True, capture_output=True).stdout


def extract(name: str, source: dict, dest: Path) -> list[dict]:
    """Copy one project's pages into dest/<name>/ and return its manifest entries."""
    repo_dir = snapshot(source["repo"])
    archive = git(repo_dir, "archive", "--format=tar", source["commit"], *source["folders"])
    out = dest / name
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        members = [m for m in tar.getmembers() if m.isfile() and ".." not in Path(m.name).parts]
        for member in members:
            target = out / member.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(tar.extractfile(member).read())
    present = {m.name for m in members}
    entries = []
    for annotations in source["annotations"]:
        items = json.loads(git(repo_dir, "show", f"{source['commit']}:{annotations}"))
        for url, item in sorted(items.items()):
            found = next((f"{folder}/{item['file']}" for folder in source["folders"]
                          if f"{folder}/{item['file']}" in present), None)
            if found is None:
                continue
            entry = {"set": name, "url": url, "file": f"{name}/{found}"}
            entry.update({key: item[key] for key in FIELDS if key in item})
            entries.append(entry)
    return entries


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only say which snapshots are missing")
    ap.add_argument("--out", type=Path, help=f"destination (default $NEWSMON_REAL_HTML or {DEFAULT_DEST})")
    args = ap.parse_args(argv)
    missing = [s["repo"] for s in SOURCES.values() if not snapshot(s["repo"]).is_dir()]
    for repo in missing:
        print(f"missing snapshot of {repo}: fetch github:{repo} (expected at {snapshot(repo)})", file=sys.stderr)
    if args.check or missing:
        return 1 if missing else 0
    dest = args.out or set_dir()
    if dest.resolve().is_relative_to(Path(__file__).resolve().parents[1]):
        print(f"{dest}: inside the repository; the real-world set stays outside it", file=sys.stderr)
        return 2
    entries = [entry for name, source in SOURCES.items() for entry in extract(name, source, dest)]
    (dest / MANIFEST).write_text(json.dumps(entries, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    by_set = {name: sum(e["set"] == name for e in entries) for name in SOURCES}
    print(f"{len(entries)} annotated pages in {dest} ({', '.join(f'{k}: {v}' for k, v in by_set.items())})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Source profiles as the tests hand them to the pipeline: the shipped ones with the politeness
that only slows tests down lifted.

The stages take a `SourceProfile`, so a test builds the one it needs and passes it in (nobody
patches a lookup). For `newsmon run` in a subprocess, or through `newsmon.cli.main`, the same
profile is written to a file: `--source` takes a profile file as well as a shipped name.

    profile = fast_profile()                                  # afgazad, no 2 requests/s pace
    pipeline.run_day(profile, day, mirror.base_url)
    path = fast_profile_file(tmp_path, read_timeout_s=2.0)    # for `newsmon run --source PATH`
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import yaml

from newsmon.sources.profile import PROFILE_DIR, SourceProfile, load_profile

# What a loopback mirror needs none of: the pace between requests and long retry backoffs.
FAST = {"requests_per_second": 0}
FAST_RETRIES = {"requests_per_second": 0, "retries": 2, "backoff_s": 0.01}


def fast_profile(source: str = "afgazad", **fetch: Any) -> SourceProfile:
    """`source`'s shipped profile without its pace between requests, with `fetch` settings changed."""
    profile = load_profile(source)
    return dataclasses.replace(profile, fetch=dataclasses.replace(profile.fetch, **{**FAST, **fetch}))


def fast_profile_file(directory: Path, source: str = "afgazad", **fetch: Any) -> Path:
    """`fast_profile(source, **fetch)` as a profile file in `directory` (for `newsmon run --source`).

    Written from the shipped YAML with only the `fetch:` block changed, so the file is a profile
    as a maintainer would write it; `load_profile` of it equals `fast_profile(source, **fetch)`."""
    raw = yaml.safe_load((PROFILE_DIR / f"{source}.yaml").read_text(encoding="utf-8"))
    raw["fetch"] = {**raw["fetch"], **FAST, **fetch}
    path = Path(directory) / f"{source}-fast.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path

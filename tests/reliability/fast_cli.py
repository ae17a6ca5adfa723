"""`newsmon` for reliability tests that need it as a separate process:

    python -m tests.reliability.fast_cli run --source afgazad --from 2020-01-01 --to 2020-01-05 --base-url URL

The real CLI (`newsmon.cli.main`, the same code path) with one change: the afgazad profile's
politeness delay (2 requests/s) and retry backoff are lifted, as the in-process tests do with a
monkeypatch, because against the mirror on 127.0.0.1 they only make the tests slow.
"""

from __future__ import annotations

import dataclasses
import sys
from typing import Callable

from newsmon import cli, pipeline
from newsmon.sources import load_profile
from newsmon.sources.profile import SourceProfile


def fast_loader(read_timeout_s: float = 5.0, source: str = "afgazad") -> Callable[[str], SourceProfile]:
    """`load_profile` with `source`'s politeness delay and retry backoff lifted (for the mirror)."""
    profile = load_profile(source)
    fast = dataclasses.replace(profile, fetch=dataclasses.replace(
        profile.fetch, requests_per_second=0, read_timeout_s=read_timeout_s, retries=2, backoff_s=0.01))
    return lambda name: fast if name == source else load_profile(name)


def main(argv: list[str]) -> int:
    pipeline.load_profile = fast_loader()
    return cli.main(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Load and check a source profile (a YAML file beside this module).

A profile is the only place a source's URL layout lives, so adding a source whose
layout fits the model is a new file, not new code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import yaml

PROFILE_DIR = Path(__file__).resolve().parent


class ProfileError(ValueError):
    """A profile file is missing or malformed."""


@dataclass(frozen=True)
class Discovery:
    kind: str
    front_page: str
    listing_path: str
    article_xpath: str
    article_path: str
    next_page_xpath: str | None = None
    max_listing_pages: int = 20


@dataclass(frozen=True)
class FetchPolicy:
    user_agent: str
    requests_per_second: float = 1.0
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 30.0
    max_bytes: int = 50 * 1024 * 1024
    retries: int = 3
    backoff_s: float = 1.0


@dataclass(frozen=True)
class QualityPolicy:
    """Data-quality thresholds of a source (the `quality:` block of its profile).

    Row level (a failing row is quarantined): body and title floors, date tolerance.
    Day level (a failing day loads nothing): volume against the trailing median article
    count of the same weekday, and the share of the day that was quarantined.
    """

    min_body_words: int = 20
    min_body_chars: int = 200
    title_min_chars: int = 3
    title_max_chars: int = 400
    date_tolerance_days: int = 0
    # Day level. Volume checks only judge a day once `volume_min_history_days` earlier
    # same-weekday dates in the trailing `volume_window_days` loaded successfully and
    # their median article count is above `volume_min_median` (a quiet source may have
    # empty days).
    volume_window_days: int = 28
    volume_min_history_days: int = 2
    volume_min_median: float = 2.0
    volume_min_fraction: float = 0.25
    max_quarantine_share: float = 0.5


@dataclass(frozen=True)
class SourceProfile:
    name: str
    title: str
    base_url: str
    allowed_hosts: tuple[str, ...]
    languages: tuple[str, ...]
    discovery: Discovery
    fetch: FetchPolicy
    quality: QualityPolicy
    timezone: str = "UTC"
    document_type: str = "pdf"
    sections: tuple[dict[str, str], ...] = field(default_factory=tuple)

    def listing_url(self, day: dt.date, base_url: str | None = None) -> str:
        return urljoin(self.root(base_url), day.strftime(self.discovery.listing_path).lstrip("/"))

    def article_url(self, day: dt.date, slug: str, base_url: str | None = None) -> str:
        path = day.strftime(self.discovery.article_path).replace("{slug}", slug)
        return urljoin(self.root(base_url), path.lstrip("/"))

    def root(self, base_url: str | None = None) -> str:
        return (base_url or self.base_url).rstrip("/") + "/"

    def canonical_url(self, url: str, base_url: str | None = None) -> str:
        """The source's own URL for a document fetched from `base_url` (e.g. the mirror).

        Article ids hash the canonical URL, so the same article has the same id whether
        it came from the live site or from the offline mirror on any port.
        """
        root = self.root(base_url)
        if base_url and url.startswith(root):
            return self.root() + url[len(root):]
        return url

    def section_names(self) -> set[str]:
        return {name for entry in self.sections for name in entry.values()}

    def host_allowed(self, url: str, base_url: str | None = None) -> bool:
        host = (urlsplit(url).hostname or "").lower()
        allowed = {h.lower() for h in self.allowed_hosts}
        if base_url:
            allowed.add((urlsplit(base_url).hostname or "").lower())
        return host in allowed


def available_sources() -> list[str]:
    return sorted(p.stem for p in PROFILE_DIR.glob("*.yaml"))


def load_profile(name_or_path: str | Path) -> SourceProfile:
    path = Path(name_or_path)
    if not path.suffix:
        path = PROFILE_DIR / f"{name_or_path}.yaml"
    if not path.is_file():
        raise ProfileError(
            f"source profile {name_or_path!r}: not found (known: {', '.join(available_sources())})"
        )
    try:
        # libyaml's loader: profiles are read by every stage, and the pure-Python one is slow
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        return _from_dict(raw)
    except (yaml.YAMLError, KeyError, TypeError) as exc:
        raise ProfileError(f"source profile {path}: malformed ({exc.__class__.__name__}: {exc})") from exc


def _from_dict(raw: dict[str, Any]) -> SourceProfile:
    return SourceProfile(
        name=raw["name"],
        title=raw.get("title", raw["name"]),
        base_url=raw["base_url"],
        allowed_hosts=tuple(raw["allowed_hosts"]),
        languages=tuple(raw["languages"]),
        discovery=Discovery(**raw["discovery"]),
        fetch=FetchPolicy(**raw["fetch"]),
        quality=QualityPolicy(**raw.get("quality", {})),
        timezone=raw.get("timezone", "UTC"),
        document_type=raw.get("document_type", "pdf"),
        sections=tuple(raw.get("sections", [])),
    )

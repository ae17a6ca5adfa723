"""`newsmon source try`: one document of a source, fetched politely and parsed, with evidence.

Why: after `newsmon discover` shows which URLs a profile finds, the maintainer needs to see
what the parser makes of one of them and from what, before a whole day runs. The document is
fetched by the pipeline's own `Fetcher` (scope, address rules, robots.txt, pace, size and
type limits), nothing is archived or staged, and it is parsed in the bounded worker.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from newsmon.parse.evidence import DERIVED, RECORD_FIELDS, Evidence
from newsmon.records import ArticleRecord
from newsmon.redaction import clean_url, printable
from newsmon.sources.profile import SourceProfile

SHOWN_CHARS = 160  # of a long value (the body): enough to recognise it


class OutOfScope(ValueError):
    """A URL the source's profile may not fetch."""


@dataclass
class Trial:
    url: str
    record: ArticleRecord
    evidence: Evidence


def try_url(profile: SourceProfile, url: str, base_url: str | None = None, timeout_s: float = 60.0) -> Trial:
    """Fetch `url` as the pipeline would and parse it with evidence; OutOfScope or ValueError
    with a one-line reason when the URL may not be fetched or gave no document."""
    from newsmon import settings
    from newsmon.crawl.fetcher import Fetcher, accepted_types
    from newsmon.crawl.pace import HostPace
    from newsmon.parse.guard import explain_guarded
    from newsmon.pipeline import checked_base_url

    base_url = checked_base_url(profile, dt.date.today(), base_url)
    refusal = profile.scope_refusal(url, base_url)
    if refusal:
        served = f" or the --base-url {clean_url(base_url)}" if base_url else " (give --base-url for a mirror)"
        raise OutOfScope(f"{clean_url(url)}: refused, outside source {profile.name}'s scope: {refusal}; "
                         f"allowed: {', '.join(profile.allowed_hosts)}{served}")
    fetcher = Fetcher(profile, base_url=base_url, stage="try", pace=HostPace.shared(settings.home()))
    result = fetcher.get(url, accept=accepted_types(profile))
    if not result.ok:
        raise ValueError(f"{clean_url(url)}: {result.outcome or result.error}")
    record, evidence = explain_guarded(result.body, timeout_s=timeout_s, url=url, profile=profile,
                                       canonical_url=profile.canonical_url(url, base_url))
    return Trial(url, record, evidence)


def format_trial(trial: Trial, document_type: str) -> list[str]:
    """The record, one field a line, each followed by where it came from; escaped for a terminal."""
    values = trial.record.to_json_dict()
    width = max(map(len, RECORD_FIELDS))
    out = [printable(f"{clean_url(trial.url)} ({document_type}) parsed:")]
    for name in RECORD_FIELDS:
        out.append(printable(f"{name:<{width}}  {_shown(values[name])}"))
        where = trial.evidence.get(name) or DERIVED.get(name)
        if trial.evidence:
            where = where or ("not found" if values[name] in (None, "", []) else "no evidence noted")
        if where:
            out.append(printable(f"{'':<{width}}    <- {where}"))
    return out


def _shown(value: object) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, list):
        return "[" + ", ".join(json.dumps(_shown(v), ensure_ascii=False) for v in value) + "]"
    text = " ".join(str(value).split())
    return text if len(text) <= SHOWN_CHARS else f"{text[:SHOWN_CHARS - 1]}… ({len(text)} characters)"

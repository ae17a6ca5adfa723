"""After loads: take in changed topic files, then alert on spikes. The report DAG's task.

Why here and not in the load: a spike is a question about several days (a day against the 28
before it), and an alert must never fail or slow a load. The report DAG runs after every load
(it is scheduled on the articles asset) and takes the warehouse's writer slot for this.

    NEWSMON_TOPIC_SPIKE_FACTOR    alert above this many times the trailing median (default 3)
    NEWSMON_TOPIC_SPIKE_MIN       and at least this many articles that day (default 3)
    NEWSMON_TOPIC_SPIKE_WINDOW    days before the day that make the median (default 28)
    NEWSMON_TOPIC_SPIKE_HISTORY   days with articles among them needed to judge (default 7)

Each (topic, source, day) is alerted once: `topic_alerts` remembers what was sent.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsmon.alerts import Alert, emit, topic_spike
from newsmon.topics import load_topics

log = logging.getLogger("newsmon.topics")


@dataclass(frozen=True)
class SpikeRule:
    """When a topic's day is a spike (see the module docstring)."""

    factor: float = 3.0
    min_count: int = 3
    window_days: int = 28
    min_history: int = 7

    @classmethod
    def from_env(cls) -> SpikeRule:
        def number(name: str, default: float) -> float:
            text = os.environ.get(name, "").strip()
            try:
                value = float(text) if text else default
            except ValueError:
                log.warning("%s=%r is not a number: using %s", name, text, default)
                return default
            return value if value >= 0 else default

        return cls(factor=number("NEWSMON_TOPIC_SPIKE_FACTOR", cls.factor),
                   min_count=int(number("NEWSMON_TOPIC_SPIKE_MIN", cls.min_count)),
                   window_days=max(1, int(number("NEWSMON_TOPIC_SPIKE_WINDOW", cls.window_days))),
                   min_history=int(number("NEWSMON_TOPIC_SPIKE_HISTORY", cls.min_history)))


def watch_topics(days: list[dt.date] | None = None, path: Path | str | None = None,
                 rule: SpikeRule | None = None, logger: logging.Logger | None = None,
                 **context: Any) -> dict[str, Any]:
    """Refresh the topics whose files changed, then send one alert per new spike on `days`
    (default: the newest article day). Returns what it did, for the task's log and XCom."""
    from newsmon.warehouse.connection import connect_with_retry
    from newsmon.warehouse.migrate import migrate
    from newsmon.warehouse.topics import detect_spikes, newest_article_day, refresh_topics

    rule = rule or SpikeRule.from_env()
    found = load_topics()
    for problem in found.problems:
        (logger or log).warning("topic file not taken in: %s", problem)
    con = connect_with_retry(path, timeout_s=120)
    try:
        migrate(con)
        refreshed = refresh_topics(con, found)
        newest = newest_article_day(con)
        days = days or ([newest] if newest else [])
        spikes = detect_spikes(con, days, factor=rule.factor, min_count=rule.min_count,
                               window_days=rule.window_days, min_history=rule.min_history)
    finally:
        con.close()
    alerts: list[Alert] = []
    for spike in spikes:  # recorded first (committed), then sent: a crash between loses one, never repeats one
        alert = topic_spike(spike.topic, spike.source, spike.article_date, spike.articles, spike.median,
                            rule.factor, **context)
        emit(alert, logger)
        alerts.append(alert)
    return {"refreshed": refreshed.refreshed, "removed": refreshed.removed, "tokenised": refreshed.tokenised,
            "days": [str(d) for d in days], "spikes": [a.payload()["text"] for a in alerts],
            "problems": found.problems}

"""robots.txt rules for one host: what may be fetched, and how slowly (RFC 9309 + Crawl-delay).

Why not `urllib.robotparser` alone: it reads `Crawl-delay` only as a whole number, so the
common `Crawl-delay: 0.5` (or `2.5`) silently means no delay at all. Allow/Disallow matching
stays the standard library's; the delay is read here, group by group, with the same rule for
which group applies (the first group naming our product token, else the `*` group).
"""

from __future__ import annotations

import math
import urllib.robotparser
from dataclasses import dataclass

# RFC 9309 §2.5: a crawler must parse at least 500 KiB; more than that is ignored.
MAX_ROBOTS_BYTES = 500 * 1024


@dataclass
class Robots:
    parser: urllib.robotparser.RobotFileParser | None = None  # None: everything allowed
    crawl_delay: float = 0.0
    unreachable: str | None = None                             # set: nothing allowed

    @classmethod
    def from_text(cls, text: str, user_agent: str) -> Robots:
        lines = text[:MAX_ROBOTS_BYTES].splitlines()
        parser = urllib.robotparser.RobotFileParser()
        parser.parse(lines)
        return cls(parser, crawl_delay(lines, user_agent))

    def allows(self, user_agent: str, url: str) -> bool:
        return self.parser is None or self.parser.can_fetch(user_agent, url)


def crawl_delay(lines: list[str], user_agent: str) -> float:
    """Seconds of the Crawl-delay that applies to `user_agent` (fractions kept); 0 when none.

    Groups are runs of `User-agent` lines followed by rules, as in `urllib.robotparser`; a
    value that is not a finite, non-negative number is ignored.
    """
    token = user_agent.split("/")[0].lower()
    seconds: float | None
    groups: list[tuple[list[str], float | None]] = []
    agents: list[str] = []
    delay: float | None = None
    in_rules = False
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        if ":" not in line:
            continue
        field, value = (part.strip() for part in line.split(":", 1))
        field = field.lower()
        if field == "user-agent":
            if in_rules:
                groups.append((agents, delay))
                agents, delay, in_rules = [], None, False
            agents.append(value.lower())
        elif agents:
            in_rules = True
            if field == "crawl-delay":
                try:
                    seconds = float(value)
                except ValueError:
                    continue
                if math.isfinite(seconds) and seconds >= 0:
                    delay = seconds
    if agents:
        groups.append((agents, delay))
    for names, seconds in groups:
        if any(name != "*" and name in token for name in names):
            return seconds or 0.0
    for names, seconds in groups:
        if "*" in names:
            return seconds or 0.0
    return 0.0

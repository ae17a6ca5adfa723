"""Watched topics: YAML files, reviewed like code, each a name and a query (docs/topics.md).

    from newsmon.topics import load_topics
    found = load_topics()           # the shipped files, then $NEWSMON_HOME/topics
    found.topics, found.problems    # valid topics; one line per mistake (FILE:LINE:COL: where: what)

Why files: a topic is a definition people argue about ("does Kabul include Kabul province?"),
so it lives where changes are reviewed and versioned. The warehouse keeps each topic's
definition and digest (newsmon.warehouse.topics): a changed file is noticed by its digest, and
`newsmon topics refresh` re-matches that topic over all history.

Where: `include/newsmon/topics/*.yaml` ships with newsmon; `$NEWSMON_HOME/topics/*.yaml` is the
operator's. A file there with the name of a shipped topic replaces it. A file that does not
validate is reported (one line per mistake, with its line and column) and left out; it never
takes the others down.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from newsmon import settings
from newsmon.topics.query import Node, QueryError, parse
from newsmon.topics.text import TOKENISER

TOPICS_DIR = Path(__file__).resolve().parent
SCHEMA_PATH = TOPICS_DIR / "topic.schema.json"
ANY_LANGUAGE = "*"  # the key of a query written once for every language

__all__ = ["ANY_LANGUAGE", "Topic", "TopicFiles", "check_topic_file", "load_topics", "topic_dirs"]


@dataclass(frozen=True)
class Topic:
    """One watched topic, validated and parsed.

    `queries` maps a language code (or ANY_LANGUAGE) to the query as written; `trees` holds
    them parsed. `languages` / `sources` limit the articles considered (None: all)."""

    name: str
    title: str
    description: str
    queries: dict[str, str]
    trees: dict[str, Node] = field(repr=False, compare=False)
    languages: tuple[str, ...] | None
    sources: tuple[str, ...] | None
    file: str

    def definition(self) -> dict[str, Any]:
        """What the matches depend on, as stored in the warehouse (title and file do not count)."""
        return {"name": self.name, "queries": self.queries, "languages": self.languages,
                "sources": self.sources, "tokeniser": TOKENISER}

    @property
    def digest(self) -> str:
        """Changes when, and only when, the topic's matches may change (its query, languages,
        sources, or the tokeniser): what tells `refresh` to re-match it."""
        text = json.dumps(self.definition(), ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

    def query_for(self, language: str | None) -> Node | None:
        """The tree an article in `language` is matched with (None: it is not considered)."""
        if self.languages is not None and language not in self.languages:
            return None
        return self.trees.get(language or "") or self.trees.get(ANY_LANGUAGE)


@dataclass
class TopicFiles:
    """What the topic folders hold: valid topics by name, and a line per problem."""

    topics: list[Topic]
    problems: list[str]

    def named(self, name: str) -> Topic:
        for topic in self.topics:
            if topic.name == name:
                return topic
        known = ", ".join(t.name for t in self.topics) or "none"
        raise LookupError(f"no topic named {name!r} (topics: {known})")


def topic_dirs() -> list[Path]:
    """The shipped folder, then the operator's `$NEWSMON_HOME/topics` when it exists."""
    own = settings.home() / "topics"
    return [TOPICS_DIR] + ([own] if own.is_dir() else [])


def load_topics(dirs: list[Path] | None = None) -> TopicFiles:
    """Every `*.yaml` of the folders, later folders replacing earlier topics of the same name."""
    found: dict[str, Topic] = {}
    problems: list[str] = []
    for folder in dirs if dirs is not None else topic_dirs():
        seen_here: dict[str, str] = {}
        for path in sorted(folder.glob("*.yaml")):
            topic, file_problems = check_topic_file(path)
            problems += file_problems
            if topic is None:
                continue
            if topic.name in seen_here:
                problems.append(f"{path}:1:1: name: topic {topic.name!r} is also defined in {seen_here[topic.name]}")
                continue
            seen_here[topic.name] = str(path)
            found[topic.name] = topic
    return TopicFiles(sorted(found.values(), key=lambda t: t.name), problems)


@lru_cache(maxsize=1)
def topic_schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def check_topic_file(path: Path) -> tuple[Topic | None, list[str]]:
    """The topic of one file, or None and every problem (FILE:LINE:COL: where: what) of it."""
    from newsmon.sources.check import PositionedYaml, Problem, schema_problems

    try:
        text = path.read_text(encoding="utf-8")
        document = PositionedYaml.compose(text)
    except (OSError, UnicodeDecodeError) as exc:
        return None, [f"{path}:1:1: cannot read the file ({exc.__class__.__name__}: {exc})"]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{mark.line + 1}:{mark.column + 1}" if mark else "1:1"
        return None, [f"{path}:{where}: YAML syntax error: {exc.problem or exc.context or 'malformed YAML'}"]
    except yaml.YAMLError as exc:
        return None, [f"{path}:1:1: YAML error: {' '.join(str(exc).split())}"]
    problems: list[Problem] = document.duplicates + schema_problems(document, topic_schema())
    if not problems:
        problems = _query_problems(document, text)
    if problems:
        return None, [p.format(str(path)) for p in sorted(problems, key=lambda p: (p.line, p.column))]
    return _topic(document.data, path), []


def _queries(data: dict[str, Any]) -> dict[str, str]:
    query = data["query"]
    return dict(query) if isinstance(query, dict) else {ANY_LANGUAGE: query}


def _query_problems(document: Any, text: str) -> list[Any]:
    """Each query that does not parse, at the file's line and column of the mistake."""
    from newsmon.sources.check import Problem

    problems = []
    for language, query in _queries(document.data).items():
        path = ("query",) if language == ANY_LANGUAGE else ("query", language)
        try:
            parse(query)
        except QueryError as exc:
            line, column = _column_in_file(document.mark(path), exc.column, text)
            where = ".".join(path)
            problems.append(Problem(line, column, where, f"column {exc.column} of the query: {exc.reason}"))
    return problems


def _column_in_file(mark: tuple[int, int], column: int, text: str) -> tuple[int, int]:
    """Where column `column` of a query lies in the file: exact for a query on one line (plain or
    quoted); for a block scalar (| or >), the line and column where the value starts."""
    line, start = mark
    lines = text.splitlines()
    first = lines[line - 1][start - 1:start] if 0 < line <= len(lines) else ""
    if first in ("|", ">"):
        return line, start
    return line, start + (column - 1) + (1 if first in ("'", '"') else 0)


def _topic(data: dict[str, Any], path: Path) -> Topic:
    queries = _queries(data)
    languages = tuple(sorted(data["languages"])) if data.get("languages") else None
    if ANY_LANGUAGE not in queries:  # per-language queries: only the languages that have one
        languages = tuple(sorted(set(languages or queries) & set(queries)))
    return Topic(name=data["name"], title=data.get("title") or data["name"], description=data.get("description", ""),
                 queries=queries, trees={lang: parse(q) for lang, q in queries.items()}, languages=languages,
                 sources=tuple(data["sources"]) if data.get("sources") else None, file=str(path))

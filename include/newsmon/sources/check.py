"""`newsmon source check`: a profile file against the published JSON Schema, then its meaning.

Why a checker of its own: `load_profile` stops at the first mistake and cannot say where it
is in the file. A maintainer adapting a profile to a live site wants every mistake at once,
each with the line and column of the offending value and what was expected there, as a
compiler reports them. So the YAML is composed (not just loaded) to keep each node's
position, validated with jsonschema against `profile.schema.json` (every error, not the
first), then checked for what a schema cannot say (regular expressions and XPaths that do
not compile, an unknown time zone), and last loaded with `load_profile`, whose
`ProfileError`s are reported in the same form.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from newsmon.sources.profile import (
    PROFILE_DIR,
    Discovery,
    DiscoveryMethod,
    FetchPolicy,
    ProfileError,
    QualityPolicy,
    load_profile,
)

SCHEMA_PATH = PROFILE_DIR / "profile.schema.json"
Location = tuple[str | int, ...]  # a location in the document: keys and list indexes


@dataclass(frozen=True)
class Problem:
    """One mistake in a profile file, at a 1-based line and column."""

    line: int
    column: int
    where: str      # e.g. discovery.methods[0].max_pages ('' for the file as a whole)
    message: str

    def format(self, file: str) -> str:
        where = f"{self.where}: " if self.where else ""
        return f"{file}:{self.line}:{self.column}: {where}{self.message}"


@lru_cache(maxsize=1)
def profile_schema() -> dict[str, Any]:
    """The published schema (include/newsmon/sources/profile.schema.json)."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def check_file(path: Path) -> list[Problem]:
    """Every problem of the profile at `path`, in file order; [] for a valid profile."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [Problem(1, 1, "", f"cannot read the file ({exc.__class__.__name__}: {exc})")]
    try:
        document = PositionedYaml.compose(text)
    except yaml.MarkedYAMLError as exc:
        return [_syntax_problem(exc)]
    except yaml.YAMLError as exc:
        return [Problem(1, 1, "", f"YAML error: {exc}")]
    problems = document.duplicates + schema_problems(document) + semantic_problems(document)
    if not problems:
        problems = _load_problems(path, document)
    return sorted(problems, key=lambda p: (p.line, p.column))


def _syntax_problem(exc: yaml.MarkedYAMLError) -> Problem:
    """A YAML syntax error where the parser stopped, naming the construct it was in."""
    mark = exc.problem_mark or exc.context_mark
    what = exc.problem or exc.context or "malformed YAML"
    if exc.context and exc.context_mark and exc.problem:
        what += f" ({exc.context} at line {exc.context_mark.line + 1}, column {exc.context_mark.column + 1})"
    return Problem(mark.line + 1 if mark else 1, mark.column + 1 if mark else 1, "", f"YAML syntax error: {what}")


class PositionedYaml:
    """A YAML document as plain data, plus where each value (and each mapping key) starts."""

    def __init__(self, data: Any, values: dict[Location, yaml.Mark], keys: dict[Location, yaml.Mark],
                 duplicates: list[Problem]) -> None:
        self.data, self.values, self.keys, self.duplicates = data, values, keys, duplicates

    @classmethod
    def compose(cls, text: str) -> PositionedYaml:
        """Compose `text` with the safe loader's rules (same types as `load_profile` gets)."""
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
            values: dict[Location, yaml.Mark] = {}
            keys: dict[Location, yaml.Mark] = {}
            duplicates: list[Problem] = []
            data = _construct(loader, node, (), values, keys, duplicates) if node is not None else None
        finally:
            loader.dispose()
        return cls(data, values, keys, duplicates)

    def mark(self, path: Location, *, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the value at `path` (or its key), else of its nearest parent."""
        table = self.keys if key and path in self.keys else self.values
        while path and path not in table:
            path = path[:-1]
        found = table.get(path)
        return (found.line + 1, found.column + 1) if found else (1, 1)


def _construct(loader: yaml.SafeLoader, node: yaml.Node, path: Location, values: dict[Location, Any],
               keys: dict[Location, Any], duplicates: list[Problem]) -> Any:
    """Plain data of `node`, recording the start of every value and key under `path`."""
    values[path] = node.start_mark
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)  # merge keys (<<: *anchor), as the loader does
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                key = str(key)
            if key in out:
                duplicates.append(Problem(key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                                          dotted(path + (key,)), "duplicate key (YAML keeps only the last one)"))
            keys[path + (key,)] = key_node.start_mark
            out[key] = _construct(loader, value_node, path + (key,), values, keys, duplicates)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(loader, item, path + (i,), values, keys, duplicates) for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


def dotted(path: Location) -> str:
    """discovery.methods[0].max_pages for ('discovery', 'methods', 0, 'max_pages')."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# -- the schema
def schema_problems(document: PositionedYaml, schema: Mapping[str, Any] | None = None) -> list[Problem]:
    """Every schema violation, one problem each (an unknown key per key); `schema` defaults to
    the profile schema (topic files are checked the same way against theirs)."""
    validator = Draft202012Validator(schema if schema is not None else profile_schema())
    return [problem for error in validator.iter_errors(document.data) for problem in _explain(error, document)]


def _explain(error: ValidationError, document: PositionedYaml) -> Iterator[Problem]:
    """One-line problems of one validation error, at the offending value."""
    path = tuple(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = sorted(_schema(error).get("properties", {}))
        for key in error.instance:
            if key not in known:
                line, col = document.mark(path + (key,), key=True)
                hint = f"; known keys: {', '.join(known)}" if known else ""
                yield Problem(line, col, dotted(path + (key,)), f"unknown key{hint}")
        return
    if error.validator == "required":
        missing = re.match(r"'([^']*)' is a required property", error.message)
        name = missing.group(1) if missing else "?"
        line, col = document.mark(path, key=True)  # at the key of the mapping that lacks it
        yield Problem(line, col, dotted(path) or "(top level)", f"missing required field {name!r}")
        return
    if error.validator in ("allOf", "if", "then"):
        return  # their own sub-errors (required, minItems) are reported instead
    line, col = document.mark(path)
    yield Problem(line, col, dotted(path) or "(top level)", f"expected {expected(error)}, got {_shown(error.instance)}")


def _schema(error: ValidationError) -> Mapping[str, Any]:
    """The schema `error` is about (the profile schema has no boolean subschemas: {} for one)."""
    return error.schema if isinstance(error.schema, Mapping) else {}


def expected(error: ValidationError) -> str:
    """What the schema wanted where `error` is, in words: the property's schema as a whole
    (type with its bounds), so 'five' for max_pages reads 'an integer >= 1'."""
    schema = _schema(error)
    if error.validator == "propertyNames":
        return "a language code of two lower-case letters as the key"
    if "enum" in schema:
        return "one of " + ", ".join(repr(v) for v in schema["enum"])
    if "const" in schema:
        return repr(schema["const"])
    words = _type_words(schema.get("type"))
    bounds = [f"{op} {schema[key]:g}" for key, op in (("minimum", ">="), ("exclusiveMinimum", ">"),
                                                        ("maximum", "<="), ("exclusiveMaximum", "<"))
              if key in schema]
    if bounds:
        words += " " + " and ".join(bounds)
    if error.validator == "pattern":
        words += f" matching {schema['pattern']}"
    if error.validator in ("minItems", "minLength", "minProperties"):
        words = "a non-empty " + words.removeprefix("a ").removeprefix("an ")
    if error.validator == "uniqueItems":
        words += " without repeated items"
    return words


def _type_words(kind: str | list[str] | None) -> str:
    names = {"integer": "an integer", "number": "a number", "string": "a string", "array": "a list",
             "object": "a mapping", "boolean": "true or false", "null": "null"}
    if kind is None:
        return "a value"
    kinds = [kind] if isinstance(kind, str) else kind
    return " or ".join(names.get(k, k) for k in kinds)


def _shown(value: Any) -> str:
    """The offending value as the message quotes it: short, one line."""
    text = "null" if value is None else repr(value) if not isinstance(value, (dict, list)) else \
        ("a mapping" if isinstance(value, dict) else "a list") + (" (empty)" if not value else "")
    return text if len(text) <= 60 else text[:59] + "…"


# -- what the schema cannot say
_REGEX_FIELDS = ("url_regex", "url_date_regex")
_XPATH_FIELDS = ("link_xpath", "link_date_xpath", "next_page_xpath")


def semantic_problems(document: PositionedYaml) -> list[Problem]:
    """Regular expressions and XPaths that do not compile, an unknown time zone: checked
    wherever the value is a string, beside the schema's errors (every mistake in one pass)."""
    data = document.data if isinstance(document.data, dict) else {}
    problems = []
    zone = data.get("timezone")
    if isinstance(zone, str):
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            problems.append(_at(document, ("timezone",),
                                f"expected an IANA time zone such as Asia/Kabul, got {zone!r}"))
    discovery = _mapping(data.get("discovery"))
    for name in ("article_xpath", "next_page_xpath"):
        problems += _xpath_problem(document, ("discovery", name), discovery.get(name))
    methods = discovery.get("methods")
    for i, method in enumerate(methods if isinstance(methods, list) else []):
        method = _mapping(method)
        for name in _REGEX_FIELDS:
            problems += _regex_problem(document, ("discovery", "methods", i, name), method.get(name))
        for name in _XPATH_FIELDS:
            problems += _xpath_problem(document, ("discovery", "methods", i, name), method.get(name))
    return problems


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _at(document: PositionedYaml, path: Location, message: str) -> Problem:
    line, col = document.mark(path)
    return Problem(line, col, dotted(path), message)


def _regex_problem(document: PositionedYaml, path: Location, pattern: Any) -> list[Problem]:
    if not pattern or not isinstance(pattern, str):
        return []
    try:
        groups = set(re.compile(pattern).groupindex)
    except re.error as exc:
        return [_at(document, path, f"expected a Python regular expression, got {pattern!r} ({exc})")]
    if path[-1] == "url_date_regex" and not {"year", "month", "day"} <= groups:
        return [_at(document, path, f"expected the named groups year, month and day, got {pattern!r}")]
    return []


def _xpath_problem(document: PositionedYaml, path: Location, xpath: Any) -> list[Problem]:
    if not xpath or not isinstance(xpath, str):
        return []
    import lxml.etree  # the discovery stage's XPath engine: what compiles here runs there

    try:
        lxml.etree.XPath(xpath)
    except lxml.etree.XPathSyntaxError as exc:
        return [_at(document, path, f"expected an XPath 1.0 expression, got {xpath!r} ({exc})")]
    return []


# -- what load_profile says
def _load_problems(path: Path, document: PositionedYaml) -> list[Problem]:
    """`ProfileError`s of the parts (each at its own line), then of the whole profile."""
    discovery = document.data.get("discovery", {})
    methods = discovery.get("methods") or []
    parts: list[tuple[Location, Any]] = [
        *((("discovery", "methods", i), lambda m=m: DiscoveryMethod(**m)) for i, m in enumerate(methods)),
        (("discovery",), lambda: Discovery.from_dict(discovery)),
        (("fetch",), lambda: FetchPolicy(**document.data["fetch"])),
        (("quality",), lambda: QualityPolicy(**document.data.get("quality", {}))),
    ]
    for where, build in parts:
        try:
            build()
        except ProfileError as exc:
            line, col = document.mark(where, key=True)
            return [Problem(line, col, dotted(where), str(exc))]
    try:
        load_profile(path)
    except ProfileError as exc:
        return [Problem(1, 1, "", str(exc).removeprefix(f"source profile {path}: "))]
    return []

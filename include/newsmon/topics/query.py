"""The topic query language: words, "phrases", prefix*, AND, OR, NOT and parentheses.

    parse('کابل OR "kabul city" NOT cricket')   # -> Or(...), or QueryError with a column

Grammar (docs/topics.md says it for people):

    query   := or
    or      := and ("OR" and)*
    and     := unary (["AND"] unary)*        two terms side by side: both must appear
    unary   := "NOT" unary | primary
    primary := WORD | WORD* | "a phrase" | "(" or ")"

Operators are the upper-case words AND, OR, NOT (lower-case ones are words). A word or phrase
is matched by its terms (`newsmon.topics.text.terms`: normalised, split on what is not a letter
or digit), so a word that splits into several terms (U.S.A, a ZWNJ-free spelling written with a
hyphen) is a phrase. A prefix* matches every term that starts with it.

Why a parser of our own: the language is a dozen lines of grammar, every error must name the
column where it is (a person edits these files by hand), and the matcher compiles the tree to
SQL substring tests over the stored term text (newsmon.warehouse.topics).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from newsmon.topics.text import terms

OPERATORS = ("AND", "OR", "NOT")
MIN_PREFIX = 2  # characters a prefix needs: "a*" would match nearly every article


class QueryError(ValueError):
    """A query that does not parse: the message names the 1-based column."""

    def __init__(self, message: str, column: int) -> None:
        super().__init__(f"column {column}: {message}")
        self.reason, self.column = message, column


@dataclass(frozen=True)
class Term:
    """One term, matched whole."""

    term: str
    column: int = field(compare=False)  # where it was written: two trees of one meaning are equal


@dataclass(frozen=True)
class Prefix:
    """Every term starting with `prefix`."""

    prefix: str
    column: int = field(compare=False)


@dataclass(frozen=True)
class Phrase:
    """These terms in this order, next to each other (within the title or within the body)."""

    terms: tuple[str, ...]
    column: int = field(compare=False)


@dataclass(frozen=True)
class And:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    part: Node


Node = Term | Prefix | Phrase | And | Or | Not


@dataclass(frozen=True)
class _Token:
    kind: str  # word, prefix, phrase, op, (, )
    text: str
    column: int


def _tokens(text: str) -> Iterator[_Token]:
    """The lexical tokens of a query, each with its 1-based column."""
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char.isspace():
            i += 1
        elif char in "()":
            yield _Token(char, char, i + 1)
            i += 1
        elif char == '"':
            end = text.find('"', i + 1)
            if end < 0:
                raise QueryError('this phrase\'s " is never closed', i + 1)
            yield _Token("phrase", text[i + 1:end], i + 1)
            i = end + 1
        else:
            start = i
            while i < n and not text[i].isspace() and text[i] not in '()"':
                i += 1
            word = text[start:i]
            if word in OPERATORS:
                yield _Token("op", word, start + 1)
            elif "*" in word.rstrip("*") or word.endswith("**"):
                raise QueryError(f"{word!r}: * goes once, at the end of a word (a prefix)", start + 1)
            else:
                yield _Token("prefix" if word.endswith("*") else "word", word.rstrip("*"), start + 1)


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = list(_tokens(text))
        self.at = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def parse(self) -> Node:
        if not self.tokens:
            raise QueryError("the query is empty", 1)
        node = self.or_()
        extra = self.peek()
        if extra is not None:  # only a stray ")" can stop an or_() early
            raise QueryError("')' closes no '('", extra.column)
        return node

    def or_(self) -> Node:
        parts = [self.and_()]
        while (token := self.peek()) is not None and token.kind == "op" and token.text == "OR":
            self.take()
            parts.append(self.and_(after=token))
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def and_(self, after: _Token | None = None) -> Node:
        parts = [self.unary(after)]
        while (token := self.peek()) is not None and not _ends_and(token):
            if token.kind == "op" and token.text == "AND":
                self.take()
                parts.append(self.unary(token))
            else:
                parts.append(self.unary())
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def unary(self, after: _Token | None = None) -> Node:
        token = self.peek()
        if token is not None and token.kind == "op" and token.text == "NOT":
            self.take()
            return Not(self.unary(token))
        return self.primary(after)

    def primary(self, after: _Token | None) -> Node:
        token = self.peek()
        if token is None:
            if after is not None:
                raise QueryError(f"{after.text} needs a word, phrase or ( after it", after.column)
            raise QueryError("the query ends where a word was expected", 1)
        if token.kind == "op":
            where = f"after {after.text} at column {after.column}" if after else "here"
            raise QueryError(f"{token.text} cannot stand {where}: a word, phrase or ( is expected", token.column)
        if token.kind == ")":
            what = f"{after.text} needs a word, phrase or ( after it" if after else "')' closes nothing here"
            raise QueryError(what, token.column if not after else after.column)
        self.take()
        if token.kind == "(":
            if (inner := self.peek()) is not None and inner.kind == ")":
                raise QueryError("'()' is empty", token.column)
            node = self.or_()
            close = self.peek()
            if close is None or close.kind != ")":
                raise QueryError("this '(' is never closed", token.column)
            self.take()
            return node
        return _leaf(token)


def _ends_and(token: _Token) -> bool:
    """A ")" or an OR: where a run of AND-ed (or side-by-side) terms stops."""
    return token.kind == ")" or (token.kind == "op" and token.text == "OR")


def _leaf(token: _Token) -> Node:
    """A word, prefix or phrase as its terms (the document's tokeniser, so both sides agree)."""
    found = tuple(terms(token.text))
    if not found:
        what = "this phrase is empty" if token.kind == "phrase" and not token.text.strip() else \
            f"{token.text!r} has no letter or digit"
        raise QueryError(what, token.column)
    if token.kind == "prefix":
        if len(found) != 1:
            raise QueryError(f"{token.text}*: a prefix is one word (it splits into {' '.join(found)})", token.column)
        if len(found[0]) < MIN_PREFIX:
            raise QueryError(f"{token.text}*: a prefix needs at least {MIN_PREFIX} letters", token.column)
        return Prefix(found[0], token.column)
    if len(found) == 1:
        return Term(found[0], token.column)
    return Phrase(found, token.column)


def parse(text: str) -> Node:
    """The tree of `text`, or QueryError naming the column of the first mistake.

    A query that would match an article with no words at all (only NOT terms) is refused:
    it would match nearly everything, which is never a topic."""
    if not isinstance(text, str):
        raise QueryError(f"a query is text, got {type(text).__name__}", 1)
    node = _Parser(text).parse()
    if matches(node, " \n "):
        raise QueryError("the query matches articles without any of its words (only NOT?): "
                         "add a word that must appear", 1)
    return node


def matches(node: Node, term_text: str) -> bool:
    """Whether a document's term text (`newsmon.topics.text.term_text`) matches the tree.

    The warehouse runs the same tests in SQL (`contains`); this is the reference the tests hold
    that SQL to, and what `parse` uses to refuse a query that needs no word."""
    if isinstance(node, Term):
        return f" {node.term} " in term_text
    if isinstance(node, Prefix):
        return f" {node.prefix}" in term_text
    if isinstance(node, Phrase):
        return f" {' '.join(node.terms)} " in term_text
    if isinstance(node, And):
        return all(matches(part, term_text) for part in node.parts)
    if isinstance(node, Or):
        return any(matches(part, term_text) for part in node.parts)
    return not matches(node.part, term_text)


def words(node: Node) -> list[str]:
    """The terms, phrases and prefixes a tree looks for, positive or not (for `topics show`)."""
    if isinstance(node, Term):
        return [node.term]
    if isinstance(node, Prefix):
        return [node.prefix + "*"]
    if isinstance(node, Phrase):
        return ['"' + " ".join(node.terms) + '"']
    if isinstance(node, Not):
        return words(node.part)
    return [w for part in node.parts for w in words(part)]

"""Calls counted: a compiled pattern's (the tests that show a cheap probe, or a gate, spares a
regex call where it tells put one in the pattern's place) and a database connection's
statements (the tests that show a search runs no more than it should)."""

from __future__ import annotations

from typing import Any


class Counted:
    """A compiled pattern whose search, match, findall and finditer calls are counted (or a
    char_classes.ClassPlaces whose places and found calls are); its other attributes are the
    pattern's."""

    def __init__(self, pattern: Any) -> None:
        self.pattern, self.calls = pattern, 0

    def search(self, *args: Any) -> Any:
        self.calls += 1
        return self.pattern.search(*args)

    def match(self, *args: Any) -> Any:
        self.calls += 1
        return self.pattern.match(*args)

    def findall(self, *args: Any) -> Any:
        self.calls += 1
        return self.pattern.findall(*args)

    def finditer(self, *args: Any) -> Any:
        self.calls += 1
        return self.pattern.finditer(*args)

    # (a pattern the parser reads through char_classes: its ClassPlaces' or ClassRuns' reads)
    def places(self, *args: Any) -> Any:
        self.calls += 1
        return self.pattern.places(*args)

    def found(self, *args: Any) -> Any:
        self.calls += 1
        return self.pattern.found(*args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.pattern, name)


class CountingConnection:
    """A connection that counts the statements run through it."""

    def __init__(self, con: Any) -> None:
        self.con, self.statements = con, 0

    def execute(self, sql: str, params: Any = None) -> Any:
        self.statements += 1
        return self.con.execute(sql, params)

"""SQL fragments that carry their parameters, for the search queries written out by hand: they
are put together from pieces, and no caller keeps parameters in order itself."""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection

FIELD = re.compile(r"%\((\w+)\)s")  # a named field of a template, as in Django's schema editor


@dataclass(frozen=True)
class SQL:
    """A piece of SQL with a %s placeholder for each of its parameters, in order: the pair
    Django's as_sql() returns, kept together. Pieces combine with & (AND), | (OR) and ~ (NOT),
    each result in parentheses; with SQL.join; or into a template with SQL.compose."""

    sql: str
    params: tuple[object, ...] = ()

    def as_sql(self) -> tuple[str, tuple[object, ...]]:
        return self.sql, self.params

    def __and__(self, other: "SQL") -> "SQL":
        return SQL.compose("(%(left)s AND %(right)s)", left=self, right=other)

    def __or__(self, other: "SQL") -> "SQL":
        return SQL.compose("(%(left)s OR %(right)s)", left=self, right=other)

    def __invert__(self) -> "SQL":
        return SQL.compose("NOT (%(condition)s)", condition=self)

    @classmethod
    def join(cls, separator: str, parts: Iterable["SQL"]) -> "SQL":
        """The parts one after the other with separator (SQL text) between them, as they are:
        no parentheses added."""
        parts = list(parts)
        params = tuple(param for part in parts for param in part.params)
        return cls(separator.join(part.sql for part in parts), params)

    @classmethod
    def list_of(cls, values: Iterable[object]) -> "SQL":
        """A placeholder for each value, separated by commas: the inside of `IN (...)`."""
        values = tuple(values)
        return cls(", ".join(["%s"] * len(values)), values)

    @classmethod
    def compose(cls, template: str, **parts: object) -> "SQL":
        """The template with each %(name)s field filled from parts: a fragment by its SQL, its
        parameters in its place; any other value by a placeholder, the value its parameter.
        The template has no % of its own (every parameter goes in by name), so names that
        are not parameters, such as tables, can be written into it with an f-string."""
        texts = FIELD.split(template)  # text, field name, text, field name, ..., text
        if any("%" in text for text in texts[::2]):
            raise ValueError(f"a parameter outside a named field in {template!r}")
        if unused := set(parts) - set(texts[1::2]):
            raise ValueError(f"{sorted(unused)} not in {template!r}")
        pieces = []
        for index, text in enumerate(texts):
            if index % 2 == 0:
                pieces.append(cls(text))
            elif isinstance(value := parts[text], SQL):
                pieces.append(value)
            else:
                pieces.append(cls("%s", (value,)))
        return cls.join("", pieces)


def fetch_all(query: SQL) -> list[tuple]:
    """The rows a query written out by hand answers (the ORM costs more to build and compile
    the search queries than the database takes to answer them)."""
    with connection.cursor() as cursor:
        cursor.execute(*query.as_sql())
        return cursor.fetchall()


def fetch_column(query: SQL) -> list:
    return [row[0] for row in fetch_all(query)]

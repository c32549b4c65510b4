"""SQL fragments: each piece keeps its parameters beside its placeholders, however pieces are
combined."""

import pytest

from search.sql import SQL, fetch_all, fetch_column

YEAR = SQL("year >= %s", (1990,))
GENRE = SQL("genre_id = %s", (7,))
KIND = SQL("kind = %s", ("film",))


def test_a_fragment_is_the_pair_django_expects():
    assert YEAR.as_sql() == ("year >= %s", (1990,))
    assert SQL("popularity DESC").as_sql() == ("popularity DESC", ())


def test_and_or_and_not_put_their_result_in_parentheses():
    assert (YEAR & GENRE).as_sql() == ("(year >= %s AND genre_id = %s)", (1990, 7))
    assert (YEAR | GENRE).as_sql() == ("(year >= %s OR genre_id = %s)", (1990, 7))
    assert (~YEAR).as_sql() == ("NOT (year >= %s)", (1990,))


def test_combined_conditions_keep_their_grouping_and_parameter_order():
    combined = (KIND | YEAR) & ~GENRE
    assert combined.as_sql() == (
        "((kind = %s OR year >= %s) AND NOT (genre_id = %s))",
        ("film", 1990, 7),
    )


def test_join_puts_the_separator_between_the_parts_and_nothing_around_them():
    assert SQL.join(" AND ", [KIND, YEAR, GENRE]).as_sql() == (
        "kind = %s AND year >= %s AND genre_id = %s",
        ("film", 1990, 7),
    )
    assert SQL.join(" AND ", []).as_sql() == ("", ())


def test_list_of_has_a_placeholder_per_value():
    assert SQL.list_of([3, 1, 2]).as_sql() == ("%s, %s, %s", (3, 1, 2))
    assert SQL.list_of(iter(["a"])).as_sql() == ("%s", ("a",))


def test_compose_fills_named_fields_in_the_order_they_appear():
    query = SQL.compose(
        "SELECT id FROM entry WHERE %(condition)s AND id IN (%(ids)s) "
        "ORDER BY %(rank)s LIMIT %(limit)s",
        limit=20,
        rank=SQL("CASE WHEN instr(names, %s) > 0 THEN 0 ELSE 1 END", ("|cell",)),
        ids=SQL.list_of([5, 6]),
        condition=KIND & YEAR,
    )
    assert query.as_sql() == (
        "SELECT id FROM entry WHERE (kind = %s AND year >= %s) AND id IN (%s, %s) "
        "ORDER BY CASE WHEN instr(names, %s) > 0 THEN 0 ELSE 1 END LIMIT %s",
        ("film", 1990, 5, 6, "|cell", 20),
    )


def test_a_field_used_twice_gives_its_parameters_twice():
    assert SQL.compose("%(word)s || %(word)s", word="x").as_sql() == ("%s || %s", ("x", "x"))


def test_a_value_that_looks_like_sql_is_still_a_parameter():
    query = SQL.compose("title = %(title)s", title="'; DROP TABLE film; --")
    assert query.as_sql() == ("title = %s", ("'; DROP TABLE film; --",))


@pytest.mark.parametrize(
    ("template", "parts"),
    [
        ("year >= %s AND %(genre)s", {"genre": GENRE}),  # a parameter kept in order by hand
        ("names LIKE '%cell%'", {}),
        ("year >= %(year)s", {"year": 1990, "genre": GENRE}),  # a part with no field
    ],
)
def test_compose_refuses_templates_that_would_lose_the_order(template, parts):
    with pytest.raises(ValueError):
        SQL.compose(template, **parts)


def test_a_missing_part_is_named():
    with pytest.raises(KeyError, match="genre"):
        SQL.compose("%(genre)s")


def test_fragments_are_values():
    assert SQL("a = %s", (1,)) == SQL("a = %s", (1,))
    with pytest.raises(AttributeError):
        YEAR.sql = "year < %s"


@pytest.mark.django_db
def test_a_fragment_is_run_with_its_parameters():
    query = SQL.compose("SELECT %(number)s, %(word)s", number=SQL("%s + 1", (41,)), word="x")
    assert fetch_all(query) == [(42, "x")]
    assert fetch_column(query) == [42]

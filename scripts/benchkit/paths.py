"""Run in a catalogue's own environment (python -m benchkit.paths COUNT): prints, as JSON, the
paths the benchmark asks for, COUNT of each kind spread over the whole catalogue (film, person,
genre, search), and the home page."""

import json
import sys
import urllib.parse


def spread(values: list, count: int) -> list:
    """`count` of `values`, evenly spaced, so that a big catalogue is sampled end to end."""
    if len(values) <= count:
        return list(values)
    step = len(values) / count
    return [values[int(index * step)] for index in range(count)]


def main() -> None:
    import django

    django.setup()
    from django.urls import reverse

    from catalog.models import Film, Genre, Person

    count = int(sys.argv[1])
    films = list(Film.objects.published().order_by("pk").values_list("slug", "title"))
    people = list(Person.objects.order_by("pk").values_list("slug", flat=True))
    genres = list(
        Genre.objects.with_published_films().order_by("pk").values_list("slug", flat=True)
    )
    sampled = spread(films, count)
    queries = [title for _, title in spread(films[1::2], count // 2)]
    queries += [slug.replace("-", " ") for slug in spread(people[1::2], count - len(queries))]
    search = reverse("search:results")
    print(
        json.dumps(
            {
                "film": [reverse("catalog:film", args=[slug]) for slug, _ in sampled],
                "person": [
                    reverse("catalog:person", args=[slug]) for slug in spread(people, count)
                ],
                "genre": [reverse("catalog:genre", args=[slug]) for slug in genres],
                "home": ["/"],
                "search": [f"{search}?{urllib.parse.urlencode({'q': q})}" for q in queries],
            }
        )
    )


if __name__ == "__main__":
    main()

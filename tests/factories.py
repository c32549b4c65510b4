"""factory_boy factories for the catalogue: each test builds exactly the data it needs."""

import factory
from factory.django import DjangoModelFactory

from catalog.models import AlternativeTitle, Credit, Film, Genre, Person
from catalog.naming import film_slug, person_slug
from community.models import Comment
from community.moderation import digest, normalised_body, normalised_email
from watch.models import Offer, VideoSource


class GenreFactory(DjangoModelFactory):
    class Meta:
        model = Genre
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"genre-{n}")
    name = factory.LazyAttribute(lambda genre: genre.slug.replace("-", " ").capitalize())
    name_ko = factory.Sequence(lambda n: f"장르{n}")


class FilmFactory(DjangoModelFactory):
    class Meta:
        model = Film
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Film Number {n}")
    original_title = factory.Sequence(lambda n: f"영화 {n}번")
    year = 2013
    runtime = 120
    countries = "KR"
    languages = "ko"
    synopsis = "A short synopsis."
    synopsis_ko = "짧은 줄거리."
    plot = "The plot in English."
    plot_ko = "한국어 줄거리."
    slug = factory.LazyAttribute(lambda film: film_slug(film.title, film.original_title, film.year))

    @factory.post_generation
    def genres(self, create, extracted, **kwargs):
        if create and extracted:
            self.genres.set(extracted)


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Kim Person-{n}")
    name_ko = factory.Sequence(lambda n: f"김사람{n}")
    slug = factory.LazyAttribute(lambda person: person_slug(person.name, person.name_ko))


class CreditFactory(DjangoModelFactory):
    class Meta:
        model = Credit

    film = factory.SubFactory(FilmFactory)
    person = factory.SubFactory(PersonFactory)
    role = Credit.Role.CAST
    character = factory.Sequence(lambda n: f"Character {n}")
    character_ko = factory.Sequence(lambda n: f"인물{n}")
    order = factory.Sequence(lambda n: n)


class AlternativeTitleFactory(DjangoModelFactory):
    class Meta:
        model = AlternativeTitle

    film = factory.SubFactory(FilmFactory)
    title = factory.Sequence(lambda n: f"Other Title {n}")
    language = "en"
    kind = AlternativeTitle.Kind.INTERNATIONAL


def miracle_in_cell_no_7() -> Film:
    """The film the design is written around, with the credits its summary line names."""
    comedy = GenreFactory(slug="comedy", name="Comedy", name_ko="코미디")
    drama = GenreFactory(slug="drama", name="Drama", name_ko="드라마")
    film = FilmFactory(
        title="Miracle in Cell No. 7",
        original_title="7번방의 선물",
        year=2013,
        runtime=127,
        genres=[comedy, drama],
        synopsis="A father with a learning disability is wrongly jailed.",
        synopsis_ko="지적 장애를 가진 아버지가 누명을 쓰고 수감된다.",
    )
    CreditFactory(
        film=film,
        person=PersonFactory(name="Lee Hwan-kyung", name_ko="이환경"),
        role=Credit.Role.DIRECTOR,
        character="",
        character_ko="",
        order=0,
    )
    CreditFactory(
        film=film,
        person=PersonFactory(name="Ryu Seung-ryong", name_ko="류승룡"),
        character="Lee Yong-gu",
        character_ko="이용구",
        order=1,
    )
    CreditFactory(
        film=film,
        person=PersonFactory(name="Kal So-won", name_ko="갈소원"),
        character="Young Ye-seung",
        character_ko="어린 예승",
        order=2,
    )
    CreditFactory(
        film=film,
        person=PersonFactory(name="Park Shin-hye", name_ko="박신혜"),
        character="Ye-seung",
        character_ko="예승",
        order=3,
    )
    AlternativeTitleFactory(
        film=film, title="7beonbangui seonmul", language="ko-Latn", kind="romanised"
    )
    return film


class VideoSourceFactory(DjangoModelFactory):
    """A YouTube source; the fields are those the registry gives for its URL."""

    class Meta:
        model = VideoSource

    film = factory.SubFactory(FilmFactory)
    video_id = factory.Sequence(lambda n: f"vid{n:08d}")
    url = factory.LazyAttribute(lambda s: f"https://www.youtube.com/watch?v={s.video_id}")
    provider = "youtube"
    embed_url = factory.LazyAttribute(
        lambda s: f"https://www.youtube-nocookie.com/embed/{s.video_id}"
    )
    watch_url = factory.LazyAttribute(lambda s: f"https://www.youtube.com/watch?v={s.video_id}")
    kind = VideoSource.Kind.FULL_FILM
    uploader = "Korean Film Archive"
    source_note = "Film archive"
    language = "ko"


class OfferFactory(DjangoModelFactory):
    """An editor's offer: the film on Netflix in South Korea, with a subscription."""

    class Meta:
        model = Offer

    film = factory.SubFactory(FilmFactory)
    service = "netflix"
    country = "KR"
    kind = Offer.Kind.STREAM
    link = factory.Sequence(lambda n: f"https://www.netflix.com/title/{80000000 + n}")
    source = Offer.Source.EDITOR


class CommentFactory(DjangoModelFactory):
    class Meta:
        model = Comment

    film = factory.SubFactory(FilmFactory)
    name = factory.Sequence(lambda n: f"Viewer {n}")
    email = factory.Sequence(lambda n: f"viewer{n}@example.org")
    email_hash = factory.LazyAttribute(lambda c: digest(normalised_email(c.email)))
    body = factory.Sequence(lambda n: f"What a film, comment number {n}.")
    body_hash = factory.LazyAttribute(lambda c: digest(normalised_body(c.body)))
    status = Comment.Status.APPROVED
    depth = factory.LazyAttribute(lambda c: c.parent.depth + 1 if c.parent else 0)
    thread = factory.LazyAttribute(lambda c: (c.parent.thread or c.parent) if c.parent else None)
    parent = None

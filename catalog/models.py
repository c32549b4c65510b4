"""The catalogue: films, the people who made them, their credits, genres and other titles."""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from catalog.addresses import slug_url
from catalog.images import Picture, picture

FIRST_FILM_YEAR = 1888  # Roundhay Garden Scene, the oldest surviving film.
LAST_FILM_YEAR = 2100
MAX_RUNTIME_MINUTES = 1500
# The order of new films: the latest release first, films without a release date after every
# dated one, then by year and title. Written as "undated?" then the date, not as `release_date
# DESC NULLS LAST`, so that one index declared through Django serves it on both databases
# (film_published_by_release): SQLite cannot say NULLS LAST in an index, and PostgreSQL reads a
# plain (published, release_date) index in that order only by sorting every published film.
UNDATED = models.ExpressionWrapper(Q(release_date=None), output_field=models.BooleanField())
NEWEST_RELEASE_FIRST = [
    UNDATED.asc(),
    models.F("release_date").desc(),
    models.F("year").desc(),
    models.F("title").asc(),
]

imdb_title_id = RegexValidator(r"^tt\d{7,10}$", _("An IMDb title id looks like tt2624704."))
imdb_name_id = RegexValidator(r"^nm\d{7,10}$", _("An IMDb name id looks like nm1113552."))
wikidata_id = RegexValidator(r"^Q[1-9]\d{0,11}$", _("A Wikidata id looks like Q483437."))
kobis_id = RegexValidator(r"^\d{6,10}$", _("A KOBIS code is 6 to 10 digits, e.g. 20124079."))
kmdb_id = RegexValidator(
    r"^[A-Z]\d{5,8}$", _("A KMDb id is a letter and 5 to 8 digits, e.g. K12345.")
)
# KMDb's people: eight digits (directorId/actorId/staffId in KMDb's answers; Wikidata P1649).
kmdb_person_id = RegexValidator(r"^\d{8}$", _("A KMDb person id is 8 digits, e.g. 00004101."))
country_codes = RegexValidator(
    r"^[A-Z]{2}(,[A-Z]{2})*$",
    _("Use ISO country codes separated by commas, e.g. KR or KR,US."),
)
language_codes = RegexValidator(
    r"^[a-z]{2,3}(,[a-z]{2,3})*$",
    _("Use ISO language codes separated by commas, e.g. ko or ko,en."),
)
language_tag = RegexValidator(
    r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-[A-Z]{2})?$",
    _("Use a language tag such as ko, en, ja or ko-Latn (Korean in Latin letters)."),
)


def in_visitor_language(english: str, korean: str) -> str:
    """The Korean text on the Korean site when there is one, the English text otherwise."""
    if korean and (get_language() or "").startswith("ko"):
        return korean
    return english or korean


class GenreQuerySet(models.QuerySet):
    def with_published_films(self) -> "GenreQuerySet":
        """Genres with a published film, from the count the database keeps (catalog.counts)."""
        return self.filter(film_count__gt=0)


class Genre(models.Model):
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name (English)"), max_length=60, unique=True)
    name_ko = models.CharField(_("name (Korean)"), max_length=60, blank=True)
    # Published films in the genre, kept by the database's triggers (catalog.counts). Not a
    # positive field: a check constraint must never refuse a film's write over a count.
    film_count = models.IntegerField(_("published films"), default=0, editable=False)

    objects = GenreQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("genre")
        verbose_name_plural = _("genres")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return slug_url("catalog:genre", self.slug)

    @property
    def display_name(self) -> str:
        return in_visitor_language(self.name, self.name_ko)


class ExternalIds(models.Model):
    """Identifiers of the same record in the databases importers read from."""

    tmdb_id = models.PositiveIntegerField(_("TMDB id"), unique=True, null=True, blank=True)
    wikidata_id = models.CharField(
        _("Wikidata id"),
        max_length=13,
        unique=True,
        null=True,
        blank=True,
        validators=[wikidata_id],
    )

    class Meta:
        abstract = True


# What a film card shows: its link, titles, year and poster (or the placeholder).
CARD_FIELDS = ["slug", "title", "original_title", "year", "poster", "poster_width", "poster_height"]


class FilmQuerySet(models.QuerySet):
    def published(self) -> "FilmQuerySet":
        return self.filter(published=True)

    def with_page_details(self) -> "FilmQuerySet":
        """Everything the film page shows, in a fixed number of queries."""
        return self.prefetch_related(
            "genres",
            "alternative_titles",
            models.Prefetch(
                "credits", queryset=Credit.objects.select_related("person").order_by("order", "id")
            ),
        )

    def newest_first(self) -> "FilmQuerySet":
        """Latest release first, undated films last (NEWEST_RELEASE_FIRST): read in the order of
        the index film_published_by_release, so the first films are found without a sort."""
        return self.order_by(*NEWEST_RELEASE_FIRST)

    def in_decade(self, decade: int) -> "FilmQuerySet":
        return self.filter(year__gte=decade, year__lte=decade + 9)

    def similar_to(self, film: "Film") -> "FilmQuerySet":
        """The films of this film's precomputed "more like this" list, best first (unpublished
        ones included unless filtered: see catalog.similarity for how the list is made)."""
        return self.filter(listed_as_similar__film=film).order_by("listed_as_similar__rank")

    def as_cards(self) -> "FilmQuerySet":
        """Only the columns a film card (catalog/_film_card.html) shows."""
        return self.only(*CARD_FIELDS)


class Film(ExternalIds):
    class Certificate(models.TextChoices):
        ALL = "all", _("All ages")
        TWELVE = "12", _("12 and over")
        FIFTEEN = "15", _("15 and over")
        EIGHTEEN = "18", _("Adults only (18)")
        RESTRICTED = "restricted", _("Restricted screening")

    slug = models.SlugField(
        _("slug"),
        max_length=140,
        unique=True,
        allow_unicode=True,
        blank=True,
        help_text=_("Left empty, it is made from the title and the year."),
    )
    title = models.CharField(
        _("title"), max_length=200, help_text=_("The title in English or Latin letters.")
    )
    original_title = models.CharField(
        _("original title"), max_length=200, blank=True, help_text=_("The Korean title, in hangul.")
    )
    romanised_title = models.CharField(
        _("romanised title"),
        max_length=200,
        blank=True,
        help_text=_("Revised Romanization of the original title; made from it when left empty."),
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        validators=[MinValueValidator(FIRST_FILM_YEAR), MaxValueValidator(LAST_FILM_YEAR)],
    )
    release_date = models.DateField(_("release date"), null=True, blank=True)
    runtime = models.PositiveSmallIntegerField(
        _("runtime (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_RUNTIME_MINUTES)],
    )
    countries = models.CharField(
        _("countries"), max_length=60, blank=True, default="KR", validators=[country_codes]
    )
    languages = models.CharField(
        _("languages"), max_length=60, blank=True, default="ko", validators=[language_codes]
    )
    certificate = models.CharField(
        _("rating certificate"), max_length=12, blank=True, choices=Certificate.choices
    )
    synopsis = models.TextField(_("synopsis (English)"), max_length=600, blank=True)
    synopsis_ko = models.TextField(_("synopsis (Korean)"), max_length=600, blank=True)
    plot = models.TextField(_("plot (English)"), blank=True)
    plot_ko = models.TextField(_("plot (Korean)"), blank=True)
    poster = models.ImageField(
        _("poster"),
        upload_to="posters/",
        blank=True,
        width_field="poster_width",
        height_field="poster_height",
    )
    poster_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    poster_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    genres = models.ManyToManyField(
        Genre, related_name="films", blank=True, verbose_name=_("genres")
    )
    imdb_id = models.CharField(
        _("IMDb id"), max_length=12, unique=True, null=True, blank=True, validators=[imdb_title_id]
    )
    kobis_id = models.CharField(
        _("KOBIS code"), max_length=10, unique=True, null=True, blank=True, validators=[kobis_id]
    )
    kmdb_id = models.CharField(
        _("KMDb id"), max_length=9, unique=True, null=True, blank=True, validators=[kmdb_id]
    )
    popularity = models.PositiveIntegerField(
        _("popularity"),
        default=0,
        help_text=_(
            "Higher ranks first among equally good search matches: admissions in thousands, "
            "or an importer's popularity score."
        ),
    )
    published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = FilmQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("film")
        verbose_name_plural = _("films")
        indexes = [
            # In the order of the lists (newest year first, then by title), so that a decade's or
            # a large genre's page walks the index and stops, with nothing to sort.
            models.Index(fields=["published", "-year", "title"], name="film_published_newest"),
            # New films (the home page): NEWEST_RELEASE_FIRST, walked from the start.
            models.Index(
                models.F("published"),
                *NEWEST_RELEASE_FIRST,
                name="film_published_by_release",
            ),
            models.Index(fields=["published", "created_at"], name="film_published_added"),
            # imports find a film by its hangul title and year (importers.matching)
            models.Index(fields=["original_title", "year"], name="film_original_title"),
            models.Index(fields=["title", "year"], name="film_title_year"),
            # The sitemap's last change, read from the end of the index.
            models.Index(fields=["published", "updated_at"], name="film_published_updated"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_FILM_YEAR, year__lte=LAST_FILM_YEAR),
                name="film_year_in_range",
            ),
            models.CheckConstraint(
                condition=Q(runtime__isnull=True)
                | Q(runtime__gte=1, runtime__lte=MAX_RUNTIME_MINUTES),
                name="film_runtime_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    def get_absolute_url(self) -> str:
        return slug_url("catalog:film", self.slug)

    @property
    def display_title(self) -> str:
        return in_visitor_language(self.title, self.original_title)

    @property
    def secondary_title(self) -> str:
        """The title in the other script, shown beneath the main one."""
        other = self.title if self.display_title == self.original_title else self.original_title
        return "" if other == self.display_title else other

    @property
    def display_synopsis(self) -> str:
        return in_visitor_language(self.synopsis, self.synopsis_ko)

    @property
    def display_plot(self) -> str:
        return in_visitor_language(self.plot, self.plot_ko)

    @property
    def country_list(self) -> list[str]:
        return [code for code in self.countries.split(",") if code]

    @property
    def language_list(self) -> list[str]:
        return [code for code in self.languages.split(",") if code]

    @property
    def poster_picture(self) -> Picture | None:
        return picture(self.poster, self.poster_width, self.poster_height)

    @property
    def placeholder_tone(self) -> int:
        """One of eight colour tones for the placeholder poster, stable for a film."""
        return sum(self.slug.encode()) % 8


class Person(ExternalIds):
    slug = models.SlugField(
        _("slug"),
        max_length=140,
        unique=True,
        allow_unicode=True,
        blank=True,
        help_text=_("Left empty, it is made from the name."),
    )
    name = models.CharField(
        _("name"), max_length=150, help_text=_("In Latin letters, family name first for Koreans.")
    )
    name_ko = models.CharField(_("name in hangul"), max_length=150, blank=True)
    other_names = models.TextField(
        _("other names"),
        blank=True,
        help_text=_(
            "One per line: stage and international names, former romanisations "
            "(e.g. Don Lee for Ma Dong-seok). Search finds the person by each."
        ),
    )
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    death_date = models.DateField(_("date of death"), null=True, blank=True)
    biography = models.TextField(_("biography (English)"), blank=True)
    biography_ko = models.TextField(_("biography (Korean)"), blank=True)
    photo = models.ImageField(
        _("photo"),
        upload_to="people/",
        blank=True,
        width_field="photo_width",
        height_field="photo_height",
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    imdb_id = models.CharField(
        _("IMDb id"), max_length=12, unique=True, null=True, blank=True, validators=[imdb_name_id]
    )
    kobis_id = models.CharField(
        _("KOBIS code"), max_length=10, unique=True, null=True, blank=True, validators=[kobis_id]
    )
    kmdb_id = models.CharField(
        _("KMDb id"), max_length=9, unique=True, null=True, blank=True, validators=[kmdb_person_id]
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [
            models.Index(fields=["name"], name="person_name"),
            # imports link people by their hangul name (importers.matching)
            models.Index(fields=["name_ko"], name="person_name_ko"),
            models.Index(fields=["updated_at"], name="person_updated"),  # the sitemap's lastmod
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(death_date__isnull=True)
                | Q(birth_date__isnull=True)
                | Q(death_date__gte=models.F("birth_date")),
                name="person_dies_after_birth",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.name_ko})" if self.name_ko else self.name

    def get_absolute_url(self) -> str:
        return slug_url("catalog:person", self.slug)

    @property
    def display_name(self) -> str:
        return in_visitor_language(self.name, self.name_ko)

    @property
    def secondary_name(self) -> str:
        other = self.name if self.display_name == self.name_ko else self.name_ko
        return "" if other == self.display_name else other

    @property
    def other_name_list(self) -> list[str]:
        return [name.strip() for name in self.other_names.splitlines() if name.strip()]

    @property
    def display_biography(self) -> str:
        return in_visitor_language(self.biography, self.biography_ko)

    @property
    def photo_picture(self) -> Picture | None:
        return picture(self.photo, self.photo_width, self.photo_height)


class Credit(models.Model):
    class Role(models.TextChoices):
        DIRECTOR = "director", _("Director")
        WRITER = "writer", _("Writer")
        PRODUCER = "producer", _("Producer")
        CAST = "cast", _("Cast")
        COMPOSER = "composer", _("Composer")
        CINEMATOGRAPHER = "cinematographer", _("Cinematographer")
        EDITOR = "editor", _("Editor")

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="credits")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="credits", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.CAST)
    character = models.CharField(_("character"), max_length=150, blank=True)
    character_ko = models.CharField(_("character in hangul"), max_length=150, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("credit")
        verbose_name_plural = _("credits")
        indexes = [
            models.Index(fields=["film", "role", "order"], name="credit_film_role"),
            models.Index(fields=["person", "role"], name="credit_person_role"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["film", "person", "role", "character"], name="credit_unique_part"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_role_display()} · {self.film}"

    @property
    def display_character(self) -> str:
        return in_visitor_language(self.character, self.character_ko)


class AlternativeTitle(models.Model):
    class Kind(models.TextChoices):
        ROMANISED = "romanised", _("Romanised")
        INTERNATIONAL = "international", _("International")
        TRANSLATED = "translated", _("Translated")
        WORKING = "working", _("Working title")
        FESTIVAL = "festival", _("Festival")
        OTHER = "other", _("Other")

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="alternative_titles")
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(
        _("language"),
        max_length=16,
        validators=[language_tag],
        help_text=_("A language tag: ko, en, ja, ko-Latn (Korean in Latin letters)..."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)

    class Meta:
        ordering = ["kind", "title"]
        verbose_name = _("alternative title")
        verbose_name_plural = _("alternative titles")
        indexes = [models.Index(fields=["title"], name="alternative_title")]
        constraints = [
            models.UniqueConstraint(
                fields=["film", "title", "language"], name="alternative_title_unique"
            )
        ]

    def __str__(self) -> str:
        return self.title


class SimilarFilm(models.Model):
    """One entry of a film's "more like this" list, computed ahead by catalog.similarity:
    `similar` is the `rank`-th best match for `film` (1 is the best)."""

    # The unique constraint's index (film, similar) serves look-ups by film: no index of its own.
    film = models.ForeignKey(
        Film, on_delete=models.CASCADE, related_name="similar_films", db_index=False
    )
    # Indexed (the foreign key's own index): the lists a film appears in, for its refresh.
    similar = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="listed_as_similar")
    score = models.FloatField()
    rank = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["film", "rank"]
        indexes = [models.Index(fields=["film", "rank"], name="similar_film_rank")]
        constraints = [
            models.UniqueConstraint(fields=["film", "similar"], name="similar_film_unique")
        ]

    def __str__(self) -> str:
        return f"{self.film_id} → {self.similar_id} (#{self.rank})"


class YearCount(models.Model):
    """The published films of one year, kept by the database's triggers (catalog.counts): the
    decade list and the year and decade pages' page counts read these few rows."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    film_count = models.IntegerField(default=0)

    class Meta:
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}: {self.film_count}"

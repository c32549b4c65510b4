"""The search index: one entry per published film and per person, kept in step with the
catalogue by search.indexing, plus the short prefixes and the vocabulary it searches with."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.models import Film, Person


class Kind(models.TextChoices):
    FILM = "film", _("Film")
    PERSON = "person", _("Person")


class SearchEntry(models.Model):
    """What a film or a person is found by, in normal form (search.text): `names` holds the
    titles or names in every script and romanisation plus 초성, `leads` the director and
    top-billed cast, `people` everyone else credited. Kept small, since ranking reads every
    matching row: the story lives in SearchStory. A film's entry also says what of it can be
    played (from watch's playable sources): `has_full_film`, `subtitles`, the languages its
    full films are subtitled in, as ",en,ko," (sorted, each code between commas), and
    `has_trailer`."""

    kind = models.CharField(max_length=6, choices=Kind.choices)
    film = models.OneToOneField(
        Film, null=True, blank=True, on_delete=models.CASCADE, related_name="search_entry"
    )
    person = models.OneToOneField(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="search_entry"
    )
    names = models.TextField()
    leads = models.TextField(blank=True)
    people = models.TextField(blank=True)
    popularity = models.PositiveIntegerField(default=0)
    year = models.PositiveSmallIntegerField(null=True)
    runtime = models.PositiveSmallIntegerField(null=True)
    has_full_film = models.BooleanField(default=False)
    subtitles = models.TextField(blank=True, default="")
    has_trailer = models.BooleanField(default=False)
    title_en = models.CharField(max_length=200)
    title_ko = models.CharField(max_length=200)
    known_for = models.ForeignKey(
        Film, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        indexes = [
            models.Index(fields=["kind", "-popularity", "id"], name="search_entry_popular"),
            # Films that can be watched, walked by popularity: a filter on them reads only them.
            models.Index(
                fields=["kind", "has_full_film", "-popularity", "id"], name="search_entry_playable"
            ),
            models.Index(
                fields=["kind", "has_trailer", "-popularity", "id"], name="search_entry_trailer"
            ),
            # The film index lists what can be played newest first: walked in year order.
            models.Index(
                fields=["kind", "has_full_film", "-year"], name="search_entry_full_film_year"
            ),
            models.Index(fields=["kind", "has_trailer", "-year"], name="search_entry_trailer_year"),
            models.Index(fields=["kind", "year"], name="search_entry_year"),
            models.Index(fields=["kind", "title_en"], name="search_entry_title_en"),
            models.Index(fields=["kind", "title_ko"], name="search_entry_title_ko"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind=Kind.FILM, film__isnull=False, person__isnull=True)
                | models.Q(kind=Kind.PERSON, person__isnull=False, film__isnull=True),
                name="search_entry_one_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.names[:60]}"

    @property
    def subtitle_languages(self) -> list[str]:
        """The codes of `subtitles`: ["en", "ko"]."""
        return [code for code in self.subtitles.split(",") if code]


class SearchStory(models.Model):
    """The story (synopsis and plot) of a film or a person's biography, in normal form."""

    entry = models.OneToOneField(
        SearchEntry, primary_key=True, on_delete=models.CASCADE, related_name="story"
    )
    body = models.TextField()

    class Meta:
        verbose_name = _("search story")
        verbose_name_plural = _("search stories")

    def __str__(self) -> str:
        return self.body[:60]


class SearchWord(models.Model):
    """A word of the stories: the last word of a query, which may be unfinished, is looked up
    as the few words it starts (the full-text indexes answer a prefix by merging the entries
    of every word that starts so, a cost that grows with the catalogue). Words are added as
    stories are indexed and only dropped by a rebuild: one that no story has any more finds
    nothing."""

    word = models.CharField(max_length=100, unique=True)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")

    def __str__(self) -> str:
        return self.word


class SearchName(models.Model):
    """One name of a person, compacted ("kimjihun", "jihunkim", "김지훈"): a film is found
    through the people whose name starts with the query, looked up in this index."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="name_keys")
    key = models.CharField(max_length=200)

    class Meta:
        indexes = [models.Index(fields=["key"], name="search_name_key")]

    def __str__(self) -> str:
        return self.key


class SearchPrefix(models.Model):
    """The first one or two letters of an entry's names and of their words, for queries too
    short for the trigram index: ordered by exact name, name start, then popularity."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="prefixes")
    kind = models.CharField(max_length=6, choices=Kind.choices)
    prefix = models.CharField(max_length=2)
    exact = models.BooleanField(default=False)
    start = models.BooleanField(default=False)
    popularity = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(
                fields=["prefix", "kind", "-exact", "-start", "-popularity", "entry"],
                name="search_prefix_ranked",
            )
        ]
        constraints = [
            models.UniqueConstraint(fields=["entry", "prefix"], name="search_prefix_unique")
        ]

    def __str__(self) -> str:
        return self.prefix


class SearchTerm(models.Model):
    """A word of the catalogue's names, the vocabulary a mistyped word is corrected to."""

    term = models.CharField(max_length=100, unique=True)
    frequency = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return self.term


class SearchTermVariant(models.Model):
    """A term, and the term with one letter (one jamo for hangul) left out: two words one
    edit apart share a variant (the symmetric-delete method of SymSpell)."""

    variant = models.CharField(max_length=200)
    term = models.ForeignKey(SearchTerm, on_delete=models.CASCADE, related_name="variants")

    class Meta:
        indexes = [models.Index(fields=["variant"], name="search_term_variant")]
        constraints = [
            models.UniqueConstraint(fields=["variant", "term"], name="search_term_variant_unique")
        ]

    def __str__(self) -> str:
        return self.variant

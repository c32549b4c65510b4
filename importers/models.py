"""What imports remember: each source's last word on each film and person (SourceRecord), what
an import last wrote into each field (Provenance, so that an editor's correction is seen and
kept), the matches too uncertain to make alone (Review), and the runs themselves (ImportRun)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalog.models import Film, Person
from importers.records import Source


class SourceChoices(models.TextChoices):
    WIKIDATA = Source.WIKIDATA.value, "Wikidata"
    KOBIS = Source.KOBIS.value, "KOBIS"
    KMDB = Source.KMDB.value, "KMDb"
    TMDB = Source.TMDB.value, "TMDB"
    FILE = Source.FILE.value, _("kcinema file")


class SourceRecord(models.Model):
    """What one source said about one film or person when it was last imported: its values,
    field by field, as the catalogue would store them (importers.fields). importers.apply
    picks each field's value from these by importers.ranking."""

    film = models.ForeignKey(
        Film, on_delete=models.CASCADE, null=True, blank=True, related_name="source_records"
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="source_records"
    )
    source = models.CharField(_("source"), max_length=10, choices=SourceChoices.choices)
    # The record's id at its source; "" where the source gives none (KOBIS's credited people).
    source_id = models.CharField(_("id at the source"), max_length=40, blank=True)
    values = models.JSONField(_("values"), default=dict)
    checksum = models.CharField(max_length=32)  # of the source's whole record: unchanged or not
    url = models.URLField(_("address at the source"), max_length=500, blank=True)
    fetched_at = models.DateTimeField(_("imported"))

    class Meta:
        verbose_name = _("source record")
        verbose_name_plural = _("source records")
        constraints = [
            models.CheckConstraint(
                condition=Q(film__isnull=False, person__isnull=True)
                | Q(film__isnull=True, person__isnull=False),
                name="source_record_film_or_person",
            ),
            models.UniqueConstraint(
                fields=["film", "source"], condition=Q(film__isnull=False), name="source_film"
            ),
            models.UniqueConstraint(
                fields=["person", "source"],
                condition=Q(person__isnull=False),
                name="source_person",
            ),
            models.UniqueConstraint(
                fields=["source", "source_id"],
                condition=Q(film__isnull=False) & ~Q(source_id=""),
                name="source_film_id",
            ),
            models.UniqueConstraint(
                fields=["source", "source_id"],
                condition=Q(person__isnull=False) & ~Q(source_id=""),
                name="source_person_id",
            ),
        ]
        indexes = [models.Index(fields=["source", "source_id"], name="source_record_id")]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.source_id}".strip()


class Provenance(models.Model):
    """Per field of one film or person: the source an import took the value from, the value it
    wrote and when ({"title": {"source": "kobis", "value": "...", "at": "2026-..."}}). A field
    whose value differs from what an import wrote was changed by an editor, and no import
    writes it again until an editor takes a source's value."""

    film = models.OneToOneField(
        Film, on_delete=models.CASCADE, null=True, blank=True, related_name="provenance"
    )
    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="provenance"
    )
    fields = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("provenance")
        verbose_name_plural = _("provenance")
        constraints = [
            models.CheckConstraint(
                condition=Q(film__isnull=False, person__isnull=True)
                | Q(film__isnull=True, person__isnull=False),
                name="provenance_film_or_person",
            )
        ]

    def __str__(self) -> str:
        return f"provenance of {self.film_id or self.person_id}"


class Review(models.Model):
    """A match an import would not make alone: a film like one the catalogue has but not
    surely the same, ids that point at two films, a person named like others with no film in
    common. The record waits here, whole, until an editor merges it or makes it new."""

    class Kind(models.TextChoices):
        FILM = "film", _("film")
        PERSON = "person", _("person")

    class Status(models.TextChoices):
        OPEN = "open", _("to review")
        MERGED = "merged", _("merged")
        CREATED = "created", _("created as new")
        DISMISSED = "dismissed", _("dismissed")

    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices)
    source = models.CharField(_("source"), max_length=10, choices=SourceChoices.choices)
    source_id = models.CharField(_("id at the source"), max_length=40, blank=True)
    label = models.CharField(_("what"), max_length=250)
    reason = models.CharField(_("why it waits"), max_length=250)
    # The whole FilmRecord (importers.records.film_to_json); for a person, the film record the
    # person was credited in, with `person_index` naming the credit.
    record = models.JSONField()
    person_index = models.PositiveSmallIntegerField(null=True, blank=True)
    film = models.ForeignKey(
        Film,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("film"),
        help_text=_("For a person: the film they are credited in."),
    )
    candidate_films = models.ManyToManyField(
        Film, blank=True, related_name="+", verbose_name=_("could be")
    )
    candidate_people = models.ManyToManyField(
        Person, blank=True, related_name="+", verbose_name=_("could be")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("filed"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import to review")
        verbose_name_plural = _("imports to review")
        indexes = [models.Index(fields=["status", "source", "source_id"], name="review_open")]

    def __str__(self) -> str:
        return self.label


class ImportRun(models.Model):
    """One run of `kcinema import`: its scope, its counts, and where a stopped run resumes."""

    class Status(models.TextChoices):
        RUNNING = "running", _("running")
        FINISHED = "finished", _("finished")
        STOPPED = "stopped", _("stopped")

    source = models.CharField(_("source"), max_length=10, choices=SourceChoices.choices)
    scope = models.CharField(_("scope"), max_length=200, blank=True)
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RUNNING
    )
    counts = models.JSONField(_("counts"), default=dict)
    skipped = models.JSONField(_("skipped records"), default=list)  # [[id, reason], ...]
    message = models.TextField(_("why it stopped"), blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")
        indexes = [models.Index(fields=["source", "scope", "status"], name="import_run_resume")]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.scope} {self.started_at:%Y-%m-%d %H:%M}"

"""Posters an import brings: copied when the source's terms let a site re-host them, linked
otherwise. Issue #11: "Images are downloaded once, checked to be images (Pillow),
size-limited, and stored in the sizes the pages use, with their source and licence recorded;
sources whose images may not be re-hosted are linked, not copied."

`store_posters(records)` runs after a batch of films is committed (importers.runs), never in a
film's transaction: a download may take seconds, and SQLite's write lock would be held for all
of them. An image is downloaded through the importers' one HTTP client (its retries, limits and
response cache), at most catalog.images.MAX_UPLOAD_BYTES, checked with Pillow as an editor's
upload is (JPEG, PNG or WebP, at most 40 megapixels: a decompression bomb is refused from its
header), stored as the film's poster with its renditions (catalog.images), each film in a small
transaction of its own. Only images whose record says `may_copy` are downloaded (Wikimedia
Commons files under a free licence); TMDB's and KMDb's posters are never asked for.

What the film's provenance keeps of its poster (importers.models.Provenance.fields["poster"]):

    {"source": "wikidata", "value": "posters/the-host-2006.jpg", "copied": true,
     "url": "https://commons.wikimedia.org/wiki/Special:FilePath/…", "licence": "CC BY-SA 4.0",
     "credit": "Kim Min-ji", "at": "2026-…"}

`value` is the file an import left in the field ("" for a link), as for every other field
(importers.apply._edited): a field that does not hold it was changed by an editor, whose poster
is never replaced. A copy beats a link; between two copies, or two links, the ranking of
"poster" (importers.ranking) decides. A download that was refused keeps its address and reason
(`refused`, `reason`): a re-run downloads neither what it stored nor what it refused.

A linked poster is not shown on public pages: the site's pages load images from the site alone
(CSP img-src 'self' data:), and a poster hotlinked from TMDB's CDN would tell a third party of
every visit to a film page; the page keeps its placeholder, and editors see the address among
the field's sources in the admin (and may upload a poster they have the right to show)."""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from catalog import images
from catalog.models import Film
from catalog.pagecache import invalidate_films
from importers.http import SourceClient, SourceError, TooLarge
from importers.models import Provenance, SourceRecord
from importers.ranking import FILM_RANKING
from importers.records import FilmRecord, ImageRecord
from importers.sources import wikidata

FIELD = "poster"
PREFERENCE = [source.value for source in FILM_RANKING[FIELD]]

# The client downloads go through while an import runs (`downloading`); without one, images
# that may be copied are linked until a run that has one.
_downloads: ContextVar[SourceClient | None] = ContextVar("image_downloads", default=None)


class Refused(ValueError):
    """An image not stored, and why (in English: the import's report is for operators)."""


def client(*, cache_dir: Path | None, transport: httpx.BaseTransport | None = None) -> SourceClient:
    """The client images are downloaded with. The only images copied are Wikimedia Commons
    files, so it introduces itself as Wikimedia's User-Agent policy asks (the Wikidata
    reader's agent, with the operator's contact)."""
    return SourceClient(
        "images",
        headers={"User-Agent": wikidata.user_agent()},
        cache_dir=cache_dir,
        cache_seconds=30 * 24 * 3600,
        max_concurrent=2,
        transport=transport,
    )


@contextmanager
def downloading(client: SourceClient) -> Iterator[None]:
    """Within it, imports download and store the images they may copy (store_posters)."""
    token = _downloads.set(client)
    try:
        yield
    finally:
        _downloads.reset(token)


def fetch_image(client: SourceClient, url: str) -> bytes:
    """The image at `url`, checked: at most MAX_UPLOAD_BYTES, a JPEG, PNG or WebP of at most
    MAX_UPLOAD_PIXELS. Refused otherwise, and when the host says it has no such file (404,
    410). A host that does not answer, or refuses kcinema itself (403: its User-Agent, its
    rate), raises SourceError: nothing is remembered, the next run asks again."""
    try:
        data = client.get_bytes(url, max_bytes=images.MAX_UPLOAD_BYTES)
    except TooLarge:
        raise Refused("the file is larger than 10 MB") from None
    except SourceError as error:
        if error.status in (404, 410):
            raise Refused(f"the host answered {error.status}: no such file") from None
        raise
    _check(data)
    return data


def _check(data: bytes) -> images.CheckedImage:
    try:
        return images.validate_image_bytes(data)
    except ValidationError as error:
        raise Refused(" ".join(str(message) for message in error.messages)) from None


# -- after a batch ------------------------------------------------------------------------


def store_posters(
    records: Sequence[FilmRecord], *, now: datetime | None = None
) -> list[tuple[str, str]]:
    """After a batch of records is committed: each one's poster copied (when it may be, and a
    client is set by `downloading`) or linked, unless the film's poster is an editor's or a
    better source's. Returns the report's lines, (what, why): the posters refused, and an
    image host that failed (the batch's other posters are then linked, and the next run
    tries again; the import itself carries on). Two queries a batch whatever its size, and a
    write only for what changed."""
    now = now or timezone.now()
    offered = [record for record in records if record.poster and record.poster.url]
    if not offered:
        return []
    films = _films_of(offered)
    kept = {
        row.film_id: row
        for row in Provenance.objects.filter(film_id__in=[film.pk for film in films.values()])
    }
    downloads = _downloads.get()
    linked: dict[int, Provenance] = {}
    lines: list[tuple[str, str]] = []
    stored: list[int] = []
    for record, image in ((record, record.poster) for record in offered if record.poster):
        film, source = films.get(record.source_id), record.source.value
        if film is None:
            continue  # not imported: skipped, or waiting for review
        row = kept.setdefault(film.pk, Provenance(film_id=film.pk, fields={}))
        action = poster_action(film.poster, row.fields.get(FIELD), image, source)
        if action == "copy" and downloads is not None:
            try:
                data = fetch_image(downloads, image.url)
                entry = store_poster(film.pk, data, image, source, slug=film.slug, now=now)
            except Refused as refusal:
                lines.append((f"poster of {record.label}", str(refusal)))
                entry = _remember_refusal(film.pk, image.url, str(refusal), now)
            except SourceError as error:
                lines.append(("posters", f"{error}; the next run downloads them"))
                downloads, entry = None, None
            else:
                stored += [film.pk] if entry else []
            if entry is not None:
                row.fields[FIELD] = entry
                film.poster = entry["value"]
                continue
        if action in ("copy", "link"):  # linked until a run that can download it copies it
            row.fields[FIELD] = _link_entry(row.fields.get(FIELD), image, source, now)
            linked[film.pk] = row
    if linked:
        _write(list(linked.values()))
    invalidate_films(stored)
    return lines


@dataclass
class _Film:
    """A film of the batch: its id, slug and poster (the file's name, "" for none)."""

    pk: int
    slug: str
    poster: str


def _films_of(records: Sequence[FilmRecord]) -> dict[str, _Film]:
    """The films the batch's records were imported into, by the records' ids (one query; a
    film has one record of each source)."""
    rows = SourceRecord.objects.filter(
        source=records[0].source,
        source_id__in=[record.source_id for record in records],
        film__isnull=False,
    ).values_list("source_id", "film_id", "film__slug", "film__poster")
    return {source_id: _Film(pk, slug, poster or "") for source_id, pk, slug, poster in rows}


def editors_poster(current: str, written: dict | None) -> bool:
    """Whether the film's poster (`current`, a file's name or "") is not the one an import left
    (`written`, the provenance's entry): an editor's upload, or an editor's removal."""
    if written is None:
        return current != ""
    return written.get("value", "") != current


def poster_action(current: str, written: dict | None, image: ImageRecord, source: str) -> str:
    """What a source's image does to a film's poster: "keep" it as it is, "link" the image
    (keep its address and source) or "copy" it (download and store it)."""
    if editors_poster(current, written):
        return "keep"
    written = written or {}
    if image.may_copy:
        if image.url == written.get("refused"):
            return "keep"  # refused before: not downloaded again
        if written.get("copied") and (
            written.get("url") == image.url or _outranks(written.get("source"), source)
        ):
            return "keep"  # stored already, or a better source's is
        return "copy"
    if written.get("copied") or (written.get("url") and _outranks(written.get("source"), source)):
        return "keep"  # a copy beats a link; a better source's link beats this one
    same = {"source": source, "url": image.url, "licence": image.licence, "credit": image.credit}
    if all(written.get(key) == value for key, value in same.items()):
        return "keep"
    return "link"


def _outranks(source: Any, other: str) -> bool:
    def rank(name: Any) -> int:
        return PREFERENCE.index(name) if name in PREFERENCE else len(PREFERENCE)

    return rank(source) < rank(other)


def _link_entry(written: dict | None, image: ImageRecord, source: str, now: datetime) -> dict:
    entry = {
        "source": source,
        "value": "",
        "url": image.url,
        "licence": image.licence,
        "credit": image.credit,
        "copied": False,
        "at": now.isoformat(),
    }
    return entry | _refusal_of(written)


def _refusal_of(written: dict | None) -> dict:
    return {key: written[key] for key in ("refused", "reason") if written and key in written}


def store_poster(
    film_id: int, data: bytes, image: ImageRecord, source: str, *, slug: str, now: datetime
) -> dict | None:
    """Store `data` (checked here again) as the film's poster with its renditions, and its
    source, address, licence and credit in the film's provenance, in one small transaction.
    The poster an import stored before is deleted once this one is committed. Returns the
    provenance's entry; None when the film's poster became an editor's meanwhile (the
    downloaded file is not kept)."""
    checked = _check(data)
    name = default_storage.save(f"posters/{slug}{checked.extension}", ContentFile(data))
    images.make_renditions(Film(pk=film_id, poster=name).poster)
    entry = {
        "source": source,
        "value": name,
        "url": image.url,
        "licence": image.licence,
        "credit": image.credit,
        "copied": True,
        "at": now.isoformat(),
    }
    with transaction.atomic():
        current, width = (
            Film.objects.select_for_update().values_list("poster", "poster_width").get(pk=film_id)
        )
        row, _created = Provenance.objects.select_for_update().get_or_create(
            film_id=film_id, defaults={"fields": {}}
        )
        written = row.fields.get(FIELD)
        if editors_poster(current or "", written):
            transaction.on_commit(lambda: images.delete_image(name, checked.width))
            return None
        Film.objects.filter(pk=film_id).update(
            poster=name, poster_width=checked.width, poster_height=checked.height, updated_at=now
        )
        row.fields[FIELD] = entry
        row.save(update_fields=["fields"])
        if current:  # the poster an import stored before (an editor's would have been kept)
            transaction.on_commit(lambda: images.delete_image(current, width))
    return entry


def _remember_refusal(film_id: int, url: str, reason: str, now: datetime) -> dict:
    """Note in the film's provenance that the image at `url` was refused, and why."""
    with transaction.atomic():
        row, _created = Provenance.objects.select_for_update().get_or_create(
            film_id=film_id, defaults={"fields": {}}
        )
        entry = dict(row.fields.get(FIELD) or {"source": "", "value": ""})
        entry |= {"refused": url, "reason": reason, "refused_at": now.isoformat()}
        row.fields[FIELD] = entry
        row.save(update_fields=["fields"])
    return entry


def take_poster(film: Film, source: str, *, now: datetime | None = None) -> None:
    """An editor gives the poster back to the imports, taking `source`'s image: the field is
    emptied (the editor's file stays in storage, as the admin leaves replaced uploads) and the
    image linked; the next import of a source whose image may be copied stores it."""
    now = now or timezone.now()
    url = SourceRecord.objects.get(film=film, source=source).values.get(FIELD)
    if not url:
        raise ValueError(f"{source} gives no poster")
    with transaction.atomic():
        Film.objects.filter(pk=film.pk).update(
            poster="", poster_width=None, poster_height=None, updated_at=now
        )
        row, _created = Provenance.objects.select_for_update().get_or_create(
            film_id=film.pk, defaults={"fields": {}}
        )
        row.fields[FIELD] = {
            "source": source,
            "value": "",
            "url": url,
            "licence": "",
            "credit": "",
            "copied": False,
            "at": now.isoformat(),
        }
        row.save(update_fields=["fields"])
    film.poster, film.poster_width, film.poster_height = "", None, None
    invalidate_films([film.pk])


def forget_links(source: str, film_ids: Sequence[int]) -> None:
    """The posters these films link at `source` forgotten (its data past the time its terms let
    a site keep it: importers.retention); a copy, an editor's poster or another's link stays."""
    rows = [
        row
        for row in Provenance.objects.filter(film_id__in=film_ids)
        if (row.fields.get(FIELD) or {}).get("source") == source
        and not row.fields[FIELD].get("copied")
    ]
    for row in rows:
        del row.fields[FIELD]
    if rows:
        _write(rows)


def _write(rows: list[Provenance]) -> None:
    """The provenance of the films whose linked poster changed, in two statements at most."""
    with transaction.atomic():
        Provenance.objects.bulk_update([row for row in rows if row.pk], ["fields"])
        Provenance.objects.bulk_create([row for row in rows if not row.pk])

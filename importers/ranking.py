"""Which source wins each field: the one table (issue #11 asks for it in one place).

For each field of a film or a person, the sources in the order their values are trusted; the
first source that gives a non-empty value wins, unless an editor changed the field
(importers.apply keeps the editor's value). A source missing from a field's list is never
used for it. Why each order:
- hangul titles, dates, runtime, rating, genres: KOBIS (the Korean Film Council registers each
  release and its rating), then KMDb (the Korean Film Archive), then Wikidata and TMDB;
- English titles and synopses: TMDB (edited in English by its community), then Wikidata's
  English label, then KMDb's titleEng (often a romanisation);
- Korean synopsis and plot: KMDb (written by the Film Archive), then TMDB's Korean overview;
- character names: TMDB (in Latin letters, per cast member), then KOBIS's `cast`; in hangul:
  KOBIS, then TMDB;
- people's hangul names: KMDb and KOBIS, which credit in hangul; Latin names: TMDB, Wikidata;
- an external id: the source it belongs to first, then the sources that link to it.
The operator's own file (FILE) comes first everywhere: it is what a site's editors kept by
hand or moved from another kcinema site, corrections included."""

from importers.records import Source

F, W, KB, KM, T = Source.FILE, Source.WIKIDATA, Source.KOBIS, Source.KMDB, Source.TMDB

FILM_RANKING: dict[str, tuple[Source, ...]] = {
    "original_title": (F, KB, KM, W, T),
    "title": (F, T, W, KM, KB),
    "romanised_title": (F, KM, W),
    "year": (F, KB, KM, W, T),
    "release_date": (F, KB, KM, T, W),
    "runtime": (F, KB, KM, T, W),
    "countries": (F, KB, T, W, KM),
    "languages": (F, T, W, KB),
    "certificate": (F, KB, KM, T),
    "genres": (F, KB, KM, T, W),
    "synopsis": (F, T, KM, W),
    "synopsis_ko": (F, KM, T),
    "plot": (F, KM, T),
    "plot_ko": (F, KM),
    "popularity": (T,),
    "alternative_titles": (F, KM, W, T, KB),
    "poster": (F, T, W, KM),
    "wikidata_id": (W, F, T),
    "tmdb_id": (T, F, W),
    "kobis_id": (KB, F, W),
    "kmdb_id": (KM, F, W),
    "imdb_id": (F, W, T),
}

# A film's credits: whose list sets the billing order, and whose character names win.
CREDIT_ORDER: tuple[Source, ...] = (F, T, KB, KM, W)
CHARACTER: tuple[Source, ...] = (F, T, KB, KM)
CHARACTER_KO: tuple[Source, ...] = (F, KB, KM, T)

PERSON_RANKING: dict[str, tuple[Source, ...]] = {
    "name": (F, T, W, KM, KB),
    "name_ko": (F, KM, KB, W, T),
    "birth_date": (F, W, T, KM),
    "death_date": (F, W, T, KM),
    "biography": (F, T, W),
    "biography_ko": (F, KM, T),
    "wikidata_id": (W, F, T),
    "tmdb_id": (T, F, W),
    "kobis_id": (KB, F, W),
    "kmdb_id": (KM, F, W),
    "imdb_id": (F, W, T),
}


def best(ranking: tuple[Source, ...], offers: dict[str, object]) -> tuple[str, object] | None:
    """The first source in `ranking` whose offered value is not empty: (source, value)."""
    for source in ranking:
        value = offers.get(source.value)
        if value not in (None, "", [], {}):
            return source.value, value
    return None

"""One reader per source: each turns its source's own documented format into
importers.records (FilmRecord with its CreditRecords and PersonRecords), and knows nothing of
the database; importers.apply merges what they yield into the catalogue.

Every network reader module (wikidata, kobis, kmdb, tmdb) offers the same four names:

    SOURCE: Source
    def client(*, cache_dir: Path | None,
               transport: httpx.BaseTransport | None = None) -> SourceClient
        # its key from the environment (SourceError with what to set when missing)
    def parse_id(text: str) -> str | None
        # an id or an address of a film at this source -> its id, None if it is not one
    def fetch_one(client: SourceClient, source_id: str) -> FilmRecord
    def fetch(client: SourceClient, scope: Scope, *,
              skip: Callable[[str], bool]) -> Iterator[FilmRecord | BadRecord]
        # every film in scope, in a fixed order; films whose id `skip` accepts are not fetched
        # in detail (a resumed run has them already)

and readers of files (wikidata's entity and SPARQL JSON, our own CSV/JSON) offer
`read_file(path: Path) -> Iterator[FilmRecord | BadRecord]`."""

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Scope:
    """Which films a run asks a source for: some release years, changes since a date (where
    the source can tell), or none of these for everything."""

    years: tuple[int, ...] = ()
    since: date | None = None
    ids: tuple[str, ...] = field(default=())

"""Wikimedia Commons, where the images Wikidata names (P18) are kept: a file's address, and
whether its licence lets kcinema copy it. Not a reader of films like this package's other
modules: the Wikidata reader asks it about its films' images.

- A file by its name: https://commons.wikimedia.org/wiki/Special:FilePath/<name> redirects to
  the file; with ?width=N, to a thumbnail N pixels wide (MediaWiki's
  includes/specials/SpecialFilepath.php, wikimedia/mediawiki: "If a width is requested ...
  change the URL to point to a thumbnail"; a file no wider is sent as it is). 960 is one of
  Wikimedia's standard thumbnail widths (https://www.mediawiki.org/wiki/Common_thumbnail_sizes;
  https://phabricator.wikimedia.org/T414805 asks tools to ask for no other) and wider than the
  widest rendition kcinema makes (catalog.images.RENDITION_WIDTHS): a 20 MB scan is not
  downloaded to be shown 640 pixels wide.
- Its licence and author: api.php?action=query&prop=imageinfo&iiprop=extmetadata, up to 50
  titles a call (those of wbgetentities' limit), each file's `extmetadata` holding
  {"value": ..., "source": ...} per field: LicenseShortName ("CC BY-SA 2.0"), License
  ("cc-by-sa-2.0"), UsageTerms ("Creative Commons Attribution-Share Alike 2.0"), Artist (HTML:
  links to the author's pages), NonFree when it is not free. The shape, formatversion=2's
  (pages a list, booleans true/false): a recorded answer in siznax/wptools tests/imageinfo.py
  (File:Douglas adams portrait cropped.jpg); `iiextmetadatafilter` to ask only for these fields,
  as public clients of the API do. A name Commons has not got comes back "missing", without
  imageinfo; a name the API spells otherwise comes back under `normalized` ({"from", "to"}).
- In SPARQL results a P18 value is the IRI http://commons.wikimedia.org/wiki/Special:FilePath/
  followed by the name, percent-encoded (wikimedia/wikidata-query-gui tests/specs/embed_spec.js:
  ".../Special:FilePath/Sir%20Tim%20Berners-Lee%20%28cropped%29.jpg"); in entity JSON it is the
  name as it is ("Parasite poster.jpg").
- Copied only under licences known to be free for any use, kcinema's included: public domain,
  CC0, CC BY and CC BY-SA (https://commons.wikimedia.org/wiki/Commons:Licensing accepts no
  NonCommercial or NoDerivatives file, but says uploads are checked after the fact); anything
  else, or no answer, leaves the image linked, not copied."""

import html
import re
from collections.abc import Iterable
from urllib.parse import quote, unquote, urlsplit

from django.utils.html import strip_tags

from importers.http import SourceClient
from importers.records import ImageRecord

API_URL = "https://commons.wikimedia.org/w/api.php"
FILE_PATH = "https://commons.wikimedia.org/wiki/Special:FilePath/"
FILE_PAGE = "https://commons.wikimedia.org/wiki/File:"
SPARQL_FILE_PATH = "http://commons.wikimedia.org/wiki/Special:FilePath/"
WIDTH = 960
MAX_TITLES_PER_CALL = 50
FIELDS = "LicenseShortName|License|UsageTerms|Artist|NonFree"
MAX_CREDIT = 300

FREE = re.compile(
    r"public domain|pd|cc0(?: 1\.0)?|cc[ -]by(?:-sa)?[ -]\d\.\d(?:[ -][a-z]{2,4})?",
    re.IGNORECASE,
)
# Characters no file name on a MediaWiki holds (its title rules).
NOT_IN_NAMES = re.compile(r"[/|#<>\[\]{}\x00-\x1f]")


def file_name(value: str) -> str:
    """A P18 value (a file's name, its Special:FilePath address from SPARQL, or one this module
    made) -> the name as Commons titles it (spaces, not underscores); "" if it is none."""
    value = (value or "").strip()
    for prefix in (SPARQL_FILE_PATH, FILE_PATH):
        if value.startswith(prefix):
            value = unquote(urlsplit(value).path.rsplit("/", 1)[1])
            break
    name = " ".join(value.replace("_", " ").split())
    return "" if not name or NOT_IN_NAMES.search(name) else name


def file_url(name: str) -> str:
    """Where to download the file: its thumbnail WIDTH pixels wide (or itself, if narrower)."""
    return f"{FILE_PATH}{quote(name.replace(' ', '_'))}?width={WIDTH}"


def file_page(url: str) -> str:
    """The file's page on Commons (its author, licence and history) from its address."""
    name = file_name(url)
    return f"{FILE_PAGE}{quote(name.replace(' ', '_'))}" if name else ""


def licensed(client: SourceClient, names: Iterable[str]) -> dict[str, ImageRecord]:
    """Each file Commons knows, by name, as an ImageRecord: its address, licence and author,
    and whether it may be copied. One call per 50 names; names Commons lacks are left out."""
    wanted = sorted(set(names))
    found: dict[str, ImageRecord] = {}
    for start in range(0, len(wanted), MAX_TITLES_PER_CALL):
        answer = client.get_json(API_URL, _params(wanted[start : start + MAX_TITLES_PER_CALL]))
        found |= read_imageinfo(answer)
    return found


def _params(names: list[str]) -> dict[str, str]:
    return {
        "action": "query",
        "prop": "imageinfo",
        "iiprop": "extmetadata",
        "iiextmetadatafilter": FIELDS,
        "titles": "|".join(f"File:{name}" for name in names),
        "format": "json",
        "formatversion": "2",
    }


def read_imageinfo(answer: object) -> dict[str, ImageRecord]:
    """An imageinfo answer -> {name as asked: ImageRecord} for the files it describes."""
    query = answer.get("query") if isinstance(answer, dict) else None
    if not isinstance(query, dict):
        return {}
    asked_as = {
        _title_name(item.get("to")): _title_name(item.get("from"))
        for item in query.get("normalized") or []
        if isinstance(item, dict)
    }
    found = {}
    for page in query.get("pages") or []:
        infos = page.get("imageinfo") if isinstance(page, dict) else None
        name = _title_name(page.get("title")) if isinstance(page, dict) else ""
        if name and isinstance(infos, list) and infos and isinstance(infos[0], dict):
            found[asked_as.get(name, name)] = image_record(name, infos[0].get("extmetadata"))
    return found


def image_record(name: str, metadata: object) -> ImageRecord:
    """A file's ImageRecord from its extmetadata: copied only under a licence known free."""
    fields = metadata if isinstance(metadata, dict) else {}
    short = _text(fields, "LicenseShortName") or _text(fields, "UsageTerms")
    free = bool(FREE.fullmatch(short) or FREE.fullmatch(_text(fields, "License")))
    non_free = _text(fields, "NonFree").lower() == "true"
    return ImageRecord(
        url=file_url(name),
        licence=short[:100],
        may_copy=free and not non_free,
        credit=_text(fields, "Artist")[:MAX_CREDIT],
    )


def _title_name(title: object) -> str:
    text = title if isinstance(title, str) else ""
    return file_name(text.removeprefix("File:")) if text.startswith("File:") else ""


def _text(fields: dict, key: str) -> str:
    """A field's value as plain text: Artist and Credit are HTML."""
    entry = fields.get(key)
    value = entry.get("value") if isinstance(entry, dict) else None
    if not isinstance(value, str | int | float):
        return ""
    return " ".join(html.unescape(strip_tags(str(value))).split())

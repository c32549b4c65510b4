"""How long `kcinema import wikidata FILE` takes and how much memory it needs, on a generated
file in the shape of Wikidata's JSON dumps: N Korean films and 3N people (default 100,000 and
300,000), the first import into an empty catalogue and a re-run with nothing changed, on SQLite
or PostgreSQL (issue #11's targets on a 2-core machine: first import at most 10 minutes, re-run
at most a fifth of that, at most 500 MB RSS).

    .venv/bin/python scripts/import_benchmark.py [--films 100000] [--backend sqlite|postgresql]
        [--seed 20130123] [--regenerate] [--parse-only]

--parse-only measures the reader alone (importers.sources.wikidata.read_file over the file).

The file is made once per size and seed, deterministically, in KCINEMA_BENCH_DIR or
var/bench-import/ (wikidata-<N>-<seed>.json); the catalogue goes in <dir>/<backend>-<N>/ (SQLite)
or the PostgreSQL database kcinema_import_bench on 127.0.0.1:5432 as user postgres, made afresh
for each run. Each measured step is a child process; its wall time is timed here and its peak
RSS read from the child's own resource usage (os.wait4, the per-child form of
getrusage(RUSAGE_CHILDREN).ru_maxrss, so that an earlier, larger child cannot hide it).

The entities look like a dump's: ids, labels, aliases, descriptions and statements with their
ids, ranks and datatypes (https://www.mediawiki.org/wiki/Wikibase/DataModel/JSON). Names come
from scripts/synthetic_catalogue.py (Korean surnames by their share of the population, given
names from common syllables, the Latin spellings people use; homonyms happen as they do), titles
from its word lists, romanised titles from catalog.naming. Q-ids, IMDb, TMDB, KOBIS and KMDb ids
are synthetic, in the shapes the reader accepts.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
BENCH_DIR = Path(os.environ.get("KCINEMA_BENCH_DIR") or ROOT / "var" / "bench-import")
SEED = 20130123
PEOPLE_PER_FILM = 3
POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
POSTGRES_DATABASE = "kcinema_import_bench"
# Settings from the caller's environment that would change what is measured.
CLEARED_ENVIRONMENT = [
    "DATABASE_URL", "CACHE_URL", "REDIS_URL", "CACHE_KEY_PREFIX", "KCINEMA_DATA_DIR", "DEBUG",
    "KCINEMA_BENCH_DIR",
]  # fmt: skip

FILM_BASE, PERSON_BASE = 700_000_000, 710_000_000  # synthetic Q-numbers
ENTITY = "http://www.wikidata.org/entity/"
GREGORIAN = ENTITY + "Q1985727"
MINUTE = ENTITY + "Q7727"
GENRES = [  # importers.sources.wikidata.GENRES, by how often a Korean film would carry them
    ("Q130232", 40), ("Q157443", 14), ("Q188473", 12), ("Q959790", 10), ("Q2484376", 10),
    ("Q1054574", 9), ("Q200092", 6), ("Q17013749", 5), ("Q93204", 4), ("Q202866", 3),
    ("Q369747", 3), ("Q1361932", 3), ("Q157394", 2), ("Q471839", 2), ("Q1200678", 2),
    ("Q319221", 2), ("Q842256", 1),
]  # fmt: skip
FILM_CLASSES = [("Q11424", 90), ("Q202866", 4), ("Q93204", 4), ("Q24862", 2)]
OTHER_COUNTRIES = ["Q30", "Q17", "Q148", "Q142"]  # co-productions keep Q884 beside these


# --- Generating the file --------------------------------------------------------------------


class Writer:
    """Builds entities in the dump's JSON, statement ids counted so that reruns match."""

    def __init__(self) -> None:
        self.statements = 0

    def statement(self, qid: str, prop: str, snak: dict, rank: str = "normal") -> dict:
        self.statements += 1
        number = f"{self.statements:012x}"
        snak = {"snaktype": "value", "property": prop, **snak}
        return {
            "mainsnak": snak,
            "type": "statement",
            "id": f"{qid}${number[:8]}-{number[8:]}-4000-8000-{number}",
            "rank": rank,
        }

    @staticmethod
    def item(value: str) -> dict:
        return {
            "datavalue": {
                "value": {"entity-type": "item", "numeric-id": int(value[1:]), "id": value},
                "type": "wikibase-entityid",
            },
            "datatype": "wikibase-item",
        }

    @staticmethod
    def string(value: str) -> dict:
        return {"datavalue": {"value": value, "type": "string"}, "datatype": "external-id"}

    @staticmethod
    def time(year: int, month: int, day: int, precision: int) -> dict:
        value = {
            "time": f"+{year:04d}-{month:02d}-{day:02d}T00:00:00Z",
            "timezone": 0,
            "before": 0,
            "after": 0,
            "precision": precision,
            "calendarmodel": GREGORIAN,
        }
        return {"datavalue": {"value": value, "type": "time"}, "datatype": "time"}

    @staticmethod
    def minutes(amount: int) -> dict:
        value = {"amount": f"+{amount}", "unit": MINUTE}
        return {"datavalue": {"value": value, "type": "quantity"}, "datatype": "quantity"}

    def entity(self, qid: str, labels: dict, descriptions: dict, aliases: dict, claims) -> str:
        grouped: dict[str, list] = {}
        for prop, snak in claims:
            grouped.setdefault(prop, []).append(self.statement(qid, prop, snak))
        document = {
            "type": "item",
            "id": qid,
            "labels": {lang: {"language": lang, "value": v} for lang, v in labels.items()},
            "descriptions": {
                lang: {"language": lang, "value": v} for lang, v in descriptions.items()
            },
            "aliases": {
                lang: [{"language": lang, "value": v} for v in values]
                for lang, values in aliases.items()
            },
            "claims": grouped,
            "sitelinks": {},
            "lastrevid": 2000000000 + self.statements,
        }
        return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


@dataclass
class Person:
    name: str
    name_ko: str
    born: tuple[int, int, int, int] | None  # year, month, day, precision
    died: tuple[int, int, int, int] | None


def generate(path: Path, films: int, seed: int = SEED) -> dict[str, int]:
    """Writes `films` films and PEOPLE_PER_FILM times as many people, one entity a line, each
    film followed by its share of the people (so that a film's people come before and after
    it). Returns what was written."""
    makers = _name_makers(random.Random(f"{seed}-names"))  # noqa: S311 - data, not secrets
    rng = random.Random(f"{seed}-films")  # noqa: S311
    people = [_person(makers, rng) for _ in range(films * PEOPLE_PER_FILM)]
    popularity = _popularity(len(people), rng)
    writer = Writer()
    counts = {"films": 0, "people": 0, "credits": 0}
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part")
    with partial.open("w", encoding="utf-8") as out:
        out.write("[\n")
        for index in range(films):
            film, credits = _film(writer, makers, rng, index, popularity)
            out.write(film + ",\n")
            counts["films"] += 1
            counts["credits"] += credits
            for number in range(index * PEOPLE_PER_FILM, (index + 1) * PEOPLE_PER_FILM):
                last = index == films - 1 and number == (index + 1) * PEOPLE_PER_FILM - 1
                out.write(_person_entity(writer, rng, number, people[number]))
                out.write("\n" if last else ",\n")
                counts["people"] += 1
        out.write("]\n")
    partial.replace(path)
    return counts


def _name_makers(rng: random.Random):
    """synthetic_catalogue's NameMaker and TitleMaker (it imports the catalogue's models, so
    Django is set up first when nobody has)."""
    import django
    from django.apps import apps

    for directory in (ROOT, SCRIPTS):
        if str(directory) not in sys.path:
            sys.path.insert(0, str(directory))
    if not apps.ready:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kcinema.settings")
        django.setup()
    import synthetic_catalogue

    return synthetic_catalogue.NameMaker(rng), synthetic_catalogue.TitleMaker(rng)


def _person(makers, rng: random.Random) -> Person:
    names, _ = makers
    name, name_ko = names.person()
    born = died = None
    if rng.random() < 0.7:
        year = rng.randrange(1920, 2010)
        precise = rng.random() < 0.75
        born = (year, rng.randrange(1, 13), rng.randrange(1, 29), 11)
        if not precise:
            born = (year, 0, 0, 9)
        if year < 1960 and rng.random() < 0.3:
            died = (rng.randrange(max(year + 20, 1990), 2026), rng.randrange(1, 13), 1, 11)
    return Person(name, name_ko, born, died)


def _popularity(total: int, rng: random.Random) -> list[int]:
    """People in the order credits draw them: a few work often, most now and then."""
    order = list(range(total))
    rng.shuffle(order)
    return order


def _draw(rng: random.Random, popularity: list[int]) -> int:
    # A heavy head: index ~ total * u^2 puts a quarter of the draws on the first 6%.
    return popularity[int(len(popularity) * rng.random() ** 2)]


def _film(writer: Writer, makers, rng: random.Random, index: int, popularity) -> tuple[str, int]:
    from catalog.naming import romanised_title

    _, titles = makers
    qid = f"Q{FILM_BASE + index}"
    korean, english = titles.pair()
    year = min(2025, max(1950, int(rng.triangular(1950, 2026, 2016))))
    labels = {"ko": korean}
    if rng.random() < 0.85:
        labels["en"] = english
    aliases: dict[str, list[str]] = {}
    if rng.random() < 0.5:
        aliases["en"] = [romanised_title(korean)]
    if rng.random() < 0.1:
        aliases["ko"] = [korean.replace(" ", "")] if " " in korean else [f"{korean} ({year})"]
    descriptions = {"en": f"{year} South Korean film", "ko": f"{year}년 한국 영화"}
    claims = [
        ("P31", writer.item(_weighted(rng, FILM_CLASSES))),
        ("P495", writer.item("Q884")),
    ]
    if rng.random() < 0.06:
        claims.append(("P495", writer.item(rng.choice(OTHER_COUNTRIES))))
    if rng.random() < 0.8:
        claims.append(("P577", writer.time(year, rng.randrange(1, 13), rng.randrange(1, 29), 11)))
    else:
        claims.append(("P577", writer.time(year, 0, 0, 9)))
    if rng.random() < 0.2:
        claims.append(("P577", writer.time(year + 1, rng.randrange(1, 13), 1, 11)))
    if rng.random() < 0.9:
        claims.append(("P2047", writer.minutes(rng.randrange(70, 161))))
    for genre in dict.fromkeys(_weighted(rng, GENRES) for _ in range(rng.choice((1, 1, 2, 3)))):
        claims.append(("P136", writer.item(genre)))
    for prop, share, value in (
        ("P345", 0.9, f"tt{30_000_000 + index:08d}"),
        ("P4947", 0.8, str(2_000_000 + index)),
        ("P8921", 0.7, f"{year}{index:05d}"),
        ("P3704", 0.5, f"{'K' if year > 1990 else 'F'}/{10_000 + index:05d}"),
    ):
        if rng.random() < share:
            claims.append((prop, writer.string(value)))
    credits = _credits(rng, popularity)
    claims.extend((prop, writer.item(f"Q{PERSON_BASE + person}")) for prop, person in credits)
    return writer.entity(qid, labels, descriptions, aliases, claims), len(credits)


def _credits(rng: random.Random, popularity: list[int]) -> list[tuple[str, int]]:
    """8-12 credits: director(s), cast in billing order, a writer (often the director), crew;
    nobody twice in one role."""
    credits: list[tuple[str, int]] = []

    def credit(prop: str, person: int | None = None) -> None:
        person = _draw(rng, popularity) if person is None else person
        while (prop, person) in credits:
            person = _draw(rng, popularity)
        credits.append((prop, person))

    credit("P57")
    if rng.random() < 0.08:
        credit("P57")
    for _ in range(rng.randrange(4, 8)):
        credit("P161")
    credit("P58", credits[0][1] if rng.random() < 0.5 else None)
    total = rng.randrange(max(8, len(credits)), 13)
    for prop in ["P86", "P344", "P1040", "P162", "P58"][: max(0, total - len(credits))]:
        credit(prop)
    return credits


def _person_entity(writer: Writer, rng: random.Random, number: int, person: Person) -> str:
    qid = f"Q{PERSON_BASE + number}"
    roll = rng.random()
    if roll < 0.05:
        labels = {"mul": person.name}  # a language-neutral label alone
    elif roll < 0.15:
        labels = {"ko": person.name_ko}
    else:
        labels = {"ko": person.name_ko, "en": person.name}
    claims = [("P31", writer.item("Q5"))]
    if rng.random() < 0.6:
        claims.append(("P345", writer.string(f"nm{20_000_000 + number:08d}")))
    if rng.random() < 0.7:
        claims.append(("P4985", writer.string(str(3_000_000 + number))))
    if rng.random() < 0.2:
        claims.append(("P1649", writer.string(f"{number:08d}")))
    if person.born:
        claims.append(("P569", writer.time(*person.born)))
    if person.died:
        claims.append(("P570", writer.time(*person.died)))
    descriptions = {"en": "South Korean filmmaker", "ko": "대한민국의 영화인"}
    return writer.entity(qid, labels, descriptions, {}, claims)


def _weighted(rng: random.Random, table: list[tuple[str, int]]) -> str:
    return rng.choices([value for value, _ in table], weights=[w for _, w in table])[0]


# --- Measuring ------------------------------------------------------------------------------


@dataclass
class Measured:
    step: str
    seconds: float
    cpu_seconds: float  # user + system: what the step costs on a machine it has to itself
    peak_mb: float
    status: int
    output: str


def measure(step: str, command: list[str], environment: dict[str, str]) -> Measured:
    """Runs a command of our own making and reads its wall time and its own peak RSS."""
    started = time.monotonic()
    child = subprocess.Popen(  # noqa: S603 - our own command line, never built from input
        command,
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output = child.stdout.read() if child.stdout else ""
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.monotonic() - started
    cpu = usage.ru_utime + usage.ru_stime
    return Measured(step, seconds, cpu, usage.ru_maxrss / 1024, child.returncode, output)


def environment_for(backend: str, data_dir: Path) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if k not in CLEARED_ENVIRONMENT}
    environment |= {
        "DJANGO_SETTINGS_MODULE": "kcinema.settings",
        "KCINEMA_DATA_DIR": str(data_dir),
        "KCINEMA_WORKER": "0",
        "PYTHONUNBUFFERED": "1",
    }
    if backend == "postgresql":  # as a site past one machine runs: PostgreSQL and Redis
        environment["DATABASE_URL"] = f"{POSTGRES_SERVER}/{POSTGRES_DATABASE}"
        environment["REDIS_URL"] = "redis://127.0.0.1:6379/13"
        environment["CACHE_KEY_PREFIX"] = "import-bench"
    return environment


def kcinema(*arguments: str) -> list[str]:
    """The kcinema command from this checkout (its modules, not an installed copy's)."""
    return [sys.executable, "-m", "kcinema.cli", *arguments]


def empty_catalogue(backend: str, data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    if backend == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            (data_dir / f"kcinema.sqlite3{suffix}").unlink(missing_ok=True)
        return
    server = ["-h", "127.0.0.1", "-p", "5432", "-U", "postgres"]
    subprocess.run(["dropdb", *server, "--if-exists", "--force", POSTGRES_DATABASE], check=True)  # noqa: S603, S607
    subprocess.run(["createdb", *server, POSTGRES_DATABASE], check=True)  # noqa: S603, S607


def parse_only(path: Path) -> Measured:
    script = (
        "import sys, collections\n"
        "from importers.records import BadRecord\n"
        "from importers.sources.wikidata import read_file\n"
        "counts = collections.Counter()\n"
        "for record in read_file(sys.argv[1]):\n"
        "    if isinstance(record, BadRecord):\n"
        "        counts['skipped'] += 1\n"
        "    else:\n"
        "        counts['films'] += 1\n"
        "        counts['credits'] += len(record.credits)\n"
        "print(dict(counts))\n"
    )
    return measure("read_file", [sys.executable, "-c", script, str(path)], dict(os.environ))


def print_table(films: int, backend: str, rows: list[Measured]) -> None:
    print(f"\n{films:,} films, {films * PEOPLE_PER_FILM:,} people, {backend}")
    print(f"{'step':<16} {'wall':>10} {'CPU':>10} {'peak RSS':>10}  status")
    for row in rows:
        status = "ok" if row.status == 0 else f"exit {row.status}"
        print(
            f"{row.step:<16} {row.seconds:>9.1f}s {row.cpu_seconds:>9.1f}s "
            f"{row.peak_mb:>8.0f} MB  {status}"
        )
    for row in rows:
        if row.status != 0 or row.step == "read_file":
            print(f"\n--- {row.step}: last lines of its output")
            print("\n".join(row.output.strip().splitlines()[-12:]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--films", type=int, default=100_000)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--regenerate", action="store_true", help="make the file again")
    parser.add_argument("--parse-only", action="store_true", help="measure the reader alone")
    options = parser.parse_args(argv)
    path = BENCH_DIR / f"wikidata-{options.films}-{options.seed}.json"
    if options.regenerate or not path.exists():
        # Django is set up for the name lists: point it at the benchmark's own directory.
        os.environ["KCINEMA_DATA_DIR"] = str(BENCH_DIR / "generator")
        started = time.monotonic()
        counts = generate(path, options.films, options.seed)
        print(f"Generated {path} in {time.monotonic() - started:.0f} s: {counts}", flush=True)
    size = path.stat().st_size / 1024 / 1024
    print(f"{path}: {size:,.0f} MB", flush=True)
    if options.parse_only:
        print_table(options.films, "reader only", [parse_only(path)])
        return 0
    data_dir = BENCH_DIR / f"{options.backend}-{options.films}"
    environment = environment_for(options.backend, data_dir)
    empty_catalogue(options.backend, data_dir)
    setup = measure("setup", kcinema("setup"), environment)
    rows = [setup]
    if setup.status == 0:
        for step in ("first import", "re-run"):
            rows.append(measure(step, kcinema("import", "wikidata", str(path)), environment))
    print_table(options.films, options.backend, rows)
    return 0 if all(row.status == 0 for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())

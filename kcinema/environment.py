"""Reads kcinema's configuration from the environment, with defaults that work on a laptop."""

import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url

TRUE_WORDS = {"1", "true", "yes", "on"}


def flag(name: str, default: bool = False) -> bool:
    """An on/off setting: 1, true, yes and on (any case) mean on."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in TRUE_WORDS


def text(name: str, default: str = "") -> str:
    """A plain setting, e.g. TMDB_API_KEY=...; surrounding spaces are dropped."""
    return os.environ.get(name, default).strip()


def retired(name: str, instead: str) -> None:
    """A setting kcinema no longer reads stops the start, rather than silently doing nothing."""
    if os.environ.get(name, "").strip():
        raise ValueError(f"{name} is no longer read: set {instead} instead")


def word_list(name: str, default: str) -> list[str]:
    """A comma-separated setting, e.g. ALLOWED_HOSTS=example.org,www.example.org."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def integer(name: str, default: int, minimum: int = 0) -> int:
    """A whole-number setting, e.g. SEARCH_CACHE_SECONDS=0; anything else stops the start with
    a message naming the setting, rather than a traceback from deep inside."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {value!r}") from None
    if number < minimum:
        raise ValueError(f"{name} must be at least {minimum}, not {number}")
    return number


def integer_list(name: str, default: str) -> list[int]:
    """Comma-separated whole numbers above zero, e.g. SHIELD_BLOCK_MINUTES=10,60,1440."""
    value = os.environ.get(name, "").strip() or default
    try:
        numbers = [int(part) for part in value.split(",") if part.strip()]
    except ValueError:
        raise ValueError(f"{name} must be whole numbers and commas, not {value!r}") from None
    if not numbers or min(numbers) < 1:
        raise ValueError(f"{name} must list at least one number, each at least 1, not {value!r}")
    return numbers


def data_directory(base_dir: Path) -> Path:
    """Where the SQLite file, the secret key, uploads and collected static files live. Made
    readable by the service user only (0700): it holds the database and the secret key."""
    directory = Path(os.environ.get("KCINEMA_DATA_DIR") or base_dir / "var").resolve()
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    return directory


def directory(name: str, default: Path) -> Path:
    """A directory setting, e.g. KCINEMA_STATIC_ROOT=/srv/kcinema/static; relative paths are
    read from the current directory."""
    value = os.environ.get(name, "").strip()
    return Path(value).resolve() if value else default


def secret_key(data_dir: Path) -> str:
    """SECRET_KEY from the environment, else one generated once and kept in the data directory."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    key_file = data_dir / "secret_key"
    try:
        # O_EXCL makes the first of several starting workers the only writer.
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return key_file.read_text().strip()
    with os.fdopen(descriptor, "w") as handle:
        key = secrets.token_urlsafe(50)
        handle.write(key)
    return key


def database(data_dir: Path) -> dict[str, Any]:
    """DATABASE_URL, else a SQLite file in the data directory, in WAL mode."""
    default_url = f"sqlite:///{data_dir / 'kcinema.sqlite3'}"
    config = dj_database_url.parse(os.environ.get("DATABASE_URL") or default_url)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            # WAL lets readers run while one worker writes; IMMEDIATE avoids
            # "database is locked" when two workers upgrade a read to a write. Pages are
            # read through a memory map and up to 64 MB of them kept per connection (which
            # lives on between requests): the search index is read at random.
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON; "
                "PRAGMA cache_size=-65536; PRAGMA mmap_size=1073741824;"
            ),
            "transaction_mode": "IMMEDIATE",
        }
    # Connections are kept between requests: opening one costs more than answering from the
    # cache (for SQLite, ~2 ms of pragmas and the functions Django registers on each).
    config["CONN_MAX_AGE"] = 60
    config["CONN_HEALTH_CHECKS"] = True
    return config


def replica_database() -> dict[str, Any] | None:
    """DATABASE_REPLICA_URL: a PostgreSQL read replica of DATABASE_URL (kcinema.replica)."""
    url = os.environ.get("DATABASE_REPLICA_URL", "").strip()
    if not url:
        return None
    config = dj_database_url.parse(url)
    if "postgresql" not in config["ENGINE"]:
        raise ValueError("DATABASE_REPLICA_URL must be a postgres:// URL of a read replica")
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        raise ValueError("DATABASE_REPLICA_URL needs DATABASE_URL to name the PostgreSQL primary")
    config["CONN_MAX_AGE"] = 60
    config["CONN_HEALTH_CHECKS"] = True
    # Tests read the primary's test database through it: a replica has no test database.
    config["TEST"] = {"MIRROR": "default"}
    return config


def cache() -> dict[str, Any]:
    """Redis when CACHE_URL or REDIS_URL names one; else the database, which all workers share."""
    url = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL") or ""
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {
            # Django's RedisCache, whose failures are misses rather than errors.
            "BACKEND": "kcinema.cachebackends.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "kcinema"),
            # A Redis that does not answer costs a request half a second at most, not forever.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    if url and not url.startswith("db://"):
        raise ValueError(f"CACHE_URL must be redis://, rediss://, unix:// or db://, not {url!r}")
    return {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "kcinema_cache",
        # Django's default of 300 entries would forget search answers as fast as it keeps them.
        "OPTIONS": {"MAX_ENTRIES": 50_000, "CULL_FREQUENCY": 4},
    }


# How each scheme of EMAIL_URL speaks to its server: smtp plain (a relay on the same machine),
# smtp+tls (STARTTLS, port 587, what mail providers ask for), smtps (TLS from the start, port 465).
MAIL_SCHEMES = {"smtp": {}, "smtp+tls": {"use_tls": True}, "smtps": {"use_ssl": True}}


def mailer() -> dict[str, Any]:
    """EMAIL_URL, e.g. smtp+tls://user:password@mail.example.org:587, else mail printed to the
    console (a laptop has no mail server). The password may be percent-encoded."""
    url = os.environ.get("EMAIL_URL", "").strip()
    if not url or url == "console://":
        return {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    parts = urlsplit(url)
    if parts.scheme not in MAIL_SCHEMES or not parts.hostname:
        raise ValueError(
            "EMAIL_URL must look like smtp://host, smtp+tls://user:password@host:587 or "
            f"smtps://user:password@host:465, not {parts.scheme or url!r}://..."
        )
    try:
        port = parts.port
    except ValueError:
        raise ValueError("EMAIL_URL has a port that is not a number") from None
    options: dict[str, Any] = {"host": parts.hostname, "timeout": 10, **MAIL_SCHEMES[parts.scheme]}
    if port:
        options["port"] = port
    if parts.username:
        options["username"] = unquote(parts.username)
        options["password"] = unquote(parts.password or "")
    if timeout := parse_qs(parts.query).get("timeout"):
        options["timeout"] = float(timeout[0])
    return {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": options}

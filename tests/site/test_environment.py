import pytest

from kcinema import environment


def test_secret_key_is_generated_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = environment.secret_key(tmp_path)
    assert len(first) >= 50
    assert environment.secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_secret_key_from_the_environment_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    assert environment.secret_key(tmp_path) == "from-the-environment"
    assert not (tmp_path / "secret_key").exists()


def test_default_database_is_sqlite_in_wal_mode(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = environment.database(tmp_path)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "kcinema.sqlite3")
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]


def test_postgres_url_selects_postgresql(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://kc:secret@db.internal:5433/films")
    config = environment.database(tmp_path)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.internal", 5433, "films")


def test_cache_is_redis_when_asked_else_shared_database(monkeypatch):
    monkeypatch.delenv("CACHE_URL", raising=False)
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert environment.cache()["BACKEND"].endswith("DatabaseCache")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/1")
    assert environment.cache()["BACKEND"].endswith("RedisCache")


def test_unknown_cache_url_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("CACHE_URL", "memcached://somewhere")
    with pytest.raises(ValueError, match="CACHE_URL must be"):
        environment.cache()


@pytest.mark.parametrize(
    ("value", "expected"), [("1", True), ("TRUE", True), ("0", False), ("", False)]
)
def test_flags(monkeypatch, value, expected):
    monkeypatch.setenv("KCINEMA_TEST_FLAG", value)
    assert environment.flag("KCINEMA_TEST_FLAG") is expected


def test_debug_is_off_unless_asked(settings):
    assert settings.DEBUG is False


def test_integer_settings_read_whole_numbers_and_default_when_unset(monkeypatch):
    monkeypatch.delenv("KCINEMA_TEST_NUMBER", raising=False)
    assert environment.integer("KCINEMA_TEST_NUMBER", 300) == 300
    monkeypatch.setenv("KCINEMA_TEST_NUMBER", " 0 ")
    assert environment.integer("KCINEMA_TEST_NUMBER", 300) == 0
    monkeypatch.setenv("KCINEMA_TEST_NUMBER", "")
    assert environment.integer("KCINEMA_TEST_NUMBER", 300) == 300


@pytest.mark.parametrize(
    ("value", "message"),
    [("ten", "must be a whole number, not 'ten'"), ("1.5", "whole number"), ("-1", "at least 0")],
)
def test_integer_settings_refuse_anything_else_naming_the_setting(monkeypatch, value, message):
    monkeypatch.setenv("KCINEMA_TEST_NUMBER", value)
    with pytest.raises(ValueError, match=message) as refused:
        environment.integer("KCINEMA_TEST_NUMBER", 300)
    assert "KCINEMA_TEST_NUMBER" in str(refused.value)


def test_a_retired_setting_stops_the_start_naming_its_replacement(monkeypatch):
    monkeypatch.setenv("KCINEMA_BEHIND_PROXY", "1")
    with pytest.raises(ValueError, match="KCINEMA_TRUSTED_PROXIES"):
        environment.retired("KCINEMA_BEHIND_PROXY", "KCINEMA_TRUSTED_PROXIES=1")
    monkeypatch.setenv("KCINEMA_BEHIND_PROXY", "")
    environment.retired("KCINEMA_BEHIND_PROXY", "KCINEMA_TRUSTED_PROXIES=1")

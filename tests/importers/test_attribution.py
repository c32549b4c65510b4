"""When TMDB's logo and notice are owed, and when a value read from TMDB is too old to keep."""

from datetime import UTC, datetime, timedelta

from importers import attribution

NOW = datetime(2026, 8, 31, 12, 0, tzinfo=UTC)


def test_a_tmdb_key_means_the_site_shows_tmdbs_data(settings):
    settings.TMDB_API_KEY, settings.TMDB_ATTRIBUTION = "key", False
    assert attribution.tmdb_attribution_needed()


def test_the_operators_setting_keeps_the_credit_without_a_key(settings):
    settings.TMDB_API_KEY, settings.TMDB_ATTRIBUTION = "", True
    assert attribution.tmdb_attribution_needed()


def test_no_key_and_no_setting_owes_tmdb_nothing(settings):
    settings.TMDB_API_KEY, settings.TMDB_ATTRIBUTION = "", False
    assert not attribution.tmdb_attribution_needed()


def test_values_are_read_again_from_150_days_and_dropped_from_180():
    assert attribution.tmdb_refresh_before(NOW) == NOW - timedelta(days=150)
    assert attribution.tmdb_expired_before(NOW) == NOW - timedelta(days=180)


def test_180_days_is_inside_any_six_calendar_months():
    # The shortest run of six calendar months: September to February in a common year.
    shortest = datetime(2027, 3, 1, tzinfo=UTC) - datetime(2026, 9, 1, tzinfo=UTC)
    assert shortest > attribution.KEEP_AT_MOST

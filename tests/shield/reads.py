"""What the firewall costs every request in queries, for the pages' query-count tests: one read
of the shared cache (the lists' snapshot and the source's block together), which is a query on
the database cache and none on Redis."""

from django.conf import settings


def firewall_queries() -> int:
    return 0 if settings.CACHES["default"]["BACKEND"].endswith("RedisCache") else 1


FIREWALL_QUERIES = firewall_queries()

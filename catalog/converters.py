"""URL converters for the catalogue's addresses."""


class UnicodeSlugConverter:
    """Slugs in any script, so a hangul-only slug such as 7번방의-선물-2013 still resolves."""

    regex = r"[-\w]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class DecadeConverter:
    """/decades/1990s/: a year ending in 0, followed by s."""

    regex = r"[0-9]{3}0s"

    def to_python(self, value: str) -> int:
        return int(value[:-1])

    def to_url(self, value: int) -> str:
        return f"{int(value)}s"

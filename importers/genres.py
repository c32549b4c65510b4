"""The genres imports file films under: kcinema's slug, English and Korean names. Each reader
maps its source's genres onto these slugs (a table in the reader, with its citation) and
drops the ones it cannot map; importers.apply creates a genre the first time a film has it."""

# slug: (English name, Korean name). The first fifteen are the demo's; the Korean names are
# KOBIS's genre names (searchMovieInfo genres[].genreNm) where KOBIS has the genre.
GENRES: dict[str, tuple[str, str]] = {
    "action": ("Action", "액션"),
    "animation": ("Animation", "애니메이션"),
    "comedy": ("Comedy", "코미디"),
    "crime": ("Crime", "범죄"),
    "disaster": ("Disaster", "재난"),
    "drama": ("Drama", "드라마"),
    "family": ("Family", "가족"),
    "fantasy": ("Fantasy", "판타지"),
    "historical": ("Historical", "사극"),
    "horror": ("Horror", "공포"),
    "mystery": ("Mystery", "미스터리"),
    "romance": ("Romance", "로맨스"),
    "science-fiction": ("Science fiction", "SF"),
    "thriller": ("Thriller", "스릴러"),
    "war": ("War", "전쟁"),
    "adventure": ("Adventure", "어드벤처"),
    "documentary": ("Documentary", "다큐멘터리"),
    "musical": ("Musical", "뮤지컬"),
    "music": ("Music", "음악"),
    "western": ("Western", "서부극"),
    "martial-arts": ("Martial arts", "무협"),
}

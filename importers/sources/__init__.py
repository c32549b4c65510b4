"""One reader per source: each turns the source's own documented format into
importers.records (FilmRecord, PersonRecord), and knows nothing of the database."""

"""kcinema: a self-hosted website engine for a Korean film library."""

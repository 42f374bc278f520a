"""Team mode: one PostgreSQL server per shop, every desk's SQLite file its offline copy. psycopg only here."""

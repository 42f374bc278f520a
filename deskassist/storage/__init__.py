"""The only package that talks to SQLite (sqlite3 / sqlite_utils)."""

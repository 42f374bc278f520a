"""The schema, built by named migrations (sqlite-utils Migrations). Append new steps; never edit old ones."""

from __future__ import annotations

import sqlite_utils
from sqlite_utils import Migrations

from deskassist.storage.database import MIGRATION_SET

migrations = Migrations(MIGRATION_SET)


@migrations()
def m001_phrases(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE categories (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            position INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE phrases (
            id INTEGER PRIMARY KEY,
            category_id INTEGER NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
            title TEXT NOT NULL,
            body TEXT NOT NULL,
            code TEXT UNIQUE,
            pinned INTEGER UNIQUE CHECK (pinned BETWEEN 1 AND 9),
            uses INTEGER NOT NULL DEFAULT 0,
            last_used TEXT,
            created TEXT NOT NULL,
            updated TEXT NOT NULL,
            groups TEXT NOT NULL DEFAULT '',
            title_pinyin TEXT NOT NULL DEFAULT '',
            title_initials TEXT NOT NULL DEFAULT '',
            body_pinyin TEXT NOT NULL DEFAULT '',
            body_initials TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX phrases_category ON phrases(category_id);
        CREATE TABLE phrase_uses (
            id INTEGER PRIMARY KEY,
            phrase_id INTEGER REFERENCES phrases(id) ON DELETE SET NULL,
            category TEXT NOT NULL,
            agent TEXT NOT NULL DEFAULT '',
            at TEXT NOT NULL
        );
        CREATE INDEX phrase_uses_at ON phrase_uses(at);
        """
    )

"""Errors that carry a message meant for the user (already translated)."""


class UserError(Exception):
    """A problem the user can fix; the CLI prints it as one line and exits 1, the UI shows it."""


class DatabaseError(UserError):
    """The database file is not a DeskAssist database, or is damaged; it is left untouched."""

"""All PySide6 widgets and Qt item models."""

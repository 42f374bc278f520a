"""Managing the phrase library: manager window, editor, list models, import/export."""

"""Data files: icons, translations, the default phrase pack."""

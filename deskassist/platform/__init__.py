"""Platform adapters (X11, Windows) behind the small ports declared in deskassist.core.ports."""
